"""The account pane names the other accounts the same debtor may owe on."""

from __future__ import annotations

from pathlib import Path

from skiptrace.portfolio.importer import import_portfolio


def test_pane_shows_the_same_debtor_on_another_account(make_window, tmp_path: Path, demo_ws):
    # another creditor's file: DEMO-10001's SSN under a new account number
    path = tmp_path / "metro.csv"
    path.write_text(
        "account_id,first_name,last_name,ssn,creditor\nMU-77,Pat,Doe,549-13-5992,Metro Utilities\n"
    )
    report = import_portfolio(demo_ws, path)
    assert [(x.account_id, x.other_id) for x in report.same_debtor] == [("MU-77", "DEMO-10001")]
    window = make_window()
    demo_creditor = window.desk.masked_account("DEMO-10001").debtor.creditor
    window.open_account("MU-77")
    pane = window.account
    assert pane.same_debtor.isVisible()
    assert (
        f"The same debtor may also owe on DEMO-10001 to {demo_creditor} (same SSN)"
        in pane.same_debtor.text()
    )
    assert "5992" not in pane.same_debtor.text()
    window.open_account("DEMO-10001")
    assert "MU-77 to Metro Utilities" in pane.same_debtor.text()
    window.open_account("DEMO-10002")
    assert not pane.same_debtor.isVisible()
