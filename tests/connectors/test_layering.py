"""Connectors see the core only through ``skiptrace.connector_api``; history only read-only."""

from __future__ import annotations

import ast
from pathlib import Path

import connectors
from connectors.workspace_history import WorkspaceHistory
from skiptrace.gate.request import SearchRequest
from skiptrace.sources.orchestrator import Orchestrator
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.store import schema
from tests.helpers.workspaces import sample_debtor


def test_connectors_import_only_the_connector_api_from_the_core():
    root = Path(connectors.__file__).parent
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module == "skiptrace":
                names = [f"skiptrace.{a.name}" for a in node.names]  # from skiptrace import x
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "skiptrace":
                    assert name == "skiptrace.connector_api", f"{path.name} imports {name}"


def test_workspace_history_reads_dispositions_from_the_store(workspace):
    with workspace.engine.begin() as conn:
        conn.execute(
            schema.dispositions.insert().values(
                account_id="A-1",
                lead_kind="phone",
                lead_key="6145550134",
                lead_value="6145550134",
                kind="disconnected",
                user_name="alice",
                recorded_at="2026-09-20T12:00:00Z",
            )
        )
    orchestrator = Orchestrator.for_workspace(workspace, ConnectorRegistry.of(WorkspaceHistory))
    request = SearchRequest(
        sample_debtor(), ("fcra-604a3a",), "Mail returned undeliverable; need an address"
    )
    (outcome,) = orchestrator.run(request).outcomes
    assert outcome.candidates[0].phones[0].status == "disconnected"
