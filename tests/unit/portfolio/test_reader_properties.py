"""Property tests of the portfolio reader: whatever the bytes, quoting or encoding, no row
is lost silently. Either every data row is accounted for (read, or rejected with its row
number), or the file is refused with a row named."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skiptrace.portfolio.decoding import decode
from skiptrace.portfolio.errors import PortfolioError
from skiptrace.portfolio.reader import ReadResult, read_portfolio

BOUNDED = settings(
    max_examples=150,
    deadline=None,  # the first example pays for imports; the run as a whole stays short
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = ["account_id", "first_name", "last_name", "city"]
ENCODINGS = {  # name: (codec, byte-order mark written first)
    "utf-8": ("utf-8", b""),
    "utf-8-sig": ("utf-8", codecs.BOM_UTF8),
    "cp1252": ("cp1252", b""),
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-le+bom": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be": ("utf-16-be", b""),
    "utf-16-be+bom": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32": ("utf-32-le", codecs.BOM_UTF32_LE),
}
# letters a person's name or a city holds, the characters CSV treats specially, and a
# few that must be refused (controls, a direction override)
LATIN = "aAzZéÉñÑüßøÆ' -."
SPECIAL = '",;|\t'
CONTROLS = "\x00\x1b\x07"
REFUSED = CONTROLS + "\u202e"
clean = st.text(alphabet=LATIN + SPECIAL, max_size=12)
cell = st.one_of(clean, clean, clean, st.text(LATIN + SPECIAL + REFUSED, max_size=12))


def tmp_file(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "p.csv"
    path.write_bytes(raw)
    return path


def assert_refused_with_a_row(err: PortfolioError, lines: int) -> None:
    assert err.errors, "a refusal names its problems"
    for e in err.errors:
        assert 1 <= e.row <= max(lines, 1), str(e)


def data_rows(path: Path, delimiter: str) -> int:
    """The lines after the header holding a non-blank cell (once a file is read, no record
    spans lines: a cell with a line break refuses the file)."""
    lines = list(io.StringIO(decode(path.read_bytes(), path.name), newline=""))[1:]
    return sum(
        any(c.strip() for c in next(csv.reader([ln.rstrip("\r\n")], delimiter=delimiter), []))
        for ln in lines
    )


def assert_all_accounted(result: ReadResult, data_rows: int) -> None:
    rejected = [row for row, _, _ in result.rejected]
    assert len(set(rejected)) == len(rejected)
    assert result.rows == data_rows
    assert len(result.debtors) + len(rejected) == data_rows
    assert {e.row for e in result.errors} == set(rejected)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[list[str]], str, str, str]:
    rows = draw(st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=8))
    table = [[f"A-{i}", *cells] for i, cells in enumerate(rows)]
    if draw(st.integers(0, 5)) == 0:  # now and then a cell holds a line break
        row, col = draw(st.integers(0, len(table) - 1)), draw(st.integers(1, 3))
        table[row][col] += "\n" + draw(clean)
    delimiter = draw(st.sampled_from(",;\t|"))
    quoting = draw(st.sampled_from(["minimal", "all", "random"]))
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    return table, delimiter, quoting, encoding


def render(table: list[list[str]], delimiter: str, quoting: str, flips: list[bool]) -> str:
    out = io.StringIO()
    mode = csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL
    writer = csv.writer(out, delimiter=delimiter, quoting=mode, lineterminator="\r\n")
    writer.writerow(HEADER)
    for i, row in enumerate(table):
        if quoting == "random" and flips[i % len(flips)]:
            out.write(delimiter.join('"' + c.replace('"', '""') + '"' for c in row) + "\r\n")
        else:
            writer.writerow(row)
    return out.getvalue()


@BOUNDED
@given(portfolios(), st.lists(st.booleans(), min_size=1, max_size=8))
def test_well_formed_files_in_any_encoding_lose_nothing(tmp_path, portfolio, flips):
    table, delimiter, quoting, name = portfolio
    codec, bom = ENCODINGS[name]
    if codec == "cp1252":  # it has no direction override: put a plain letter there
        table = [[c.replace("\u202e", "e") for c in row] for row in table]
    text = render(table, delimiter, quoting, flips)
    path = tmp_file(tmp_path, bom + text.encode(codec))
    try:
        result = read_portfolio(path)
    except PortfolioError as err:
        event("refused: " + err.errors[0].reason[:40])
        # only a cell holding a line break refuses a well-formed file, at its row
        assert any("\n" in c for row in table for c in row), str(err)
        assert_refused_with_a_row(err, text.count("\n"))
        first = next(i for i, row in enumerate(table) if any("\n" in c for c in row))
        assert err.errors[0].row == first + 2
        return
    event(f"read: {len(result.debtors)} debtors, {len(result.rejected)} rejected")
    nonblank = [row for row in table if any(c.strip() for c in row)]
    assert_all_accounted(result, len(nonblank))
    by_id = {d.account_id: d for d in result.debtors}
    for row in table:
        debtor = by_id.get(row[0])
        if debtor is None:
            continue
        # what was read is exactly what was written: nothing swallowed, nothing slid
        assert (debtor.first_name, debtor.last_name) == (row[1].strip(), row[2].strip())
        assert not any(ch in CONTROLS for ch in "".join(row))
        assert "\u202e" not in row[0] + row[1] + row[2]  # allowed in a city, not a name


@BOUNDED
@given(
    portfolios(),
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(['"', "\n", "\r", ",", "", "\x00"])),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_quoting_is_refused_or_every_row_is_accounted_for(
    tmp_path, portfolio, flips, edits
):
    table, delimiter, quoting, name = portfolio
    codec, bom = ENCODINGS[name]
    table = [[c.replace("\u202e", "e") for c in row] for row in table]
    text = render(table, delimiter, quoting, flips)
    header_end = text.index("\n") + 1
    body = text[header_end:]
    for at, insert in edits:  # delete one character, or put a quote / break / NUL there
        k = at % max(len(body), 1)
        body = body[:k] + insert + body[k + (0 if insert else 1) :]
    text = text[:header_end] + body
    path = tmp_file(tmp_path, bom + text.encode(codec, errors="replace"))
    try:
        result = read_portfolio(path)
    except PortfolioError as err:
        event("refused: " + err.errors[0].reason[:30])
        assert_refused_with_a_row(err, text.count("\n") + text.count("\r") + 1)
        return
    event(f"read, {bool(result.rejected)} rejects")
    assert_all_accounted(result, data_rows(path, delimiter))


@BOUNDED
@given(st.binary(max_size=600), st.sampled_from(sorted(ENCODINGS)))
def test_random_bytes_after_a_header_never_fail_silently(tmp_path, tail, name):
    codec, bom = ENCODINGS[name]
    head = bom + "account_id,first_name,last_name\r\n".encode(codec)
    path = tmp_file(tmp_path, head + tail)
    try:
        result = read_portfolio(path)
    except PortfolioError as err:
        event("refused: " + err.errors[0].reason[:30])
        assert_refused_with_a_row(err, (head + tail).count(b"\n") + (head + tail).count(b"\r") + 1)
        return
    event(f"read, {bool(result.rejected)} rejects, {bool(result.debtors)} debtors")
    assert_all_accounted(result, data_rows(path, ","))
