"""Real paper lists: init, sync, align and check on lists other people keep.

For each folder of ../shared/reallists/ (an English list `en.md`, its
Chinese copy `zh.md` and a hand-made `truth.json`; skipped when absent), a
repository is laid out as its maintainers have it (README.md beside
README_zh.md), then `transnorm init`, `sync` and `check` run on it as a user
runs them.  Printed per list:

* the truth's arXiv IDs of the canonical list that reach the records;
* the copy's arXiv IDs that the canonical list also has, aligned to it;
* headings, titles, descriptions, type cells and blocks of prose imported
  from the copy (prose: paragraphs, list items, cells...; fuzzy ones apart);
* what `check` reports (TN112: entries the copy lacks; the truth's count of
  IDs only in the English list beside it).

Usage: python benchmarks/reallists.py [REALLISTS_DIR] [--markdown | --write]
(--write puts the table into benchmarks/README.md)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "reallists"


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "transnorm", *cmd], cwd=cwd, capture_output=True, text=True)


def measure(folder: Path) -> dict:
    from transnorm.align import align
    from transnorm.config import load_config
    from transnorm.sources import canonical_records, load_canonical, load_document

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        shutil.copy(folder / "en.md", repo / "README.md")
        shutil.copy(folder / "zh.md", repo / "README_zh.md")
        init = run(["init"], repo)
        if init.returncode != 0:
            return {"list": folder.name, "error": init.stderr.strip()}
        sync = run(["sync"], repo)
        check = run(["check", "--format", "json"], repo)
        cfg = load_config(repo / "transnorm.toml")
        docs = load_canonical(cfg)
        records = canonical_records(docs)
        ids = {r.arxiv for r in records if r.arxiv}
        want = set(truth["files"]["en"]["arxiv_ids"])
        copy_src = next(c for c in cfg.copies)
        copy = load_document(copy_src, cfg.root)
        canon = docs[[c.path for c in cfg.canonical].index(cfg.canonical_of(copy_src).path)]
        shared = set(truth["files"]["zh"]["arxiv_ids"]) & want
        aligned = {e.arxiv for e, m in zip(copy.entries, align(copy.entries, canon.entries)) if e.arxiv and m.target is not None}
        po = polib.pofile(str(repo / "locales" / "zh" / "LC_MESSAGES" / "papers.po"))
        imported = Counter()
        for e in po:
            if "transnorm: imported from" in e.tcomment and e.msgstr and not e.obsolete:
                ctx = e.msgctxt or ""
                kind = "prose" if ctx.startswith("block|") else ctx.rsplit("|", 1)[-1]
                imported[kind + (" (fuzzy)" if kind == "prose" and "fuzzy" in e.flags else "")] += 1
        findings = json.loads(check.stdout or "[]")
        rules = Counter(f["rule"] for f in findings)
        missing = [f for f in findings if f["rule"] == "TN112" and f["line"] != 1]
        return {
            "list": folder.name,
            "canonical ids reached": f"{len(ids & want)}/{len(want)}",
            "copy ids aligned": f"{len(aligned & shared)}/{len(shared)}",
            "copy entries": copy_src and len([e for e in copy.entries if not e.mention]),
            "prose blocks": sum(1 for d in docs for b in d.blocks if b.kind != "toc"),
            "imported": dict(sorted(imported.items())),
            "check exit": check.returncode,
            "TN112 missing entries": len(missing),
            "truth: ids only in en": truth["copies"]["zh"]["n_only_in_en"],
            "findings": dict(sorted(rules.items())),
            "sync exit": sync.returncode,
        }


def main() -> None:
    from shared_data import folder_argument

    folder = folder_argument(DEFAULT)
    if folder is None:
        return
    os.environ.setdefault("TRANSNORM_JOBS", "1")
    rows = [measure(d) for d in sorted(folder.iterdir()) if (d / "truth.json").is_file()]
    if "--markdown" in sys.argv or "--write" in sys.argv:
        cols = ["list", "canonical ids reached", "copy ids aligned", "prose blocks", "imported", "TN112 missing entries", "truth: ids only in en", "check exit"]
        table = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        for r in rows:
            cells = [", ".join(f"{k} {v}" for k, v in r[c].items()) if isinstance(r.get(c), dict) else str(r.get(c, "")) for c in cols]
            table.append("| " + " | ".join(cells) + " |")
        print("\n".join(table))
        if "--write" in sys.argv:
            from readme_block import replace_block

            replace_block("reallists", "\n".join(table))
        return
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
