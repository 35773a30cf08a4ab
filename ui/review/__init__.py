"""The compliance review window: filters, the paged log, anomalies, sign-off, export."""
