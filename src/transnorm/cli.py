"""The `transnorm` command: a thin shell over the library.

Every command reports bad input as one line, ``path:line: message``, with a
documented exit code (0 ok, 1 findings or would-change under --check,
2 bad input/usage), and never a traceback.
"""

from __future__ import annotations

import difflib
import errno
import gc
import math
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, TransnormError
from . import ngram
from .lm import has_cjk
from .markup import MARKDOWN_SUFFIXES
from .repair import REVIEW_BELOW, RepairConfig, fix_and_explain
from .textio import atomic_write, decode_text, read_text

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Keep multilingual (en/zh/pt) paper lists healthy.",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"transnorm {__version__}")
        raise typer.Exit(EXIT_OK)


_VERBOSE = False
#: the option every writing command takes for read-only and hard-linked files
FORCE_HELP = "Write read-only and hard-linked files too (hard links in place)."


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Say which transnorm.toml each command uses."),
) -> None:
    """Keep multilingual (en/zh/pt) paper lists healthy."""
    global _VERBOSE
    _VERBOSE = verbose


def _config(path: Optional[Path] = None, required: bool = True):
    """The project configuration (`path`, else found upwards from here),
    named on stderr under -v; None when not `required` and there is none."""
    from .config import find_config, load_config

    found = path or find_config()
    if found is None and not required:
        if _VERBOSE:
            _err("config: none")
        return None
    cfg = load_config(found)
    if _VERBOSE:
        _err(f"config: {cfg.path}")
    return cfg


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def _conf(confidence: float) -> str:
    """Two decimals, rounded down: a repair under REVIEW_BELOW never shows
    as 0.80."""
    return f"{math.floor(confidence * 100) / 100:.2f}"


def _summary(name: str, repairs) -> str:
    if not repairs:
        return f"{name}: clean"
    restored = sum(r.bytes_restored for r in repairs)
    low = min(r.confidence for r in repairs)
    doubtful = sum(r.confidence < REVIEW_BELOW for r in repairs)
    review = f", {doubtful} below {REVIEW_BELOW:.2f} (worth a look: --review)" if doubtful else ""
    return f"{name}: {len(repairs)} spans repaired, {restored} bytes restored, lowest confidence {_conf(low)}{review}"


