"""Review rules over contact attempts and SCRA checks, each re-derived from the log.

The rules do not trust the check the desk showed: they recompute from the
``contact.attempt`` entries themselves (the time given for each call, the zones recorded
for it, the attempts before it), so a call recorded against the check, or with a clock
that was wrong, still shows.

* calls outside 08:00-21:00 at the consumer (Reg F §1006.6(b)(1)(i));
* more than 7 call attempts in 7 days, or a call within 7 days of a conversation
  (§1006.14(b)(2));
* a second location call to the same third party without an exception (§1006.10(c));
* a call to a number the RND reported reassigned (47 CFR 64.1200(m));
* searches on legal-status accounts with no SCRA check, or whose servicemember is on
  active duty (SCRA, 50 U.S.C. §3931).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from skiptrace.contact.attempts import (
    AttemptOutcome,
    ContactAttempt,
    Direction,
    SecondContact,
    parse_moment,
)
from skiptrace.contact.frequency import frequency_verdict
from skiptrace.contact.hours import call_hours
from skiptrace.contact.scra_result import ScraStatus, latest_scra
from skiptrace.contact.third_party import same_person
from skiptrace.review.rule_types import Anomaly, ReviewContext, Rule, Search
from skiptrace.searchlog.events import CONTACT_ATTEMPT
from skiptrace.store import schema

L = schema.audit_log
Params = Mapping[str, Any]


class _Call:
    """A contact.attempt entry read back: the attempt, its entry, what the check recorded."""

    def __init__(self, seq: int, ts: str, user: str, account_id: str, details: Any) -> None:
        self.seq, self.ts, self.user, self.account_id = seq, ts, user, account_id
        self.check: Mapping[str, Any] = details.get("check") or {}
        self.attempt = ContactAttempt(
            account_id=account_id,
            phone=str(details.get("phone", "")),
            outcome=AttemptOutcome(details.get("outcome", "no-answer")),
            called_at=parse_moment(details.get("called_at") or ts),
            direction=Direction(details.get("direction", "out")),
            consumer_requested=bool(details.get("consumer_requested")),
            third_party=str(details.get("third_party", "")),
            exception=SecondContact(details.get("exception", "")),
        )

    def finding(self, rule: Rule, reason: str) -> Anomaly:
        return Anomaly(rule.name, rule.title, reason, (self.seq,), self.user, self.account_id,
                       self.ts)  # fmt: skip


def _calls(ctx: ReviewContext) -> tuple[dict[str, list[_Call]], set[int]]:
    """Every attempt of the accounts with an attempt in the range; and which are in it."""
    first, last = ctx.date_from.isoformat(), (ctx.date_to + timedelta(days=1)).isoformat()
    by_account: dict[str, list[_Call]] = defaultdict(list)
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            sa.select(L.c.seq, L.c.ts, L.c.user_name, L.c.account_id, L.c.details)
            .where(L.c.event == CONTACT_ATTEMPT)
            .order_by(L.c.seq)
        )
        for seq, ts, user, account, details in rows:
            by_account[account].append(_Call(seq, ts, user, account, json.loads(details)))
    in_range: set[int] = set()
    for calls in by_account.values():
        calls.sort(key=lambda c: (c.attempt.called_at, c.seq))
        for c in calls:
            called = c.attempt.called_at.date().isoformat()
            if first <= called < last or first <= c.ts[:10] < last:
                in_range.add(c.seq)
    return by_account, in_range


def _placed(calls: list[_Call], in_range: set[int]) -> Iterator[tuple[int, _Call]]:
    for i, c in enumerate(calls):
        if c.seq in in_range and c.attempt.direction is Direction.OUT:
            yield i, c


def check_call_hours(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    by_account, in_range = _calls(ctx)
    for calls in by_account.values():
        for _, c in _placed(calls, in_range):
            zones = list(c.check.get("zones") or ())
            if not zones:
                continue
            hours = call_hours(c.attempt.called_at, zones)
            if not hours.allowed:
                yield c.finding(CALL_HOURS, f"call to {c.attempt.phone}: {hours.reasons[0]}")


def _frequency(ctx: ReviewContext, code: str, rule: Rule) -> Iterator[Anomaly]:
    """Attempts that broke §1006.14(b)(2) in the way ``code`` names, given those before."""
    by_account, in_range = _calls(ctx)
    for calls in by_account.values():
        for i, c in _placed(calls, in_range):
            if not c.attempt.counts_toward_frequency:
                continue
            zones = list(c.check.get("zones") or ("UTC",))
            earlier = [e.attempt for e in calls[:i]]
            verdict = frequency_verdict(earlier, c.attempt.called_at, zones[0])
            for found, text in verdict.problems:
                if found == code:
                    day = f"{c.attempt.called_at:%Y-%m-%d}"
                    yield c.finding(rule, f"call to {c.attempt.phone} on {day}: {text}")


def check_seven_in_seven(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    return _frequency(ctx, "seven-in-seven", SEVEN_IN_SEVEN)


def check_after_conversation(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    return _frequency(ctx, "conversation-within-7-days", AFTER_CONVERSATION)


def check_third_party_again(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    by_account, in_range = _calls(ctx)
    for calls in by_account.values():
        for i, c in _placed(calls, in_range):
            person = c.attempt.third_party
            if not person or c.attempt.exception is not SecondContact.NONE:
                continue
            before = [e for e in calls[:i] if e.attempt.third_party
                      and same_person(e.attempt.third_party, person)
                      and e.attempt.outcome is AttemptOutcome.SPOKE_THIRD_PARTY]  # fmt: skip
            if before:
                first = f"{before[0].attempt.called_at:%Y-%m-%d}"
                yield c.finding(
                    THIRD_PARTY_AGAIN,
                    f"{before[0].attempt.third_party} was contacted for location information "
                    f"again on {c.attempt.called_at:%Y-%m-%d} (first on {first}) with no "
                    "§1006.10(c) exception",
                )


def check_reassigned(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    by_account, in_range = _calls(ctx)
    for calls in by_account.values():
        for _, c in _placed(calls, in_range):
            if c.check.get("reassigned") is True:
                since = c.check.get("reassigned_asked_date") or "the consent date"
                yield c.finding(
                    REASSIGNED,
                    f"{c.attempt.phone} was called although the reassigned-numbers database "
                    f"reported it reassigned since {since}",
                )


def check_scra(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    legal: dict[str, list[Search]] = defaultdict(list)
    for s in ctx.searches:
        facts = ctx.accounts.get(s.account_id)
        if facts is not None and facts.status in p["statuses"]:
            legal[s.account_id].append(s)
    if not legal:
        return
    with ctx.engine.connect() as conn:
        results = latest_scra(conn, list(legal))
    for account, searches in legal.items():
        found = results.get(account)
        if found is None:
            reason = f"account {account} is in legal status with no SCRA check on file"
        elif found.status is ScraStatus.ACTIVE_DUTY:
            cert = found.certificate_id or "none"
            reason = (
                f"account {account} is in legal status and DMDC reports active duty as of "
                f"{found.status_date} (certificate {cert})"
            )
        else:
            continue
        yield SCRA_LEGAL.group_finding(searches, reason)


CALL_HOURS = Rule("contact-outside-hours", "Call outside 08:00-21:00 at the consumer", {},
                  check_call_hours)  # fmt: skip
SEVEN_IN_SEVEN = Rule("contact-over-7-in-7", "More than 7 call attempts in 7 days", {},
                      check_seven_in_seven)  # fmt: skip
AFTER_CONVERSATION = Rule("contact-after-conversation",
                          "Call within 7 days of a conversation about the debt", {},
                          check_after_conversation)  # fmt: skip
THIRD_PARTY_AGAIN = Rule("contact-third-party-again",
                         "Second location call to the same third party without an exception",
                         {}, check_third_party_again)  # fmt: skip
REASSIGNED = Rule("contact-reassigned-number", "Call to a number the RND reported reassigned",
                  {}, check_reassigned)  # fmt: skip
SCRA_LEGAL = Rule("scra-legal-status",
                  "Legal-status account with no SCRA check, or on active duty",
                  {"statuses": ["litigation"]}, check_scra)  # fmt: skip

CONTACT_RULES: tuple[Rule, ...] = (
    CALL_HOURS, SEVEN_IN_SEVEN, AFTER_CONVERSATION, THIRD_PARTY_AGAIN, REASSIGNED, SCRA_LEGAL,
)  # fmt: skip
