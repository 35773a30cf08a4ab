"""An account in Phoenix (no daylight saving) to call, in a fresh workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skiptrace.model import Address, Phone
from skiptrace.store.accounts import save_debtors
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.workspaces import new_workspace, sample_debtor

PHONE = "+16025550143"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Workspace]:
    """A workspace holding account P-1: a Phoenix address and a Phoenix phone."""
    ws = new_workspace(tmp_path / "ws.sqlite", user="carla")
    debtor = sample_debtor(
        "P-1",
        addresses=(Address("100 W Van Buren St", "", "Phoenix", "AZ", "85003"),),
        phones=(Phone(PHONE),),
    )
    with write_connection(ws.engine) as conn, conn.begin():
        save_debtors(conn, [debtor], ws.cipher, "test")
    yield ws
    ws.close()
