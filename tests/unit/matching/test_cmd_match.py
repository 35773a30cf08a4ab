"""The ``match`` command on small CSV files."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.matching.synthetic import person

HEADER = "account_id,first_name,last_name,dob,address1,address2,city,state,zip,phone\n"


def people(n: int, seed: int) -> list[dict[str, str]]:
    """``n`` synthetic people, the same for the same seed."""
    rng = random.Random(seed)
    return [person(rng, i) for i in range(n)]


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


def synthetic_rows(n: int, seed: int) -> list[str]:
    return [
        ",".join([f"S{k}", p["first_name"], p["last_name"], p["dob"], p["address1"],
                  p.get("address2", ""), p["city"], p["state"], p["zip"], p["phone"]])
        for k, p in enumerate(people(n, seed))
    ]  # fmt: skip


def test_swapped_names_with_a_date_typo_are_linked_and_explained(tmp_path: Path) -> None:
    # no blocking key but the swapped names brings these two together: the date of birth
    # has a typo, the ZIP and street changed, there is no phone
    left = write(tmp_path / "l.csv", [*PEOPLE, *synthetic_rows(300, 1)])
    right = write(tmp_path / "r.csv", [
        "V1,Lindqvist,Robert,1971-03-15,88 Lakeview Dr,,Springfield,IL,62702,",
        *synthetic_rows(300, 2),
    ])  # fmt: skip
    out = tmp_path / "pairs.csv"
    assert main(["match", str(left), str(right), "--out", str(out), "--explain"]) == 0
    [pair] = [r for r in read(out) if r["left_id"] == "A1"]
    assert pair["right_id"] == "V1" and pair["reason"] == "match"
    assert "first and last names swapped" in pair["explanation"]
    assert "date of birth one-digit typo" in pair["explanation"]


def test_clusters_file_lists_every_record_with_its_cluster(tmp_path: Path) -> None:
    rows = [
        *PEOPLE,
        "A7,Rob,Lindqvist,1971-03-14,123 N Main St,Apt 4,Springfield,IL,62704,",
        "A8,Lindqvist,Robert,1971-03-14,123 N Main St,,Springfield,IL,62704,2175550143",
    ]
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    source = write(tmp_path / "p.csv", [*rows, *synthetic_rows(200, 3)])
    assert main(["match", str(source), "--out", str(pairs), "--clusters", str(clusters),
                 "--pairs-from-clusters"]) == 0  # fmt: skip
    found = read(clusters)
    assert list(found[0]) == ["id", "cluster_id"]
    assert len(found) == len(rows) + 200  # singletons too
    number = {r["id"]: r["cluster_id"] for r in found}
    assert number["A1"] == number["A7"] == number["A8"]
    assert len({number[f"A{k}"] for k in range(1, 7)}) == 6
    within = {(r["left_id"], r["right_id"]) for r in read(pairs)}
    assert {("A1", "A7"), ("A1", "A8"), ("A7", "A8")} <= within


HOUSEHOLD = [
    "H1,James,Okafor,1962-11-23,40 Oak Rd,,Boise,ID,83702,2085550177",
    "H2,James,Okafor,1990-05-01,40 Oak Rd,,Boise,ID,83702,2085550177",
]


def test_profiles_differ_on_a_father_and_son_at_one_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "crm.csv", [*HOUSEHOLD, *synthetic_rows(200, 4)])
    found = {}
    for profile in ("skiptrace", "generic"):
        out = tmp_path / f"{profile}.csv"
        args = ["match", str(source), "--out", str(out), "--explain"]
        assert main([*args, "--profile", profile] if profile == "generic" else args) == 0
        found[profile] = {(r["left_id"], r["right_id"]): r for r in read(out)}
    # the default (skip-trace) profile: the shared address and phone are a household's
    assert ("H1", "H2") not in found["skiptrace"]
    # generic (customer lists): shared contact points count in full
    assert found["generic"][("H1", "H2")]["reason"] == "match"
    assert "not counted" not in found["generic"][("H1", "H2")]["explanation"]
    help_text = _help(capsys)
    assert "--profile" in help_text and "customer lists" in help_text


def _help(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main(["match", "--help"])
    return capsys.readouterr().out


def test_explanation_names_father_and_son(tmp_path: Path) -> None:
    source = write(tmp_path / "crm.csv", [*HOUSEHOLD, *synthetic_rows(200, 4)])
    out = tmp_path / "low.csv"
    assert main(["match", str(source), "--out", str(out), "--explain",
                 "--threshold", "0.0001"]) == 0  # fmt: skip
    [pair] = [r for r in read(out) if (r["left_id"], r["right_id"]) == ("H1", "H2")]
    assert pair["explanation"].startswith(
        "same name, same address, birth years 28 apart: father and son? — "
    )
    assert float(pair["probability"]) < 0.5
