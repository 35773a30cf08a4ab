"""The workspace store: one schema through SQLAlchemy Core, on SQLite or PostgreSQL."""
