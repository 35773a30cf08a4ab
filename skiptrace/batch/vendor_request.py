"""``batch request-file``: the chosen accounts written in a vendor's layout, for a bureau
to skip-trace outside. The file holds full PII, so it is readable by its owner only, and
writing it is logged (who, how many accounts, which fields; never the values)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from skiptrace.batch.selection import Selection, assigned_only_rule, choose, skip_counts
from skiptrace.batch.vendor_layout import REQUEST_FIELDS, Layout, LayoutError
from skiptrace.formula_safe import safe_text
from skiptrace.gate.roles import MAY_SEARCH, require_role
from skiptrace.model import Debtor
from skiptrace.pii import create_private
from skiptrace.searchlog.events import BATCH_REQUEST_FILE
from skiptrace.store.accounts import load_debtor
from skiptrace.workspace.workspace import Workspace


@dataclass(frozen=True)
class RequestFile:
    """What was written."""

    path: Path
    accounts: int
    skipped: dict[str, int]


def _value(debtor: Debtor, field: str) -> str:
    address = debtor.addresses[0] if debtor.addresses else None
    simple = {
        "ssn": debtor.ssn,
        "dob": debtor.dob.isoformat() if debtor.dob else "",
        "address1": address.line1 if address else "",
        "address2": address.line2 if address else "",
        "city": address.city if address else "",
        "state": address.state if address else "",
        "zip": address.zip if address else "",
        "phone": debtor.phones[0].number if debtor.phones else "",
        "email": debtor.emails[0] if debtor.emails else "",
        "balance": "" if debtor.balance is None else str(debtor.balance),
    }
    if field in simple:
        return simple[field]
    return str(getattr(debtor, field))


def write_request_file(
    workspace: Workspace, selection: Selection, layout: Layout, out: Path
) -> RequestFile:
    """Write the selection's accounts (skipping those no purpose covers) in the layout."""
    unusable = [f for f in layout.fields() if f not in REQUEST_FIELDS]
    if unusable:
        raise LayoutError(f"{layout.name}: a request file cannot hold {', '.join(unusable)}")
    require_role(workspace.engine, workspace.actor.user, MAY_SEARCH, "send accounts to a vendor")
    with workspace.engine.connect() as conn:
        chosen = choose(conn, selection, workspace.actor.user, assigned_only_rule(conn))
    skipped = skip_counts(chosen)
    wanted = [c.account_id for c in chosen if not c.skip_reason]
    # logged before any account leaves the workspace: no log, no file
    workspace.log.append(
        BATCH_REQUEST_FILE,
        details={
            "file": out.name,
            "layout": layout.name,
            "selection": selection.describe(),
            "accounts": len(wanted),
            "skipped": skipped,
            "fields": list(layout.fields()),
        },
    )
    written = 0
    with os.fdopen(create_private(out), "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([h for h, _f in layout.columns])
        with workspace.engine.connect() as conn:
            for account_id in wanted:
                debtor = load_debtor(conn, account_id, workspace.cipher)
                if debtor is not None:
                    writer.writerow([safe_text(_value(debtor, f)) for _h, f in layout.columns])
                    written += 1
    return RequestFile(out, written, skipped)
