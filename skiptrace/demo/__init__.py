"""The demo workspace: synthetic people, the offline demo source, a month to review."""
