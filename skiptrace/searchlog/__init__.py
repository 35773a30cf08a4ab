"""The tamper-evident search log: encoding, append and read, verify, anchors, export."""
