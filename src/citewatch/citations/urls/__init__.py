"""Find URLs in text extracted from PDFs and web pages, rejoining line breaks inside them.

Extractors (pdftotext, ``pdftotext -layout``, pypdf) break long URLs across lines, and
general-purpose finders (urlextract, linkify) cut them at the break. Here a compiled regex
finds *anchors* (a scheme's ``:``, the ``.`` after ``www``, a ``.tld/``), which start with
rare characters so the scan is fast; only at an anchor does Python logic run. It reads the
URL's run of characters on its line and, when the run reaches the end of its line (or a
column gap in layout text), weighs whether the next line's first token continues it:

* inside ``<…>`` (McGill) the URL runs to ``>``;
* a URL that cannot end where the line ends (``https://``, a host without a real TLD, a
  trailing ``-``, ``_``, ``%``, ``=``…) continues;
* a token that looks like a URL piece (``/``, ``-``, ``%``, ``=``, inner dots, digits)
  continues; prose (a capitalised word or name, a common English word, a note or page
  number, ``(accessed``, a new URL) does not;
* layout text continues in the same column; a page break (page number, form feed,
  running header) may stand between the parts; pdftotext may interleave two columns line
  by line or print a cut URL's rest a few paragraphs later (an *orphan tail*).

A hyphen at a break is kept or dropped on evidence from the document itself (is the
joined word printed nearby, are both halves words?). Damage the text alone cannot settle
is reported as :class:`SuspectReason` with the other spellings in ``alternatives``: the
repair step of the main job tries them when the URL fails.

The package is split by job so that a rule is found in the file named for it:
:mod:`.scan` (anchors, reading a URL, its flags), :mod:`.continuation` (does the next
line go on?), :mod:`.seams` (hyphens and underscores at breaks), :mod:`.tails` (orphan
tails joined during extraction), :mod:`.geometry` (columns and layout), :mod:`.shape` (what
a URL string can be) and :mod:`.tlds`; and, for repair when a URL fails, what extraction
could not settle: :mod:`.next_line` (what the next line begins with, read the other way)
and :mod:`.fragments` (URL fragments printed apart that no URL claims); regexes shared with other heuristics live in
:mod:`citewatch.citations.patterns`. A package rather than flat modules: the parts are
only ever used through :func:`find_urls`.
"""

from citewatch.citations.urls.scan import find_urls
from citewatch.citations.urls.tails import attach_orphan_tails
from citewatch.citations.urls.tlds import TLDS, is_tld

__all__ = ["TLDS", "attach_orphan_tails", "find_urls", "is_tld"]
