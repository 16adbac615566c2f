"""CSL-JSON, the input of citeproc (pandoc ``--citeproc``, citeproc-py) and a Zotero
import format. The archived copy goes to ``archive``/``archive_location`` (what Zotero
shows as Archive and Loc. in Archive) and, as exact values, to ``custom``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from citewatch.bib.model import BibItem, Name, date_parts

TYPES = {
    "online": "webpage",
    "article": "article-journal",
    "report": "report",
    "book": "book",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "misc": "document",
}


def csl_type(item: BibItem) -> str:
    if item.entry_type == "article" and item.newspaper:
        return "article-newspaper"
    return TYPES.get(item.entry_type, "document")


def csl_name(name: Name) -> dict[str, str]:
    if name.literal is not None:
        return {"literal": name.literal}
    out = {"family": name.family or ""}
    if name.given:
        out["given"] = name.given
    return out


def archive_name(archive_url: str) -> str:
    host = (urlsplit(archive_url).hostname or "").lower()
    return "Internet Archive" if host.endswith("archive.org") else host or "web archive"


def csl_item(item: BibItem) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.key, "citation-key": item.key, "type": csl_type(item)}
    if item.authors:
        out["author"] = [csl_name(n) for n in item.authors]
    if item.title:
        out["title"] = item.title
    if item.container:
        if item.container_field in ("institution", "publisher"):
            out["publisher"] = item.container
        elif item.entry_type == "jurisdiction":
            out["authority"] = item.container
        else:
            out["container-title"] = item.container
    for name, value in (("issued", item.date), ("accessed", item.urldate)):
        parts = date_parts(value)
        if parts:
            out[name] = {"date-parts": [parts]}
        elif value:
            out[name] = {"raw": value}
    if item.url:
        out["URL"] = item.url
    if item.doi:
        out["DOI"] = item.doi
    if item.note:
        out["note"] = item.note
    if item.archive_url:
        out["archive"] = archive_name(item.archive_url)
        out["archive_location"] = item.archive_url
        custom = {"archive-url": item.archive_url}
        if item.archive_date:
            custom["archive-date"] = item.archive_date
        out["custom"] = custom
    return out


def csl_items(items: Sequence[BibItem]) -> list[dict[str, Any]]:
    return [csl_item(i) for i in items]


class CslJsonExporter:
    def export(self, items: Sequence[BibItem]) -> str:
        return json.dumps(csl_items(items), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