@app.command()
def fix(
    files: List[str] = typer.Argument(..., help="Files to repair in place, or - for stdin to stdout."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if a file would change."),
    diff: bool = typer.Option(False, "--diff", help="Write nothing; print a unified diff of the repairs; exit 1 if there is one."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write repaired files to this directory."),
    explain: bool = typer.Option(False, "--explain", help="List every repaired span on stderr; writes nothing unless --write."),
    review: bool = typer.Option(
        False,
        "--review",
        help=f"List the repaired spans worth a human look (confidence below {REVIEW_BELOW:.2f}); writes nothing unless --write.",
    ),
    write: bool = typer.Option(False, "--write", help="With --explain or --review: also write the repairs."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml for the glossary and model (default: found upwards)."),
    no_config: bool = typer.Option(False, "--no-config", help="Use no transnorm.toml: the repair depends on the options alone."),
    glossary: Optional[Path] = typer.Option(
        None, "--glossary", help="Technical terms, one per line (default: [fix] glossary of transnorm.toml, if any)."
    ),
    lm: Optional[str] = typer.Option(
        None,
        "--lm",
        help="A word trigram model of Chinese to rescore with: a KenLM file, or 'auto' for fcitx5's (libime's) zh_CN.lm; "
        "'none' for the built-in model alone (default: [fix] language_model of transnorm.toml, if any).",
    ),
    disable: list[str] = typer.Option(
        [], "--disable", help="Switch a repair rule off (repeatable; see `transnorm rules`), besides [fix] disable of transnorm.toml."
    ),
) -> None:
    """Repair mojibake, including bytes a lossy decode dropped (writes the files; --check, --diff, --explain and --review only look). Clean text is never changed."""
    from .config import load_glossary

    if config is not None and no_config:
        raise TransnormError("--config and --no-config exclude each other")
    if output is not None and "-" in files:
        raise TransnormError("-o writes files; standard input goes to standard output (drop -o or the -)")
    if output is not None:
        seen: dict[str, str] = {}
        for name in files:
            base = Path(name).name
            if base in seen and Path(seen[base]).resolve() != Path(name).resolve():
                raise TransnormError(f"{seen[base]} and {name} would both be written to {output / base}")
            seen[base] = name
    looking = check or diff or ((explain or review) and not write)

    if no_config and _VERBOSE:
        _err("config: none (--no-config)")
    cfg = None if no_config else _config(config, required=False)
    terms = load_glossary(glossary) if glossary is not None else cfg.glossary if cfg else ()
    model = lm if lm is not None else cfg.language_model if cfg else None
    if model == "none":
        model = None
    try:
        repair = RepairConfig(terms, model, frozenset(disable) | frozenset(cfg.disabled_rules if cfg else ()))
    except ValueError as exc:
        raise TransnormError(str(exc)) from None
    changed = 0
    guessed_chinese = False
    for name in files:
        if name == "-":
            text = decode_text(sys.stdin.buffer.read(), "<stdin>")
        else:
            text = read_text(name)
        fixed, repairs = fix_and_explain(text, markdown=name.lower().endswith(MARKDOWN_SUFFIXES), config=repair)
        guessed_chinese = guessed_chinese or any(r.bytes_restored and has_cjk(r.replacement) for r in repairs)
        label = "<stdin>" if name == "-" else name
        if explain or review:
            for r in repairs:
                if explain or r.confidence < REVIEW_BELOW:
                    rules = f" rules: {', '.join(r.rules)}" if r.rules else ""
                    _err(f"{label}:{r.line}: {r.original!r} -> {r.replacement!r} [{r.codec}, +{r.bytes_restored} bytes, {_conf(r.confidence)}]{rules}")
        if fixed != text:
            changed += 1
        if diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True), fixed.splitlines(keepends=True), f"a/{label}", f"b/{label}"
                )
            )
        elif name == "-":
            sys.stdout.write(fixed)
        elif looking:
            pass
        elif output is not None:
            atomic_write(output / Path(name).name, fixed, force)
        elif fixed != text:
            atomic_write(name, fixed, force)
        # after the write: a refused write is the last word on a file
        _err(_summary(label, repairs))
    if lm is None and model is None and guessed_chinese and ngram.available():
        _err("hint: a Chinese word trigram model is installed here; --lm auto reads lost bytes of Chinese better (docs/trigram-model.md)")
    if (check or diff) and changed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def rules() -> None:
    """List the repair's context rules: name, cost (nats), passes, what each does (writes no file)."""
    from .repair import RULES

    width = max(map(len, RULES))
    for r in RULES.values():
        sys.stdout.write(f"{r.name:{width}}  {r.cost:4.1f}  {','.join(r.passes):18}  {r.title}\n")


@app.command()
def detect() -> None:
    """Language of each field: one JSON string per line on stdin, one
    {"lang": ..., "confidence": ...} object per line on stdout (writes no file)."""
    import json

    from .langid import detect as detect_lang

    for lineno, raw in enumerate(sys.stdin.buffer.read().split(b"\n"), 1):
        line = decode_text(raw, "<stdin>").strip() if raw.strip() else ""
        if not line:
            continue
        try:
            field = json.loads(line)
        except ValueError as exc:
            raise TransnormError(f"not a JSON string: {exc.msg}", "<stdin>", lineno) from None
        if not isinstance(field, str):
            raise TransnormError("not a JSON string", "<stdin>", lineno)
        sys.stdout.write(json.dumps(detect_lang(field).as_dict(), ensure_ascii=False) + "\n")


