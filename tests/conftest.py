"""Fixtures every test folder may use."""

from __future__ import annotations

from typing import Any

import pytest

from citewatch.http.backend import LoopBackend


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
