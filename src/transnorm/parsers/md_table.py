"""Markdown tables of papers: `| **Title** [[paper]](url)[[project]](url) | type | venue | date |`.

The type column holds a short description in the table's language (Chinese
in paper-reading); it is kept as a translatable field.  Topic lines
(`+ **话题:多模态幻觉**`) nest under the headings.
"""

from __future__ import annotations

import re

from ..records import Entry
from .headings import SectionPath, clean_heading, markdown_heading

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TITLE = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[\[?([^\[\]]+)\]\]?\(([^()\s]+)\)")
_TOPIC = re.compile(r"^\s*[+*-]\s+\*\*(.+?)\*\*\s*$")
_DATE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def looks_like(text: str) -> bool:
    return sum(1 for ln in text.split("\n") if ln.lstrip().startswith("| **")) >= 3


def parse(text: str, source: str) -> list[Entry]:
    path = SectionPath()
    entries: list[Entry] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        h = markdown_heading(line)
        if h:
            path.push(*h)
            continue
        topic = _TOPIC.match(line)
        if topic:
            path.push(7, clean_heading(topic.group(1)))
            continue
        row = _ROW.match(line)
        if not row:
            continue
        cells = [c.strip() for c in row.group(1).split("|")]
        title = _TITLE.search(cells[0]) if cells else None
        if not title:
            continue
        links: dict[str, str] = {}
        for label, url in _LINK.findall(cells[0]):
            name = label.strip().lower() or "link"
            links.setdefault(name, url)
        kind = cells[1] if len(cells) > 1 else ""
        venue = cells[2].strip("* ") if len(cells) > 2 else ""
        date = cells[3] if len(cells) > 3 else ""
        year = _DATE_YEAR.search(date) or _DATE_YEAR.search(venue)
        entries.append(
            Entry(
                source=source,
                line=lineno,
                section=path.path,
                title=title.group(1).strip(),
                venue=venue or None,
                year=year.group(1) if year else None,
                links=links,
                extra={"type": kind, "date": date} if kind else {"date": date},
            )
        )
    return entries
