"""The prose of a document: every translatable block that is not an entry.

Paragraphs, headings that head no paper, list items that are no paper,
blockquotes, table header cells and the cells of rows that are no paper,
image alt text and `<summary>` text become catalog messages, as mdpo and
po4a make them.  What must not be translated never enters a msgid: a link's
target, an image's source, inline code, HTML tags, bare URLs and e-mail
addresses and emoji shortcodes become numbered placeholders (`{1}`), while
the text a reader sees stays, with its emphasis (`**`, `*`) as written:

    This repository is maintained by {1}[tuidan]({2}){3} ({4}).

A translation keeps the placeholders it needs (check's TN108): every link
target, image source, code span and address; formatting tags (`<b>`,
`<ins>`, `<sup>`) may be dropped as pairs.  Code blocks, front matter and
other HTML blocks are never messages.

A block's key (msgctxt) is `block|DOC|SECTION|KIND N`: the document, the
heading it stands under (a heading: the heading above it), its kind (p
paragraph, q quotation, li list item, h heading, td cell, summary) and its
rank among the blocks of that kind in that section.  It survives edits above
or below the section; an edited block keeps its key and goes fuzzy like any
entry.  A header cell (th), which its tables repeat, is keyed by document
alone (`block|DOC|*|th`) and found by its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .chardata import HAN_RANGES
from .markup import SHORTCODE, inline, parse_inline
from .markup import tokens as parse
from .parsers.headings import clean_heading

PREFIX = "block|"
#: the longest section name a key carries
SECTION_REACH = 60


def document_name(path: Path) -> str:
    """`efficient-llms-survey.en.md` -> `efficient-llms-survey`: the name a
    document's blocks are keyed by, whatever the language of its source."""
    return re.sub(r"\.(en|zh|pt)$", "", path.stem)


def is_block(msgctxt: str | None) -> bool:
    return bool(msgctxt) and msgctxt.startswith(PREFIX)


def document_of(msgctxt: str) -> str:
    return msgctxt.split("|", 2)[1]


def shared(msgctxt: str | None) -> bool:
    """Whether a block key stands for its text wherever it occurs (a
    column's name): such a message is found by its text only."""
    return is_block(msgctxt) and "|*|" in msgctxt


def kind_of(msgctxt: str | None) -> str | None:
    """A block key's kind (`p`, `h`...), None for other keys."""
    return msgctxt.rsplit("|", 1)[1].split(" ", 1)[0] if is_block(msgctxt) else None


#: a placeholder in a msgid or msgstr
PLACEHOLDER = re.compile(r"\{(\d+)\}")
#: what text never translates: URLs, e-mail addresses, emoji shortcodes
_VERBATIM = re.compile(
    r"(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|" + SHORTCODE.pattern
)
#: tags that only format the text they enclose: a translation may drop them
FORMATTING = frozenset("b i em strong ins del s u sup sub small mark kbd".split())
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_LETTER = re.compile(f"[^\\W\\d_]|[{HAN_RANGES}]")
_FILE_NAME = re.compile(r"[\w./-]+\.[A-Za-z0-9]{2,5}")
_BADGE = re.compile(r"\s*!\[[^\]]*\]\(\{\d+\}\)\s*")
#: a link in a msgid: its text, and the placeholder of its target
LINK = re.compile(r"\[([^\]]+)\]\(\{(\d+)\}\)")
_SUMMARY = re.compile(r"<summary\b[^>]*>([^\n]*?)</summary>", re.I)
#: an HTML table's header cell on one line (a column's name)
_HTML_ROW = re.compile(r"<tr\b.*?</tr>", re.S | re.I)
_HTML_TH = re.compile(r"<th\b[^>]*>([^<\n]*)</th>", re.I)


@dataclass
class Block:
    """One translatable block of a canonical document."""

    msgctxt: str
    kind: str
    msgid: str  # the text with placeholders
    values: dict[int, str]  # placeholder -> what it stands for
    line: int  # 1-based first line
    end: int  # 1-based line after the block
    source: str  # the block's text as the document has it (one line: a cell, a summary)

    @property
    def plain(self) -> str:
        """What a reader sees: placeholders out, link texts kept."""
        return plain(self.msgid)


@dataclass
class Unit:
    """A block of a copy, a candidate translation of a canonical block."""

    kind: str
    text: str  # with the copy's own placeholders
    values: dict[int, str]
    line: int
    heading: bool = False


def plain(text: str) -> str:
    return " ".join(PLACEHOLDER.sub(" ", text).replace("**", "").replace("](", " ").split()).strip("[]() ")


def required(values: dict[int, str]) -> set[int]:
    """The placeholders a translation must keep: all but formatting tags."""
    return {k for k, v in values.items() if not is_formatting(v)}


def placeholders(text: str) -> set[int]:
    return {int(k) for k in PLACEHOLDER.findall(text)}


def describe(values: dict[int, str]) -> str:
    """The extracted comment that tells translators (and check) what each
    placeholder stands for, one per line: `{1} <ins>`."""
    return "\n".join(f"{{{k}}} {v}" for k, v in sorted(values.items()))


