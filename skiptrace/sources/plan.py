"""Deciding which connectors a search asks, and why any are left out.

A connector is left out, with an outcome saying why, when it is not installed or fails
to load, is disabled, is not permitted by the purposes in effect, lacks the inputs it
needs, or lacks a credential (``auth_failed``: nothing is sent without the key).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from skiptrace.gate.purposes import get_purpose
from skiptrace.gate.request import SearchRequest
from skiptrace.sources.context import Credentials, missing_secret_message
from skiptrace.sources.model import Manifest, Outcome, Query, Status
from skiptrace.sources.registry import Connector, ConnectorBroken, ConnectorRegistry
from skiptrace.sources.settings import effective_settings, is_enabled


@dataclass(frozen=True)
class PlannedConnector:
    """A connector that will be asked, with its effective settings."""

    id: str
    cls: type[Connector]
    manifest: Manifest
    settings: Mapping[str, str] = field(default_factory=dict)

    def timeout(self, default: float) -> float:
        """Seconds this connector gets (its ``timeout`` setting, else ``default``)."""
        try:
            value = float(self.settings.get("timeout") or default)
        except ValueError:
            return default
        return value if value > 0 else default


@dataclass(frozen=True)
class Plan:
    """The connectors asked (as logged), those that run, and outcomes for the rest."""

    asked: tuple[str, ...]
    to_run: tuple[PlannedConnector, ...]
    not_run: tuple[Outcome, ...]


def _purpose_problem(manifest: Manifest, request: SearchRequest) -> str:
    codes = set(request.purpose_codes)
    if manifest.purposes_any and not codes & set(manifest.purposes_any):
        return (
            f"not asked: {manifest.display_name} may only be searched under purpose "
            f"{' or '.join(manifest.purposes_any)}"
        )
    for subject in manifest.covers_subjects:
        if not any(get_purpose(c).covers(subject) for c in request.purpose_codes):
            return (
                f"not asked: {manifest.display_name} returns {subject.value} information and no "
                f"purpose in effect covers a {subject.value} search"
            )
    return ""


def plan_search(
    registry: ConnectorRegistry,
    request: SearchRequest,
    settings_of: Callable[[str], Mapping[str, str]],
    credentials_of: Callable[[str, Sequence[str]], Credentials],
) -> Plan:
    """The plan for one request: named connectors, else every enabled one."""
    explicit = bool(request.connector_ids)
    ids = list(dict.fromkeys(request.connector_ids)) if explicit else registry.ids()
    query = Query.from_request(request)
    asked: list[str] = []
    to_run: list[PlannedConnector] = []
    not_run: list[Outcome] = []
    for cid in ids:
        if cid not in registry:
            asked.append(cid)
            known = ", ".join(registry.ids()) or "none"
            not_run.append(
                Outcome(
                    cid, Status.ERROR, f"no connector '{cid}' is installed (installed: {known})"
                )
            )
            continue
        try:
            cls = registry.load(cid)
        except ConnectorBroken as exc:
            asked.append(cid)
            not_run.append(Outcome(cid, Status.ERROR, f"the connector could not be loaded: {exc}"))
            continue
        manifest = cls.manifest
        settings = effective_settings(manifest, settings_of(cid))
        if not is_enabled(settings):
            if explicit:
                asked.append(cid)
                not_run.append(
                    Outcome(
                        cid,
                        Status.SKIPPED,
                        f"not asked: {manifest.display_name} is disabled; enable it with "
                        f"skiptrace-cli connectors set {cid} enabled true",
                    )
                )
            continue
        asked.append(cid)
        problem = _purpose_problem(manifest, request)
        missing_input = [f.value for f in manifest.needs if not query.has(f)]
        if not problem and missing_input:
            problem = (
                f"not asked: {manifest.display_name} needs the account's "
                f"{' and '.join(missing_input)}, which the account does not have"
            )
        if problem:
            not_run.append(Outcome(cid, Status.SKIPPED, problem))
            continue
        needed = manifest.needed_credentials(settings)
        missing = credentials_of(cid, manifest.credentials).missing(needed)
        if missing:
            not_run.append(
                Outcome(cid, Status.AUTH_FAILED, missing_secret_message(cid, missing[0]))
            )
            continue
        to_run.append(PlannedConnector(cid, cls, manifest, settings))
    return Plan(tuple(asked), tuple(to_run), tuple(not_run))
