"""Sources -> entries -> records: the first steps of every command.

A source is read strictly (UTF-8), repaired (:func:`fix_text`) and parsed;
the canonical sources' entries become records, whose fields are tagged with
their language by :mod:`langid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import markup, prose
from .config import Config, Source
from .langid import detect
from .parsers import HeadingRef, parse_document
from .prose import Block, Unit
from .records import Entry, Record, build_records
from .repair import RepairConfig, fix_text
from .textio import read_text


@dataclass
class Document:
    source: Source
    text: str  # repaired
    entries: list[Entry]
    headings: list[HeadingRef]
    #: the prose: a canonical document's blocks, a copy's units (see prose.py)
    blocks: list[Block] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


def load_document(source: Source, root: Path | None = None, repair: RepairConfig | None = None, prose_as: str | None = None) -> Document:
    """A source repaired and parsed, with its prose read as a canonical
    document's blocks (`prose_as="blocks"`) or as a copy's units
    (`"units"`), or as the last run with the same file, options and code
    left it (see :mod:`cache`)."""
    from . import cache

    name = str(source.path.relative_to(root)) if root and source.path.is_relative_to(root) else source.path.name
    raw = read_text(source.path)
    repair = repair or RepairConfig()
    digest = cache.key(raw.encode("utf-8"), f"{name}\0{prose_as}", repair)
    hit = cache.load(digest)
    if hit is not None:
        return Document(source, *hit)
    text = fix_text(raw, markdown=True, config=repair)
    toks = markup.tokens(text)
    parsed = parse_document(text, name, toks)
    entry_lines = {e.line for e in parsed.entries if not e.mention}
    blocks: list[Block] = []
    units: list[Unit] = []
    if prose_as == "blocks":
        sections = {s for e in parsed.entries for s in e.section}
        blocks = prose.extract(text, prose.document_name(source.path), entry_lines, sections, toks)
    elif prose_as == "units":
        units = prose.units(text, entry_lines, toks)
    del toks
    cache.store(digest, (text, parsed.entries, parsed.headings, blocks, units))
    return Document(source, text, parsed.entries, parsed.headings, blocks, units)


def canonical_records(docs: list[Document]) -> list[Record]:
    """Records of the canonical documents' entries, merged by key."""
    entries = [e for d in docs for e in d.entries]
    records = build_records(entries, describe=lambda t: detect(t).lang)
    by_key = {r.key: r for r in records}
    for e in entries:  # type cells (paper-reading) are descriptions in their language
        kind = e.extra.get("type")
        if kind:
            lang = detect(kind).lang
            if lang in ("zh", "en", "pt"):
                by_key[e.key].types.setdefault(lang, kind)
    return records


def load_canonical(config: Config) -> list[Document]:
    repair = config.repair()
    return [load_document(s, config.root, repair, "blocks") for s in config.canonical]
