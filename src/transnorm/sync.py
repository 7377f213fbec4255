"""`transnorm sync`: sources -> records -> catalogs -> rendered documents.

Every output is computed in memory first; then all changed files are
written as temporary files and renamed into place together, so a failure
before the renames leaves every file as it was, and a second sync with
nothing new changes nothing (the outputs are deterministic).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import catalogs, parallel
from .catalogs import Import
from .config import Config, Source
from .copies import Comparison, compare
from .errors import TransnormError
from .langid import detect
from .records import dump_records
from .render import Translations, output_name, render
from .sources import Document, canonical_records, load_canonical, load_document
from .textio import stage, write_target


@dataclass
class Result:
    outputs: dict[Path, str]  # every output, as it should be
    changed: list[Path] = field(default_factory=list)  # those that differ on disk
    stats: dict[str, catalogs.Stats] = field(default_factory=dict)
    catalogs: dict[str, object] = field(default_factory=dict)  # locale -> POFile
    copies: list[Comparison] = field(default_factory=list)  # each copy against its canonical list
    documents: list[Document] = field(default_factory=list)  # the canonical documents
    #: canonical sources that lost more than `max_shrink` of their entries
    #: since the last sync: (path, entries then, entries now)
    shrunk: list[tuple[Path, int, int]] = field(default_factory=list)


def _per_source(records, root: Path) -> dict[Path, int]:
    counts: dict[Path, int] = defaultdict(int)
    for r in records:
        for f in {s.rpartition(":")[0] for s in r.sources}:
            counts[root / f] += 1
    return counts


def shrinkage(config: Config, records) -> list[tuple[Path, int, int]]:
    """Canonical sources with fewer entries than the last sync's records
    by more than `config.max_shrink`: a list truncated by mistake would
    otherwise make most of every catalog obsolete without a word."""
    if not config.records.is_file():
        return []
    from .records import load_records

    try:
        before = _per_source(load_records(config.records), config.root)
    except TransnormError:
        return []
    now = _per_source(records, config.root)
    out = []
    for src in config.canonical:
        old, new = before.get(src.path, 0), now.get(src.path, 0)
        if old >= 5 and new < old * (1 - config.max_shrink):
            out.append((src.path, old, new))
    return out


def shrink_message(config: Config, path: Path, old: int, new: int) -> str:
    return (
        f"{new} entries, {old} at the last sync ({1 - new / old:.0%} fewer, more than [project] max_shrink = "
        f"{config.max_shrink:g} allows)"
    )


def catalog_path(config: Config, locale: str | None) -> Path:
    if locale is None:
        return config.catalog_dir / f"{config.domain}.pot"
    return config.catalog_dir / locale / "LC_MESSAGES" / f"{config.domain}.po"


def _headings(docs: list[Document], root: Path) -> dict[str, list[str]]:
    """Section headings of the canonical documents, with file:line refs."""
    out: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        name = str(d.source.path.relative_to(root))
        used = {s for e in d.entries for s in e.section}
        for h in d.headings:
            if h.text in used:
                out[h.text].append(f"{name}:{h.line}")
    return dict(out)


def _compare_copy(state: tuple, i: int) -> Comparison:
    canon_docs, by_key, root, copies, repair, config = state
    src = copies[i]
    canon = canon_docs[config.canonical_of(src).path]
    return compare(canon, load_document(src, root, repair, "units"), by_key, root)


def compare_copies(config: Config, docs: list[Document], by_key: dict, step: Callable[[str], None] | None = None) -> list[Comparison]:
    """Each copy against its canonical document, in the order of the
    configuration.  Each copy is repaired, parsed and aligned on its own, so
    a long list's copies are done in parallel (see :mod:`parallel`)."""
    copies = config.copies
    size = max((len(d.entries) for d in docs), default=0)
    n = parallel.workers(size, len(copies))
    if step:
        step(f"align {len(copies)} copies in {n} processes" if n > 1 else "align " + ", ".join(s.path.name for s in copies))
    canon_docs = {d.source.path: d for d in docs}
    state = (canon_docs, by_key, config.root, copies, config.repair(), config)
    return parallel.map_jobs(_compare_copy, state, list(range(len(copies))), size)


def copy_coverage(config: Config) -> list[Comparison]:
    """Each copy against its canonical list, as sync and check see it."""
    docs = load_canonical(config)
    return compare_copies(config, docs, {r.key: r for r in canonical_records(docs)})


