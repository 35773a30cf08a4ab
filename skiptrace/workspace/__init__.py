"""The workspace: open or create one, its keys, the demo workspace."""
