"""The shortcuts of the field and short-form readers that replace work done again and again
(an index with one entry a work instead of one per prefix, facts read once per note) give
what the plain forms give, on generated texts."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from citewatch.citations import shortforms
from citewatch.citations.fields import dates, lexicon, links, works
from citewatch.citations.fields.draft import _Draft

_SETTINGS = settings(max_examples=80, deadline=None)

# Keys of 30 to 100 characters sharing long prefixes, so that every branch of the index
# (theirs starts with mine, mine starts with theirs, the same quoted title) is taken.
_STEMS = [
    "Lee, The Law of Armed Conflict and", "Lee, The Law of Armed Conflict and Its Limits",
    "Lee, The Law of Armed Conflict and Its Limits in Practice Today", "Kim, “A Quoted Title",
]
_STEM = st.sampled_from(_STEMS)
_WORD = st.sampled_from(["alpha", "beta", "<https://x.org/a>", "“Long Quoted Title Here”", "Lee"])
_TEXT = st.tuples(_STEM, st.lists(_WORD, max_size=6)).map(lambda t: " ".join([t[0], *t[1]]))
_WORKS = st.lists(st.tuples(st.sampled_from("123"), _TEXT), min_size=1, max_size=8)


def _plain_target(
    works: list[shortforms.Work], facts: list[shortforms._Facts], added: list[int], i: int
) -> int | None:
    """The rule :meth:`_RepeatIndex.target` implements, by comparing every earlier work."""
    me = facts[i]
    mine = me.key[:60]
    qm = me.quoted
    by_quote = bool(qm and len(qm.group(1)) > 15 and me.name and me.quoted_norm is not None)
    for j in added:
        if works[j].label == works[i].label:
            continue
        theirs = facts[j].key[:60]
        if len(me.key) > 40 and (theirs.startswith(mine) or mine.startswith(theirs)):
            return j
        f = facts[j]
        if by_quote and f.quoted and (f.quoted_norm, f.name) == (me.quoted_norm, me.name):
            return j
    return None


@_SETTINGS
@given(_WORKS)
@example([("1", _STEMS[2]), ("2", _STEMS[1])])  # theirs (60+) starts with mine (41-59)
@example([("1", _STEMS[1]), ("2", _STEMS[2])])  # mine starts with theirs
def test_repeat_index_finds_what_comparing_every_work_finds(items: list[tuple[str, str]]) -> None:
    works = [shortforms.Work(label, text) for label, text in items]
    facts = [shortforms._Facts(w.text) for w in works]
    index = shortforms._RepeatIndex()
    added: list[int] = []
    for i in range(len(works)):
        assert index.target(works, i, facts[i]) == _plain_target(works, facts, added, i)
        index.add(i, facts[i])
        added.append(i)


_DATE_PIECES = st.sampled_from([
    "March 3, 2021", "3 May 2020", "2019", "2021a", "2020-01-31", "Sept. 2018", "1.2.2020",
    "2021, July 15", "1599", "20", "21", " ", ",", ".", ":", "/", "-", "(", ")", "x", "7",
])
_DATE_TEXT = st.lists(_DATE_PIECES, max_size=12).map("".join)


def _plain_find_dates(text: str) -> list[dates.FoundDate]:
    """:func:`dates.find_dates` as it was written before the year pre-test."""
    found: list[dates.FoundDate] = []
    for pattern, precision in dates._DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if before.isalnum() or before in "/-:.":
                continue
            if after.isalnum() or after in "/-" or (after in ":." and precision == 1):
                continue
            if any(d.start < end and start < d.end for d in found):
                continue
            found.append(dates.FoundDate(
                start, end, dates._date_printed(match), dates._date_iso(match, precision),
                precision,
            ))
    found.sort(key=lambda d: d.start)
    return found


@_SETTINGS
@given(_DATE_TEXT)
def test_date_shortcuts_give_what_the_plain_scans_give(text: str) -> None:
    plain = _plain_find_dates(text)
    assert dates.find_dates(text) == plain
    assert dates.has_date(text) is bool(plain)
    for piece in (text, text * 8):  # the second is too long to be remembered
        assert dates.parse_date(piece) == dates._parse_date(piece)
        assert dates.parse_date(piece) == dates._parse_date(piece)  # now from memory


_NAME_PIECES = st.sampled_from([
    "Human Rights Watch", "Reuters", "N.Y. Times", "Lee, A.", "& Kim, B.", "Ann Lee", "OCHA",
    "Carnegie Endowment", "Routledge", "Lawfare (blog)", "press release", "x" * 60, " ", ", ",
    ".", "(", ")", ":", "et al.", "@handle", "van der", "Int’l Crisis Grp.",
])


@_SETTINGS
@given(st.lists(_NAME_PIECES, max_size=6).map("".join))
def test_remembered_lexicon_answers_are_the_plain_answers(text: str) -> None:
    for test in (
        lexicon.looks_like_org, lexicon.looks_like_person, lexicon._is_outlet,
        lexicon._is_named_outlet, lexicon._is_think_tank, lexicon._is_blog, lexicon._is_genre,
        lexicon._is_publisher,
    ):
        plain = test.__wrapped__(text)  # type: ignore[attr-defined]
        assert test(text) is plain
        assert test(text) is plain  # now from memory (when short)


_LINK_PIECES = st.sampled_from([
    ", online: ", "online (PDF): Facebook ", "[Online]. Available: ", "accessed ", "Accessed: ",
    "(last visited ", "Retrieved ", " from ", "archived at ", "Archived at: ", "available at ",
    "ſ", "ı", "<", ">", "https://x.org/a", "www.y.com/b ", "doi: 10.1234/abc", "doi.org/10.1/x",
    "ssrn.com/abstract=123456", "March 3, 2021", "2019", "[", "]", "( )", " ", ",", ".", ";",
    ")", "(", "Human Rights Watch", "visited", "viewed", "x",
])


def _plain_take_links(text: str, draft: _Draft) -> str:
    """:func:`links._take_links` without its pre-tests: every clean-up applied in turn."""

    def doi(match: re.Match[str]) -> str:
        draft.doi = draft.doi or links._strip_url("".join(match.group(1).split())).rstrip(".")
        return " "

    def access(match: re.Match[str]) -> str:
        found = dates.parse_date(match.group("d"))
        if found and draft.accessed is None:
            draft.accessed = found
            draft.accessed_text = found.printed
        return match.group("keep") if "keep" in match.groupdict() and match.group("keep") else " "

    def online(match: re.Match[str]) -> str:
        if match.group("plat"):
            draft.platform = match.group("plat").strip()
        return " "

    def url(match: re.Match[str]) -> str:
        draft.urls.append(links._strip_url("".join(match.group(0).split())))
        return " "

    text = links._DOI_PREFIX_RE.sub(doi, text)
    for pattern in (links._ACCESS_PAREN_RE, links._ACCESS_FROM_RE, links._ACCESS_RE):
        text = pattern.sub(access, text)
    text = links._ONLINE_RE.sub(online, text)
    for pattern in (links._ARCHIVED_RE, links._BRACKET_ONLINE_RE, links._AVAILABLE_RE,
                    links._BRACKET_URL_RE):
        text = pattern.sub(" ", text)
    text = links._URL_RE.sub(url, text)
    for link in draft.urls:
        if draft.doi is None and (found := links._DOI_RE.search(link)):
            draft.doi = links._strip_url(found.group(1)).rstrip(".")
    for link in draft.urls:
        if draft.doi is None and (ssrn := links._SSRN_RE.search(link)):
            draft.doi = f"10.2139/ssrn.{ssrn.group(1)}"
            draft.hints.add("ssrn")
    text = links._SPACE_PUNCT_RE.sub("", text)
    text = links._EMPTY_PARENS_RE.sub(" ", text)
    text = links._TRAILING_SEP_RE.sub("", text)
    return " ".join(text.split())


@_SETTINGS
@given(st.lists(_LINK_PIECES, max_size=14).map("".join))
@example("See x.org (last visited March 3, 2021) , x .")
def test_take_links_gives_what_every_clean_up_in_turn_gives(text: str) -> None:
    body = " ".join(text.split())
    fast, plain = _Draft(), _Draft()
    assert links._take_links(body, fast) == _plain_take_links(body, plain)
    assert fast == plain


_OLD_SPLIT_SIGNAL_RE = re.compile(
    r"(?:;\s+|\.\s+|\n\s*|(?P<after_url>(?<=[/>\w])\s+(?=See\b|Cf\b)))"
    r"(?=(?:[Ss]ee(?:,?\s+also|,?\s+e\.g\.,?|,?\s+for example,?|"
    r",?\s+generally)?|[Cc]f\.?|Compare|[Cc]ontra|But see|Accord|[Aa]lso)\s+\S)"
)
""":data:`works._SPLIT_SIGNAL_RE` as it was, its last kind of separator in a group."""

_SPLIT_PIECES = st.sampled_from([
    "; ", ";", ". ", ".", "\n", " \n ", "  ", " ", "\t", "See ", "see also ", "See, e.g., ",
    "Cf. ", "cf ", "Compare ", "Contra ", "But see ", "Accord ", "Also ", "also", "x.org/a",
    "<u>", "word", "Id", "/", "ſ", "2020",
])


@_SETTINGS
@given(st.lists(_SPLIT_PIECES, max_size=16).map("".join))
def test_split_signal_pattern_matches_where_it_did(text: str) -> None:
    old = [(m.span(), m.group("after_url") is not None) for m in _OLD_SPLIT_SIGNAL_RE.finditer(text)]
    new = [(m.span(), text[m.start()] not in ";.\n") for m in works._SPLIT_SIGNAL_RE.finditer(text)]
    assert new == old


def _real_texts() -> list[str]:
    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
    return [p.read_text("utf-8") for p in sorted(corpus.glob("*/doc.pypdf.txt"))]  # one each


def test_the_shortcuts_agree_with_the_plain_forms_on_real_texts() -> None:
    texts = _real_texts()
    assert texts
    for text in texts:
        old = [(m.span(), m.group("after_url") is not None)
               for m in _OLD_SPLIT_SIGNAL_RE.finditer(text)]
        new = [(m.span(), text[m.start()] not in ";.\n")
               for m in works._SPLIT_SIGNAL_RE.finditer(text)]
        assert new == old
        lines = text.splitlines()
        for at in range(0, len(lines), 6):  # note-sized pieces
            piece = "\n".join(lines[at:at + 6])
            assert dates.find_dates(piece) == _plain_find_dates(piece)
            assert dates.has_date(piece) is bool(_plain_find_dates(piece))
            body = " ".join(piece.split())
            fast, plain = _Draft(), _Draft()
            assert links._take_links(body, fast) == _plain_take_links(body, plain)
            assert fast == plain
