"""Keys bound to their workspace: a fingerprint recorded beside the data, checked on open.

A workspace records a fingerprint of its two keys (never the keys) in its ``meta`` table,
and a key file records which workspace its keys belong to. Opening a workspace with keys
whose fingerprint differs is refused before anything is read or written, so a wrong key
file can never seal personal data or log entries under another workspace's keys (the log
would then read "entry N was altered" for ever). A workspace made before fingerprints
existed is bound on its first open, once its first log entry verifies under the key.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from skiptrace.searchlog.encoding import canonical, entry_hash
from skiptrace.searchlog.log import SearchLog
from skiptrace.store import schema
from skiptrace.workspace.keys import FileKeyStore, KeyStore

FINGERPRINT = "key_fingerprint"
KEY_OWNER = "workspace_id"  # the entry of a key file naming the workspace it belongs to


class KeysMismatch(RuntimeError):
    """The keys offered do not belong to the workspace being opened."""


def fingerprint(log_key: bytes, pii_key: bytes) -> str:
    """A one-way fingerprint of a workspace's two keys (safe to store beside the data)."""
    return hashlib.sha256(b"skiptrace key fingerprint v1\0" + log_key + pii_key).hexdigest()


def key_owner(keys: KeyStore) -> str | None:
    """The workspace a key file says its keys belong to (keychain entries are per id)."""
    if isinstance(keys, FileKeyStore):
        return keys.get(KEY_OWNER)
    return None


def refuse_foreign_key_file(keys: KeyStore, workspace_id: str) -> None:
    """Refuse to create a workspace over a key file that holds another workspace's keys."""
    if not isinstance(keys, FileKeyStore) or not keys.has_keys():
        return
    owner = keys.get(KEY_OWNER)
    if owner == workspace_id:
        return
    whose = f"workspace {owner}" if owner else "another workspace"
    raise KeysMismatch(
        f"the key file {keys.path} already holds the keys of {whose}; a new workspace "
        "never reuses another's keys: choose a new key file"
    )


def record(conn: sa.Connection, print_: str) -> None:
    """Write the keys' fingerprint into the workspace (in the caller's transaction)."""
    conn.execute(schema.meta.insert(), [{"key": FINGERPRINT, "value": print_}])


def claim_key_file(keys: KeyStore, workspace_id: str) -> None:
    """Name the workspace a key file's keys belong to (keychain entries are per id)."""
    if isinstance(keys, FileKeyStore) and keys.get(KEY_OWNER) != workspace_id:
        keys.set(KEY_OWNER, workspace_id)


def check(
    engine: sa.Engine,
    keys: KeyStore,
    workspace_id: str,
    log: SearchLog,
    log_key: bytes,
    pii_key: bytes,
) -> None:
    """Refuse keys that are not this workspace's; bind an older workspace on first open."""
    print_ = fingerprint(log_key, pii_key)
    with engine.connect() as conn:
        stored = conn.scalar(sa.select(schema.meta.c.value).where(schema.meta.c.key == FINGERPRINT))
    if stored == print_:
        return
    if stored is None and _oldest_entry_verifies(log, log_key):
        with engine.begin() as conn:
            record(conn, print_)
        claim_key_file(keys, workspace_id)
        return
    owner = key_owner(keys)
    belongs = (
        f"they belong to workspace {owner}"
        if owner and owner != workspace_id
        else "they belong to no workspace this desktop knows"
    )
    raise KeysMismatch(
        f"the key does not belong to this workspace ({workspace_id}): the keys in the "
        f"{keys.describe()} do not match the fingerprint it recorded; {belongs}. Nothing "
        "was read or written. Open it with its own key file or keychain entry."
    )


def _oldest_entry_verifies(log: SearchLog, log_key: bytes) -> bool:
    # every entry's HMAC covers its own content and its predecessor's hash, so one entry
    # checks the key; the oldest is used because a retention archive may have taken entry 1
    first = next(iter(log.entries()), None)
    if first is None:
        return True  # an empty log: nothing was ever sealed, so nothing can be at odds
    message = canonical(
        first.seq, first.ts, first.user, first.workstation, first.app_version, first.event,
        first.account_id, first.subject_type, ",".join(first.purposes), first.purpose_source,
        first.justification, first.prev_hash, first.details_json,
    )  # fmt: skip
    return entry_hash(log_key, message) == first.hash
