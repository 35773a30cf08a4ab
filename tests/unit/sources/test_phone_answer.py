"""A phone check's answer: written by connectors, read back by the contact check, one shape."""

from __future__ import annotations

from skiptrace.connector_api import PhoneAnswer


def test_an_answer_reads_back_as_it_was_written() -> None:
    answer = PhoneAnswer(
        "phone-lookup", "+17045550123", "2026-03-01", False, "no", safe_harbor=True,
        line_type="mobile", carrier="Verizon", asked_at="2026-12-01T10:00:00+00:00",
        more={"error_code": 60600},
    )  # fmt: skip
    kept = answer.evidence()
    assert kept["error_code"] == 60600
    assert PhoneAnswer.from_evidence(kept) == PhoneAnswer(
        "phone-lookup", "+17045550123", "2026-03-01", False, "no", True, "mobile", "Verizon",
        "2026-12-01T10:00:00+00:00",
    )  # fmt: skip


def test_a_reassigned_number_answer_carries_no_line_type() -> None:
    kept = PhoneAnswer("reassigned-number", "+17045550123", "2026-03-01", None, "no data",
                       safe_harbor=False).evidence()  # fmt: skip
    assert list(kept) == ["kind", "number", "date", "reassigned", "answer", "safe_harbor",
                          "asked_at"]  # fmt: skip
    read = PhoneAnswer.from_evidence(kept)
    assert read.reassigned is None and not read.safe_harbor and read.line_type == ""
