"""Markdown bullet lists of papers, and the copies that lost their markup.

Handles the canonical survey's `- Title, <ins>Venue, Year</ins> [[Paper](url)] [[Code](url)]`,
the Portuguese copy's `- Title, Venue, Year [Papel] [Código]` under headings
that lost their `#`, and the Chinese blog's entries run together on one line
(`… [] []- QuIP: …`).
"""

from __future__ import annotations

import re

from ..records import Entry
from .headings import SectionPath, clean_heading, markdown_heading

_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")
# entries run together: "... [] []- QuIP: ..." / "...[[Code](u)]- Next"
_SPLIT = re.compile(r"(?<=[\])])\s*(?=-\s+\S)")
_TAIL_LINKS = [
    # [[Paper]([shown url](target url))]: a link pasted as a link's target
    re.compile(r"\[\[([^\[\]]*)\]\(\s*\[[^\[\]]*\]\(\s*([^()\s]*)\s*\)\s*\)\]\s*$"),
    re.compile(r"\[\[([^\[\]]*)\]\(\s*([^()\s]*)\s*\)\]\s*$"),  # [[Paper](url)]
    re.compile(r"\[\[([^\[\]]*)\]\]\(\s*([^()\s]*)\s*\)\s*$"),  # [[Paper]](url)
    re.compile(r"\[([^\[\]]*)\]\(\s*([^()\s]*)\s*\)\s*$"),  # [Paper](url)
    re.compile(r"\[([^\[\]]{0,20})\]\s*$"),  # [Papel], [] (links lost)
]
_YEAR = r"(?:19|20)\d{2}"
_INS = re.compile(r"^(?P<title>.*?)[\s,，]*<ins>\s*(?P<meta>.*?)\s*(?:</ins>)?\s*$", re.S)
# a comma between digits is a decimal comma (`0,1 milhão`), not a separator
_SEP = r"(?:[,，](?!\d))"
_PLAIN = re.compile(
    rf"^(?P<title>.+?){_SEP}\s*(?:(?P<venue>(?:[^,，]|,(?=\d))+?){_SEP}\s*)?(?P<year>{_YEAR})\s*(?:</ins>)?\s*[,，.]?\s*$"
)
_VENUE_ONLY = re.compile(r"^(?P<title>.+?)[,，]\s*(?P<venue>[^,，]+?)[,，]\s*(?P<venue2>[^,，]+?)\s*$")

LABELS = {"papel": "paper", "código": "code", "codigo": "code", "论文": "paper", "代码": "code", "pdf": "paper"}


def _strip_links(s: str) -> tuple[str, list[tuple[str, str]]]:
    links: list[tuple[str, str]] = []
    while True:
        s = s.rstrip(" ,，.;")
        if not s.rstrip().endswith(("]", ")")):
            return s.strip(), links[::-1]  # every link form ends so
        for pat in _TAIL_LINKS:
            m = pat.search(s)
            if m:
                label = m.group(1).strip()
                url = m.group(2) if m.re.groups >= 2 else ""
                links.append((label, url))
                s = s[: m.start()]
                break
        else:
            return s.strip(), links[::-1]


def _label(label: str) -> str:
    low = label.lower()
    return LABELS.get(low, low) or "link"


def parse_item(text: str) -> dict | None:
    """Title, venue, year and links of one bullet's text, or None when the
    bullet is not a paper (a table-of-contents link, prose)."""
    body, links = _strip_links(text)
    if "/ins>" in body:
        body = re.sub(r"(?<!<)/ins>", "</ins>", body)  # `2024/ins>`: a closing tag typed short
    title = venue = year = None
    m = _INS.match(body)
    if m and "<ins>" in body:
        title = m.group("title")
        parts = [p.strip() for p in re.split(r"[,，]", m.group("meta")) if p.strip()]
        if parts and re.fullmatch(_YEAR, parts[-1]):
            year = parts.pop()
        venue = ", ".join(parts) or None
    else:
        m = _PLAIN.match(body)
        if m:
            title, venue, year = m.group("title"), m.group("venue"), m.group("year")
        elif links and (mv := _VENUE_ONLY.match(body)):
            title, venue = mv.group("title"), f"{mv.group('venue')}, {mv.group('venue2')}"
        elif links and not body.startswith("[") and any(url for _l, url in links):
            title = body
    if not title:
        return None
    if "ins>" in title:
        title = re.sub(r"</?ins>", "", title)
    title = title.strip(" ,，")
    if title.startswith("[") and title.endswith(")"):
        return None  # "[Section](#anchor)": a table of contents
    if not (year or links):
        return None
    out_links: dict[str, str] = {}
    for label, url in links:
        if not url:
            continue
        name = _label(label)
        n = 2
        base = name
        while name in out_links:
            name = f"{base}{n}"
            n += 1
        out_links[name] = url
    markers = [_label(label) if label else "" for label, url in links if not url]
    return {
        "title": title,
        "venue": venue.strip() if venue else None,
        "year": year,
        "links": out_links,
        "markers": markers,
    }


def _is_bare_heading(line: str) -> bool:
    """A heading whose `#` was lost: a short line that is neither prose nor a
    list item nor a table row."""
    s = line.strip()
    if not s or s.startswith(("-", "*", "|", ">", "<", "`", "!", "[", "{", "@")):
        return False
    if re.search(r"[={}]", s):
        return False  # code (a BibTeX block that lost its fence)
    if s[-1] in ".:;,。：；，)" or len(s) > 90:
        return False
    return len(s.split()) <= 12


def parse(text: str, source: str, bare_headings: bool | None = None) -> list[Entry]:
    """Entries of a bullet-list document.  `bare_headings`: whether lines
    without `#` count as headings (default: when the document has no `#`
    heading at all, as in a copy pasted from a web page)."""
    lines = text.split("\n")
    if bare_headings is None:
        bare_headings = not any(markdown_heading(ln) for ln in lines)
    path = SectionPath()
    entries: list[Entry] = []
    in_code = False
    bare_level = 0
    last_was_heading = False
    for lineno, line in enumerate(lines, 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        h = markdown_heading(line)
        if h:
            path.push(*h)
            continue
        item = _ITEM.match(line)
        if item:
            found = False
            for piece in _SPLIT.split(item.group(1)):
                piece = re.sub(r"^-\s+", "", piece)
                parsed = parse_item(piece)
                if parsed:
                    found = True
                    entries.append(
                        Entry(
                            source=source,
                            line=lineno,
                            section=path.path,
                            title=parsed["title"],
                            venue=parsed["venue"],
                            year=parsed["year"],
                            links=parsed["links"],
                            extra={"markers": " ".join(parsed["markers"])} if parsed["markers"] else {},
                        )
                    )
            if found:
                last_was_heading = False
            continue
        if bare_headings and _is_bare_heading(line):
            # Without markers the nesting is unknown: a heading right under
            # another nests in it, one after entries replaces the deepest.
            bare_level = bare_level + 1 if last_was_heading else max(bare_level, 1)
            path.push(bare_level, clean_heading(line))
            last_was_heading = True
        elif line.strip():
            last_was_heading = False
    return entries
