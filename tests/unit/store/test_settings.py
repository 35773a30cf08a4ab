"""The settings table: one value per scope and key, replaced in place, read by scope."""

from __future__ import annotations

from skiptrace.store.engine import write_connection
from skiptrace.store.settings import put_setting, scope_settings


def test_a_setting_stored_twice_keeps_the_newer_value_and_leaves_other_scopes(workspace):
    with write_connection(workspace.engine) as conn, conn.begin():
        put_setting(conn, "anomalies", "off-hours", '{"timezone": "UTC"}')
        put_setting(conn, "retention", "years", "3")
        put_setting(conn, "anomalies", "off-hours", '{"timezone": "America/Chicago"}')
    with workspace.engine.connect() as conn:
        assert scope_settings(conn, "anomalies") == {"off-hours": '{"timezone": "America/Chicago"}'}
        assert scope_settings(conn, "retention") == {"years": "3"}
        assert scope_settings(conn, "connector:demo") == {}
