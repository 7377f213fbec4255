"""Map each entry of a translated copy to its canonical English record.

With a link, the arXiv identifier decides.  Without one (the Portuguese copy
and the Chinese blog lost all their links) the evidence is what survives
translation: the acronym before the colon (`GPTQ:`), numbers, model names and
other untranslated tokens, cognate stems (`quantização`/`quantization`),
venue and year, and the order of the list.  Copies keep the English order
with insertions and deletions, so the mapping is a *monotone* alignment:

1. *Blocking.*  Each entry is reduced to features; an inverted index over
   canonical features gives every copy entry a short list of candidates
   (features shared by too many entries are not indexed), so the work grows
   with the number of entries, not its square.
2. *Scoring.*  A candidate pair scores the inverse-document-frequency weight
   of the features it shares, normalised, plus venue and year agreement.
3. *Order.*  Among candidate pairs, the set with increasing positions on both
   sides and the largest total score is chosen (a weighted longest increasing
   subsequence, O(k log k) with a Fenwick tree).  A copy entry with no pair in
   that set, or too weak a pair, maps to ``None``: entries the canonical list
   does not have are never forced onto a neighbour.
4. *Confidence.*  A logistic function of the pair's score and its margin over
   the entry's next candidate.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .chardata import HAN_RE
from .langid import detect
from .records import Entry

#: features present in more canonical entries than this are not indexed
MAX_DF = 40
#: candidates kept per copy entry
TOP_K = 6
#: a pair below this score is not a match, whatever the order says
MIN_SCORE = 0.30
#: how close an untranslated title must be to the canonical one
SAME_TITLE = 0.85


@dataclass(frozen=True)
class Mapping:
    """Where one entry of a copy maps to."""

    line: int
    text: str
    arxiv: str | None
    key: str | None
    score: float  # calibrated confidence, 0..1
    target: int | None = None  # index of the canonical entry

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "arxiv": self.arxiv, "key": self.key, "score": round(self.score, 3)}


@lru_cache(maxsize=1 << 18)
def _fold(text: str) -> str:
    if text.isascii():
        t = text.lower()
    else:
        t = unicodedata.normalize("NFKD", text)
        t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return _DOUBLE.sub(r"\1", t)  # efficient ~ eficiente


_DOUBLE = re.compile(r"(.)\1")


_TOKEN = re.compile(r"[^\W_]+(?:[-.][^\W_]+)*")
_STOP = frozenset(
    "a an and are as at by for from in into is of on or over the to via with without "
    "a o as os de da do das dos e em no na nos nas para por com sem um uma uns umas que se ao aos".split()
)


@lru_cache(maxsize=1 << 17)
def features(title: str) -> dict[str, float]:
    """Translation-surviving features of a title, with their kind's weight."""
    feats: dict[str, float] = {}
    head = title.split(":", 1)[0] if ":" in title[:60] else ""
    if head and len(head.split()) <= 4:
        feats["head:" + _fold(head).replace(" ", "")] = 3.0
    for tok in _TOKEN.findall(title):
        strong, weak = _token_features(tok)
        if strong:
            feats[strong] = 1.5
        if weak:
            feats.setdefault(weak[0], weak[1])
    return feats


@lru_cache(maxsize=1 << 16)
def _token_features(tok: str) -> tuple[str | None, tuple[str, float] | None]:
    low = _fold(tok)
    if low in _STOP:
        return None, None
    strong = None
    if any(c.isdigit() for c in tok):
        strong = "num:" + low
    elif sum(c.isupper() for c in tok) >= 2 or (tok[:1].islower() and any(c.isupper() for c in tok)):
        strong = "name:" + low  # GPTQ, LoRA, vLLM: kept by translators
    if len(low) >= 5 and low.isalpha():
        return strong, ("stem:" + low[:5], 1.0)
    if len(low) >= 3:
        return strong, ("word:" + low, 0.7)
    return strong, None


def _venue(v: str | None) -> str:
    return _fold(v or "").replace("neurlps", "neurips").replace("nips", "neurips").replace("neurneurips", "neurips")


@dataclass
class _Index:
    entries: list[Entry]
    feats: list[dict[str, float]]
    postings: dict[str, list[int]]
    idf: dict[str, float]
    norms: list[float]  # each entry's total feature weight


_INDEX_CACHE: dict[int, tuple[list[Entry], list[str], _Index]] = {}


