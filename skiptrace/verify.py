"""Offline verifier for a JSONL export of the skiptrace search log. Standard library only.

    python -m skiptrace.verify EXPORT.jsonl --key-file LOG-KEY.json

An auditor can also copy this single file and run ``python3 verify.py ...``: it imports
nothing from skiptrace or any third-party package.

Each line of the export is one entry (``skiptrace-cli log export --format jsonl``). An
entry's ``hash`` is HMAC-SHA-256, under the workspace's log key, of its canonical form:
the compact JSON array ``[1, seq, ts, user, workstation, app_version, event, account_id,
subject_type, purposes, purpose_source, justification, prev_hash]``, a newline, and its
``details`` as compact JSON with sorted keys (UTF-8, non-ASCII kept as is). ``prev_hash``
must equal the previous entry's ``hash`` (64 zeros before entry 1).

The key file (``skiptrace-cli log export-key --out K``) is JSON with the base64 key under
``"key"``; a workspace key file (``"log-key"``) or a file holding only the base64 key
also work.

An export that starts after entry 1 continues from archived entries; it is intact when it
holds the ``log.archived`` entry that records the archive's last entry, or when
``--follows`` names the earlier export or archive it continues. ``--partial`` checks a
filtered export: each entry's HMAC, and links only between consecutive entries.

Exit status: 0 intact, 3 broken (naming the first bad entry), 2 unusable input.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
GENESIS = "0" * 64
ARCHIVED_EVENT = "log.archived"
# The entry's fields in their hashed order: skiptrace.searchlog.encoding.ENTRY_FIELDS,
# copied so this file stands alone (a test holds the two copies to the same list).
FIELDS = ("seq", "ts", "user", "workstation", "app_version", "event", "account_id",
          "subject_type", "purposes", "purpose_source", "justification", "details",
          "prev_hash", "hash")  # fmt: skip


class Unusable(Exception):
    """The key file or export cannot be read at all."""


@dataclass(frozen=True)
class Result:
    """What the walk found."""

    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    first_bad: int | None = None
    problem: str = ""
    note: str = ""

    def summary(self, key_source: str) -> str:
        """One line, worded like ``skiptrace-cli log verify``."""
        if self.ok:
            return (
                f"chain intact: {self.entries} entries, head {self.head_hash} "
                f"(seq {self.head_seq}; key from {key_source})"
            )
        return f"chain broken at entry {self.first_bad}: {self.problem} (key from {key_source})"


def load_key(path: Path) -> bytes:
    """The 32-byte log key from a key file (see the module docstring for the formats)."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise Unusable(f"cannot read key file {path}: {exc.strerror}") from None
    value = text
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            raise Unusable(f"key file {path} is not valid JSON") from None
        value = str(data.get("key") or data.get("log-key") or "")
    try:
        key = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise Unusable(f"key file {path} holds no base64 log key") from None
    if len(key) != 32:
        raise Unusable(f"key file {path}: the log key must be 32 bytes, not {len(key)}")
    return key


