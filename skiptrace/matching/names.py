"""Person names: parts and suffixes (``nameparser``), nickname equivalence (``nicknames``),
folded forms for comparison, and hyphenated or double surnames."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nameparser import HumanName
from nicknames import NickNamer

from skiptrace.matching.text import fold

# Generational suffixes decide between father and son; other suffixes (MD, PhD) do not.
_GENERATIONS = {
    "jr": "jr",
    "junior": "jr",
    "sr": "sr",
    "senior": "sr",
    "i": "i",
    "1st": "i",
    "ii": "ii",
    "2nd": "ii",
    "iii": "iii",
    "3rd": "iii",
    "iv": "iv",
    "4th": "iv",
    "v": "v",
    "5th": "v",
}
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "rev", "sir", "mx", "prof"})
_PARTICLES = frozenset({"de", "del", "la", "van", "von", "der", "da", "di", "le", "st"})


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name folded for comparison. ``last_parts`` holds each part of a hyphenated or
    double surname (``"garcia lopez"`` -> ``("garcia", "lopez")``)."""

    first: str = ""
    middle: str = ""
    last: str = ""
    generation: str = ""
    last_parts: tuple[str, ...] = ()


def generation_of(suffix: str) -> str:
    """``"Jr."`` -> ``"jr"``, ``"III"`` -> ``"iii"``; ``""`` when not generational."""
    for token in fold(suffix).split():
        if token in _GENERATIONS:
            return _GENERATIONS[token]
    return ""


def _surname_parts(last: str) -> tuple[str, ...]:
    words = [w for w in last.split() if w not in _PARTICLES]
    return tuple(w for w in words if len(w) > 1)


@lru_cache(maxsize=100_000)
def normalise_name(
    first: str = "", middle: str = "", last: str = "", suffix: str = ""
) -> NameParts:
    """Fold a name given in fields. Repairs common field mistakes: a suffix typed into the
    last name (``"Smith Jr"``), a title in the first name, ``"LAST, FIRST"`` in one field,
    a middle name typed after the first (``"Mary Ann"`` stays one first name, but
    ``"John Q"`` gives middle ``q``)."""
    if not first and not middle and "," in last:
        return parse_full_name(last)
    first_words = [w for w in fold(first).split() if w not in _TITLES]
    last_words = fold(last).split()
    generation = generation_of(suffix)
    while last_words and last_words[-1] in _GENERATIONS and len(last_words) > 1:
        generation = generation or _GENERATIONS[last_words[-1]]
        last_words.pop()
    middle_f = fold(middle)
    if len(first_words) == 2 and len(first_words[1]) == 1 and not middle_f:
        middle_f = first_words.pop()
    first_f = "".join(first_words)  # "Mary Ann" = "Maryann"; "Jo-Ann" = "Joann"
    last_f = " ".join(last_words)
    return NameParts(
        first=first_f,
        middle=middle_f.replace(" ", ""),
        last=last_f.replace(" ", ""),
        generation=generation,
        last_parts=_surname_parts(last_f),
    )


@lru_cache(maxsize=20_000)
def parse_full_name(full: str) -> NameParts:
    """Split a name written as one string (``"SMITH-JONES, Mary Ann Jr."``) into parts."""
    human = HumanName(full)
    return normalise_name(human.first, human.middle, human.last, human.suffix)


_NICKNAMER: NickNamer | None = None


def _namer() -> NickNamer:
    global _NICKNAMER  # the table loads once, on first use, not at import
    if _NICKNAMER is None:
        _NICKNAMER = NickNamer()
    return _NICKNAMER


@lru_cache(maxsize=50_000)
def related_names(name: str) -> frozenset[str]:
    """Every name that ``name`` is a nickname of, or that is a nickname of it."""
    return _related(name)


@lru_cache(maxsize=50_000)
def _related(name: str) -> frozenset[str]:
    namer = _namer()
    return frozenset(namer.nicknames_of(name)) | frozenset(namer.canonicals_of(name))


def are_nicknames(a: str, b: str) -> bool:
    """Whether two folded first names are the same name by nickname (Bob = Robert,
    Peggy = Margaret), from the curated ``nicknames`` table. Equal names are not nicknames."""
    if not a or not b or a == b:
        return False
    return b in _related(a) or a in _related(b)
