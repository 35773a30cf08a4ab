"""``skiptrace --screenshot FILE --view V``: render a view on a fresh demo workspace, offscreen.

Used to keep the README's pictures current. The demo workspace is made in a temporary
folder so that the picture does not depend on earlier use.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from skiptrace.demo.workspace import create_demo
from skiptrace.gate.request import SearchRequest
from skiptrace.model import SubjectType, Workstation

SIZE = (1280, 800)
DEMO_ACCOUNT = "DEMO-10029"  # moved, with an employer and a bankruptcy on record
JUSTIFICATION = "Letters returned undeliverable from the last known address; need a current one."


def wait_until(predicate: Callable[[], object], timeout_s: float = 20.0) -> bool:
    """Run the event loop until ``predicate()`` is true or the time is up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)
    return bool(predicate())


def _settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


# the offscreen platform lacks this one window call (real platforms have it); the tests'
# qt_log_ignore passes over the same notice
OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints()"


def _without_offscreen_notice(mode: QtMsgType, context: QMessageLogContext, text: str) -> None:
    if not text.startswith(OFFSCREEN_NOTICE):
        sys.stderr.write(text + "\n")


def take_screenshot(out: Path, view: str) -> int:
    """Render ``view`` to ``out`` (PNG); 0 on success."""
    from ui.app import configure
    from ui.main_window import MainWindow

    qInstallMessageHandler(_without_offscreen_notice)
    app = QApplication.instance() or QApplication(["skiptrace"])
    configure(app)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        ws, _ = create_demo(Path(tmp) / "demo.sqlite", Workstation("dana", "desk-07", "0.1.0"))
        try:
            window = MainWindow(ws, settings=settings)
            window.resize(*SIZE)
            window.show()
            wait_until(lambda: window.portfolio.model.rowCount() > 0)
            target: QWidget = window
            if view == "research":
                _research(window)
            elif view == "records":
                _records(window)
            elif view == "review":
                target = _review(window)
            elif view == "review-dashboard":
                target = _review_anomalies(window)
            elif view == "contact":
                target = _contact(window)
            elif view == "batch":
                target = _batch(window)
            elif view == "import":
                target = _import(window, Path(tmp))
            _settle()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not target.grab().save(str(out), "PNG", 9):
                print(f"skiptrace: could not write {out}")
                return 1
            print(f"wrote {out} ({view})")
            window.close()
        finally:
            ws.close()
    return 0


def _search(window: object, account_id: str, purpose: str = "fcra-604a3a") -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.portfolio.select_account(account_id)
    window.open_account(account_id)
    debtor = window.controller.debtor
    if debtor is None:
        return
    request = SearchRequest(
        debtor=debtor,
        purpose_codes=(purpose,),
        justification=JUSTIFICATION,
        subject=SubjectType.DEBTOR,
        connector_ids=tuple(r.id for r in window.controller.backend.connectors()),
    )
    window.controller.start(request)
    wait_until(lambda: not window.controller.running and not window.controller.ranking, 30)


def _research(window: object) -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    _search(window, DEMO_ACCOUNT)
    view = window.research.lead_view
    leads = window.research.leads
    for g in range(leads.rowCount()):  # select the best address: the lead a collector wants
        if leads.item(g, 0).text().startswith("Addresses"):
            view.setCurrentIndex(leads.index(0, 0, leads.index(g, 0)))
    view.setFocus()


def _records(window: object) -> None:
    """The records-found view after a search: each record with its verdict and why."""
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    _search(window, DEMO_ACCOUNT)
    research = window.research
    research.tabs.setCurrentIndex(research.records_tab)
    research.records_view.setFocus()


# a fixed moment, so the picture does not depend on when it is taken: a Wednesday,
# 08:30 in New York, when numbers further west may not be called yet
CONTACT_MOMENT = datetime(2026, 6, 3, 12, 30, tzinfo=UTC)