def _write_or_check(path: Path, new: str, check: bool, diff: bool, label: str, force: bool = False) -> bool:
    """Write `new` to `path` unless --check/--diff; return whether it changed."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if old == new:
        return False
    if diff:
        sys.stdout.writelines(
            difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{label}", f"b/{label}")
        )
    if not (check or diff):
        atomic_write(path, new, force)
    return True


@app.command()
def records(
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if the records file is out of date."),
    diff: bool = typer.Option(False, "--diff", help="Write nothing; print a unified diff; exit 1 if there is one."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Build the canonical records (writes data/records.jsonl; --check and --diff only look)."""
    from .records import dump_records
    from .sources import canonical_records, load_canonical

    cfg = _config(config)
    recs = canonical_records(load_canonical(cfg))
    changed = _write_or_check(cfg.records, dump_records(recs), check, diff, str(cfg.records.relative_to(cfg.root)), force)
    _err(f"{cfg.records.relative_to(cfg.root)}: {len(recs)} records{' (out of date)' if changed and (check or diff) else ''}")
    if (check or diff) and changed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def align(
    copy: Path = typer.Argument(..., help="A translated copy of the canonical list."),
    lang: str = typer.Option(..., "--lang", help="The copy's language: pt, zh or en."),
    canonical: Optional[Path] = typer.Option(None, "--canonical", help="The canonical list (default: the first [[canonical]] of transnorm.toml)."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl or table."),
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
) -> None:
    """Map every entry of COPY to its canonical record (or null), with a confidence (writes no file)."""
    import json

    from .align import align as align_entries
    from .config import LANGS, Source
    from .sources import load_document

    if lang not in LANGS:
        raise TransnormError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if fmt not in ("jsonl", "table"):
        raise TransnormError(f"--format must be jsonl or table, not {fmt!r}")
    cfg = _config(config) if config or not canonical else _config(None, required=False)
    canon_src = Source(canonical, "en") if canonical else cfg.canonical[0]
    repair = cfg.repair() if cfg else RepairConfig()
    from .records import resolve_key_conflicts

    canon = load_document(canon_src, repair=repair)
    resolve_key_conflicts(canon.entries)
    doc = load_document(Source(copy, lang), repair=repair)
    for m in align_entries(doc.entries, canon.entries):
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(m.as_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"{m.line:6d}  {m.score:4.2f}  {(m.arxiv or m.key or '-'):24.24}  {m.text[:80]}\n")


def _summary_table(stats: dict, title: str):
    from rich.table import Table

    table = Table(title=title)
    for col in ("locale", "translated", "fuzzy", "untranslated", "obsolete"):
        table.add_column(col, justify="right" if col != "locale" else "left")
    for loc, st in stats.items():
        d = st.as_dict()
        table.add_row(loc, *(str(d[k]) for k in ("translated", "fuzzy", "untranslated", "obsolete")))
    return table


@app.command()
def sync(
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if any output is out of date."),
    diff: bool = typer.Option(False, "--diff", help="Write nothing; print a unified diff of every change; exit 1 if there is one."),
    translate: bool = typer.Option(False, "--translate", help="Fill empty entries by machine translation (fuzzy; needs transnorm[mt])."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="Sync although a canonical source lost more entries than [project] max_shrink."),
) -> None:
    """Repair, parse, detect, align, update the catalogs and render the documents (writes the catalogs, records and rendered documents; --check and --diff only look)."""
    from rich.console import Console

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .sync import compute, is_current, output_paths, remove_stale_temps, write_all, write_stamp

    cfg = _config(config)
    console = Console(stderr=True)
    if not (check or diff):
        for tmp in remove_stale_temps(cfg):
            _err(f"removed {tmp.relative_to(cfg.root)}, left by an interrupted sync")
    if not translate and is_current(cfg):
        # nothing read or written has changed since the last sync
        verb = "would change" if (check or diff) else "changed"
        _err(f"0 of {len(output_paths(cfg))} files {verb} (inputs unchanged since the last sync)")
        return
    steps = 3 + len(cfg.copies)  # parse, one alignment per copy, catalogs, render
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("sync", total=steps)

        def advance(msg: str) -> None:
            if bar.tasks[task].description != "sync":
                bar.advance(task)
            bar.update(task, description=msg)

        result = compute(cfg, progress=advance, translate=translate)
        bar.update(task, completed=steps)
    if result.shrunk and not allow_shrink and not (check or diff):
        from .sync import shrink_message

        path, old, new = result.shrunk[0]
        raise TransnormError(
            shrink_message(cfg, path, old, new) + ": if that is meant, sync --allow-shrink", str(path.relative_to(cfg.root))
        )
    rel = lambda p: str(p.relative_to(cfg.root)) if p.is_relative_to(cfg.root) else str(p)  # noqa: E731
    if diff:
        for p in result.changed:
            old = p.read_text(encoding="utf-8") if p.is_file() else ""
            sys.stdout.writelines(
                difflib.unified_diff(
                    old.splitlines(keepends=True), result.outputs[p].splitlines(keepends=True), f"a/{rel(p)}", f"b/{rel(p)}"
                )
            )
    elif not check and result.changed:
        write_all(result.outputs, result.changed, force)
    if not (check or diff or translate):
        write_stamp(cfg)
    console.print(_summary_table(result.stats, "catalogs"))
    verb = "would change" if (check or diff) else "changed"
    for p in result.changed:
        _err(f"{verb}: {rel(p)}")
    _err(f"{len(result.changed)} of {len(result.outputs)} files {verb}")
    if (check or diff) and result.changed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def translate(
    lang: str = typer.Option(..., "--lang", help="The catalog to fill: pt, zh or en."),
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
    check: bool = typer.Option(False, "--check", help="Write nothing; exit 1 if entries would be filled."),
    diff: bool = typer.Option(False, "--diff", help="Write nothing; print a unified diff; exit 1 if there is one."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Texts per model call."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Fill the empty entries of a catalog offline with argostranslate, fuzzy and marked (writes the catalog; --check and --diff only look)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from . import catalogs
    from .config import LANGS
    from .sync import catalog_path
    from .translate import translate_catalog

    if lang not in LANGS:
        raise TransnormError(f"--lang must be one of {', '.join(LANGS)}, not {lang!r}")
    cfg = _config(config)
    path = catalog_path(cfg, lang)
    po = catalogs.load(path)
    if po is None:
        raise TransnormError("no catalog: run `transnorm sync` first", str(path))
    console = Console(stderr=True)
    with Progress(
        TextColumn(f"translate {lang}"), BarColumn(), MofNCompleteColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("translate", total=None)
        filled = translate_catalog(
            po, lang, batch_size=batch_size, progress=lambda done, total: bar.update(task, completed=done, total=total), warn=_err
        )
    changed = _write_or_check(path, catalogs.dumps(po, cfg.catalog_wrap), check, diff, str(path.relative_to(cfg.root)), force)
    _err(f"{path.relative_to(cfg.root)}: {filled} entries machine-translated (fuzzy){'' if not (check or diff) else ', nothing written'}")
    if (check or diff) and changed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def status(
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
) -> None:
    """Translation coverage per locale and field, and each copy's entries: present, missing, extra (writes nothing)."""
    import json

    from . import catalogs
    from .sync import catalog_path, copy_coverage

    if fmt not in ("table", "json"):
        raise TransnormError(f"--format must be table or json, not {fmt!r}")
    cfg = _config(config)
    report: dict[str, dict[str, dict[str, int]]] = {}
    for loc in cfg.locales:
        path = catalog_path(cfg, loc)
        po = catalogs.load(path)
        if po is None:
            raise TransnormError("no catalog: run `transnorm sync` first", str(path))
        report[loc] = {f: catalogs.stats(po, f, loc).as_dict() for f in (*catalogs.FIELDS, "section", "block")}
        report[loc]["all"] = catalogs.stats(po, locale=loc).as_dict()
    copies = [c.as_dict(lambda p: str(p.relative_to(cfg.root))) for c in copy_coverage(cfg)]
    if fmt == "json":
        sys.stdout.write(json.dumps({"catalogs": report, "copies": copies}, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="translation coverage")
    for col in ("locale", "field", "translated", "fuzzy", "untranslated", "obsolete"):
        table.add_column(col)
    for loc, fields in report.items():
        for f, d in fields.items():
            table.add_row(loc, f, *(str(d[k]) for k in ("translated", "fuzzy", "untranslated", "obsolete")))
    Console().print(table)
    if copies:
        table = Table(title="copies against their canonical lists")
        for col in ("copy", "entries", "aligned", "missing", "extra", "titles", "descriptions", "types", "headings", "blocks"):
            table.add_column(col)
        for c in copies:
            t = c["translated"]
            table.add_row(c["copy"], *(str(c[k]) for k in ("entries", "aligned", "missing", "extra")), *(str(t[k]) for k in ("title", "description", "type", "section", "block")))
        Console().print(table)


@app.command()
def check(
    config: Optional[Path] = typer.Option(None, "--config", help="transnorm.toml (default: found upwards)."),
    fmt: str = typer.Option("text", "--format", help="text, json or github (workflow annotations)."),
    select_ids: Optional[str] = typer.Option(None, "--select", help="Only these rule IDs (comma-separated prefixes)."),
    ignore_ids: Optional[str] = typer.Option(None, "--ignore", help="Skip these rule IDs (comma-separated prefixes)."),
) -> None:
    """The CI consistency gate: exit 1 on findings of error severity (writes nothing)."""
    import json

    from . import checks
    if fmt not in ("text", "json", "github"):
        raise TransnormError(f"--format must be text, json or github, not {fmt!r}")
    split = lambda v: [x.strip().upper() for x in v.split(",") if x.strip()] if v else None  # noqa: E731
    for ids in (split(select_ids) or []) + (split(ignore_ids) or []):
        if not any(r.startswith(ids) for r in checks.RULES):
            raise TransnormError(f"unknown rule {ids!r} (rules: {', '.join(checks.RULES)})")
    cfg = _config(config)
    findings = checks.select(
        checks.run(cfg), split(select_ids), split(ignore_ids), cfg.severities, checks.load_baseline(cfg.baseline)
    )
    if fmt == "json":
        sys.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n")
    else:
        for f in findings:
            sys.stdout.write((f.github() if fmt == "github" else f.text()) + "\n")
    errors = sum(1 for f in findings if f.severity == "error")
    _err(f"{len(findings)} findings ({errors} errors)")
    if errors:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def init(
    directory: Path = typer.Argument(Path("."), help="The repository to set up (default: here)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write nothing; print what was found and the configuration."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing transnorm.toml."),
) -> None:
    """Find the repository's paper lists and their copies; write a commented transnorm.toml (writes; --dry-run does not)."""
    from .init import init as run_init

    lists, text, target = run_init(directory, dry_run=dry_run, force=force)
    for fl in lists:
        for f in fl.files:
            role = "canonical" if f is fl.canonical else f"copy, lacks {fl.behind.get(f.path, 0)} canonical entries"
            _err(f"{f.path}: {f.lang} ({f.why}), {f.entries} entries, {f.identifiers} with identifiers; {role}")
        _err(f"  canonical {fl.canonical.path}: {fl.why}")
    if dry_run:
        sys.stdout.write(text)
        _err("nothing written (--dry-run)")
    else:
        _err(f"wrote {target}; next: transnorm sync, then transnorm check")


def _quiet_stdout() -> None:
    """After standard output failed (a closed pipe, a full disk), point it
    at /dev/null so the interpreter's own flush at exit stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    """Entry point: run the app, turning user errors into one-line messages."""
    # A run builds a few hundred thousand small objects and frees them at
    # exit; the default cyclic-GC thresholds rescan them over and over (a
    # quarter of a 100k-record sync).  Collect rarely, and never the
    # modules loaded so far.
    gc.set_threshold(100_000, 50, 50)
    gc.freeze()
    try:
        try:
            rc = app(standalone_mode=False)
        except SystemExit as exc:
            # typer turns a closed pipe into a silent exit 1
            cause = exc.__context__
            if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
                raise cause from None
            raise
        if rc == 130:  # typer's answer to Ctrl-C
            raise KeyboardInterrupt
        sys.stdout.flush()
    except TransnormError as exc:
        _err(f"error: {exc}")
        sys.exit(exc.code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        # writes are atomic: every file is as it was or as it was to be
        _err("interrupted")
        sys.exit(130)
    except OSError as exc:
        # a closed pipe or a full disk on standard output (files name
        # themselves through TransnormError)
        where = exc.filename or "<stdout>"
        _quiet_stdout()
        _err(f"error: {where}: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        # click's usage errors (typer vendors click, so match by shape)
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    sys.exit(rc if isinstance(rc, int) else EXIT_OK)


if __name__ == "__main__":
    main()
