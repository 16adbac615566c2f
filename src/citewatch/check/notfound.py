"""Does a page call itself "not found"? A pure reading of its ``<title>`` and main ``<h1>``.

Many hosts answer a random path with an honest 404 and still serve some dead pages with 200
and a "Page not found" template (a CMS that catches its own missing records, a moved section
with a catch-all route). The random-path probe cannot see those; the page's own words can.

The rule is strict on purpose, so that articles *about* something missing stay alive: the
title (or heading) must BE a not-found phrase, in one of the languages below, optionally with
an error code ("404", "Error 404") and one site-name part after or before a separator
("Page not found | Human Rights Watch", "404 – Not Found | Site"). A title that merely
contains the words ("Not found: the missing children of …", "Why the bodies were never
found", "Error 404: how link rot erases the record") is not one: a colon is no separator, and
any other text makes the part a headline. Guards keep a headline that happens to look like
"phrase – words" from condemning an article: the site-name part must be short (shorter still
after a bare "Not found"), and a title with such a part does not decide when the ``<h1>``
continues that part into a longer headline or the page has an article's worth of prose.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from citewatch.lazy import lazy_pattern

SITE_NAME_MAX_WORDS = 6
"""Longest part a title may carry besides the not-found phrase (a site's name)."""
BARE_SITE_NAME_MAX_WORDS = 3
"""The same after a bare predicate ("Not found – …", "Introuvable – …"): such a part is
more often the rest of a headline, so only a short name counts as a site's."""
ARTICLE_PROSE_WORDS = 400
"""Words of ``<p>`` prose above which a page reads as an article (a template error page has
a sentence or two)."""


class Element(StrEnum):
    """Which part of the page said it."""

    TITLE = "title"
    HEADING = "h1"


@dataclass(frozen=True)
class NotFoundPage:
    """Evidence that a page is a not-found page by its own words."""

    element: Element
    text: str
    """The element's text as the page shows it."""
    phrase: str
    """The not-found words matched (folded: lower case, no accents)."""

    def describe(self) -> str:
        """One line for the evidence of a result."""
        return f"page's own {self.element.value} says {self.text!r} (a not-found page)"


def fold(text: str) -> str:
    """Lower case without accents, curly quotes or Turkish dotless i, spaces collapsed.

    "Página no encontrada", "PAGINA NO ENCONTRADA" and "Sayfa Bulunamadı" fold to the same
    forms as the phrases below, so one spelling per phrase is enough.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("ı", "i")
    plain = re.sub(r"[\u2018\u2019\u02bc\u00b4`]", "'", plain)
    return re.sub(r"\s+", " ", plain).strip()


_PHRASES: tuple[str, ...] = (
    # English
    "not found", "page not found", "file not found", "document not found", "content not found",
    "resource not found", "article not found", "post not found", "url not found",
    "page cannot be found", "page can't be found", "page could not be found",
    "that page can't be found", "that page cannot be found", "this page can't be found",
    "the page cannot be found", "the page could not be found", "the page was not found",
    "the requested page could not be found", "the requested url was not found on this server",
    "the page you requested could not be found", "the page you are looking for could not be found",
    "the page you were looking for could not be found", "the page you're looking for can't be found",
    "page does not exist", "this page does not exist", "this page doesn't exist",
    "the page does not exist", "page doesn't exist", "page no longer exists",
    "this page no longer exists", "page not available", "page unavailable",
    "we can't find that page", "we cannot find that page", "we couldn't find that page",
    "we could not find that page", "we can't find the page you're looking for",
    "we couldn't find the page you were looking for",
    # French
    "page introuvable", "page non trouvee", "page inexistante", "introuvable",
    "document introuvable", "fichier introuvable", "contenu introuvable",
    "la page demandee est introuvable", "la page que vous recherchez est introuvable",
    "cette page n'existe pas", "la page n'existe pas", "page non disponible",
    "la page demandee n'existe pas", "page non existante",
    # German
    "seite nicht gefunden", "nicht gefunden", "die seite wurde nicht gefunden",
    "seite wurde nicht gefunden", "die angeforderte seite wurde nicht gefunden",
    "diese seite existiert nicht", "die seite existiert nicht", "seite existiert nicht",
    "seite nicht verfugbar", "seite konnte nicht gefunden werden",
    "die seite konnte nicht gefunden werden", "datei nicht gefunden",
    # Spanish
    "pagina no encontrada", "no encontrado", "no encontrada", "pagina no existe",
    "la pagina no existe", "esta pagina no existe", "pagina no disponible",
    "no se encontro la pagina", "no se ha encontrado la pagina",
    "la pagina que buscas no existe", "la pagina que busca no existe",
    "la pagina solicitada no existe", "pagina inexistente",
    # Italian, Portuguese, Dutch, Polish
    "pagina non trovata", "pagina nao encontrada", "pagina niet gevonden",
    "strona nie zostala znaleziona", "nie znaleziono strony",
    # Russian, Ukrainian
    "страница не найдена", "не найдено", "страница не существует", "ошибка 404",
    "запрашиваемая страница не найдена", "запрашиваемой страницы не существует",
    "такой страницы не существует", "страница не найдена или удалена",
    "сторінку не знайдено", "сторінка не знайдена",
    # Armenian ("the page was not found", "page does not exist")
    "էջը չի գտնվել", "էջը չգտնվեց", "չի գտնվել", "էջը գոյություն չունի",
    "նման էջ գոյություն չունի", "էջը գտնված չէ",
    # Azerbaijani
    "səhifə tapılmadı", "tapılmadı", "səhifə mövcud deyil", "axtardığınız səhifə tapılmadı",
    "belə səhifə mövcud deyil", "xəta 404",
    # Turkish
    "sayfa bulunamadı", "bulunamadı", "aradığınız sayfa bulunamadı", "sayfa mevcut değil",
    "böyle bir sayfa yok", "sayfa yok",
)
"""Not-found phrases (folded when compiled). A title part must be one of these (plus an error
code and interjection), not merely contain one."""
_BARE = frozenset(fold(p) for p in (
    "not found", "introuvable", "nicht gefunden", "no encontrado", "no encontrada",
    "не найдено", "չի գտնվել", "tapılmadı", "bulunamadı", "sayfa yok",
))
"""Phrases with no subject ("page", "404"): a weaker sign, see ``BARE_SITE_NAME_MAX_WORDS``."""

_ERROR_WORDS = (
    "error", "erreur", "fehler", "errore", "erro", "ошибка", "помилка", "սխալ", "xəta", "hata",
    "http", "http error", "code", "err",
)
_INTERJECTIONS = (
    "oops", "whoops", "sorry", "uh oh", "hmm", "ouch", "oups", "desole", "hoppla", "ups",
    "entschuldigung", "lo sentimos", "упс", "извините", "ой", "üzgünüz", "ne yazık ki",
    "təəssüf ki", "ներողություն",
)


def _alternation(words: tuple[str, ...]) -> str:
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in folded)


_PUNCT = r"[\s.!?,;:։…'\"«»()\[\]¡¿-]*"
_CODE = rf"(?:(?:{_alternation(_ERROR_WORDS)})\s*[:#-]?\s*)?404(?:\s*(?:{_alternation(_ERROR_WORDS)}))?"
_PART = lazy_pattern(
    rf"^{_PUNCT}(?:(?:{_alternation(_INTERJECTIONS)}){_PUNCT})?"
    rf"(?:(?P<code1>{_CODE}){_PUNCT})?"
    rf"(?P<phrase>{_alternation(_PHRASES)})?"
    rf"(?:{_PUNCT}(?P<code2>{_CODE}))?{_PUNCT}$"
)
_SEPARATOR = lazy_pattern(r"\s+[|\-–—·•»~/]+\s+|\s*[|·•»]+\s*|\s*::\s*")
"""Between a title's parts: " | ", " – ", " - ", "·", "»", "::". Not ":" (a subtitle)."""


def _phrase_of(part: str) -> str | None:
    """The not-found words of ``part`` when the whole part is a not-found phrase, else None."""
    folded = fold(part)
    if not folded:
        return None
    m = _PART.match(folded)
    if m is None:
        return None
    if m.group("phrase"):
        return m.group("phrase")
    code = m.group("code1") or m.group("code2")
    return code.strip() if code else None


def _extra(parts: list[str], phrases: list[str | None]) -> str | None:
    """The one non-phrase part of a title (its site name), '' when none, None when the
    title is not a not-found title at all."""
    others = [i for i, p in enumerate(phrases) if p is None]
    if not others:
        return ""
    if len(others) > 1 or others[0] not in (0, len(parts) - 1) or len(parts) < 2:
        return None
    site = parts[others[0]]
    bare = all(p in _BARE for p in phrases if p is not None)
    if len(site.split()) > (BARE_SITE_NAME_MAX_WORDS if bare else SITE_NAME_MAX_WORDS):
        return None
    return site


def read_title(title: str) -> tuple[str, str] | None:
    """``(phrase, site_part)`` when ``title`` is a not-found phrase (optionally with one short
    site-name part before or after a separator), else None."""
    parts = [p for p in _SEPARATOR.split(title.strip()) if p and p.strip()]
    if not parts:
        return None
    phrases = [_phrase_of(p) for p in parts]
    site = _extra(parts, phrases)
    if site is None:
        return None
    return _words(phrases), site


def read_heading(heading: str) -> str | None:
    """The phrase when the main heading as a whole is a not-found phrase (no site name: a
    heading names the page, not the site; "404 - Page not found" is all phrase)."""
    parts = [p for p in _SEPARATOR.split(heading.strip()) if p and p.strip()]
    phrases = [_phrase_of(p) for p in parts]
    if not parts or any(p is None for p in phrases):
        return None
    return _words(phrases)


def _words(phrases: list[str | None]) -> str:
    """The phrase to quote: the words when there are some, else the error code."""
    found = [p for p in phrases if p]
    return next((p for p in found if "404" not in p), found[0])


def _continues(heading: str, site: str, title: str) -> bool:
    """The heading carries the title's extra part and more: it is a headline of which the
    title showed a piece, not a site's logo ("Haber") nor the title itself repeated."""
    return site in heading and len(heading) > len(site) and heading != title


def weighs_prose(title: str | None) -> bool:
    """Whether ``judge`` looks at the page's prose words for this title: only when the title
    reads as a not-found page (to tell an article titled like one). Counting them is most of
    the cost of reading a long page, so the engine counts them only then."""
    return bool(title) and read_title(title or "") is not None


def judge(title: str | None, heading: str | None, prose_words: int = 0) -> NotFoundPage | None:
    """Evidence when the page's own title or main heading says it is a not-found page.

    The heading decides first (it is the page's own words, no site name around them). A
    title decides unless the page reads as an article: long prose and a heading that carries
    the title's extra part (the "site name" was the rest of a headline).
    """
    if heading:
        phrase = read_heading(heading)
        if phrase is not None:
            return NotFoundPage(Element.HEADING, heading.strip(), phrase)
    if title:
        read = read_title(title)
        if read is not None:
            phrase, site = read
            headline = bool(site and heading and _continues(fold(heading), fold(site),
                                                            fold(title)))
            if not (headline or (prose_words >= ARTICLE_PROSE_WORDS and site)):
                return NotFoundPage(Element.TITLE, title.strip(), phrase)
    return None
