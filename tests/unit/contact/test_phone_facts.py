"""Line type and reassigned answers feed ranking and the contact check, from the evidence
the search log and search rows keep."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from skiptrace.candidate import REASSIGNED_TEXT, WIRELESS_TEXT, About, Candidate, SeenPhone
from skiptrace.contact.check import contact_check
from skiptrace.contact.phone_facts import phone_facts
from skiptrace.matching.live import score_candidates
from skiptrace.matching.ranking import rank_leads
from skiptrace.store import schema
from skiptrace.store.engine import write_connection
from skiptrace.workspace.workspace import Workspace
from tests.helpers.workspaces import sample_debtor
from tests.unit.contact.conftest import PHONE

NOON = datetime(2026, 6, 3, 12, 0, tzinfo=ZoneInfo("America/Phoenix"))


def store_search(ws: Workspace, search_id: str, started: str, evidence: list[dict]) -> None:
    with write_connection(ws.engine) as conn, conn.begin():
        conn.execute(
            schema.searches.insert().values(
                search_id=search_id,
                account_id="P-1",
                user_name="carla",
                subject_type="debtor",
                purposes="fcra-604a3a",
                started_seq=1,
                started_at=started,
                state="completed",
                outcomes=json.dumps({"twilio_lookup": {"status": "ok", "evidence": evidence}}),
            )
        )


def test_newest_answer_wins_and_blocks_the_call(desk: Workspace) -> None:
    old = {"number": PHONE, "date": "2024-03-01", "reassigned": False, "line_type": "landline"}
    new = {
        "number": "(602) 555-0143",
        "date": "2024-03-01",
        "reassigned": True,
        "line_type": "mobile",
        "safe_harbor": False,
    }
    store_search(desk, "s1", "2026-05-01T10:00:00Z", [old])
    store_search(desk, "s2", "2026-06-01T10:00:00Z", [new])
    with desk.engine.connect() as conn:
        facts = phone_facts(conn, "P-1", PHONE)
        verdict = contact_check(conn, "P-1", PHONE, NOON)
    assert facts.reassigned is True and facts.wireless and facts.search_id == "s2"
    assert [r.code for r in verdict.reasons] == ["reassigned"]
    assert REASSIGNED_TEXT in verdict.reasons[0].text and "2024-03-01" in verdict.reasons[0].text
    assert verdict.next_allowed is None
    assert any(WIRELESS_TEXT in n for n in verdict.notes)


def test_no_data_is_a_note_not_a_block(desk: Workspace) -> None:
    store_search(desk, "s1", "2026-05-01T10:00:00Z", [{"number": PHONE, "reassigned": None}])
    with desk.engine.connect() as conn:
        verdict = contact_check(conn, "P-1", PHONE, NOON)
    assert verdict.allowed and "no safe harbour" in verdict.notes[0]


def test_ranking_sinks_a_reassigned_number_and_labels_wireless() -> None:
    debtor = sample_debtor()
    cands = [
        Candidate(
            "twilio_lookup",
            "lookup:a",
            About.QUERY,
            phones=(SeenPhone("+16145550134", "mobile", status="reassigned"),),
        ),
        Candidate(
            "twilio_lookup", "lookup:b", About.QUERY, phones=(SeenPhone("+16145550199", "mobile"),)
        ),
    ]
    leads = [
        lead for lead in rank_leads(debtor, score_candidates(debtor, cands)) if lead.kind == "phone"
    ]
    assert [lead.value for lead in leads][-1] == "+16145550134"
    sunk = leads[-1]
    assert any(REASSIGNED_TEXT in r for r in sunk.reasons)
    assert any(r == WIRELESS_TEXT for r in leads[0].reasons)
