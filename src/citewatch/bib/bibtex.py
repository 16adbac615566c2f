"""Classic BibTeX (for natbib/plainnat and other ``.bst`` styles): standard entry types
and fields only — ``journal``, ``year``/``month``, ``howpublished = {\\url{…}}`` — with the
access date and the archived copy in ``note``."""

from __future__ import annotations

from collections.abc import Sequence

from citewatch.bib.biblatex import archive_note, entry_text, latex_url
from citewatch.bib.model import BibItem, date_parts

TYPES = {
    "article": "article",
    "book": "book",
    "report": "techreport",
    "online": "misc",
    "jurisdiction": "misc",
    "legislation": "misc",
    "misc": "misc",
}

_CONTAINER = {"journaltitle": "journal", "institution": "institution",
              "publisher": "publisher", "organization": "organization"}


def _fields(item: BibItem, bib_type: str) -> list[tuple[str, str]]:
    raw = item.raw
    out: list[tuple[str, str]] = []
    for name in ("author", "title"):
        if raw.get(name):
            out.append((name, raw[name]))
    if item.container_field:
        target = _CONTAINER[item.container_field]
        if bib_type == "misc" and target in ("journal", "organization"):
            target = "organization"
        if bib_type == "techreport" and target != "institution":
            target = "institution"
        out.append((target, raw[item.container_field]))
    parts = date_parts(item.date)
    if parts:
        out.append(("year", str(parts[0])))
        if len(parts) > 1:
            out.append(("month", str(parts[1])))
    if item.url:
        out.append(("url", raw.get("url", item.url)))
        if bib_type == "misc":
            out.append(("howpublished", latex_url(item.url)))
    if item.doi:
        out.append(("doi", raw.get("doi", item.doi)))
    notes = [raw["note"]] if raw.get("note") else []
    if item.urldate:
        notes.append(f"Accessed {item.urldate}")
    archived = archive_note(item)
    if archived:
        notes.append(archived)
    if notes:
        out.append(("note", ". ".join(notes)))
    return out


class BibtexExporter:
    def export(self, items: Sequence[BibItem]) -> str:
        blocks = []
        for item in items:
            bib_type = TYPES.get(item.entry_type, "misc")
            blocks.append(entry_text(bib_type, item.key, _fields(item, bib_type)))
        return "\n".join(blocks)
