"""Bibliographic fields of one citation: author, title, container, dates, pinpoint, DOI, kind.

Legal and human-rights writing cites in many styles (McGill, Bluebook, Chicago notes and
bibliography, APA 7, IEEE, plain NGO footnotes). Rather than one grammar per style, the
parser peels off what every style marks the same way, then reads what is left by shape:

1. the signal (``See``, ``See also``, ``Cf``), URLs with their lead-ins (``online:``,
   ``available at:``, ``[Online]. Available:``), access dates (``accessed``, ``last
   visited``, ``Retrieved … from``), DOIs, archive links;
2. APA's ``Author. (date). Title. Container.`` is recognised by its parenthesised date;
3. a quoted title splits the rest in two: who wrote it stands before, where and when after;
4. without quotes, top-level comma segments are read by what they look like (a person or
   an organisation, a date, a journal cite, a publisher, a document symbol).

Telling an organisation that *wrote* a text from an outlet that *published* it needs a
little world knowledge: :mod:`.lexicon` holds it.

What no field takes stays in ``note``; nothing is dropped silently (URLs excepted: the URL
finder owns them).

The package is split by job, one module per kind of rule: :mod:`.dates`, :mod:`.lexicon`,
:mod:`.links` (step 1), :mod:`.readers` (steps 2-4, per style), :mod:`.works` (one note,
several works), :mod:`.draft` (the record being filled) and :mod:`.assemble`
(:func:`parse_fields`). A package rather than flat modules: callers only use the names
re-exported here.
"""

from citewatch.citations.fields.assemble import parse_fields
from citewatch.citations.fields.dates import FoundDate, find_dates, parse_date
from citewatch.citations.fields.lexicon import looks_like_org, looks_like_person
from citewatch.citations.fields.works import split_works

__all__ = [
    "FoundDate",
    "find_dates",
    "looks_like_org",
    "looks_like_person",
    "parse_date",
    "parse_fields",
    "split_works",
]
