"""Entries of a source document, and the canonical records built from them.

Data flows one way: a source text is repaired, parsed into :class:`Entry`
objects (one per paper, with its file and line), and the English entries are
merged by key into :class:`Record` objects, stored one JSON object per line
in ``data/records.jsonl``, sorted by key so git diffs stay small.

The key of a record is its arXiv identifier (``2305.18403``); an entry
without one is keyed by its first non-arXiv paper URL, normalised
(``url:aclanthology.org/2021.acl-long.353``), or failing that by a slug of its
title (``title:prefix-tuning-optimizing-continuous-prompts``).  All three are
stable under re-ordering, re-wording of other entries and re-runs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import arxiv


@dataclass
class Entry:
    """One paper as one document shows it."""

    source: str  # file name
    line: int  # 1-based line of the entry in the repaired source
    section: tuple[str, ...]  # headings above it, outermost first
    title: str
    venue: str | None = None
    year: str | None = None
    links: dict[str, str] = field(default_factory=dict)  # label -> URL
    descriptions: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # e.g. a table's type cell
    #: set when the entry's arXiv ID already names another paper (a
    #: copy-paste error in the list): it is then keyed by its title
    key_override: str | None = None
    #: a paper named by a link in prose (a news line, a table cell): its
    #: title is the link's text, which a full entry of the paper outranks
    mention: bool = False

    # links are set when an entry is made; the derived fields are computed
    # once (alignment and merging ask for them millions of times at scale)
    @cached_property
    def arxiv(self) -> str | None:
        for url in self.links.values():
            ident = arxiv.normalize(url)
            if ident:
                return ident
        return None

    @cached_property
    def identifiers(self) -> tuple[str, ...]:
        """Every key that names this entry's paper: arXiv, DOI, OpenReview,
        venue pages (see :mod:`links`), and the URL of a paper link that has
        no such key."""
        from .links import identifier, role, url_key

        out = []
        for label, url in self.links.items():
            ident = identifier(url)
            if ident:
                out.append(ident)
            elif label in ("paper", "pdf") or role(url) == "paper":
                out.append("url:" + url_key(url))
        if not out and self.links:  # a model, a repository, a course: its page names it
            url = next(iter(self.links.values()))
            if url.lower().startswith(("http://", "https://")):
                out.append("url:" + url_key(url))
        return tuple(dict.fromkeys(out))

    @cached_property
    def paper_url(self) -> str | None:
        for label, url in self.links.items():
            if label.lower() in ("paper", "pdf", "title", "papel", "论文") and url:
                return url
        return next(iter(self.links.values()), None) if self.links else None

    @cached_property
    def natural_key(self) -> str:
        return record_key(self.arxiv, self.paper_url, self.title)

    @property
    def key(self) -> str:
        return self.key_override or self.natural_key


def slug(title: str, words: int = 8) -> str:
    """A stable slug of a title: NFKC, lower case, letters and digits only."""
    t = unicodedata.normalize("NFKC", title).lower()
    toks = re.findall(r"[^\W_]+", t)
    return "-".join(toks[:words])


def record_key(arxiv_id: str | None, url: str | None, title: str) -> str:
    if arxiv_id:
        return arxiv_id
    if url and not url.startswith("#"):
        from .links import url_key

        return "url:" + url_key(url)
    return "title:" + slug(title)


@dataclass
class Record:
    """A canonical paper: its English fields and where they come from."""

    key: str
    title: str
    arxiv: str | None = None
    venue: str | None = None
    year: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    section: list[str] = field(default_factory=list)
    #: description texts by language (zh/en/pt), as the sources give them
    descriptions: dict[str, str] = field(default_factory=dict)
    #: short type/topic cells by language (paper-reading's 类型 column)
    types: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # "file:line"

    def to_json(self) -> str:
        # fields are flat (str, list[str], dict[str, str]): no deep copy needed
        d = {k: v for k, v in self.__dict__.items() if v not in (None, [], {})}
        return json.dumps(d, ensure_ascii=False, sort_keys=True)


def same_title(a: str, b: str) -> bool:
    """Whether two titles name one paper: nearly the same words, or one is
    the other's name before its colon (`MuZero` and `MuZero: Mastering …`)."""
    from rapidfuzz import fuzz

    sa, sb = slug(a, 40), slug(b, 40)
    if fuzz.ratio(sa, sb) >= 85:
        return True
    short, long_ = sorted((a, b), key=len)
    head = long_.split(":", 1)[0] if ":" in long_ else None
    if head and slug(short, 40) == slug(head, 40) and len(slug(short)) >= 3:
        return True
    # A name, not a title (`DeepSeek-R1`, `Guo et al.`, `ReST`): lists name
    # one paper differently in different sections; two names conflict only
    # when they share no word (`ReaRAG` and `CoRAG` for one arXiv ID).
    wa, wb = set(sa.split("-")), set(sb.split("-"))
    if min(len(wa), len(wb)) > _NAME_WORDS:
        return False
    if "al" in wa | wb and "et" in wa | wb:
        return True
    wa, wb = {w for w in wa if len(w) >= 2 and w not in _SMALL}, {w for w in wb if len(w) >= 2 and w not in _SMALL}
    return any(w in sb for w in wa) or any(w in sa for w in wb)


