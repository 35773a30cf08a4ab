"""How a portfolio file's bytes become text: a byte-order mark decides; else UTF-16 or
UTF-32 known by where their NUL bytes fall; else UTF-8; else Windows-1252.

The rule is fixed rather than guessed by a statistical detector, so the same file is
always read the same way, and a file it cannot read is refused naming the row.
"""

from __future__ import annotations

import codecs

from skiptrace.portfolio.errors import PortfolioError, refuse_file

_BOMS = (  # UTF-32-LE before UTF-16-LE: its mark begins with theirs
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SAMPLE = 4096
_ONE_LANE = 0.95  # UTF-16: at least this share of the NUL bytes on one side of each pair
_ENOUGH = 0.05  # ... and NUL bytes at least this share of the sample


def wide_encoding(raw: bytes) -> str | None:
    """``utf-32-le/be`` or ``utf-16-le/be`` when the NUL bytes of ``raw`` fall where text
    in that encoding puts them; else None.

    UTF-32 puts a NUL in the top byte of every character (and in the next byte of every
    character of the Basic Multilingual Plane); UTF-16 puts them in the high byte of every
    Latin character, always on the same side of each byte pair. UTF-8 and Windows-1252
    text has no NUL bytes at all.
    """
    n = min(len(raw), _SAMPLE) // 4 * 4
    if n < 4 or b"\x00" not in raw[:n]:
        return None
    per = n // 4
    lane = [raw[k:n:4].count(0) / per for k in range(4)]
    if lane[3] >= 0.99 and lane[2] >= 0.5 and lane[0] < 0.5:
        return "utf-32-le"
    if lane[0] >= 0.99 and lane[1] >= 0.5 and lane[3] < 0.5:
        return "utf-32-be"
    odd, even = lane[1] + lane[3], lane[0] + lane[2]
    if (odd + even) / 4 < _ENOUGH:
        return None
    if odd >= _ONE_LANE * (odd + even):
        return "utf-16-le"
    if even >= _ONE_LANE * (odd + even):
        return "utf-16-be"
    return None


def _unreadable(
    raw: bytes, encoding: str, exc: UnicodeDecodeError, file: str, why: str
) -> PortfolioError:
    row = raw[: exc.start].decode(encoding, errors="replace").count("\n") + 1
    return refuse_file(file, row, f"unreadable encoding: byte 0x{raw[exc.start]:02x} {why}")


def decode(raw: bytes, file: str) -> str:
    """The text of a file's bytes, or a refusal naming the row where reading failed."""
    for bom, encoding, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise _unreadable(
                    raw[len(bom) :],
                    encoding,
                    exc,
                    file,
                    f"is not {label}, though the file starts with a {label} byte-order mark",
                ) from None
    wide = wide_encoding(raw)
    if wide is not None:
        label = wide[:6].upper()
        try:
            return raw.decode(wide)
        except UnicodeDecodeError as exc:
            raise _unreadable(
                raw, wide, exc, file, f"is not {label}, though the file is laid out as {label}"
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _unreadable(
            raw,
            "cp1252",
            exc,
            file,
            "is neither UTF-8 nor Windows-1252; save the file as UTF-8 CSV",
        ) from None
