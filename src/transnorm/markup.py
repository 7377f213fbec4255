"""Markdown and HTML as trees: the one place that knows their syntax.

Markdown is read by markdown-it-py (CommonMark with GFM tables), HTML blocks
and inline HTML by the standard library's HTML parser.  What the rest of
transnorm sees is :class:`Inline` (a run of text with its links, as a reader
sees it) and the block events of :func:`blocks`: headings, list items,
table rows, paragraphs, each with its 1-based line.  Code blocks, front
matter and HTML comments yield nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Iterator

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_MD_BLOCKS = MarkdownIt("commonmark", {"html": True}).enable("table")
_MD_BLOCKS.core.ruler.disable("inline")  # block structure only
# Links as written: transnorm reads URLs, it does not render them (the
# renderer's percent-encoding would change the keys of the records).
_MD.normalizeLink = _MD.normalizeLinkText = lambda url: url
_MD.validateLink = lambda url: True
# Backslash escapes and entities stay tokens of their own (`text_special`,
# the source form in `markup`): the prose keeps them as written (see prose.py)
_MD.core.ruler.disable("text_join")

#: `:sparkles:`, GitHub's emoji shortcodes
SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
#: Markdown's inline link as lists write it, `[text](target "title")`:
#: group 1 the text, group 2 the target (the one definition every module
#: that looks at links inside a field uses; documents go through the parser)
INLINE_LINK = re.compile(r"\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)")
#: a link's target wherever a `](` opens one, nested badges included
LINK_TARGET = re.compile(r"\]\(\s*([^)\s]+)\s*\)")
#: an HTML tag, opening or closing: group 1 its name
HTML_TAG_PATTERN = r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>"
HTML_TAG = re.compile(HTML_TAG_PATTERN)
_FRONT_MATTER = re.compile(r"\A(\s*\n)?(---|\+\+\+)[ \t]*\n.*?\n\2[ \t]*(\n|\Z)", re.S)
_SPACE = re.compile(r"\s+")
_UNTIDY = re.compile(r"^\s|\s$|\s\s|[^\S ]")


@dataclass
class Link:
    text: str  # as shown, markup stripped
    url: str
    image: bool = False  # a badge: the link wraps an image
    start: int = 0  # offsets of the link text in Inline.text
    end: int = 0


@dataclass
class Inline:
    """A run of inline text: what a reader sees, and its links."""

    source: str  # the Markdown (or HTML) source
    text: str  # plain text, whitespace collapsed
    links: list[Link]
    line: int
    bold: str = ""  # the first strong span's text
    only_bold: bool = False  # the whole text is one strong span


@dataclass
class Heading:
    level: int
    text: str  # plain text, decoration kept (see headings.clean_heading)
    line: int


@dataclass
class Item:
    """A list item: its own text, and the items nested in it."""

    inline: Inline | None
    line: int
    depth: int
    lines: list[Inline] = field(default_factory=list)  # its own paragraphs after the first
    children: list["Item"] = field(default_factory=list)
    ordered: bool = False


@dataclass
class Row:
    cells: list[Inline]
    line: int
    header: list[str]  # the table's header cells (plain text)
    is_header: bool = False
    html: bool = False


@dataclass
class Paragraph:
    inline: Inline


def _collapse(parts: list[str]) -> str:
    return _SPACE.sub(" ", "".join(parts)).strip()


class _InlineBuilder:
    """Plain text and links from a sequence of text pieces and link events."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.links: list[Link] = []
        self._open: list[tuple[str, int, bool]] = []  # url, offset, image
        self.strong: list[str] = []
        self._strong_at: list[int] = []
        self._outside_strong = False

    @property
    def offset(self) -> int:
        return sum(len(p) for p in self.parts)

    def text(self, s: str) -> None:
        if not self._strong_at and s.strip():
            self._outside_strong = True
        self.parts.append(s)

    def open_link(self, url: str) -> None:
        self._open.append((url, self.offset, False))

    def image(self, alt: str) -> None:
        if self._open:
            url, at, _img = self._open[-1]
            self._open[-1] = (url, at, True)
        self.text(alt)

    def close_link(self) -> None:
        if not self._open:
            return
        url, at, image = self._open.pop()
        self.links.append(Link("".join(self.parts)[at:], url.strip(), image, at, self.offset))

    def open_strong(self) -> None:
        self._strong_at.append(self.offset)

    def close_strong(self) -> None:
        if self._strong_at:
            at = self._strong_at.pop()
            if not self._strong_at:
                self.strong.append("".join(self.parts)[at:])

    def build(self, source: str, line: int) -> Inline:
        while self._open:  # an <a> left open ends with its cell or paragraph
            self.close_link()
        raw = "".join(self.parts)
        if not _UNTIDY.search(raw):  # nothing to collapse: offsets stand
            bold = _SPACE.sub(" ", self.strong[0]).strip() if self.strong else ""
            links = [Link(_SPACE.sub(" ", ln.text).strip(), ln.url, ln.image, ln.start, ln.end) for ln in sorted(self.links, key=lambda k: k.start)]
            return Inline(source, raw, links, line, bold, bool(bold) and not self._outside_strong and len(self.strong) == 1)
        # collapse whitespace, keeping link offsets right
        text, shift, out = raw, [], []
        j = 0
        prev_space = True
        for ch in text:
            space = ch.isspace()
            if space and prev_space:
                shift.append(j)
                continue
            out.append(" " if space else ch)
            shift.append(j)
            j += 1
            prev_space = space
        shift.append(j)
        plain = "".join(out)
        strip = len(plain) - len(plain.lstrip())
        plain_s = plain.strip()
        links = []
        for ln in sorted(self.links, key=lambda k: k.start):
            s, e = shift[ln.start] - strip, shift[ln.end] - strip
            links.append(Link(_SPACE.sub(" ", ln.text).strip(), ln.url, ln.image, max(s, 0), max(min(e, len(plain_s)), 0)))
        bold = _SPACE.sub(" ", self.strong[0]).strip() if self.strong else ""
        only = bool(bold) and not self._outside_strong and len(self.strong) == 1
        return Inline(source, plain_s, links, line, bold, only)


