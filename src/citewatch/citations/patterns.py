"""Character classes, regexes and word lists shared by the citation heuristics.

One place for what a URL's run of characters is, what ends it, which words are prose and
which extensions are files, so that scanning, continuation and tails agree on them.
"""

from __future__ import annotations

from citewatch.lazy import lazy_pattern

URL_RUN = lazy_pattern(r"[^\s<>\"“”‘’«»]*")
"""A URL's run of characters on one line: whitespace, quotes and angle brackets end it."""

ANGLE_CLOSE = lazy_pattern(r"[ \t]?>")
"""The ``>`` closing a McGill ``<…>`` URL (pypdf may print a space before it)."""

TRAILING_PUNCTUATION = ".,;:!?'*…"
"""Sentence punctuation trimmed from a URL's end."""

STRONG_END = frozenset("-_%=&?#~+.:,@!$")
"""Line ends after which the URL cannot have ended."""

FILE_EXTENSIONS = frozenset(
    ["pdf", "html", "htm", "php", "aspx", "asp", "cfm", "jsp", "shtml", "xml", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "json", "rss", "csv", "tsv", "zip", "odt", "ods", "rtf", "epub", "png", "jpg", "jpeg", "gif", "mp4"]
)
"""File extensions: a ``.PDF`` after a break ends the URL, it is no sentence."""

PROSE_WORDS = frozenset(
    """a an and or but nor the in at on of to for from by with as is are was were be been it
    its this that these those which who whom whose where when while see also accessed last
    visited retrieved archived available viewed consulted online via per not no than then
    there here has have had do does did can could may might shall should will would
    into onto upon about above after before under over between among through during
    against within without since until both each every other such only so if because
    however ibid id supra infra cf et al pp p para art arts ch vol no
    von van der den de du da di del della la le los las""".split()  # noqa: SIM905
)
"""Lowercase words that start prose after a URL, not the rest of it."""

URL_START = lazy_pattern(r"(?i:https?|ftp):|(?i:www)\d{0,3}\.")
"""A token that opens a URL of its own (a scheme or ``www.``), not the rest of one."""

SEGMENT_TAIL = lazy_pattern(r"[^/?&=#.]*\Z")
"""The last path segment or query value of a URL read so far."""
