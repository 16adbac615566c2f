"""biblatex: the store's entries as they are, without citewatch's provenance fields.

Field values are written back exactly as stored (already BibTeX-encoded, organisations
braced). The archived copy is kept in ``archiveurl``/``archivedate`` (the store's fields;
biber passes unknown fields through) and, so that standard styles print it, in
``addendum`` as ``Archived copy: \\url{…} (date)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from citewatch.bib.model import BibItem


def latex_url(url: str) -> str:
    r"""``\url{…}`` safe inside a field (``%`` and ``#`` escaped; the store already
    percent-encoded braces and backslashes)."""
    return "\\url{" + url.replace("%", "\\%").replace("#", "\\#") + "}"


def archive_note(item: BibItem) -> str | None:
    if not item.archive_url:
        return None
    when = f" ({item.archive_date})" if item.archive_date else ""
    return f"Archived copy: {latex_url(item.archive_url)}{when}"


def entry_text(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key}{body}\n}}\n"


class BiblatexExporter:
    def export(self, items: Sequence[BibItem]) -> str:
        blocks = []
        for item in items:
            fields = list(item.raw.items())
            note = archive_note(item)
            if note and "addendum" not in item.raw:
                fields.append(("addendum", note))
            blocks.append(entry_text(item.entry_type, item.key, fields))
        return "\n".join(blocks)