class _AnchorTag(HTMLParser):
    """The href of one inline `<a …>` tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None
        self.tag = ""
        self.closing = False

    def handle_starttag(self, tag, attrs):
        self.tag = tag
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_startendtag(self, tag, attrs):
        self.tag = tag

    def handle_endtag(self, tag):
        self.tag, self.closing = tag, True


@lru_cache(maxsize=4096)
def _html_tag(html: str) -> _AnchorTag:
    p = _AnchorTag()
    p.feed(html)
    p.close()
    return p


def inline(token, line: int) -> Inline:
    """An inline token of markdown-it as an :class:`Inline`."""
    b = _InlineBuilder()
    html_links = 0  # open <a> tags without href are not links
    html_open: list[bool] = []
    for c in token.children or ():
        t = c.type
        if t in ("text", "code_inline", "text_special"):
            b.text(c.content)
        elif t in ("softbreak", "hardbreak"):
            b.text(" ")
        elif t == "link_open":
            b.open_link(c.attrs.get("href", ""))
        elif t == "link_close":
            b.close_link()
        elif t == "image":
            b.image(c.content or "")
        elif t == "strong_open":
            b.open_strong()
        elif t == "strong_close":
            b.close_strong()
        elif t == "html_inline":
            tag = _html_tag(c.content)
            if tag.tag == "a" and not tag.closing:
                html_open.append(tag.href is not None)
                if tag.href is not None:
                    b.open_link(tag.href)
                    html_links += 1
            elif tag.tag == "a" and tag.closing and html_open:
                if html_open.pop():
                    b.close_link()
            elif tag.tag in ("b", "strong") and not tag.closing:
                b.open_strong()
            elif tag.tag in ("b", "strong"):
                b.close_strong()
            elif tag.tag == "br":
                b.text(" ")
            elif tag.tag == "img":
                b.image("")
    return b.build(token.content, line)


class _HtmlBlocks(HTMLParser):
    """Headings, table rows and text containers of a document's HTML
    blocks, fed block by block (a table may span several)."""

    HEADINGS = {f"h{i}": i for i in range(1, 7)}
    CONTAINERS = ("li", "p", "blockquote", "dd", "dt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[int, object]] = []  # (doc line, event)
        self._starts: list[int] = []  # cumulative parser line where each block starts
        self._docs: list[int] = []  # its document line
        self._fed = 0
        self._cell: tuple[_InlineBuilder, int, str] | None = None
        self._row: list[tuple[Inline, str]] | None = None
        self._row_line = 0
        self._header: list[str] = []
        self._tables: list[list[str]] = []
        self._last_header: list[str] = []
        self._text: tuple[_InlineBuilder, int, str] | None = None  # heading, summary or container
        self._anchor: list[bool] = []

    @property
    def in_table(self) -> bool:
        return bool(self._tables)

    def feed_block(self, content: str, doc_line: int) -> None:
        self._starts.append(self._fed + 1)
        self._docs.append(doc_line)
        self._fed += content.count("\n")
        self.feed(content)

    def _line(self) -> int:
        ln = self.getpos()[0]
        k = bisect_right(self._starts, ln) - 1
        return self._docs[k] + ln - self._starts[k] if k >= 0 else ln

    def _builder(self) -> _InlineBuilder | None:
        if self._cell is not None:
            return self._cell[0]
        if self._text is not None:
            return self._text[0]
        return None

    def handle_starttag(self, tag, attrs):
        b = self._builder()
        if tag == "table":
            self._tables.append([])
        elif tag == "tr":
            self._close_row()  # a row left open ends where the next begins
            self._row, self._row_line = [], self._line()
        elif tag in ("td", "th") and self._row is not None:
            self._close_cell()
            self._cell = (_InlineBuilder(), self._line(), tag)
        elif tag in self.HEADINGS or tag == "summary":
            if self._cell is None:
                self._text = (_InlineBuilder(), self._line(), tag)
        elif tag in self.CONTAINERS and self._cell is None and self._text is None:
            self._text = (_InlineBuilder(), self._line(), tag)
        elif tag == "a" and b is None:
            # a link standing alone in an HTML block (a badge): its own text
            self._text = (_InlineBuilder(), self._line(), "a")
            self._anchor.append(True)
            self._text[0].open_link(dict(attrs).get("href") or "")
        elif tag == "a" and b is not None:
            href = dict(attrs).get("href")
            self._anchor.append(href is not None)
            if href is not None:
                b.open_link(href)
        elif tag == "img" and b is not None:
            b.image(dict(attrs).get("alt") or "")
        elif tag == "br" and b is not None:
            b.text(" ")
        elif tag in ("b", "strong") and b is not None:
            b.open_strong()

    def handle_endtag(self, tag):
        b = self._builder()
        if tag == "a" and b is not None and self._anchor and not (self._text and self._text[2] == "a"):
            if self._anchor.pop():
                b.close_link()
        elif tag in ("b", "strong") and b is not None:
            b.close_strong()
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table":
            self._close_row()
            if self._tables:
                self._last_header = self._tables.pop() or self._last_header
        elif self._text is not None and tag == self._text[2]:
            tb, line, name = self._text
            self._text = None
            if name == "a" and self._anchor:
                self._anchor.pop()
            inl = tb.build("", line)
            if name in self.HEADINGS:
                self.events.append((line, Heading(self.HEADINGS[name], inl.text, line)))
            elif name == "summary":
                self.events.append((line, Heading(7, inl.text, line)))
            elif inl.links:
                self.events.append((line, Paragraph(inl)))

    def handle_data(self, data):
        b = self._builder()
        if b is not None:
            b.text(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            cb, line, tag = self._cell
            self._row.append((cb.build("".join(cb.parts), line), tag))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row:
            cells = [c for c, _t in self._row]
            header = all(t == "th" for _c, t in self._row) and not any(c.links for c in cells)
            if header and self._tables and not self._tables[-1]:
                self._tables[-1].extend(c.text for c in cells)
            elif not header:
                if self._tables and not self._tables[-1] and len(self._last_header) == len(cells):
                    # a table without a header row continues the previous one's columns
                    self._tables[-1].extend(self._last_header)
                hdr = self._tables[-1] if self._tables else self._last_header
                line = cells[0].line if cells else self._row_line
                self.events.append((line, Row(cells, line, hdr, html=True)))
        self._row = None


def strip_front_matter(text: str) -> str:
    """The text with its front matter (YAML `---` or TOML `+++`) blanked,
    line numbers kept."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    return "\n" * m.group(0).count("\n") + text[m.end() :]


