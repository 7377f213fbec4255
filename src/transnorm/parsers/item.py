"""The text of one entry: title, venue, year and links, in the forms lists use.

The block structure comes from :mod:`transnorm.markup`; this module reads
the text of one list item, paragraph or cell whose title is not a link:
`Title, <ins>Venue, Year</ins> [[Paper](url)] [[Code](url)]`, a copy's
`Title, Venue, Year [Papel] [Código]` whose links were lost, entries run
together on one line (`… [] []- QuIP: …`), and citations
`Authors et al. Title. Venue Year. [[arxiv]](url)`.
"""

from __future__ import annotations

import re

from ..links import is_label, role

# entries run together: "... [] []- QuIP: ..." / "...[[Code](u)]- Next"
SPLIT = re.compile(r"(?<=[\])])\s*(?=-\s+\S)")
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


#: `Wang et al. `, `Xie and Schwertfeger. `, `Hongbin Na. `: a citation's authors
_CITATION_START = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?: et al\.| and [A-Z][\w'’-]+\.|\.) (?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_AUTHOR_WORD = re.compile(r"^(?:[A-Z][\w'’-]*|and|&|de|van|von|der)$")


def citation(body: str) -> tuple[str, str | None, str | None]:
    """Title, venue and year of `Authors et al. Title. Venue 2024.`: the
    first sentence is dropped when it names authors, the last is the venue
    when it holds a year."""
    parts = _SENTENCE_END.split(body.strip())
    venue = year = None
    if len(parts) >= 2:
        last = parts[-1].rstrip(". ")
        y = re.search(rf"\b{_YEAR}\b", last)
        if y and len(last.split()) <= 6:
            year = y.group(0)
            venue = " ".join(last.replace(year, " ").split()).strip(" ,.") or None
            parts.pop()
    if len(parts) >= 2:
        first = parts[0].rstrip(".").replace(",", " ").split()
        if "al" in first[-1:] or (len(first) <= 4 and all(_AUTHOR_WORD.match(w) for w in first)):
            parts.pop(0)
    return " ".join(parts).rstrip(" ."), venue, year


def parse_item(text: str) -> dict | None:
    """Title, venue, year and links of one bullet's text, or None when the
    bullet is not a paper (a table-of-contents link, prose)."""
    body, links = _strip_links(text)
    if "/ins>" in body:
        body = re.sub(r"(?<!<)/ins>", "</ins>", body)  # `2024/ins>`: a closing tag typed short
    title = venue = year = None
    m = _INS.match(body)
    if _CITATION_START.match(body) and any(url for _l, url in links):
        title, venue, year = citation(body)
    elif m and "<ins>" in body:
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
        elif "](" not in body and not body.startswith("[") and any(url and (is_label(label) or role(url) == "paper") for label, url in links):
            title, venue, year = citation(body)
    if not title or "](" in title:
        return None  # no title, or prose that links things
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


