"""Whether a written justification is a reason: the gate's check, and the review's.

A justification is evidence that a search had a lawful purpose *for this account*: an
examiner reads it beside the search. Text that is not a reason — a run of one character,
keyboard mash, a handful of words, or the purpose's own title said again — is refused
by the gate (``check_justification``), so the command line and the app refuse the same
text with the same sentence. ``weakness`` is the same judgement as a value, for the
review rule that finds weak justifications logged before the gate refused them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_JUSTIFICATION = 20  # characters
MIN_DISTINCT_WORDS = 2  # distinct words of two letters or more
MIN_OWN_WORDS = 2  # distinct content words beyond the purpose's own title and citation

GOOD_JUSTIFICATION = (
    "A justification says what happened on the account and why this search is needed "
    "now, e.g. 'Letters to the address on file came back undeliverable and the phone is "
    "disconnected; looking for a current address and number.'"
)

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_RUN = re.compile(r"([^\W\d_])\1{3,}", re.IGNORECASE)  # four of one letter in a row
_VOWELS = set("aeiouyàáâäãåèéêëìíîïòóôöõùúûüý")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "poiuytrewq", "lkjhgfdsa",
         "mnbvcxz")  # fmt: skip
# words that carry no fact of the account (English function words)
_FUNCTION_WORDS = """a an and are as at be been but by can could did do does for from had has
have he her his i if in into is it its me my no not of on or our per she so than that the
their them then there these they this to too up us was we were what when which who why will
with would you your also just very"""
_STOP = frozenset(_FUNCTION_WORDS.split())


class JustificationRefused(ValueError):
    """The text offered as a justification is not a reason."""


def fold(text: str) -> str:
    """White space folded to single spaces, ends trimmed."""
    return _WS.sub(" ", text or "").strip()


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if len(w) >= 2]


def _is_mash(word: str) -> bool:
    if len(word) < 4:
        return False
    if any(word in row for row in _ROWS):
        return True  # a stretch of one keyboard row: asdf, qwerty, hjkl
    if not _VOWELS & set(word):
        return True
    return re.search(r"[^aeiouy]{5}", word) is not None


def weakness(text: str, titles: Iterable[str] = ()) -> str:
    """Why ``text`` is not a reason (a clause a person can act on), or "" when it is one."""
    folded = fold(text)
    if not any(ch.isalnum() for ch in folded):
        return "it is empty"
    if len(folded) < MIN_JUSTIFICATION:
        return f"it is {len(folded)} characters; at least {MIN_JUSTIFICATION} are required"
    if _RUN.search(folded):
        return "it repeats one character over and over"
    words = _words(folded)
    distinct = set(words)
    if len(distinct) < MIN_DISTINCT_WORDS:
        return f"it has {len(distinct)} different word(s); write at least {MIN_DISTINCT_WORDS}"
    mashed = [w for w in distinct if _is_mash(w) and not _looks_like_code(w, folded)]
    if len(mashed) * 3 >= len(distinct):
        return "it reads as keyboard mash, not words"
    if own_words(folded, titles) < MIN_OWN_WORDS:
        return "it only repeats the purpose's own title; say what happened on this account"
    return ""


def own_words(text: str, titles: Iterable[str] = ()) -> int:
    """How many distinct content words the text has beyond the purposes' own titles."""
    given = {w for t in titles for w in _words(t)}
    return len(set(_words(fold(text))) - given - _STOP)


def _looks_like_code(word: str, text: str) -> bool:
    # written in capitals (FCRA, SSN, NSF, HR) it is an abbreviation, not mash
    return re.search(rf"\b{re.escape(word.upper())}\b", text) is not None


def check_justification(text: str, titles: Iterable[str] = ()) -> str:
    """The justification, white space folded, or ``JustificationRefused`` saying why not.

    ``titles`` are the chosen purposes' titles and citations: saying them again is not
    a reason.
    """
    why = weakness(text, titles)
    if why == "it is empty":
        raise JustificationRefused(
            "a written justification is required: say why this search is needed for this "
            f"account. {GOOD_JUSTIFICATION}"
        )
    if why:
        raise JustificationRefused(
            f"the justification is not a reason: {why}. {GOOD_JUSTIFICATION}"
        )
    return fold(text)
