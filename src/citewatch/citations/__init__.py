"""Stage 2: find notes, references, URLs and bibliographic fields in a document's text.

``extract.extract_document`` is the entry point; ``urls`` finds URLs (rejoining line
breaks), ``notes`` segments footnotes and reference lists, ``linkblocks`` attaches links
printed apart from their notes, ``shortforms`` resolves ibid/id/supra/short forms, ``fields``
parses author/title/container/dates, ``metadata`` reads the document's own front matter.
"""
