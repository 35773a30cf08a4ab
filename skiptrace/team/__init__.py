"""Team mode: the PostgreSQL database, team keys and their bundle, moving a workspace in."""
