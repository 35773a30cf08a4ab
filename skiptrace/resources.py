"""Access to the files shipped in the ``resources`` package (wheel or editable install)."""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from typing import Any


def resource(name: str) -> Traversable:
    """A shipped resource file by name, e.g. ``purposes.json``."""
    return resources.files("resources").joinpath(name)


def load_json(name: str) -> Any:
    """Parse a shipped JSON resource."""
    return json.loads(resource(name).read_text(encoding="utf-8"))