def tokens(text: str) -> list:
    """markdown-it's tokens of a document (front matter blanked): the entries
    and the prose are read from one parse (see sources.load_document)."""
    return _MD.parse(strip_front_matter(text))


def parse_inline(text: str):
    """The inline token of a piece of Markdown."""
    return _MD.parseInline(text)[0]


def blocks(text: str, toks: list | None = None) -> Iterator[object]:
    """The document's headings, list items (top level, children nested),
    table rows and paragraphs outside lists, in document order (`toks`:
    its tokens, if parsed already)."""
    toks = toks if toks is not None else tokens(text)
    text = strip_front_matter(text)
    source_lines = text.split("\n")
    html = _HtmlBlocks()
    stack: list[Item] = []
    ordered: list[bool] = []
    header: list[str] = []
    row: list[Inline] | None = None
    row_line = 0
    in_head = False
    i = 0
    n = len(toks)

    def flush(upto: int) -> Iterator[object]:
        while html.events and html.events[0][0] <= upto:
            yield html.events.pop(0)[1]

    while i < n:
        t = toks[i]
        line = t.map[0] + 1 if t.map else 0
        if t.map and not stack:
            yield from flush(line)
        ty = t.type
        if html.in_table and t.level == 0 and t.map and t.nesting >= 0 and ty != "html_block":
            # a blank line ended the HTML block inside a table: what follows
            # (text, a list, rows indented as code) is the table's, as a
            # browser reads it
            html.feed_block("".join(f"{ln}\n" for ln in source_lines[t.map[0] : t.map[1]]), line)
            i += 1
            while i < n and not (toks[i].level == 0 and toks[i].nesting >= 0):
                i += 1
            continue
        if ty == "heading_open":
            yield Heading(int(t.tag[1]), inline(toks[i + 1], line).text, line)
            i += 3
            continue
        if ty in ("bullet_list_open", "ordered_list_open"):
            ordered.append(ty == "ordered_list_open")
        elif ty in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif ty == "list_item_open":
            stack.append(Item(None, line, len(stack), ordered=ordered[-1] if ordered else False))
        elif ty == "list_item_close":
            item = stack.pop()
            if stack:
                stack[-1].children.append(item)
            else:
                yield item
        elif ty == "paragraph_open":
            inl = inline(toks[i + 1], line)
            if stack:
                if stack[-1].inline is None:
                    stack[-1].inline = inl
                else:
                    stack[-1].lines.append(inl)
            else:
                yield Paragraph(inl)
            i += 3
            continue
        elif ty == "thead_open":
            in_head, header = True, []
        elif ty == "thead_close":
            in_head = False
        elif ty == "tr_open":
            row, row_line = [], line
        elif ty in ("th_open", "td_open") and row is not None:
            row.append(inline(toks[i + 1], row_line))
            i += 3
            continue
        elif ty == "tr_close" and row is not None:
            if in_head:
                header = [c.text for c in row]
            elif not stack:
                yield Row(row, row_line, header)
            row = None
        elif ty == "html_block":
            html.feed_block(t.content, line)
        i += 1
    html.close()
    yield from flush(1 << 30)


