"""Scale benchmark: transnorm on synthetic paper lists of 1k, 10k, 100k records.

Generates, for each size, a project like the bundled one: a canonical English
list in the survey's format (sections of 50 entries, arXiv links), a
Portuguese copy (titles run through a small en->pt word table, links lost,
5% of the entries dropped or moved, 10% of the lines damaged by lossy
windows-1254 mojibake) and a Chinese blog copy (English titles run together
on long lines, 10% damaged).  Then times, each step in a fresh process with
its peak memory: `fix` of the damaged copies (and ftfy on the same input),
`sync` (first run, then a no-change re-run), `check`, `align`, and the
catalog update against GNU msgmerge (with 10% of the English changed).

Run: python benchmarks/scale.py [--sizes 1000 10000 100000] [--out benchmarks]
Writes benchmarks/results.json, a table in benchmarks/README.md (between
markers) and benchmarks/scale.png (time against size, if matplotlib is there).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable

WORDS = (
    "efficient accurate scalable sparse dynamic adaptive low-rank quantized distributed parallel "
    "fast robust unified lightweight structured hierarchical"
).split()
NOUNS = (
    "quantization pruning distillation attention decoding inference training adaptation "
    "compression retrieval alignment reasoning generation serving caching"
).split()
OBJECTS = ("large language models", "transformers", "mixture of experts", "long context", "instruction tuning", "edge devices")
PT = {
    "efficient": "eficiente", "accurate": "precisa", "scalable": "escalável", "sparse": "esparsa", "dynamic": "dinâmica",
    "adaptive": "adaptativa", "low-rank": "de baixo rank", "quantized": "quantizada", "distributed": "distribuída",
    "parallel": "paralela", "fast": "rápida", "robust": "robusta", "unified": "unificada", "lightweight": "leve",
    "structured": "estruturada", "hierarchical": "hierárquica", "quantization": "quantização", "pruning": "poda",
    "distillation": "destilação", "attention": "atenção", "decoding": "decodificação", "inference": "inferência",
    "training": "treinamento", "adaptation": "adaptação", "compression": "compressão", "retrieval": "recuperação",
    "alignment": "alinhamento", "reasoning": "raciocínio", "generation": "geração", "serving": "serviço",
    "caching": "cache", "for": "para", "large language models": "grandes modelos de linguagem",
    "transformers": "transformadores", "mixture of experts": "mistura de especialistas", "long context": "contexto longo",
    "instruction tuning": "ajuste de instruções", "edge devices": "dispositivos de borda",
}


def make_project(root: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "data").mkdir(parents=True)
    entries = []
    for i in range(n):
        head = "".join(rng.choice("ABCDEFGHKLMNPQRSTVWXZ") for _ in range(rng.randint(3, 6))) + f"{i % 97}"
        adj, noun, obj = rng.choice(WORDS), rng.choice(NOUNS), rng.choice(OBJECTS)
        en = f"{head}: {adj.capitalize()} {noun} for {obj}"
        pt = f"{head}: {PT[noun].capitalize()} {PT[adj]} para {PT[obj]}"
        year = 2018 + i % 7
        # unique up to 180k records: the number wraps at 90k, the year moves on
        ident = f"{19 + i % 5 + i // 90000:02d}{1 + i % 12:02d}.{10000 + i % 90000:05d}"
        entries.append((en, pt, year, ident))
    canon, copy_pt, blog = ["# Synthetic survey", ""], ["Pesquisa sintética", ""], ["# 合成综述", ""]
    order = list(range(n))
    for k in range(0, n, 200):  # 5%: moved or missing in the copy
        if k + 1 < n:
            order[k], order[k + 1] = order[k + 1], order[k]
    dropped = set(rng.sample(range(n), n // 20))
    for s in range(0, n, 50):
        canon += [f"## Section {s // 50}", ""]
        copy_pt += [f"Seção {s // 50}", ""]
        blog += [f"### Section {s // 50}"]
        run = []
        for i in range(s, min(n, s + 50)):
            en, _pt, year, ident = entries[i]
            canon.append(f"- {en}, <ins>arXiv, {year}</ins> [[Paper](https://arxiv.org/abs/{ident})]")
            run.append(f"- {en}, arXiv, {year} [] []")
        for i in order[s : s + 50]:
            if i not in dropped:
                _en, pt, year, _ident = entries[i]
                copy_pt.append(f"- {pt}, Arxiv, {year} [Papel]")
        blog += ["".join(run[j : j + 10]) for j in range(0, len(run), 10)]
        canon.append("")
        copy_pt.append("")

    def damage(lines: list[str]) -> list[str]:
        return [
            ln.encode("utf-8").decode("cp1254", "ignore").replace("\xad", "") if rng.random() < 0.10 and not ln.isascii() else ln
            for ln in lines
        ]

    (root / "data/survey.en.md").write_text("\n".join(canon) + "\n", encoding="utf-8")
    (root / "data/survey.pt.md").write_text("\n".join(damage(copy_pt)) + "\n", encoding="utf-8")
    (root / "data/survey.zh-blog.md").write_text("\n".join(damage(blog)) + "\n", encoding="utf-8")
    (root / "transnorm.toml").write_text(
        '[project]\nlocales = ["zh", "en", "pt"]\n\n[[canonical]]\npath = "data/survey.en.md"\nlang = "en"\n\n'
        '[[copy]]\npath = "data/survey.pt.md"\nlang = "pt"\nrepair_on_read = true\n\n'
        '[[copy]]\npath = "data/survey.zh-blog.md"\nlang = "zh"\nrepair_on_read = true\n\n[render]\noutput_dir = "rendered"\n',
        encoding="utf-8",
    )


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one command in a new process."""
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
        "dt = time.perf_counter() - t;"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode);"
        "sys.stderr.write(r.stderr.decode(errors='replace')[-2000:])"
    )
    out = subprocess.run([PY, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True)
    dt, rss, rc = out.stdout.split()
    if rc not in ("0", "1"):
        raise RuntimeError(f"{' '.join(cmd)} failed: {out.stderr[-2000:]}")
    return float(dt), float(rss)


def bench(n: int, keep: Path | None = None) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"transnorm-{n}-"))
    try:
        make_project(root, n)
        tn = [PY, "-m", "transnorm"]
        row: dict[str, float] = {"records": n}
        row["fix_s"], row["fix_mb"] = timed([*tn, "fix", "--check", "data/survey.pt.md", "data/survey.zh-blog.md"], root)
        code = "import ftfy,sys; [ftfy.fix_text(open(f, encoding='utf-8').read()) for f in sys.argv[1:]]"
        row["ftfy_s"], _ = timed([PY, "-c", code, "data/survey.pt.md", "data/survey.zh-blog.md"], root)
        row["align_s"], row["align_mb"] = timed([*tn, "align", "data/survey.pt.md", "--lang", "pt"], root)
        row["sync_first_s"], row["sync_first_mb"] = timed([*tn, "sync"], root)
        row["sync_again_s"], row["sync_again_mb"] = timed([*tn, "sync"], root)
        row["check_s"], row["check_mb"] = timed([*tn, "check"], root)
        # catalog update against msgmerge: 10% of the English titles change
        src = root / "data/survey.en.md"
        lines = src.read_text(encoding="utf-8").split("\n")
        for i in range(0, len(lines), 10):
            if lines[i].startswith("- "):
                lines[i] = lines[i].replace(": ", ": Revised ", 1)
        src.write_text("\n".join(lines), encoding="utf-8")
        # check with the sources changed since the last sync: it must
        # recompute a sync to name the files that are out of date
        row["check_stale_s"], row["check_stale_mb"] = timed([*tn, "check"], root)
        row["sync_changed_s"], _ = timed([*tn, "sync"], root)
        pot = root / "locales/papers.pot"
        po = root / "locales/pt/LC_MESSAGES/papers.po"
        if shutil.which("msgmerge"):
            row["msgmerge_s"], _ = timed(["msgmerge", "--quiet", "-o", "/dev/null", str(po), str(pot)], root)
            row["msgmerge_nofuzzy_s"], _ = timed(["msgmerge", "--quiet", "-N", "-o", "/dev/null", str(po), str(pot)], root)
        code = (
            "import sys; from transnorm import catalogs; from pathlib import Path;"
            "old = catalogs.load(Path(sys.argv[1])); pot = catalogs.load(Path(sys.argv[2]));"
            "msgs = [catalogs.Message(e.msgctxt, e.msgid, 'en', e.comment, e.occurrences) for e in pot];"
            "catalogs.dumps(catalogs.update(old, msgs, 'pt'))"
        )
        row["update_s"], _ = timed([PY, "-c", code, str(po), str(pot)], root)
        if "msgmerge_s" in row:
            row["update_ratio"] = row["update_s"] / row["msgmerge_s"]
        if keep:
            shutil.copytree(root, keep / f"project-{n}", dirs_exist_ok=True)
        return row
    finally:
        shutil.rmtree(root, ignore_errors=True)


