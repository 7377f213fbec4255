"""Sources -> entries -> records: the first steps of every command.

A source is read strictly (UTF-8), repaired (:func:`fix_text`) and parsed;
the canonical sources' entries become records, whose fields are tagged with
their language by :mod:`langid`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config, Source
from .langid import detect
from .parsers import HeadingRef, parse_document
from .records import Entry, Record, build_records
from .repair import RepairConfig, fix_text
from .textio import read_text


@dataclass
class Document:
    source: Source
    text: str  # repaired
    entries: list[Entry]
    headings: list[HeadingRef]


def load_document(source: Source, root: Path | None = None, repair: RepairConfig | None = None) -> Document:
    """A source repaired and parsed (or as the last run with the same file,
    options and code left it: see :mod:`cache`)."""
    from . import cache

    name = str(source.path.relative_to(root)) if root and source.path.is_relative_to(root) else source.path.name
    raw = read_text(source.path)
    repair = repair or RepairConfig()
    digest = cache.key(raw.encode("utf-8"), name, repair)
    hit = cache.load(digest)
    if hit is not None:
        text, entries, headings = hit
        return Document(source, text, entries, headings)
    text = fix_text(raw, markdown=True, config=repair)
    parsed = parse_document(text, name)
    cache.store(digest, (text, parsed.entries, parsed.headings))
    return Document(source, text, parsed.entries, parsed.headings)


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
    return [load_document(s, config.root, repair) for s in config.canonical]
