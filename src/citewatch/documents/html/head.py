"""What a page says about itself (title, author, site, date, canonical and base URLs) as
the labelled front-matter lines the metadata reader trusts, and where its note markers point."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from citewatch.documents.html.dom import attr, collapse, words
from citewatch.documents.html.links import is_checkable_url
from citewatch.lazy import lazy_pattern

_LABEL_TEXT = lazy_pattern(r"^(?:\d{1,4}|[a-z]{1,3}|[*†‡§¶]{1,3})$", re.IGNORECASE)


@dataclass
class Head:
    """What the page says about itself, and where its in-page markers point."""

    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    """``name``/``property``/``itemprop`` (lower-cased) → first non-empty ``content``."""
    canonical: str | None = None
    base: str | None = None
    markers: dict[str, str] = field(default_factory=dict)
    """Note id → the label its first in-page marker shows (``[12]`` → ``12``)."""

    def first(self, *names: str) -> str | None:
        return next((self.meta[n] for n in names if n in self.meta), None)


def read_head(soup: BeautifulSoup) -> Head:
    """One pass over the page for title, meta, canonical and base links, and note markers."""
    head = Head()
    for tag in soup.find_all(["title", "meta", "link", "base", "a"]):
        name = tag.name
        if name == "a":
            href = attr(tag, "href")
            if href.startswith("#") and len(href) > 1:
                label = tag.get_text().strip().strip("[]() \u00a0")
                if _LABEL_TEXT.match(label):
                    head.markers.setdefault(href[1:], label)
        elif name == "meta":
            content = collapse(attr(tag, "content")).strip()
            if content:
                for key in ("name", "property", "itemprop"):
                    value = attr(tag, key).strip().lower()
                    if value:
                        head.meta.setdefault(value, content)
        elif name == "title":
            if head.title is None:
                head.title = collapse(tag.get_text()).strip() or None
        elif name == "link":
            url = attr(tag, "href").strip()
            if (
                head.canonical is None
                and "canonical" in words(tag, "rel")
                and is_checkable_url(url)
            ):
                head.canonical = url
        elif head.base is None and tag.has_attr("href"):
            head.base = attr(tag, "href").strip()
    if head.canonical is None:
        og = head.meta.get("og:url")
        head.canonical = og if og and is_checkable_url(og) else None
    return head


def front_matter_lines(
    title: str | None,
    author: str | None,
    date: str | None,
    url: str | None,
    publisher: str | None = None,
) -> list[str]:
    """Labelled lines the metadata reader trusts: ``Title: …``, ``Author: …``,
    ``Publisher: …``, ``Date: …``, ``Original url: …``; empty values are left out. ISO
    timestamps keep only their date."""
    lines: list[str] = []
    if title:
        lines.append(f"Title: {collapse(title).strip()}")
    if author:
        lines.append(f"Author: {collapse(author).strip()}")
    if publisher:
        lines.append(f"Publisher: {collapse(publisher).strip()}")
    if date:
        iso = re.match(
            r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", date.strip()
        )
        lines.append(f"Date: {iso.group(1) if iso else collapse(date).strip()}")
    if url:
        lines.append(f"Original url: {url}")
    return lines


def page_front_matter(head: Head) -> list[str]:
    title = head.title or head.first("og:title", "citation_title", "dc.title")
    site = head.first("og:site_name")
    if title and site:
        # "Story | Site" / "Story - Wikipedia": the site is the publisher, not the title
        title = re.sub(rf"\s+[|\-–—:·]\s+{re.escape(site)}\s*$", "", title) or title
    author = head.first("author", "citation_author", "dc.creator", "article:author")
    if author and is_checkable_url(author):  # article:author is often a profile URL
        author = None
    date = head.first(
        "date",
        "citation_publication_date",
        "citation_date",
        "dc.date",
        "article:published_time",
        "datepublished",
        "pubdate",
    )
    return front_matter_lines(title, author, date, head.canonical, publisher=site)
