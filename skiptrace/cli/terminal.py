"""What the command line prints cannot drive the terminal that shows it.

Account ids, names and justifications come from files and from other people; an ESC
sequence among them could clear a reviewer's screen, recolour or hide text, and a
carriage return or a bidirectional override can make a line read as something else.
Every command's output goes through ``escaped_output``, which shows such characters as
``\\u001b``-style escapes (valid inside JSON strings too). The search log itself still
stores exactly what was given: it is evidence.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from skiptrace.portfolio.fields import BIDI_CHARS, CONTROL_CHARS

_KEPT = {"\n", "\t"}
# the characters the importer refuses in cells are the ones the terminal must not get raw
ESCAPES = {
    code: f"\\u{code:04x}"
    for code in range(0x2070)
    if (CONTROL_CHARS.match(chr(code)) or BIDI_CHARS.match(chr(code))) and chr(code) not in _KEPT
}


def shown(text: str) -> str:
    """``text`` with every terminal-controlling character escaped."""
    return text.translate(ESCAPES)


class EscapingStream(io.TextIOBase):
    """A text stream that escapes control characters before they reach the terminal."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(shown(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """Within the block, stdout and stderr escape terminal-controlling characters."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(out)
    sys.stderr = EscapingStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
