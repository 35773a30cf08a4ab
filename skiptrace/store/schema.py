"""Every table of a workspace, defined once for SQLite and PostgreSQL alike.

Full SSNs and dates of birth are only ever stored encrypted (``*_enc`` columns); the
searchable forms are ``ssn_last4`` and ``birth_year``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


def _account_rows(name: str, *columns: sa.Column[Any], per_search: bool = False) -> sa.Table:
    """A table of rows each about one account (with ``per_search``, each found by one
    search): a row id, then the search id and the account id, each indexed, then ``columns``."""
    keys: list[sa.Column[Any]] = [sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)]
    if per_search:
        keys.append(sa.Column("search_id", sa.String(32), nullable=False, index=True))
    keys.append(sa.Column("account_id", sa.String(64), nullable=False, index=True))
    return sa.Table(name, metadata, *keys, *columns)


meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("scope", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("account_id", sa.String(64), primary_key=True),
    sa.Column("first_name", sa.Text, nullable=False, default=""),
    sa.Column("middle_name", sa.Text, nullable=False, default=""),
    sa.Column("last_name", sa.Text, nullable=False, default=""),
    sa.Column("suffix", sa.Text, nullable=False, default=""),
    sa.Column("dob_enc", sa.LargeBinary, nullable=True),
    sa.Column("birth_year", sa.Integer, nullable=True),
    sa.Column("ssn_enc", sa.LargeBinary, nullable=True),
    sa.Column("ssn_last4", sa.String(4), nullable=False, default=""),
    sa.Column("addresses", sa.Text, nullable=False, default="[]"),
    sa.Column("phones", sa.Text, nullable=False, default="[]"),
    sa.Column("emails", sa.Text, nullable=False, default="[]"),
    sa.Column("employer", sa.Text, nullable=False, default=""),
    sa.Column("creditor", sa.Text, nullable=False, default=""),
    sa.Column("balance", sa.String(32), nullable=False, default=""),
    sa.Column("assigned_to", sa.String(128), nullable=False, default=""),
    sa.Column("status", sa.String(32), nullable=False, default="open"),
    # lower-cased name, account id, phone digits and ZIPs: what filter-as-you-type scans
    sa.Column("search_text", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
)
sa.Index("ix_accounts_last_name", accounts.c.last_name)
sa.Index("ix_accounts_assigned", accounts.c.assigned_to)

account_history = _account_rows(
    "account_history",
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    # field names mapped to masked before/after values: never a full SSN or DOB
    sa.Column("changes", sa.Text, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("ts", sa.String(32), nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("workstation", sa.String(255), nullable=False),
    sa.Column("app_version", sa.String(32), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("account_id", sa.String(64), nullable=False),
    sa.Column("subject_type", sa.String(32), nullable=False),
    sa.Column("purposes", sa.Text, nullable=False),
    sa.Column("purpose_source", sa.String(16), nullable=False),
    sa.Column("justification", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
sa.Index("ix_audit_ts", audit_log.c.ts)
sa.Index("ix_audit_user_ts", audit_log.c.user_name, audit_log.c.ts)
sa.Index("ix_audit_account", audit_log.c.account_id)
sa.Index("ix_audit_event", audit_log.c.event)

# The chain head, updated in the same transaction as every append; on PostgreSQL its
# row lock serialises writers. A deleted tail no longer matches it.
log_head = sa.Table(
    "log_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

searches = sa.Table(
    "searches",
    metadata,
    sa.Column("search_id", sa.String(32), primary_key=True),
    sa.Column("account_id", sa.String(64), nullable=False, index=True),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("subject_type", sa.String(32), nullable=False),
    sa.Column("purposes", sa.Text, nullable=False),
    sa.Column("started_seq", sa.BigInteger, nullable=False),
    sa.Column("completed_seq", sa.BigInteger, nullable=True),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("completed_at", sa.String(32), nullable=True),
    sa.Column("state", sa.String(16), nullable=False),
    # per-connector outcome summaries as JSON
    sa.Column("outcomes", sa.Text, nullable=False, default="{}"),
)

candidates = _account_rows(
    "candidates",
    sa.Column("connector_id", sa.String(64), nullable=False),
    sa.Column("record_id", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    per_search=True,
)

leads = _account_rows(
    "leads",
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("lead_key", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False, default=0.0),
    sa.Column("payload", sa.Text, nullable=False),
    per_search=True,
)

dispositions = _account_rows(
    "dispositions",
    sa.Column("lead_kind", sa.String(32), nullable=False),
    sa.Column("lead_key", sa.Text, nullable=False),
    sa.Column("lead_value", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("search_id", sa.String(32), nullable=False, default=""),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("log_seq", sa.BigInteger, nullable=True),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("display_name", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.String(32), nullable=False),
)

# Compliance review (issue 6): the anomaly pass reads one event type over a date range,
# and review filters combine an event with a subject type.
sa.Index("ix_audit_event_ts", audit_log.c.event, audit_log.c.ts)
sa.Index("ix_audit_subject_seq", audit_log.c.subject_type, audit_log.c.seq)

# A collector's own surname and home address, so a review can flag searches on
# relatives or neighbours. Added in schema version 2.
users.append_column(sa.Column("last_name", sa.Text, nullable=False, server_default=""))
users.append_column(sa.Column("address", sa.Text, nullable=False, server_default=""))

# Contact (issue 14), schema version 3: what the account says about reaching the
# consumer, each call attempt (its log entry is the record; the row is for queries),
# and SCRA results per account.
contact_profiles = sa.Table(
    "contact_profiles",
    metadata,
    sa.Column("account_id", sa.String(64), primary_key=True),
    sa.Column("consent_date", sa.String(10), nullable=False, default=""),
    sa.Column("placement_date", sa.String(10), nullable=False, default=""),
    sa.Column("attorney", sa.Text, nullable=False, default=""),
    sa.Column("attorney_phone", sa.String(32), nullable=False, default=""),
    # the consumer's stated inconvenient times, JSON list of "[Mon-Fri] HH:MM-HH:MM"
    sa.Column("inconvenient", sa.Text, nullable=False, default="[]"),
    sa.Column("cease_contact", sa.Boolean, nullable=False, default=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("log_seq", sa.BigInteger, nullable=True),
)

contact_attempts = _account_rows(
    "contact_attempts",
    sa.Column("phone", sa.String(32), nullable=False),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("direction", sa.String(8), nullable=False),
    sa.Column("consumer_requested", sa.Boolean, nullable=False, default=False),
    sa.Column("third_party", sa.Text, nullable=False, default=""),
    sa.Column("exception", sa.String(32), nullable=False, default=""),
    sa.Column("called_at", sa.String(32), nullable=False),  # the time given (UTC)
    sa.Column("recorded_at", sa.String(32), nullable=False),  # the time of entry
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("override_reason", sa.Text, nullable=False, default=""),
    sa.Column("log_seq", sa.BigInteger, nullable=True),
)
sa.Index("ix_contact_attempts_called", contact_attempts.c.account_id, contact_attempts.c.called_at)

scra_results = _account_rows(
    "scra_results",
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("status_date", sa.String(10), nullable=False, default=""),
    sa.Column("active_duty_begin", sa.String(10), nullable=False, default=""),
    sa.Column("active_duty_end", sa.String(10), nullable=False, default=""),
    sa.Column("certificate_id", sa.String(32), nullable=False, default=""),
    sa.Column("loaded_at", sa.String(32), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False, default=""),
    sa.Column("log_seq", sa.BigInteger, nullable=True),
)

# Batch runs (issue 13), added in schema version 4. A batch is one stated purpose over many
# accounts; each account is a row of its queue, claimed by one worker at a time. Results
# hold counts and flags only (no names, no lead values): the leads are in ``leads``.
batches = sa.Table(
    "batches",
    metadata,
    sa.Column("batch_id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False, server_default="search"),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("subject_type", sa.String(32), nullable=False),
    sa.Column("purposes", sa.Text, nullable=False),
    sa.Column("justification", sa.Text, nullable=False),
    sa.Column("connectors", sa.Text, nullable=False, server_default="[]"),
    sa.Column("selection", sa.Text, nullable=False, server_default="{}"),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("started_seq", sa.BigInteger, nullable=True),
    sa.Column("completed_seq", sa.BigInteger, nullable=True),
    sa.Column("completed_at", sa.String(32), nullable=True),
)

batch_accounts = sa.Table(
    "batch_accounts",
    metadata,
    sa.Column("batch_id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("account_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("skip_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("worker_id", sa.String(128), nullable=False, server_default=""),
    sa.Column("claimed_at", sa.String(32), nullable=True),
    sa.Column("search_id", sa.String(32), nullable=False, server_default=""),
    sa.Column("finished_at", sa.String(32), nullable=True),
    sa.Column("result", sa.Text, nullable=False, server_default="{}"),
)
sa.Index("ix_batch_accounts_state", batch_accounts.c.batch_id, batch_accounts.c.state,
         batch_accounts.c.position)  # fmt: skip
sa.Index("ix_batch_accounts_account", batch_accounts.c.batch_id, batch_accounts.c.account_id)

# Desktops (processes) working a batch: a worker whose heartbeat is older than the claim
# timeout, or whose process on this host is gone, has its claims taken back.
batch_workers = sa.Table(
    "batch_workers",
    metadata,
    sa.Column("worker_id", sa.String(128), primary_key=True),
    sa.Column("batch_id", sa.String(32), nullable=False, index=True),
    sa.Column("user_name", sa.String(128), nullable=False),
    sa.Column("host", sa.String(255), nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("started_at", sa.String(32), nullable=False),
    sa.Column("heartbeat_at", sa.String(32), nullable=False),
    # the last heartbeat in seconds on the database's clock (``store.db_clock``): what the
    # claim timeout is measured by, whatever each desktop's own clock says
    sa.Column("heartbeat_mono", sa.Float, nullable=False, server_default="0"),
    sa.Column("state", sa.String(16), nullable=False),
)

# A connector's rate limit shared by every desktop of a team (schema version 6): the
# "theoretical arrival time" of its next request, in seconds on the database's clock, so
# that three desktops working one batch send at the source's rate, not three times it.
rate_limits = sa.Table(
    "rate_limits",
    metadata,
    sa.Column("connector_id", sa.String(64), primary_key=True),
    sa.Column("next_at", sa.Float, nullable=False),
)

# Accounts that are the same person (the same debtor owing on several accounts), found
# after an import; one row per direction so either account finds the other by its key.
# Added in schema version 5.
debtor_links = sa.Table(
    "debtor_links",
    metadata,
    sa.Column("account_id", sa.String(64), primary_key=True),
    sa.Column("other_id", sa.String(64), primary_key=True),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("linked_at", sa.String(32), nullable=False),
)
