"""First run on a machine with no keychain: explained, a key file offered with its
warning, or back to the welcome screen; the app never quits on its own."""

from __future__ import annotations

from pathlib import Path

import keyring
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.first_run import FirstRunDialog, NoKeychainDialog
from ui.session import AppSession


def _no_keychain() -> None:
    keyring.set_keyring(fail.Keyring())  # the autouse fixture restores the memory one


def _answer(steps: list) -> list[str]:
    """Answer each dialog as it comes up, in order; returns the names of those seen."""
    seen: list[str] = []

    def tick() -> None:
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and isinstance(w, FirstRunDialog | NoKeychainDialog | QMessageBox):
                seen.append(type(w).__name__)
                steps.pop(0)(w)
                break
        if steps:
            QTimer.singleShot(20, tick)

    QTimer.singleShot(0, tick)
    return seen


def test_no_keychain_create_explains_and_goes_back_to_welcome(
    qtbot, qsettings, tmp_path: Path, monkeypatch
):
    _no_keychain()
    qsettings.setValue("workspace/location", str(tmp_path / "new.sqlite"))
    session = AppSession(user="dana", settings=qsettings)
    texts: list[str] = []

    def back(w: NoKeychainDialog) -> None:
        texts.append(w.text.text())
        w.back_button.click()

    seen = _answer([lambda w: w.create_button.click(), back, lambda w: w.quit_button.click()])
    assert session.start() is False  # the person chose Quit, on the welcome screen
    assert seen == ["FirstRunDialog", "NoKeychainDialog", "FirstRunDialog"]
    assert "not a secure keychain" in texts[0]
    assert "--" not in texts[0]
    assert not (tmp_path / "new.sqlite").exists()


def test_no_keychain_create_with_a_key_file(qtbot, qsettings, tmp_path: Path, monkeypatch):
    _no_keychain()
    qsettings.setValue("workspace/location", str(tmp_path / "new.sqlite"))
    key_file = tmp_path / "new.keys"
    monkeypatch.setattr(
        "ui.first_run.QFileDialog.getSaveFileName", lambda *a, **k: (str(key_file), "")
    )
    session = AppSession(user="dana", settings=qsettings)
    seen = _answer([lambda w: w.create_button.click(), lambda w: w.key_file_button.click()])
    assert session.start() is True
    assert seen == ["FirstRunDialog", "NoKeychainDialog"]
    assert session.workspace is not None
    assert str(key_file) in session.workspace.keys.describe()
    assert key_file.exists()
    session.window.close()
    session.workspace.close()
