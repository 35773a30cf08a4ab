"""The tamper-evident search log: events, encoding, append and read, verification, export."""
