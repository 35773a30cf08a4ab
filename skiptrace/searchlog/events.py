"""Every event name the search log records, in one place.

The log accepts any name, so a new feature adds its events here (and nowhere else);
``skiptrace/verify.py`` keeps its own copy of ``LOG_ARCHIVED`` to stay standard-library
only, and a test holds the two to the same text.
"""

from __future__ import annotations

# a search and its purpose gate
SEARCH_STARTED = "search.started"
SEARCH_COMPLETED = "search.completed"
SEARCH_REFUSED = "search.refused"

# working an account
LEAD_DISPOSITION = "lead.disposition"
PII_REVEALED = "pii.revealed"
ACCOUNT_NOTE = "account.note"  # a collector's research note on an account
PORTFOLIO_IMPORTED = "portfolio.imported"
IMPORT_PROFILE_SAVED = "import.profile_saved"
DPPA_REDISCLOSED = "dppa.redisclosed"

# compliance review and the log itself
REVIEW_SIGNOFF = "review.signoff"
ANOMALY_ACKNOWLEDGED = "review.anomaly_acknowledged"
ANOMALY_RESOLVED = "review.anomaly_resolved"
ANOMALY_ESCALATED = "review.anomaly_escalated"
LOG_EXPORTED = "log.exported"
LOG_ARCHIVED = "log.archived"
LOG_KEY_EXPORTED = "log.key_exported"

# the workspace and its team
WORKSPACE_CREATED = "workspace.created"
WORKSPACE_MIGRATED = "workspace.migrated"
MEMBER_ADDED = "team.member_added"
MEMBER_CHANGED = "team.member_changed"
MEMBER_REMOVED = "team.member_removed"
KEYS_EXPORTED = "team.keys_exported"

# contact with the consumer (skiptrace.contact): calls, contact facts, SCRA
CONTACT_ATTEMPT = "contact.attempt"
CONTACT_PROFILE = "contact.profile"
PII_USED = "pii.used"  # full SSN / DOB decrypted for a file (an SCRA request), with a purpose
SCRA_RESULT = "scra.result"

# batch runs: one purpose over many accounts, and a vendor's files
BATCH_STARTED = "batch.started"
BATCH_RESUMED = "batch.resumed"
BATCH_COMPLETED = "batch.completed"
BATCH_REQUEST_FILE = "batch.request_file"

# data-source settings
CONNECTOR_CONFIGURED = "connector.configured"
CONNECTOR_SECRET_SET = "connector.secret_set"

EVENTS: frozenset[str] = frozenset(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
