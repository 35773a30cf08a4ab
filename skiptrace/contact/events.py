"""The search-log event names of the contact part (one copy of each name)."""

from __future__ import annotations

CONTACT_ATTEMPT = "contact.attempt"
CONTACT_PROFILE = "contact.profile"
PII_USED = "pii.used"
SCRA_RESULT = "scra.result"
