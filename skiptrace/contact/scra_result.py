"""Reading the DMDC SCRA result file and recording each account's status.

Every line must be a 184-character result line (``scra_layout.RESULT_FIELDS``); a file
with any malformed line is refused whole, naming the file, the line number and the field
(never the SSN or name on it), so nothing is half loaded. Each account's status is stored
with its ``scra.result`` log entry, in one transaction for the whole file.

Statuses (SCRA, 50 U.S.C. §3911, §3931): ``active-duty`` on the status date;
``left-active-duty`` within the 367 days before it; ``future-call-up`` notified of a
future call to active duty; ``no-record`` when DMDC has none of these.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from skiptrace.clock import utc_now
from skiptrace.contact.scra_layout import DATE_FIELDS, INDICATORS, RESULT_FIELDS, RESULT_LENGTH
from skiptrace.json_form import json_fields
from skiptrace.searchlog.events import SCRA_RESULT
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace

R = schema.scra_results


class ScraStatus(enum.StrEnum):
    """What the SCRA result says of one person."""

    ACTIVE_DUTY = "active-duty"
    LEFT_ACTIVE_DUTY = "left-active-duty"  # within 367 days before the status date
    FUTURE_CALL_UP = "future-call-up"
    NO_RECORD = "no-record"


class ScraFileError(ValueError):
    """A result file that cannot be loaded; ``problems`` name the line and field."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        shown = "; ".join(problems[:10]) + (
            f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        )
        super().__init__(f"{path.name}: nothing loaded: {shown}")
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class ScraResult:
    """One account's SCRA answer (no SSN, DOB or name kept)."""

    account_id: str
    status: ScraStatus
    status_date: str = ""  # YYYY-MM-DD
    active_duty_begin: str = ""
    active_duty_end: str = ""
    certificate_id: str = ""
    line: int = 0
    loaded_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the line it came from is the file's business, not the account's)."""
        return json_fields(self, leave_out={"line"})


def _iso(text: str) -> str:
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else ""


def _status(fields: dict[str, str]) -> ScraStatus:
    if fields["active_duty"] == "X":
        return ScraStatus.ACTIVE_DUTY
    if fields["left_active_duty"] == "Y":
        return ScraStatus.LEFT_ACTIVE_DUTY
    if fields["future_call_up"] == "Y":
        return ScraStatus.FUTURE_CALL_UP
    return ScraStatus.NO_RECORD


def _line_problems(number: int, line: str) -> tuple[list[str], dict[str, str]]:
    if len(line) != RESULT_LENGTH:
        return [f"line {number}: {len(line)} characters, a result line has {RESULT_LENGTH}"], {}
    fields = {f.name: f.cut(line) for f in RESULT_FIELDS}
    problems: list[str] = []
    if not (len(fields["ssn"]) == 9 and fields["ssn"].isdigit()):
        problems.append(f"line {number}: the SSN (positions 1-9) is not nine digits")
    if not fields["customer_record_id"]:
        problems.append(f"line {number}: the customer record id (positions 64-91) is empty")
    for f in RESULT_FIELDS:
        value = fields[f.name]
        if f.name in DATE_FIELDS and value:
            try:
                datetime.strptime(value, "%Y%m%d")
            except ValueError:
                problems.append(
                    f"line {number}: {f.name} (positions {f.start}-{f.end}) is not a YYYYMMDD date"
                )
        if f.name in INDICATORS and line[f.start - 1] not in INDICATORS[f.name] + " ":
            allowed = "/".join(INDICATORS[f.name])
            problems.append(f"line {number}: {f.name} (position {f.start}) is not {allowed}")
    return problems, fields


def parse_result_file(path: Path) -> list[ScraResult]:
    """Every result line of a file; ``ScraFileError`` listing every malformed line."""
    try:
        text = path.read_text(encoding="ascii")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ScraFileError(path, [f"line {line}: a character that is not ASCII"]) from None
    results: list[ScraResult] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        found, fields = _line_problems(number, raw)
        if found:
            problems += found
            continue
        results.append(ScraResult(
            account_id=fields["customer_record_id"], status=_status(fields),
            status_date=_iso(fields["status_date"]),
            active_duty_begin=_iso(fields["active_duty_begin"]),
            active_duty_end=_iso(fields["active_duty_end"]),
            certificate_id=fields["certificate_id"], line=number,
        ))  # fmt: skip
    if problems:
        raise ScraFileError(path, problems)
    if not results:
        raise ScraFileError(path, ["no result lines"])
    return results


def load_result_file(workspace: Workspace, path: Path) -> list[ScraResult]:
    """Parse a result file and record every account's status, or nothing (see module doc)."""
    results = parse_result_file(path)
    with workspace.engine.connect() as conn:
        known = set(
            conn.execute(
                sa.select(schema.accounts.c.account_id).where(
                    schema.accounts.c.account_id.in_({r.account_id for r in results})
                )
            ).scalars()
        )
    unknown = [
        f"line {r.line}: no account {r.account_id}" for r in results if r.account_id not in known
    ]
    if unknown:
        raise ScraFileError(path, unknown)
    now = utc_now()
    with write_connection(workspace.engine) as conn, conn.begin():
        for r in results:
            entry = workspace.log.append(
                SCRA_RESULT, account_id=r.account_id,
                details={**r.as_dict(), "file": path.name, "line": r.line}, conn=conn,
            )  # fmt: skip
            values = r.as_dict()
            del values["loaded_at"]
            conn.execute(R.insert().values(**values, loaded_at=now, file_name=path.name,
                                           log_seq=entry.seq))  # fmt: skip
    return [
        ScraResult(
            r.account_id,
            r.status,
            r.status_date,
            r.active_duty_begin,
            r.active_duty_end,
            r.certificate_id,
            r.line,
            now,
        )
        for r in results
    ]


def latest_scra(conn: sa.Connection, account_ids: Sequence[str]) -> dict[str, ScraResult]:
    """The newest SCRA result per account, for the account pane and the portfolio column."""
    rows = conn.execute(sa.select(R).where(R.c.account_id.in_(list(account_ids))).order_by(R.c.id))
    return {
        r.account_id: ScraResult(r.account_id, ScraStatus(r.status), r.status_date,
                                 r.active_duty_begin, r.active_duty_end, r.certificate_id,
                                 loaded_at=r.loaded_at)
        for r in rows
    }  # fmt: skip
