"""``report.html``: the audit as one self-contained page a person can browse.

No network at all: the style and the script are inline, and a Content-Security-Policy
allows exactly those two (by hash) and nothing else, so even text that slipped through
escaping could not run or fetch. Every piece of citation text is escaped; a URL becomes a
link only when it is ``http(s)``.

Per document one table (caption, column headers with ``scope``, ``aria-sort``) that can be
sorted by any column and filtered by class or verdict and by text. Without JavaScript the
table is complete in the report's order (broken first) and the controls stay hidden. On a
narrow screen each row becomes a card whose cells carry their column name.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from html import escape

from citewatch.check.policy import VerdictState
from citewatch.lazy import lazy_pattern
from citewatch.report.model import AuditReport, DocumentReport, ReportRow
from citewatch.report.summary import summary

_STYLE = """
:root { color-scheme: light; --fg: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8;
  --bad: #8b1414; --bad-bg: #fde7e7; --warn: #6b4300; --warn-bg: #fff1d6;
  --ok: #17602a; --ok-bg: #e3f4e6; --info: #24427a; --info-bg: #e6eefb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem; font: 16px/1.45 system-ui,
  -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg);
  background: #fff; }
h1 { font-size: 1.6rem; margin: .2rem 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; overflow-wrap: anywhere; }
a { color: #0b4bb3; }
a:focus, button:focus, select:focus, input:focus { outline: 3px solid #f0a500;
  outline-offset: 1px; }
.summary { font-size: 1.1rem; }
.meta, .shown { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; color: var(--muted); padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left;
  vertical-align: top; }
td { overflow-wrap: anywhere; }
thead th { background: #f2f2f2; position: sticky; top: 0; }
th button { font: inherit; font-weight: 700; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; text-align: left; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
table.counts { width: auto; margin: .5rem 0 1rem; }
table.counts caption, td[data-label="Since"] { white-space: nowrap; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  margin: .5rem 0; }
.controls[hidden] { display: none; }
select, input { font: inherit; padding: .25rem .4rem; border: 1px solid #767676;
  border-radius: 4px; background: #fff; color: var(--fg); }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-weight: 600;
  white-space: nowrap; }
.v-broken { color: var(--bad); background: var(--bad-bg); }
.v-failing, .v-flaky { color: var(--warn); background: var(--warn-bg); }
.v-ok { color: var(--ok); background: var(--ok-bg); }
.v-blocked, .v-unknown { color: var(--info); background: var(--info-bg); }
.url { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
.small { font-size: .9em; color: var(--muted); }
@media (max-width: 48rem) {
  body { padding: .6rem; }
  table.rows thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  table.rows, table.rows tbody, table.rows tr, table.rows td { display: block;
    width: 100%; }
  table.rows tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem;
    padding: .3rem 0; }
  table.rows td { border: 0; display: grid; grid-template-columns: 7.5rem 1fr;
    gap: .5rem; padding: .2rem .6rem; }
  table.rows td::before { content: attr(data-label); font-weight: 700; }
  table.rows td:empty { display: none; }
}
"""

_SCRIPT = """
(function () {
  "use strict";
  function sortKey(tr, col, numeric) {
    var td = tr.cells[col];
    var v = td.hasAttribute("data-sort") ? td.getAttribute("data-sort")
                                         : td.textContent.trim().toLowerCase();
    return numeric ? parseFloat(v) : v;
  }
  Array.prototype.forEach.call(document.querySelectorAll("section.document"), function (sec) {
    var table = sec.querySelector("table.rows");
    var tbody = table.tBodies[0];
    var controls = sec.querySelector(".controls");
    var filter = controls.querySelector("select");
    var search = controls.querySelector("input");
    var shown = sec.querySelector(".shown");
    var total = tbody.rows.length;
    controls.hidden = false;
    function apply() {
      var want = filter.value, q = search.value.trim().toLowerCase(), n = 0;
      Array.prototype.forEach.call(tbody.rows, function (tr) {
        var ok = (!want || tr.getAttribute("data-class") === want ||
                  "verdict:" + tr.getAttribute("data-verdict") === want) &&
                 (!q || tr.textContent.toLowerCase().indexOf(q) >= 0);
        tr.hidden = !ok;
        if (ok) { n += 1; }
      });
      shown.textContent = n + " of " + total + " citations shown";
    }
    filter.addEventListener("change", apply);
    search.addEventListener("input", apply);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var button = th.querySelector("button");
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", dir);
        var col = th.cellIndex, numeric = button.getAttribute("data-type") === "number";
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, col, numeric), y = sortKey(b, col, numeric);
          var c = x < y ? -1 : (x > y ? 1 : 0);
          if (c === 0) { c = a.getAttribute("data-order") - b.getAttribute("data-order"); }
          else if (dir === "descending") { c = -c; }
          return c;
        });
        rows.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
  });
})();
"""

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Note", "number"),
    ("Line", "number"),
    ("Citation", "text"),
    ("Printed URL", "text"),
    ("Checked URL", "text"),
    ("Class", "number"),
    ("Since", "text"),
    ("Evidence", "text"),
    ("Archived copy", "text"),
)

_SAFE_SCHEME = lazy_pattern(r"^https?://", re.IGNORECASE)


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src {_csp_hash(_STYLE)}; script-src {_csp_hash(_SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def e(text: object) -> str:
    """Escaped for element content and double- or single-quoted attributes."""
    return escape("" if text is None else str(text), quote=True)


def link(url: str | None, label: str | None = None) -> str:
    """An ``<a>`` for an http(s) URL; any other text (``javascript:``…) stays text."""
    if not url:
        return ""
    shown = e(label if label is not None else url)
    if not _SAFE_SCHEME.match(url):
        return f'<span class="url">{shown}</span>'
    return f'<a class="url" href="{e(url)}" rel="noopener noreferrer">{shown}</a>'


def _note_sort(note: str | None) -> str:
    m = re.match(r"\[?(\d+)(?:\.(\d+))?", note or "")
    if not m:
        return "1e9"
    return f"{int(m.group(1))}.{int(m.group(2) or 0):04d}"


def _printed(row: ReportRow) -> str:
    return row.printed_url or row.url


def _class_label(row: ReportRow, offline: bool) -> str:
    label = row.status_label
    if offline and not row.broken and row.status is not None and row.status.is_failure \
            and row.http_status is None:
        return f"not reached ({label})"
    if row.http_status is not None and str(row.http_status) not in label:
        label += f" ({row.http_status})"
    if row.broken:
        return f"BROKEN · {label}"
    if row.verdict in (VerdictState.FAILING, VerdictState.FLAKY):
        return f"{row.verdict.value} · {label}"
    return label


def _row(row: ReportRow, order: int, offline: bool) -> str:
    checked = link(row.url)
    if row.final_url and row.final_url != row.url:
        checked += f'<br><span class="small">now at</span> {link(row.final_url)}'
    if row.repair is not None:
        printed = f" ({row.printed_status.value})" if row.printed_status else ""
        checked = (f'<span class="small">printed URL damaged{e(printed)}; probably meant '
                   f"({e(row.repair.evidence)}, confirmed {e(row.repair.confirmed_by.value)}):"
                   f"</span><br>{checked}")
    archived = ""
    if row.archive_url:
        archived = link(row.archive_url, row.archive_date[:10] if row.archive_date else "copy")
    if archived and row.seen is not None:
        archived += (f'<br><span class="small">before {e(row.seen.date.isoformat())} '
                     f"({e(row.seen.source.value)} date)</span>")
    verdict = "broken" if row.broken else row.verdict.value
    cells = (
        (e(row.note or "body"), _note_sort(row.note)),
        (str(row.line) if row.line is not None else "", str(row.line or 1e9)),
        (e(row.citation or row.key or ""), None),
        (f'<span class="url">{e(_printed(row))}</span>', None),
        (checked, None),
        (f'<span class="badge v-{e(verdict)}">{e(_class_label(row, offline))}</span>',
         str(row.rank)),
        (e((row.since or "")[:10]), None),
        (e(row.detail or ""), None),
        (archived, row.archive_date or ""),
    )
    tds = []
    for (name, _), (html, sort) in zip(_COLUMNS, cells, strict=True):
        sort_attr = f' data-sort="{e(sort)}"' if sort is not None else ""
        tds.append(f'<td role="cell" data-label="{e(name)}"{sort_attr}>{html}</td>')
    return (f'<tr role="row" data-order="{order}" data-class="{e(row.status_label)}" '
            f'data-verdict="{e(verdict)}">' + "".join(tds) + "</tr>")


def _filter_options(doc: DocumentReport) -> str:
    verdicts = Counter("broken" if r.broken else r.verdict.value for r in doc.rows)
    classes = Counter(r.status_label for r in doc.rows)
    options = [f'<option value="">all ({len(doc.rows)})</option>']
    options += [f'<option value="verdict:{e(v)}">{e(v)} ({n})</option>'
                for v, n in sorted(verdicts.items())]
    options += [f'<option value="{e(c)}">class {e(c)} ({n})</option>'
                for c, n in sorted(classes.items())]
    return "".join(options)


def _section(doc: DocumentReport, index: int, offline: bool) -> str:
    sid = f"doc-{index}"
    head = "".join(
        f'<th scope="col" role="columnheader"><button type="button" data-type="{kind}">'
        f"{e(name)}</button></th>"
        for name, kind in _COLUMNS
    )
    rows = "\n".join(_row(r, i, offline) for i, r in enumerate(doc.rows))
    n = len(doc.rows)
    return f"""<section class="document" id="{sid}" aria-labelledby="{sid}-title">
