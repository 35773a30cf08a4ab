"""The purpose gate: a search request that cannot exist without a lawful, stated purpose."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from skiptrace.gate.justification import JustificationRefused, check_justification
from skiptrace.gate.purposes import Purpose, UnknownPurpose, get_purpose
from skiptrace.model import Debtor, SubjectType


class PurposeRefused(ValueError):
    """The request lacks a permissible purpose or an adequate justification."""


def check_purposes(codes: tuple[str, ...], subject: SubjectType) -> tuple[Purpose, ...]:
    """The purposes for ``codes``, each known and each covering ``subject``."""
    if not codes:
        raise PurposeRefused("no permissible purpose chosen: pick at least one purpose code")
    found: list[Purpose] = []
    for code in codes:
        try:
            purpose = get_purpose(code)
        except UnknownPurpose as exc:
            raise PurposeRefused(str(exc)) from None
        if not purpose.covers(subject):
            allowed = ", ".join(sorted(s.value for s in purpose.subjects))
            raise PurposeRefused(
                f"purpose {code} ({purpose.citation}) does not cover a {subject.value} "
                f"search; it covers: {allowed}"
            )
        if purpose not in found:
            found.append(purpose)
    return tuple(found)


@lru_cache(maxsize=256)  # a batch states one purpose for thousands of searches
def check_stated_purpose(
    codes: tuple[str, ...], subject: SubjectType, justification: str
) -> tuple[tuple[Purpose, ...], str]:
    """The gate's whole check of a stated purpose: the purposes (known, covering the
    subject) and the justification as it will be logged; ``PurposeRefused`` otherwise."""
    purposes = check_purposes(codes, subject)
    titles = [t for p in purposes for t in (p.title, p.citation)]
    try:
        return purposes, check_justification(justification, titles)
    except JustificationRefused as exc:
        raise PurposeRefused(str(exc)) from None


@dataclass(frozen=True)
class SearchRequest:
    """A validated request to search for one account's subject.

    Construction is the gate: it raises ``PurposeRefused`` unless every purpose code is
    known and covers the subject type and the justification says something.
    """

    debtor: Debtor
    purpose_codes: tuple[str, ...]
    justification: str
    subject: SubjectType = SubjectType.DEBTOR
    purpose_is_default: bool = False
    connector_ids: tuple[str, ...] = ()
    batch_id: str = ""  # the batch this search is one account of, if any
    search_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        subject = SubjectType(self.subject)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "purpose_codes", tuple(self.purpose_codes))
        _purposes, justification = check_stated_purpose(
            self.purpose_codes, subject, self.justification
        )
        object.__setattr__(self, "justification", justification)

    @property
    def purposes(self) -> tuple[Purpose, ...]:
        """The purpose table entries in effect."""
        return tuple(get_purpose(c) for c in self.purpose_codes)

    def __repr__(self) -> str:
        return (
            f"SearchRequest(search_id={self.search_id!r}, account={self.debtor.account_id!r}, "
            f"purposes={self.purpose_codes!r})"
        )
