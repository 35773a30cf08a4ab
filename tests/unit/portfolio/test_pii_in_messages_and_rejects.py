"""No message repeats an SSN- or date-shaped value, whatever column it sits in; an SSN is
never a phone; the rejects file is the owner's only and masks SSNs and dates of birth."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest

from tests.unit.portfolio.conftest import Cli

HEADER = "account_id,first_name,last_name,dob,ssn,state,zip,phone,email,balance,status"
# a ZIP+4 and amounts: nine or eight digits are valid there, and imported
VALID = {("zip", "123456789"), ("balance", "123456789"), ("balance", "19790412")}
SECRETS = ("123-45-6789", "123456789", "1979-04-12", "04/12/1979", "04-12-1979", "19790412")


def import_one(cli: Cli, tmp_path: Path, row: str, *args: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "slid.csv"
    path.write_text(f"{HEADER}\nA-1,Ann,Lee,,,OH,44301,3305550101,,1,open\n{row}\n")
    return cli("import", str(path), *args)


@pytest.mark.parametrize("secret", SECRETS)
@pytest.mark.parametrize("column", ["state", "zip", "phone", "email", "balance", "status"])
def test_no_message_repeats_an_ssn_or_date_in_any_column(cli, tmp_path, secret, column):
    values = ["A-2", "Bo", "Ray", "", "", "OH", "44301", "", "", "", ""]
    cells = dict(zip(HEADER.split(","), values, strict=True))
    cells[column] = secret
    run = import_one(cli, tmp_path, ",".join(cells.values()))
    if (column, secret) not in VALID:
        assert run.code == 1
        assert f"slid.csv, row 3, column {column}:" in run.err
    assert not [s for s in SECRETS if s in run.err + run.out], run.err


def test_an_account_id_shaped_like_an_ssn_is_not_repeated(cli, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("account_id,last_name\n123-45-6789,Lee\n123-45-6789,Ray\n")
    run = cli("import", str(path))
    assert run.code == 1 and "duplicate account id" in run.err
    assert "123-45-6789" not in run.err and "6789" not in run.err.replace("***-**-6789", "")


@pytest.mark.parametrize("phone", ["123-45-6789", "123456789", "123 45 6789"])
def test_an_ssn_in_a_phone_column_is_not_a_phone(cli, tmp_path, phone):
    run = import_one(cli, tmp_path, f"A-2,Bo,Ray,,,OH,44301,{phone},,,open")
    assert run.code == 1
    assert "row 3, column phone: bad phone (value not repeated): nine digits" in run.err
    assert phone not in run.err


def test_international_nine_digit_numbers_with_a_plus_are_phones(cli, tmp_path):
    assert import_one(cli, tmp_path, "A-2,Bo,Ray,,,OH,44301,+34 612 345 678,,,open").code == 0


def rejects(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_rejects_file_is_owner_only_and_masks_ssn_and_dob(cli, tmp_path):
    out = tmp_path / "rejects.csv"
    out.write_text("old content\n")
    out.chmod(0o644)  # an older, wider file is narrowed, not kept as it was
    bad = "A-2,Bo,Ray,1979-04-12,123-45-6789,ZZ,123456789,,,04/12/1979,open"
    run = import_one(cli, tmp_path, bad, "--skip-invalid", "--rejects", str(out))
    assert run.code == 0 and "1 rejected" in run.out
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    (row,) = rejects(out)
    assert row["ssn"] == "***-**-6789" and row["dob"] == "1979-**-**"
    assert row["zip"] == "***-**-6789" and row["balance"] == "**/**/1979"  # slid cells too
    assert row["last_name"] == "Ray" and row["state"] == "ZZ"
    text = out.read_text(encoding="utf-8")
    assert not [s for s in SECRETS if s in text]


def test_rejects_full_writes_the_values_as_they_were(cli, tmp_path):
    bad = "A-2,Bo,Ray,1979-04-12,123-45-6789,ZZ,44301,,,,open"
    run = import_one(cli, tmp_path, bad, "--skip-invalid", "--rejects-full")
    assert run.code == 0
    out = tmp_path / "slid.rejects.csv"
    (row,) = rejects(out)
    assert (row["ssn"], row["dob"]) == ("123-45-6789", "1979-04-12")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
