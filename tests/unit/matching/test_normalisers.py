"""Normalisers on awkward real-world forms."""

from __future__ import annotations

from datetime import date

from skiptrace.matching.addresses import normalise_zip, standardise_address
from skiptrace.matching.dates import DobAgreement, compare_dob_keys, dob_key, parse_dob
from skiptrace.matching.names import are_nicknames, normalise_name, parse_full_name
from skiptrace.matching.phones import normalise_phone, phone_key
from skiptrace.model import Address


def test_names_fold_case_accents_punctuation_and_suffixes() -> None:
    assert normalise_name("  JOSÉ ", "", "O'Brien-Núñez") == normalise_name(
        "jose", "", "obrien nunez"
    )
    smith = normalise_name("Dr. John Q", "", "Smith Jr.")
    assert (smith.first, smith.middle, smith.last, smith.generation) == ("john", "q", "smith", "jr")
    assert normalise_name("Mary Ann", "", "Lee").first == normalise_name("Maryann", "", "Lee").first
    full = parse_full_name("SMITH-JONES, Mary Ann III")
    assert full.last_parts == ("smith", "jones") and full.generation == "iii"
    assert normalise_name("", "", "Garcia, Maria").first == "maria"


def test_nicknames_from_the_curated_table() -> None:
    assert are_nicknames("bob", "robert") and are_nicknames("peggy", "margaret")
    assert not are_nicknames("robert", "robert") and not are_nicknames("linda", "robert")


def test_addresses_standardise_to_pub28_and_share_a_key() -> None:
    keys = {
        standardise_address(Address("123 N Main St", "Apt 4", "Springfield", "IL", "62704")).key,
        standardise_address(Address("123 North Main Street #4", "", "springfield", "Illinois",
                                    "62704-1234")).key,
        standardise_address(Address("123 NORTH MAIN STREET", "UNIT 4", "", "", "62704")).key,
    }  # fmt: skip
    assert keys == {"123 N MAIN ST # 4|62704"}
    box = standardise_address(Address("P.O. Box 55", "", "Tampa", "FL", "33602"))
    assert box.po_box == "55" and box.line == "PO BOX 55"
    court = standardise_address(Address("4 Court Street", "", "", "", ""))
    assert court.street == "COURT ST"
    assert normalise_zip("2134") == ("02134", "")  # leading zero lost in a spreadsheet
    assert normalise_zip("33602-1234") == ("33602", "1234")
    assert normalise_zip("n/a") == ("", "")


def test_phones_to_e164_extension_removed_invalid_flagged() -> None:
    p = normalise_phone("(813) 555-0123 ext. 45")
    assert (p.e164, p.extension, p.valid) == ("+18135550123", "45", True)
    assert phone_key("1-813-555-0123") == phone_key("+1 813 555 0123") == "+18135550123"
    bad = normalise_phone("555-01")
    assert bad.valid is False and bad.key == "55501"
    assert normalise_phone("not a phone").valid is False


def test_dates_of_birth_in_several_forms() -> None:
    born = date(1971, 3, 14)
    for text in ("1971-03-14", "03/14/1971", "19710314", "3/14/71", "1971-03-14 00:00:00"):
        assert parse_dob(text) == born, text
    assert parse_dob("31/31/1971") is None and parse_dob("") is None
    assert parse_dob("1850-01-01") is None


def test_dob_partial_agreement_is_not_equality() -> None:
    a = dob_key(date(1971, 3, 4))
    assert compare_dob_keys(a, a) is DobAgreement.EXACT
    assert compare_dob_keys(a, dob_key(date(1971, 4, 3))) is DobAgreement.SWAPPED
    assert compare_dob_keys(a, dob_key(date(1971, 3, 5))) is DobAgreement.TYPO
    assert compare_dob_keys(a, "19713004"[:0] or "19710304".replace("0304", "0340")) in (
        DobAgreement.TYPO,
        DobAgreement.SAME_YEAR,
    )
    assert compare_dob_keys(a, dob_key(date(1990, 6, 1))) is DobAgreement.DIFFERS
    assert compare_dob_keys(a, "") is DobAgreement.MISSING
