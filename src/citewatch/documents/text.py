"""Decode a plain-text document without guessing silently.

Text from PDFs and web pages arrives as UTF-8 most of the time, sometimes as UTF-16 (with a
BOM) or a legacy single-byte encoding (cp1252). We try the strict decoders in that order and
fall back to charset-normalizer; bytes that nothing decodes are an :class:`InputError`
rather than a page of mojibake in the store.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from citewatch.errors import InputError

MAX_BYTES = 200 * 1024 * 1024
"""Refuse inputs above this size: nobody's citation list is 200 MB of text."""

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]{1,3}")
"""A valid UTF-8 multi-byte sequence: its presence says the file is UTF-8, damaged."""

_MAX_CHAOS_PERCENT = 5.0
"""charset-normalizer's "mess" above which a guessed encoding is rejected."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NULs outside UTF-16/32, or many control bytes."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Return ``(text, encoding)`` with line ends normalised to ``\\n``."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(enc)), enc
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"invalid {enc} after its byte-order mark ({exc.reason})",
                    path=path,
                    line=_line_of(data, exc.start),
                ) from exc
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error
    if _UTF8_MULTIBYTE.search(data):
        # Mostly UTF-8 with a few bad bytes: a legacy decoder would turn the good
        # characters into mojibake, so point at the damage instead.
        raise InputError(
            f"invalid UTF-8 (byte 0x{data[first_bad.start]:02x}); fix or re-extract the text",
            path=path,
            line=_line_of(data, first_bad.start),
        )
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector crash must fall through to the clear error below
        best = None
    if best is not None and best.encoding and best.percent_chaos < _MAX_CHAOS_PERCENT:
        return _normalise(str(best)), best.encoding
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[first_bad.start]:02x}) and no other encoding fits; "
        "convert it to UTF-8 first",
        path=path,
        line=_line_of(data, first_bad.start),
    )


def read_text_file(path: Path) -> tuple[str, str]:
    """Read and decode a text document, with clear errors for unusable input."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    if size > MAX_BYTES:
        raise InputError(
            f"too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 10**6} MB)", path=path
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    if not data.strip():
        raise InputError("empty document (no text to extract)", path=path)
    if looks_binary(data):
        raise InputError(
            "binary file, not text (convert PDFs with pdftotext, or pass the .pdf)", path=path
        )
    return decode_text(data, path)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
