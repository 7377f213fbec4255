"""Localized documents: the canonical structure, in a locale's words.

A rendered document is the repaired canonical document with every entry's
title, type cell and description, and every section heading, taken from the
locale's catalog.  Links, venues and years come from the canonical document,
so a copy that lost its links gets them back.  A text with no usable
translation (none, or only a fuzzy one) falls back to its source text,
marked with its language (`<sup>EN</sup>`) so readers and reviewers see it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib

from . import prose
from .catalogs import Message, copies_source
from .parsers.headings import clean_heading
from .prose import Block
from .sources import Document

#: what a fallback looks like: the source language, as a superscript
FALLBACK = " <sup>{lang}</sup>"


class Translations:
    """One locale's usable (non-fuzzy) translations of the template."""

    def __init__(self, po: polib.POFile | None, locale: str, messages: list[Message]) -> None:
        self.locale = locale
        self.messages = {(m.msgctxt, m.msgid) if m.msgctxt == "section" or prose.is_block(m.msgctxt) else m.msgctxt: m for m in messages}
        self._done: dict[tuple[str, str], str] = {}
        if po is not None:
            for e in po:
                if not e.obsolete and e.msgstr and "fuzzy" not in e.flags and not copies_source(e, locale):
                    self._done[(e.msgctxt or "", e.msgid)] = e.msgstr
        #: heading blocks by their plain text (a table of contents links them)
        self._headings = {
            clean_heading(prose.plain(m.msgid)): clean_heading(prose.plain(self._done[(m.msgctxt, m.msgid)]))
            for m in messages
            if prose.kind_of(m.msgctxt) == "h" and (m.msgctxt, m.msgid) in self._done
        }

    def field(self, ctx: str, fallback: str) -> str:
        """A record field (`KEY|title`...) in this locale, or its source text marked."""
        m = self.messages.get(ctx)
        if m is None:
            return fallback
        got = self._done.get((ctx, m.msgid))
        if got is not None:
            return got
        if m.source_lang == self.locale:
            return m.msgid
        return m.msgid + FALLBACK.format(lang=m.source_lang.upper())

    def heading(self, text: str) -> str:
        return self._done.get(("section", text), text)

    def block(self, b: Block) -> str | None:
        """A prose block's translation in this locale, placeholders filled."""
        got = self._done.get((b.msgctxt, b.msgid))
        return prose.fill(got, b.values) if got is not None else None

    def marker(self, b: Block) -> str:
        """What an untranslated block shows after its text: the fallback
        mark, unless the block is in this locale already."""
        m = self.messages.get((b.msgctxt, b.msgid))
        if m is None or m.source_lang == self.locale:
            return ""
        return FALLBACK.format(lang=m.source_lang.upper())

    def title(self, text: str) -> str:
        """A heading's text in this locale, whether an entry section or a
        block of prose (a table of contents shows it)."""
        got = self._done.get(("section", text))
        if got is None:
            got = self._headings.get(text)
        return got if got is not None else text


def output_name(source: Path) -> str:
    """`efficient-llms-survey.en.md` -> `efficient-llms-survey.md`."""
    return re.sub(r"\.(en|zh|pt)(?=\.md$)", "", source.name)


def render(doc: Document, tr: Translations) -> str:
    """The canonical document `doc` in the locale of `tr`."""
    lines = doc.text.split("\n")
    for e in doc.entries:
        if e.mention:
            continue  # a link's text in prose is the author's sentence, not a title
        i = e.line - 1
        title = tr.field(f"{e.key}|title", e.title)
        shown = html.escape(e.title, quote=False) if "<a " in lines[i] else e.title
        lines[i] = lines[i].replace(shown, title, 1)
        kind = e.extra.get("type")
        if kind:
            loc = tr.field(f"{e.key}|type", kind)
            lines[i] = re.sub(rf"\|\s*{re.escape(kind)}\s*\|", lambda _m: f"| {loc} |", lines[i], count=1)
    for h in doc.headings:
        lines[h.line - 1] = lines[h.line - 1].replace(h.text, tr.heading(h.text), 1)
    out = "\n".join(lines)
    if _DESC.search(out):
        # before the prose: the cells are found by their header, which the
        # prose translates (the line count stays, see _render_descriptions)
        lines = _render_descriptions(out, doc, tr).split("\n")
    _render_blocks(lines, doc, tr)
    return "\n".join(x for x in lines if x is not _GONE)


#: a line a multi-line block's translation replaced
_GONE = "\0gone"


def _render_blocks(lines: list, doc: Document, tr: Translations) -> None:
    """Each prose block in place: a paragraph, a quotation, a list item or a
    heading becomes its translation on its first line, after the line's
    markers (`> `, `- `, `## `), its other lines dropped; a cell or a
    summary is replaced in its line.  A block with no translation keeps its
    text, marked as an untranslated entry is (headings aside)."""
    for b in doc.blocks:
        i = b.line - 1
        if i >= len(lines) or lines[i] is _GONE:
            continue
        line = lines[i]
        if b.kind == "toc":
            # the block's text is the link's (`[Model Compression](#...)`)
            shown = tr.title(clean_heading(b.msgid))
            at = line.find(f"[{b.msgid}]")
            if at >= 0 and shown != clean_heading(b.msgid):
                lines[i] = line[: at + 1] + shown + line[at + 1 + len(b.msgid) :]
            continue
        text = tr.block(b)
        first = b.source.split("\n", 1)[0]
        at = line.find(first)
        if at < 0:
            continue
        cell = b.kind in ("td", "th", "summary")
        if text is None:
            mark = tr.marker(b) if b.kind != "h" else ""
            if mark and cell:
                lines[i] = line[: at + len(b.source)] + mark + line[at + len(b.source) :]
            elif mark:
                last = min(b.end - 2, len(lines) - 1)
                lines[last] = lines[last].rstrip() + mark
            continue
        if cell:
            if line.lstrip().startswith("|"):  # a Markdown table's row
                text = text.replace("|", "\\|")
            lines[i] = line[:at] + text + line[at + len(b.source) :]
            continue
        lines[i] = line[:at] + text
        for k in range(b.line, min(b.end - 1, len(lines))):
            lines[k] = _GONE


_DESC = re.compile(r"(<th\b[^>]*>\s*Descriptions\s*</th>\s*<td\b[^>]*>)(.*?)(</td>)", re.S | re.I)


def _render_descriptions(text: str, doc: Document, tr: Translations) -> str:
    """Each paper row's Descriptions cell is the first one after it (and
    before the next paper row).  A cell keeps its number of lines, so that
    the lines of the prose after it stay where they were."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    entries = [e for e in doc.entries if e.descriptions]
    bounds = [starts[e.line - 1] for e in doc.entries] + [len(text)]
    out: list[str] = []
    cursor = 0
    for e in entries:
        lo = starts[e.line - 1]
        hi = next(b for b in bounds if b > lo)
        m = _DESC.search(text, lo, hi)
        if m is None:
            continue
        out.append(text[cursor : m.start(2)])
        shown = tr.field(f"{e.key}|description", m.group(2))
        if shown != m.group(2):
            shown = shown.replace("\n", " ") + "\n" * m.group(2).count("\n")
        out.append(shown)
        cursor = m.end(2)
    out.append(text[cursor:])
    return "".join(out)
