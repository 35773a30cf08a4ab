"""twilio_lookup and rnd_agent over real HTTP on loopback, answering as the documented
services do: the shared contract, basic auth, the date asked about, auth failure, 429,
"no data", and the query and answer kept as evidence."""

from __future__ import annotations

import base64
from typing import Any

from connectors.rnd_agent import RndAgent
from connectors.twilio_lookup import TwilioLookup
from skiptrace.connector_api import About, AccountHistory, PastDisposition, Status
from skiptrace.testing import SECRET, ConnectorContract


def twilio_answer(
    number: str = "+16145550134",
    line: str = "mobile",
    reassigned: str | None = "no",
    date: str = "2024-03-01",
) -> dict[str, Any]:
    """Twilio Lookup v2's documented JSON for Fields=line_type_intelligence,reassigned_number."""
    return {
        "calling_country_code": "1",
        "country_code": "US",
        "phone_number": number,
        "national_format": "(614) 555-0134",
        "valid": True,
        "validation_errors": [],
        "caller_name": None,
        "sim_swap": None,
        "call_forwarding": None,
        "line_status": None,
        "line_type_intelligence": {
            "carrier_name": "T-Mobile USA, Inc.",
            "error_code": None,
            "mobile_country_code": "310",
            "mobile_network_code": "160",
            "type": line,
        },
        "identity_match": None,
        "reassigned_number": {
            "last_verified_date": date,
            "is_number_reassigned": reassigned,
            "error_code": None if reassigned else 60617,
        },
        "sms_pumping_risk": None,
        "phone_number_quality_score": None,
        "pre_fill": None,
        "url": f"https://lookups.twilio.com/v2/PhoneNumbers/{number}",
    }


CONSENT = AccountHistory(consent_date="2024-03-01")


class ConsentedContract(ConnectorContract):
    """The contract run for a connector that asks when the consumer gave the number."""

    def context_extras(self) -> dict[str, Any]:
        return {"history": lambda account_id: CONSENT}


class TestTwilioLookup(ConsentedContract):
    connector = TwilioLookup
    registered_as = "twilio_lookup"

    def settings(self, server):  # type: ignore[no-untyped-def]
        return {"base_url": server.url_for("").rstrip("/"), "retries": "0"}

    def arrange_hit(self, server):  # type: ignore[no-untyped-def]
        auth = base64.b64encode(f"{SECRET}:{SECRET}".encode()).decode()
        server.expect_request(
            "/v2/PhoneNumbers/+16145550134",
            query_string={
                "Fields": "line_type_intelligence,reassigned_number",
                "LastVerifiedDate": "20240301",
            },
            headers={"Authorization": f"Basic {auth}"},
        ).respond_with_json(twilio_answer())

    def test_line_type_carrier_and_safe_harbour_evidence(self, server):  # type: ignore[no-untyped-def]
        self.arrange_hit(server)
        outcome = self.run_search(server)
        c = outcome.candidates[0]
        assert c.about is About.QUERY and c.phones[0].line_type == "mobile"
        assert c.phones[0].status == ""
        (item,) = outcome.evidence
        assert item["number"] == "+16145550134" and item["date"] == "2024-03-01"
        assert item["reassigned"] is False and item["safe_harbor"] is True
        assert item["carrier"] == "T-Mobile USA, Inc."
        assert outcome.summary()["evidence"] == [item]  # what search.completed keeps

    def test_reassigned_number_is_marked(self, server):  # type: ignore[no-untyped-def]
        server.expect_request("/v2/PhoneNumbers/+16145550134").respond_with_json(
            twilio_answer(line="landline", reassigned="yes")
        )
        outcome = self.run_search(server)
        assert outcome.candidates[0].phones[0].status == "reassigned"
        assert outcome.evidence[0]["reassigned"] is True and not outcome.evidence[0]["safe_harbor"]

    def test_no_data_gives_no_safe_harbour(self, server):  # type: ignore[no-untyped-def]
        server.expect_request("/v2/PhoneNumbers/+16145550134").respond_with_json(
            twilio_answer(reassigned=None)
        )
        outcome = self.run_search(server)
        assert (
            outcome.status is Status.OK and "without a reassigned-number answer" in outcome.message
        )
        assert outcome.evidence[0]["reassigned"] is None
        assert outcome.evidence[0]["error_code"] == 60617

    def test_a_verified_disposition_is_the_date_asked_about(self, server):  # type: ignore[no-untyped-def]
        seen = AccountHistory(
            dispositions=(
                PastDisposition(
                    "phone", "(614) 555-0134", "verified", "carla", "2025-09-30T15:00:00Z"
                ),
            ),
            consent_date="2024-03-01",
        )
        self.context_extras = lambda: {"history": lambda a: seen}  # type: ignore[method-assign]
        server.expect_request(
            "/v2/PhoneNumbers/+16145550134",
            query_string={
                "Fields": "line_type_intelligence,reassigned_number",
                "LastVerifiedDate": "20250930",
            },
        ).respond_with_json(twilio_answer())
        assert self.run_search(server).evidence[0]["date"] == "2025-09-30"

    def test_no_date_asks_line_type_only(self, server):  # type: ignore[no-untyped-def]
        self.context_extras = lambda: {"history": lambda a: AccountHistory()}  # type: ignore[method-assign]
        server.expect_request(
            "/v2/PhoneNumbers/+16145550134", query_string={"Fields": "line_type_intelligence"}
        ).respond_with_json(twilio_answer() | {"reassigned_number": None})
        outcome = self.run_search(server)
        assert outcome.evidence[0]["reassigned"] is None and outcome.evidence[0]["date"] == ""

    def test_auth_failure(self, server):  # type: ignore[no-untyped-def]
        server.expect_request("/v2/PhoneNumbers/+16145550134").respond_with_json(
            {
                "code": 20003,
                "message": "Authenticate",
                "more_info": "https://www.twilio.com/docs/errors/20003",
                "status": 401,
            },
            status=401,
        )
        outcome = self.run_search(server)
        assert outcome.status is Status.AUTH_FAILED and SECRET not in outcome.message

    def test_rate_limited(self, server):  # type: ignore[no-untyped-def]
        server.expect_request("/v2/PhoneNumbers/+16145550134").respond_with_json(
            {"code": 20429, "message": "Too Many Requests", "status": 429},
            status=429,
            headers={"Retry-After": "30"},
        )
        outcome = self.run_search(server)
        assert outcome.status is Status.RATE_LIMITED and outcome.retry_after == 30


