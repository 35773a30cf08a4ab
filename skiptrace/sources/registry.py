"""Finding connectors: entry points in the ``skiptrace.connectors`` group, imported lazily.

A ``ConnectorRegistry`` is a value: the app builds one from the installed entry points,
tests build one from the classes they want. A connector that fails to import, or
declares itself wrongly, is kept in the registry as broken with the reason, and every
other connector still works.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, ClassVar, Protocol, runtime_checkable

from skiptrace.sources.context import Context
from skiptrace.sources.model import API_VERSION, Manifest, Outcome, Query

ENTRY_POINT_GROUP = "skiptrace.connectors"


@runtime_checkable
class Connector(Protocol):
    """A data source: a class with a manifest and one ``search`` method.

    It is constructed with no arguments; its configuration comes with the context.
    ``search`` may return an ``Outcome`` or raise ``SourceFailure``; anything else it
    raises is reported as ``error`` without spoiling the rest of the search.
    """

    manifest: ClassVar[Manifest]

    def search(self, query: Query, context: Context) -> Outcome: ...


class ConnectorBroken(RuntimeError):
    """A connector could not be loaded; the message says why."""


@dataclass(frozen=True)
class ConnectorInfo:
    """One registered connector as ``connectors list`` shows it."""

    id: str
    origin: str  # the entry point value or the class's module, for the administrator
    manifest: Manifest | None
    error: str = ""


def _check(cls: Any, expected_id: str) -> type[Connector]:
    manifest = getattr(cls, "manifest", None)
    if not isinstance(manifest, Manifest):
        raise ConnectorBroken("it has no 'manifest' (a skiptrace.connector_api.Manifest)")
    if not callable(getattr(cls, "search", None)):
        raise ConnectorBroken("it has no 'search(query, context)' method")
    if manifest.api_version != API_VERSION:
        raise ConnectorBroken(
            f"it was written for connector API version {manifest.api_version}; this skiptrace "
            f"speaks version {API_VERSION}: update the connector"
        )
    if manifest.id != expected_id:
        raise ConnectorBroken(
            f"it is registered as '{expected_id}' but its manifest says '{manifest.id}'"
        )
    checked: type[Connector] = cls
    return checked


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


class ConnectorRegistry:
    """Connectors by id, loaded on first use, broken ones kept with their reason."""

    def __init__(self, loaders: Mapping[str, tuple[str, Callable[[], Any]]]) -> None:
        self._loaders = dict(loaders)
        self._loaded: dict[str, type[Connector]] = {}
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_entry_points(cls, group: str = ENTRY_POINT_GROUP) -> ConnectorRegistry:
        """Every connector installed under ``group`` (nothing is imported yet)."""
        loaders: dict[str, tuple[str, Callable[[], Any]]] = {}
        for ep in metadata.entry_points(group=group):
            loaders.setdefault(ep.name, (ep.value, ep.load))
        return cls(loaders)

    @classmethod
    def of(cls, *connectors: type[Any]) -> ConnectorRegistry:
        """A registry holding exactly these classes (for tests and embedding)."""
        loaders: dict[str, tuple[str, Callable[[], Any]]] = {}
        for c in connectors:
            manifest = getattr(c, "manifest", None)
            cid = manifest.id if isinstance(manifest, Manifest) else c.__name__
            loaders[cid] = (f"{c.__module__}:{c.__qualname__}", _constant(c))
        return cls(loaders)

    def ids(self) -> list[str]:
        """Registered ids in a stable order."""
        return sorted(self._loaders)

    def __contains__(self, connector_id: object) -> bool:
        return connector_id in self._loaders

    def load(self, connector_id: str) -> type[Connector]:
        """The connector class; ``KeyError`` if unknown, ``ConnectorBroken`` if it fails."""
        with self._lock:
            if connector_id in self._loaded:
                return self._loaded[connector_id]
            if connector_id in self._errors:
                raise ConnectorBroken(self._errors[connector_id])
            origin, loader = self._loaders[connector_id]
            try:
                cls = _check(loader(), connector_id)
            except ConnectorBroken as exc:
                self._errors[connector_id] = f"{origin}: {exc}"
                raise ConnectorBroken(self._errors[connector_id]) from None
            except Exception as exc:  # an import error must not take the others down
                self._errors[connector_id] = (
                    f"{origin} failed to import: {type(exc).__name__}: {exc}"
                )
                raise ConnectorBroken(self._errors[connector_id]) from None
            self._loaded[connector_id] = cls
            return cls

    def manifest(self, connector_id: str) -> Manifest:
        """The manifest of a connector (loading it)."""
        return self.load(connector_id).manifest

    def describe(self, ids: Iterable[str] | None = None) -> list[ConnectorInfo]:
        """Every connector (or those named) with its manifest or its load error."""
        out: list[ConnectorInfo] = []
        for cid in ids if ids is not None else self.ids():
            origin = self._loaders[cid][0]
            try:
                out.append(ConnectorInfo(cid, origin, self.manifest(cid)))
            except ConnectorBroken as exc:
                out.append(ConnectorInfo(cid, origin, None, str(exc)))
        return out
