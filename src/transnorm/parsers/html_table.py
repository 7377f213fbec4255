"""HTML tables of papers, a Descriptions row under each paper row.

```
<tr><th><a href="https://arxiv.org/abs/2309.07597">C-Pack: …</a></th><th>Arxiv2023'BAAI</th>…</tr>
<tr><th colspan="1">Descriptions</th><td colspan="3">English text
中文描述</td></tr>
```
A description cell may hold several paragraphs in different languages; each
non-empty line is kept as one description.
"""

from __future__ import annotations

import html
import re

from ..records import Entry
from .headings import SectionPath, markdown_heading

_TR = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S | re.I)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]>", re.S | re.I)
_A = re.compile(r"<a\s+[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SOURCE = re.compile(r"^(?P<venue>[A-Za-z][A-Za-z\-]*)\s*(?P<year>(?:19|20)\d{2})?\s*'?\s*(?P<org>.*)$")


def looks_like(text: str) -> bool:
    return "<table" in text.lower() and "descriptions" in text.lower()


def _text(cell: str) -> str:
    return html.unescape(_TAG.sub("", cell)).strip()


def parse(text: str, source: str) -> list[Entry]:
    # Headings: markdown ones between the tables.
    headings: list[tuple[int, int, str]] = []  # offset, level, title
    offset = 0
    for line in text.split("\n"):
        h = markdown_heading(line)
        if h:
            headings.append((offset, *h))
        offset += len(line) + 1
    path = SectionPath()
    hi = 0
    entries: list[Entry] = []
    for m in _TR.finditer(text):
        while hi < len(headings) and headings[hi][0] < m.start():
            path.push(headings[hi][1], headings[hi][2])
            hi += 1
        cells = _CELL.findall(m.group(1))
        if not cells:
            continue
        first = cells[0][1]
        if _text(first).lower() == "descriptions":
            if entries and len(cells) > 1:
                body = html.unescape(_TAG.sub("", cells[1][1]))
                entries[-1].descriptions.extend(p.strip() for p in body.split("\n") if p.strip())
            continue
        a = _A.search(first)
        if not a:
            continue
        links = {"paper": a.group(1)}
        for label, (_kind, cell) in zip(("link", "other"), cells[2:4]):
            la = _A.search(cell)
            if la:
                links[label] = la.group(1)
        venue = year = None
        extra: dict[str, str] = {}
        if len(cells) > 1:
            src = _text(cells[1][1])
            sm = _SOURCE.match(src) if src.lower() != "source" else None  # the header's placeholder
            if sm:
                venue, year = sm.group("venue"), sm.group("year")
                if sm.group("org"):
                    extra["org"] = sm.group("org")
            extra["source"] = src
        line = text.count("\n", 0, m.start() + m.group(0).find(first)) + 1
        entries.append(
            Entry(
                source=source,
                line=line,
                section=path.path,
                title=_text(a.group(2)),
                venue=venue,
                year=year,
                links=links,
                extra=extra,
            )
        )
    return entries
