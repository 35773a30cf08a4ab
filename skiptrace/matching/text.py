"""Folding text for comparison: case, accents and punctuation out, spaces single."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, accents stripped, punctuation to spaces, whitespace collapsed.

    ``"  O'Brien-Núñez "`` becomes ``"o brien nunez"``; apostrophes are dropped rather
    than spaced so ``O'Brien`` and ``OBrien`` agree.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("'", "").replace("`", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", ascii_text)).strip()
