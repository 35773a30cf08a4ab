"""The permissible-purpose table: which law allows a search, and for whom."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from skiptrace.model import SubjectType
from skiptrace.resources import load_json


@dataclass(frozen=True, slots=True)
class Purpose:
    """One entry of the purpose table; its ``id`` is the public contract."""

    id: str
    law: str
    citation: str
    title: str
    text: str
    subjects: frozenset[SubjectType]

    def covers(self, subject: SubjectType) -> bool:
        """Whether this purpose allows searching that kind of subject."""
        return subject in self.subjects


class UnknownPurpose(ValueError):
    """A purpose code that is not in the purpose table."""


@cache
def purpose_table() -> dict[str, Purpose]:
    """All purposes shipped in ``resources/purposes.json``, by id, in file order."""
    raw = load_json("purposes.json")
    table: dict[str, Purpose] = {}
    for row in raw["purposes"]:
        table[row["id"]] = Purpose(
            id=row["id"],
            law=row["law"],
            citation=row["citation"],
            title=row["title"],
            text=row["text"],
            subjects=frozenset(SubjectType(s) for s in row["subjects"]),
        )
    return table


def get_purpose(code: str) -> Purpose:
    """The purpose for a code, or ``UnknownPurpose`` naming the valid codes."""
    table = purpose_table()
    try:
        return table[code]
    except KeyError:
        raise UnknownPurpose(
            f"unknown purpose code {code!r}; valid codes: {', '.join(table)}"
        ) from None


def codes(purposes: Iterable[Purpose]) -> tuple[str, ...]:
    """The ids of purposes, in the given order."""
    return tuple(p.id for p in purposes)
