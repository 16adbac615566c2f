"""Cited URLs → link checks with history → the audit report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from citewatch.check.checker import run_checks
from citewatch.check.history import History
from citewatch.check.model import CheckResult, Citing
from citewatch.check.policy import Verdict, looks_offline
from citewatch.citations.model import Citation, Extraction
from citewatch.pipeline.archiving import stored_archives
from citewatch.report.model import AuditReport, build_report
from citewatch.settings import Settings, to_check_options
from citewatch.store import StoreIndex, keys_for, load_store
from citewatch.url import absolute


@dataclass
class Cited:
    """The URLs to check and where each is cited (URL keys normalised as the checker does)."""

    places: dict[str, list[Citing]] = field(default_factory=dict)
    texts: dict[Citing, str] = field(default_factory=dict)

    def add(self, url: str, citing: Citing, text: str) -> None:
        places = self.places.setdefault(absolute(url), [])
        if citing not in places:
            places.append(citing)
        self.texts.setdefault(citing, text)


def keyed(
    extractions: Iterable[Extraction], refs_dir: Path
) -> list[tuple[Extraction, Mapping[Citation, str]]]:
    """Each extraction with the store keys its citations get, without writing."""
    index = StoreIndex(refs_dir)
    return [(e, keys_for(e, refs_dir, index=index)) for e in extractions]


def cited_in_extractions(extractions: Iterable[tuple[Extraction, Mapping[Citation, str]]]) -> Cited:
    """Every URL the extractions cite (short forms included, through the note they repeat),
    with the store key of each citing note."""
    cited = Cited()
    for extraction, keys in extractions:
        for citation in extraction.citations:
            citing = Citing(citation.document, citation.label, keys.get(citation))
            for url in extraction.resolved_urls(citation):
                cited.add(url, citing, citation.fields.title or citation.text)
    return cited


def cited_in_store(refs_dir: Path) -> Cited:
    """Every URL of the BibTeX store, with the notes citing it."""
    cited = Cited()
    for entry in load_store(refs_dir):
        text = entry.fields.get("title") or entry.fields.get("citewatch-raw") or ""
        document = entry.document or str(entry.bib_path)
        for url in entry.urls:
            for note in entry.notes or (None,):
                cited.add(url, Citing(document, note, entry.key), text)
    return cited


@dataclass
class Checked:
    """The outcome of one check run."""

    results: dict[str, CheckResult]
    verdicts: dict[str, Verdict]
    offline: bool
    run_id: str


def check_cited(
    cited: Cited, settings: Settings, on_result: Callable[[CheckResult], None] | None = None
) -> Checked:
    """Check every cited URL once, recording each result in the history as it arrives.

    Results younger than ``settings.max_age`` are reused without a request. A run in which
    nothing could be reached (no network) is marked offline so it never counts towards
    "broken". Ctrl-C keeps what was checked: each result is committed as it arrives.
    """
    urls = list(cited.places)
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    with History.open(settings.db_path) as history:
        run_id = history.start_run()
        fresh = history.fresh_many(urls, settings.max_age)

        def record(result: CheckResult) -> None:
            history.record(result, run_id)
            if on_result is not None:
                on_result(result)

        try:
            results = run_checks(
                urls, to_check_options(settings), on_result=record, is_fresh=fresh.get
            )
        except KeyboardInterrupt:
            history.finish_run(run_id, offline=looks_offline(history.run_results(run_id)))
            raise
        offline = looks_offline(results)
        history.finish_run(run_id, offline=offline)
        verdicts = history.verdicts(urls, settings.policy)
    return Checked({r.url: r for r in results}, verdicts, offline, run_id)


def audit_report(cited: Cited, checked: Checked, refs_dir: Path | None = None) -> AuditReport:
    """The report of a check run over ``cited``, with the archived copies the store knows."""
    archives = stored_archives(refs_dir) if refs_dir is not None else None
    return build_report(
        cited.places,
        checked.results,
        checked.verdicts,
        texts=cited.texts,
        offline=checked.offline,
        archives=archives,
    )


def summary_line(checked: Checked, broken: int) -> str:
    """One plain sentence about a check run, for the terminal."""
    counts: dict[str, int] = {}
    for result in checked.results.values():
        counts[str(result.status)] = counts.get(str(result.status), 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    total = len(checked.results)
    if checked.offline:
        reached = sum(1 for r in checked.results.values() if r.http_status is not None)
        return (
            f"This machine reached no website: {total - reached} of {total} URLs could not "
            "be reached, so no link is called dead or broken on this run."
        )
    return f"{total} URLs checked ({parts}); {broken} broken per the history policy."
