"""Reading and writing one ``.bib`` file without ever losing what it holds.

Reading refuses a file bibtexparser cannot fully parse (any failed block, duplicate keys,
bad UTF-8): :class:`~citewatch.errors.StoreError` names the file and line, and nothing is
written. Writing renders the library, re-parses the text and compares it with what was
meant (block kinds, keys, entry types, every field value); only then is the text written to
a temporary file in the same folder, fsynced, read back and checked once more, and moved
over the old file with ``os.replace``. A failure at any step leaves the old file as it was.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _bib_format() -> BibtexFormat:
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.value_column = 0
    fmt.block_separator = "\n"
    fmt.trailing_comma = False
    return fmt


def parse_text(text: str, path: Path) -> Library:
    """Parse ``text`` (the content of ``path``) without interpolating ``@string`` macros
    (so they are written back as macros); raise :class:`StoreError` on any failed block."""
    library = parse_string(
        text, parse_stack=[RemoveEnclosingMiddleware(allow_inplace_modification=True)]
    )
    failed = library.failed_blocks
    if failed:
        block = min(failed, key=lambda b: b.start_line if b.start_line is not None else -1)
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, DuplicateBlockKeyBlock):
            reason = f"duplicate key {block.key!r}"
        else:
            reason = f"cannot parse this block ({block.error})"
        raise StoreError(
            f"{reason}; fix the file by hand, citewatch will not overwrite it",
            path=path,
            line=line,
        )
    return library


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
