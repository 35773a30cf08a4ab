"""The connector contract suite and its fixtures, for skiptrace's connectors and anyone's.

In a connector package's tests (pytest and pytest-httpserver installed)::

    from skiptrace.testing import ConnectorContract

    class TestMySource(ConnectorContract):
        connector = MySource
        registered_as = "my_source"   # its entry point in skiptrace.connectors

The ``loopback_http`` fixture comes from skiptrace's pytest plugin, installed with it.
"""

import pytest

pytest.register_assert_rewrite("skiptrace.testing.contract")

from skiptrace.testing.contract import SECRET, ConnectorContract, sample_query  # noqa: E402
from skiptrace.testing.loopback import make_context, threaded_server  # noqa: E402

__all__ = ["SECRET", "ConnectorContract", "make_context", "sample_query", "threaded_server"]
