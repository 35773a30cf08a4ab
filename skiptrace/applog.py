"""The application log: a rotating file in the user's log folder, PII scrubbed."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from skiptrace.pii import redact


class RedactingFilter(logging.Filter):
    """Masks anything shaped like an SSN or a date in every record before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.exc_text = (
                redact(logging.Formatter().formatException(record.exc_info)) if exc else None
            )
        return True


def log_path() -> Path:
    """Where the application log file lives."""
    return Path(platformdirs.user_log_dir("skiptrace", appauthor=False)) / "skiptrace.log"


def setup_logging(level: int = logging.INFO, path: Path | None = None) -> Path:
    """Send the ``skiptrace`` loggers to the rotating, scrubbed log file (once)."""
    logger = logging.getLogger("skiptrace")
    target = path or log_path()
    for handler in logger.handlers:
        if getattr(handler, "skiptrace_file", None) == str(target):
            return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=5_000_000, backupCount=3, encoding="utf-8"
    )
    handler.skiptrace_file = str(target)  # type: ignore[attr-defined]
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return target
