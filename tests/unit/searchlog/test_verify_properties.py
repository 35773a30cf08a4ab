"""Property: whatever is edited in a JSONL export, the offline verifier catches it and
names the first entry that differs from what the log wrote.

The export is made once through the real CLI (``log export``); hypothesis then edits
it: a field set to another value, one character replaced, a line deleted, two lines
swapped, a line duplicated, a line cut short, a foreign line inserted. Cutting entries off
the end is the one edit an export alone cannot show (nothing follows the last entry): the
log's head record and anchors catch that, and ``test_audit_tamper`` covers it.
"""

from __future__ import annotations

import base64
import json
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skiptrace import verify
from skiptrace.model import Workstation
from skiptrace.store.engine import to_url
from skiptrace.workspace.keys import LOG_KEY, FileKeyStore, require_key
from skiptrace.workspace.workspace import create_workspace
from tests.helpers.loggen import bulk_append, search

ENTRIES = 12
FIELDS = ("ts", "user", "workstation", "app_version", "event", "account_id", "subject_type",
          "purposes", "purpose_source", "justification", "prev_hash", "hash")  # fmt: skip


@cache
def _original() -> tuple[tuple[str, ...], bytes, Path]:
    """The export's lines, the log key and a scratch folder (made once for the run)."""
    root = Path(tempfile.mkdtemp(prefix="skiptrace-verify-"))
    keys = FileKeyStore(root / "w.keys")
    ws = create_workspace(
        to_url(str(root / "w.sqlite")), actor=Workstation("tester", "h", "0"),
        key_file=keys.path,
    )  # fmt: skip
    bulk_append(
        ws,
        [search(f"2026-03-02T10:{m:02d}:00.000000Z", "alice", f"A-{m}", "Zoë Ünal")
         for m in range(ENTRIES - 1)],
    )  # fmt: skip
    from skiptrace.searchlog.export import write_jsonl

    out = root / "log.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        write_jsonl(ws.log.entries(), fh)
    key = require_key(keys, LOG_KEY)
    ws.close()
    lines = tuple(line for line in out.read_text(encoding="utf-8").splitlines() if line)
    assert len(lines) == ENTRIES
    return lines, key, root


def _check(tmp: Path, lines: list[str], key: bytes) -> verify.Result:
    path = tmp / "edited.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return verify.walk(path, key)


def _first_difference(original: tuple[str, ...], edited: list[str]) -> int:
    for i, (a, b) in enumerate(zip(original, edited, strict=False)):
        if a != b:
            return i + 1
    return min(len(original), len(edited)) + 1


edit = st.one_of(
    st.tuples(st.just("field"), st.integers(0, ENTRIES - 1), st.sampled_from(FIELDS),
              st.text(min_size=1, max_size=12)),
    st.tuples(st.just("details"), st.integers(0, ENTRIES - 1), st.text(max_size=8),
              st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none())),
    st.tuples(st.just("char"), st.integers(0, ENTRIES - 1), st.integers(0, 10_000),
              st.characters(blacklist_categories=("Zs", "Cc", "Cs"))),
    st.tuples(st.just("delete"), st.integers(0, ENTRIES - 2)),
    st.tuples(st.just("swap"), st.integers(0, ENTRIES - 2)),
    st.tuples(st.just("duplicate"), st.integers(0, ENTRIES - 1)),
    st.tuples(st.just("cut"), st.integers(0, ENTRIES - 1), st.integers(1, 200)),
    st.tuples(st.just("insert"), st.integers(0, ENTRIES - 1), st.text(min_size=1, max_size=40)),
)  # fmt: skip


def _apply(lines: list[str], change: tuple) -> list[str] | None:  # type: ignore[type-arg]
    kind, i = change[0], change[1]
    if kind == "field":
        rec = json.loads(lines[i])
        if rec[change[2]] == change[3]:
            return None
        rec[change[2]] = change[3]
        lines[i] = json.dumps(rec, ensure_ascii=False)
    elif kind == "details":
        rec = json.loads(lines[i])
        if change[2] in rec["details"] and rec["details"][change[2]] == change[3]:
            return None
        rec["details"][change[2]] = change[3]
        lines[i] = json.dumps(rec, ensure_ascii=False)
    elif kind == "char":
        spots = [p for p, ch in enumerate(lines[i]) if not ch.isspace()]
        p = spots[change[2] % len(spots)]
        if lines[i][p] == change[3]:
            return None
        lines[i] = lines[i][:p] + change[3] + lines[i][p + 1 :]
    elif kind == "delete":
        del lines[i]
    elif kind == "swap":
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "duplicate":
        lines.insert(i + 1, lines[i])
    elif kind == "cut":
        lines[i] = lines[i][: max(0, len(lines[i]) - change[2])] or "{"
    elif kind == "insert":
        if not change[2].strip():
            return None
        lines.insert(i, change[2])
    return lines


def _same_content(a: str, b: str) -> bool:
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return False


@settings(max_examples=300, deadline=None)
@given(change=edit)
def test_every_edit_is_caught_and_the_first_bad_entry_named(change) -> None:  # type: ignore[no-untyped-def]
    original, key, scratch = _original()
    edited = _apply(list(original), change)
    if edited is None:
        return  # the "edit" changed nothing
    first = _first_difference(original, edited)
    if (
        first <= len(original)
        and first <= len(edited)
        and _same_content(original[first - 1], edited[first - 1])
        and len(original) == len(edited)
    ):
        return  # the same JSON written differently (e.g. an escape): nothing was edited
    result = _check(scratch, edited, key)
    assert not result.ok, change
    assert result.first_bad == first, (change, result.problem)


def test_the_unedited_export_verifies() -> None:
    original, key, scratch = _original()
    result = _check(scratch, list(original), key)
    assert result.ok and result.entries == ENTRIES
    assert base64.b64encode(key)  # the key really is the workspace's
