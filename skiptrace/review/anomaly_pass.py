"""The anomaly pass: gather a date range's searches once, run every rule over them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa

from skiptrace.review.profiles import profiles
from skiptrace.review.rule_types import Anomaly, ReviewContext, Rule
from skiptrace.review.rules import DEFAULT_RULES
from skiptrace.review.settings import merged, stored_params
from skiptrace.review.subjects import load_accounts, load_searches


def build_context(engine: sa.Engine, date_from: date, date_to: date) -> ReviewContext:
    """Read the searches of a range of UTC days and the accounts and collectors they name."""
    if date_to < date_from:
        raise ValueError(f"the range ends ({date_to}) before it starts ({date_from})")
    searches = load_searches(engine, date_from, date_to)
    accounts = load_accounts(engine, (s.account_id for s in searches))
    return ReviewContext(engine, date_from, date_to, tuple(searches), accounts, profiles(engine))


def run_anomalies(
    engine: sa.Engine,
    date_from: date,
    date_to: date,
    rules: Sequence[Rule] = DEFAULT_RULES,
    users: Sequence[str] = (),
) -> list[Anomaly]:
    """Every anomaly the rules find in a range, in log order; ``users`` narrows the result."""
    ctx = build_context(engine, date_from, date_to)
    stored = stored_params(engine)
    found: list[Anomaly] = []
    for rule in rules:
        params = merged(rule.defaults, stored.get(rule.name))
        found.extend(rule.check(ctx, params))
    if users:
        wanted = set(users)
        found = [a for a in found if wanted.intersection(a.user.split(", "))]
    found.sort(key=lambda a: (a.seqs[0] if a.seqs else 0, a.rule))
    return found
