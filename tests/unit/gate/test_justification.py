"""The gate refuses text that is not a reason, with a sentence saying what a good
justification holds; the command line refuses it with the same words and exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skiptrace.cli import main
from skiptrace.gate.justification import GOOD_JUSTIFICATION, weakness
from skiptrace.gate.request import PurposeRefused, SearchRequest
from tests.helpers.workspaces import sample_debtor

FCRA = ("fcra-604a3a",)

JUNK = {
    "x" * 25: "repeats one character",
    "aaaaaaaa bbbbbbbb cccccccc": "repeats one character",
    "test test test test test test": "different word",
    "asdf asdf qwer qwer zxcv hjkl": "keyboard mash",
    "sdfkjh wqrtpl mnbvcx lkjhg ok": "keyboard mash",
    "Collection of an account, collection of an account": "only repeats the purpose",
    "collection account FCRA 604(a)(3)(A)": "only repeats the purpose",
    "....................... ok": "different word",
}

REASONS = [
    "Returned mail 11/20.",
    "Letters to the address on file came back undeliverable; need a current address",
    "NSF payment and the phone is disconnected; looking for a new number",
    "Called HR at the employer: no longer works there. Need current employer.",
    "Debtor moved per USPS NCOA; verifying new address before sending validation notice",
    "Zoë Ünal's mail came back — address needed",
]


@pytest.mark.parametrize("text, says", JUNK.items())
def test_junk_is_refused_with_what_a_good_one_holds(text, says):
    with pytest.raises(PurposeRefused) as refused:
        SearchRequest(sample_debtor(), FCRA, text)
    message = str(refused.value)
    assert says in message
    assert GOOD_JUSTIFICATION in message


@pytest.mark.parametrize("text", REASONS)
def test_real_reasons_pass(text):
    titles = ["Collection of an account", "15 U.S.C. 1681b(a)(3)(A) (FCRA §604(a)(3)(A))"]
    assert weakness(text, titles) == ""
    assert SearchRequest(sample_debtor(), FCRA, text).justification == " ".join(text.split())


def test_cli_refuses_junk_as_it_refuses_a_short_one(tmp_path: Path, capsys):
    ws = ["--workspace", str(tmp_path / "demo.sqlite")]
    assert main(["demo", *ws]) == 0
    capsys.readouterr()
    assert main([*ws, "log", "review", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["total"]  # the demo's seeded month
    args = [*ws, "search", "DEMO-10001", "--purpose", "fcra-604a3a", "--justification"]
    short = main([*args, "too short"])
    short_err = capsys.readouterr().err
    junk = main([*args, "x" * 25])
    junk_err = capsys.readouterr().err
    assert junk == short != 0
    assert "at least 20" in short_err
    assert "the justification is not a reason: it repeats one character" in junk_err
    with pytest.raises(PurposeRefused) as gate:
        SearchRequest(sample_debtor(), FCRA, "x" * 25)
    assert str(gate.value) in junk_err  # the gate's own sentence
    assert main([*ws, "log", "review", "--json"]) == 0  # nothing was searched or logged
    assert json.loads(capsys.readouterr().out)["total"] == before
