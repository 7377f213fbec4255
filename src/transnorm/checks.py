"""`transnorm check`: the consistency gate CI runs.

Each rule has a stable ID, a default severity and a one-line message with
the file and line it is about.  The rules know CJK text: full-width digits
and punctuation count as their ASCII forms, `。` ends a sentence, and no
spaces are expected between Han characters (so whitespace rules look only
at the ends of a message).

A finding can be accepted in a baseline file (``[check] baseline`` in
transnorm.toml): one ``RULE fingerprint`` per line, for known problems of the
data that are not to be fixed where they are (the user's files as received).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib

from . import arxiv, catalogs, parallel, pofile, prose
from .align import align
from .config import Config
from .langid import detect
from .markup import HTML_TAG, LINK_TARGET
from .records import load_records, same_title
from .repair import RepairConfig, fix_and_explain
from .sources import load_document
from .sync import catalog_path, compute, is_current, output_paths, shrink_message
from .textio import read_text


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # error | warning
    summary: str


RULES = {
    r.id: r
    for r in (
        Rule("TN101", "error", "mojibake left in a source, catalog entry or rendered document"),
        Rule("TN102", "error", "a msgstr whose language does not match its catalog's locale"),
        Rule("TN103", "error", "a canonical record missing from a locale catalog"),
        Rule("TN104", "error", "a catalog entry whose record no longer exists (not obsolete)"),
        Rule("TN105", "error", "one arXiv ID given to different titles"),
        Rule("TN106", "error", "a malformed arXiv ID"),
        Rule("TN107", "error", "a link in a copy that points to another paper than its aligned record"),
        Rule("TN108", "error", "markup, numbers or edge whitespace differ between msgid and msgstr"),
        Rule("TN109", "error", "a catalog problem msgfmt --check would report"),
        Rule("TN110", "error", "catalogs or rendered documents out of date with the sources"),
        Rule("TN111", "error", "a configured source in which no entry is found"),
        Rule("TN112", "error", "a canonical entry that a copy lacks (the copy is behind)"),
        Rule("TN113", "warning", "a copy entry that matches no canonical record"),
        Rule("TN114", "warning", "a msgstr that only copies its English msgid (untranslated; `# transnorm: same` if meant)"),
        Rule("TN115", "error", "a canonical source that lost more of its entries since the last sync than max_shrink allows"),
    )
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    path: str
    line: int
    message: str
    fingerprint: str  # stable across line moves, for baselines

    def as_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "path": self.path, "line": self.line, "message": self.message}

    def text(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.rule} {self.message}"

    def github(self) -> str:
        level = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},title={self.rule}::{msg}"


class _Collector:
    def __init__(self, root: Path, repair: RepairConfig) -> None:
        self.root = root
        #: the repair TN101 judges with: the one sync uses
        self.repair = repair
        self.items: list[Finding] = []
        self._rel: dict[Path | str, str] = {}

    def rel(self, p: Path | str) -> str:
        got = self._rel.get(p)
        if got is None:
            try:
                got = str(Path(p).resolve().relative_to(self.root.resolve()))
            except ValueError:
                got = str(p)
            self._rel[p] = got
        return got

    def add(self, rule: str, path: Path | str, line: int, message: str, fingerprint: str) -> None:
        self.items.append(Finding(rule, RULES[rule].severity, self.rel(path), line, message, fingerprint))


# --- markup comparison (TN108) ---------------------------------------------

_LINK_URL = LINK_TARGET
_TAG = HTML_TAG
_CODE = re.compile(r"`[^`]+`")
_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-+#0]*\d*(?:\.\d+)?[sdifgexXcr%]|\{[A-Za-z_][A-Za-z0-9_]*\}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


_WIDE = re.compile(r"[\uff10-\uff19\uff0c\uff0e]")


#: words that multiply the number before them (`10 million` is `1000 万`)
_SCALES = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9, "trillion": 10**12,
    "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12,
    "mil": 10**3, "milhão": 10**6, "milhões": 10**6, "bilhão": 10**9, "bilhões": 10**9,
    "千": 10**3, "万": 10**4, "亿": 10**8,
}
_SCALED = re.compile(r"(\d+(?:[.,]\d+)?)\s?(" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")(?![A-Za-z])")
#: month names count as their numbers (`March 2024` is `2024年3月`)
_MONTHS = {
    m: i
    for names in (
        "january february march april may june july august september october november december",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    )
    for i, m in enumerate(names.split(), 1)
}
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b", re.I)
_MONTH_WORDS = ("may", "march")  # English words too: a month only beside a year


def _scaled(m: re.Match) -> str:
    value = float(m.group(1).replace(",", ".")) * _SCALES[m.group(2)]
    return f" {int(value) if value == int(value) else value} "


def _numbers(text: str) -> Counter:
    t = unicodedata.normalize("NFKC", text) if _WIDE.search(text) else text  # full-width digits are digits
    if _SCALED.search(t):
        t = _SCALED.sub(_scaled, t)
    if _MONTH.search(t):
        t = _MONTH.sub(lambda m: m.group(0) if m.group(1).lower() in _MONTH_WORDS and not re.search(r"\d{4}", t[m.end() : m.end() + 6]) else f" {_MONTHS[m.group(1).lower()]} ", t)
    return Counter(re.sub(r"[.,]", "", n).lstrip("0") or "0" for n in _NUMBER.findall(t))


#: units a translation keeps beside its number, each spelled as in any of
#: the three languages (`0.5%` is not `0.5`; `2x` is `2倍`; `4-bit` is `4 位`)
_UNITS = {"%": "%", "％": "%", "x": "x", "×": "x", "倍": "x", "bit": "bit", "bits": "bit", "位": "bit", "比特": "bit"}
_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s?-?(%|％|×|倍|比特|位|(?i:bits?)(?![A-Za-z])|x(?![A-Za-z]))")


def _units(text: str) -> Counter:
    if not _UNIT.search(text):
        return Counter()
    t = unicodedata.normalize("NFKC", text) if _WIDE.search(text) else text
    return Counter(f"{float(n.replace(',', '.')):g}{_UNITS[u.lower()]}" for n, u in _UNIT.findall(t))


def _links(text: str) -> Counter:
    return Counter(_LINK_URL.findall(text)) if "](" in text else Counter()


def _tags(text: str) -> Counter:
    return Counter(m.lower() for m in _TAG.findall(text)) if "<" in text else Counter()


def _code(text: str) -> Counter:
    return Counter(_CODE.findall(text)) if "`" in text else Counter()


def _placeholders(text: str) -> Counter:
    return Counter(_PLACEHOLDER.findall(text)) if "%" in text or "{" in text else Counter()


def _bare(text: str) -> str:
    """The text without link targets and inline code, where numbers are
    not the reader's."""
    if "](" in text:
        text = _LINK_URL.sub("", text)
    return _CODE.sub("", text) if "`" in text else text


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """What a translation lost or added: link targets, HTML tags, bold
    markers, inline code, placeholders, numbers, edge whitespace."""
    out = []
    checks = [
        ("link targets", _links),
        ("HTML tags", _tags),
        ("inline code", _code),
        ("placeholders", _placeholders),
        ("numbers", lambda t: _numbers(_bare(t))),
        ("units beside numbers", lambda t: _units(_bare(t))),
    ]
    for what, count in checks:
        if what == "units beside numbers" and out and out[-1].startswith("numbers"):
            continue  # the lost number is the finding
        if what == "numbers" and sorted(_NUMBER.findall(msgid)) == sorted(_NUMBER.findall(msgstr)):
            continue  # the same numbers written the same way (the common case)
        a, b = count(msgid), count(msgstr)
        if a != b:
            lost = sorted((a - b).elements())
            added = sorted((b - a).elements())
            detail = "; ".join(x for x in (f"lost {lost}" if lost else "", f"added {added}" if added else "") if x)
            out.append(f"{what} differ ({detail})")
    if msgid.count("**") != msgstr.count("**"):
        out.append(f"bold markers differ ({msgid.count('**')} `**` in msgid, {msgstr.count('**')} in msgstr)")
    for side, f in (("leading", lambda s: s[: len(s) - len(s.lstrip())]), ("trailing", lambda s: s[len(s.rstrip()) :])):
        if f(msgid) != f(msgstr):
            out.append(f"{side} whitespace differs")
    return out


