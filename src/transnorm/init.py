"""`transnorm init`: find a repository's paper lists and write its configuration.

A list and its translations sit side by side under names that say their
language (`README.md`, `README_zh.md`, `README.zh-CN.md`, `README-pt-BR.md`,
`papers.en.md`, `docs/zh/papers.md`).  Files whose names differ only by the
language are one list.  Each file's language comes from its name and is
checked against its text (a `README.md` has no language in its name: the text
says).  The canonical file of a list is the English one; without an English
file, the one the others follow: the one with the most entries.  Files
without a single paper entry are not lists.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_NAME
from .errors import TransnormError
from .langid import detect
from .markup import Heading, Item, Paragraph, Row, blocks
from .parsers import parse_document
from .repair import fix_text
from .textio import atomic_write, read_text

SUFFIXES = (".md", ".mdx", ".markdown")
#: language tags in file and directory names, and the locale each means
TAGS = {
    "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "english": "en",
    "zh": "zh", "cn": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "zh_hans": "zh", "chs": "zh",
    "zh-tw": "zh", "zh_tw": "zh", "zh-hant": "zh", "chinese": "zh",
    "pt": "pt", "pt-br": "pt", "pt_br": "pt", "pt-pt": "pt", "br": "pt", "portuguese": "pt",
}
_NAME_TAG = re.compile(r"^(?P<base>.+?)[._-](?P<tag>" + "|".join(sorted(map(re.escape, TAGS), key=len, reverse=True)) + r")(?P<rest>[._-][\w-]+)?$", re.I)
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "build", "dist", "site-packages", "locales", "rendered", "__pycache__", ".github"}
_SKIP_NAMES = re.compile(r"^(changelog|license|licence|contributing|code_of_conduct|security|history|authors)\b", re.I)


@dataclass
class Found:
    """One file of a list, as init reads it."""

    path: Path  # relative to the repository
    lang: str  # en, zh, pt or und
    why: str  # how the language was told
    entries: int
    identifiers: int  # entries with a paper identifier
    damaged: bool  # repair changes the text: repaired on read


@dataclass
class FoundList:
    files: list[Found]
    canonical: Found
    why: str  # why that file is canonical
    behind: dict[Path, int] = field(default_factory=dict)  # copy -> canonical entries it lacks


def _list_key(rel: Path) -> tuple[str, str | None]:
    """The name shared by a list's files, and the language tag in this one."""
    parts = list(rel.parts)
    tag = None
    for i, part in enumerate(parts[:-1]):
        if part.lower() in TAGS:
            tag, parts[i] = TAGS[part.lower()], "{lang}"
    name = parts[-1]
    stem, suffix = os.path.splitext(name)
    m = _NAME_TAG.match(stem)
    if m:
        tag = TAGS[m.group("tag").lower()]
        stem = m.group("base")
    parts[-1] = stem + "{lang}" + suffix
    return "/".join(parts), tag


