"""The dashboard tab: searches per collector per day, reveals and contacts per day,
anomalies per rule and per collector per week, drawn from the core's figures."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from skiptrace.review.dashboard import Dashboard
from ui.review.charts import BarList, DayChart


class DashboardTab(QWidget):
    """Charts of the current filter's scope."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.searches = DayChart("Searches per collector per day")
        self.reveals = DayChart("Reveals of SSN or date of birth per day")
        self.contacts = DayChart("Contact attempts per day")
        self.rules = BarList("Anomalies per rule (last run of the rules)")
        self.by_collector = DayChart("Anomalies per collector per week")
        grid = QGridLayout(self)
        grid.addWidget(self.searches, 0, 0, 1, 2)
        grid.addWidget(self.reveals, 1, 0)
        grid.addWidget(self.contacts, 1, 1)
        grid.addWidget(self.rules, 2, 0)
        grid.addWidget(self.by_collector, 2, 1)
        self.figures: Dashboard | None = None

    def show_figures(self, fig: Dashboard) -> None:
        self.figures = fig
        self.searches.set_data(fig.days, fig.searches)
        self.reveals.set_data(fig.days, [("reveals", fig.reveals)])
        self.contacts.setVisible(fig.contacts is not None)
        if fig.contacts is not None:
            self.contacts.set_data(fig.days, [("contacts", fig.contacts)])
        self.rules.set_data(fig.anomalies_by_rule)
        self.by_collector.set_data(fig.weeks, fig.anomalies_by_collector)