def prose_problems(e: polib.POEntry) -> list[str]:
    """TN108 on a block of prose: its placeholders (the extracted comment
    says what each stands for; a formatting tag may go, as a pair), then
    the markup and numbers of the text around them."""
    values = prose.legend(e.comment)
    out = []
    want, have = prose.placeholders(e.msgid), prose.placeholders(e.msgstr)
    # without its comment (a tool dropped it) every placeholder is required
    lost = sorted((prose.required(values) if values else want) & (want - have))
    added = sorted(have - want)
    if lost or added:
        detail = "; ".join(x for x in (f"lost {['{%d}' % k for k in lost]}" if lost else "", f"added {['{%d}' % k for k in added]}" if added else "") if x)
        out.append(f"placeholders differ ({detail})")
    kept = [values[k] for k in have & want if k in values and prose.is_formatting(values[k])]
    if sum(1 for v in kept if v.startswith("</")) != sum(1 for v in kept if not v.startswith("</")):
        out.append("formatting tags kept without their pair")
    # (a block's msgid is one line without edge spaces: none to compare)
    return out + markup_problems(prose.PLACEHOLDER.sub("", e.msgid).strip(), prose.PLACEHOLDER.sub("", e.msgstr).strip())


# --- catalog problems msgfmt reports (TN109) -------------------------------