def candidates(root: Path) -> list[Path]:
    """The Markdown files of a repository (its root and `docs/`, and any
    directory named for a language), in a stable order."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        rel_dir = Path(dirpath).relative_to(root)
        if len(rel_dir.parts) > 4:
            dirnames[:] = []
            continue
        for f in sorted(filenames):
            if f.lower().endswith(SUFFIXES) and not _SKIP_NAMES.match(f):
                out.append(rel_dir / f)
    return out


def _text_language(text: str) -> Counter:
    """How many of a document's headings, paragraphs, items and cells read
    as each language."""
    votes: Counter = Counter()
    texts: list[str] = []
    for b in blocks(text):
        if isinstance(b, Heading):
            texts.append(b.text)
        elif isinstance(b, Paragraph):
            texts.append(b.inline.text)
        elif isinstance(b, Item):
            stack = [b]
            while stack:
                it = stack.pop()
                texts.append(it.inline.text if it.inline else "")
                stack += it.children
        elif isinstance(b, Row):
            texts += [c.text for c in b.cells]
    for t in texts:
        lang = detect(t[:300]).lang if t.strip() else "und"
        if lang != "und":
            votes[lang] += 1
    return votes


def _language(votes: Counter) -> str:
    if not votes:
        return "und"
    # a Chinese copy keeps many English titles: a fair share of Chinese decides
    if votes.get("zh", 0) * 4 >= sum(votes.values()):
        return "zh"
    return votes.most_common(1)[0][0]


def read(root: Path, rel: Path) -> tuple[Found, list]:
    """What init tells of one file, and its entries."""
    raw = read_text(root / rel)
    text = fix_text(raw)
    parsed = parse_document(text, str(rel))
    _key, tag = _list_key(rel)
    votes = _text_language(text)
    seen = _language(votes)
    # the name is believed unless the text has nothing in that language
    if tag and (seen in (tag, "und") or votes.get(tag, 0) * 10 >= sum(votes.values())):
        lang, why = tag, f"named {tag}" + ("" if seen in (tag, "und") else f", mostly reads as {seen}")
    elif tag:
        lang, why = seen, f"named {tag}, but reads as {seen}"
    else:
        lang, why = seen, f"reads as {seen}"
    full = [e for e in parsed.entries if not e.mention]
    return Found(rel, lang, why, len(full), sum(1 for e in full if e.identifiers), text != raw), parsed.entries


def discover(root: Path) -> list[FoundList]:
    """The paper lists of a repository, each with its canonical file."""
    from .align import align

    groups: dict[str, list[Found]] = {}
    docs = {}
    for rel in candidates(root):
        try:
            f, docs[rel] = read(root, rel)
        except TransnormError:
            continue  # not UTF-8 text: not a list transnorm can keep
        if f.entries == 0:
            continue
        groups.setdefault(_list_key(rel)[0], []).append(f)
    out = []
    for _key, files in sorted(groups.items()):
        by_lang: dict[str, Found] = {}
        for f in sorted(files, key=lambda f: (-f.entries, str(f.path))):
            if f.lang in ("en", "zh", "pt"):
                by_lang.setdefault(f.lang, f)
        kept = [f for f in files if by_lang.get(f.lang) is f]
        if not kept:
            continue
        if len(kept) == 1:
            canon, why = kept[0], "the only file of this list"
        elif "en" in by_lang:
            canon, why = by_lang["en"], "the English file"
        else:
            canon = max(kept, key=lambda f: (f.entries, -len(str(f.path))))
            why = "no English file; the one with the most entries, which the others follow"
        fl = FoundList(sorted(kept, key=lambda f: (f is not canon, str(f.path))), canon, why)
        for f in kept:
            if f is canon:
                continue
            reached = {docs[canon.path][m.target].key for m in align(docs[f.path], docs[canon.path]) if m.target is not None}
            fl.behind[f.path] = len({e.key for e in docs[canon.path] if not e.mention} - reached)
        out.append(fl)
    return out


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(lists: list[FoundList]) -> str:
    """A commented transnorm.toml for the lists found."""
    locales = sorted({f.lang for fl in lists for f in fl.files} | {"en"}, key=["zh", "en", "pt"].index)
    lines = [
        "# transnorm's configuration (written by `transnorm init`; every key is in docs/configuration.md).",
        "# Paths are relative to this file.",
        "",
        "[project]",
        f"locales = [{', '.join(_toml_str(x) for x in locales)}]",
        '# the gettext catalogs translators edit: locales/<locale>/LC_MESSAGES/papers.po',
        'catalog_dir = "locales"',
        'domain = "papers"',
        "# the canonical records, one JSON object per line (written by `transnorm sync`)",
        'records = "locales/records.jsonl"',
        "",
    ]
    for fl in lists:
        c = fl.canonical
        lines += [
            f"# {c.path}: {c.entries} entries, {c.identifiers} with a paper identifier; canonical: {fl.why}",
            "[[canonical]]",
            f"path = {_toml_str(c.path.as_posix())}",
            f"lang = {_toml_str(c.lang)}",
        ]
        if c.damaged:
            lines.append("repair_on_read = true  # mojibake found: repaired whenever it is read")
        lines.append("")
    for fl in lists:
        for f in fl.files:
            if f is fl.canonical:
                continue
            behind = fl.behind.get(f.path, 0)
            lines += [
                f"# {f.path}: {f.entries} entries ({f.why}); lacks {behind} of the canonical entries",
                "[[copy]]",
                f"path = {_toml_str(f.path.as_posix())}",
                f"lang = {_toml_str(f.lang)}",
                f"of = {_toml_str(fl.canonical.path.as_posix())}",
                "# partial = true  # a copy of another version or a selection: `check` then ignores what it lacks",
            ]
            if f.damaged:
                lines.append("repair_on_read = true  # mojibake found: repaired whenever it is read")
            lines.append("")
    lines += [
        "[render]",
        "# the localized documents `transnorm sync` writes, one directory per locale",
        'output_dir = "rendered"',
        "",
        "[check.severity]",
        '# every rule is an error by default; e.g. TN113 = "off"',
        "",
    ]
    return "\n".join(lines)


def init(root: Path, dry_run: bool = False, force: bool = False) -> tuple[list[FoundList], str, Path]:
    """Find the lists under `root` and write its transnorm.toml (unless
    `dry_run`); an existing one is kept unless `force`."""
    root = root.resolve()
    if not root.is_dir():
        raise TransnormError("not a directory", str(root))
    target = root / CONFIG_NAME
    if target.exists() and not (force or dry_run):
        raise TransnormError(f"{CONFIG_NAME} exists; --force overwrites it, --dry-run shows what init finds", str(target))
    lists = discover(root)
    if not lists:
        raise TransnormError("no paper list found (no Markdown file with a list item, table row or paragraph that carries a paper)", str(root))
    text = render_config(lists)
    if not dry_run:
        atomic_write(target, text)
    return lists, text, target