def _contact(window: object) -> QWidget:
    """The contact window on the demo account after a search and two recorded calls."""
    from skiptrace.contact.attempts import AttemptOutcome, ContactAttempt
    from skiptrace.contact.desk import ContactDesk
    from ui.contact.window import ContactWindow
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    _search(window, DEMO_ACCOUNT)
    desk = ContactDesk(window.workspace)
    phones = desk.phones(DEMO_ACCOUNT, CONTACT_MOMENT)
    if phones:
        for hours, outcome in ((48, AttemptOutcome.NO_ANSWER), (24, AttemptOutcome.LEFT_MESSAGE)):
            call = ContactAttempt(DEMO_ACCOUNT, phones[0].number, outcome,
                                  CONTACT_MOMENT - timedelta(hours=hours))  # fmt: skip
            desk.record(call)
    contact = ContactWindow(desk, window.tasks, clock=lambda: CONTACT_MOMENT, parent=window)
    contact.resize(*SIZE)
    name = window.controller.debtor.full_name if window.controller.debtor else ""
    contact.show_account(DEMO_ACCOUNT, f"{DEMO_ACCOUNT} · {name}")
    wait_until(lambda: contact.panel.phones.rowCount() > 0 and not window.tasks.busy(), 10)
    return contact


def _review(window: object) -> QWidget:
    from ui.main_window import MainWindow
    from ui.review.window import ReviewWindow

    assert isinstance(window, MainWindow)
    # the demo comes with a month of four collectors' work, planted anomalies included
    review = ReviewWindow(window.workspace)
    review.resize(*SIZE)
    review.show()
    _settle(1500)  # it loads its first page in a worker
    model = review.log_model
    for row in range(model.rowCount()):  # a search: purposes, justification, what was asked
        entry = model.entry_at(row)
        if entry is not None and entry.event == "search.started":
            review.log_view.selectRow(row)
            break
    return review


def _review_anomalies(window: object) -> QWidget:
    from ui.review.window import ReviewWindow

    review = _review(window)
    assert isinstance(review, ReviewWindow)
    review.find_anomalies()
    wait_until(lambda: review.anomaly_model.rowCount() > 0, 20)
    review.anomaly_view.selectRow(0)
    review.tabs.setCurrentIndex(2)  # the dashboard, drawn from the month and its anomalies
    _settle(800)
    return review


def _batch(window: object) -> QWidget:
    """A finished batch over part of the demo portfolio: progress, report and chart."""
    from ui.batch.window import BatchWindow
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.portfolio.filter_edit.setText("demo-10")
    batch = window.open_batch()
    assert isinstance(batch, BatchWindow)
    batch.sources.choose(["demo"])
    batch.justification.setText(
        "New placement from Valley Medical: mail returned, need current phones and addresses"
    )
    batch.start()
    wait_until(lambda: batch.report is not None, 120)
    return batch


# a creditor's own file: some headers are known variants, the rest are not
IMPORT_SAMPLE = (
    "Client Ref,Given Name,Family Name,Birth Date,Street,Town,State,Zip Code,Mobile,"
    "Amount Owed,Meter No\n"
    "MU-20931,Ada,Quill,1980-02-03,12 N Main St,Columbus,OH,43215,6145550134,212.40,88-1\n"
)


def _import(window: object, folder: Path) -> QWidget:
    from skiptrace.portfolio.column_plan import ImportProfiles, plan_columns
    from ui.main_window import MainWindow
    from ui.portfolio.mapping_step import ColumnMappingDialog

    assert isinstance(window, MainWindow)
    path = folder / "metro-utilities-march.csv"
    path.write_text(IMPORT_SAMPLE, encoding="utf-8")
    dialog = ColumnMappingDialog(plan_columns(path), ImportProfiles(window.workspace), window)
    dialog.choose("Client Ref", "account_id")  # the collector has mapped two so far
    dialog.choose("Given Name", "first_name")
    dialog.profile_name.setText("Metro Utilities")
    dialog.show()
    return dialog
