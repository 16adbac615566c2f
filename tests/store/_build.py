"""Builders of synthetic extractions (the extractor is another stage's work)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from citewatch.citations.model import (
    Citation,
    DocumentMeta,
    Extraction,
    Fields,
    FoundUrl,
    NoteKind,
    Ref,
    RefKind,
    SuspectReason,
    WorkKind,
)

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def url(
    text: str,
    line: int = 1,
    *,
    raw: str | None = None,
    suspect: tuple[SuspectReason, ...] = (),
    detail: str = "",
) -> FoundUrl:
    return FoundUrl(
        url=text,
        raw=raw if raw is not None else text,
        line=line,
        end_line=line + (raw or "").count("\n"),
        suspect=suspect,
        detail=detail,
    )


def note(
    label: str,
    text: str = "",
    *,
    urls: tuple[str, ...] = (),
    part: int = 0,
    where: NoteKind = NoteKind.FOOTNOTE,
    ref: Ref | None = None,
    line: int | None = None,
    document: str = "docs/report.pdf",
    **fields: object,
) -> Citation:
    first = line if line is not None else int(label) * 10 if label.isdigit() else 1
    return Citation(
        document=document,
        kind=where,
        label=label,
        text=text or f"note {label}",
        lines=(first,),
        urls=tuple(url(u, first) for u in urls),
        ref=ref,
        fields=Fields(**fields),  # type: ignore[arg-type]
        part=part,
    )


def body(link: str, line: int, document: str = "docs/report.pdf") -> Citation:
    return Citation(
        document=document,
        kind=NoteKind.BODY,
        label=None,
        text=f"see {link}",
        lines=(line,),
        urls=(url(link, line),),
    )


def ibid(label: str, target: str, kind: RefKind = RefKind.IBID, **kw: object) -> Citation:
    return note(label, "Ibid.", ref=Ref(kind, target), **kw)  # type: ignore[arg-type]


def extraction(
    *citations: Citation, document: str = "docs/report.pdf", meta: DocumentMeta | None = None
) -> Extraction:
    fixed = tuple(
        c if c.document == document else replace(c, document=document)
        for c in citations
    )
    return Extraction(
        document=document, meta=meta or DocumentMeta(title="A report"), citations=fixed
    )


HRW = {
    "author": "Human Rights Watch",
    "title": "Azerbaijan: Crackdown on Critics",
    "date": "12 May 2020",
    "date_iso": "2020-05-12",
    "kind": WorkKind.WEB,
}

_KINDS = {
    "news": WorkKind.NEWS,
    "ngo": WorkKind.REPORT,
    "journal": WorkKind.ARTICLE,
    "gov": WorkKind.REPORT,
    "treaty": WorkKind.TREATY,
    "blog": WorkKind.WEB,
    "think": WorkKind.REPORT,
    "case": WorkKind.CASE,
    "un": WorkKind.REPORT,
    "video": WorkKind.WEB,
    "book": WorkKind.BOOK,
    "social": WorkKind.SOCIAL,
    "working": WorkKind.REPORT,
    "wiki": WorkKind.WEB,
}


def _fields(raw: dict[str, object] | None) -> Fields:
    raw = raw or {}
    get = lambda k: raw.get(k) if isinstance(raw.get(k), str) else None
    return Fields(
        author=get("author"),
        title=get("title"),
        container=get("container"),
        date=get("date"),
        date_iso=get("date_iso"),
        accessed=get("accessed"),
        doi=get("doi"),
        kind=_KINDS.get(str(raw.get("kind")), WorkKind.MISC),
    )


def _ref(raw: dict[str, object] | None) -> Ref | None:
    if not raw:
        return None
    return Ref(RefKind(str(raw["kind"])), str(raw["target"]))


def corpus_extraction(doc: str) -> Extraction:
    """The citations a corpus document's truth.json lists, as an ``Extraction``."""
    truth = json.loads((CORPUS / doc / "truth.json").read_text(encoding="utf-8"))
    document = f"corpus/{doc}.pdf"
    out: list[Citation] = []
    line = 1
    for fn in truth.get("footnotes", []):
        sources = fn.get("sources") or [
            {"urls": fn["urls"], "fields": fn["fields"], "ref": fn["ref"]}
        ]
        for part, src in enumerate(sources):
            out.append(
                Citation(
                    document=document,
                    kind=NoteKind.FOOTNOTE,
                    label=str(fn["n"]),
                    text=fn["text"],
                    lines=(line, line + 1),
                    urls=tuple(url(u, line) for u in src.get("urls", [])),
                    ref=_ref(src.get("ref")),
                    fields=_fields(src.get("fields")),
                    is_citation=bool(fn.get("is_citation", True)),
                    part=part,
                )
            )
            line += 2
    for ref in truth.get("references", []):
        out.append(
            Citation(
                document=document,
                kind=NoteKind.REFERENCE,
                label=str(ref.get("label") or ref["n"]),
                text=ref["text"],
                lines=(line,),
                urls=tuple(url(u, line) for u in ref["urls"]),
                fields=_fields(ref.get("fields")),
            )
        )
        line += 1
    for link in truth.get("body_urls", []):
        out.append(body(link, line, document))
        line += 1
    return Extraction(
        document=document,
        meta=DocumentMeta(
            title=truth.get("title"), author=", ".join(truth.get("authors", [])) or None
        ),
        citations=tuple(out),
    )


def corpus_docs() -> list[str]:
    return sorted(p.parent.name for p in CORPUS.glob("*/truth.json"))
