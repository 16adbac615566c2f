"""Package exports imported on first use (PEP 562 module ``__getattr__``).

A package's ``__init__`` that imports every module makes each name it exports cost the
whole package: ``citewatch check`` of a URL list paid for httpx, the archive client and
Save Page Now before reading a line. A package built with :func:`exports` imports a module
when one of its names is first read; type checkers see the same names through an
``if TYPE_CHECKING:`` import block beside the table.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def exports(package: str, table: Mapping[str, str]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: name → ``table[name]`` (a module path, relative
    to ``package`` when it starts with a dot), imported on first use and then kept."""

    def __getattr__(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