<h2 id="{sid}-title">{e(doc.document)}</h2>
<div class="controls" hidden>
<label for="{sid}-filter">Show</label>
<select id="{sid}-filter" aria-controls="{sid}-table">{_filter_options(doc)}</select>
<label for="{sid}-search">Search</label>
<input type="search" id="{sid}-search" aria-controls="{sid}-table" autocomplete="off">
</div>
<p class="shown" role="status" aria-live="polite">{n} of {n} citations shown</p>
<table class="rows" id="{sid}-table" role="table">
<caption>Citations in {e(doc.document)}, broken first. Column buttons sort.</caption>
<thead><tr role="row">{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</section>"""


def render_html(report: AuditReport) -> str:
    docs = len(report.documents)
    counts = "".join(f'<tr><th scope="row">{e(k)}</th><td>{v}</td></tr>'
                     for k, v in report.counts.items())
    counts_table = (
        '<table class="counts"><caption>Distinct links per class</caption>'
        f'<thead><tr><th scope="col">Class</th><th scope="col">Links</th></tr></thead>'
        f"<tbody>{counts}</tbody></table>"
        if counts else ""
    )
    nav = "".join(
        f'<li><a href="#doc-{i}">{e(d.document)}</a> ({len(d.rows)})</li>'
        for i, d in enumerate(report.documents, 1)
    )
    sections = "\n".join(_section(d, i, report.offline)
                         for i, d in enumerate(report.documents, 1))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<meta name="generator" content="citewatch">
<title>Link audit – citewatch</title>
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>Link audit</h1>
<p class="summary">{e(summary(report))}</p>
<p class="meta">Run of {e(report.generated_at)}: {len(report.links())} distinct links, cited
{len(report.rows)} times in {docs} document{"s" if docs != 1 else ""}.</p>
{counts_table}
</header>
<main>
<nav aria-label="Documents"><h2>Documents</h2><ul>{nav}</ul></nav>
{sections}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


class HtmlRenderer:
    """One self-contained HTML page."""

    filename = "report.html"

    def render(self, report: AuditReport) -> str:
        return render_html(report)
