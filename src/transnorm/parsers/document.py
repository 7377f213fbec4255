"""Entries and headings of a whole document, read from its tree.

An entry is a list item (bulleted or numbered, any depth), a table row
(Markdown or HTML) or a paragraph that carries a paper: a link to a paper,
or a title in one of the forms of :mod:`.item`.  The title is a leading link's
text, a bold span, or the text before the venue and year; what follows a
leading title (after `:`, ` - `, `——`) or sits in a nested item without a
paper of its own is the description.  A table whose rows are mostly papers
makes every row an entry, its columns read by their headers (type, venue,
date, description, source).  Prose that mentions papers by their links
(news lines, a method named in a table cell) gives one entry per linked
paper, titled by the link's text.

A copy that lost every heading marker (pasted from a web page) has its short
lines read as headings, as the page showed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..chardata import HAN_RANGES
from ..links import identifier, is_label, repository_file, role
from ..markup import Heading, Inline, Item, Link, Paragraph, Row, blocks
from ..records import Entry
from .headings import SectionPath, clean_heading
from .item import LABELS as ITEM_LABELS
from .item import SPLIT, parse_item

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_DATE = re.compile(r"\b((?:19|20)\d{2}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)\b")
_LEAD_SEP = re.compile(r"^[\s/,，、&|+]*(?:(?:and|e|和|与|及)\s*)?$")
_DESC_SEP = re.compile(r"^[\s:：\-–—,，.;；|]+")
_QUOTES = "\"'“”‘’「」《》*_ "
_LEADING_YEAR = re.compile(r"^((?:19|20)\d{2})\s+(?=\S)")

#: header words that name a table's columns (lower case, markup dropped)
COLUMNS = {
    "title": ("title", "paper", "papers", "name", "method", "methods", "model", "theme", "work", "标题", "论文", "方法", "名称", "模型", "título", "artigo", "método", "nome"),
    "type": ("type", "category", "kind", "类型", "类别", "分类", "tipo", "categoria"),
    "venue": ("venue", "conference", "journal", "publication", "published", "会议", "期刊", "发表", "conferência", "publicação"),
    "source": ("source", "来源", "fonte"),
    "date": ("date", "time", "year", "日期", "时间", "年份", "data", "ano"),
    "description": ("description", "descriptions", "summary", "abstract", "描述", "简介", "摘要", "说明", "descrição", "resumo"),
}
_SOURCE = re.compile(r"^(?P<venue>[A-Za-z][A-Za-z\-]*)\s*(?P<year>(?:19|20)\d{2})?\s*'?\s*(?P<org>.*)$")


@dataclass
class HeadingRef:
    """A section heading as the document has it, cleaned for the catalogs."""

    line: int
    level: int
    text: str  # cleaned: the section name
    guessed: bool = False  # a bare line read as a heading: its level is a guess


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    headings: list[HeadingRef] = field(default_factory=list)


def _links_dict(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, url in pairs:
        base, n = name, 2
        while name in out and out[name] != url:
            name = f"{base}{n}"
            n += 1
        out.setdefault(name, url)
    return out


def _link_name(link: Link) -> str:
    if is_label(link.text):
        low = re.sub(r"[\[\]()]", "", link.text).strip().lower()
        return ITEM_LABELS.get(low, low) or role(link.url, link.text)
    r = role(link.url, link.text)
    return "link" if r == "other" else r


def _real(links: list[Link]) -> list[Link]:
    return [ln for ln in links if ln.url and not ln.image and not ln.url.startswith("#")]


def _titled(link: Link) -> bool:
    return bool(link.text.strip(_QUOTES)) and not is_label(link.text) and not link.image


def _external(url: str) -> bool:
    """A link out of the document's own project (not a relative link, not a
    file of a code repository)."""
    return url.lower().startswith(("http://", "https://")) and not repository_file(url)


def _leading(inl: Inline) -> list[Link]:
    """The links a text begins with (`[A](u) / [B](v): …`), titled ones only."""
    out: list[Link] = []
    pos = 0
    for ln in sorted(_real(inl.links), key=lambda k: k.start):
        gap = inl.text[pos : ln.start]
        if (out and not _LEAD_SEP.match(gap)) or (not out and gap.strip(_QUOTES + "[(")) or not _titled(ln):
            break
        out.append(ln)
        pos = ln.end
    return out


def _meta(rest: str) -> tuple[str | None, str | None, str | None, str]:
    """Venue, year and date from what follows a title when it is short
    (`(June 2024)`, `, ArXiv, 2025-04-08`, ` 2021`); else it is the
    description."""
    core = rest.strip(" ()[],，.;")
    y = _YEAR.search(core)
    if y and len(core) <= 40 and len(core.split()) <= 5:
        d = _DATE.search(core)
        venue = " ".join(_DATE.sub(" ", core).replace(y.group(1), " ").split()).strip(" ,，()") or None
        if venue and not re.search(f"[A-Za-z{HAN_RANGES}]", venue):
            venue = None
        month = venue if venue and venue.rstrip(".").lower()[:3] in _MONTHS else None
        return (None if month else venue), y.group(1), (d.group(1) if d else (core if month else None)), ""
    return None, None, None, rest.strip()


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _title(text: str) -> tuple[str, str | None]:
    t = text.strip(_QUOTES)
    m = _LEADING_YEAR.match(t)
    if m and len(t) > 12:
        return t[m.end() :].strip(), m.group(1)
    return t, None


class _Walker:
    def __init__(self, source: str, bare: bool) -> None:
        self.source = source
        self.bare = bare
        self.path = SectionPath()
        self.out = Parsed()
        self.bare_level = 0
        self.last_was_heading = False

    # -- sections ---------------------------------------------------------
    def heading(self, level: int, text: str, line: int) -> None:
        clean = clean_heading(text)
        self.path.push(level, clean)
        if clean:
            self.out.headings.append(HeadingRef(line, level, clean, self.bare))

    def bare_line(self, line: str, lineno: int) -> None:
        if _is_bare_heading(line):
            # Without markers the nesting is unknown: a heading right under
            # another nests in it, one after entries replaces the deepest.
            self.bare_level = self.bare_level + 1 if self.last_was_heading else max(self.bare_level, 1)
            self.heading(self.bare_level, line.strip(), lineno)
            self.last_was_heading = True
        elif line.strip():
            self.last_was_heading = False

    # -- entries ----------------------------------------------------------
    def entry(self, line: int, title: str, **kw) -> Entry:
        title, lead_year = _title(title)
        if lead_year and not kw.get("year"):
            kw["year"] = lead_year
        e = Entry(source=self.source, line=line, section=self.path.path, title=title, **kw)
        self.out.entries.append(e)
        return e

    def mentions(self, inl: Inline, skip: tuple[Link, ...] = ()) -> list[Entry]:
        """One entry per titled paper link of a prose text, and per badge
        that links a paper (a project's `[![arXiv](badge)](…)`, titled by
        its identifier)."""
        out = []
        seen = set()
        for ln in inl.links:
            if ln in skip or not ln.url or role(ln.url) != "paper" or ln.url in seen:
                continue
            if ln.image:
                ident = identifier(ln.url)
                if not ident:
                    continue
                title = ident.replace("arxiv:", "arXiv:")
            elif _titled(ln):
                title = ln.text
            else:
                continue
            seen.add(ln.url)
            out.append(self.entry(inl.line, title, links={"paper": ln.url}, mention=True))
        return out

    def text_entries(self, inl: Inline, item: bool) -> list[Entry]:
        """The entries of one item's or paragraph's text."""
        lead = _leading(inl)
        if lead and (any(role(ln.url) == "paper" for ln in lead) or (item and _external(lead[0].url))):
            rest_links = [ln for ln in _real(inl.links) if ln.start >= lead[-1].end]
            rest = inl.text[lead[-1].end :]
            venue, year, date, desc = _meta(_DESC_SEP.sub("", rest))
            own = [(_link_name(ln), ln.url) for ln in rest_links if not _titled(ln) or role(ln.url) != "paper"]
            out = []
            for ln in lead:
                name = "paper" if role(ln.url) == "paper" else _link_name(ln)
                extra = {"date": date} if date else {}
                e = self.entry(
                    inl.line, ln.text, venue=venue, year=year, links=_links_dict([(name, ln.url), *own]), extra=extra
                )
                if desc:
                    e.descriptions.append(desc)
                out.append(e)
            if desc:
                out += self.mentions(inl, skip=tuple(lead))
            return out
        found = self.item_forms(inl.source.replace("\n", " "), inl.line, item)
        if found:
            return found
        return self.mentions(inl)

    def item(self, it: Item) -> None:
        inl = it.inline
        entries: list[Entry] = []
        if inl is not None:
            if self.bare:
                lines = inl.source.split("\n")
                entries = self.item_forms(lines[0], inl.line)
                if entries:
                    self.last_was_heading = False
                for k, extra in enumerate(lines[1:], 1):
                    self.bare_line(extra, inl.line + k)
            elif inl.only_bold and not _real(inl.links):
                self.heading(7 + it.depth, inl.bold, inl.line)
            else:
                entries = self.text_entries(inl, item=True)
        for para in it.lines:
            if entries:
                for e in entries:
                    e.descriptions.append(para.text)
            else:
                self.text_entries(para, item=False)
        for child in it.children:
            before = len(self.out.entries)
            self.item(child)
            if entries and len(self.out.entries) == before and child.inline is not None and not child.children:
                for e in entries:
                    e.descriptions.append(child.inline.text)

    def item_forms(self, source: str, lineno: int, item: bool = True) -> list[Entry]:
        """Entries whose title is not a link (see :mod:`.item`): in an item,
        each of several run together on its line; in a paragraph, one with
        a year."""
        out = []
        for piece in SPLIT.split(source) if item else [source]:
            parsed = parse_item(re.sub(r"^-\s+", "", piece))
            if parsed and (item or parsed["year"]):
                out.append(
                    self.entry(
                        lineno,
                        _plain_title(parsed["title"]),
                        venue=parsed["venue"],
                        year=parsed["year"],
                        links=parsed["links"],
                        extra={"markers": " ".join(parsed["markers"])} if parsed["markers"] else {},
                    )
                )
        return out

    def paragraph(self, inl: Inline) -> None:
        if self.bare:
            for k, line in enumerate(inl.source.split("\n")):
                self.bare_line(line, inl.line + k)
            return
        if inl.only_bold and not _real(inl.links) and len(inl.text) <= 80:
            self.heading(7, inl.bold, inl.line)
            return
        self.text_entries(inl, item=False)

    def table(self, rows: list[Row]) -> None:
        header = [clean_heading(h).lower() for h in rows[0].header]
        cols: dict[str, int] = {}
        for name, words in COLUMNS.items():
            for i, h in enumerate(header):
                if h in words or any(h.startswith(w + " ") for w in words if w.isascii()):
                    cols.setdefault(name, i)
                    break
        papers = sum(1 for r in rows if _row_is_paper(r, cols.get("title", 0)))
        as_papers = papers > 0 and papers * 2 >= len(rows)
        last: list[Entry] = []
        for r in rows:
            cells = r.cells
            if not cells or not any(c.text for c in cells):
                continue
            if cells[0].text.strip().lower() in ("descriptions", "description", "描述") and len(cells) > 1:
                # a description row: each paragraph of its cell, for the paper above
                body = cells[1].source or cells[1].text
                for e in last:
                    e.descriptions.extend(p.strip() for p in body.split("\n") if p.strip())
                continue
            if as_papers or _row_is_paper(r, cols.get("title", 0)):
                last = self.row(r, cols)
            else:
                for c in cells:
                    self.mentions(c)

    def row(self, r: Row, cols: dict[str, int]) -> list[Entry]:
        # a cell that repeats its column's header is a placeholder (`Source`)
        cells = [
            Inline(c.source, "", [], c.line) if i < len(r.header) and c.text and c.text == r.header[i] and not c.links else c
            for i, c in enumerate(r.cells)
        ]
        ti = cols.get("title", 0)
        if ti >= len(cells):
            ti = 0
        tcell = cells[ti]
        kw: dict = {"extra": {}}
        if "type" in cols and cols["type"] < len(cells) and cols["type"] != ti:
            if cells[cols["type"]].text:
                kw["extra"]["type"] = cells[cols["type"]].text
        if "date" in cols and cols["date"] < len(cells):
            kw["extra"]["date"] = cells[cols["date"]].text
        venue = year = None
        if "venue" in cols and cols["venue"] < len(cells):
            venue = cells[cols["venue"]].text.strip("* ") or None
        if "source" in cols and cols["source"] < len(cells):
            src = cells[cols["source"]].text
            sm = _SOURCE.match(src)
            if sm:
                venue, year = sm.group("venue"), sm.group("year")
                if sm.group("org"):
                    kw["extra"]["org"] = sm.group("org")
            if src:
                kw["extra"]["source"] = src
        y = _YEAR.search(kw["extra"].get("date", "")) or _YEAR.search(venue or "")
        year = year or (y.group(1) if y else None)
        desc = None
        if "description" in cols and cols["description"] < len(cells) and cols["description"] != ti:
            desc = cells[cols["description"]].text or None
        others = [
            (header_name(r.header, i) or _link_name(ln), ln.url)
            for i, c in enumerate(cells)
            if i != ti
            for ln in _real(c.links)[:1]
        ]
        tlinks = _real(tcell.links)
        named = [ln for ln in tlinks if _titled(ln)]
        papers = [ln for ln in named if role(ln.url) == "paper"]
        line = r.line
        out: list[Entry] = []
        if tcell.bold and len(papers) <= 1:
            links = [(_link_name(ln), ln.url) for ln in tlinks]
            out.append(self.entry(line, tcell.bold, venue=venue, year=year, links=_links_dict(links + others), **kw))
        elif named:
            # one entry per paper the cell names (`[Iter-Retgen](…), [ITRG](…)`)
            for ln in papers or named[:1]:
                out.append(self.entry(line, ln.text, venue=venue, year=year, links=_links_dict([(_link_name(ln), ln.url), *others]), extra=dict(kw["extra"])))
        elif tcell.text and not tcell.text.replace(".", "").isdigit():
            links = [(_link_name(ln), ln.url) for ln in tlinks]
            out.append(self.entry(line, tcell.text, venue=venue, year=year, links=_links_dict(links + others), **kw))
        for e in out:
            if desc:
                e.descriptions.append(desc)
        return out


def header_name(header: list[str], i: int) -> str:
    if i < len(header):
        h = clean_heading(header[i]).lower()
        if h and len(h) <= 12 and h.isascii() and h.isalpha():
            return h
    return ""


def _row_is_paper(r: Row, title: int) -> bool:
    """A row is a paper when its title cell is bold or links a paper, or
    another cell links one by a label (`[arXiv](…)`); a paper a cell names
    by its link text is a mention (a component table citing its method)."""
    if not r.cells:
        return False
    tcell = r.cells[title if title < len(r.cells) else 0]
    if tcell.bold or any(role(ln.url) == "paper" for ln in _real(tcell.links)):
        return True
    return any(role(ln.url) == "paper" and not _titled(ln) for c in r.cells for ln in _real(c.links))


def _plain_title(title: str) -> str:
    return re.sub(r"</?[a-zA-Z][^>]*>", "", title).strip() if "<" in title else title


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


def _has_links(block) -> bool:
    if isinstance(block, Item):
        return bool(block.inline and _real(block.inline.links)) or any(_has_links(c) for c in block.children)
    if isinstance(block, Paragraph):
        return bool(_real(block.inline.links))
    if isinstance(block, Row):
        return any(_real(c.links) for c in block.cells)
    return False


def parse_document(text: str, source: str, tokens: list | None = None) -> Parsed:
    """The entries and section headings of a repaired document."""
    events = list(blocks(text, tokens))
    # a copy pasted from a web page lost its heading markers and its links
    bare = not any(isinstance(b, Heading) for b in events) and not any(_has_links(b) for b in events)
    w = _Walker(source, bare)
    table: list[Row] = []
    for b in events:
        if table and not (isinstance(b, Row) and b.header is table[0].header):
            w.table(table)
            table = []
        if isinstance(b, Heading):
            w.heading(b.level, b.text, b.line)
        elif isinstance(b, Item):
            w.item(b)
        elif isinstance(b, Paragraph):
            w.paragraph(b.inline)
        elif isinstance(b, Row):
            table.append(b)
    if table:
        w.table(table)
    return w.out
