"""Inputs that cannot be read: a sentence naming the path, never "unexpected XxxError";
an XLSX zip bomb refused from its declared sizes, without inflating it."""

from __future__ import annotations

import os
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from skiptrace.portfolio.errors import PortfolioError
from skiptrace.portfolio.reader import read_portfolio
from skiptrace.portfolio.table import XLSX_MAX_EXPANDED, check_workbook

GOOD = "account_id,first_name,last_name\nA-1,Ann,Lee\n"


def refused(run, *words: str) -> None:  # type: ignore[no-untyped-def]
    assert run.code == 1
    assert "unexpected" not in run.err
    for word in words:
        assert word in run.err, run.err


def test_a_folder_is_named_as_a_folder(cli, tmp_path):
    folder = tmp_path / "portfolio.csv"
    folder.mkdir()
    refused(cli("import", str(folder)), f"{folder}: is a folder, not a file")


def test_a_missing_file_is_named(cli, tmp_path):
    refused(cli("import", str(tmp_path / "nope.csv")), f"{tmp_path / 'nope.csv'}: no such file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission_is_named(cli, tmp_path):
    path = tmp_path / "locked.csv"
    path.write_text(GOOD)
    path.chmod(0)
    refused(cli("import", str(path)), f"{path}: cannot be read: permission denied")


@pytest.mark.skipif(os.name != "posix", reason="symbolic link loops")
def test_a_file_the_system_cannot_open_is_named_with_the_reason(cli, tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    refused(cli("import", str(loop)), f"{loop}: ", "cannot be read")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"Ref": "account_id",}', "not valid JSON at line 1, column 22"),
        ('["account_id"]', "a mapping file must be a JSON object"),
        ('{"Ref": "acct"}', "mapping names unknown column 'acct'"),
    ],
)
def test_a_bad_mapping_file_is_named(cli, tmp_path, text, says):
    data = tmp_path / "p.csv"
    data.write_text("Ref,first_name,last_name\nA-1,Ann,Lee\n")
    mapping = tmp_path / "map.json"
    mapping.write_text(text)
    refused(cli("import", str(data), "--mapping", str(mapping)), f"{mapping}", says)
    folder = tmp_path / "maps"
    folder.mkdir()
    refused(cli("import", str(data), "--mapping", str(folder)), f"{folder}: is a folder")


def bomb(path: Path, size: int) -> Path:
    """A workbook whose sheet is ``size`` bytes of zeros: a few hundred KB on disk."""
    book = openpyxl.Workbook()
    book.active.append(["account_id", "first_name", "last_name"])  # type: ignore[union-attr]
    book.save(path)
    with zipfile.ZipFile(path) as good:
        parts = {n: good.read(n) for n in good.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                sheet.write(chunk)
    return path


def test_an_xlsx_zip_bomb_is_refused_before_it_is_inflated(cli, tmp_path):
    path = bomb(tmp_path / "bomb.xlsx", 300 << 20)  # 300 MiB of zeros
    assert path.stat().st_size < 2 << 20
    tracemalloc.start()
    started = time.perf_counter()
    try:
        run = cli("import", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    refused(run, "bomb.xlsx: refused: part xl/worksheets/sheet1.xml would expand", "zip bomb")
    assert peak < 20 << 20  # inflating even a tenth of it would show
    assert time.perf_counter() - started < 5


def test_a_workbook_declaring_more_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for i in range(3):
            out.writestr(f"xl/part{i}.xml", os.urandom(1 << 20))
    with pytest.raises(PortfolioError, match=r"would expand to 3 MiB \(at most 2 MiB is read\)"):
        check_workbook(path, max_expanded=2 << 20)
    check_workbook(path)  # 3 MiB of incompressible parts is well inside the real limit
    assert XLSX_MAX_EXPANDED >= 1 << 30


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text(GOOD)
    with pytest.raises(PortfolioError, match=r"fake\.xlsx: not a readable XLSX workbook"):
        read_portfolio(path)
