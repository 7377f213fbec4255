"""A copy against its canonical list: what it translates, lacks and adds.

A copy's entries are aligned to its canonical document's (:mod:`align`);
the aligned ones offer translations of their record's title, description
and type cell and, voted by the entries under them, of the section
headings.  The canonical records no copy entry reaches are what the copy
lacks; the copy's entries that reach no record are what it adds.  Mentions
(papers named by a link in prose) count for neither: a copy that shortens
the news still holds the list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .align import align
from .catalogs import Import
from .langid import detect
from .records import Entry, Record
from .sources import Document


@dataclass
class Comparison:
    """One copy against its canonical document."""

    copy: Path
    canonical: Path
    entries: int  # the copy's entries (mentions aside)
    aligned: int  # of them, aligned to a canonical record
    missing: list[Entry] = field(default_factory=list)  # canonical entries the copy lacks, one per record
    extra: list[Entry] = field(default_factory=list)  # copy entries no canonical record matches
    imports: dict[str, Import] = field(default_factory=dict)  # "msgctxt\0msgid" -> translation

    def translated(self) -> dict[str, int]:
        """Translations offered, by kind (title, description, type, section)."""
        out = Counter(k.split("\x00", 1)[0].rsplit("|", 1)[-1] for k in self.imports)
        return {kind: out.get(kind, 0) for kind in ("title", "description", "type", "section")}

    def as_dict(self, rel) -> dict:
        return {
            "copy": rel(self.copy),
            "canonical": rel(self.canonical),
            "entries": self.entries,
            "aligned": self.aligned,
            "missing": len(self.missing),
            "extra": len(self.extra),
            "translated": self.translated(),
        }


def _message_id(texts: dict[str, str]) -> tuple[str, str] | None:
    """The language and text a field's message has as msgid (see
    :func:`catalogs.template`)."""
    if not texts:
        return None
    src = "en" if "en" in texts else sorted(texts)[0]
    return src, texts[src]


def _chains(doc: Document) -> dict[int, dict[int, str]]:
    """For each entry's line, the heading of each level above it (as
    :class:`parsers.headings.SectionPath` nests them)."""
    out: dict[int, dict[int, str]] = {}
    heads = sorted(doc.headings, key=lambda h: h.line)
    stack: dict[int, str] = {}
    k = 0
    for line in sorted({e.line for e in doc.entries}):
        while k < len(heads) and heads[k].line <= line:
            h = heads[k]
            stack = {lv: t for lv, t in stack.items() if lv < h.level}
            stack[h.level] = h.text
            k += 1
        out[line] = dict(stack)
    return out


def compare(canon: Document, copy: Document, records: dict[str, Record], root: Path) -> Comparison:
    lang = copy.source.lang
    name = str(copy.source.path.relative_to(root)) if copy.source.path.is_relative_to(root) else copy.source.path.name
    mappings = align(copy.entries, canon.entries)
    out = Comparison(copy.source.path, canon.source.path, sum(not e.mention for e in copy.entries), 0)
    votes: dict[str, Counter] = defaultdict(Counter)
    reached: set[str] = set()
    canon_chains, copy_chains = _chains(canon), _chains(copy)
    by_level = not any(h.guessed for h in (*canon.headings, *copy.headings))
    for e, m in zip(copy.entries, mappings):
        if m.target is None:
            if not e.mention:
                out.extra.append(e)
            continue
        target = canon.entries[m.target]
        reached.add(target.key)
        out.aligned += not e.mention
        # headings: the copy's and the canonical heading of each level both
        # have above the two entries (a copy may lack a level, or add one);
        # where a document's levels are guessed (it lost its markers), the
        # two paths level by level from the deepest
        if by_level:
            theirs_at = canon_chains.get(target.line, {})
            pairs = [(mine, theirs_at.get(level)) for level, mine in copy_chains.get(e.line, {}).items()]
        else:
            pairs = list(zip(reversed(e.section), reversed(target.section)))[:3]
        for mine, theirs in pairs:
            if theirs and mine != theirs and detect(mine).lang == lang:
                votes[theirs][(mine, f"{name}:{e.line}")] += 1
        rec = records.get(target.key)
        if rec is None or e.mention or rec.title != target.title:
            continue  # rec.title differs: a duplicated key, which record is meant is unclear
        # (mentions vote for headings above, but their link texts are prose)
        ref = f"{name}:{e.line}"
        if detect(e.title).lang == lang:
            out.imports[f"{rec.key}|title\x00{rec.title}"] = Import(e.title, ref, m.score)
        for kind, texts, mine in (
            ("description", rec.descriptions, "\n".join(e.descriptions)),
            ("type", rec.types, e.extra.get("type", "")),
        ):
            msg = _message_id(texts)
            if mine and msg and msg[0] != lang and detect(mine).lang == lang:
                out.imports.setdefault(f"{rec.key}|{kind}\x00{msg[1]}", Import(mine, ref, m.score))
    for source_text, counter in votes.items():
        by_text: Counter = Counter()
        first_ref: dict[str, str] = {}
        for (text, ref), n in counter.items():
            by_text[text] += n
            first_ref.setdefault(text, ref)
        text, n = by_text.most_common(1)[0]
        out.imports[f"section\x00{source_text}"] = Import(text, first_ref[text], n / sum(by_text.values()))
    seen: set[str] = set()
    for e in canon.entries:
        if e.mention or e.key in reached or e.key in seen:
            continue
        seen.add(e.key)
        out.missing.append(e)
    return out