def legend(comment: str) -> dict[int, str]:
    """The placeholders an extracted comment lists (see describe)."""
    out = {}
    for line in (comment or "").split("\n"):
        m = re.match(r"\{(\d+)\} (.*)", line)
        if m:
            out[int(m.group(1))] = m.group(2)
    return out


def is_formatting(value: str) -> bool:
    """Whether a placeholder stands for a tag that only formats text."""
    m = _TAG_NAME.match(value) if value.startswith("<") else None
    return bool(m) and m.group(1).lower() in FORMATTING


def fill(text: str, values: dict[int, str]) -> str:
    """A msgid or msgstr with its placeholders put back."""
    return PLACEHOLDER.sub(lambda m: values.get(int(m.group(1)), m.group(0)), text)


class _Builder:
    def __init__(self, first: int = 1) -> None:
        self.parts: list[str] = []
        self.values: dict[int, str] = {}
        self._n = first
        self.open: list[tuple[int, str]] = []  # open links: where their text starts, their target

    def hold(self, value: str) -> str:
        n = self._n
        self._n += 1
        self.values[n] = value
        return f"{{{n}}}"

    def text(self, s: str) -> None:
        pos = 0
        for m in _VERBATIM.finditer(s):
            self.parts.append(s[pos : m.start()])
            self.parts.append(self.hold(m.group()))
            pos = m.end()
        self.parts.append(s[pos:])

    def build(self) -> str:
        return " ".join("".join(self.parts).split())


def _destination(attrs: dict) -> str:
    href = attrs.get("href", attrs.get("src", ""))
    title = attrs.get("title")
    return f'{href} "{title}"' if title else href


def inline_message(children, first: int = 1) -> _Builder:
    """The msgid of an inline token's children (see the module docstring)."""
    b = _Builder(first)
    autolink: int | None = None  # the placeholder of an autolink being read
    for c in children or ():
        t = c.type
        if autolink is not None:
            # `<https://...>` and `<a@b.org>` as written: the text they show
            if t == "link_close":
                b.values[autolink] = f"<{b.values[autolink]}>"
                autolink = None
            else:
                b.values[autolink] += c.content
            continue
        if t == "text":
            b.text(c.content)
        elif t == "text_special":
            b.parts.append(c.markup)  # `\_`, `&lt;` as written: what they escape stays escaped
        elif t == "code_inline":
            b.parts.append(b.hold(c.markup + c.content + c.markup))
        elif t == "softbreak":
            b.parts.append(" ")
        elif t == "hardbreak":
            b.parts.append(b.hold("<br>"))
        elif t == "link_open":
            if c.markup == "autolink" or c.info == "auto":
                held = b.hold("")
                b.parts.append(held)
                autolink = int(held[1:-1])
                continue
            b.open.append((len(b.parts), _destination(c.attrs)))
        elif t == "link_close" and b.open:
            start, dest = b.open.pop()
            text = "".join(b.parts[start:])
            del b.parts[start:]
            if _BADGE.fullmatch(text):
                # a badge: an image that links, never translated
                b.parts.append(b.hold(f"[{fill(text, b.values)}]({dest})"))
                continue
            b.parts.append(f"[{text}]({b.hold(dest)})")
        elif t == "image":
            alt = "".join(x.content for x in (c.children or ()) if x.type == "text") or c.content
            if not alt.strip() or _FILE_NAME.fullmatch(alt.strip()):
                # no alt text to translate (`![img/image.jpg](img/image.jpg)`)
                b.parts.append(b.hold(f"![{alt}]({_destination(c.attrs)})"))
            else:
                b.parts.append(f"![{alt}]({b.hold(_destination(c.attrs))})")
        elif t in ("strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"):
            b.parts.append(c.markup)
        elif t == "html_inline":
            b.parts.append(b.hold(c.content))
    return b


def _has_words(msgid: str) -> bool:
    return bool(_LETTER.search(PLACEHOLDER.sub("", msgid)))


