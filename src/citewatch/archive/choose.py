"""Which capture to offer: pure functions over CDX rows.

Policy: the capture closest *before* the target date (what the author saw), else the closest
after it. Captures the archive recorded with a non-2xx status are skipped (a 404 page or a
redirect is not the cited page).

Revisits: the CDX marks a capture whose payload is identical to an earlier one
(``mimetype`` ``warc/revisit``) with statuscode ``-``. A revisit replays as the capture it
repeats, so it takes the status of a non-revisit row with the same ``digest`` when the rows
at hand hold one; when none does, its status is unknown and it stays a candidate, because
the replay check (``/web/<ts>id_/<url>`` must answer 2xx) decides anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
"""Default CDX columns (wayback-cdx-server README, "Basic Usage")."""


@dataclass(frozen=True)
class CdxRow:
    """One capture listed by the CDX API."""

    timestamp: str
    original: str
    statuscode: str
    """``"200"``, ``"404"``…, or ``"-"`` for a revisit."""
    mimetype: str = ""
    digest: str = ""

    @property
    def is_revisit(self) -> bool:
        return self.statuscode in ("-", "") or self.mimetype == "warc/revisit"


def parse_cdx_json(payload: Any) -> list[CdxRow]:
    """Rows of an ``output=json`` answer: a list of lists whose first row names the
    columns (in ``fl=`` order). An empty result is ``[]``; with ``showResumeKey`` an empty
    row and a one-element resume-key row end the list. Malformed rows are skipped."""
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], list):
        return []
    header = [str(h) for h in payload[0]]
    if "timestamp" not in header:
        return []
    idx = {name: header.index(name) for name in header}
    rows: list[CdxRow] = []
    for raw in payload[1:]:
        if not isinstance(raw, list) or len(raw) != len(header):
            continue  # the blank separator and the resume key

        def get(name: str, raw: list[Any] = raw) -> str:
            return str(raw[idx[name]]) if name in idx else ""

        ts = get("timestamp")
        if not ts.isdigit():
            continue
        rows.append(
            CdxRow(
                timestamp=ts,
                original=get("original"),
                statuscode=get("statuscode"),
                mimetype=get("mimetype"),
                digest=get("digest"),
            )
        )
    return rows


def effective_status(row: CdxRow, rows: Sequence[CdxRow]) -> int | None:
    """The status a capture replays with: its own, or for a revisit that of a non-revisit
    row with the same digest; None when unknown."""
    if not row.is_revisit:
        return int(row.statuscode) if row.statuscode.isdigit() else None
    if row.digest:
        for other in rows:
            if other.digest == row.digest and not other.is_revisit and other.statuscode.isdigit():
                return int(other.statuscode)
    return None


def wayback_timestamp(when: date | datetime) -> str:
    """``YYYYMMDDhhmmss``; a date stands for its last second (the whole day counts as "before")."""
    if not isinstance(when, datetime):
        when = datetime.combine(when, time(23, 59, 59), tzinfo=UTC)
    elif when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%d%H%M%S")


def rank_candidates(rows: Sequence[CdxRow], target: str) -> list[tuple[CdxRow, int | None]]:
    """Usable captures in the order to try them: those at or before ``target`` (a 14-digit
    timestamp) latest first, then those after it earliest first. Non-2xx captures are
    dropped; revisits of unknown status are kept (the replay check decides); a repeated
    timestamp is kept once."""
    target = target.ljust(14, "0")
    seen: set[str] = set()
    before: list[tuple[CdxRow, int | None]] = []
    after: list[tuple[CdxRow, int | None]] = []
    for row in rows:
        ts = row.timestamp.ljust(14, "0")
        if ts in seen:
            continue
        status = effective_status(row, rows)
        if status is not None and not 200 <= status < 300:
            continue
        seen.add(ts)
        (before if ts <= target else after).append((row, status))
    before.sort(key=lambda rs: rs[0].timestamp.ljust(14, "0"), reverse=True)
    after.sort(key=lambda rs: rs[0].timestamp.ljust(14, "0"))
    return before + after


def choose_capture(rows: Sequence[CdxRow], target: str) -> CdxRow | None:
    """The single capture to offer without replay checks (first of ``rank_candidates``)."""
    ranked = rank_candidates(rows, target)
    return ranked[0][0] if ranked else None
