"""Stage 1: find documents on disk and read them into text with line structure.

Readers are plug-ins chosen by :class:`DocFormat`; everything downstream sees only a
:class:`Document`, so a new input format (PDF with link annotations, HTML, Markdown, DOCX)
never touches the footnote and citation logic.
"""

from citewatch.documents.discover import iter_document_paths
from citewatch.documents.model import DocFormat, Document
from citewatch.documents.readers import load_document

__all__ = ["DocFormat", "Document", "iter_document_paths", "load_document"]
