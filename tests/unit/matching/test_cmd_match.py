"""The ``match`` command on small CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from skiptrace.cli import main

HEADER = "account_id,first_name,last_name,dob,address1,address2,city,state,zip,phone\n"


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


PEOPLE = [
    "A1,Robert,Lindqvist,1971-03-14,123 N Main St,Apt 4,Springfield,IL,62704,2175550143",
    "A2,Maria,Garcia,1988-07-02,9 Elm Ave,,Tampa,FL,33602,8135550101",
    "A3,James,Okafor,1962-11-23,40 Oak Rd,,Boise,ID,83702,2085550177",
    "A4,Linda,Chen,1990-01-09,5 Pine Ln,,Omaha,NE,68102,4025550188",
    "A5,Kevin,Harris,1959-11-09,7644 Cedar Ave,,Savannah,GA,31405,9125550111",
    "A6,Susan,Baker,1975-05-05,12 Hill Ct,,Denver,CO,80202,3035550122",
]


def test_link_two_files_with_explanations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left = write(tmp_path / "left.csv", PEOPLE)
    right = write(tmp_path / "right.csv", [
        "V1,Bob,Lindqvist,03/14/1971,123 North Main Street,#4,Springfield,IL,62704,",
        "V2,Maria,Garcia-Whitfield,19880702,77 Lake Dr,,Tampa,FL,33609,",
        "V3,Edward,Nobody,1944-02-02,1 Far Rd,,Albany,NY,12207,",
        "V4,Linda,Chen,not a date,5 Pine Lane,,Omaha,NE,ABCDE,4025550188",
    ])  # fmt: skip
    out = tmp_path / "pairs.csv"
    assert main(["match", str(left), str(right), "--out", str(out), "--explain"]) == 0
    rows = read(out)
    pairs = {(r["left_id"], r["right_id"]) for r in rows}
    assert ("A1", "V1") in pairs and ("A2", "V2") in pairs and ("A4", "V4") in pairs
    assert not any(r["right_id"] == "V3" for r in rows)
    assert all(float(r["probability"]) >= 0.5 for r in rows)
    assert {r["reason"] for r in rows} <= {"match", "ambiguous"}
    assert all(" → " in r["explanation"] for r in rows)
    err = capsys.readouterr().err
    assert "dob 1" in err and "zip 1" in err  # unparsable values counted, not fatal


def test_dedupe_one_file_lists_each_pair_once(tmp_path: Path) -> None:
    rows = [*PEOPLE, "A7,Rob,Lindqvist,1971-03-14,123 N Main St,Apt 4,Springfield,IL,62704,"]
    out = tmp_path / "dupes.csv"
    assert main(["match", str(write(tmp_path / "p.csv", rows)), "--out", str(out)]) == 0
    found = [(r["left_id"], r["right_id"]) for r in read(out)]
    assert found == [("A1", "A7")]
    assert list(read(out)[0]) == ["left_id", "right_id", "probability", "reason"]


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["match", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
