"""Reading and writing one ``.bib`` file without ever losing what it holds.

Reading refuses a file bibtexparser cannot fully parse (any failed block, duplicate keys,
bad UTF-8): :class:`~citewatch.errors.StoreError` names the file and line, and nothing is
written. Writing renders the library, re-parses the text and compares it with what was
meant (block kinds, keys, entry types, every field value); only then is the text written to
a temporary file in the same folder, fsynced, read back and checked once more, and moved
over the old file with ``os.replace``. A failure at any step leaves the old file as it was.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.enclosing import AddEnclosingMiddleware, RemoveEnclosingMiddleware
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)
from bibtexparser.writer import BibtexFormat

from citewatch.atomic import replace_file
from citewatch.errors import StoreError
from citewatch.lazy import lazy_pattern


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _library_log() -> Iterator[list[str]]:
    """Keep bibtexparser's log lines out of the terminal (``--quiet`` means quiet) and hand
    them to the caller, which puts what matters into its own error message."""
    logger = logging.getLogger("bibtexparser")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _bib_format() -> BibtexFormat:
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.value_column = 0
    fmt.block_separator = "\n"
    fmt.trailing_comma = False
    return fmt


_MONTHS = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
_MACRO_NAME = lazy_pattern(r"[A-Za-z][A-Za-z0-9_-]*")
"""What macro names look like in practice; a bare word that is not one of these nor
defined in the file (``https://…``) is a value whose opening brace was lost."""
_STRAY_FIELD = lazy_pattern(r"^[ \t]*,?[ \t]*[A-Za-z][\w:.+-]*[ \t]*=[ \t]*[{\"]", re.MULTILINE)
"""A line of text outside any entry that looks like a field: the entry was closed early."""


def value_problem(raw: str, macros: frozenset[str] | None = None) -> str | None:
    """Why ``raw`` (a field value as written in the file) is not one BibTeX value, or None.

    A value is ``part (# part)*`` where a part is ``{…}`` with balanced braces, ``"…"``, or
    a bare number or macro name; like bibtexparser, a brace or quote right after a backslash
    does not count. bibtexparser reads a value up to the next top-level comma, so when a
    hand edit drops the comma after a value, the next field becomes part of this one
    (``{Title}\n  date = {2021}``): refused here instead of stored as a title. Given the
    ``macros`` the file defines, a bare word must be a number, one of them, or look like a
    macro name (one may be defined in another file); a dropped opening brace leaves
    ``url = https://…}``, read as a macro named ``https://…``.
    """

    def marks(i: int, wanted: str) -> int:
        """Index just after the part opened at ``i`` (``{`` or ``"``), or -1."""
        depth = 0
        j = i
        while j < len(raw):
            c = raw[j]
            if c in wanted and (j == 0 or raw[j - 1] != "\\"):
                if c == '"':
                    if j > i and raw[j - 1 : j + 2] == '{"}':  # {"} is a quote inside quotes
                        j += 1
                        continue
                    if j > i:
                        return j + 1
                else:
                    depth += 1 if c == "{" else -1
                    if depth == 0:
                        return j + 1
            j += 1
        return -1

    i, n = 0, len(raw)
    expect_part = True
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            return "an empty value" if expect_part else None
        c = raw[i]
        if not expect_part:
            if c != "#":
                rest = raw[i:].split("\n", 1)[0].strip()
                return f"the value goes on after its end with {rest[:40]!r} (a comma missing?)"
            i += 1
            expect_part = True
            continue
        if c in '{"':
            i = marks(i, "{}" if c == "{" else '"')
            if i < 0:
                return "a brace is not closed" if c == "{" else "a quote is not closed"
        else:
            start = i
            while i < n and not raw[i].isspace() and raw[i] not in '#{}",=':
                i += 1
            if i == start:
                return f"unexpected {c!r}"
            word = raw[start:i]
            if (
                macros is not None
                and not word.isdigit()
                and word.lower() not in macros
                and not _MACRO_NAME.fullmatch(word)
            ):
                return f"{word[:40]!r} is neither a number nor a @string name (a brace missing?)"
        expect_part = False


def _check_values(library: Library, path: Path) -> None:
    """Raise :class:`StoreError` naming the line of the first value that is not one value,
    or of text outside any entry that looks like a field (an entry closed early)."""
    macros = _MONTHS | {b.key.lower() for b in library.blocks if isinstance(b, String)}
    for block in library.blocks:
        if isinstance(block, ImplicitComment) and block.start_line is not None:
            stray = _STRAY_FIELD.search(block.comment)
            if stray is not None:
                raise StoreError(
                    f"{stray.group(0).strip()!r} is outside any entry (a brace closed the "
                    "entry early?); fix the file by hand, citewatch will not overwrite it",
                    path=path,
                    line=block.start_line + block.comment.count("\n", 0, stray.start()) + 1,
                )
        items: list[tuple[str, str, int | None]]
        if isinstance(block, Entry):
            items = [(f.key, str(f.value), f.start_line) for f in block.fields]
        elif isinstance(block, String):
            items = [(block.key, str(block.value), block.start_line)]
        else:
            continue
        for name, raw, line in items:
            problem = value_problem(raw, macros)
            if problem is not None:
                raise StoreError(
                    f"field {name!r}: {problem}; fix the file by hand, citewatch will not "
                    "overwrite it",
                    path=path,
                    line=line + 1 if line is not None else None,
                )


def parse_text(text: str, path: Path) -> Library:
    """Parse ``text`` (the content of ``path``) without interpolating ``@string`` macros
    (so they are written back as macros); raise :class:`StoreError` on any failed block
    and on any field whose value is not one BibTeX value (:func:`value_problem`)."""
    with _library_log() as said:
        try:
            library = parse_string(text, parse_stack=[])
        except Exception as exc:  # a parser bug must not become a traceback
            detail = said[-1] if said else repr(exc)
            raise StoreError(f"bibtexparser cannot read this file ({detail})", path=path) from exc
    failed = library.failed_blocks
    if failed:
        block = min(failed, key=lambda b: b.start_line if b.start_line is not None else -1)
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, DuplicateBlockKeyBlock):
            reason = f"duplicate key {block.key!r}"
        else:
            why = getattr(block.error, "abort_reason", None) or str(block.error) or "syntax"
            reason = f"cannot parse this block ({' '.join(str(why).split())})"
        raise StoreError(
            f"{reason}; fix the file by hand, citewatch will not overwrite it",
            path=path,
            line=line,
        )
    _check_values(library, path)
    return RemoveEnclosingMiddleware(allow_inplace_modification=True).transform(library)


