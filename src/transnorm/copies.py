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

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import prose
from .align import align
from .catalogs import Import
from .chardata import EMOJI_RANGES
from .langid import detect
from .parsers.headings import NUMBERING
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
        """Translations offered, by kind (title, description, type, section,
        and block for the prose)."""
        out = Counter("block" if prose.is_block(k) else k.split("\x00", 1)[0].rsplit("|", 1)[-1] for k in self.imports)
        return {kind: out.get(kind, 0) for kind in ("title", "description", "type", "section", "block")}

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
    out.imports.update(align_prose(canon.blocks, copy.units, lang, name, lambda t: detect(t).lang))
    seen: set[str] = set()
    for e in canon.entries:
        if e.mention or e.key in reached or e.key in seen:
            continue
        seen.add(e.key)
        out.missing.append(e)
    return out


# --- prose ------------------------------------------------------------------

#: what survives translation and ties a block to its translation: numbers,
#: names with capitals inside or digits (LLMs, GPU, LLaMA-1-33B), emoji
_ANCHOR = re.compile(
    r"(?<![A-Za-z0-9])(?:\d+(?:[.,]\d+)*(?![A-Za-z])|[A-Za-z0-9-]*(?:[a-z][A-Z]|[A-Z]{2}|\d)[A-Za-z0-9-]*)"
    rf"|[{EMOJI_RANGES}]|[?？]"
)
#: in a Chinese copy, the Latin words it keeps (names, terms, titles) too
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z-]{3,}(?![A-Za-z0-9])")
#: a copy's pair needs this share of the anchors the two have together
PROSE_MATCH = 0.3
#: anchors shared, and share, that make a match sure (else it is fuzzy)
PROSE_SURE = (2, 0.5)
#: Cloudflare's e-mail protection, as a page saved from the web shows an address
_LEAD_EMOJI = re.compile(rf"[{EMOJI_RANGES}][\ufe0f\u200d]*\s*")
_HIDDEN_EMAIL = re.compile(r"\[email(?:\s|&#160;)protected\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _anchors(text: str, values: dict[int, str] | None, latin: bool) -> Counter:
    """What of `text` a translation keeps (`values`: its link targets and
    addresses, None where the other side lost its markup).  A leading
    emoji counts twice: as itself, and as a leading emoji, which is what a
    copy whose encoding lost it still shows (`? Sobre o que é`)."""
    plain = prose.plain(text)
    out = Counter()
    lead = _LEAD_EMOJI.match(plain)
    if lead or plain.startswith("? "):
        out["<emoji>"] += 1
        if not lead:
            plain = plain[2:]
    out.update(a.lower().replace("？", "?") for a in _ANCHOR.findall(plain))
    if latin:
        out.update(w.lower() for w in _LATIN_WORD.findall(plain))
    if values:
        out.update(v for v in values.values() if not v.startswith("<") or v.startswith("<http"))
    return out


def _similarity(a: Counter, b: Counter, latin: bool) -> tuple[int, float]:
    """Anchors shared, and how alike the two are: the cosine of their
    anchors, or, where every Latin word of the source counts (a Chinese
    copy), the share of the copy's anchors the source has."""
    shared = sum((a & b).values())
    if latin:
        return shared, shared / max(1, sum(b.values()))
    return shared, shared / max(1.0, math.sqrt(sum(a.values()) * sum(b.values())))


def _compatible(b: prose.Block, u: prose.Unit) -> bool:
    """What the copy still marks must agree: its list items translate list
    items, its headings headings, its cells cells; a paragraph may be
    anything (a copy that lost its markup has nothing else)."""
    if u.kind == "li" or u.heading:
        return b.kind == ("h" if u.heading else "li")
    if u.kind in ("th", "td"):
        return b.kind in ("th", "td")
    return True


def _plausible_length(source: str, translation: str) -> bool:
    """A translation's length against its source's, in characters (Chinese
    writes in a third of English's, Portuguese in a little more)."""
    ratio = len(translation) / max(1, len(source))
    return 0.15 <= ratio <= 4.0


def align_prose(blocks: list[prose.Block], units: list[prose.Unit], lang: str, name: str, lang_of) -> dict[str, Import]:
    """Imports for the canonical blocks a copy translates.  Units in the
    copy's language are aligned to blocks in order (a translation keeps the
    order of its paragraphs), by what they share: numbers, names, emoji,
    link targets.  A pair with nothing in common is never made, except a
    block alone between two matched pairs (or a pair and the document's
    edge) that has a unit alone there too (fuzzy, with that reason)."""
    todo = [b for b in blocks if b.kind != "toc" and lang_of(b.plain) != lang]
    if not todo:
        return {}
    mine = [u for u in units if lang_of(prose.plain(u.text)) == lang]
    if not mine:
        return {}
    if len(todo) * len(mine) > 4_000_000:
        return {}  # a copy this large in prose is a different document
    marked = any(u.values for u in mine)  # the copy kept its links
    latin = lang == "zh"
    a = [_anchors(b.msgid, b.values if marked else None, latin) for b in todo]
    c = [_anchors(u.text, u.values, latin) for u in mine]
    # monotonic alignment maximizing the summed similarity (Needleman-Wunsch
    # without gap costs): best[i][j] over todo[:i], mine[:j]
    n, m = len(todo), len(mine)
    # the pairs worth scoring share an anchor: found through an index
    by_anchor: dict[str, list[int]] = defaultdict(list)
    for j, anchors in enumerate(c):
        for x in anchors:
            by_anchor[x].append(j)
    score: dict[tuple[int, int], tuple[int, float, float]] = {}
    for i, anchors in enumerate(a):
        for j in sorted({j for x in anchors for j in by_anchor.get(x, ())}):
            shared, sim = _similarity(anchors, c[j], latin)
            if sim >= PROSE_MATCH and _compatible(todo[i], mine[j]) and _plausible_length(todo[i].plain, prose.plain(mine[j].text)):
                # more evidence weighs more: a long paragraph's twenty
                # shared names outweigh a heading's one
                score[(i, j)] = (shared, sim, sim * math.log(1 + shared))
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = best[i], best[i - 1]
        for j in range(1, m + 1):
            v = prev[j] if prev[j] > row[j - 1] else row[j - 1]
            s = score.get((i - 1, j - 1))
            if s is not None and prev[j - 1] + s[2] > v:
                v = prev[j - 1] + s[2]
            row[j] = v
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i and j:
        if (i - 1, j - 1) in score and best[i][j] == best[i - 1][j - 1] + score[(i - 1, j - 1)][2]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    # a pair with one shared name (a heading's emoji) is sure when it sits
    # right between two matched pairs, one of them sure: structure and
    # content agree
    sure = [score[p][0] >= PROSE_SURE[0] and score[p][1] >= PROSE_SURE[1] for p in pairs]
    changed = True
    while changed:
        changed = False
        for k, (bi, ui) in enumerate(pairs):
            if sure[k] or k == 0 or k == len(pairs) - 1:
                continue
            (pb, pu), (nb, nu) = pairs[k - 1], pairs[k + 1]
            if (pb, pu) == (bi - 1, ui - 1) and (nb, nu) == (bi + 1, ui + 1) and (sure[k - 1] or sure[k + 1]):
                sure[k] = changed = True
    out: dict[str, Import] = {}
    for (bi, ui), ok in zip(pairs, sure):
        shared, sim, _w = score[(bi, ui)]
        _add(out, todo[bi], mine[ui], name, sim, shared, sure=ok)
    # a block alone between two matched pairs (or a pair and the document's
    # edge), with a unit alone there too
    for (b0, u0), (b1, u1) in zip([(-1, -1), *pairs], [*pairs, (n, m)]):
        if b1 - b0 == 2 and u1 - u0 == 2:
            b, u = todo[b0 + 1], mine[u0 + 1]
            if (b.kind == "h") == u.heading and _compatible(b, u) and _plausible_length(b.plain, prose.plain(u.text)):
                _add(out, b, u, name, 0.5, 0, "placed by position, between two blocks the copy translates")
    return out


def _add(out: dict[str, Import], b: prose.Block, u: prose.Unit, name: str, sim: float, shared: int, doubt: str = "", sure: bool = False) -> None:
    msgstr, missing, restored = translation(b, u)
    evidence = shared + restored
    if not doubt and not sure and (evidence < PROSE_SURE[0] or sim < PROSE_SURE[1]):
        doubt = f"little in common ({evidence} names, numbers or links): check it translates this block"
    if missing:
        lost = ", ".join(f"{{{k}}}" for k in missing)
        doubt = "; ".join(x for x in (doubt, f"the copy lost {lost}: put them back") if x)
    else:
        # what check would say of it (TN108) makes it doubtful too
        from .checks import prose_problems

        problems = prose_problems(polib.POEntry(msgid=b.msgid, msgstr=msgstr, comment=prose.describe(b.values)))
        if problems:
            doubt = "; ".join(x for x in (doubt, *problems) if x)
    out[f"{b.msgctxt}\x00{b.msgid}"] = Import(msgstr, f"{name}:{u.line}", round(sim, 2) if doubt else 1.0, doubt)


def translation(b: prose.Block, u: prose.Unit) -> tuple[str, list[int]]:
    """A copy's unit as a msgstr of the canonical block: its link targets,
    code and tags renumbered as the block's where they are the same; links
    the copy lost put back around their text where the copy has it (names
    survive translation: `[Tuidan]({2})`); addresses a web page hid
    (`[email protected]`) put back in order.  Returns the msgstr and the
    placeholders it still lacks, and how many links and addresses it put
    back (evidence that the two are the same block)."""
    by_value: dict[str, list[int]] = defaultdict(list)
    for k, v in sorted(b.values.items()):
        by_value[v].append(k)
    link_of = {int(k) for _t, k in prose.LINK.findall(u.text)}

    def renumber(m: re.Match) -> str:
        k = int(m.group(1))
        v = u.values.get(k)
        if v is not None and by_value.get(v):
            return f"{{{by_value[v].pop(0)}}}"
        return "\0" if k in link_of or (v or "").startswith("<") else (v or m.group(0))

    text = prose.PLACEHOLDER.sub(renumber, u.text)
    # a link whose target the block has not: its text alone
    text = re.sub(r"\[([^\]]*)\]\(\0\)", r"\1", text).replace("\0", "")
    have = {int(k) for k in prose.PLACEHOLDER.findall(text)}
    emails = [k for k, v in sorted(b.values.items()) if _EMAIL.fullmatch(v) and k not in have]
    restored = min(len(emails), len(_HIDDEN_EMAIL.findall(text)))
    text = _HIDDEN_EMAIL.sub(lambda _m: f"{{{emails.pop(0)}}}" if emails else _m.group(0), text)
    for m in prose.LINK.finditer(b.msgid):
        k = int(m.group(2))
        if f"({{{k}}})" in text:
            continue
        found = re.search(rf"(?<!\w){re.escape(prose.plain(m.group(1)))}(?!\w|\]\()", text, re.I)
        if not found or "{" in found.group():
            continue
        restored += 1
        # with the formatting placeholders that enclose the link in the block
        before = re.search(r"(\{\d+\})$", b.msgid[: m.start()])
        after = re.match(r"\{\d+\}", b.msgid[m.end() :])
        pre = before.group(1) if before and prose.is_formatting(b.values[int(before.group(1)[1:-1])]) else ""
        post = after.group() if after and prose.is_formatting(b.values[int(after.group()[1:-1])]) else ""
        text = text[: found.start()] + f"{pre}[{found.group()}]({{{k}}}){post}" + text[found.end() :]
    # emphasis and numbering the copy adds (a blog bolds and numbers its
    # headings: `**1、****为什么需要高效LLMs？**`) are the copy's, not the text's
    if "**" not in b.msgid:
        text = text.replace("**", "")
    if u.heading and not NUMBERING.match(prose.plain(b.msgid)):
        text = NUMBERING.sub("", text, count=1)
    # a heading's leading emoji is the list's decoration, in every language:
    # kept where the copy dropped it, or its encoding wrote `?` (`? Sobre o que é`)
    lead = _LEAD_EMOJI.match(b.msgid)
    if lead and not text.startswith(lead.group().strip()):
        text = lead.group() + (text[2:] if text.startswith("? ") else text)
    have = {int(k) for k in prose.PLACEHOLDER.findall(text)}
    return " ".join(text.split()), sorted(prose.required(b.values) - have), restored