def canonical(rec: dict[str, Any]) -> bytes:
    """The bytes an entry record's HMAC is computed over (see the module docstring)."""
    head = json.dumps(
        [FORMAT_VERSION, *(rec[f] for f in FIELDS[:11]), rec["prev_hash"]],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    details = json.dumps(rec["details"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (head + "\n" + details).encode("utf-8")


def entry_digest(key: bytes, rec: dict[str, Any]) -> str:
    """The HMAC an entry record should carry."""
    return hmac.new(key, canonical(rec), hashlib.sha256).hexdigest()


def records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, entry record or None when the line is not a well-formed entry)."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise Unusable(f"cannot read export {path}: {exc.strerror}") from None
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                ok = isinstance(rec, dict) and all(f in rec for f in FIELDS)
                ok = ok and isinstance(rec["seq"], int) and isinstance(rec["details"], dict)
            except ValueError:
                ok = False
            yield number, (rec if ok else None)


def last_entry(path: Path) -> tuple[int, str]:
    """Sequence number and hash of an export's last entry."""
    last: tuple[int, str] | None = None
    for _, rec in records(path):
        if rec is not None:
            last = (rec["seq"], rec["hash"])
    if last is None:
        raise Unusable(f"{path} holds no entries")
    return last


def _archive_claims(path: Path) -> set[tuple[int, str]]:
    """What the export's archive entries say was archived (checked later, in the walk)."""
    return {_claim(rec) for _, rec in records(path) if rec and rec["event"] == ARCHIVED_EVENT}


def _claim(rec: dict[str, Any]) -> tuple[int, str]:
    d = rec["details"]
    seq = d.get("through_seq", -1)
    return (seq if isinstance(seq, int) else -1), str(d.get("through_hash", ""))


def _unbacked_start(
    missing: int, count: int = 0, head_seq: int = 0, head_hash: str = GENESIS
) -> Result:
    return Result(
        False, count, head_seq, head_hash, 1,
        f"entries 1 to {missing} are missing and no {ARCHIVED_EVENT} entry in this "
        "export records them as archived (give the earlier export with --follows)",
    )  # fmt: skip


def walk(
    path: Path, key: bytes, partial: bool = False, follows: tuple[int, str] | None = None
) -> Result:
    """Check every entry of an export in order; stop at the first bad one."""
    count, prev_seq, prev_hash = 0, 0, GENESIS
    first: dict[str, Any] | None = None
    archives: set[tuple[int, str]] = set()
    for number, rec in records(path):
        if rec is None:
            return Result(
                False, count, prev_seq, prev_hash, prev_seq + 1,
                f"line {number} is not a well-formed log entry",
            )  # fmt: skip
        seq = rec["seq"]
        if first is None:
            first = rec
            if follows is not None:
                prev_seq, prev_hash = follows
            elif seq > 1 or partial:
                prev_seq, prev_hash = seq - 1, rec["prev_hash"]
            unbacked = seq > 1 and not partial and follows is None
            if unbacked and (seq - 1, rec["prev_hash"]) not in _archive_claims(path):
                return _unbacked_start(seq - 1)
        if seq <= prev_seq:  # named by its place, as ``log verify`` names it
            return Result(
                False, count, prev_seq, prev_hash, prev_seq + 1,
                f"entry {seq} appears out of order after entry {prev_seq}",
            )  # fmt: skip
        if seq > prev_seq + 1 and not partial:
            return Result(
                False, count, prev_seq, prev_hash, prev_seq + 1,
                f"entry {prev_seq + 1} is missing (the next entry present is {seq})",
            )  # fmt: skip
        if seq == prev_seq + 1 and rec["prev_hash"] != prev_hash:
            return Result(
                False, count, prev_seq, prev_hash, seq,
                f"entry {seq} does not follow entry {seq - 1}: its previous-hash does not "
                "match (entries were inserted, removed, reordered or the one before changed)",
            )  # fmt: skip
        claimed = str(rec["hash"]).encode("utf-8")  # bytes: any text an editor left there
        if not hmac.compare_digest(entry_digest(key, rec).encode("ascii"), claimed):
            return Result(
                False, count, prev_seq, prev_hash, seq,
                f"entry {seq} was altered: its content does not match its hash",
            )  # fmt: skip
        if rec["event"] == ARCHIVED_EVENT:
            archives.add(_claim(rec))
        count += 1
        prev_seq, prev_hash = seq, rec["hash"]
    if first is None:
        return Result(True, 0, 0, GENESIS, note="the export holds no entries")
    note = ""
    start = (first["seq"] - 1, first["prev_hash"])
    if partial:
        note = "partial export: each entry's hash checked, links only between neighbours"
    elif follows is not None:
        note = f"continues from entry {follows[0]} of the earlier export"
    elif start[0] > 0:
        if start not in archives:
            return _unbacked_start(start[0], count, prev_seq, prev_hash)
        note = f"entries 1 to {start[0]} were archived; this export records their head"
    return Result(True, count, prev_seq, prev_hash, note=note)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: verify one export; print one line (and a note); exit 0, 3 or 2."""
    parser = argparse.ArgumentParser(
        prog="python -m skiptrace.verify",
        description="Check the hash chain of a skiptrace search-log export (JSONL) offline.",
    )
    parser.add_argument("export", type=Path, metavar="FILE", help="the JSONL export")
    parser.add_argument("--key-file", type=Path, required=True, metavar="K", help="log key file")
    parser.add_argument("--partial", action="store_true", help="a filtered export: allow gaps")
    parser.add_argument(
        "--follows", type=Path, metavar="EARLIER", help="the export or archive this one continues"
    )
    parser.add_argument(
        "--expect-head", metavar="HASH", help="the head hash the export must end at"
    )
    args = parser.parse_args(argv)
    try:
        key = load_key(args.key_file)
        follows = last_entry(args.follows) if args.follows else None
        result = walk(args.export, key, partial=args.partial, follows=follows)
    except Unusable as exc:
        print(f"verify: {exc}", file=sys.stderr)
        return 2
    source = f"key file {args.key_file}"
    if result.ok and args.expect_head and result.head_hash != args.expect_head.lower():
        print(
            f"chain intact but its head {result.head_hash} (seq {result.head_seq}) is not the "
            f"expected head {args.expect_head}: the export is not the one recorded"
        )
        return 3
    print(result.summary(source))
    if result.note:
        print(f"note: {result.note}")
    return 0 if result.ok else 3


if __name__ == "__main__":
    raise SystemExit(main())
