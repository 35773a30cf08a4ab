"""The column-mapping step of an import: each of the file's columns with what it holds
(detected, or chosen from the list of portfolio columns), a saved profile per creditor or
vendor offered for the next file like it, and the import's options."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from skiptrace.portfolio.column_plan import (
    COLUMN_LABELS,
    ColumnPlan,
    ImportProfiles,
    choice_problems,
)
from skiptrace.portfolio.reader import CANONICAL
from ui.widgets import warning_label

NOT_IMPORTED = "(not imported)"
DETECTED = "(as detected)"


class ColumnMappingDialog(QDialog):
    """Shows what each file column holds and lets the collector choose the rest.

    On accept: ``chosen`` (``{file header: column}``, "" for a column left out), the
    ``skip_invalid`` and ``blank_clears`` boxes, and the profile it was saved under.
    """

    def __init__(
        self, plan: ColumnPlan, profiles: ImportProfiles, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {plan.file}: Columns")
        self.plan = plan
        self._profiles = profiles
        self.chosen: dict[str, str] = {}
        self.saved_profile = ""

        intro = QLabel(
            f"<b>{len(plan.headers)} columns in {plan.file}.</b> "
            f"{len(plan.headers) - len(plan.unknown)} were recognised; choose what the "
            "others hold, or leave them out. An account number and a name are needed."
        )
        intro.setWordWrap(True)

        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName("Mapping profile")
        self.profile_box.addItem(DETECTED)
        self.profile_box.addItems(profiles.names())
        best = profiles.best_for(plan.headers)
        self.table = QTableWidget(len(plan.headers), 2)
        self.table.setHorizontalHeaderLabels(["Column in the file", "Imported as"])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        for row, name in enumerate(plan.headers):
            item = QTableWidgetItem(name)
            item.setToolTip(name)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            combo.setAccessibleName(f"Column {name} is imported as")
            combo.addItem(NOT_IMPORTED, "")
            for column in CANONICAL:
                combo.addItem(COLUMN_LABELS[column], column)
            combo.currentIndexChanged.connect(self._check)
            self.table.setCellWidget(row, 1, combo)
            self.combos.append(combo)

        self.profile_name = QLineEdit()
        self.profile_name.setAccessibleName("Save as profile")
        self.profile_name.setPlaceholderText("creditor or vendor name (optional)")
        self.skip_invalid = QCheckBox(
            "Import the good rows only: rows with a problem go to a rejects file beside it"
        )
        self.blank_clears = QCheckBox(
            "Blank cells clear what is stored (otherwise a blank keeps the stored value)"
        )
        self.blank_clears.setToolTip(
            "Only the file's own columns: a column the file lacks never clears anything, "
            "and a blank status never changes one"
        )
        self.problem = warning_label()

        form = QFormLayout()
        form.addRow("Profile:", self.profile_box)
        form.addRow("Save this mapping as:", self.profile_name)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.blank_clears)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

        self.profile_box.currentTextChanged.connect(self._apply_profile)
        if best:
            self.profile_box.setCurrentText(best)  # offered: the last mapping of a file like it
        else:
            self._apply(dict(zip(plan.headers, plan.detected, strict=True)))

    def _apply_profile(self, name: str) -> None:
        detected = dict(zip(self.plan.headers, self.plan.detected, strict=True))
        if name == DETECTED:
            self._apply(detected)
            return
        profile = self._profiles.load(name)
        self._apply({h: profile.get(h, detected[h]) for h in self.plan.headers})
        self.profile_name.setText(name)

    def _apply(self, columns: Mapping[str, str]) -> None:
        for combo, header in zip(self.combos, self.plan.headers, strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(columns.get(header, "")), 0))
            combo.blockSignals(False)
        self._check()

    def choose(self, header: str, column: str) -> None:
        """Set what one file column holds ("" leaves it out)."""
        combo = self.combos[self.plan.headers.index(header)]
        combo.setCurrentIndex(combo.findData(column))

    def current(self) -> dict[str, str]:
        """``{file header: column}`` as chosen now."""
        return {
            h: str(c.currentData() or "")
            for h, c in zip(self.plan.headers, self.combos, strict=True)
        }

    def _check(self) -> None:
        problems = choice_problems(self.current())
        text = "; ".join(problems)
        self.problem.setText(text[:1].upper() + text[1:] + ("." if text else ""))
        self.import_button.setEnabled(not problems)

    def accept(self) -> None:
        chosen = self.current()
        if choice_problems(chosen):
            return
        name = self.profile_name.text().strip()
        if name:
            self._profiles.save(name, chosen)
            self.saved_profile = name
        self.chosen = chosen
        super().accept()