_C_FORMAT = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn%]")
_PY_FORMAT = re.compile(r"%(?:\([^)]+\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")


def catalog_problems(po: polib.POFile, locale: str | None) -> list[tuple[int, str]]:
    """What `msgfmt --check` would reject, without needing gettext."""
    out = catalogs.header_problems(po, locale)
    n = catalogs.plural_count(po)
    for e in po:
        if e.msgid_plural and not e.obsolete and n is not None and len(e.msgstr_plural) != n:
            out.append((pofile.msgstr_line(e), f"plural entry {e.msgid!r} has {len(e.msgstr_plural)} msgstr forms, the header's Plural-Forms says nplurals={n}"))
    for e in po:
        if e.obsolete or not e.msgstr:
            continue
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(e.msgid, "\n") != test(e.msgstr, "\n"):
                out.append((pofile.msgstr_line(e), f"msgid and msgstr do not both {edge} with a newline"))
        for flag, pat in (("c-format", _C_FORMAT), ("python-format", _PY_FORMAT)):
            if flag in e.flags and "fuzzy" not in e.flags:
                a = sorted(x for x in pat.findall(e.msgid) if x != "%%")
                b = sorted(x for x in pat.findall(e.msgstr) if x != "%%")
                if a != b:
                    out.append((pofile.msgstr_line(e), f"{flag} directives differ: msgid {a}, msgstr {b}"))
    return out


# --- the rules --------------------------------------------------------------


def _mojibake(c: _Collector, path: Path, text: str, what: str) -> None:
    _fixed, repairs = fix_and_explain(text, config=c.repair)
    for r in repairs:
        c.add("TN101", path, r.line, f"mojibake in {what}: {r.original!r} should read {r.replacement!r} ({r.codec})", f"{c.rel(path)}|{r.original}")


def _catalog_mojibake(c: _Collector, path: Path, text: str, po: polib.POFile) -> None:
    """Mojibake in a catalog, by entry: one repair pass over the whole file
    (the clean-text fast path makes this cheap), each repair reported at the
    entry around its line."""
    import bisect

    _fixed, repairs = fix_and_explain(text, config=c.repair)
    if not repairs:
        return
    entries = sorted((e for e in po if not e.obsolete), key=lambda e: e.linenum)  # reported at the msgstr
    starts = [e.linenum for e in entries]
    reported: set[int] = set()
    for r in repairs:
        k = bisect.bisect_right(starts, r.line) - 1
        if k < 0 or k in reported:
            continue
        reported.add(k)
        e = entries[k]
        c.add("TN101", path, pofile.msgstr_line(e), f"mojibake in catalog entry {e.msgctxt!r}: {r.original!r} should read {r.replacement!r}", f"{c.rel(path)}|{e.msgctxt}")


_ANY_LINK = re.compile(r"\]\(\s*[^)\s]|href\s*=", re.I)


def run(config: Config) -> list[Finding]:
    """Every finding on the project `config` describes.

    When the last sync's stamp matches every input and output (see
    :func:`sync.is_current`), the outputs are proved to be what a sync would
    write, so the sync is not recomputed: records are read from the records
    file and nothing is out of date.  Otherwise a sync is computed in memory
    to name every file it would change (TN110).  The rules then run as
    independent jobs (the sources; each catalog; each rendered document),
    in parallel on a large project."""
    if is_current(config):
        records = {r.key: r for r in load_records(config.records)}
        changed: list[Path] = []
        shrunk: list = []
        rendered = [p for p in output_paths(config) if p.suffix == ".md"]
    else:
        result = compute(config, check_headers=False)
        records = {r.key: r for r in _records_of(result)}
        changed = result.changed
        shrunk = result.shrunk
        rendered = [p for p in result.outputs if p.suffix == ".md"]
    jobs: list[tuple] = [("catalog", loc) for loc in (*config.locales, None)]
    jobs += [("sources", None)] + [("rendered", p) for p in rendered]
    c = _Collector(config.root, config.repair())
    for items in parallel.map_jobs(_job, (config, records), jobs, len(records)):
        c.items += items

    for path, old, new in shrunk:
        c.add("TN115", path, 1, shrink_message(config, path, old, new) + ": restore it, or sync --allow-shrink if meant", c.rel(path))
    # TN110: what sync would change, unless a finding above already says why
    explained = {f.path for f in c.items if f.rule == "TN104"}
    explained |= {c.rel(catalog_path(config, f.fingerprint.split("|")[0])) for f in c.items if f.rule == "TN103"}
    for p in changed:
        if c.rel(p) in explained:
            continue
        c.add("TN110", p, 1, "out of date with the sources: run `transnorm sync`", c.rel(p))
    return sorted(c.items, key=lambda f: (f.path, f.line, f.rule, f.message))


