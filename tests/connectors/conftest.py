"""Connector tests share one threaded loopback HTTP server."""

from tests.connectors.contract import loopback_http

__all__ = ["loopback_http"]
