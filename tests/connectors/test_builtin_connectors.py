"""The seven built-in connectors: the shared contract plus what each source must get right."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from connectors.census_geocoder import CensusGeocoder
from connectors.courtlistener import CourtListener
from connectors.demo import DemoRecords
from connectors.phone_info import PhoneInfo
from connectors.rest_json import RestJson
from connectors.vendor_file import VendorFile
from connectors.workspace_history import WorkspaceHistory
from skiptrace.connector_api import (
    About,
    AccountHistory,
    LeadKind,
    PastDisposition,
    PastLead,
    Status,
    SubjectType,
)
from skiptrace.model import Address
from skiptrace.testing import SECRET, ConnectorContract, sample_query
from tests.connectors import shapes
from tests.helpers.rest_vendor import FIELDS, vendor_person


class TestDemo(ConnectorContract):
    connector = DemoRecords
    registered_as = "demo"

    def query(self):  # a debtor of the shipped demo portfolio
        return sample_query(
            first_name="Linda",
            middle_name="",
            last_name="Sanchez",
            ssn_last4="5992",
            phones=("6158079264",),
            addresses=(),
        )

    def test_returns_the_debtor_under_a_later_address(self, server):
        outcome = self.run_search(server)
        lines = {a.address.line1 for c in outcome.candidates for a in c.addresses}
        assert "9363 Pine Ln" in lines  # moved there after the account was opened

    def test_relatives_only_when_third_parties_are_covered(self, server):
        outcome = self.run_search(server)
        assert all(c.relationship == "" for c in outcome.candidates)


class TestPhoneInfo(ConnectorContract):
    connector = PhoneInfo
    registered_as = "phone_info"

    def test_us_line_type_is_unknown_not_guessed(self, server):
        c = self.run_search(server).candidates[0]
        assert c.about is About.QUERY
        assert c.phones[0].number == "+16145550134"
        assert c.phones[0].line_type == "unknown"
        assert "mobile or landline" in c.raw["line_type_note"]
        assert c.raw["time_zones"] == ["America/New_York"]

    def test_an_invalid_number_is_said_to_be_invalid(self, server):
        self.query = lambda: sample_query(phones=("12",))  # type: ignore[method-assign]
        c = self.run_search(server).candidates[0]
        assert c.phones[0].status == "invalid"


# what the geocoder is asked to answer with, on either endpoint
CENSUS_ANSWER_FORM = {"benchmark": "Public_AR_Current", "format": "json"}


class TestCensusGeocoder(ConnectorContract):
    connector = CensusGeocoder
    registered_as = "census_geocoder"

    def arrange_hit(self, server):
        server.expect_request(
            "/geocoder/locations/address",
            query_string={
                "street": "12 N Main St",
                "city": "Columbus",
                "state": "OH",
                "zip": "43215",
                **CENSUS_ANSWER_FORM,
            },
        ).respond_with_json(shapes.census_match())

    def test_standardised_address_and_coordinates(self, server):
        self.arrange_hit(server)
        c = self.run_search(server).candidates[0]
        assert c.about is About.QUERY
        assert c.addresses[0].address == Address("12 N MAIN ST", "Apt 4", "COLUMBUS", "OH", "43215")
        geo = c.flags[0]
        assert geo.kind is LeadKind.GEOCODE
        assert geo.detail["latitude"] == "39.96244"

    def test_no_match_is_a_no_hit_that_says_so(self, server):
        server.expect_request("/geocoder/locations/address").respond_with_json(
            shapes.census_no_match()
        )
        outcome = self.run_search(server)
        assert outcome.status is Status.NO_HIT
        assert "matched none" in outcome.message

    def test_an_unparsed_address_uses_the_one_line_endpoint(self, server):
        server.expect_request(
            "/geocoder/locations/onelineaddress",
            query_string={"address": "12 Main St Columbus", **CENSUS_ANSWER_FORM},
        ).respond_with_json(shapes.census_match())
        self.query = lambda: sample_query(addresses=(Address("12 Main St Columbus"),))  # type: ignore[method-assign]
        assert self.run_search(server).status is Status.OK

    def test_a_changed_api_is_a_bad_response_naming_the_field(self, server):
        data = shapes.census_match()
        data["result"]["addressMatches"][0]["coordinates"] = {"lon": 1, "lat": 2}
        server.expect_request("/geocoder/locations/address").respond_with_json(data)
        outcome = self.run_search(server)
        assert outcome.status is Status.BAD_RESPONSE
        assert outcome.field == "result.addressMatches[0].coordinates.x"


class TestCourtListener(ConnectorContract):
    connector = CourtListener
    registered_as = "courtlistener"

    def arrange_hit(self, server):
        server.expect_request(
            "/api/rest/v4/search/", headers={"Authorization": f"Token {SECRET}"}
        ).respond_with_json(shapes.courtlistener_dockets())

    def test_bankruptcy_and_civil_dockets(self, server):
        self.arrange_hit(server)
        outcome = self.run_search(server)
        bk, civil = outcome.candidates
        assert bk.flags[0].kind is LeadKind.BANKRUPTCY
        assert bk.flags[0].detail["chapter"] == "7"
        assert bk.flags[0].detail["case_number"] == "2:25-bk-51234"
        assert bk.flags[0].date == "2025-03-14"
        assert (bk.first_name, bk.last_name) == ("Robert", "Kowalski")
        assert civil.flags[0].kind is LeadKind.LITIGATION
        request = server.log[0][0]
        assert request.args["type"] == "d"
        assert "Kowalski" in request.args["q"]

    def test_a_bad_token_is_auth_failed_not_empty(self, server):
        server.expect_request("/api/rest/v4/search/").respond_with_json(
            {"detail": "Invalid token."}, status=401
        )
        outcome = self.run_search(server)
        assert outcome.status is Status.AUTH_FAILED
        assert SECRET not in outcome.message


GENERIC_HEADER = [
    "RECORD_ID",
    "ACCOUNT_ID",
    "FIRST_NAME",
    "MIDDLE_NAME",
    "LAST_NAME",
    "SUFFIX",
    "DOB",
    "SSN_LAST4",
    "ADDRESS1",
    "ADDRESS2",
    "CITY",
    "STATE",
    "ZIP",
    "ADDR_FIRST_SEEN",
    "ADDR_LAST_SEEN",
    "PHONE1",
    "PHONE1_TYPE",
    "PHONE1_LAST_SEEN",
    "PHONE2",
    "PHONE2_TYPE",
    "PHONE2_LAST_SEEN",
    "EMAIL",
    "EMPLOYER",
    "DECEASED",
    "DECEASED_DATE",
    "BK_CHAPTER",
    "BK_FILED",
    "BK_COURT",
]


def write_return_file(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=GENERIC_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in GENERIC_HEADER})
    return path


class TestVendorFile(ConnectorContract):
    connector = VendorFile
    registered_as = "vendor_file"

    @pytest.fixture(autouse=True)
    def _file(self, tmp_path):
        self.path = write_return_file(
            tmp_path / "return.csv",
            [
                {
                    "RECORD_ID": "V1",
                    "ACCOUNT_ID": "A-1",
                    "FIRST_NAME": "ROBERT",
                    "LAST_NAME": "KOWALSKI",
                    "DOB": "04/12/1979",
                    "SSN_LAST4": "6789",
                    "ADDRESS1": "55 Elm St",
                    "CITY": "Dayton",
                    "STATE": "OH",
                    "ZIP": "45402",
                    "ADDR_LAST_SEEN": "2026-08-01",
                    "PHONE1": "9375550199",
                    "PHONE1_TYPE": "Mobile",
                    "BK_CHAPTER": "13",
                    "BK_FILED": "2025-01-02",
                },
                {"RECORD_ID": "V2", "ACCOUNT_ID": "A-2", "FIRST_NAME": "ANNA", "LAST_NAME": "LEE"},
            ],
        )

    def settings(self, server):
        return {"path": str(self.path)}

    def test_rows_are_found_by_account_and_mapped(self, server):
        (c,) = self.run_search(server).candidates
        assert c.record_id == "V1"
        assert c.dob is not None and c.dob.isoformat() == "1979-04-12"
        assert c.addresses[0].address.city == "Dayton"
        assert c.addresses[0].last_seen == "2026-08-01"
        assert c.phones[0].line_type == "mobile"
        assert c.flags[0].kind is LeadKind.BANKRUPTCY and c.flags[0].detail["chapter"] == "13"

    def test_a_mapping_naming_a_missing_column_says_which(self, server, tmp_path):
        mapping = tmp_path / "m.json"
        mapping.write_text(json.dumps({"account_id": "ACCOUNT_ID", "first_name": "GIVEN"}))
        self.settings = lambda server: {"path": str(self.path), "mapping": str(mapping)}  # type: ignore[method-assign]
        outcome = self.run_search(server)
        assert outcome.status is Status.ERROR
        assert "'GIVEN'" in outcome.message


BOB = vendor_person(
    "P-9",
    ("Bob", "Kowalski"),
    "1979-04-12",
    ("77 Oak Ave", "Akron", "OH", "44301"),
    "2026-05-01",
    "3305550100",
    "landline",
    ["bob@example.com"],
)


class TestRestJson(ConnectorContract):
    connector = RestJson
    registered_as = "rest_json"

    def settings(self, server):
        return {
            "url": server.url_for("/v2/people/{last_name}"),
            "params": json.dumps({"first": "{first_name}", "zip": "{zip}"}),
            "purpose_param": "dppa",
            "purpose_map": json.dumps({"fcra-604a3a": "3"}),
            "auth_header": "X-Api-Key",
            "results_path": "data.people",
            "fields": json.dumps(FIELDS),
        }

    def secrets(self):
        return {"api_key": SECRET}

    def arrange_hit(self, server):
        server.expect_request(
            "/v2/people/Kowalski",
            query_string={"first": "Robert", "zip": "43215", "dppa": "3"},
            headers={"X-Api-Key": SECRET},
        ).respond_with_json({"data": {"people": [BOB]}})

    def test_missing_credential_fails_before_any_request(self, server):
        self.arrange_hit(server)
        outcome = self.run_search(server, secrets={})
        assert outcome.status is Status.AUTH_FAILED
        assert server.log == []

    def test_purpose_codes_and_fields_are_mapped(self, server):
        self.arrange_hit(server)
        (c,) = self.run_search(server).candidates
        assert (c.record_id, c.first_name) == ("P-9", "Bob")
        assert c.addresses[0].address.zip == "44301"
        assert c.addresses[0].last_seen == "2026-05-01"
        assert c.phones[0].line_type == "landline"
        assert c.emails == ("bob@example.com",)

    def test_a_record_of_the_wrong_shape_names_the_field(self, server):
        server.expect_request("/v2/people/Kowalski").respond_with_json(
            {"data": {"people": {"id": 1}}}
        )
        outcome = self.run_search(server)
        assert outcome.status is Status.BAD_RESPONSE
        assert outcome.field == "data.people"

    @pytest.mark.parametrize("status", [404, 500, 401])
    def test_a_failure_message_never_names_the_subject_in_the_path(self, server, status):
        server.expect_request("/v2/people/Kowalski").respond_with_data("", status=status)
        outcome = self.run_search(server)
        assert outcome.status is not Status.OK
        assert "/v2/people/{last_name}" in outcome.message
        assert "Kowalski" not in outcome.message

    def test_post_sends_the_params_as_a_json_body(self, server):
        server.expect_request(
            "/v2/people/Kowalski",
            method="POST",
            json={"first": "Robert", "zip": "43215", "dppa": "3"},
        ).respond_with_json({"data": {"people": []}})
        base = self.settings(server)
        self.settings = lambda server: {**base, "method": "POST"}  # type: ignore[method-assign]
        assert self.run_search(server).status is Status.NO_HIT


class TestWorkspaceHistory(ConnectorContract):
    connector = WorkspaceHistory
    registered_as = "workspace_history"

    def context_extras(self) -> dict[str, Any]:
        history = AccountHistory(
            leads=(
                PastLead("phone", "6145550134", "s1", "2026-09-01T10:00:00Z"),
                PastLead("address", "55 Elm St, Dayton, OH 45402", "s1", "2026-09-01"),
            ),
            dispositions=(
                PastDisposition(
                    "phone", "6145550134", "disconnected", "alice", "2026-09-20T12:00:00Z"
                ),
            ),
        )
        return {"history": lambda account_id: history if account_id == "A-1" else AccountHistory()}

    def test_a_disconnected_number_shows_as_disconnected(self, server):
        (c,) = self.run_search(server).candidates
        phone = c.phones[0]
        assert (phone.number, phone.status, phone.last_seen) == (
            "6145550134",
            "disconnected",
            "2026-09-20",
        )
        assert c.addresses[0].address == Address("55 Elm St", "", "Dayton", "OH", "45402")
        assert c.addresses[0].status == "earlier lead"

    def test_an_account_without_history_is_a_no_hit(self, server):
        self.query = lambda: sample_query(account_id="A-9")  # type: ignore[method-assign]
        assert self.run_search(server).status is Status.NO_HIT


def test_demo_relatives_with_a_third_party_purpose():
    # find a relative record and ask for its surname with and without third-party cover
    from connectors.demo import _records
    from tests.helpers.loopback import make_context

    records, _ = _records()
    rel = next(r for r in records if r.get("relative_of"))
    base = dict(
        first_name=rel["first_name"], last_name=rel["last_name"], phones=(), ssn_last4="", dob=None
    )
    without = DemoRecords().search(sample_query(**base), make_context("demo"))
    with_tp = DemoRecords().search(
        sample_query(**base, covered_subjects=frozenset(SubjectType)), make_context("demo")
    )
    assert not any(c.record_id == rel["record_id"] for c in without.candidates)
    assert any(
        c.record_id == rel["record_id"] and c.relationship == "relative" for c in with_tp.candidates
    )