def compute(
    config: Config,
    progress: Callable[[str], None] | None = None,
    translate: bool = False,
    warn: Callable[[str], None] | None = None,
    check_headers: bool = True,
) -> Result:
    """Every output of a sync, in memory.  With `translate`, empty entries
    are filled by machine translation (fuzzy, see :mod:`translate`).  A
    catalog whose header has a problem (see catalogs.header_problems) stops
    a sync; `check_headers=False` is check's view, which reports it."""
    step = progress or (lambda _msg: None)
    root = config.root
    step("repair and parse the canonical sources")
    docs = load_canonical(config)
    records = canonical_records(docs)
    shrunk = shrinkage(config, records)
    by_key = {r.key: r for r in records}
    blocks = [(b, str(d.source.path.relative_to(root)), d.source.lang) for d in docs for b in d.blocks]
    messages = catalogs.template(records, _headings(docs, root), lambda t: detect(t).lang, blocks)
    originals = catalogs.originals(records)
    imports: dict[str, dict[str, Import]] = defaultdict(dict)
    comparisons = compare_copies(config, docs, by_key, step)
    for src, comparison in zip(config.copies, comparisons):
        for k, imp in comparison.imports.items():
            imports[src.lang].setdefault(k, imp)
    outputs: dict[Path, str] = {config.records: dump_records(records)}
    result = Result(outputs, copies=comparisons, documents=docs, shrunk=shrunk)
    step("update the catalogs")
    pot_path = catalog_path(config, None)
    outputs[pot_path] = catalogs.dumps(catalogs.update(catalogs.load(pot_path), messages, None), config.catalog_wrap)
    for loc in config.locales:
        path = catalog_path(config, loc)
        old = catalogs.load(path)
        if old is not None and check_headers:
            for line, problem in catalogs.header_problems(old, loc):
                raise TransnormError(f"{problem} (sync keeps a translator's header as it is: fix it, then sync)", str(path), line)
        po = catalogs.update(old, messages, loc, imports.get(loc), originals.get(loc))
        if translate:
            from .translate import translate_catalog

            step(f"machine-translate the {loc} catalog")
            translate_catalog(po, loc, warn=warn)
        outputs[path] = catalogs.dumps(po, config.catalog_wrap)
        result.stats[loc] = catalogs.stats(po, locale=loc)
        result.catalogs[loc] = po
    step("render the localized documents")
    for loc in config.locales:
        tr = Translations(result.catalogs[loc], loc, messages)
        for d in docs:
            outputs[config.render_dir / loc / output_name(d.source.path)] = render(d, tr) if d.entries else d.text
    result.changed = [p for p, text in outputs.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    return result


def output_paths(config: Config) -> list[Path]:
    """Every file a sync writes, known from the configuration alone."""
    paths = [config.records, catalog_path(config, None)]
    paths += [catalog_path(config, loc) for loc in config.locales]
    paths += [config.render_dir / loc / output_name(s.path) for loc in config.locales for s in config.canonical]
    return paths


def stamp_path(config: Config) -> Path:
    return config.catalog_dir / ".sync-stamp"


def inputs_digest(config: Config) -> str:
    """A digest of everything a sync reads and writes: transnorm's own code,
    the configuration, the sources and the outputs as they are.  Equal to
    the stamp the last sync left, it proves a sync would change nothing."""
    import hashlib

    h = hashlib.sha256()
    code = sorted(Path(__file__).parent.rglob("*.py")) + sorted(Path(__file__).parent.rglob("*.tsv.gz"))
    files = [*code, *(p for p in [config.path, config.glossary_path] if p), *(s.path for s in [*config.canonical, *config.copies])]
    files += output_paths(config)
    if config.language_model is not None:
        # the model the repair rescores with, as installed (its path, size
        # and time: hashing 17 MB at every no-change sync is not worth it)
        from .ngram import resolve

        model = resolve(config.language_model)
        st = model.stat()
        h.update(f"language model\0{model}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for f in files:
        h.update(str(f.relative_to(Path(__file__).parent) if f in code else f.relative_to(config.root)).encode() + b"\0")
        h.update(f.read_bytes() if f.is_file() else b"\x00missing")
        h.update(b"\0")
    return h.hexdigest()


def is_current(config: Config) -> bool:
    p = stamp_path(config)
    try:
        return p.read_text(encoding="utf-8").strip() == inputs_digest(config)
    except OSError:
        return False


def write_stamp(config: Config) -> None:
    from .textio import atomic_write

    atomic_write(stamp_path(config), inputs_digest(config) + "\n")


def remove_stale_temps(config: Config) -> list[Path]:
    """Remove the temporary files a killed sync left beside its outputs
    (`.papers.po.x8k2.tmp`); returns them."""
    gone = []
    for p in output_paths(config) + [stamp_path(config)]:
        if p.parent.is_dir():
            for tmp in p.parent.glob(f".{p.name}.*.tmp"):
                try:
                    tmp.unlink()
                    gone.append(tmp)
                except OSError:
                    pass
    return gone


def write_all(outputs: dict[Path, str], paths: list[Path], force: bool = False) -> None:
    """Write `paths` from `outputs` all or nothing: every temporary file
    first, then the renames.  Each output keeps what it is (a symlink's
    target is written; a read-only or hard-linked output is refused unless
    `force`, see textio.write_target)."""
    targets = [write_target(p, force) for p in paths]
    stage([(t, outputs[p].encode("utf-8")) for t, p in zip(targets, paths)])


__all__ = ["Result", "catalog_path", "compute", "write_all", "Source"]