def read_bib(path: Path) -> tuple[Library, str] | None:
    """The parsed library and the exact text of ``path``; None if it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read: {exc}", path=path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StoreError("not valid UTF-8", path=path, line=line) from exc
    text = text.removeprefix("\ufeff")
    library = parse_text(text, path)
    for block in library.blocks:
        # the parser strips a comment; keep a closing brace on its own line where it was
        if isinstance(block, ExplicitComment) and (block.raw or "")[:-1].endswith("\n"):
            block.comment = block.comment + "\n"
    return library, text


def render(library: Library) -> str:
    """The text of ``library``: two-space indent, ``{}`` around new values, the enclosing
    a person used kept for values read from the file, one newline at the end."""
    stack = [
        AddEnclosingMiddleware(
            reuse_previous_enclosing=True,
            enclose_integers=True,
            default_enclosing="{",
            allow_inplace_modification=False,
        )
    ]
    with _library_log():  # only a note that large libraries are copied (slow, harmless)
        text = write_string(library, unparse_stack=stack, bibtex_format=_bib_format())
    return text.rstrip("\n") + "\n"


def _signature(block: Block) -> tuple[object, ...]:
    if isinstance(block, Entry):
        return ("entry", block.entry_type, block.key, tuple((f.key, f.value) for f in block.fields))
    if isinstance(block, String):
        return ("string", block.key, block.value)
    if isinstance(block, Preamble):
        return ("preamble", block.value.strip())
    if isinstance(block, ExplicitComment):
        return ("comment", block.comment.strip())
    if isinstance(block, ImplicitComment):
        return ("implicit", block.comment.strip())
    return ("failed", type(block).__name__)


def check_round_trip(text: str, meant: Library, path: Path) -> None:
    """Raise :class:`StoreError` unless ``text`` parses back to exactly ``meant``."""
    try:
        parsed = parse_text(text, path)
    except StoreError as exc:
        raise StoreError(
            f"refusing to write, the new text would not parse: {exc.message}",
            path=path,
            line=exc.line,
        ) from exc
    want = [_signature(b) for b in meant.blocks if not isinstance(b, ParsingFailedBlock)]
    got = [_signature(b) for b in parsed.blocks]
    if want != got:
        diff = next(
            (i for i, (w, g) in enumerate(zip(want, got)) if w != g), min(len(want), len(got))
        )
        detail = want[diff] if diff < len(want) else got[diff]
        raise StoreError(
            f"refusing to write, the new text does not read back as written (block {diff}: "
            f"{str(detail)[:200]})",
            path=path,
        )


def write_atomic(
    path: Path,
    library: Library,
    *,
    renderer: Callable[[Library], str] = render,
) -> str:
    """Render, check, and atomically replace ``path``; return the text written."""
    text = renderer(library)
    check_round_trip(text, library, path)
    data = text.encode("utf-8")

    def verify(tmp: Path) -> None:
        if tmp.read_bytes() != data:
            raise StoreError("the temporary file does not hold what was written", path=tmp)
        check_round_trip(tmp.read_text(encoding="utf-8"), library, path)

    try:
        replace_file(path, data, verify=verify)
    except OSError as exc:
        raise StoreError(
            f"cannot write: {exc.strerror or exc} (is {path.parent} read-only?); "
            "the old file is unchanged",
            path=path,
        ) from exc
    return text