MARKDOWN_SUFFIXES = (".md", ".mdx", ".markdown")


def code_regions(text: str, lines: set[int]) -> tuple[set[int], dict[int, list[tuple[int, int]]]]:
    """Where a Markdown document shows code, among `lines` (1-based): the
    lines inside its code blocks, and per line the column ranges of its
    inline code spans.  Only what is asked is parsed (a repair touches few
    lines of a large document)."""
    in_blocks: set[int] = set()
    if "```" in text or "~~~" in text or "\n    " in text or "\n\t" in text or text.startswith(("    ", "\t")):
        for t in _MD_BLOCKS.parse(strip_front_matter(text)):
            if t.type in ("fence", "code_block") and t.map:
                in_blocks.update(n for n in range(t.map[0] + 1, t.map[1] + 1) if n in lines)
    spans: dict[int, list[tuple[int, int]]] = {}
    source = text.split("\n")
    for n in sorted(lines - in_blocks):
        line = source[n - 1] if 0 < n <= len(source) else ""
        if "`" not in line:
            continue
        col = 0
        for c in (parse_inline(line).children or ()):
            if c.type == "code_inline":
                at = line.find(c.content, col)
                if at >= 0:
                    spans.setdefault(n, []).append((at, at + len(c.content)))
                    col = at + len(c.content)
    return in_blocks, spans
