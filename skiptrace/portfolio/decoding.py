"""How a portfolio file's bytes become text: a byte-order mark decides; else UTF-16 or
UTF-32 known by where the NUL bytes of the header line fall; else UTF-8; else
Windows-1252.

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
_HEADER_BYTES = 1024  # at most this much of the first line is looked at
_MOSTLY = 0.5  # share of NUL bytes in the lanes where a wide encoding puts them
_RARELY = 0.1  # ... and at most this share in the lanes where it does not


def wide_encoding(raw: bytes) -> str | None:
    """``utf-32-le/be`` or ``utf-16-le/be`` when the NUL bytes of the header line fall
    where text in that encoding puts them; else None.

    A portfolio's first line is column names: Latin letters, whose UTF-16 form has a NUL
    on the same side of every byte pair and whose UTF-32 form has three NULs in every
    four bytes. A header in UTF-8 or Windows-1252 holds no NUL at all, so NUL bytes in the
    data rows of such a file never make it look wide (they are refused cell by cell).
    """
    end = raw.find(b"\n", 0, _HEADER_BYTES)
    n = (end if end >= 0 else min(len(raw), _HEADER_BYTES)) // 4 * 4
    if n < 8 or b"\x00" not in raw[:n]:
        return None
    per = n // 4
    lane = [raw[k:n:4].count(0) / per for k in range(4)]
    if min(lane[1:]) >= _MOSTLY and lane[0] <= _RARELY:
        return "utf-32-le"
    if min(lane[:3]) >= _MOSTLY and lane[3] <= _RARELY:
        return "utf-32-be"
    odd, even = (lane[1] + lane[3]) / 2, (lane[0] + lane[2]) / 2
    if odd >= _MOSTLY and even <= _RARELY:
        return "utf-16-le"
    if even >= _MOSTLY and odd <= _RARELY:
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
