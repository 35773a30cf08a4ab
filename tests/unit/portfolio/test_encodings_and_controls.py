"""UTF-16 and UTF-32 files read as such; control characters in cells are row errors."""

from __future__ import annotations

import codecs
import json

import pytest

from tests.unit.portfolio.conftest import Cli

TEXT = "account_id,first_name,last_name,city\r\nA-1,José,Núñez,Akron\r\nA-2,Zoë,Ærø,Kent\r\n"


def accounts(cli: Cli) -> list[dict[str, str]]:
    run = cli("accounts", "--json")
    assert run.code == 0
    return json.loads(run.out)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", b""),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ],
)
def test_utf16_and_utf32_files_import_their_names(cli, tmp_path, encoding, bom):
    path = tmp_path / "wide.csv"
    path.write_bytes(bom + TEXT.encode(encoding))
    run = cli("import", str(path))
    assert run.code == 0, run.err
    names = sorted(a["name"] for a in accounts(cli))
    assert names == ["José Núñez", "Zoë Ærø"]


@pytest.mark.parametrize(
    ("cell", "named"),
    [
        ("Ann\x00", "U+0000 (NUL)"),
        ("\x1b[2JAnn", "U+001B (ESC)"),
        ("Ann\x07", "U+0007"),
        ("Ann\x9b2J", "U+009B"),
    ],
)
def test_control_characters_in_a_cell_are_a_row_and_column_error(cli, tmp_path, cell, named):
    path = tmp_path / "ctl.csv"
    path.write_text(f"account_id,first_name,last_name\nA-1,Bo,Ray\nA-2,{cell},Lee\n")
    run = cli("import", str(path))
    assert run.code == 1
    assert f"ctl.csv, row 3, column first_name: control character {named}" in run.err
    assert accounts(cli) == []


def test_escape_sequences_in_account_ids_and_unmapped_columns_are_refused(cli, tmp_path):
    path = tmp_path / "esc.csv"
    path.write_text(
        "account_id,first_name,last_name,notes\n"
        "A-1\x1b[8m,Bo,Ray,\n"
        "A-2,Cy,Orr,hidden\x1b]0;title\x07\n"
        "A-3,Di,Fox,fine\n"
    )
    run = cli("import", str(path), "--skip-invalid")
    assert run.code == 0 and "1 created" in run.out and "2 rejected" in run.out
    rejects = (tmp_path / "esc.rejects.csv").read_text(encoding="utf-8")
    assert rejects.startswith("row,account_id,first_name,last_name,notes,reason")
    assert [a["account_id"] for a in accounts(cli)] == ["A-3"]


def test_direction_marks_are_refused_in_ids_and_names(cli, tmp_path):
    path = tmp_path / "bidi.csv"
    path.write_text(
        "account_id,first_name,last_name,city\nA-1,Ann,\u202eeeL,Akron\n", encoding="utf-8"
    )
    run = cli("import", str(path))
    assert run.code == 1
    assert "row 2, column last_name: invisible direction character U+202E" in run.err


def test_a_file_with_nul_bytes_but_no_utf16_pattern_is_refused_cell_by_cell(cli, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"account_id,first_name,last_name\nA-1,Ann,Lee\nA-2,B\x00b,Ray\n")
    run = cli("import", str(path))
    assert (
        run.code == 1 and "nul.csv, row 3, column first_name: control character U+0000" in run.err
    )


def test_a_utf16_file_cut_mid_character_is_refused_naming_the_row(cli, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1])
    run = cli("import", str(path))
    assert run.code == 1
    assert "cut.csv, row 3: unreadable encoding" in run.err and "UTF-16" in run.err
