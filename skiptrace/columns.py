"""Portfolio columns: the canonical names, and the header spellings each is known by.

The importer maps a file's headers with these, and so does ``skiptrace-cli match``
when it reads files of people: one table of spellings for both.
"""

from __future__ import annotations

import re


def header_key(header: str) -> str:
    """A header folded for comparison: lower case, letters, digits and ``#`` only."""
    return re.sub(r"[^a-z0-9#]", "", header.strip().lower())


# Header spellings seen in creditor and vendor files, folded by ``header_key``.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "account_id": (
        "accountid",
        "account",
        "acct",
        "acct#",
        "account#",
        "accountnumber",
        "acctno",
        "acctnum",
        "accountno",
        "id",
        "accountnbr",
        "loannumber",
    ),
    "first_name": ("firstname", "first", "fname", "givenname", "debtorfirstname"),
    "middle_name": ("middlename", "middle", "mname", "middleinitial", "mi"),
    "last_name": ("lastname", "last", "lname", "surname", "familyname", "debtorlastname"),
    "suffix": ("suffix", "namesuffix", "sfx"),
    "dob": ("dob", "dateofbirth", "birthdate", "birthday", "bday"),
    "ssn": ("ssn", "socialsecuritynumber", "social", "ssn#", "taxid", "ssnitin"),
    "ssn_last4": ("ssnlast4", "last4", "ssn4", "last4ssn", "ssnl4"),
    "address1": (
        "address1",
        "address",
        "addr1",
        "addr",
        "street",
        "streetaddress",
        "addressline1",
        "mailingaddress",
    ),
    "address2": ("address2", "addr2", "addressline2", "apt", "unit", "suite"),
    "city": ("city", "town"),
    "state": ("state", "st", "province"),
    "zip": ("zip", "zipcode", "postalcode", "postcode", "zip5", "zip+4"),
    "phone": (
        "phone",
        "phone1",
        "phonenumber",
        "homephone",
        "telephone",
        "tel",
        "primaryphone",
        "phone#",
    ),
    "phone2": ("phone2", "cellphone", "cell", "mobile", "mobilephone", "altphone"),
    "phone3": ("phone3", "workphone"),
    "email": ("email", "email1", "emailaddress", "e-mail"),
    "email2": ("email2",),
    "employer": ("employer", "employername", "workplace"),
    "creditor": ("creditor", "originalcreditor", "client", "creditorname"),
    "balance": ("balance", "currentbalance", "amountdue", "balancedue", "amount"),
    "assigned_to": ("assignedto", "collector", "assigned", "owner", "agent"),
    "status": ("status", "accountstatus", "acctstatus"),
}
HEADER_VARIANTS: dict[str, str] = {
    header_key(v): canon for canon, variants in _VARIANTS.items() for v in (canon, *variants)
}


def canonical_column(header: str) -> str:
    """The canonical column a header names, or the header itself when none is known."""
    return HEADER_VARIANTS.get(header_key(header), header)
