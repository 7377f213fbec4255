"""Paper lists as entries: one model for every format lists come in.

Every parser takes *repaired* text (run :func:`transnorm.fix_text` first).
:func:`parse_document` reads the document's tree (:mod:`transnorm.markup`)
and returns its entries and section headings in document order; a copy that
lost its markup (no `#`, no links) is a case of the same model.
"""

from __future__ import annotations

from ..records import Entry
from .document import HeadingRef, Parsed, parse_document


def parse(text: str, source: str) -> list[Entry]:
    """Entries of a repaired source text, whatever its format."""
    return parse_document(text, source).entries


__all__ = ["HeadingRef", "Parsed", "parse", "parse_document"]