class TestRndAgent(ConsentedContract):
    connector = RndAgent
    registered_as = "rnd_agent"

    def settings(self, server):  # type: ignore[no-untyped-def]
        return {"base_url": server.url_for("/api").rstrip("/"), "retries": "0"}

    def arrange_hit(self, server, answer: bool | None = False):  # type: ignore[no-untyped-def]
        server.expect_request(
            "/api/RNDBasic",
            query_string={"phoneNumber": "6145550134", "date": "20240301"},
            headers={"loginId": SECRET},
        ).respond_with_json(
            {"PhoneNumber": "6145550134", "IsReassigned": answer, "HasSafeHarbor": answer is False}
        )

    def test_no_is_the_safe_harbour(self, server):  # type: ignore[no-untyped-def]
        self.arrange_hit(server)
        outcome = self.run_search(server)
        (item,) = outcome.evidence
        assert item == item | {
            "number": "+16145550134",
            "date": "2024-03-01",
            "reassigned": False,
            "answer": "no",
            "safe_harbor": True,
        }

    def test_yes_marks_the_number_reassigned(self, server):  # type: ignore[no-untyped-def]
        self.arrange_hit(server, answer=True)
        outcome = self.run_search(server)
        assert outcome.candidates[0].phones[0].status == "reassigned"
        assert outcome.evidence[0]["answer"] == "yes"

    def test_no_data(self, server):  # type: ignore[no-untyped-def]
        self.arrange_hit(server, answer=None)
        outcome = self.run_search(server)
        assert "no data in the database (no safe harbour)" in outcome.message
        assert outcome.evidence[0]["reassigned"] is None and not outcome.evidence[0]["safe_harbor"]

    def test_no_date_on_the_account_asks_nothing(self, server):  # type: ignore[no-untyped-def]
        self.context_extras = lambda: {"history": lambda a: AccountHistory()}  # type: ignore[method-assign]
        outcome = self.run_search(server)
        assert outcome.status is Status.NO_HIT and "no consent, placement" in outcome.message
        assert server.log == []

    def test_changed_api_names_the_field(self, server):  # type: ignore[no-untyped-def]
        server.expect_request("/api/RNDBasic").respond_with_json({"HasSafeHarbor": True})
        outcome = self.run_search(server)
        assert outcome.status is Status.BAD_RESPONSE and outcome.field == "IsReassigned"

    def test_auth_failure_and_429(self, server):  # type: ignore[no-untyped-def]
        server.expect_oneshot_request("/api/RNDBasic").respond_with_json(
            {"Message": "Invalid loginId"}, status=401
        )
        assert self.run_search(server).status is Status.AUTH_FAILED
        server.expect_oneshot_request("/api/RNDBasic").respond_with_data("slow down", status=429)
        assert self.run_search(server).status is Status.RATE_LIMITED
