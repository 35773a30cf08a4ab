"""Anomaly rules about reveals of a full SSN or date of birth (the search rules are in
``review.rules``): a reveal is a look at PII, and it needs the same footing a search
does, a stated purpose on the account."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from skiptrace.review.query import day_start
from skiptrace.review.rule_types import Anomaly, ReviewContext, Rule
from skiptrace.searchlog.events import PII_REVEALED, SEARCH_STARTED
from skiptrace.store import schema

L = schema.audit_log


def check_reveal_without_search(ctx: ReviewContext, _p: Mapping[str, Any]) -> Iterator[Anomaly]:
    """Reveals in the range on an account with no search under a purpose before them."""
    reveals = sa.select(L.c.seq, L.c.ts, L.c.user_name, L.c.account_id, L.c.details).where(
        L.c.event == PII_REVEALED,
        L.c.ts >= day_start(ctx.date_from),
        L.c.ts < day_start(ctx.date_to + timedelta(days=1)),
    )
    with ctx.engine.connect() as conn:
        rows = conn.execute(reveals.order_by(L.c.seq)).all()
        accounts = {r.account_id for r in rows}
        first_search = dict(
            conn.execute(
                sa.select(L.c.account_id, sa.func.min(L.c.seq))
                .where(
                    L.c.event == SEARCH_STARTED,
                    L.c.purposes != "",
                    L.c.account_id.in_(accounts),
                )
                .group_by(L.c.account_id)
            ).all()
        )
    for r in rows:
        searched = first_search.get(r.account_id)
        if searched is not None and searched < r.seq:
            continue
        field = str(json.loads(r.details).get("field", "")).upper() or "PII"
        yield Anomaly(
            REVEAL_WITHOUT_SEARCH.name,
            REVEAL_WITHOUT_SEARCH.title,
            f"{r.user_name} revealed the full {field} of account {r.account_id}, which had "
            "no search under a permissible purpose before it",
            (r.seq,),
            r.user_name,
            r.account_id,
            r.ts,
        )


REVEAL_WITHOUT_SEARCH = Rule(
    "reveal-without-search",
    "SSN or date of birth revealed on an account never searched under a purpose",
    {},
    check_reveal_without_search,
)
REVEAL_RULES: tuple[Rule, ...] = (REVEAL_WITHOUT_SEARCH,)
