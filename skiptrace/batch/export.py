"""The appended export: the batch's accounts with their best phones and addresses (rank
score, match probability, the one-line reason, sources, first and last seen) and flags,
as CSV or XLSX. Every text cell is formula-safe; the file is readable by its owner only
(it holds names, phones and addresses)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from skiptrace.batch.model import AccountResult
from skiptrace.batch.queue import BA, load_batch
from skiptrace.candidate import Candidate
from skiptrace.formula_safe import formula_safe, safe_text
from skiptrace.matching.leads import lead_value_key
from skiptrace.pii import create_private
from skiptrace.store import schema
from skiptrace.store.searches import load_candidates
from skiptrace.workspace.workspace import Workspace

BEST = 2  # phones and addresses per account
LEAD_FIELDS = ("", "_score", "_probability", "_reason", "_sources", "_first_seen", "_last_seen")
FLAGS = ("deceased", "bankruptcy", "litigation")


ITEM_COLUMNS = (BA.c.account_id, BA.c.state, BA.c.skip_reason, BA.c.search_id, BA.c.result)


def header() -> list[str]:
    """The export's columns, in order."""
    cols = ["account_id", "first_name", "last_name", "batch_state", "skip_reason"]
    for kind in ("phone", "address"):
        for n in range(1, BEST + 1):
            cols += [f"{kind}{n}{suffix}" for suffix in LEAD_FIELDS]
    return [*cols, *FLAGS, "suppressed_leads", "search_id"]


def _first_seen(candidates: Sequence[Candidate]) -> dict[str, str]:
    earliest: dict[str, str] = {}
    for c in candidates:
        seen = [("phone", p.number, p.first_seen) for p in c.phones]
        seen += [("address", a.address.one_line(), a.first_seen) for a in c.addresses]
        for kind, value, first in seen:
            if first:
                key = lead_value_key(kind, value)
                if key and (key not in earliest or first < earliest[key]):
                    earliest[key] = first
    return earliest


def _shown(kind: str, value: str) -> str:
    # a North American number as a collector dials it (E.164's "+" would need quoting)
    if kind == "phone" and value.startswith("+1") and len(value) == 12:
        return f"({value[2:5]}) {value[5:8]}-{value[8:]}"
    return value


def _lead_cells(row: Any, first_seen: dict[str, str]) -> list[Any]:
    payload = json.loads(row.payload)
    sources = sorted({s[0] for s in payload.get("sources", [])})
    return [
        _shown(row.kind, row.value),
        round(float(row.score), 4),
        round(float(payload.get("identity", 0.0)), 4),
        "; ".join(payload.get("reasons", [])),
        ", ".join(sources),
        first_seen.get(row.lead_key, ""),
        payload.get("last_seen", ""),
    ]


def export_rows(workspace: Workspace, batch_id: str) -> Iterator[list[Any]]:
    """The export's rows (without the header), one per account of the batch, in order."""
    batch = load_batch(workspace.engine, batch_id)
    A, L = schema.accounts, schema.leads
    with workspace.engine.connect() as conn:
        items = conn.execute(
            sa.select(*ITEM_COLUMNS, A.c.first_name, A.c.last_name)
            .select_from(BA.outerjoin(A, A.c.account_id == BA.c.account_id))
            .where(BA.c.batch_id == batch.batch_id)
            .order_by(BA.c.position)
        ).all()
        for item in items:
            result = AccountResult.from_json(item.result)
            cells: list[Any] = [
                item.account_id, item.first_name or "", item.last_name or "", item.state,
                item.skip_reason,
            ]  # fmt: skip
            leads: Sequence[Any] = []
            if item.search_id:
                leads = conn.execute(
                    sa.select(L.c.kind, L.c.value, L.c.lead_key, L.c.score, L.c.payload)
                    .where(L.c.search_id == item.search_id, L.c.kind.in_(("phone", "address")))
                    .order_by(L.c.score.desc(), L.c.id)
                ).all()
            first_seen = (
                _first_seen(load_candidates(conn, item.search_id, workspace.cipher))
                if leads
                else {}
            )
            for kind in ("phone", "address"):
                best = [r for r in leads if r.kind == kind][:BEST]
                for n in range(BEST):
                    if n < len(best):
                        cells += _lead_cells(best[n], first_seen)
                    else:
                        cells += [""] * len(LEAD_FIELDS)
            cells += ["yes" if f in result.flags else "" for f in FLAGS]
            cells += [result.suppressed, item.search_id]
            yield cells


def write_export(workspace: Workspace, batch_id: str, out: Path) -> int:
    """Write the appended export as CSV or XLSX (by the file's suffix); rows written."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"{out}: the export is written as .csv or .xlsx")
    rows = export_rows(workspace, batch_id)
    count = 0
    if suffix == ".csv":
        with os.fdopen(create_private(out), "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(header())
            for row in rows:
                writer.writerow([safe_text(v) for v in row])
                count += 1
        return count
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("accounts")
    sheet.append(header())
    for row in rows:
        sheet.append([formula_safe(v) for v in row])
        count += 1
    with os.fdopen(create_private(out), "wb") as fh:
        book.save(fh)
    return count
