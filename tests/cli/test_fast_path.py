"""The command line checks through the project's transport (HTTP/1.1 on llhttp over
``LoopBackend``), not a silent fallback to httpx's default one (7× the CPU per request)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from citewatch.cli import app
from citewatch.http.h1 import H1Connection


def test_citewatch_check_connects_through_the_loop_backend(
    web: str, workdir: Path, monkeypatch: pytest.MonkeyPatch,
    backend_connects: list[tuple[str, int]],
) -> None:
    listing = workdir / "urls.txt"
    listing.write_text("".join(f"{web}/ok/{i}\n" for i in range(5)) + f"{web}/gone/x\n")
    exchanges: list[bytes] = []
    exchange = H1Connection.request

    async def recorded(self: H1Connection, method: bytes, target: bytes, *args: Any) -> Any:
        exchanges.append(target)
        return await exchange(self, method, target, *args)

    monkeypatch.setattr(H1Connection, "request", recorded)
    result = CliRunner().invoke(
        app, ["check", "--json", "-q", "--strict", "--db", str(workdir / "h.sqlite"),
              "--refs", str(workdir / "refs"), str(listing)])
    assert result.exit_code == 1, result.output  # the /gone/ URL is broken under --strict
    status = {r["url"]: r["status"] for r in map(json.loads, result.stdout.splitlines())}
    assert status == {**{f"{web}/ok/{i}": "alive" for i in range(5)}, f"{web}/gone/x": "dead"}
    port = int(web.rsplit(":", 1)[1])
    assert backend_connects and set(backend_connects) == {("127.0.0.2", port)}
    assert {f"/ok/{i}".encode() for i in range(5)} <= set(exchanges)  # llhttp's exchanges
