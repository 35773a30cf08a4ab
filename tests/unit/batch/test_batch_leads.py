"""Wrong numbers stay wrong in a batch, and the appended export is safe to open."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import sqlalchemy as sa

from connectors.demo import DemoRecords
from skiptrace.batch.export import header, write_export
from skiptrace.batch.queue import create_batch
from skiptrace.batch.report import build_report
from skiptrace.batch.runner import run_batch
from skiptrace.batch.selection import Selection
from skiptrace.formula_safe import TRIGGERS, formula_safe
from skiptrace.model import Disposition, DispositionKind
from skiptrace.research.dispositions import record_disposition
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.workspace.workspace import Workspace
from tests.unit.batch.conftest import WHY

DEMO = ConnectorRegistry.of(DemoRecords)
ACCOUNTS = ("DEMO-10001", "DEMO-10005", "DEMO-10004")


def batch_of(ws: Workspace, ids: tuple[str, ...] = ACCOUNTS) -> str:
    batch = create_batch(ws, Selection(account_ids=ids), ["fcra-604a3a"], WHY, connectors=["demo"])
    assert run_batch(ws, DEMO, batch.batch_id, workers=2).state.value == "done"
    return batch.batch_id


def stored_leads(ws: Workspace, batch_id: str, account_id: str) -> list[sa.Row]:
    BA, L = schema.batch_accounts, schema.leads
    with ws.engine.connect() as conn:
        search_id = conn.execute(
            sa.select(BA.c.search_id).where(
                BA.c.batch_id == batch_id, BA.c.account_id == account_id
            )
        ).scalar_one()
        return conn.execute(
            sa.select(L).where(L.c.search_id == search_id).order_by(L.c.score.desc())
        ).all()


def test_leads_marked_wrong_never_return_as_fresh_and_are_counted(demo: Workspace):
    first = batch_of(demo)
    phones = [r for r in stored_leads(demo, first, "DEMO-10001") if r.kind == "phone"]
    assert len(phones) >= 2
    wrong, good = phones[0], phones[1]
    for lead, kind in ((wrong, DispositionKind.WRONG_PARTY), (good, DispositionKind.VERIFIED)):
        record_disposition(
            demo, Disposition("DEMO-10001", "phone", lead.value, kind, "tester"), lead.lead_key
        )
    address = next(r for r in stored_leads(demo, first, "DEMO-10005") if r.kind == "address")
    record_disposition(
        demo,
        Disposition(
            "DEMO-10005", "address", address.value, DispositionKind.DO_NOT_CONTACT, "tester"
        ),
        address.lead_key,
    )

    second = batch_of(demo)
    again = {r.lead_key for r in stored_leads(demo, second, "DEMO-10001")}
    assert wrong.lead_key not in again and good.lead_key in again
    assert address.lead_key not in {r.lead_key for r in stored_leads(demo, second, "DEMO-10005")}
    report = build_report(demo, second)
    assert report.overall.suppressed == 2
    assert report.overall.verified_again == 1
    assert build_report(demo, first).overall.suppressed == 0
    out = demo.path.with_name("second.csv")  # type: ignore[union-attr]
    write_export(demo, second, out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.reader(fh) if "DEMO-10001" in r)
    wrong_digits = "".join(ch for ch in wrong.value if ch.isdigit())[-10:]
    # no phone cell of the account's row is the wrong number (ids may hold any digits)
    assert not any("".join(ch for ch in cell if ch.isdigit())[-10:] == wrong_digits
                   for cell in row)  # fmt: skip


def test_the_appended_export_opens_with_no_formula_cells(demo: Workspace, tmp_path: Path):
    with demo.engine.begin() as conn:
        conn.execute(
            schema.accounts.update()
            .where(schema.accounts.c.account_id == "DEMO-10004")
            .values(first_name='=HYPERLINK("http://x","y")', last_name="@SUM(A1:A9)")
        )
    batch_id = batch_of(demo)
    xlsx, csv_path = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert write_export(demo, batch_id, xlsx) == 3
    write_export(demo, batch_id, csv_path)
    assert xlsx.stat().st_mode & 0o077 == 0 and csv_path.stat().st_mode & 0o077 == 0

    sheet = openpyxl.load_workbook(xlsx).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == header()
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
    by_id = {row[0].value: [c.value for c in row] for row in rows[1:]}
    hostile = by_id["DEMO-10004"]
    assert hostile[1] == '\'=HYPERLINK("http://x","y")' and hostile[2] == "'@SUM(A1:A9)"
    good = by_id["DEMO-10001"]
    cols = header()
    assert good[cols.index("phone1")].startswith("(")  # a number as a collector dials it
    assert 0 < good[cols.index("phone1_score")] <= 1
    assert good[cols.index("phone1_probability")] > 0.9
    assert "identity" in good[cols.index("phone1_reason")]
    assert good[cols.index("phone1_sources")] == "demo"
    assert good[cols.index("phone1_first_seen")] and good[cols.index("phone1_last_seen")]

    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c.startswith(TRIGGERS)]


def test_formula_safe_neutralises_every_trigger_and_leaves_numbers():
    for trigger in TRIGGERS:
        assert formula_safe(f"{trigger}1+1") == f"'{trigger}1+1"
    assert formula_safe("Main St") == "Main St"
    assert formula_safe(-3.5) == -3.5