def _index(entries: list[Entry]) -> _Index:
    """The canonical side's index; built once per list of entries (a sync
    aligns several copies to the same list)."""
    titles = [e.title for e in entries]
    hit = _INDEX_CACHE.get(id(entries))
    if hit is not None and hit[0] is entries and hit[1] == titles:
        return hit[2]
    idx = _build_index(entries)
    _INDEX_CACHE.clear()
    _INDEX_CACHE[id(entries)] = (entries, titles, idx)
    return idx


def _build_index(entries: list[Entry]) -> _Index:
    feats = [features(e.title) for e in entries]
    postings: dict[str, list[int]] = defaultdict(list)
    for j, f in enumerate(feats):
        for k in f:
            postings[k].append(j)
    n = len(entries)
    idf = {k: math.log(1 + n / len(v)) for k, v in postings.items()}
    norms = [sum(w * idf[k] for k, w in f.items()) or 1.0 for f in feats]
    return _Index(entries, feats, {k: v for k, v in postings.items() if len(v) <= MAX_DF}, idf, norms)


def _own_norm(cf: dict[str, float], idx: _Index) -> float:
    return sum(w * idx.idf.get(k, 1.0) for k, w in cf.items()) or 1.0


def _pair_score(cf: dict[str, float], idx: _Index, j: int, entry: Entry, untranslated: bool, own: float | None = None) -> float:
    ef = idx.feats[j]
    idf = idx.idf
    shared = sum(cf[k] * idf.get(k, 1.0) for k in cf.keys() & ef.keys())
    if own is None:
        own = _own_norm(cf, idx)
    score = shared / math.sqrt(idx.norms[j] * own)
    canon = idx.entries[j]
    if untranslated:
        # An untranslated title must be the same title (case, accents and
        # typos aside); a merely similar one is another paper.  For a
        # translated title, character overlap with English is noise.
        ratio = fuzz.ratio(_fold(entry.title), _fold(canon.title)) / 100.0
        score = ratio if ratio >= SAME_TITLE else 0.0
    if entry.year and canon.year:
        score += 0.1 if entry.year == canon.year else -0.15
    if entry.venue and canon.venue and _venue(entry.venue) == _venue(canon.venue):
        score += 0.05
    return score


def _same_language(entry: Entry) -> bool:
    """Whether a copy's entry kept the canonical (English) title."""
    return detect(entry.title).lang != "pt" and not HAN_RE.search(entry.title)


def _candidates(copy: list[Entry], idx: _Index) -> list[list[tuple[float, int]]]:
    out = []
    for e in copy:
        cf = features(e.title)
        same = _same_language(e)
        own = _own_norm(cf, idx)
        hits: dict[int, None] = {}
        for k in cf:
            for j in idx.postings.get(k, ()):
                hits[j] = None
        scored = sorted(((_pair_score(cf, idx, j, e, same, own), j) for j in hits), reverse=True)
        out.append(scored[:TOP_K])
    return out