def write_report(rows: list[dict], out: Path) -> None:
    (out / "results.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    cols = [
        ("records", "records", "{:,.0f}"),
        ("fix (s)", "fix_s", "{:.1f}"),
        ("ftfy (s)", "ftfy_s", "{:.1f}"),
        ("align (s)", "align_s", "{:.1f}"),
        ("sync first (s)", "sync_first_s", "{:.1f}"),
        ("sync again (s)", "sync_again_s", "{:.1f}"),
        ("check (s)", "check_s", "{:.1f}"),
        ("check, sources changed (s)", "check_stale_s", "{:.1f}"),
        ("catalog update (s)", "update_s", "{:.1f}"),
        ("msgmerge (s)", "msgmerge_s", "{:.1f}"),
        ("msgmerge -N (s)", "msgmerge_nofuzzy_s", "{:.1f}"),
        ("update / msgmerge", "update_ratio", "{:.2f}x"),
        ("peak MB (sync)", "sync_first_mb", "{:.0f}"),
        ("peak MB (check)", "check_mb", "{:.0f}"),
        ("peak MB (check, changed)", "check_stale_mb", "{:.0f}"),
    ]
    table = ["| " + " | ".join(c[0] for c in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        table.append("| " + " | ".join(c[2].format(r[c[1]]) if c[1] in r else "-" for c in cols) + " |")
    readme = out / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    start, end = "<!-- results -->", "<!-- /results -->"
    block = start + "\n" + "\n".join(table) + "\n" + end
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text += "\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return
    xs = [r["records"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, key in (("fix", "fix_s"), ("align", "align_s"), ("sync (first)", "sync_first_s"),
                       ("sync (no change)", "sync_again_s"), ("check", "check_s"),
                       ("check (sources changed)", "check_stale_s"), ("catalog update", "update_s"),
                       ("msgmerge", "msgmerge_s")):
        if all(key in r for r in rows):
            ax.loglog(xs, [r[key] for r in rows], marker="o", label=label)
    ax.set_xlabel("records")
    ax.set_ylabel("seconds (2-core machine)")
    ax.set_title("transnorm: time against list size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "scale.png", dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args()
    rows = []
    for n in args.sizes:
        t0 = time.perf_counter()
        row = bench(n)
        rows.append(row)
        print(json.dumps(row), f"({time.perf_counter() - t0:.0f} s)", flush=True)
        if "update_ratio" in row:
            print(f"{n:,} records: catalog update {row['update_s']:.2f} s, msgmerge {row['msgmerge_s']:.2f} s: "
                  f"{row['update_ratio']:.2f}x msgmerge's time", flush=True)
        write_report(rows, args.out)


if __name__ == "__main__":
    main()