_SMALL = frozenset("an and as at by for from in into is of on or the to via with".split())


#: a title of at most this many words may be a name
_NAME_WORDS = 4


def resolve_key_conflicts(entries: list[Entry]) -> list[Entry]:
    """An arXiv ID given to two different titles (one link is wrong) must not
    merge two papers: every title after the first is keyed by its title.
    `transnorm check` reports the conflict (TN105)."""
    first: dict[str, str] = {}
    for e in entries:
        e.key_override = None
        if e.mention:
            continue  # a mention's text names the paper loosely
        k = e.key
        if k in first and not same_title(first[k], e.title):
            e.key_override = "title:" + slug(e.title)
        else:
            first.setdefault(k, e.title)
    return entries


def _rank(e: Entry) -> int:
    """A full entry names its paper best, a link's text in prose less, a
    badge (titled by its identifier) least."""
    if not e.mention:
        return 2
    return 0 if e.arxiv and e.title == f"arXiv:{e.arxiv}" else 1


def build_records(entries: list[Entry], describe=None) -> list[Record]:
    """Merge the entries of the canonical (English) sources by key.

    The first entry of a key gives the title, venue, year and section; later
    ones add links, descriptions and their source reference.  `describe`
    maps a description text to its language code (see :mod:`langid`)."""
    by_key: dict[str, Record] = {}
    rank: dict[str, int] = {}  # how well each record's title source names it
    for e in resolve_key_conflicts(entries):
        rec = by_key.get(e.key)
        if rec is None or rank[e.key] < _rank(e):
            old = rec
            rec = by_key[e.key] = Record(
                key=e.key, title=e.title, arxiv=e.arxiv, venue=e.venue, year=e.year, section=list(e.section)
            )
            if old is not None:
                rec.links, rec.descriptions, rec.sources = old.links, old.descriptions, old.sources
            rank[e.key] = _rank(e)
        for label, url in e.links.items():
            rec.links.setdefault(label, url)
        by_lang: dict[str, list[str]] = {}
        for text in e.descriptions:
            lang = describe(text) if describe else "und"
            if lang == "und" and by_lang:
                lang = list(by_lang)[-1]  # `1.`-style continuation lines
            if lang in ("en", "zh", "pt"):
                by_lang.setdefault(lang, []).append(text)
        for lang, parts in by_lang.items():
            rec.descriptions.setdefault(lang, "\n".join(parts))
        rec.sources.append(f"{e.source}:{e.line}")
    return sorted(by_key.values(), key=lambda r: r.key)


def dump_records(records: list[Record]) -> str:
    return "".join(r.to_json() + "\n" for r in records)


def load_records(path: str | Path) -> list[Record]:
    from .errors import TransnormError
    from .textio import read_text

    out = []
    for i, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(Record(**d))
        except (ValueError, TypeError) as exc:
            raise TransnormError(f"not a record: {exc}", str(path), i) from None
    return out
