"""The tool's own failures. A dead link is a result, never an exception.

Exception tree::

    CitewatchError            root: anything the CLI turns into exit code 2
    ├── InputError            a document that cannot be read (empty, binary, undecodable, too big)
    ├── StoreError            a .bib file in the store that cannot be parsed or safely written
    ├── ConfigError           bad configuration (pyproject/citewatch.toml, environment, flags)
    └── HistoryError          the history database cannot be opened or written

Each error names the file (and line, where known) so the message alone tells a person
what to fix.
"""

from __future__ import annotations

from pathlib import Path


class CitewatchError(Exception):
    """Root of every error citewatch raises on purpose."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"{where}{self.message}"


class InputError(CitewatchError):
    """A document cannot be read as input."""


class StoreError(CitewatchError):
    """The BibTeX store cannot be read or written without losing data."""


class ConfigError(CitewatchError):
    """The configuration is invalid."""


class HistoryError(CitewatchError):
    """The link-check history database is unusable."""