class _Fenwick:
    """Prefix maximum over positions, with the argument that reached it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.tree: list[tuple[float, int]] = [(0.0, -1)] * (n + 1)

    def update(self, i: int, value: tuple[float, int]) -> None:
        i += 1
        while i <= self.n:
            if value > self.tree[i]:
                self.tree[i] = value
            i += i & -i

    def query(self, i: int) -> tuple[float, int]:
        """Best over positions < i."""
        best = (0.0, -1)
        while i > 0:
            if self.tree[i] > best:
                best = self.tree[i]
            i -= i & -i
        return best


def _monotone(pairs: list[tuple[int, int, float]], n_canon: int) -> dict[int, int]:
    """The increasing chain of (copy, canonical) pairs with the largest total
    score."""
    pairs = sorted(pairs, key=lambda p: (p[0], -p[1]))
    fen = _Fenwick(n_canon)
    back: list[int] = []
    total: list[float] = []
    for n, (_i, j, w) in enumerate(pairs):
        best, prev = fen.query(j)
        total.append(best + w)
        back.append(prev)
        fen.update(j, (best + w, n))
    if not pairs:
        return {}
    n = max(range(len(pairs)), key=lambda k: (total[k], -k))
    chosen: dict[int, int] = {}
    while n != -1:
        i, j, _w = pairs[n]
        chosen[i] = j
        n = back[n]
    return chosen


#: a pair inside a gap between two anchors needs this much evidence; when
#: the gap has as many entries on both sides, its place in the order adds
#: GAP_DIAGONAL to it.
GAP_MIN = 0.35
GAP_DIAGONAL = 0.25
GAP_MAX = 60


def _fill_gaps(copy: list[Entry], idx: _Index, chosen: dict[int, int]) -> dict[int, float]:
    """Entries left between two matched neighbours: translated titles with
    no surviving acronym or name.  The order narrows them down to the gap
    between the same anchors on the canonical side, where weaker evidence
    (cognates, venue and year, position) is enough.  Returns the score of
    each pair added to `chosen`."""
    anchors = [(-1, -1)] + sorted(chosen.items()) + [(len(copy), len(idx.entries))]
    added: dict[int, float] = {}
    for (ai, aj), (bi, bj) in zip(anchors, anchors[1:]):
        gi = list(range(ai + 1, bi))
        gj = list(range(aj + 1, bj))
        if not gi or not gj or len(gi) > GAP_MAX or len(gj) > GAP_MAX:
            continue
        square = len(gi) == len(gj)
        w = [[0.0] * len(gj) for _ in gi]
        for a, i in enumerate(gi):
            cf = features(copy[i].title)
            same = _same_language(copy[i])
            own = _own_norm(cf, idx)
            for b, j in enumerate(gj):
                sc = _pair_score(cf, idx, j, copy[i], same, own)
                if square and a == b:
                    sc += GAP_DIAGONAL
                w[a][b] = sc
        # weighted monotone matching inside the gap (small: plain DP)
        best = [[0.0] * (len(gj) + 1) for _ in range(len(gi) + 1)]
        for a in range(len(gi) - 1, -1, -1):
            for b in range(len(gj) - 1, -1, -1):
                take = w[a][b] + best[a + 1][b + 1] if w[a][b] >= GAP_MIN else -1.0
                best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
        a = b = 0
        while a < len(gi) and b < len(gj):
            if w[a][b] >= GAP_MIN and best[a][b] == w[a][b] + best[a + 1][b + 1]:
                chosen[gi[a]] = gj[b]
                added[gi[a]] = w[a][b]
                a += 1
                b += 1
            elif best[a][b] == best[a + 1][b]:
                a += 1
            else:
                b += 1
    return added


def _confidence(score: float, margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-(6.0 * (score - MIN_SCORE) + 4.0 * margin + 1.5)))


def _by_identifier(e: Entry, canonical: list[Entry], found: list[int]) -> int | None:
    """Of the canonical entries that share an identifier with `e` (a list
    names one paper in its news, a table and a list), the one of the same
    title, else of the same kind (a mention or an entry), else the first."""
    if not found:
        return None
    title = _fold(e.title)
    return min(found, key=lambda j: (_fold(canonical[j].title) != title, canonical[j].mention != e.mention, j))


def align(copy: list[Entry], canonical: list[Entry]) -> list[Mapping]:
    """One :class:`Mapping` per entry of `copy`, in document order."""
    by_ident: dict[str, list[int]] = defaultdict(list)
    for j, e in enumerate(canonical):
        for ident in e.identifiers:
            by_ident[ident].append(j)
    idx = _index(canonical)
    cands = _candidates(copy, idx)
    pairs = [(i, j, s) for i, cs in enumerate(cands) for s, j in cs if s >= MIN_SCORE]
    chosen = _monotone(pairs, len(canonical))
    gap_scores = _fill_gaps(copy, idx, chosen)
    out: list[Mapping] = []
    for i, e in enumerate(copy):
        text = e.title
        if e.identifiers:
            j = _by_identifier(e, canonical, [j for k in e.identifiers for j in by_ident.get(k, ())])
            if j is not None or e.arxiv:
                key = canonical[j].key if j is not None else e.key
                out.append(Mapping(e.line, text, e.arxiv, key, 1.0 if j is not None else 0.9, j))
                continue
        j = chosen.get(i)
        if j is None:
            out.append(Mapping(e.line, text, None, None, 0.0))
            continue
        if i in gap_scores:
            # placed by the order: its confidence is that of weaker evidence
            conf = 0.6 + 0.3 * min(1.0, (gap_scores[i] - GAP_MIN) / 0.4)
            out.append(Mapping(e.line, text, canonical[j].arxiv, canonical[j].key, conf, j))
            continue
        scores = dict((jj, s) for s, jj in cands[i])
        score = scores[j]
        others = [s for jj, s in scores.items() if jj != j]
        margin = score - max(others) if others else score
        canon = canonical[j]
        out.append(Mapping(e.line, text, canon.arxiv, canon.key, _confidence(score, margin), j))
    return out
