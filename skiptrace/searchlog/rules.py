"""The chain rules: what makes a run of stored entries intact, and what breaks it.

An entry is intact when its sequence number follows the one before (no gap, no
reordering), its ``prev_hash`` is the previous entry's hash, and its ``hash`` is the HMAC
of its canonical form. ``verify_rows`` applies the rules to rows as read; ``walk`` feeds
it rows fast, ``verification`` turns what it found into a report.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from skiptrace.searchlog.encoding import canonical_row
from skiptrace.searchlog.entry import Head


@dataclass
class ChainWalk:
    """What walking a run of entries found: count, last good head, first problem."""

    entries: int
    head: Head
    first_bad: int | None
    problem: str
    hashes: dict[int, str]


def missing(expected: int, present: int) -> str:
    """The problem when entry ``expected`` is absent and ``present`` comes next."""
    return f"entry {expected} is missing (the next entry present is {present})"


def unlinked(seq: int) -> str:
    """The problem when entry ``seq`` does not carry the previous entry's hash."""
    return (
        f"entry {seq} does not follow entry {seq - 1}: its previous-hash does not match "
        "(entries were inserted, removed, reordered or the one before changed)"
    )


def verify_rows(
    rows: Iterable[Any], key: bytes, start: Head, want: frozenset[int] = frozenset()
) -> ChainWalk:
    """Check a run of raw rows (columns in ``ENTRY_COLUMNS`` order) against the chain rules.

    Hashes of the entries whose sequence numbers are in ``want`` are kept, to compare
    with recorded heads afterwards.
    """
    expected_seq = start.seq + 1
    prev = start.hash
    count = 0
    digest = hmac.digest
    sha256 = hashlib.sha256
    hashes: dict[int, str] = {}
    for row in rows:
        seq = row[0]
        if seq != expected_seq:
            problem = (
                missing(expected_seq, seq)
                if seq > expected_seq
                else f"entry {seq} appears out of order after entry {expected_seq - 1}"
            )
            return ChainWalk(count, Head(expected_seq - 1, prev), expected_seq, problem, hashes)
        if row[12] != prev:
            return ChainWalk(count, Head(seq - 1, prev), seq, unlinked(seq), hashes)
        if digest(key, canonical_row(row), sha256).hex() != row[13]:
            return ChainWalk(
                count,
                Head(seq - 1, prev),
                seq,
                f"entry {seq} was altered: its content does not match its hash",
                hashes,
            )
        prev = row[13]
        count += 1
        if seq in want:
            hashes[seq] = prev
        expected_seq = seq + 1
    return ChainWalk(count, Head(expected_seq - 1, prev), None, "", hashes)
