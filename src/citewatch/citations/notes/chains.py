"""Numbered-note chains: the candidates whose numbers run 1, 2, 3 … with the best evidence."""

from __future__ import annotations

from collections.abc import Sequence

from citewatch.citations.notes.candidates import _Cand


def _best_chain(cands: Sequence[_Cand]) -> list[_Cand]:
    """The best chain, plus the best chains in what lies wholly before or after it (a run of
    notes the extractor broke apart from the rest)."""
    chain = _one_chain(cands)
    if not chain:
        return chain
    first, last = chain[0], chain[-1]
    before = [c for c in cands if c.row < first.row and c.number < first.number]
    after = [c for c in cands if c.row > last.row and c.number > last.number]
    return _best_chain(before) + chain + _best_chain(after)


def _one_chain(cands: Sequence[_Cand]) -> list[_Cand]:
    """The chain of increasing numbers in document order with the highest total score.

    Steps of +1 are free; a skipped number (a note the extractor garbled) costs a penalty,
    so one lost note does not split the chain in two.
    """
    best: list[float] = []
    back: list[int] = []
    # per number, the candidates that may still be chosen as a predecessor: one followed by
    # a candidate with the same number and a best at least as high never wins (the later
    # one scores as well and wins ties), so each list keeps strictly falling bests; this
    # keeps a long document (numbering restarting per chapter) from going quadratic
    by_number: dict[int, list[int]] = {}
    for k, c in enumerate(cands):
        top, arg = -1e9, -1
        for gap in range(1, _MAX_GAP + 2):
            for j in by_number.get(c.number - gap, []):
                val = best[j] - _GAP_COST * (gap - 1)
                if val >= top:  # ties: the nearer predecessor
                    top, arg = val, j
        fresh = c.score + (0.5 if c.number == 1 else -0.6 - 0.1 * min(c.number, 10))
        if arg < 0 or fresh >= top + c.score:
            best.append(fresh)
            back.append(-1)
        else:
            best.append(top + c.score)
            back.append(arg)
        live = by_number.setdefault(c.number, [])
        while live and best[live[-1]] <= best[k]:
            live.pop()
        live.append(k)
    if not cands:
        return []
    end = max(range(len(cands)), key=lambda k: (best[k], -k))
    if best[end] < 1.5:
        return []
    chain: list[_Cand] = []
    while end >= 0:
        chain.append(cands[end])
        end = back[end]
    chain.reverse()
    return chain


_BIG_NOTE = 1000
"""Note numbers from here on are taken only in a document whose numbering reaches them."""

_MAX_GAP = 3

_GAP_COST = 0.8


def _add_strays(chain: list[_Cand], cands: Sequence[_Cand]) -> list[_Cand]:
    """Notes the chain skipped because the extractor put them out of order (two-column pages):
    a strong candidate (number and text on one line, looks like a citation) for a number the
    chain lacks is kept wherever it stands."""
    if not chain:
        return chain
    have = {c.number for c in chain}
    used = {c.row for c in chain}
    top = max(have)
    out = list(chain)
    n, misses = 0, 0
    while n < top or misses <= _MAX_GAP:
        n += 1
        if n in have:
            misses = 0
            continue
        opts = [c for c in cands if c.number == n and not c.alone and c.score >= 1.0
                and c.row not in used]
        if opts:
            best = max(opts, key=lambda c: c.score)
            out.append(best)
            used.add(best.row)
            misses = 0
        elif n > top:
            misses += 1
    # whole runs of missing numbers elsewhere (labels printed apart, out of order)
    for _ in range(10):
        have = {c.number for c in out}
        used = {c.row for c in out}
        rest = [c for c in cands if c.number not in have and c.row not in used and c.score > 0.5]
        extra = _one_chain(rest)
        if len(extra) < 2:
            break
        out.extend(extra)
    return out
