from __future__ import annotations

from collections.abc import Iterator

import pytest

from citewatch.archive.model import ArchiveOptions

from .wayback_standin import WaybackStandin


@pytest.fixture
def standin() -> Iterator[WaybackStandin]:
    with WaybackStandin() as server:
        yield server


def fast_options(standin: WaybackStandin, **kw: object) -> ArchiveOptions:
    """Options pointed at the stand-in with rates high enough for quick tests."""
    base: dict[str, object] = {
        "wayback_url": standin.base_url,
        "cdx_rate": 200.0,
        "replay_rate": 200.0,
        "backoff": 0.05,
        "max_backoff": 1.0,
        "timeout": 5.0,
    }
    base.update(kw)
    return ArchiveOptions(**base)  # type: ignore[arg-type]
