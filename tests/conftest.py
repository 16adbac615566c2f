"""Fixtures every test folder may use."""

from __future__ import annotations

import signal
from typing import Any

import pytest

from citewatch.http.backend import LoopBackend


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the processes the tests start, however the suite itself was started.

    A shell without job control starts a background job (``pytest ... &``) with SIGINT
    ignored, and an ignored (or blocked) signal stays so in every process started from it,
    citewatch included: the tests that send a real citewatch a SIGINT then waited in vain
    for it to stop. Python's own handling is restored here, so children start with it too.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@pytest.fixture
def backend_connects(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every ``(host, port)`` our ``LoopBackend`` connects to during the test (the real
    connection is made): the proof that a request went through the project's HTTP layer."""
    opened: list[tuple[str, int]] = []
    connect = LoopBackend.connect_tcp

    async def recording(self: LoopBackend, host: str, port: int, *args: Any, **kw: Any) -> Any:
        opened.append((host, port))
        return await connect(self, host, port, *args, **kw)

    monkeypatch.setattr(LoopBackend, "connect_tcp", recording)
    return opened
