"""The catalog update against GNU msgmerge, on synthetic catalogs.

Builds a template of N records (a title and a description each, with
references and comments as sync writes them) and a Portuguese catalog that
translates them, changes 10% of the English, and times the same job both
ways: msgmerge (old.po + new.pot -> merged, fuzzy matching of the changed
entries) and transnorm (catalogs.load, update, dumps), each writing the
layout the catalog has (unwrapped; msgmerge --no-wrap).  Prints seconds and
the ratio; the goal is transnorm at most 1.0x msgmerge.

With --wrapped the catalog has gettext's wrapped layout (as msgmerge, Poedit
and a new transnorm catalog write it) and both tools keep it.

Usage: python benchmarks/catalog_update.py [N] [--wrapped] (default 100000)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Language: {lang}\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def entries(n: int, changed: bool, translated: bool) -> str:
    out = []
    for i in range(n):
        key = f"2{i // 10000 % 100:02d}{i // 100 % 100:02d}.{i % 100000:05d}"
        title = f"A Study of Efficient Method {i} for Large Language Models"
        if changed and i % 10 == 0:
            title = "Revised: " + title
        desc = f"We propose method {i}, which reduces memory by {i % 90 + 5}% while keeping accuracy."
        for field, text, tr in (
            ("title", title, f"Um estudo do método eficiente {i} para grandes modelos de linguagem"),
            ("description", desc, f"Propomos o método {i}, que reduz a memória em {i % 90 + 5}% mantendo a precisão."),
        ):
            out.append(
                f"#. https://arxiv.org/abs/{key}\n#: data/survey.en.md:{i + 10}\n"
                f'msgctxt "{key}|{field}"\nmsgid "{text}"\nmsgstr "{tr if translated else ""}"\n'
            )
    return "\n".join(out)


def main() -> None:
    from transnorm import catalogs

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    wrapped = "--wrapped" in sys.argv
    n = int(args[0]) if args else 100_000
    layout = [] if wrapped else ["--no-wrap"]
    d = Path(tempfile.mkdtemp(prefix="transnorm-merge-"))
    try:
        old, pot = d / "pt.po", d / "papers.pot"
        old.write_text(HEADER.format(lang="pt") + entries(n, False, True), encoding="utf-8")
        pot.write_text(HEADER.format(lang="") + entries(n, True, False), encoding="utf-8")
        if wrapped:
            subprocess.run(["msgcat", "-o", str(old), str(old)], check=True)
        times = {}
        if shutil.which("msgmerge"):
            t = time.perf_counter()
            subprocess.run(["msgmerge", "--quiet", *layout, "-o", str(d / "merged.po"), str(old), str(pot)], check=True)
            times["msgmerge"] = time.perf_counter() - t
            # without fuzzy matching msgmerge does less than transnorm (the
            # changed entries lose their translation): a lower bound
            t = time.perf_counter()
            subprocess.run(["msgmerge", "--quiet", *layout, "-N", "-o", str(d / "merged-N.po"), str(old), str(pot)], check=True)
            times["msgmerge -N"] = time.perf_counter() - t
        t = time.perf_counter()
        template = catalogs.load(pot)
        msgs = [catalogs.Message(e.msgctxt, e.msgid, "en", e.comment, e.occurrences) for e in template]
        (d / "ours.po").write_text(catalogs.dumps(catalogs.update(catalogs.load(old), msgs, "pt")), encoding="utf-8")
        times["transnorm"] = time.perf_counter() - t
        print(f"{n:,} records ({2 * n:,} messages), 10% of the English changed, {'wrapped' if wrapped else 'unwrapped'}")
        for k, v in times.items():
            print(f"  {k:12} {v:6.2f} s")
        if "msgmerge" in times:
            print(f"  ratio      {times['transnorm'] / times['msgmerge']:.2f}x msgmerge, {times['transnorm'] / times['msgmerge -N']:.2f}x msgmerge -N")
    finally:
        shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
