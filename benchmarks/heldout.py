"""Repair rates on held-out text: the Chinese and Portuguese message catalogs
of the software installed on this machine (coreutils, apt, git, gettext...,
under /usr/share/locale), which no part of transnorm was built or tuned on.

The development corpus (tests/corpus.py) is made of the project's own clean
documents, which the repair's rules were tuned against: its rates say what
the repair does on the user's lists.  These say what it does on technical
text it has never seen (short UI strings, with `%s` and `--options`).

Run: python benchmarks/heldout.py [--lines N] [--process NAME ...]
Prints, per language and process, the damaged lines restored exactly by
transnorm and by ftfy (with the options that keep clean text intact), and
how many clean lines each changed.  Deterministic: the lines are sorted and
shuffled with a fixed seed.
"""

from __future__ import annotations

import argparse
import glob
import random
import sys
from pathlib import Path

import ftfy
import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import corpus  # noqa: E402  (the damage processes)

from transnorm import fix_text  # noqa: E402

LOCALES = {"zh": "zh_CN", "pt": "pt_BR"}
#: lines per document: whole-document damage gives the repair a document's
#: evidence, as a real file does
DOC_LINES = 75


def catalog_lines(locale: str, limit: int) -> list[str]:
    lines: set[str] = set()
    for mo in sorted(glob.glob(f"/usr/share/locale/{locale}/LC_MESSAGES/*.mo")):
        if "/iso_" in mo:
            continue  # country and language names: not sentences
        try:
            catalog = polib.mofile(mo)
        except (OSError, ValueError):
            continue
        for entry in catalog:
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                for line in text.split("\n"):
                    line = line.strip()
                    if len(line) >= 12 and not line.isascii():
                        lines.add(line)
    ordered = sorted(lines)
    random.Random(7).shuffle(ordered)
    return ordered[:limit]


def _ftfy(text: str) -> str:
    return ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False, fix_latin_ligatures=False)


def rates(lines: list[str], process: corpus.Process, fix) -> tuple[int, int, int]:
    """(damaged lines, restored exactly, clean lines changed)"""
    damaged = restored = changed = 0
    for i in range(0, len(lines), DOC_LINES):
        clean = lines[i : i + DOC_LINES]
        bad = [process.damage(line) for line in clean]
        out = fix("\n".join(bad)).split("\n")
        for c, b, f in zip(clean, bad, out):
            if c == b:
                changed += f != c
                continue
            damaged += 1
            restored += f == c
    return damaged, restored, changed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1500)
    ap.add_argument("--process", action="append", help="a process of tests/corpus.py (default: all)")
    ap.add_argument("--lm", help="rescore with a Chinese word trigram model: a KenLM file, or 'auto' (see docs/trigram-model.md)")
    args = ap.parse_args()
    fix = (lambda text: fix_text(text, language_model=args.lm)) if args.lm else fix_text
    processes = [p for p in corpus.PROCESSES if not args.process or p.name in args.process]
    print(f"{'lang':4} {'process':26} {'damaged':>7} {'transnorm':>9} {'ftfy':>7}")
    for lang, locale in LOCALES.items():
        lines = catalog_lines(locale, args.lines)
        if not lines:
            print(f"{lang}: no {locale} catalogs under /usr/share/locale")
            continue
        clean_changed = sum(f != c for c, f in zip(lines, fix("\n".join(lines)).split("\n")))
        print(f"{lang}: {len(lines)} lines; clean lines changed by transnorm: {clean_changed}")
        for p in processes:
            n, ours, changed = rates(lines, p, fix)
            _, theirs, _ = rates(lines, p, _ftfy)
            note = f"  ({changed} clean changed)" if changed else ""
            print(f"{lang:4} {p.name:26} {n:7} {ours / n:9.2%} {theirs / n:7.2%}{note}", flush=True)


if __name__ == "__main__":
    main()
