"""Portfolio import: good files, bad rows with exact messages, odd encodings, XLSX."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from skiptrace.model import AccountStatus
from skiptrace.portfolio.importer import import_portfolio
from skiptrace.portfolio.reader import PortfolioError, load_mapping, read_portfolio
from skiptrace.store.accounts import count_accounts, find_accounts, history, load_debtor

HEADER = "Acct #,First Name,Last Name,DOB,SSN,Address,City,State,Zip Code,Phone 1,Balance,Status"
ROWS = [
    "A-100,José,Núñez,04/12/1979,123-45-6789,12 N Main St,Columbus,OH,43215,(614) 555-0134,"
    '"$1,234.50",Open',
    "A-101,Peggy,O'Brien,1985-02-28,,4 Elm Ave,Dayton,Ohio,45402-1234,937.555.0101,99,active",
    "A-102,Bob,Smith,19900101,987654321,9 Oak Rd,Erie,PA,16501,8145550199,0,C&D",
]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def good_csv(tmp_path: Path, encoding: str = "utf-8") -> Path:
    return write(tmp_path / "portfolio.csv", "\n".join([HEADER, *ROWS]) + "\n", encoding)


def test_good_file_imports_with_header_variants(workspace, tmp_path):
    report = import_portfolio(workspace, good_csv(tmp_path))
    assert (report.rows, report.created, report.rejected) == (3, 3, 0)
    with workspace.engine.connect() as conn:
        d = load_debtor(conn, "A-100", workspace.cipher)
        assert d is not None
        assert (d.first_name, d.last_name) == ("José", "Núñez")
        assert d.dob == date(1979, 4, 12)
        assert d.ssn == "123456789" and d.ssn_last4 == "6789"
        assert d.balance == Decimal("1234.50")
        assert d.addresses[0].zip == "43215"
        peggy = load_debtor(conn, "A-101")
        assert peggy is not None
        assert peggy.addresses[0].state == "OH" and peggy.addresses[0].zip == "45402-1234"
        bob = load_debtor(conn, "A-102")
        assert bob is not None and bob.status is AccountStatus.CEASE_CONTACT
        assert [a.account_id for a in find_accounts(conn, "614 555 0134")] == ["A-100"]
        assert [a.account_id for a in find_accounts(conn, "o'brien")] == ["A-101"]
    assert workspace.log.entries().__next__().event == "workspace.created"
    last = list(workspace.log.entries())[-1]
    assert last.event == "portfolio.imported" and last.details["created"] == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(workspace, tmp_path, encoding):
    report = import_portfolio(workspace, good_csv(tmp_path, encoding))
    assert report.created == 3
    with workspace.engine.connect() as conn:
        d = load_debtor(conn, "A-100")
        assert d is not None and d.first_name == "José"


def test_unreadable_encoding_names_the_row(workspace, tmp_path):
    raw = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")
    raw = raw.replace(b"Smith", b"Sm\x81th")  # 0x81: neither UTF-8 nor cp1252
    path = tmp_path / "broken.csv"
    path.write_bytes(raw)
    with pytest.raises(PortfolioError) as err:
        import_portfolio(workspace, path)
    assert str(err.value).startswith("broken.csv, row 4: unreadable encoding: byte 0x81")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "A-200,Ann,Lee,13/45/1980,,1 A St,Akron,OH,44301,,,open",
            "bad.csv, row 3, column DOB (dob): bad date: use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD",
        ),
        (
            "A-200,Ann,Lee,,12345,1 A St,Akron,OH,44301,,,open",
            "bad.csv, row 3, column SSN (ssn): bad SSN: expected 9 digits",
        ),
        (
            "A-200,Ann,Lee,,,1 A St,Akron,XX,44301,,,open",
            "bad.csv, row 3, column State (state): bad state 'XX': use a two-letter USPS code "
            "such as NY",
        ),
        (
            "A-200,Ann,Lee,,,1 A St,Akron,OH,4430,,,open",
            "bad.csv, row 3, column Zip Code (zip): bad ZIP '4430': expected 5 digits or ZIP+4",
        ),
        (
            "A-200,Ann,Lee,,,1 A St,Akron,OH,44301,call me,,open",
            "bad.csv, row 3, column Phone 1 (phone): bad phone 'call me': expected a number with "
            "7 to 15 digits",
        ),
        (
            "A-200,Ann,Lee,,,1 A St,Akron,OH,44301,,lots,open",
            "bad.csv, row 3, column Balance (balance): bad balance 'lots': expected an amount "
            "such as 1234.56",
        ),
        (
            "A-200,Ann,Lee,,,1 A St,Akron,OH,44301,,,frozen",
            "bad.csv, row 3, column Status (status): bad status 'frozen': expected one of open, "
            "closed, recalled, bankrupt, deceased, cease-contact, litigation",
        ),
        (
            ",Ann,Lee,,,1 A St,Akron,OH,44301,,,open",
            "bad.csv, row 3, column Acct # (account_id): missing account id",
        ),
        (
            "A-100,Ann,Lee,,,1 A St,Akron,OH,44301,,,open",
            "bad.csv, row 3, column Acct # (account_id): duplicate account id 'A-100' (first "
            "seen on row 2)",
        ),
    ],
)
def test_bad_row_imports_nothing_and_names_file_row_column(workspace, tmp_path, row, message):
    path = write(tmp_path / "bad.csv", "\n".join([HEADER, ROWS[0], row, ROWS[2]]) + "\n")
    with pytest.raises(PortfolioError) as err:
        import_portfolio(workspace, path)
    assert err.value.errors[0].__str__() == message
    with workspace.engine.connect() as conn:
        assert count_accounts(conn) == 0
    assert [e.event for e in workspace.log.entries()] == ["workspace.created"]


def test_errors_never_echo_ssn_or_dob(tmp_path):
    path = write(
        tmp_path / "bad.csv",
        HEADER + "\nA-1,Ann,Lee,1980-02-30,123-45-678,1 A St,Akron,OH,44301,,,open\n",
    )
    result = read_portfolio(path)
    text = " ".join(str(e) for e in result.errors)
    assert "1980-02-30" not in text and "123-45-678" not in text
    assert len(result.errors) == 2


def test_skip_invalid_imports_good_rows_and_writes_rejects(workspace, tmp_path):
    bad = "A-300,Ann,Lee,,,1 A St,Akron,OH,44301,,,frozen"
    path = write(tmp_path / "mixed.csv", "\n".join([HEADER, ROWS[0], bad, ROWS[1]]) + "\n")
    report = import_portfolio(workspace, path, skip_invalid=True)
    assert (report.created, report.rejected) == (2, 1)
    assert report.rejects_file == tmp_path / "mixed.rejects.csv"
    with report.rejects_file.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["row"] == "3" and rows[0]["Acct #"] == "A-300"
    assert rows[0]["reason"].startswith("bad status 'frozen'")


def test_reimport_updates_and_keeps_history(workspace, tmp_path):
    import_portfolio(workspace, good_csv(tmp_path))
    changed = ROWS[1].replace("4 Elm Ave", "77 Pine St").replace(",99,", ",120.00,")
    path = write(tmp_path / "update.csv", "\n".join([HEADER, changed]) + "\n")
    report = import_portfolio(workspace, path)
    assert (report.created, report.updated) == (0, 1)
    with workspace.engine.connect() as conn:
        d = load_debtor(conn, "A-101")
        assert d is not None and d.addresses[0].line1 == "77 Pine St"
        h = history(conn, "A-101")
    assert h[0]["source"] == "update.csv"
    assert set(h[0]["changes"]) == {"addresses", "balance"}  # type: ignore[arg-type]
    # an unchanged re-import changes nothing
    assert import_portfolio(workspace, path).unchanged == 1


def test_reimport_without_ssn_keeps_the_one_on_file(workspace, tmp_path):
    import_portfolio(workspace, good_csv(tmp_path))
    no_ssn = ROWS[0].replace("123-45-6789", "")
    import_portfolio(workspace, write(tmp_path / "u.csv", HEADER + "\n" + no_ssn + "\n"))
    with workspace.engine.connect() as conn:
        d = load_debtor(conn, "A-100", workspace.cipher)
    assert d is not None and d.ssn == "123456789"


def test_xlsx_with_numeric_cells_and_dates(workspace, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Account Number", "First", "Last", "Birth Date", "ZIP", "Phone", "Balance"])
    sheet.append(["X-1", "Ann", "Lee", date(1970, 5, 6), 2134, 6175550100, 12.5])
    path = tmp_path / "portfolio.xlsx"
    book.save(path)
    report = import_portfolio(workspace, path)
    assert report.created == 1
    with workspace.engine.connect() as conn:
        d = load_debtor(conn, "X-1", workspace.cipher)
    assert d is not None
    assert d.dob == date(1970, 5, 6)
    assert d.addresses[0].zip == "02134"  # Excel dropped the leading zero
    assert d.phones[0].number == "6175550100"
    assert d.balance == Decimal("12.5")


def test_mapping_file_names_the_rest(workspace, tmp_path):
    path = write(tmp_path / "vendor.csv", "Ref,Given,Family,Bal\nV-1,Ann,Lee,10\n")
    with pytest.raises(PortfolioError, match="no account id column"):
        import_portfolio(workspace, path)
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {"Ref": "account_id", "Given": "first_name", "Family": "last_name", "Bal": "balance"}
        )
    )
    report = import_portfolio(workspace, path, mapping=load_mapping(mapping))
    assert report.created == 1
    csv_map = write(
        tmp_path / "map.csv", "source,column\nRef,account_id\nGiven,first_name\nFamily,last_name\n"
    )
    assert load_mapping(csv_map)["ref"] == "account_id"
    bad_map = write(tmp_path / "bad.json", json.dumps({"Ref": "acct"}))
    with pytest.raises(PortfolioError, match="unknown column 'acct'"):
        load_mapping(bad_map)


def test_ssn_and_dob_are_encrypted_at_rest(workspace, tmp_path):
    import_portfolio(workspace, good_csv(tmp_path))
    workspace.engine.dispose()
    assert workspace.path is not None
    blob = workspace.path.read_bytes()
    wal = workspace.path.with_name(workspace.path.name + "-wal")
    if wal.exists():
        blob += wal.read_bytes()
    for secret in (
        b"123456789",
        b"123-45-6789",
        b"987654321",
        b"1979-04-12",
        b"04/12/1979",
        b"1990-01-01",
    ):
        assert secret not in blob
