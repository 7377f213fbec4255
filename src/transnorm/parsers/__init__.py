"""Parsers for the formats paper lists come in.

Every parser takes *repaired* text (run :func:`transnorm.fix_text` first) and
returns :class:`transnorm.records.Entry` objects in document order.  The
format is recognised from the text, so a copy that lost its markup (the
Portuguese copy has no `#` and no links) still parses.
"""

from __future__ import annotations

from ..records import Entry
from . import html_table, md_list, md_table


def detect_format(text: str) -> str:
    if html_table.looks_like(text):
        return "html-table"
    if md_table.looks_like(text):
        return "md-table"
    return "md-list"


def parse(text: str, source: str) -> list[Entry]:
    """Entries of a repaired source text, whatever its format."""
    fmt = detect_format(text)
    if fmt == "html-table":
        return html_table.parse(text, source)
    if fmt == "md-table":
        return md_table.parse(text, source)
    return md_list.parse(text, source)


__all__ = ["detect_format", "parse"]