def _job(state: tuple, job: tuple) -> list[Finding]:
    config, records = state
    c = _Collector(config.root, config.repair())
    kind, what = job
    if kind == "catalog":
        _check_catalog(c, config, what, records)
    elif kind == "sources":
        _check_sources(c, config)
    elif what.is_file():
        _mojibake(c, what, read_text(what), "a rendered document")
    return c.items


def _check_catalog(c: _Collector, config: Config, loc: str | None, records: dict) -> None:
    """TN101, TN102, TN103, TN104, TN108, TN109 on one catalog."""
    path = catalog_path(config, loc)
    if not path.is_file():
        return
    text = catalogs.read(path)
    po = catalogs.parse(text, path)
    _catalog_mojibake(c, path, text, po)
    for line, msg in catalog_problems(po, loc):
        c.add("TN109", path, line, msg, f"{c.rel(path)}|{msg}")
    for e in po:
        if e.obsolete:
            continue
        line = pofile.msgstr_line(e)
        name = e.msgctxt if e.msgctxt is not None else e.msgid
        key = (e.msgctxt or "").split("|", 1)[0]
        if e.msgctxt != "section" and not prose.is_block(e.msgctxt) and key not in records:
            c.add("TN104", path, line, f"entry {name!r} has no record (sync makes it obsolete)", f"{c.rel(path)}|{name}")
        if catalogs.copies_source(e, loc):
            c.add("TN114", path, line, f"msgstr of {name!r} copies its English msgid: translate it, or add `# {catalogs.SAME_AS_SOURCE} as source` if it is meant", f"{c.rel(path)}|{name}")
            continue
        if loc is None or not e.msgstr or "fuzzy" in e.flags or e.msgstr == e.msgid:
            continue
        lang = detect(e.msgstr).lang
        if lang not in (loc, "und"):
            c.add("TN102", path, line, f"msgstr of {name!r} reads as {lang}, not {loc}: {e.msgstr[:60]!r}", f"{c.rel(path)}|{name}")
        problems = prose_problems(e) if prose.is_block(e.msgctxt) else markup_problems(e.msgid, e.msgstr)
        for problem in problems:
            c.add("TN108", path, line, f"{name!r}: {problem}", f"{c.rel(path)}|{name}|{problem.split(' (')[0]}")
    if loc is None:
        return
    # TN103: every record in every locale catalog
    have = {e.msgctxt for e in po if not e.obsolete}
    for key, rec in sorted(records.items()):
        if f"{key}|title" not in have:
            src, _, line = rec.sources[0].rpartition(":")
            c.add("TN103", config.root / src, int(line), f"record {key} has no entry in {c.rel(path)}", f"{loc}|{key}")


