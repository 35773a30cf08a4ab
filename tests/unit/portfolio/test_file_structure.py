"""A file whose structure is broken is refused naming the row; a short or long row is a
row error; nothing is imported either way."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.portfolio.conftest import Cli

HEADER = "account_id,first_name,last_name,city,state,phone,balance"
GOOD = [
    "A-1,Ann,Lee,Akron,OH,3305550101,10",
    "A-2,Bob,Ray,Erie,PA,8145550102,20",
    "A-3,Cy,Orr,Kent,OH,3305550103,30",
    "A-4,Di,Fox,Troy,NY,5185550104,40",
]


def write(tmp_path: Path, lines: list[str], name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def accounts(cli: Cli) -> list[dict[str, str]]:
    run = cli("accounts", "--json")
    assert run.code == 0
    return json.loads(run.out)


def test_unbalanced_quote_names_the_row_where_the_quoted_cell_began(cli, tmp_path):
    lines = [HEADER, GOOD[0], 'A-2,"Bob,Ray,Erie,PA,8145550102,20', GOOD[2], GOOD[3]]
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 3: a quoted cell begins on this row" in run.err
    assert "quote is never closed" in run.err or "quote is not closed" in run.err
    assert accounts(cli) == []
    # --skip-invalid cannot help: every row after the quote is in doubt
    assert cli("import", str(write(tmp_path, lines)), "--skip-invalid").code == 1
    assert accounts(cli) == []


def test_unbalanced_quote_closed_by_a_later_stray_quote_is_refused(cli, tmp_path):
    lines = [HEADER, 'A-1,"Ann,Lee,Akron,OH,3305550101,10', GOOD[1], 'A-3,Cy,"Orr",Kent,OH,1,2']
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 2: a quoted cell begins on this row and runs on to line 4" in run.err
    assert accounts(cli) == []


def test_unbalanced_quote_with_a_large_tail_names_the_row(cli, tmp_path):
    tail = [f"B-{i},Ann,Lee,Akron,OH,3305550101,10" for i in range(5000)]  # > 131,072 chars
    lines = [HEADER, GOOD[0], 'A-2,"Bob,Ray,Erie,PA,8145550102,20', *tail]
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 3: " in run.err and "quote is not closed" in run.err
    assert "unexpected" not in run.err
    assert accounts(cli) == []


def test_text_after_a_closing_quote_is_refused_naming_the_row(cli, tmp_path):
    lines = [HEADER, GOOD[0], 'A-2,"Bob" Jr,Ray,Erie,PA,8145550102,20', GOOD[2]]
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 3: text follows a quoted cell's closing quote" in run.err


def test_a_cut_off_last_row_is_a_row_error(cli, tmp_path):
    lines = [HEADER, *GOOD[:3], "A-4,Di,Fox,Tr"]
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 5: the row has 4 cells but the header has 7: it is cut short" in run.err
    assert accounts(cli) == []
    run = cli("import", str(write(tmp_path, lines)), "--skip-invalid")
    assert run.code == 0 and "3 created" in run.out and "1 rejected" in run.out
    assert sorted(a["account_id"] for a in accounts(cli)) == ["A-1", "A-2", "A-3"]


def test_a_row_with_more_cells_than_the_header_is_a_row_error(cli, tmp_path):
    lines = [HEADER, GOOD[0], "A-2,Bob,Ray,Jr,Erie,PA,8145550102,20", GOOD[2]]
    run = cli("import", str(write(tmp_path, lines)))
    assert run.code == 1
    assert "p.csv, row 3: the row has 8 cells but the header has 7" in run.err
    # trailing empty cells (a spreadsheet's habit) are not extra cells
    ok = write(tmp_path, [HEADER + ",", GOOD[0] + ",,", GOOD[1]], "ok.csv")
    assert cli("import", str(ok)).code == 0


def test_quoted_cells_with_separators_and_quotes_still_import(cli, tmp_path):
    lines = [HEADER, 'A-1,"Ann ""Nan""","Lee, Jr",Akron,OH,3305550101,"1,234.50"']
    assert cli("import", str(write(tmp_path, lines))).code == 0
    (row,) = accounts(cli)
    assert row["name"] == 'Ann "Nan" Lee, Jr' and row["balance"] == "1234.50"
