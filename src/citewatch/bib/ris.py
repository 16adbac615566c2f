"""RIS (Zotero, EndNote, Mendeley import): one ``TAG  - value`` line per field, ``ER``
closing each record; the access date in ``Y2``, the archived copy in a note."""

from __future__ import annotations

from collections.abc import Sequence

from citewatch.bib.model import BibItem, date_parts

TYPES = {
    "online": "ELEC",
    "report": "RPRT",
    "book": "BOOK",
    "jurisdiction": "CASE",
    "legislation": "STAT",
    "misc": "GEN",
}


def ris_type(item: BibItem) -> str:
    if item.entry_type == "article":
        return "NEWS" if item.newspaper else "JOUR"
    return TYPES.get(item.entry_type, "GEN")


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def _ris_date(iso: str | None) -> str | None:
    parts = date_parts(iso)
    if not parts:
        return None
    padded = [f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]
    return "/".join(padded + [""] * (4 - len(padded)))


def record(item: BibItem) -> list[str]:
    lines = [_line("TY", ris_type(item)), _line("ID", item.key)]
    for name in item.authors:
        if name.literal is not None:
            lines.append(_line("AU", name.literal))
        else:
            lines.append(_line("AU", ", ".join(p for p in (name.family, name.given) if p)))
    if item.title:
        lines.append(_line("TI", item.title))
    if item.container:
        tag = "PB" if item.container_field in ("institution", "publisher") else "T2"
        lines.append(_line(tag, item.container))
    date = _ris_date(item.date)
    if date:
        lines += [_line("PY", date[:4]), _line("DA", date)]
    if item.url:
        lines.append(_line("UR", item.url))
    access = _ris_date(item.urldate)
    if access:
        lines.append(_line("Y2", access))
    if item.doi:
        lines.append(_line("DO", item.doi))
    if item.note:
        lines.append(_line("N1", item.note))
    if item.archive_url:
        when = f" ({item.archive_date})" if item.archive_date else ""
        lines.append(_line("N1", f"Archived copy: {item.archive_url}{when}"))
    lines.append("ER  - ")
    return lines


class RisExporter:
    def export(self, items: Sequence[BibItem]) -> str:
        return "".join("\n".join(record(i)) + "\n\n" for i in items)
