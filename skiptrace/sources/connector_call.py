"""One connector asked on its own thread: its slot, deadline, credentials and context.

Whatever the connector does — answers, raises, returns the wrong type, hangs until its
deadline — the result is one ``Outcome`` put in the orchestrator's inbox, with secrets
scrubbed from its message: a connector's fault is that connector's outcome alone.
"""

from __future__ import annotations

import logging
import queue
import time
import traceback
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from skiptrace.candidate import Candidate
from skiptrace.pii import redact
from skiptrace.sources.context import Context, missing_secret_message
from skiptrace.sources.model import CancelToken, Outcome, Query, SourceFailure, Status
from skiptrace.sources.plan import PlannedConnector
from skiptrace.sources.slots import take_slot

if TYPE_CHECKING:
    from skiptrace.sources.orchestrator import Orchestrator

_log = logging.getLogger("skiptrace.orchestrator")


def call_connector(
    o: Orchestrator,
    planned: PlannedConnector,
    query: Query,
    deadline: float,
    token: CancelToken,
    inbox: queue.Queue[Any],
) -> None:
    """Ask one connector on this (its own) thread and put its outcome in ``inbox``."""
    t0 = time.perf_counter()
    creds = o.credentials(planned.id, planned.manifest.credentials)
    session = o.session_factory()
    slot = o.slots.for_connector(planned.id, planned.settings.get("max_concurrent"))
    holding = False
    try:
        if slot is not None:
            take_slot(slot, deadline, token)
            holding = True
        missing = creds.missing(planned.manifest.needed_credentials(planned.settings))
        if missing:  # checked again here: never send a request without the key
            raise SourceFailure(Status.AUTH_FAILED, missing_secret_message(planned.id, missing[0]))
        settings = planned.settings
        ctx = Context(
            connector_id=planned.id,
            session=session,
            credentials=creds,
            deadline=deadline,
            cancel=token,
            settings=settings,
            limiter=o.bucket(
                planned.id,
                float(settings["rate_per_second"]) if settings.get("rate_per_second") else None,
                planned.manifest.rate_limit,
            ),
            history=o.history,
        )
        outcome = planned.cls().search(query, ctx)
        if not isinstance(outcome, Outcome):
            outcome = Outcome(
                planned.id,
                Status.ERROR,
                f"the connector returned {type(outcome).__name__} instead of an Outcome "
                "(a bug in the connector)",
            )
    except SourceFailure as exc:
        outcome = exc.outcome(planned.id)
    except Exception as exc:  # a connector bug spoils only its own outcome
        trace = "".join(traceback.format_exception(exc))
        _log.error("connector %s raised:\n%s", planned.id, creds.scrub(redact(trace)))
        detail = creds.scrub(redact(str(exc)))[:200]
        outcome = Outcome(
            planned.id,
            Status.ERROR,
            f"the connector failed with {type(exc).__name__}: {detail} (a bug in the "
            "connector; details in the application log)",
        )
    finally:
        if holding and slot is not None:
            slot.release()
        session.close()
    outcome = replace(
        outcome,
        connector_id=planned.id,
        message=creds.scrub(outcome.message),
        candidates=tuple(c for c in outcome.candidates if isinstance(c, Candidate)),
        elapsed_ms=(time.perf_counter() - t0) * 1000,
    )
    if outcome.status is Status.OK and not outcome.candidates:
        outcome = replace(outcome, status=Status.NO_HIT, message=outcome.message or "no records")
    inbox.put((planned.id, outcome))