def extract(text: str, doc: str, skip_lines: set[int], section_headings: set[str], toks: list | None = None) -> list[Block]:
    """The blocks of a canonical document.  `skip_lines`: the lines of its
    entries (a block that holds one is an entry); `section_headings`: the
    cleaned headings that are entry sections (catalog messages of their own).
    A list item that only links to a heading of the document (a table of
    contents) is a block of kind `toc`: no message, it shows its heading's
    translation."""
    tokens = toks if toks is not None else parse(text)
    out: list[Block] = []
    section = ""
    above: list[tuple[int, str]] = []  # the headings above, (level, title)
    counts: dict[tuple[str, str], int] = {}
    containers: list[str] = []  # "li" / "q" for each open list item / blockquote
    item_lines: list[int] = []  # the first line of each open list item
    row_line = 0
    head = False

    headings = {clean_heading(inline(tokens[k + 1], 0).text) for k, x in enumerate(tokens) if x.type == "heading_open"}

    def add(kind: str, children, line: int, end: int, source: str, section: str) -> None:
        b = inline_message(children)
        msgid = b.build()
        if not msgid or not _has_words(msgid):
            return
        toc = LINK.fullmatch(msgid)
        if kind == "li" and toc and b.values[int(toc.group(2))].startswith("#") and clean_heading(toc.group(1)) in headings:
            out.append(Block("", "toc", toc.group(1), b.values, line, end, source))
            return
        if kind == "th":
            # a column's name repeats with its tables: one message per
            # document and text, whatever the section
            out.append(Block(f"{PREFIX}{doc}|*|th", kind, msgid, b.values, line, end, source))
            return
        key = (section, kind)
        counts[key] = counts.get(key, 0) + 1
        out.append(Block(f"{PREFIX}{doc}|{section[:SECTION_REACH]}|{kind} {counts[key]}", kind, msgid, b.values, line, end, source))

    i = 0
    while i < len(tokens):
        t = tokens[i]
        ty = t.type
        if ty == "heading_open":
            inl = tokens[i + 1]
            line = t.map[0] + 1
            title = clean_heading(inline(inl, 0).text)
            level = int(t.tag[1])
            while above and above[-1][0] >= level:
                above.pop()
            if title not in section_headings and line not in skip_lines:
                # keyed under the heading it belongs to
                add("h", inl.children, line, t.map[1] + 1, inl.content, above[-1][1] if above else "")
            if title:
                above.append((level, title))
                section = title
            i += 3
            continue
        if ty == "list_item_open":
            containers.append("li")
            item_lines.append(t.map[0] + 1)
        elif ty == "list_item_close":
            containers.pop()
            item_lines.pop()
        elif ty == "blockquote_open":
            containers.append("q")
        elif ty == "blockquote_close":
            containers.pop()
        elif ty == "paragraph_open":
            inl = tokens[i + 1]
            first, end = t.map[0] + 1, t.map[1] + 1
            inside_entry = any(n in skip_lines for n in item_lines) or any(n in skip_lines for n in range(first, end))
            if not inside_entry:
                kind = containers[-1] if containers else "p"
                add(kind, inl.children, first, end, inl.content, section)
            i += 3
            continue
        elif ty == "thead_open":
            head = True
        elif ty == "thead_close":
            head = False
        elif ty == "tr_open":
            row_line = t.map[0] + 1
        elif ty in ("th_open", "td_open"):
            inl = tokens[i + 1]
            if head or row_line not in skip_lines:
                add("th" if head else "td", inl.children, row_line, row_line + 1, inl.content, section)
            i += 3
            continue
        elif ty == "html_block":
            first = t.map[0] + 1
            # a row that holds a paper is an entry: its cells are no messages
            # (lists put data in <th> cells too)
            papers = [
                (r.start(), r.end())
                for r in _HTML_ROW.finditer(t.content)
                if any(n in skip_lines for n in range(first + t.content.count("\n", 0, r.start()), first + t.content.count("\n", 0, r.end()) + 1))
            ]
            for pattern, kind in ((_SUMMARY, "summary"), (_HTML_TH, "th")):
                for m in pattern.finditer(t.content):
                    if any(a <= m.start() < b for a, b in papers):
                        continue
                    inner = parse_inline(m.group(1).strip())
                    line = first + t.content.count("\n", 0, m.start())
                    add(kind, inner.children, line, line + 1, m.group(1).strip(), section)
        i += 1
    return out


def units(text: str, skip_lines: set[int], toks: list | None = None) -> list[Unit]:
    """A copy's blocks, for alignment with the canonical ones.  A copy that
    lost its markup runs its lines together into long paragraphs: each line
    of a paragraph is a unit of its own then, and the paragraph too."""
    tokens = toks if toks is not None else parse(text)
    out: list[Unit] = []
    kinds: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        ty = t.type
        if ty in ("list_item_open", "blockquote_open"):
            kinds.append("li" if ty == "list_item_open" else "q")
        elif ty in ("list_item_close", "blockquote_close"):
            kinds.pop()
        elif ty in ("heading_open", "paragraph_open", "th_open", "td_open"):
            inl = tokens[i + 1]
            line = t.map[0] + 1 if t.map else 0
            kind = {"heading_open": "h", "th_open": "th", "td_open": "td"}.get(ty) or (kinds[-1] if kinds else "p")
            if line not in skip_lines:
                b = inline_message(inl.children)
                out.append(Unit(kind, b.build(), b.values, line, ty == "heading_open"))
            children = inl.children or []
            if ty == "paragraph_open" and any(c.type == "softbreak" for c in children):
                piece: list = []
                k = 0
                for c in [*children, None]:
                    if c is None or c.type == "softbreak":
                        if piece and line + k not in skip_lines:
                            pb = inline_message(piece)
                            out.append(Unit(kind, pb.build(), pb.values, line + k, False))
                        piece, k = [], k + 1
                    else:
                        piece.append(c)
            i += 3
            continue
        i += 1
    return [u for u in out if u.text and _has_words(u.text)]
