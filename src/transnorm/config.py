"""`transnorm.toml`: which files are canonical, which are copies, where
catalogs and rendered documents go.

Paths are relative to the file's directory.  Errors name the file and line
(TOML syntax) or the key at fault, and exit with code 2.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TransnormError

CONFIG_NAME = "transnorm.toml"
LANGS = ("en", "zh", "pt")


@dataclass(frozen=True)
class Source:
    path: Path
    lang: str
    #: a copy's canonical source (default: the first [[canonical]])
    of: Path | None = None
    #: a copy known to hold another version or a selection of its list:
    #: `check` does not report the entries it lacks or adds
    partial: bool = False


@dataclass
class Config:
    """A project: its sources, where its catalogs and documents go."""

    root: Path
    canonical: list[Source]
    copies: list[Source]
    locales: tuple[str, ...] = LANGS
    catalog_dir: Path = Path("locales")
    domain: str = "papers"
    records: Path = Path("data/records.jsonl")
    render_dir: Path = Path("build")
    severities: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: sources kept as received, known damaged: transnorm repairs them on
    #: read, and `check` does not report their mojibake (TN101)
    repair_on_read: set[Path] = field(default_factory=set)
    baseline: Path | None = None
    #: the project's technical terms, known to the repair's language model
    #: besides its word lists (`[fix] glossary`, one term per line)
    glossary: tuple[str, ...] = ()
    glossary_path: Path | None = None
    #: a word trigram model of Chinese the repair rescores with (`[fix]
    #: language_model`: `auto` or a KenLM file; see ngram.py), or None
    language_model: str | None = None
    #: repair rules switched off (`[fix] disable`, names of `transnorm rules`)
    disabled_rules: tuple[str, ...] = ()
    #: the layout catalogs are written in (`[project] catalog_wrap`): "keep"
    #: each file's own (gettext's wrapped one for a new catalog), or force
    #: "wrap" (79 columns, as msgmerge and Poedit) or "no-wrap"
    catalog_wrap: str = "keep"
    #: the share of its entries a canonical source may lose between two
    #: syncs before sync stops and check reports it (`[project] max_shrink`)
    max_shrink: float = 0.2

    def repair(self):
        """The :class:`transnorm.repair.RepairConfig` of the project: every
        command that repairs text (fix, sync, records, check) uses it."""
        from .repair import RepairConfig

        return RepairConfig(self.glossary, self.language_model, frozenset(self.disabled_rules))

    def canonical_of(self, copy: Source) -> Source:
        """The canonical source a copy follows."""
        return next((c for c in self.canonical if c.path == copy.of), self.canonical[0])


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        cand = d / CONFIG_NAME
        if cand.is_file():
            return cand
    return None


#: every table and key transnorm.toml may have (a typo is an error, with
#: the closest valid name); `[check.severity]` takes rule IDs
SCHEMA: dict[str, tuple[str, ...]] = {
    "project": ("locales", "catalog_dir", "domain", "records", "catalog_wrap", "max_shrink"),
    "canonical": ("path", "lang", "repair_on_read"),
    "copy": ("path", "lang", "of", "partial", "repair_on_read"),
    "render": ("output_dir",),
    "fix": ("glossary", "language_model", "disable"),
    "check": ("baseline", "severity"),
}


def _unknown(name: str, valid, where: str, p: Path, text: str) -> TransnormError:
    import difflib

    close = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else f" (valid: {', '.join(valid)})"
    m = re.search(rf"^\s*\[*\s*(?:[\w.]*\.)?{re.escape(name)}\s*[\]=]", text, re.M)
    line = text.count("\n", 0, m.start()) + 1 if m else None
    return TransnormError(f"unknown {where} {name!r}{hint}", str(p), line)


def _check_schema(data: dict, p: Path, text: str) -> None:
    for table, body in data.items():
        if table not in SCHEMA:
            raise _unknown(table, SCHEMA, "table", p, text)
        items = body if isinstance(body, list) else [body]
        for item in items:
            if not isinstance(item, dict):
                raise TransnormError(f"[{table}] must be a table", str(p), _line_of(text, table))
            for key in item:
                if key not in SCHEMA[table]:
                    raise _unknown(key, SCHEMA[table], f"key in [{table}]", p, text)
    from .checks import RULES

    for rule in data.get("check", {}).get("severity", {}):
        if rule not in RULES:
            raise _unknown(rule, RULES, "rule in [check.severity]", p, text)
    disabled = data.get("fix", {}).get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(r, str) for r in disabled):
        raise TransnormError("[fix] disable is a list of repair rule names", str(p), _line_of(text, "disable"))
    from .repair import RULES as REPAIR_RULES

    for rule in disabled:
        if rule not in REPAIR_RULES:
            raise _unknown(rule, REPAIR_RULES, "repair rule in [fix] disable", p, text)


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _value_line(text: str, value: str) -> int | None:
    for i, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*(path|of|baseline|glossary)\s*=", line) and value in line:
            return i
    return None


def load_config(path: Path | str | None = None) -> Config:
    p = Path(path) if path else find_config()
    if p is None:
        raise TransnormError(f"no {CONFIG_NAME} here or in a parent directory (`transnorm init` writes one)")
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise TransnormError(f"cannot read: {exc.strerror}", str(p)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise TransnormError(f"invalid TOML: {exc}", str(p), int(m.group(1)) if m else None) from None
    _check_schema(data, p, text)
    root = p.parent

    def sources(key: str) -> list[Source]:
        out = []
        for item in data.get(key, []):
            if not isinstance(item, dict) or "path" not in item:
                raise TransnormError(f"each [[{key}]] needs a path", str(p), _line_of(text, "path"))
            lang = item.get("lang", "en")
            if lang not in LANGS:
                raise TransnormError(f"[[{key}]] lang must be one of {', '.join(LANGS)}, not {lang!r}", str(p), _line_of(text, "lang"))
            src = root / item["path"]
            if not src.is_file():
                raise TransnormError(f"[[{key}]] names a missing file: {item['path']}", str(p), _value_line(text, item["path"]))
            of = None
            if key == "copy" and item.get("of") is not None:
                of = root / item["of"]
                if of not in {c.path for c in canonical}:
                    raise TransnormError(f"[[copy]] of names no [[canonical]] path: {item['of']}", str(p), _value_line(text, item["of"]))
            partial = item.get("partial", False)
            if not isinstance(partial, bool):
                raise TransnormError("[[copy]] partial is true or false", str(p), _line_of(text, "partial"))
            out.append(Source(src, lang, of, partial))
            if item.get("repair_on_read"):
                repair.add(src)
        return out

    repair: set[Path] = set()

    canonical: list[Source] = []
    canonical = sources("canonical")
    if not canonical:
        raise TransnormError("at least one [[canonical]] source is needed", str(p))
    proj = data.get("project", {})
    locales = tuple(proj.get("locales", LANGS))
    bad = [loc for loc in locales if loc not in LANGS]
    if bad:
        raise TransnormError(f"unknown locale(s): {', '.join(bad)}", str(p), _line_of(text, "locales"))
    wrap = proj.get("catalog_wrap", "keep")
    if wrap not in ("keep", "wrap", "no-wrap"):
        raise TransnormError(f"[project] catalog_wrap is keep, wrap or no-wrap, not {wrap!r}", str(p), _line_of(text, "catalog_wrap"))
    shrink = proj.get("max_shrink", 0.2)
    if isinstance(shrink, bool) or not isinstance(shrink, (int, float)) or not 0 <= shrink <= 1:
        raise TransnormError(f"[project] max_shrink is a share between 0 and 1, not {shrink!r}", str(p), _line_of(text, "max_shrink"))
    fix = data.get("fix", {})
    glossary_path = root / fix["glossary"] if fix.get("glossary") else None
    if glossary_path is not None and not glossary_path.is_file():
        raise TransnormError(f"[fix] glossary names a missing file: {fix['glossary']}", str(p), _line_of(text, "glossary"))
    model = fix.get("language_model")
    if model is not None:
        if not isinstance(model, str) or not model:
            raise TransnormError("[fix] language_model is 'auto' or the path of a KenLM file", str(p), _line_of(text, "language_model"))
        if model != "auto":
            if not (root / model).is_file():
                raise TransnormError(f"[fix] language_model names a missing file: {model}", str(p), _line_of(text, "language_model"))
            model = str(root / model)
    return Config(
        root=root,
        canonical=canonical,
        copies=sources("copy"),
        locales=locales,
        catalog_dir=root / proj.get("catalog_dir", "locales"),
        domain=proj.get("domain", "papers"),
        records=root / proj.get("records", "data/records.jsonl"),
        render_dir=root / data.get("render", {}).get("output_dir", "build"),
        severities=_severities(data.get("check", {}).get("severity", {}), p, text),
        path=p,
        repair_on_read=repair,
        baseline=_existing(root, data.get("check", {}).get("baseline"), "[check] baseline", p, text),
        glossary=load_glossary(glossary_path) if glossary_path else (),
        glossary_path=glossary_path,
        language_model=model,
        disabled_rules=tuple(fix.get("disable", ())),
        catalog_wrap=wrap,
        max_shrink=float(shrink),
    )


def _existing(root: Path, value: str | None, what: str, p: Path, text: str) -> Path | None:
    if not value:
        return None
    if not (root / value).is_file():
        raise TransnormError(f"{what} names a missing file: {value}", str(p), _value_line(text, value))
    return root / value


def load_glossary(path: Path | str) -> tuple[str, ...]:
    """A glossary file: one term per line (UTF-8), `#` comments and blank
    lines skipped; each term one word of Han characters or of letters."""
    from .lm import glossary_terms
    from .textio import read_text

    terms = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        term = line.split("#", 1)[0].strip()
        if not term:
            continue
        try:
            glossary_terms([term])
        except ValueError as exc:
            raise TransnormError(str(exc), str(path), lineno) from None
        terms.append(term)
    return tuple(dict.fromkeys(terms))


def _severities(raw: dict, p: Path, text: str) -> dict[str, str]:
    for rule, sev in raw.items():
        if sev not in ("error", "warning", "off"):
            raise TransnormError(f"severity of {rule} must be error, warning or off, not {sev!r}", str(p), _line_of(text, rule))
    return dict(raw)
