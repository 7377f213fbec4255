"""Throughput of transnorm.fix_text against ftfy.fix_text on the same inputs.

Run: python benchmarks/fix_speed.py [--repeat N]
Prints MB/s for both and the ratio (transnorm / ftfy; above 1 is faster),
on the damaged seeds, on clean text, and on the clean copies damaged as
UTF-8 read as GB18030.  The language model tables are
loaded once before timing (their one-off load time is printed apart).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ftfy

from transnorm import fix_text, lm, ngram
from transnorm.repair import parse
from transnorm.chardata import decode_sequence

DATA = Path(__file__).resolve().parent.parent / "data"
DAMAGED = ["paper-reading.zh.md", "awesome-llm-paper.en.md", "efficient-llms-survey.en.md"]
CLEAN = ["efficient-llms-survey.pt.md", "efficient-llms-survey.zh-blog.md"]


#: memo caches of pure functions that fill up with one document's text:
#: cleared before every pass, with the model (its memos are its own), so
#: that each pass sees the documents for the first time, as a user's run
#: does (the language-model tables themselves stay loaded)
MEMOS = (lm.builtin, parse._completions, decode_sequence)


def _throughput(fn, texts: list[str], repeat: int, cold: bool = False, model=None) -> float:
    size = sum(len(t.encode("utf-8")) for t in texts) * repeat
    elapsed = 0.0
    for _ in range(repeat):
        if cold:
            for memo in MEMOS:
                memo.cache_clear()
            if model is not None:
                model._runs.clear()  # the trigram scores it remembers
        start = time.perf_counter()
        for t in texts:
            fn(t)
        elapsed += time.perf_counter() - start
    return size / elapsed / 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--lm", help="rescore with a Chinese word trigram model: a KenLM file, or 'auto' (see docs/trigram-model.md)")
    args = ap.parse_args()
    fix = (lambda text: fix_text(text, language_model=args.lm)) if args.lm else fix_text
    model = ngram.load(ngram.resolve(args.lm)) if args.lm else None
    t0 = time.perf_counter()
    for lang in ("zh", "pt", "en"):
        lm.word_table(lang)
    print(f"language model load (once per process): {time.perf_counter() - t0:.2f} s")
    print(f"{'input':10} {'transnorm MB/s':>15} {'ftfy MB/s':>10} {'ratio':>7}")
    rows = [(label, [(DATA / n).read_text(encoding="utf-8") for n in names]) for label, names in (("damaged", DAMAGED), ("clean", CLEAN))]
    # the clean Chinese and Portuguese copies as UTF-8 read as GB18030 (each
    # U+FFFD one lost byte): the CJK double-byte kind of damage
    rows.append(("gb18030", [t.encode("utf-8").decode("gb18030", errors="replace") for t in rows[1][1]]))
    for label, texts in rows:
        fix(texts[0])  # the tables (and the model) loaded (not timed)
        ours = _throughput(fix, texts, args.repeat, cold=True, model=model)
        theirs = _throughput(ftfy.fix_text, texts, args.repeat)
        print(f"{label:10} {ours:15.3f} {theirs:10.3f} {ours / theirs:7.2f}")


if __name__ == "__main__":
    main()
