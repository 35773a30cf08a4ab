"""Everything a connector may use from skiptrace, and nothing else of the core.

A connector is a class registered under the entry-point group ``skiptrace.connectors``::

    [project.entry-points."skiptrace.connectors"]
    my_source = "my_package.my_module:MySource"

with a ``manifest`` (``Manifest``, whose ``id`` equals the entry-point name) and one
method ``search(query: Query, context: Context) -> Outcome``. It is constructed with no
arguments. Its settings (``context.settings``: ``base_url``, ``timeout``, its own keys)
and credentials (``context.secret(name)``, from the OS keychain) come with the context.

Use ``request`` / ``get_json`` for HTTP: they apply the connector's rate limit, the
deadline, cancel, retries for idempotent requests (honouring ``Retry-After``), the
response size cap, follow redirects only within the origin asked, and turn every failure
into the right status. Use ``dig`` to read the answer so that a changed API shows up as
``bad_response`` naming the field; ``person_candidate`` (with ``seen_address``,
``seen_phone``, ``parse_date``) to turn a record into a candidate. Return
``found(manifest.id, candidates)`` or raise ``SourceFailure``; never put a secret, a full
SSN or the query text in a message.

Run the contract suite, ``skiptrace.testing.ConnectorContract`` (a pytest plugin installed
with skiptrace), in your connector's tests to check it keeps the rules.
"""

from __future__ import annotations

from skiptrace.candidate import (
    REASSIGNED_STATUS,
    About,
    Candidate,
    Flag,
    LeadKind,
    SeenAddress,
    SeenPhone,
)
from skiptrace.model import Address, SubjectType
from skiptrace.resources import resource
from skiptrace.sources.context import (
    AccountHistory,
    Context,
    Credentials,
    HistoryReader,
    PastDisposition,
    PastLead,
    TokenBucket,
    missing_secret_message,
    parse_bool,
)
from skiptrace.sources.http import (
    MAX_REDIRECTS,
    HttpAnswer,
    get_json,
    request,
    retry_after_seconds,
    where,
)
from skiptrace.sources.model import (
    API_VERSION,
    BadResponse,
    CancelToken,
    Manifest,
    Outcome,
    Query,
    QueryField,
    RateLimit,
    SourceFailure,
    Status,
    found,
)
from skiptrace.sources.phone_answer import PhoneAnswer
from skiptrace.sources.records import (
    PERSON_FIELDS,
    PERSON_LEADS,
    bankruptcy,
    iso_date,
    parse_date,
    person_candidate,
    phone_asked_date,
    seen_address,
    seen_phone,
    strings,
    us_phone,
)
from skiptrace.sources.registry import ENTRY_POINT_GROUP, Connector
from skiptrace.sources.shape import dig, lookup, text

__all__ = [
    "API_VERSION",
    "ENTRY_POINT_GROUP",
    "MAX_REDIRECTS",
    "PERSON_FIELDS",
    "PERSON_LEADS",
    "REASSIGNED_STATUS",
    "About",
    "AccountHistory",
    "Address",
    "BadResponse",
    "CancelToken",
    "Candidate",
    "Connector",
    "Context",
    "Credentials",
    "Flag",
    "HistoryReader",
    "HttpAnswer",
    "LeadKind",
    "Manifest",
    "Outcome",
    "PastDisposition",
    "PastLead",
    "PhoneAnswer",
    "Query",
    "QueryField",
    "RateLimit",
    "SeenAddress",
    "SeenPhone",
    "SourceFailure",
    "Status",
    "SubjectType",
    "TokenBucket",
    "bankruptcy",
    "dig",
    "found",
    "get_json",
    "iso_date",
    "lookup",
    "missing_secret_message",
    "parse_bool",
    "parse_date",
    "person_candidate",
    "phone_asked_date",
    "request",
    "resource",
    "retry_after_seconds",
    "seen_address",
    "seen_phone",
    "strings",
    "text",
    "us_phone",
    "where",
]
