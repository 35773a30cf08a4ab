"""skiptrace core: domain model, store, search log and rules. No Qt here."""

__version__ = "0.1.0"
