"""The anomaly rules: each small, named, with a plain-language reason and parameters.

Parameters are the ``defaults`` below, overridden per workspace in settings (scope
``anomalies``, see ``review.settings``). A rule reads the searches of the range from the
context and yields one anomaly per search, or one per group of searches it is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from skiptrace.gate.justification import own_words, weakness
from skiptrace.gate.purposes import purpose_table
from skiptrace.model import AccountStatus
from skiptrace.review.contact_rules import CONTACT_RULES
from skiptrace.review.query import day_start
from skiptrace.review.reveal_rules import REVEAL_RULES
from skiptrace.review.rule_types import Anomaly, ReviewContext, Rule, Search
from skiptrace.review.settings import WATCH_LIST_RULE
from skiptrace.review.subjects import same_address, same_person_name, surname_parts
from skiptrace.searchlog.events import LEAD_DISPOSITION, SEARCH_STARTED
from skiptrace.searchlog.unfinished import unfinished_searches
from skiptrace.store import schema

L = schema.audit_log
Params = Mapping[str, Any]
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _when(ts: str) -> datetime:
    return datetime.fromisoformat(ts)


def _subject_name(ctx: ReviewContext, s: Search) -> str:
    facts = ctx.accounts.get(s.account_id)
    return s.subject_name or (facts.name if facts else "")


def _subject_addresses(ctx: ReviewContext, s: Search) -> tuple[str, ...]:
    facts = ctx.accounts.get(s.account_id)
    return s.subject_addresses or (facts.addresses if facts else ())


def check_account_standing(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    for s in ctx.searches:
        facts = ctx.accounts.get(s.account_id)
        if facts is None:
            yield ACCOUNT_STANDING.finding(
                s, f"account {s.account_id or '(none)'} is not in the portfolio"
            )
        elif facts.status in p["statuses"]:
            yield ACCOUNT_STANDING.finding(s, f"account {s.account_id} is {facts.status}")
        elif p["check_assignment"] and facts.assigned_to and facts.assigned_to != s.user:
            yield ACCOUNT_STANDING.finding(
                s,
                f"account {s.account_id} is assigned to {facts.assigned_to}, "
                f"not to {s.user} who searched it",
            )


def _daily_counts(ctx: ReviewContext, since: date) -> dict[str, dict[date, int]]:
    day = sa.func.substr(L.c.ts, 1, 10)
    query = (
        sa.select(L.c.user_name, day, sa.func.count())
        .where(
            L.c.event == SEARCH_STARTED,
            L.c.ts >= day_start(since),
            L.c.ts < day_start(ctx.date_to + timedelta(days=1)),
        )
        .group_by(L.c.user_name, day)
    )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    with ctx.engine.connect() as conn:
        for user, text, n in conn.execute(query):
            counts[user][date.fromisoformat(text)] = int(n)
    return counts


def check_volume(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    window = int(p["baseline_days"])
    counts = _daily_counts(ctx, ctx.date_from - timedelta(days=window))
    by_day: dict[tuple[str, str], list[Search]] = defaultdict(list)
    for s in ctx.searches:
        by_day[(s.user, s.ts[:10])].append(s)
    for (user, text), searches in sorted(by_day.items()):
        day = date.fromisoformat(text)
        n = counts[user].get(day, len(searches))
        history = [c for d, c in counts[user].items() if day - timedelta(days=window) <= d < day]
        if n < p["min_searches"] or len(history) < p["min_baseline_days"]:
            continue
        baseline = sum(history) / len(history)
        if n > p["factor"] * baseline:
            yield VOLUME.group_finding(
                searches,
                f"{user} ran {n} searches on {text}, {n / baseline:.1f} times their average of "
                f"{baseline:.1f} a working day over the previous {window} days",
            )


def check_off_hours(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    zone = ZoneInfo(p["timezone"]) if p["timezone"] else None
    start, end = time.fromisoformat(p["start"]), time.fromisoformat(p["end"])
    workdays = set(p["workdays"])
    where = p["timezone"] or "local time"
    for s in ctx.searches:
        local = _when(s.ts).astimezone(zone)
        if local.weekday() not in workdays:
            yield OFF_HOURS.finding(
                s, f"searched on a {_DAYS[local.weekday()]} ({local:%Y-%m-%d %H:%M} {where})"
            )
        elif not start <= local.time() < end:
            yield OFF_HOURS.finding(
                s,
                f"searched at {local:%H:%M} {where}, outside business hours "
                f"{p['start']}-{p['end']}",
            )


def _dispositions(ctx: ReviewContext, since: date) -> dict[str, list[str]]:
    query = sa.select(L.c.account_id, L.c.ts).where(
        L.c.event == LEAD_DISPOSITION,
        L.c.ts >= day_start(since),
        L.c.ts < day_start(ctx.date_to + timedelta(days=1)),
    )
    out: dict[str, list[str]] = defaultdict(list)
    with ctx.engine.connect() as conn:
        for account, ts in conn.execute(query):
            out[account].append(ts)
    return out


def check_repeat_without_disposition(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    window = timedelta(days=int(p["window_days"]))
    dispositions = _dispositions(ctx, ctx.date_from - window)
    subjects: dict[tuple[str, str, str], list[Search]] = defaultdict(list)
    for s in ctx.searches:
        subjects[(s.account_id, s.subject_type, s.subject_name.casefold())].append(s)
    for (account, subject, _), searches in subjects.items():
        if len(searches) < p["times"]:
            continue
        marks = sorted(dispositions.get(account, ()))
        streak: list[Search] = []
        following: list[Search | None] = [*searches, None]  # None closes the last streak
        for nxt in following:
            if nxt is not None and streak:
                disposed = any(streak[-1].ts < m < nxt.ts for m in marks)
                too_late = _when(nxt.ts) - _when(streak[0].ts) > window
                if not disposed and not too_late:
                    streak.append(nxt)
                    continue
            if len(streak) >= p["times"]:
                yield REPEAT.group_finding(
                    streak,
                    f"the {subject or 'subject'} of account {account} was searched "
                    f"{len(streak)} times from {streak[0].ts[:10]} to {streak[-1].ts[:10]} "
                    "with no disposition recorded in between",
                )
            streak = [nxt] if nxt is not None else []


def check_purpose_subject(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    table = purpose_table()
    for s in ctx.searches:
        for code in s.purposes:
            purpose = table.get(code)
            if purpose is None:
                yield PURPOSE_SUBJECT.finding(s, f"purpose code {code} is not in the purpose table")
            elif s.subject_type not in {t.value for t in purpose.subjects}:
                covers = ", ".join(sorted(t.value for t in purpose.subjects))
                yield PURPOSE_SUBJECT.finding(
                    s,
                    f"a {s.subject_type or 'subject of unknown type'} was searched under {code} "
                    f"({purpose.citation}), which covers only: {covers}",
                )


def check_copied_justification(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    groups: dict[str, list[Search]] = defaultdict(list)
    for s in ctx.searches:
        text = " ".join(s.justification.casefold().split())
        if len(text) >= p["min_length"]:
            groups[text].append(s)
    for searches in groups.values():
        accounts = {s.account_id for s in searches}
        if len(accounts) < p["min_accounts"]:
            continue
        users = sorted({s.user for s in searches})
        quote = searches[0].justification
        quote = quote if len(quote) <= 70 else quote[:67] + "..."
        yield COPIED.group_finding(
            searches,
            f'the justification "{quote}" was used word for word in {len(searches)} searches '
            f"on {len(accounts)} accounts by {', '.join(users)}",
        )


def check_dppa_b4(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    codes = set(p["purposes"])
    for s in ctx.searches:
        chosen = sorted(codes.intersection(s.purposes))
        if not chosen:
            continue
        facts = ctx.accounts.get(s.account_id)
        if facts is None or facts.status not in p["statuses"]:
            standing = f"status {facts.status}" if facts else "not in the portfolio"
            yield DPPA_B4.finding(
                s,
                f"{', '.join(chosen)} (court proceedings) was chosen but account "
                f"{s.account_id} has no litigation flag ({standing})",
            )


def check_watch_list(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    people = [x for x in p["people"] if isinstance(x, dict) and x.get("name")]
    if not people:
        return
    for s in ctx.searches:
        name, addresses = _subject_name(ctx, s), _subject_addresses(ctx, s)
        for person in people:
            label = f'"{person["name"]}"' + (f" ({person['note']})" if person.get("note") else "")
            if name and same_person_name(name, person["name"]):
                yield WATCH_LIST.finding(s, f"the subject matches watch-list entry {label} by name")
            elif person.get("address") and any(
                same_address(a, person["address"]) for a in addresses
            ):
                yield WATCH_LIST.finding(
                    s, f"the subject's address matches watch-list entry {label}"
                )


def check_collector_relation(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    for s in ctx.searches:
        profile = ctx.profiles.get(s.user)
        if profile is None:
            continue
        name = _subject_name(ctx, s)
        shared = surname_parts(name) & surname_parts(profile.last_name)
        if p["surname"] and profile.last_name and shared:
            yield RELATION.finding(
                s,
                f"the subject's surname ({name.split()[-1]}) is also the surname of "
                f"{s.user} who searched",
            )
        if (
            p["address"]
            and profile.address
            and any(same_address(a, profile.address) for a in _subject_addresses(ctx, s))
        ):
            yield RELATION.finding(
                s, f"the subject's address is the home address of {s.user} who searched"
            )


def check_weak_justification(ctx: ReviewContext, p: Params) -> Iterator[Anomaly]:
    table = purpose_table()
    for s in ctx.searches:
        titles = [t for c in s.purposes if c in table for t in (table[c].title, table[c].citation)]
        why = weakness(s.justification, titles)
        if why:
            yield WEAK_JUSTIFICATION.finding(s, f"the justification is not a reason: {why}")
            continue
        own = own_words(s.justification, titles)
        if own < int(p["min_own_words"]):
            yield WEAK_JUSTIFICATION.finding(
                s,
                f"the justification says little about the account: {own} words of its own "
                "beyond the purpose's title",
            )


def check_never_completed(ctx: ReviewContext, _p: Params) -> Iterator[Anomaly]:
    unfinished = dict(unfinished_searches(ctx.engine))
    for s in ctx.searches:
        if s.seq in unfinished:
            yield NEVER_COMPLETED.finding(
                s,
                "search started, never completed: no later entry records its outcome "
                "(the program or its database went away; sources may have been asked)",
            )


ACCOUNT_STANDING = Rule(
    "account-standing",
    "Account not in portfolio, closed, recalled or someone else's",
    {
        "statuses": [AccountStatus.CLOSED.value, AccountStatus.RECALLED.value],
        "check_assignment": True,
    },
    check_account_standing,
)
VOLUME = Rule(
    "volume-spike",
    "Daily volume far above the collector's own baseline",
    {"factor": 3.0, "min_searches": 25, "baseline_days": 30, "min_baseline_days": 5},
    check_volume,
)
OFF_HOURS = Rule(
    "off-hours",
    "Outside business hours or on a weekend",
    {"timezone": "", "start": "07:00", "end": "20:00", "workdays": [0, 1, 2, 3, 4]},
    check_off_hours,
)
REPEAT = Rule(
    "repeat-no-disposition",
    "Same subject searched repeatedly without a disposition",
    {"times": 3, "window_days": 14},
    check_repeat_without_disposition,
)
PURPOSE_SUBJECT = Rule(
    "purpose-subject",
    "Purpose does not cover the kind of subject searched",
    {},
    check_purpose_subject,
)
COPIED = Rule(
    "copied-justification",
    "Justification copied verbatim across many searches",
    {"min_accounts": 10, "min_length": 0},
    check_copied_justification,
)
DPPA_B4 = Rule(
    "dppa-b4-no-litigation",
    "DPPA (b)(4) court proceedings on an account with no litigation flag",
    {"purposes": ["dppa-2721b4"], "statuses": [AccountStatus.LITIGATION.value]},
    check_dppa_b4,
)
WATCH_LIST = Rule(
    WATCH_LIST_RULE,
    "Subject on the watch list (employees, VIPs)",
    {"people": []},
    check_watch_list,
)
RELATION = Rule(
    "collector-relation",
    "Subject shares the searching collector's surname or address",
    {"surname": True, "address": True},
    check_collector_relation,
)
WEAK_JUSTIFICATION = Rule(
    "weak-justification",
    "Justification that is not a reason, or says little about the account",
    {"min_own_words": 3},
    check_weak_justification,
)
NEVER_COMPLETED = Rule(
    "never-completed",
    "Search started, never completed",
    {},
    check_never_completed,
)

DEFAULT_RULES: tuple[Rule, ...] = (
    ACCOUNT_STANDING,
    VOLUME,
    OFF_HOURS,
    REPEAT,
    PURPOSE_SUBJECT,
    COPIED,
    DPPA_B4,
    WATCH_LIST,
    RELATION,
    NEVER_COMPLETED,
    WEAK_JUSTIFICATION,
    *REVEAL_RULES,
    *CONTACT_RULES,
)
