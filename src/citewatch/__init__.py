"""citewatch: keep the links in written work alive.

The package is laid out as the pipeline it runs::

    documents/ ──▶ citations/ ──▶ store/ ──▶ check/ ──▶ archive/ ──▶ report/
    (read files)   (notes, URLs,   (refs/*.bib) (link health, (Wayback       (md, json,
                    fields)                      history)      snapshots)     junit)

``http`` is the one HTTP layer under check and archive (client factory, transport, routes,
Retry-After); ``pipeline`` is the one place where the stages meet; ``cli`` is a thin typer
layer on top.
"""

__version__ = "0.1.0"
