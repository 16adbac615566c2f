"""Loaded on first use: package exports (PEP 562 module ``__getattr__``) and regexes.

A package's ``__init__`` that imports every module makes each name it exports cost the
whole package: ``citewatch check`` of a URL list paid for httpx, the archive client and
Save Page Now before reading a line. A package built with :func:`exports` imports a module
when one of its names is first read; type checkers see the same names through an
``if TYPE_CHECKING:`` import block beside the table.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping
from typing import cast


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


class _LazyPattern:
    """A regex compiled when first used; then each of its methods is an attribute of this
    object (no lookup through ``__getattr__`` again: as quick to call as the pattern's own)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # copy, pickle and friends: not a pattern's business
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source[0]!r}, {self._source[1]!r})"


_PATTERN_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn",
                  "split", "scanner", "pattern", "flags", "groups", "groupindex")


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` on first use.

    Compiling the 365 module-level patterns when their modules were imported was a quarter of
    the instructions of importing the command line and the extraction (1.33 G against 1.00 G), at
    every command's start; reading a list of URLs uses 34 of them (the field readers', the
    short forms' and the dates' are for notes). A pattern passed to the ``re`` functions
    (``re.sub(PATTERN, …)``) or a bytes pattern stays a compiled one.
    """
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
