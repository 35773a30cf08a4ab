"""A real research search on the team database, after a single user's workspace moved in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from connectors.demo import DemoRecords
from skiptrace.connector_api import Context, LeadKind, Manifest, Outcome, Query, found
from skiptrace.demo.workspace import create_demo, demo_key_file
from skiptrace.gate.request import SearchRequest
from skiptrace.research.findings import research_orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from skiptrace.store.accounts import load_debtor
from skiptrace.team.migrate import migrate_workspace
from skiptrace.workspace.workspace import open_workspace
from tests.helpers import pg
from tests.helpers.workspaces import ACTOR

pytestmark = pytest.mark.postgres

WHY = "Mail returned undeliverable; need a current address"


def connection_cutter(database: str) -> type[Any]:
    """A source that, while it is asked, cuts every connection to the team database."""

    class Cutter:
        manifest = Manifest(id="cutter", display_name="Cutter", returns=(LeadKind.PHONE,))

        def search(self, query: Query, context: Context) -> Outcome:
            pg.terminate_backends(database)
            return found("cutter", [])

    return Cutter


def test_a_moved_demo_workspace_searches_on_postgresql_through_a_cut(
    tmp_path: Path, team_db: str, team_url: str
) -> None:
    demo, _ = create_demo(tmp_path / "demo.sqlite", ACTOR)
    with demo:
        report = migrate_workspace(demo, team_url, target_key_file=demo_key_file(demo.path))
    assert report.verify.ok, report.verify.summary()

    with open_workspace(team_url, actor=ACTOR, key_file=tmp_path / "demo.sqlite.keys") as ws:
        with ws.engine.connect() as conn:
            debtor = load_debtor(conn, "DEMO-10001", ws.cipher)
        assert debtor is not None and debtor.ssn  # the PII key moved with the workspace
        registry = ConnectorRegistry.of(DemoRecords, connection_cutter(team_db))
        result = research_orchestrator(ws, registry).run(
            SearchRequest(debtor, ("fcra-604a3a",), WHY)
        )
        assert result.outcome("cutter").status.value == "no_hit"  # asked: it cut, mid-search
        assert result.leads.leads
        with ws.engine.connect() as conn:
            stored = conn.execute(
                sa.select(sa.func.count())
                .select_from(schema.leads)
                .where(schema.leads.c.search_id == result.request.search_id)
            ).scalar_one()
        assert stored == len(result.leads.leads)
        assert ws.log.verify().ok