def _check_sources(c: _Collector, config: Config) -> None:
    """TN101 (sources not declared as received damaged), TN105, TN106, TN107."""
    from dataclasses import replace

    from .records import resolve_key_conflicts

    for src in [*config.canonical, *config.copies]:
        if src.path not in config.repair_on_read:
            _mojibake(c, src.path, read_text(src.path), "a source")
    repair = config.repair()
    docs = [load_document(s, config.root, repair, "blocks") for s in config.canonical]
    resolve_key_conflicts([e for d in docs for e in d.entries])
    _check_copies(c, config, docs)
    # a copy's links matter only for TN106 and TN107: one with no link at
    # all (the copies that lost them) need not be repaired and parsed here
    copies = [load_document(s, config.root, repair, "units") for s in config.copies if _ANY_LINK.search(read_text(s.path))]

    # TN105, TN106: the sources' links
    seen: dict[str, tuple[str, str, int]] = {}
    for d in [*docs, *copies]:
        for e in d.entries:
            for url in e.links.values():
                if arxiv.is_malformed(url):
                    c.add("TN106", d.source.path, e.line, f"malformed arXiv link {url}", f"{c.rel(d.source.path)}|{url}")
        if d in copies:
            continue
        for e in d.entries:
            ident = e.arxiv
            if not ident or e.mention:
                continue  # a link's text in prose names its paper loosely
            if ident in seen and not same_title(seen[ident][0], e.title):
                first = seen[ident]
                c.add(
                    "TN105",
                    d.source.path,
                    e.line,
                    f"arXiv {ident} is given to {e.title[:50]!r} and to {first[0][:50]!r} ({first[1]}:{first[2]})",
                    ident,
                )
            seen.setdefault(ident, (e.title, c.rel(d.source.path), e.line))

    # TN107: a copy's link against what its title says
    if not docs:
        return
    key_of_arxiv: dict[str, str] = {}
    title_of: dict[str, str] = {}
    for ce in docs[0].entries:
        if ce.arxiv:
            key_of_arxiv.setdefault(ce.arxiv, ce.key)
            title_of.setdefault(ce.key, ce.title)
    for d in copies:
        if not any(e.arxiv for e in d.entries):
            continue
        unlinked = [replace(e, links={}) for e in d.entries]
        for e, m in zip(d.entries, align(unlinked, docs[0].entries)):
            if not e.arxiv or m.key is None or m.score < 0.8:
                continue
            linked_key = key_of_arxiv.get(e.arxiv)
            if linked_key and same_title(title_of[linked_key], docs[0].entries[m.target].title):
                continue  # two canonical entries of one name (a paper and its code): the link decides
            # the link names another record, or an arXiv ID where the
            # title's record has a different one
            if (linked_key and linked_key != m.key) or (not linked_key and m.arxiv and m.arxiv != e.arxiv):
                c.add(
                    "TN107",
                    d.source.path,
                    e.line,
                    f"links arXiv {e.arxiv}, but its title is record {m.key}",
                    f"{c.rel(d.source.path)}|{e.arxiv}|{m.key}",
                )


def _check_copies(c: _Collector, config: Config, docs: list) -> None:
    """TN111 (a source without entries), TN112 (what a copy lacks, entry by
    entry, and how many), TN113 (what a copy adds)."""
    from .sources import canonical_records
    from .sync import compare_copies

    for d in docs:
        if not d.entries:
            c.add("TN111", d.source.path, 1, "no entry found: no list item, table row or paragraph carries a paper", c.rel(d.source.path))
    by_key = {r.key: r for r in canonical_records(docs)}
    for src, cmp in zip(config.copies, compare_copies(config, docs, by_key)):
        name, canon = c.rel(src.path), c.rel(cmp.canonical)
        if cmp.entries == 0:
            c.add("TN111", src.path, 1, "no entry found: no list item, table row or paragraph carries a paper", name)
            continue
        if src.partial:
            continue
        for e in cmp.missing:
            c.add("TN112", cmp.canonical, e.line, f"missing from {name}: {e.title[:70]!r} ({e.key})", f"{name}|{e.key}")
        if cmp.missing:
            canon_doc = next(d for d in docs if d.source.path == cmp.canonical)
            total = len({e.key for e in canon_doc.entries if not e.mention})
            c.add("TN112", src.path, 1, f"lacks {len(cmp.missing)} of {total} entries of {canon}: the copy is behind", f"{name}|behind")
        for e in cmp.extra:
            c.add("TN113", src.path, e.line, f"matches no entry of {canon}: {e.title[:70]!r}", f"{name}|{e.title[:70]}")


def _records_of(result) -> list:
    import json

    from .records import Record

    text = next(t for p, t in result.outputs.items() if p.suffix == ".jsonl")
    return [Record(**json.loads(line)) for line in text.splitlines() if line.strip()]


def select(
    findings: list[Finding], select_ids: list[str] | None, ignore_ids: list[str] | None, severities: dict[str, str], baseline: set[str]
) -> list[Finding]:
    out = []
    for f in findings:
        if select_ids and not any(f.rule.startswith(s) for s in select_ids):
            continue
        if ignore_ids and any(f.rule.startswith(s) for s in ignore_ids):
            continue
        if f"{f.rule} {f.fingerprint}" in baseline:
            continue
        sev = severities.get(f.rule, f.severity)
        if sev == "off":
            continue
        out.append(Finding(f.rule, sev, f.path, f.line, f.message, f.fingerprint))
    return out


def load_baseline(path: Path | None) -> set[str]:
    if path is None or not path.is_file():
        return set()
    out = set()
    for line in read_text(path).splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            out.add(line)
    return out


__all__ = ["Finding", "RULES", "catalog_problems", "load_baseline", "markup_problems", "run", "select"]
