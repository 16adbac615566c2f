"""The document's own metadata (title, author, publisher, date, original URL) from its text.

Front matter in extracted text is a short run of lines before the body: a title (often
wrapped over two or three lines), authors with affiliations, a date; running headers
(a truncated title, a surname, an organisation) may stand above it. The reader anchors on
the first line that is only a date (or ``PUBLISHER date``), reads the title block just above
it and the people between the two; without such a date it accepts a first line only when it
plainly looks like a title. It prefers None to a wrong value: a report about the document
that names the wrong title is worse than one that names none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from citewatch.citations.fields import FoundDate, looks_like_org, looks_like_person, parse_date
from citewatch.citations.model import DocumentMeta
from citewatch.citations.urls import find_urls
from citewatch.lazy import lazy_pattern

__all__ = ["read_metadata"]

_FRONT_LINE_CHARS = 2000
"""Characters of a front-matter line looked at (titles and bylines are short)."""
_FRONT_LINES = 45
"""How far into the text front matter is looked for."""

_AFFILIATION_RE = lazy_pattern(
    r"\b(?:Universit\w*|Faculty|School|College|Department|Dept\.|Academy|Institut\w*|Centre|"
    r"Center|Laborator\w*|Hochschule|Law School|Graduate)\b"
)
_HEADING_RE = lazy_pattern(
    r"^(?:[A-Z]|\d{1,2}|[IVX]{1,4})\s*[-.)–]\s+\S|^(?:Abstract|Introduction|Summary|Contents|"
    r"Table of Contents|Background|Overview|Executive Summary|Foreword|Preface)\b",
    re.IGNORECASE,
)
_BYLINE_RE = lazy_pattern(
    r"^(?:(?:Written|Posted|Published|Video|Script|Text|Photos?|Report(?:ed)?|Edited)\s+)?"
    r"[Bb]y:?\s+(?P<who>.+)$"
)
_LABEL_RE = lazy_pattern(
    r"^(?P<label>Title|Authors?|Publisher|Published(?: on)?|Date|Original url|Original URL|"
    r"Source|URL)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_CONTINUES_RE = lazy_pattern(
    r"(?:\b(?:the|of|in|and|or|for|on|to|a|an|at|by|with|from|under|after|during|between|"
    r"against|into)|[:,–—-])$",
    re.IGNORECASE,
)
_MARKERS = "*∗†‡§¶"
_MARKERS_RE = lazy_pattern(rf"[{_MARKERS}\d]+$")
_WIDE_GAP_RE = lazy_pattern(r"\s\s\s+")
r"""``\s{3,}`` opening with a class, so the engine skips ahead to white space."""
_PRESS_DATE_RE = lazy_pattern(r"^(?P<pub>[A-Z][\w&.’' -]{1,40}?)[\s,|–—-]+(?P<date>.+)$")
_SENTENCE_END_RE = lazy_pattern(r"[a-z]{2,}\.$")
_NAME_SEP_RE = lazy_pattern(r"\s*(?:,|&|\band\b)\s*")
_SOURCE_LABEL_RE = lazy_pattern(r"(?im)^\s*(?:Original\s+url|Source|URL)\s*:\s*")


def read_metadata(text: str) -> DocumentMeta:
    """Title, author, publisher, date and "Original url" where the text states them."""
    front = _lines(text)
    labelled = _labelled(front)
    title: str | None = labelled.get("title")
    authors: list[str] = [labelled["author"]] if "author" in labelled else []
    publisher: str | None = labelled.get("publisher")
    date: FoundDate | None = parse_date(labelled["date"]) if "date" in labelled else None

    anchor = _date_anchor(front)
    if anchor is not None:
        index, found, press = anchor
        date = date or found
        publisher = publisher or press
        block_title, block_people = _above_date(front[:index])
        title = title or block_title
        if not authors:
            authors = block_people
        if not authors:
            authors = _org_author(front[:index], title)
    elif title is None:
        title = _leading_title(front)
    if not authors:
        authors = _bylines(front)
    return DocumentMeta(
        title=title,
        author=" and ".join(authors) if authors else None,
        publisher=publisher,
        date=date.printed if date else None,
        date_iso=date.iso if date else None,
        original_url=_original_url(text),
    )


def _lines(text: str) -> list[str]:
    """The front matter's stripped lines; a layout line with wide gaps becomes one line per
    cell (authors set side by side, a running header beside the organisation's name)."""
    out: list[str] = []
    # only the front is read: a bounded prefix, lines cut at a bounded length (a 50 MB
    # one-line file is not split whole); of the prefix, only as much as holds one line
    # more than is read (normalising never joins lines, so their first lines agree)
    head = text[: _FRONT_LINES * _FRONT_LINE_CHARS]
    size = 1 << 12
    while size < len(head) and len(head[:size].splitlines()) <= _FRONT_LINES:
        size <<= 2
    head = unicodedata.normalize("NFC", head[:size])
    for raw in head.splitlines()[:_FRONT_LINES]:
        raw = raw[:_FRONT_LINE_CHARS]
        cells = [c.strip() for c in _WIDE_GAP_RE.split(raw.strip())]
        if len(cells) > 1:
            out.extend(c for c in cells if c)
        else:
            out.append(raw.strip())
    return out[:_FRONT_LINES]


def _labelled(lines: list[str]) -> dict[str, str]:
    """``Title: …``, ``Author: …``, ``Date: …`` lines within the front matter."""
    out: dict[str, str] = {}
    for line in lines:
        match = _LABEL_RE.match(line)
        if not match or not match.group("value").strip():
            continue
        label = match.group("label").lower()
        value = match.group("value").strip()
        if label == "title":
            out.setdefault("title", value)
        elif label.startswith("author"):
            out.setdefault("author", value)
        elif label == "publisher":
            out.setdefault("publisher", value)
        elif (label.startswith("published") or label == "date") and parse_date(value):
            out.setdefault("date", value)
    return out


def _date_anchor(front: list[str]) -> tuple[int, FoundDate, str | None] | None:
    """The first line that is a date, or a short ``PUBLISHER date`` line."""
    for i, line in enumerate(front):
        if not line or len(line) > 60:
            continue
        found = parse_date(line)
        if found and found.precision >= 2:
            return i, found, None
        press = _PRESS_DATE_RE.match(line)
        if press:
            found = parse_date(press.group("date"))
            pub = press.group("pub").strip(" ,|–—-")
            if found and found.precision >= 2 and not looks_like_person(pub):
                return i, found, pub
    return None


def _groups(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _person(line: str) -> str | None:
    """The name on an author line (``Ann Lee*, University of X`` → ``Ann Lee``)."""
    name = line.split(",")[0]
    name = _MARKERS_RE.sub("", name.strip()).strip()
    return name if looks_like_person(name) else None


def _is_affiliation(line: str) -> bool:
    return bool(_AFFILIATION_RE.search(line)) and len(line) < 140


def _above_date(region: list[str]) -> tuple[str | None, list[str]]:
    """Title and authors from the lines above the date line."""
    people: list[str] = []
    groups = _groups(region)
    while groups:
        group = groups.pop()
        # Peel authors and affiliations off the bottom of the group; a line whose
        # predecessor ends mid-phrase ("… Limits of the") is the title going on.
        names: list[str] = []
        while group:
            line = group[-1]
            above = group[-2] if len(group) > 1 else ""
            if above and _CONTINUES_RE.search(above):
                break
            if _is_affiliation(line.split(",")[0]):
                group.pop()
                continue
            name = _person(line)
            if name is None:
                break
            names.insert(0, name)
            group.pop()
        people = names + people
        group = _drop_running_heads(group, people)
        if group:
            title = " ".join(group)
            return (title if _title_like(title) else None), people
    return None, people


def _drop_running_heads(group: list[str], people: list[str]) -> list[str]:
    """Drop running headers glued above the title: a truncated copy of a later line, a
    line printed twice, an author's surname, the organisation's name."""
    surnames = {p.split()[-1] for p in people}
    group = list(group)
    while len(group) > 1:
        head = group[0]
        later = group[1:]
        bare = " ".join(w for w in head.split() if w not in surnames) if surnames else head
        if (
            any(line.startswith(bare) and line != head for line in later)
            or head in later
            or head in surnames
            or (looks_like_org(head) and not _CONTINUES_RE.search(head))
        ):
            group.pop(0)
            continue
        break
    return group


def _title_like(title: str) -> bool:
    words = title.split()
    if not 1 <= len(words) <= 30 or len(title) > 250:
        return False
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "“\"‘'"):
        return False
    if _HEADING_RE.match(title) or "://" in title or "www." in title:
        return False
    return not _SENTENCE_END_RE.search(title)


def _org_author(region: list[str], title: str | None) -> list[str]:
    """An organisation printed alone above the title (NGO reports)."""
    for line in region:
        if line and line != title and looks_like_org(line) and not _is_affiliation(line):
            if title and title.startswith(line):
                continue
            return [line]
    return []


def _leading_title(front: list[str]) -> str | None:
    """Without a date line, the first lines when they plainly read as a title."""
    start = next((i for i, line in enumerate(front) if line), None)
    if start is None or start > 3:
        return None
    lines: list[str] = []
    for line in front[start : start + 4]:
        if not line or _BYLINE_RE.match(line) or _LABEL_RE.match(line):
            break
        if lines and not (_CONTINUES_RE.search(lines[-1]) or _title_case(line)):
            break
        if len(line) > 120:
            break
        lines.append(line)
    if not lines:
        return None
    title = " ".join(lines)
    if not _title_like(title) or not (_title_case(lines[0]) or len(lines[0].split()) <= 8):
        return None
    return title


def _title_case(line: str) -> bool:
    """Most content words capitalised, as headlines are."""
    words = [w.strip("“”\"‘’'(),:;") for w in line.split()]
    content = [w for w in words if w and len(w) > 3]
    if not content:
        return bool(words) and words[0][:1].isupper()
    upper = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return upper / len(content) >= 0.6


def _bylines(front: list[str]) -> list[str]:
    """``By Ann Lee``, ``Video by: Ann Lee``, ``Script by: Bo Kim``."""
    people: list[str] = []
    for line in front[:20]:
        match = _BYLINE_RE.match(line)
        if match:
            who = match.group("who").strip(" .")
            for name in _NAME_SEP_RE.split(who):
                if looks_like_person(name) and name not in people:
                    people.append(name)
    return people


def _original_url(text: str) -> str | None:
    """The URL after an ``Original url:`` / ``Source:`` / ``URL:`` label."""
    for end in _label_ends(text):
        after = unicodedata.normalize("NFC", text[end : end + 600])
        found = find_urls(after)
        if found and not after[: found[0].start].strip():
            return found[0].url
    return None


_LABEL_LINE_RE = lazy_pattern(r"\n\s*[osu]", re.IGNORECASE)
"""A line (after white space) beginning as a :data:`_SOURCE_LABEL_RE` label does: a
search for its line end is fast, the label pattern's (a line start at every character)
is not."""


def _label_ends(text: str) -> Iterator[int]:
    """Where each :data:`_SOURCE_LABEL_RE` match ends, in order, the pattern tried only at
    the text's start and at the lines :data:`_LABEL_LINE_RE` finds."""
    pos = 0
    match = _SOURCE_LABEL_RE.match(text)
    while True:
        if match is not None:
            yield match.end()
            pos = match.end() - 1  # the next match may start at the line its end begins
        line = _LABEL_LINE_RE.search(text, pos)
        if line is None:
            return
        match = _SOURCE_LABEL_RE.match(text, line.start() + 1)
        if match is None:
            pos = line.end()  # each line start up to here leads to the same label
