"""Building workspaces and debtors for tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from skiptrace.model import Address, Debtor, Phone, Workstation
from skiptrace.store.engine import to_url
from skiptrace.workspace.workspace import Workspace, create_workspace

ACTOR = Workstation(user="tester", host="test-host", app_version="0.1.0")


def new_workspace(path: Path, user: str = "tester") -> Workspace:
    """A fresh SQLite workspace file with keys in the in-memory keychain."""
    return create_workspace(to_url(str(path)), actor=Workstation(user, "test-host", "0.1.0"))


def sample_debtor(account_id: str = "A-1", **over: object) -> Debtor:
    """A debtor with every field filled."""
    values: dict[str, object] = {
        "account_id": account_id,
        "first_name": "Robert",
        "middle_name": "J",
        "last_name": "Kowalski",
        "dob": date(1979, 4, 12),
        "ssn": "123456789",
        "addresses": (Address("12 N Main St", "Apt 4", "Columbus", "OH", "43215"),),
        "phones": (Phone("614-555-0134"),),
        "emails": ("rk@example.com",),
        "employer": "Acme Logistics",
        "creditor": "Valley Medical",
        "assigned_to": "tester",
    }
    values.update(over)
    return Debtor(**values)  # type: ignore[arg-type]
