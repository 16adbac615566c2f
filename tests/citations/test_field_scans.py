"""The shortcuts the field reader takes to scan less (literal pre-tests, scans started at the
first word a match needs, one alternation for all date readings) give what the plain
scans give, on text built from the pieces those patterns look for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citewatch.citations.fields import dates, links, works
from citewatch.citations.fields.draft import _Draft
from citewatch.citations.fields.rescan import first_of, sub_after

_PIECES = st.sampled_from([
    ", online: ", "online (PDF): ", "[Online]. Available: ", ". [Online] ", "accessed ",
    "Accessed: ", "(last visited ", "Retrieved ", " from ", "ſ", "ı", "İ", "\u212a", "<",
    "https://x.org/a", "www.y.com/b ", "doi: 10.1234/abc", "ssrn.com/abstract=123456",
    "March 3, 2021", "3 May 2020", "2019", "2021a", "2020-01-31", "Sept. 2018", "1.2.2020",
    "Convention ", "A/HRC/1", "U.N. Doc. ", "G.A. Res. ", "GAOR", " ", "  ", "\n", ",", ".",
    ";", ")", "(", "Twitter", "Human Rights Watch", "x",
])
TEXT = st.lists(_PIECES, max_size=16).map("".join)
_SETTINGS = settings(max_examples=150, deadline=None)


@_SETTINGS
@given(TEXT)
def test_sub_after_the_first_word_is_a_plain_sub(text: str) -> None:
    low = links._fold(text)
    for pattern, words, folded in (
        (links._ONLINE_RE, ("online",), False),
        (links._ACCESS_RE, links._ACCESS_LEAD_WORDS, True),
        (links._BRACKET_ONLINE_RE, ("[Online]",), False),
    ):
        at = first_of(low if folded else text, words)
        start = links._lead_start(text, at)
        assert sub_after(pattern, lambda _: "#", text, start) == pattern.sub("#", text)


def _parse_date_by_reading(text: str) -> dates.FoundDate | None:
    """What parse_date did before its readings were joined: try each in turn."""
    stripped = dates._DATE_STOP_RE.sub("", text.strip(" ,;()[]"))
    for pattern, precision in dates._DATE_PATTERNS:
        m = pattern.fullmatch(stripped)
        if m:
            printed = dates._DATE_LETTER_RE.sub("", m.group(0))
            return dates.FoundDate(
                0, len(stripped), printed, dates._date_iso(m, precision), precision
            )
    return None


@_SETTINGS
@given(TEXT)
def test_parse_date_reads_as_each_reading_in_turn(text: str) -> None:
    for piece in (text, *text.split(",")):
        assert dates.parse_date(piece) == _parse_date_by_reading(piece)


@_SETTINGS
@given(TEXT)
def test_literal_pre_tests_never_skip_a_match(text: str) -> None:
    assert works._names_treaty(text) == bool(works._TREATY_RE.search(text))
    assert works._names_un_doc(text) == bool(works._UN_DOC_RE.search(text))
    assert works._opens_with_un_doc(text) == bool(works._UN_DOC_RE.match(text))


@_SETTINGS
@given(TEXT)
def test_take_links_finds_what_the_plain_subs_find(text: str) -> None:
    body = " ".join(text.split())
    draft = _Draft()
    rest = links._take_links(body, draft)
    assert not re.search(r"https?://|www\.", rest)  # every link was taken out
    if draft.doi is None:
        assert not any(links._DOI_RE.search(u) for u in draft.urls)
