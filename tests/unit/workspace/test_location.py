"""A workspace's location in the forms the app shows, keeps and opens."""

from __future__ import annotations

from pathlib import Path

from skiptrace.workspace.location import display_url, to_url, without_password


def test_a_password_never_reaches_a_settings_file_or_the_screen() -> None:
    url = "postgresql+psycopg://dana:s3cret@db.example:5432/collections?sslmode=require"
    kept = without_password(url)
    assert kept == "postgresql+psycopg://dana@db.example:5432/collections?sslmode=require"
    assert "s3cret" not in display_url(url)
    assert without_password(to_url("postgresql://dana@db/c")) == "postgresql+psycopg://dana@db/c"


def test_a_file_location_becomes_an_sqlite_url_and_back(tmp_path: Path) -> None:
    url = to_url(str(tmp_path / "ws.sqlite"))
    assert url == f"sqlite:///{tmp_path.resolve() / 'ws.sqlite'}"
    assert without_password(url) == url
