"""The loopback servers of the checker tests serve the HTTP layer's tests too."""

from tests.check.conftest import _no_proxy_env, _pool, serve

__all__ = ["_no_proxy_env", "_pool", "serve"]
