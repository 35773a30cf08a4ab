"""The app session: which workspace is open, as whom, and its one main window."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from skiptrace.demo.workspace import create_demo, default_demo_path
from skiptrace.keychain import keychain_available
from skiptrace.sources.registry import ConnectorRegistry
from skiptrace.workspace.keys import NoKeychain
from skiptrace.workspace.location import (
    display_url,
    resolve_workspace,
    sqlite_path,
    to_url,
    without_password,
)
from skiptrace.workspace.workspace import (
    OPEN_ERRORS,
    Workspace,
    create_workspace,
    default_actor,
    exists,
    open_workspace,
)
from ui.first_run import FirstRunChoice, FirstRunDialog, NoKeychainDialog
from ui.main_window import MainWindow
from ui.settings.dialog import SettingsDialog

NO_KEYCHAIN_GUI = (
    "No secure keychain is available on this computer. This workspace keeps its keys in "
    "the keychain: unlock or install one (Windows Credential Manager, macOS Keychain, a "
    "Secret Service on Linux) and open it again."
)


class AppSession(QObject):
    """Opens workspaces and keeps one main window on the open one."""

    def __init__(self, user: str | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self._user_arg = user
        self.workspace: Workspace | None = None
        self.window: MainWindow | None = None

    @property
    def user(self) -> str:
        """``--user``, else the identity in settings, else the login name."""
        return self._user_arg or str(self.settings.value("identity/user", "")) or getpass.getuser()

    # -- opening ----------------------------------------------------------------------

    def start(self) -> bool:
        """Open the remembered workspace, or ask on first run."""
        url = resolve_workspace(str(self.settings.value("workspace/location", "")) or None)
        if exists(url):
            return self.open_location(url)
        # every choice that does not open a workspace comes back here, never quits
        while True:
            dialog = FirstRunDialog(display_url(url))
            dialog.exec()
            match dialog.choice:
                case FirstRunChoice.DEMO:
                    opened = self.open_demo()
                case FirstRunChoice.CREATE:
                    opened = self._create(url)
                case FirstRunChoice.OPEN:
                    opened = self.choose_and_open()
                case _:
                    return False
            if opened:
                return True

    def open_demo(self) -> bool:
        """Open the demo workspace, creating it first if it is missing."""
        try:
            ws, _ = create_demo(default_demo_path(), default_actor(self.user))
        except OPEN_ERRORS as exc:
            return self._failed("The demo workspace could not be opened", exc)
        return self._show(ws, remember=False)

    def open_location(self, location: str) -> bool:
        """Open the workspace at a path or URL."""
        url = to_url(location)
        try:
            ws = open_workspace(url, actor=default_actor(self.user))
        except OPEN_ERRORS as exc:
            return self._failed(f"The workspace at {display_url(url)} could not be opened", exc)
        return self._show(ws, remember=True)

    def choose_and_open(self) -> bool:
        """Ask for a workspace file, then open it."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open Workspace", str(Path.home()), "Workspaces (*.sqlite);;All (*)"
        )
        return self.open_location(path) if path else False

    def _create(self, url: str) -> bool:
        key_file = None
        if not keychain_available():
            ask = NoKeychainDialog(str(sqlite_path(url) or ""), self.window)
            if ask.exec() != NoKeychainDialog.DialogCode.Accepted:
                return False
            key_file = ask.key_file
        try:
            ws = create_workspace(url, actor=default_actor(self.user), key_file=key_file)
        except OPEN_ERRORS as exc:
            return self._failed("The workspace could not be created", exc)
        return self._show(ws, remember=True)

    def _failed(self, title: str, exc: Exception) -> bool:
        # the core's no-keychain sentence names the command line's flag: say it for a window
        reason = NO_KEYCHAIN_GUI if isinstance(exc, NoKeychain) else str(exc)
        QMessageBox.critical(self.window, "skiptrace", f"{title}.\n\n{reason}")
        return False

    def _show(self, workspace: Workspace, remember: bool) -> bool:
        old_window, old_ws = self.window, self.workspace
        self.workspace = workspace
        if remember:
            self.settings.setValue("workspace/location", without_password(workspace.url))
        window = MainWindow(workspace, settings=self.settings, rank_in_process=True)
        window.open_workspace_requested.connect(
            lambda loc: self.open_location(loc) if loc else self.choose_and_open()
        )
        window.open_demo_requested.connect(self.open_demo)
        window.settings_requested.connect(self.edit_settings)
        self.window = window
        window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_ws is not None:
            old_ws.close()
        return True

    # -- settings ---------------------------------------------------------------------

    def edit_settings(self) -> None:
        """Show the settings dialog; reopen the workspace if identity or location changed."""
        if self.workspace is None or self.window is None:
            return
        registry = getattr(self.window.controller.backend, "registry", None)
        dialog = SettingsDialog(
            self.workspace, registry or ConnectorRegistry({}), self.settings, self.window
        )
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        if dialog.location_changed:
            self.open_location(dialog.location)
        elif dialog.identity_changed:
            self._user_arg = None
            self.open_location(self.workspace.url)
