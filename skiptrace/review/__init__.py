"""Compliance review of the search log: filters, anomaly rules, sign-off, evidence, retention."""
