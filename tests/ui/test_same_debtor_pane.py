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


def test_research_can_include_what_the_other_account_knows(make_window, tmp_path: Path, demo_ws):
    path = tmp_path / "metro.csv"
    path.write_text(
        "account_id,first_name,last_name,ssn,address1,city,state,zip,phone,employer,creditor\n"
        "MU-77,Pat,Doe,549-13-5992,4 Elm Ave,Dayton,OH,45402,(937) 555-0101,Acme Tools,Metro\n"
    )
    import_portfolio(demo_ws, path)
    window = make_window()
    window.open_account("DEMO-10001")
    pane = window.account
    own = window.controller.debtor
    assert pane.include_linked.isVisible() and not pane.include_linked.isChecked()
    assert all(a.zip != "45402" for a in own.addresses)
    pane.include_linked.setChecked(True)
    widened = window.controller.debtor
    assert any(a.zip == "45402" for a in widened.addresses)
    assert any(p.number.endswith("0101") for p in widened.phones)
    assert (widened.ssn, widened.dob) == (own.ssn, own.dob)  # identity stays its own
    pane.include_linked.setChecked(False)
    assert window.controller.debtor.addresses == own.addresses
