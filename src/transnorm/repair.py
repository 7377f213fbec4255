"""Mojibake repair that also recovers the bytes a lossy decode dropped.

How a repair is decided (ftfy decides per text; this decides per run of
suspicious characters, so clean paragraphs of a damaged file stay as they are):

1. *Runs.*  A run is a maximal stretch of characters that some single-byte
   codec produces from bytes >= 0x80 (see :mod:`transnorm.chardata`).
2. *Parse.*  Each run is mapped back to bytes through each codec that covers
   it and read as UTF-8.  A complete sequence is *strong* evidence.  A lead
   byte whose continuation bytes are missing is completed with the bytes that
   codec can drop (its undefined bytes, the soft hyphen, C1 controls...):
   *weak* evidence with candidates.  Anything else stays as it is.
3. *Profile.*  The document votes for one codec; among codecs that explain
   the text equally well, the one whose droppable bytes never occur in the
   text wins (their absence is the trace of the lossy decode).
4. *Choose.*  Candidates are chosen on word context by :mod:`transnorm.lm`.
5. *Accept.*  A run is replaced only if the language model prefers the
   repaired words to the original ones; a run with weak evidence only also
   needs a strong repair on the same line (or a Latin-1 letter result).
   This is what keeps `INTRODUÇÃO`, `naïve` and Chinese untouched.
6. *Repeat* on the replacement, for double encodings; then a second pass
   handles UTF-8 read as GBK (`浣犲ソ`).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, product
from pathlib import Path

from . import lm, ngram
from .markup import INLINE_LINK
from .chardata import (
    CODECS,
    EVIDENCE_RE,
    HAN_RANGES,
    SUSPECT_CHARS,
    SUSPECT_RE,
    Codec,
    char_class,
    codec_class,
    decode_sequence,
    is_continuation,
    regex_class,
    utf8_length,
)

__all__ = ["REVIEW_BELOW", "Repair", "fix_text", "fix_and_explain", "is_mojibake"]

#: nats the repaired text must gain over the original when the evidence is
#: only a lone lead byte (nothing decoded completely).
WEAK_MARGIN = 5.0
#: context (characters) each side of a choice that the language model sees.
CONTEXT = 6
#: at least this many continuation bytes must be seen before the absence of
#: a byte counts as evidence that the codec dropped it.
PROFILE_MIN_BYTES = 200
MAX_DEPTH = 3
#: nats a lost-byte reading pays when only a codec ranked below the chosen
#: one (for a text too short to profile) can produce it.
POOL_PENALTY = 3.0
#: complete sequences the best codec must have decoded in a document before
#: it vouches for that codec's lone leads on lines with no other damage
VOUCH_MIN = 8


#: confidence under which a repair deserves a human look: on the generated
#: corpus (the recoverable processes, 3,360 damaged lines) every line whose
#: repairs all reached it came out exactly right, and the 135 lines below it
#: held all 9 errors; in the user's seeds, all but three of the words that
#: still read wrong are below it
REVIEW_BELOW = 0.8


@dataclass(frozen=True, slots=True)
class Repair:
    """One repaired span of the input, and why."""

    line: int  # 1-based line of the input
    start: int  # offset in the input (for the GB18030 pass, in the text the
    end: int  # single-byte pass produced, when that pass changed anything)
    original: str
    replacement: str
    codec: str  # the decode path assumed, e.g. "utf-8 > windows-1254"
    bytes_restored: int  # bytes the bad decode lost that were put back
    confidence: float  # 0..1: how sure the choice among candidates is


@dataclass
class _Unit:
    start: int  # offsets within the run
    end: int
    candidates: tuple[str, ...]  # one entry: certain; () : keep as is
    inserted: int = 0  # bytes restored
    strong: bool = False
    #: an incomplete sequence that still has a continuation byte: better
    #: evidence than a lone lead, which is how clean accented text looks.
    medium: bool = False
    #: nats a candidate pays because only a less likely codec produces it
    penalty: dict[str, float] = field(default_factory=dict)


@dataclass
class _Parse:
    codec: Codec
    units: list[_Unit]
    strong: int = 0
    weak: int = 0
    kept: int = 0
    observed: set[int] = field(default_factory=set)

    @property
    def quality(self) -> tuple[int, int]:
        """How well the codec explains the run: complete sequences count
        double, lone leads once, less the bytes it had to invent and twice
        the characters it cannot place."""
        inserted = sum(u.inserted for u in self.units)
        return (2 * self.strong + self.weak - 2 * self.kept - inserted, self.strong)


def _plausible(ch: str) -> bool:
    """A lost-byte completion must be a visible character: invisible format
    characters (bidi marks, odd spaces) are what a repair must never invent.
    The emoji joiners (VS16, ZWJ) are allowed; the language model admits a
    ZWJ only between two emoji."""
    return char_class(ch) != "other" and unicodedata.category(ch)[0] in "LNPS" or ch in "\ufe0f\u200d"


#: invisible characters a complete sequence may decode to: the no-break
#: space and ZWJ of real text, and the soft hyphen and C1 controls that
#: appear half-way through undoing a double encoding.
_INTERMEDIATE = frozenset("\u00a0\u200d\u00ad") | frozenset(map(chr, range(0x80, 0xA0)))


_CODEC_BY_NAME = {c.name: c for c in CODECS}


def _complete(got: list[int], length: int, codec: Codec) -> tuple[str, ...]:
    """Every character the sequence could have been, restoring the missing
    continuation bytes from those the codec can drop."""
    return _completions(tuple(got), length, codec.name)


@lru_cache(maxsize=1 << 14)
def _completions(got: tuple[int, ...], length: int, codec_name: str) -> tuple[str, ...]:
    # the same truncated sequences recur all through a document
    codec = _CODEC_BY_NAME[codec_name]
    missing = length - len(got)
    fill = sorted(b for b in codec.droppable if is_continuation(b))
    out: dict[str, None] = {}
    tail = got[1:]
    for slots in combinations(range(1, length), missing):
        for values in product(fill, repeat=missing):
            seq = [got[0]]
            it_tail, it_val = iter(tail), iter(values)
            for pos in range(1, length):
                seq.append(next(it_val) if pos in slots else next(it_tail))
            ch = decode_sequence(bytes(seq))
            if ch is not None and _plausible(ch):
                out[ch] = None
    return tuple(out)


def _parse(run: str, codec: Codec, nbsp_mode: bool = False) -> _Parse | None:
    to_byte = codec.to_byte
    try:
        bs = [0x20 if ch == " " else to_byte[ch] for ch in run]
    except KeyError:
        return None
    n = len(bs)
    p = _Parse(codec, [])
    i = 0
    while i < n:
        length = utf8_length(bs[i])
        if length == 0:
            p.units.append(_Unit(i, i + 1, ()))
            if bs[i] != 0x20:
                p.kept += 1
            i += 1
            continue
        got = [bs[i]]
        j = i + 1
        while j < n and len(got) < length:
            b = bs[j]
            if is_continuation(b):
                got.append(b)
            elif (
                b == 0x20
                and codec.nbsp_byte is not None
                and len(got) + 1 < length
                and j + 1 < n
                and is_continuation(bs[j + 1])
            ):
                got.append(codec.nbsp_byte)  # a no-break space became a space
            else:
                break
            j += 1
        if len(got) == length:
            ch = decode_sequence(bytes(got))
            if ch is None or not ch.isprintable() and ch not in _INTERMEDIATE:
                p.units.append(_Unit(i, i + 1, ()))
                p.kept += 1
                i += 1
                continue
            restored = run[i:j].count(" ")
            p.units.append(_Unit(i, j, (ch,), restored, strong=True))
            p.strong += 1
            p.observed.update(got[1:])
        else:
            cands = _complete(got, length, codec)
            if nbsp_mode and j < n and bs[j] == 0x20 and codec.nbsp_byte is not None and len(got) < length:
                # a no-break space that became a space may continue the
                # sequence (`ç ` of 码, E7 A0 81, whose last byte was lost
                # too): the unit takes the space, each reading without it
                # keeps its text
                if len(got) + 1 == length:
                    ch = decode_sequence(bytes(got + [codec.nbsp_byte]))
                    more = (ch,) if ch is not None and (_plausible(ch) or ch == "\xa0") else ()
                else:
                    more = tuple(c for c in _complete(got + [codec.nbsp_byte], length, codec) if c not in cands)
                if more:
                    cands = tuple(c + " " for c in cands) + more
                    j += 1
            if not cands:
                p.units.append(_Unit(i, i + 1, ()))
                p.kept += 1
                i += 1
                continue
            p.units.append(_Unit(i, j, cands, length - len(got), medium=len(got) > 1))
            p.weak += 1
            p.observed.update(got[1:])
        i = j
    return p


def _run_pattern(nbsp_as_space: bool) -> re.Pattern[str]:
    cls = regex_class(SUSPECT_CHARS)
    if nbsp_as_space:
        return re.compile(f"[{cls}]+(?: [{cls}]+)* ?")
    return re.compile(f"[{cls}]+")


_RUN_RE = {flag: _run_pattern(flag) for flag in (False, True)}


class _Profile:
    """What a whole document says about its codecs, gathered run by run.

    Only counts are kept, never the runs' parses: a document's parses take
    tens of bytes per character, so a 20 MB line's would not fit in memory;
    the parses are made again, a line at a time, when the line is fixed."""

    def __init__(self) -> None:
        self.votes: dict[str, int] = {}
        self.observed: dict[str, set[int]] = {}
        self.evidence = 0  # bytes of complete sequences (PROFILE_MIN_BYTES)
        #: runs by how their codecs rank: the strong sequences each codec
        #: reads there, to count what the chosen codec proves
        self.strong: dict[tuple, dict[str, int]] = {}

    def add(self, options: list[_Parse]) -> None:
        if not options:
            return
        best = max(p.quality for p in options)
        for p in options:
            if p.quality == best:
                self.votes[p.codec.name] = self.votes.get(p.codec.name, 0) + 1
            self.observed.setdefault(p.codec.name, set()).update(p.observed)
        self.evidence += sum(len(u.candidates[0].encode("utf-8")) - 1 for u in options[0].units if u.strong)
        counts = self.strong.setdefault(tuple((p.codec.name, p.quality) for p in options), {})
        for p in options:
            counts[p.codec.name] = counts.get(p.codec.name, 0) + p.strong

    @property
    def profiled(self) -> bool:
        return self.evidence >= PROFILE_MIN_BYTES

    def order(self) -> list[Codec]:
        """The codecs by how well they explain the whole document."""
        profiled = self.profiled

        def key(c: Codec) -> tuple[int, int, int]:
            absent = 0
            if profiled:
                obs = self.observed.get(c.name, set())
                absent = sum(1 for b in c.droppable if is_continuation(b) and b not in obs)
                if obs & c.droppable - {c.nbsp_byte or -1, 0xAD}:
                    absent = -1  # it claims to drop a byte the text shows
            return (self.votes.get(c.name, 0), absent, -CODECS.index(c))

        return sorted(CODECS, key=key, reverse=True)

    def proven(self, order: list[Codec]) -> int:
        """Complete sequences of the first codec in the runs it is chosen
        for (see _pick: the best quality, then the order)."""
        rank = {c.name: i for i, c in enumerate(order)}
        total = 0
        for sig, counts in self.strong.items():
            chosen = min(sig, key=lambda cq: (tuple(-q for q in cq[1]), rank[cq[0]]))[0]
            if chosen == order[0].name:
                total += counts[chosen]
        return total


def _pick(options: list[_Parse], order: list[Codec], profiled: bool) -> _Parse | None:
    """The parse of a run under the best codec.  Without a document profile
    (a short text), codecs that parse the run equally well are
    indistinguishable, so their lost-byte candidates are pooled and the
    language model decides."""
    if not options:
        return None
    rank = {c.name: i for i, c in enumerate(order)}
    best = min(options, key=lambda p: (tuple(-q for q in p.quality), rank[p.codec.name]))
    if profiled or not best.weak:
        return best
    spans = [(u.start, u.end) for u in best.units]
    units = [replace(u, penalty=dict(u.penalty)) for u in best.units]
    for other in options:
        if other is best or other.quality != best.quality or [(u.start, u.end) for u in other.units] != spans:
            continue
        for mine, theirs in zip(units, other.units):
            if mine.candidates and not mine.strong:
                extra = [c for c in theirs.candidates if c not in mine.candidates]
                mine.candidates += tuple(extra)
                # the less likely codec's readings pay for it
                mine.penalty.update((c, POOL_PENALTY) for c in extra)
    return _Parse(best.codec, units, best.strong, best.weak, best.kept, best.observed)


@dataclass
class _Slot:
    pos: int  # offset in the working line
    candidates: tuple[str, ...]
    penalty: dict[str, float] = field(default_factory=dict)
    choice: int = 0
    confidence: float = 1.0
    #: readings of the next slot that make a glossary term with a reading of
    #: this one (see _with_partner)
    partners: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def readings(self) -> set[str]:
        """The characters the slot can be, without the space some readings
        keep (see _bare)."""
        return {_bare(c) for c in self.candidates}


def _bare(reading: str) -> str:
    """A reading without the space it took along (`“ `: a no-break space
    that became a space may have been the sequence's own byte, so each
    reading that did not use it keeps it): the rules on marks read the
    mark."""
    return reading[:-1] if len(reading) == 2 and reading[1] == " " else reading


def _window(chars: list[str], pos: int) -> tuple[str, str]:
    return _span(chars, pos - CONTEXT, pos, right=False), _span(chars, pos + 1, pos + 1 + CONTEXT, left=False)


#: how far (characters) a window is widened so as not to cut a word
WORD_REACH = 24


def _span(chars: list[str], lo: int, hi: int, left: bool = True, right: bool = True) -> str:
    """`chars[lo:hi]`, with the line's edges marked where the span reaches
    them: a mark that ends a line (`如下：`) is not the one that joins two
    clauses (`，`).  An outer edge (`left`, `right`) that falls inside a
    Latin-script word moves to the word's edge: the model prices whole words
    (`transferível` is a word, `ansferível` and `ansferável` are both
    unknown)."""
    lo = max(0, lo)
    if left:
        stop = max(0, lo - WORD_REACH)
        while lo > stop and lo < len(chars) and _letter(chars[lo - 1][-1:]) and _letter(chars[lo][:1]):
            lo -= 1
    if right:
        stop = min(len(chars), hi + WORD_REACH)
        while 0 < hi < stop and _letter(chars[hi - 1][-1:]) and _letter(chars[hi][:1]):
            hi += 1
    text = "".join(chars[lo:hi])
    if lo <= 0:
        text = lm.LINE_EDGE + text
    if hi >= len(chars):
        text += lm.LINE_EDGE
    return text


#: hypotheses kept per group of neighbouring ambiguous characters.
BEAM = 10


def _groups(slots: list[_Slot]) -> list[list[_Slot]]:
    """Ambiguous characters close enough to share a word are decided jointly
    (`提升` needs both characters to change at once)."""
    groups: list[list[_Slot]] = []
    for s in slots:
        if groups and s.pos - groups[-1][-1].pos <= 3:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


#: a candidate this many nats below the best one in the same context is not
#: worth a joint search.
PRUNE = 12.0


def _prune(slot: _Slot, chars: list[str], full: tuple[str, ...], keep_too: tuple[str, ...] = ()) -> None:
    """Keep the candidates (of `full`) that read best in their context
    (neighbours at their current guess), and those of `keep_too`: a rare
    character that completes a word (`析` of `分析`) must survive, a
    frequent one that fits nothing need not."""
    if any(char_class(c[0]) == "latin" for c in full):
        slot.candidates = full
        return  # a letter is judged only inside its word
    left, right = _window(chars, slot.pos)
    # two lost bytes give 64 readings, most of them characters no text
    # uses: those are scored only if nothing else is left
    idx = [i for i, c in enumerate(full) if not lm.is_han(c[0]) or lm.known_han(c[0]) or c in keep_too]
    if not idx:
        idx = list(range(len(full)))
    score = lm.splice(left, right)
    scores = {i: score(full[i]) - slot.penalty.get(full[i], 0.0) for i in idx}
    top = max(scores.values())
    keep = sorted((i for i, sc in scores.items() if sc >= top - PRUNE), key=lambda i: -scores[i])[:10]
    keep = set(keep) | {i for i, c in enumerate(full) if c in keep_too}
    slot.candidates = tuple(full[i] for i in sorted(keep))


def _resolve(chars: list[str], slots: list[_Slot]) -> None:
    """Beam search over each group of ambiguous characters, scoring every
    partial hypothesis on its words with the language model; the survivors
    are rescored with the right-hand context.

    Candidates are pruned in context, and the context of a character next
    to another ambiguous one is itself a guess (`协` of `协同` reads badly
    beside the first guess for `同`); so after a first search, each slot's
    candidates are pruned again beside the neighbours' chosen readings and
    a choice that changes is searched again."""
    full = [s.candidates for s in slots]
    # each neighbour starts as its likeliest reading on its own: the first
    # pruning reads a slot beside them, and where the search keeps them
    # the second pruning finds its windows already scored
    for slot in slots:
        chars[slot.pos] = max(slot.candidates, key=lambda c: (lm.text_logprob(c) - slot.penalty.get(c, 0.0)))
    pairs = _pair_words(slots, full)
    for i, (slot, cands) in enumerate(zip(slots, full)):
        _prune(slot, chars, cands, keep_too=pairs.get(i, ()))
    _search(chars, slots)
    close = [i for i, s in enumerate(slots) if len(full[i]) > 1 and any(0 < abs(s.pos - o.pos) <= CONTEXT for o in slots)]
    if not close:
        return
    before = [s.candidates for s in slots]
    for i in close:
        slot = slots[i]
        _prune(slot, chars, full[i], keep_too=before[i])
    if [s.candidates for s in slots] != before:
        _search(chars, slots)


#: words two neighbouring ambiguous characters can make together, kept
#: through pruning
PAIR_WORDS = 3


def _pair_words(slots: list[_Slot], full: list[tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """The readings of two neighbouring ambiguous characters that make one of
    the likeliest words together (`挑战`, `吞吐`, each character two lost
    bytes from 64 readings): each alone reads no better than its
    neighbour's first guess allows, and pruning beside that guess would
    drop it before the search could pair them."""
    pairs = lm.known_pairs()
    keep: dict[int, set[str]] = {}
    for i in range(len(slots) - 1):
        if slots[i + 1].pos != slots[i].pos + 1 or len(full[i]) * len(full[i + 1]) <= 4:
            continue
        seconds = set(full[i + 1])
        words = sorted((lp, a, b) for a in full[i] for b, lp in pairs.get(a, ()) if b in seconds)
        for _lp, a, b in words[-PAIR_WORDS:]:
            keep.setdefault(i, set()).add(a)
            keep.setdefault(i + 1, set()).add(b)
            if lm.is_glossary_term(a + b):
                slots[i].partners[a] = slots[i].partners.get(a, ()) + (b,)
    return {i: tuple(sorted(v)) for i, v in keep.items()}


def _search(chars: list[str], slots: list[_Slot]) -> None:
    for group in _groups(slots):
        lo = max(0, group[0].pos - CONTEXT)
        beam: list[tuple[tuple[int, ...], float]] = [((), 0.0)]
        for k, slot in enumerate(group):
            grown = []
            for assign, _score in beam:
                for i, _ in enumerate(group[:k]):
                    chars[group[i].pos] = group[i].candidates[assign[i]]
                prefix = _span(chars, lo, slot.pos, right=False)
                # the right-hand neighbours at their current guesses: a
                # character that only makes a word with the next one (`协`
                # of `协同`) must not fall out of the beam before it
                suffix = _span(chars, slot.pos + 1, slot.pos + 1 + CONTEXT, left=False)
                score = lm.splice(prefix, suffix)
                for ci, cand in enumerate(slot.candidates):
                    if slot.partners.get(cand):
                        lp = max(score(cand), _with_partner(chars, slot, group, k, prefix, cand))
                    else:
                        lp = score(cand)
                    grown.append((assign + (ci,), lp - slot.penalty.get(cand, 0.0)))
            grown.sort(key=lambda h: -h[1])
            beam = grown[:BEAM]
        # the last slot's window spans the whole group and its right-hand
        # context: its score is the hypothesis' score, which now pays for
        # the earlier slots' penalties too
        final = []
        for assign, score in beam:
            cost = sum(s.penalty.get(s.candidates[a], 0.0) for s, a in zip(group[:-1], assign))
            final.append((assign, score - cost))
        model = ngram.current()
        if model is not None and len(final) > 1:
            final = _rescore(chars, group, lo, final, model)
        final.sort(key=lambda h: -h[1])
        best, top = final[0]
        weights = [math.exp(sc - top) for _a, sc in final]
        z = sum(weights)
        for i, slot in enumerate(group):
            slot.choice = best[i]
            chars[slot.pos] = slot.candidates[best[i]]
            agree = sum(w for (a, _), w in zip(final, weights) if a[i] == best[i])
            slot.confidence = agree / z


def _rescore(
    chars: list[str], group: list[_Slot], lo: int, final: list[tuple[tuple[int, ...], float]], model: ngram.TrigramModel
) -> list[tuple[tuple[int, ...], float]]:
    """The hypotheses the search kept, each with the word trigram model's
    score of the group's window added (see ngram.py): which words stand on
    either side decides 与, 不 and 中 (设计与训练), 道路 after 铺平了."""
    hi = group[-1].pos + 1 + CONTEXT
    out = []
    for assign, score in final:
        for slot, a in zip(group, assign):
            chars[slot.pos] = slot.candidates[a]
        out.append((assign, score + model.score(_span(chars, lo, hi))))
    return out


def _with_partner(chars: list[str], slot: _Slot, group: list[_Slot], k: int, prefix: str, cand: str) -> float:
    """The score of `cand` beside the next slot read as its partner in a
    glossary term (`吞` before `吐`, not before the next slot's guess `后`):
    otherwise the first character of a term whose two characters both lost
    bytes falls out of the beam before the second can join it.  Only for the
    glossary's terms: for every word the lists know, the search would find
    news words the neighbours' guesses keep out (`颁发表格` for `面向表格`)."""
    nxt = slot.pos + 1
    if k + 1 >= len(group) or group[k + 1].pos != nxt:
        return -math.inf
    guess, best = chars[nxt], -math.inf
    for b in slot.partners[cand]:
        if b in group[k + 1].candidates:
            chars[nxt] = b
            best = max(best, lm.splice(prefix, _span(chars, nxt, nxt + CONTEXT, left=False))(cand))
    chars[nxt] = guess
    return best


def _letter(ch: str) -> bool:
    return ch.isalpha() and not lm.is_han(ch)


_BOUNDARY = re.compile(r"[\s<>\[\]()|*`#\"'=,.;:!?/]")


def _context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and start - lo < 20 and not _BOUNDARY.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 20 and not _BOUNDARY.match(text[hi]):
        hi += 1
    return lo, hi


@dataclass
class _Candidate:
    start: int
    end: int
    parse: _Parse
    chars: list[str] = field(default_factory=list)  # replacement pieces
    slots: list[int] = field(default_factory=list)  # indexes into line slots


#: cost of each full-width bracket a reading leaves unmatched in its line
BRACKET = 4.0
_OPEN, _CLOSE = "（【《「『“", "）】》」』”"


def _bracket_penalties(work: list[str], slots: list[_Slot]) -> None:
    """Full-width brackets come in pairs within a line: a reading that
    opens one no later character closes (`Survey（Efficient`, against
    `Survey：`), or closes one no earlier character opened, pays for it; the
    language model's context window is too short to see the partner.  Only
    characters already certain count as partners."""
    fixed = {s.pos for s in slots}
    for slot in slots:
        if not any(b in _OPEN or b in _CLOSE for b in slot.readings):
            continue
        extra = dict(slot.penalty)
        for c in slot.candidates:
            b = _bare(c)
            if b in _OPEN:
                partner = _CLOSE[_OPEN.index(b)]
                span = range(slot.pos + 1, len(work))
            elif b in _CLOSE:
                partner = _OPEN[_CLOSE.index(b)]
                span = range(slot.pos)
            else:
                continue
            if not any(_bare(work[i]) == partner for i in span if i not in fixed):
                extra[c] = extra.get(c, 0.0) + BRACKET
        slot.penalty = extra
    # A certain bracket left unmatched by the certain ones wants a partner:
    # the nearest uncertain character that can be it, and only that one
    # (`模型（LLMs）`, where `（` and `，` are one lost byte apart).
    for i in _unmatched(work, fixed):
        ch = work[i]
        want = _OPEN[_CLOSE.index(ch)] if ch in _CLOSE else _CLOSE[_OPEN.index(ch)]
        near = [s for s in slots if want in s.readings and (s.pos < i if ch in _CLOSE else s.pos > i)]
        if not near:
            continue
        slot = max(near, key=lambda s: s.pos) if ch in _CLOSE else min(near, key=lambda s: s.pos)
        _favour(slot, want, BRACKET)


def _favour(slot: _Slot, reading: str, cost: float) -> None:
    """Every other reading of the slot pays `cost`."""
    slot.penalty = {**slot.penalty, **{c: slot.penalty.get(c, 0.0) + cost for c in slot.candidates if _bare(c) != reading}}


#: cost of a reading that ends a question with anything but `？`
QUESTION = 3.0
#: how far back (characters) a question's interrogative word is looked for
QUESTION_REACH = 80
_INTERROGATIVES = ("什么", "怎么", "怎样", "如何", "哪", "谁", "吗", "呢", "是否", "多少")
_INTERROGATIVE_EN = re.compile(r"(?i)\b(?:why|what|how|which|who)\b")
_CLAUSE_END = frozenset("。！？!?")


def _question_penalties(work: list[str], slots: list[_Slot]) -> set[int]:
    """A clause that asks (为什么需要高效LLMs？) ends with a question mark:
    the readings of a slot that could be `？` pay for anything else there
    when the clause before it holds an interrogative word, which lies
    beyond the language model's window.  An ambiguous character of the
    clause counts as any of its readings (么 of 什么 may have lost a byte
    too), beside a certain one of its word.  Returns the positions of the
    slots that end a question."""
    options = {s.pos: s.readings for s in slots}
    asking = set()
    for slot in slots:
        if "？" not in slot.readings:
            continue
        start = slot.pos
        stop = max(0, slot.pos - QUESTION_REACH)
        while start > stop and not (work[start - 1] in _CLAUSE_END and start - 1 not in options):
            start -= 1
        cells = [options.get(i) or {work[i]} for i in range(start, slot.pos)]
        if _asks(cells, "".join(work[start : slot.pos])):
            _favour(slot, "？", QUESTION)
            asking.add(slot.pos)
    return asking


#: cost of a sentence-final particle read before more Chinese
PARTICLE = 4.0
_FINAL_PARTICLES = frozenset("吗呢")


def _particle_penalties(work: list[str], slots: list[_Slot]) -> None:
    """`吗` and `呢` end a sentence: a reading of one that more Han text
    follows pays, unless the two make a word (吗啡).  wordfreq counts chat
    and subtitles, where `吗` is everywhere, so the model alone reads
    `事务块结束` as `事务吗结束` (块 and 吗 are one lost byte apart)."""
    options = {s.pos: s.readings for s in slots}
    for slot in slots:
        particles = slot.readings & _FINAL_PARTICLES
        following = _cells(work, options, slot.pos + 1)
        if not particles or len(slot.readings) < 2 or not following:
            continue
        if not all(len(n) == 1 and lm.is_han(n) for n in following):
            continue
        for c in slot.candidates:
            p = _bare(c)
            if p in particles and not _makes_word({p}, following):
                slot.penalty = {**slot.penalty, c: slot.penalty.get(c, 0.0) + PARTICLE}


#: cost of `不` read before a Latin word
NEGATION = 3.0


def _negation_penalties(work: list[str], slots: list[_Slot]) -> None:
    """`不` negates a verb or an adjective, and a Latin word in Chinese text
    is a name or a term: a reading of `不` before one (`诊断 GPT2-XL 不 ICL
    错误`) pays, where `中` and `与` (one lost byte apart) stand there often
    (`GPT2-XL 中`, `与 LoRA`; none of 46,000 Chinese catalog messages of this
    machine has `不` before a Latin word, 45 have `中` or `与`).  So does a
    `不` outside a word in a title, which names things and coordinates them
    (`大模型文本的处理与对齐`; the Chinese manual pages' section titles have
    37 `和`, `及` and `与` between Han characters and 2 `不`, both of `不同`),
    in headings and in the links to them."""
    titles = _title_spans(work)
    options = {s.pos: s.readings for s in slots}
    for slot in slots:
        if "不" not in slot.readings or len(slot.readings) < 2:
            continue
        k = slot.pos + 1
        if k < len(work) and work[k] == " ":
            k += 1
        latin = k < len(work) and work[k][:1].isascii() and work[k][:1].isalpha()
        title = any(a <= slot.pos < b for a, b in titles) and not _reading_makes_word(work, options, slot.pos, "不")
        if latin or title:
            for c in slot.candidates:
                if _bare(c) == "不":
                    slot.penalty = {**slot.penalty, c: slot.penalty.get(c, 0.0) + NEGATION}


#: cost of `中` between two Han characters of a title, against `与`
TITLE_LOCATIVE = 2.0
#: what before a `中` in a title makes it the close of a locative phrase
#: (`在 Calc 中查找`, `从单元格区域中删除`)
_LOCATIVE_HEADS = frozenset("在从于向其")


def _title_locative_penalties(work: list[str], slots: list[_Slot]) -> None:
    """A title coordinates (`优化与扩展`, `查找与替换`); `中` between two
    words of one (`公式中可使用通配符`) closes a locative phrase whose head
    (`在`, `从`) the title has, or precedes `的` (`文档中的位置`): in the
    section titles of the Chinese manual pages and of LibreOffice's help
    and the Debian manuals, 98 `与` stand between Han characters against
    11 `中` outside a word with neither (35 with the words: 选中, 居中,
    中断).  So a reading of `中` there pays where `与` is another reading
    of its slot, in a word or not: the lists know so many `中X` pairs
    (中部, 中外, 集中) that sparing them spared nearly every slot, and a real
    word (居中对齐) still outweighs the cost.  The seeds' heading
    `## 高效优化与扩展` and its table-of-contents link otherwise sat on a
    0.01-nat tie with `优化中扩展`."""
    titles = _title_spans(work)
    if not titles:
        return
    options = {s.pos: s.readings for s in slots}
    for slot in slots:
        if not {"中", "与"} <= slot.readings:
            continue
        i = slot.pos
        span = next(((a, b) for a, b in titles if a <= i < b), None)
        if span is None or not (span[0] < i < span[1] - 1):
            continue
        before, after = _cells(work, options, i - 1), _cells(work, options, i + 1)
        if not all(len(c) == 1 and lm.is_han(c) for c in before | after) or "的" in after:
            continue
        if any(work[k] in _LOCATIVE_HEADS and k not in options for k in range(span[0], i)):
            continue
        for c in slot.candidates:
            if _bare(c) == "中":
                slot.penalty = {**slot.penalty, c: slot.penalty.get(c, 0.0) + TITLE_LOCATIVE}


#: a Markdown heading, and a link to one (a table of contents)
_HEADING = re.compile(r"\s*(?:>\s*)*#{1,6}\s")
_ANCHOR_LINK = re.compile(INLINE_LINK.pattern.replace(r"([^)\s]*)", r"(#[^)\s]*)", 1))


def _title_spans(work: list[str]) -> list[tuple[int, int]]:
    """Where a line holds title text: each link to a heading, then the
    whole line if it is a heading (the innermost span first)."""
    line = "".join(work)
    spans = [(m.start(), m.end()) for m in _ANCHOR_LINK.finditer(line)] if "](#" in line else []
    return spans + [(0, len(work))] if _HEADING.match(line) else spans


#: cost of a reading that leaves a correlative construction without its head
CORRELATIVE = 3.0
#: the second halves of `与 ... X` (与模型规模之间, 与微调不同, 与输入长度呈平方关系)
_WITH_PARTNERS = ("之间", "相比", "不同", "相同", "类似", "相似", "一致", "一样", "有关", "无关", "相关", "结合", "呈", "成比例", "成正比", "对比")
_PARTNERS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _w in _WITH_PARTNERS:
    _PARTNERS_BY_FIRST[_w[0]] = _PARTNERS_BY_FIRST.get(_w[0], ()) + (_w,)
#: what ends the clause a correlative construction lies in
_CLAUSE_MARKS = frozenset("，。；：！？,;!?\n")
#: how far (characters) after `与` its partner is looked for
CORRELATIVE_REACH = 60


def _correlative_penalties(work: list[str], slots: list[_Slot]) -> None:
    """Chinese pairs `与` with a second half later in its clause (`与 X
    之间`, `与 X 不同`, `与 X 相比`), and `在` with a `中` that closes its
    phrase: `与`, `不` and `中` are one lost byte apart (E4 B8 8E, 8D, AD),
    and the other half lies beyond the language model's window.  A slot
    that could be `与` is weighed towards it when its clause, after it,
    holds a second half; every such slot is, the language model choosing
    among them (其中 stays a word).  An ambiguous character of the clause
    counts as any of its readings."""
    options = {s.pos: s.readings for s in slots}
    heads = [s for s in slots if "与" in s.readings]
    if heads:
        # where a second half can be read (start, end), and where clauses end
        halves = []
        for k in range(len(work)):
            for c in options.get(k, work[k]):
                for word in _PARTNERS_BY_FIRST.get(c, ()):
                    end = k + len(word)
                    if end <= len(work) and all(ch in (options.get(k + n) or work[k + n]) for n, ch in enumerate(word)):
                        halves.append((k, end))
        ends = [k for k in range(len(work)) if work[k] in _CLAUSE_MARKS and k not in options] + [len(work)]
        for slot in heads:
            stop = min(ends[bisect.bisect_right(ends, slot.pos)], slot.pos + 1 + CORRELATIVE_REACH)
            if any(slot.pos < a and b <= stop for a, b in halves):
                _favour(slot, "与", CORRELATIVE)
    # `在 X 中` (and `从 X 中`, unless 从 is part of a word: 从而, 服从):
    # the first slot after a certain 在 of its clause that can be
    # 中 closes it, unless a certain 中 already did; X is not empty (the
    # slot right after 在 is the X of `在与人类对齐的过程中`, `在中文任务中`),
    # and a 中 that would begin a word (中断) is not that 中
    by_pos = {s.pos: s for s in slots}
    for i, ch in enumerate(work):
        if ch not in "在从" or i in options or ch == "从" and _reading_makes_word(work, options, i):
            continue
        for k in range(i + 1, min(len(work), i + 1 + CORRELATIVE_REACH)):
            if k not in options and (work[k] in _CLAUSE_MARKS or work[k] == "中"):
                break
            if k > i + 1 and "中" in options.get(k, ()) and not _makes_word({"中"}, _cells(work, options, k + 1), COMMON_WORD):
                if work[k - 1] == "的" and k - 1 not in options:
                    continue  # X ends with a noun, never 的: `在…的不同阶段（…）中`
                _favour(by_pos[k], "中", CORRELATIVE)
                break


def _cells(work: list[str], options: dict[int, set[str]], k: int) -> set[str]:
    """What position `k` of the line can be: a slot's readings, or its
    certain character (nothing past the line's ends)."""
    if not 0 <= k < len(work):
        return set()
    return options.get(k) or {work[k]}


def _makes_word(firsts: set[str], seconds: set[str], floor: float = lm.KNOWN_PAIR_WORD) -> bool:
    """Whether a character of `firsts` and one of `seconds` make a
    two-character word the lists know well (at least `floor`): the 中 that
    closes `在 X 中` is a word of its own (`在2023年中断发展` is `不断`), and
    吗 ends its sentence unless it is 吗啡."""
    pairs = lm.known_pairs()
    return any(b in seconds and lp >= floor for a in firsts for b, lp in pairs.get(a, ()))


#: a 中 that begins a word this common (中断 -10.7, 中文, 中间) is that
#: word, not the close of `在 X 中`; a rarer pair the lists know (中加,
#: China-Canada, -13.6: `从 FILE 中加载`; 中标) is no reason
COMMON_WORD = math.log(1e-5)


def _reading_makes_word(work: list[str], options: dict[int, set[str]], i: int, reading: str | None = None) -> bool:
    """Whether the certain character at `i` (or `reading` there) makes a
    word with a neighbour (从而, 服从: no preposition)."""
    here = {reading or work[i]}
    return _makes_word(_cells(work, options, i - 1), here) or _makes_word(here, _cells(work, options, i + 1))


#: cost of a reading other than `：` after a bold label (`**GitHub地址**：`)
#: or as the first mark of a title
LABEL = 2.0


def _label_penalties(work: list[str], slots: list[_Slot], asking: set[int]) -> None:
    """Chinese Markdown ends the bold label that begins a line with a colon
    (`**论文地址**：`, `5. **应用**：`; 12 of the 15 marks after bold text in
    the user's Chinese copies), and a title's first mark is the colon of
    its subtitle (`LLMs之Efficient-LLMs-Survey：Efficient-LLMs-Survey...`):
    a slot there that could be `：` is weighed to it, at the end of a line
    too, where the only line-end statistics (news text) prefer `！`; the
    language model alone prefers the far more frequent `，`.  So is the
    mark that introduces a link or a placeholder (`代码：https://...`,
    `错误：%s`).  A title that asks (`为什么需要高效LLMs？`) ends with its
    question mark."""
    for slot in slots:
        if "：" not in slot.readings or slot.pos in asking:
            continue
        cost = _colon_cost("".join(work[: slot.pos]), "".join(work[slot.pos + 1 : slot.pos + 12]))
        if cost:
            _favour(slot, "：", cost)


#: what a colon introduces, which a comma does not: a link
#: (`代码：https://github.com/...`) or a format placeholder (`错误：%s`)
_INTRODUCED = re.compile(r"\s*(?:https?://|[\"'“‘「]?%[\w$])")
#: a placeholder a bracket closes: the mark before it opens the bracket
#: (`对象（%d）`), whatever its reading
_ENCLOSED = re.compile(r"\s*[\"'“‘]?%[\w$.]*\w[\"'”’]?[）)]")
#: cost of a reading other than `：` before one (the pair table, news text,
#: has seen `误：` less than `误，` by 2.2 nats)
INTRODUCES = 3.0


#: a bold label: list marker or number, then `**...**`, and nothing else
_BOLD_LABEL = re.compile(r"\s*(?:[-*+>]\s+|\d+[.)]\s+)*\*\*[^*\s][^*]*\*\*")
#: a heading or a front-matter title, up to its first mark, which follows a
#: Latin term (`LoRA：低秩适配`; after Han text, `第一步，训练模型` is as
#: likely, and the language model decides)
_TITLE_HEAD = re.compile(r"\s*(?:>\s*)*(?:#{1,6}\s+|title:\s*)[^，。；：、！？（,;:!?(]*[A-Za-z0-9\u00c0-\u024f]")
#: a message that begins with its placeholder, the program or file it is
#: about (`%s：stat 失败：%s`, `“%s”：压缩算法`), as gettext catalogs write them
_PLACEHOLDER_HEAD = re.compile(r"\s*[\"'“‘「]?%[\w$.]*\w[\"'”’」]?")
#: the longest label (characters)
LABEL_REACH = 200


def _colon_cost(line_so_far: str, rest: str) -> float:
    """What a reading other than `：` pays between `line_so_far` and `rest`
    (both passes ask): after a label or a title's first term, before a
    link or a placeholder; 0 elsewhere."""
    if _wants_colon(line_so_far):
        return LABEL
    return INTRODUCES if _INTRODUCED.match(rest) and not _ENCLOSED.match(rest) else 0.0


def _wants_colon(line_so_far: str) -> bool:
    """Whether the line so far is a bold label (`5. **应用**`) or the start
    of a title before its first mark, a Latin term (`### LLMs之Efficient-LLMs-Survey`):
    bold words inside a sentence (`这是**重点**，`) are no label, and a
    title's later marks are the sentence's own."""
    if len(line_so_far) > LABEL_REACH:
        return False
    return bool(_BOLD_LABEL.fullmatch(line_so_far) or _TITLE_HEAD.fullmatch(line_so_far) or _PLACEHOLDER_HEAD.fullmatch(line_so_far))


def _holds(cells: list[set[str]], words: tuple[str, ...]) -> bool:
    """Whether one of `words` can be read in `cells` (each character's
    possible readings) with one of its characters certain: in a clause of
    lost bytes, where 列, 块, 受 and 字 (E5 88 97, 9D 97, 8F 97, AD 97) each
    could be 吗 (E5 90 97), a word read from guesses alone is no evidence."""
    return any(
        all(ch in cells[k + n] for n, ch in enumerate(word)) and any(len(cells[k + n]) == 1 for n in range(len(word)))
        for word in words
        for k in range(len(cells) - len(word) + 1)
    )


def _asks(cells: list[set[str]], plain: str) -> bool:
    """Whether a clause holds an interrogative word; `cells` are its
    characters' possible readings, `plain` its current reading."""
    return _holds(cells, _INTERROGATIVES) or bool(_INTERROGATIVE_EN.search(plain))


def _clause(text: str) -> str:
    """The end of `text` since its last sentence end, within reach."""
    tail = text[-QUESTION_REACH:]
    cut = max(tail.rfind(c) for c in _CLAUSE_END)
    return tail[cut + 1 :]


def _brackets(text: str) -> str:
    return "".join(c for c in text if c in _OPEN or c in _CLOSE)


def _unmatched(work: list[str], fixed: set[int]) -> list[int]:
    """Positions of the certain full-width brackets no certain one matches."""
    stack: list[int] = []
    out: list[int] = []
    for i, ch in enumerate(work):
        if i in fixed:
            continue
        if ch in _OPEN:
            stack.append(i)
        elif ch in _CLOSE:
            if stack and work[stack[-1]] == _OPEN[_CLOSE.index(ch)]:
                stack.pop()
            else:
                out.append(i)
    return out + stack


def _fix_line(
    line: str, offset: int, lineno: int, runs: list[tuple[int, int, _Parse]], vouched: str | None = None
) -> tuple[str, list[Repair]]:
    """Repair the runs of one line, deciding ambiguous bytes in context."""
    # Build the working line: each unit of each run becomes one character.
    work: list[str] = []
    slots: list[_Slot] = []
    cands: list[_Candidate] = []
    cursor = 0
    for start, end, parse in runs:
        work.extend(line[cursor:start])
        cand = _Candidate(start, end, parse)
        for u in parse.units:
            if not u.candidates:
                piece = line[start + u.start : start + u.end]
                cand.chars.append(piece)
                work.append(piece)
                continue
            if len(u.candidates) > 1:
                cand.slots.append(len(slots))
                slots.append(_Slot(len(work), u.candidates, u.penalty))
            cand.chars.append(u.candidates[0])
            work.append(u.candidates[0])
        cands.append(cand)
        cursor = end
    work.extend(line[cursor:])
    if slots:
        _bracket_penalties(work, slots)
        asking = _question_penalties(work, slots)
        _particle_penalties(work, slots)
        _negation_penalties(work, slots)
        _title_locative_penalties(work, slots)
        _correlative_penalties(work, slots)
        _label_penalties(work, slots, asking)
        _resolve(work, slots)

    # Each run's replacement, read back from the working line.
    replacements: list[str] = []
    wpos = 0
    cursor = 0
    for cand in cands:
        wpos += cand.start - cursor
        replacements.append("".join(work[wpos : wpos + len(cand.chars)]))
        wpos += len(cand.chars)
        cursor = cand.end
    # A double encoding is judged by what it finally reads as: its first
    # decode is still mojibake (`Ã¯Â¼Å¡` -> `ï¼š` -> `：`).
    deepened = [_deepen(r, cand.parse.codec.name) for r, cand in zip(replacements, cands)]
    finals = [final for _path, final in deepened]
    # Runs with evidence of their own are judged first; only those accepted
    # vouch for the lone-lead runs of the same line.
    accepted: dict[int, bool] = {}
    for i, cand in enumerate(cands):
        if cand.parse.strong or any(u.medium for u in cand.parse.units):
            accepted[i] = _changed(line, cand, replacements[i]) and _accept(line, cand, finals[i], False)
    line_has_strong = any(accepted.values())
    # a document proven damaged by a codec vouches for that codec's lone
    # leads on any line (a heading's only emoji: `## ⚡New`)
    for i, cand in enumerate(cands):
        if i not in accepted:
            accepted[i] = _changed(line, cand, replacements[i]) and _accept(
                line, cand, finals[i], line_has_strong or cand.parse.codec.name == vouched, line_has_strong
            )

    repairs: list[Repair] = []
    out: list[str] = []
    cursor = 0
    for i, cand in enumerate(cands):
        original = line[cand.start : cand.end]
        out.append(line[cursor : cand.start])
        if accepted[i]:
            path, final = deepened[i]
            conf = min([slots[k].confidence for k in cand.slots], default=0.99)
            restored = sum(u.inserted for u in cand.parse.units)
            out.append(final)
            end = cand.end
            if original.endswith(" ") and final.endswith(" "):  # the run's spare space
                original, final, end = original[:-1], final[:-1], end - 1
            repairs.append(Repair(lineno, offset + cand.start, offset + end, original, final, path, restored, round(conf, 4)))
        else:
            out.append(original)
        cursor = cand.end
    out.append(line[cursor:])
    return "".join(out), repairs


def _changed(line: str, cand: _Candidate, replacement: str) -> bool:
    return replacement != line[cand.start : cand.end]


def _accept(line: str, cand: _Candidate, replacement: str, vouched: bool, proven_line: bool = False) -> bool:
    """Whether the repaired words read better than the original ones; a run
    of lone leads only (how clean accented text looks) also needs to be
    vouched for, by a repair on its line or by its document.  On a line
    that a complete sequence proved damaged, a lone lead is damage too (a
    line is decoded as a whole) and needs only read better (`Pangu-σ`, not
    `Pangu-Ļ`); elsewhere it must read clearly better."""
    p = cand.parse
    if not p.strong and not any(u.medium for u in p.units):
        latin = all(
            u.candidates == () or all(0xC2 <= c.encode()[0] <= 0xC3 and len(c.encode()) == 2 for c in u.candidates)
            for u in p.units
        )
        if not (vouched or latin):
            return False
        if _inside_known_word(line, cand.start, cand.end, _plausible_word):
            return False  # `Aumentação`, a word no list has, is no `Aumenta的。o`
    lo, hi = _context_bounds(line, cand.start, cand.end)
    before = line[lo:hi]
    after = line[lo : cand.start] + replacement + line[cand.end : hi]
    gain = lm.text_logprob(after) - lm.text_logprob(before)
    return gain > (0.0 if p.strong or proven_line else WEAK_MARGIN)


def _deepen(text: str, codec: str, depth: int = 1) -> tuple[str, str]:
    """A double encoding decodes to more mojibake: repair the repair."""
    path = f"utf-8 > {codec}"
    if depth >= MAX_DEPTH or not SUSPECT_RE.search(text):
        return path, text
    fixed, repairs = _fix_text(text, depth=depth + 1)
    if not repairs or fixed == text:
        return path, text
    inner = repairs[0].codec
    return f"{inner} > {codec}", fixed


def _fix_text(text: str, depth: int = 0, proof: dict | None = None) -> tuple[str, list[Repair]]:
    """The engine's repair of `text`; `proof`, when given, receives the
    codec that complete sequences prove across the document (`vouched`)."""
    if not EVIDENCE_RE.search(text):
        return _fix_gbk(text) if depth == 0 else (text, [])
    # Lines are the unit of context; a very long line is cut at spaces into
    # pieces of at most CHUNK characters, so that evidence stays local and a
    # 10 MB one-line file costs what 10 MB of lines cost.
    lines: list[str] = []
    seps: list[str] = []
    linenos: list[int] = []
    offsets: list[int] = []
    pos = 0
    for li, line in enumerate(text.split("\n")):
        for chunk in _chunks(line):
            lines.append(chunk)
            seps.append("")
            linenos.append(li + 1)
            offsets.append(pos)
            pos += len(chunk)
        seps[-1] = "\n"
        pos += 1
    seps[-1] = ""
    # The document's profile, run by run; the parses themselves are kept
    # only up to PARSE_BUDGET bytes (estimated), and made again beyond.
    profile = _Profile()
    kept: dict[int, list[tuple[int, int, int, list[_Parse]]]] = {}
    budget = PARSE_BUDGET
    seen: list[int] = []  # lines with evidence of their own
    unseen: list[int] = []  # lines without
    for li, line in enumerate(lines):
        if not EVIDENCE_RE.search(line):
            unseen.append(li)
            continue
        runs = _scan(li, line, CODECS)
        if not runs:
            continue
        seen.append(li)
        for run in runs:
            profile.add(run[3])
        size = sum(PARSE_COST_RUN + PARSE_COST_CHAR * (end - start) for _li, start, end, _o in runs)
        if size <= budget:
            kept[li] = runs
            budget -= size
    if not seen:
        return _fix_gbk(text) if depth == 0 else (text, [])
    order = profile.order()
    profiled = profile.profiled
    vouched = order[0].name if profile.proven(order) >= VOUCH_MIN else None
    if proof is not None and vouched:
        proof["vouched"] = vouched
    # the document is proven damaged by one codec: its lone leads on lines
    # of their own are worth a look too (a heading's only emoji, `### ⚡News`
    # read as `### āNews`), except inside words the lists know (`ação`: ç
    # and ã are lead bytes too); _fix_line still asks the language model
    # for a clear gain
    suspect = _lead_re(vouched) if vouched else None
    todo = sorted(seen + ([li for li in unseen if suspect.search(lines[li])] if suspect else []))
    repairs: list[Repair] = []
    for li in todo:
        runs_here: list[tuple[int, int, _Parse]] = []
        if li in kept or EVIDENCE_RE.search(lines[li]):
            for _li, start, end, options in kept.pop(li, None) or _scan(li, lines[li], CODECS):
                chosen = _pick(options, order, profiled)
                if chosen is not None:
                    runs_here.append((start, end, chosen))
        else:
            for _li, start, end, options in _scan(li, lines[li], order[:1]):
                if not _inside_known_word(lines[li], start, end):
                    runs_here.append((start, end, options[0]))
        if runs_here:
            lines[li], reps = _fix_line(lines[li], offsets[li], linenos[li], runs_here, vouched)
            repairs.extend(reps)
    fixed = "".join(piece + sep for piece, sep in zip(lines, seps))
    if depth == 0:
        fixed, more = _fix_gbk(fixed)
        repairs.extend(more)
    return fixed, repairs


def _plausible_word(word: str) -> bool:
    """A word of two letters or more that reads like one, letter by letter
    (the lists also hold stray single letters, `Ļ`, and stray spellings,
    `nãão`, which must not vouch for `ATENÃÃO`), and whose case does too:
    an accented capital after a small letter (`estatÃsticas`) is a lead
    byte that lost its partner, not a spelling."""
    if any(a.islower() and b.isupper() and not b.isascii() for a, b in zip(word, word[1:])):
        return False
    return len(word) > 1 and lm.is_plausible_word(word, compounds=False)


def _inside_known_word(line: str, start: int, end: int, test=lm.is_known_word) -> bool:
    """Whether `line[start:end]` lies inside a word that passes `test`
    (the word lists know it, by default), standing as a word (`é`, not the
    `ã` of `1.1ã**`)."""
    lo, hi = start, end
    while lo > 0 and line[lo - 1].isalpha():
        lo -= 1
    while hi < len(line) and line[hi].isalpha():
        hi += 1
    word = line[lo:hi]
    glued = lo > 0 and line[lo - 1].isalnum() or hi < len(line) and line[hi].isalnum()
    return word.isalpha() and not glued and test(word)


@lru_cache(maxsize=None)
def _lead_re(codec_name: str) -> re.Pattern[str]:
    return re.compile(f"[{codec_class(_CODEC_BY_NAME[codec_name], lambda b: utf8_length(b) > 1)}]")


def _scan(li: int, line: str, codecs: list[Codec]) -> list[tuple[int, int, int, list[_Parse]]]:
    """Every run of the line, parsed under each codec that covers it."""
    # where no no-break space survived, one may have become a space: a
    # line-by-line judgement, since a document can mix damaged paragraphs
    # with clean ones
    nbsp_mode = "\xa0" not in line
    found = []
    for m in _RUN_RE[nbsp_mode].finditer(line):
        run = m.group()
        if not _has_lead(run):
            continue
        options = [p for c in codecs if (p := _parse(run, c, nbsp_mode)) is not None and (p.strong or p.weak)]
        if options:
            found.append((li, m.start(), m.end(), options))
    return found


#: the longest piece of a line decided as one context
CHUNK = 4096
#: memory a repair spends on keeping parses between its two passes over a
#: document (beyond, a line's are made again when it is fixed); a run's
#: parses cost about PARSE_COST_RUN bytes and PARSE_COST_CHAR per character
#: (measured on Portuguese and Chinese mojibake, all codecs)
PARSE_BUDGET = 24_000_000
PARSE_COST_RUN = 3000
PARSE_COST_CHAR = 60


def _chunks(line: str) -> list[str]:
    if len(line) <= CHUNK:
        return [line]
    out = []
    start = 0
    while len(line) - start > CHUNK:
        cut = line.rfind(" ", start + CHUNK // 2, start + CHUNK)
        cut = cut + 1 if cut > 0 else start + CHUNK
        out.append(line[start:cut])
        start = cut
    out.append(line[start:])
    return out


def _has_lead(run: str) -> bool:
    """A cheap prefilter: a run in which no codec sees a UTF-8 lead byte
    cannot be mojibake."""
    return any(utf8_length(c.to_byte.get(ch, 0)) for ch in run for c in CODECS)


# --- UTF-8 read as GBK ------------------------------------------------------

@lru_cache(maxsize=None)
def _gbk_run_re() -> re.Pattern[str]:
    """What GBK makes of UTF-8 bytes: any of the characters it encodes in
    two bytes (CJK, kana, Greek, Cyrillic, symbols, the user-defined area
    `\ue4f4` for A1 4E, where the lead byte took the next ASCII byte with it,
    the `N` of `⚡News`), and U+FFFD for a lead byte whose partner was
    invalid.  Clean text of these characters never decodes as UTF-8."""
    ranges: list[list[int]] = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            two = len(chr(cp).encode("gb18030")) == 2
        except UnicodeEncodeError:
            two = False
        if two or cp == 0xFFFD:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{cls}]+")


#: UTF-8 read as GBK always shows a Han character (a lead byte C2-F4 starts
#: one) or a U+FFFD where a lead byte was lost
_GBK_SEED = re.compile(f"[{HAN_RANGES}\ufffd]")
#: how far (characters) along its line a GBK repair looks for a bracket's
#: or a quote's partner
PAIR_REACH = 400
#: nats a GBK run must gain when it is the only Chinese of a line of Latin
#: words in a document proven GBK mojibake (`- PanGu-危: Towards ...`)
GBK_VOUCHED_MARGIN = 2.0
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: readings of a lost byte weighed for the confidence
GBK_CANDIDATES = 8


_WORD_RE = re.compile(r"[^\W\d_]+")


def _fix_gbk(text: str) -> tuple[str, list[Repair]]:
    """UTF-8 bytes decoded as GBK/GB18030 look like rare Chinese (`浣犲ソ`
    for Chinese, `vers茫o` for Portuguese).  Recoverable when the bytes came
    through whole; a run is replaced only if the language model strongly
    prefers the re-decoded words in their context.

    A document shown to be GBK mojibake (VOUCH_MIN runs repaired under the
    strict margin) is read a second time, knowing that: the only Chinese of
    a line of Latin words then needs only read clearly better (`PanGu-Σ`,
    against the common `危`)."""
    if not _GBK_SEED.search(text):
        return text, []
    repairs = _gbk_pass(text)
    if len(repairs) >= VOUCH_MIN:
        repairs = _gbk_pass(text, vouched=True)
    if not repairs:
        return text, []
    out: list[str] = []
    cursor = 0
    for r in repairs:
        out += [text[cursor : r.start], r.replacement]
        cursor = r.end
    out.append(text[cursor:])
    return "".join(out), repairs


def _gbk_pass(text: str, vouched: bool = False) -> list[Repair]:
    repairs: list[Repair] = []
    lineno, counted = 1, 0
    for m in _gbk_run_re().finditer(text):
        run = m.group()
        if not _GBK_SEED.search(run):
            continue  # clean `café`: GBK has é too
        restored, confidence = 0, 0.99
        if "\ufffd" in run:
            filled = _fill_holes(text, m.start(), m.end(), run, _line_so_far(text, m.start(), repairs))
            if filled is None:
                continue
            decoded, restored, confidence = filled
        else:
            try:
                decoded = run.encode("gb18030").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        if decoded == run or not all(map(_gbk_plausible, decoded)):
            continue
        lo, hi = _context_bounds(text, m.start(), m.end())
        before = text[lo:hi]
        after = text[lo : m.start()] + decoded + text[m.end() : hi]
        latin_line = vouched and _alone_in_latin_line(text, m.start(), m.end())
        need = GBK_VOUCHED_MARGIN if latin_line else WEAK_MARGIN + 2 * len(decoded)
        if lm.text_logprob(after) - lm.text_logprob(before) < need:
            continue
        accented = {c for c in decoded if not c.isascii() and char_class(c) == "latin"}
        if accented and not all(lm.is_plausible_word(w) for w in _WORD_RE.findall(after) if accented & set(w)):
            continue  # a Latin reading must give words (`versão`, `DUOATTENÇÃO`), not `bģb`
        lineno += text.count("\n", counted, m.start())
        counted = m.start()
        repairs.append(Repair(lineno, m.start(), m.end(), run, decoded, "utf-8 > gb18030", restored, confidence))
    return repairs


def _alone_in_latin_line(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is the only CJK of a line of Latin words:
    there a Han character is most likely a damaged symbol, while in Chinese
    (`模型 路 的`, `**路**`) it is most likely itself."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    rest = text[ls:start] + text[end:le]
    return not lm.has_cjk(rest) and bool(_LATIN_WORD.search(rest))


def _gbk_plausible(ch: str) -> bool:
    """A GBK re-reading may also give the no-break space (C2 A0 read as 聽)."""
    return ch == "\xa0" or _plausible(ch)


def _line_so_far(text: str, start: int, repairs: list[Repair]) -> str:
    """The line of `text` up to `start`, with the repairs already made."""
    ls = max(text.rfind("\n", max(0, start - PAIR_REACH), start) + 1, start - PAIR_REACH)
    recent = []
    for r in reversed(repairs):
        if r.start < ls:
            break
        recent.append(r)
    out, cursor = [], ls
    for r in reversed(recent):
        out += [text[cursor : r.start], r.replacement]
        cursor = r.end
    return "".join(out) + text[cursor:start]


def _closing_quote(text: str, start: int, end: int, lead: bytes = b"\x9d", holes: bool = True) -> bool:
    """Whether `text[start:end]` holds a closing curly quote still in GBK
    mojibake: `鈥` (E2 80) and a hole after the quotation's content (`鈥�`
    before a space, a mark or the end), or `鈥` followed by a character
    whose first GBK byte is the quote's last byte, `lead` (9D for ”, 99 for
    ’; `鈥濇`: ” merged with the next character's lead); the hole only if
    `holes`."""
    i = text.find("\u9225", start, end)
    while 0 <= i < len(text) - 1:
        nxt, after = text[i + 1], text[i + 2 : i + 3]
        if nxt == "\ufffd":
            if holes and i > start and not text[i - 1].isspace() and after in ("", " ", "\t", "\n", ".", ",", ";", ":", "!", "?", ")", "]"):
                return True
        elif nxt.encode("gb18030", errors="ignore")[:1] == lead:
            return True
        i = text.find("\u9225", i + 1, end)
    return False


def _opens_a_quote(text: str, start: int, end: int, line_end: int, closing_lead: bytes = b"\x9d", holes: bool = True) -> bool:
    """Whether the hole that ends `text[start:end]` opens a quotation whose
    closing quote lost its byte too (`鈥�%s鈥�` of `“%s”`): not joined to a
    letter or digit before it, before its content, with a closing hole
    later on the line.  Both quotes uncertain, the bracket pairing, which
    counts certain marks only, cannot see the pair, and `—` is the commoner
    reading of each alone."""
    joined = False  # a run longer than its hole: the quote follows Chinese (文件“)
    if end - start <= 2 and start:
        before = text[start - 1]
        joined = before.isascii() and before.isalnum() or char_class(before) == "latin"  # 2020—2021, word—word
    return not joined and text[end : end + 1].strip() != "" and _closing_quote(text, end, line_end, closing_lead, holes)


def _fill_holes(text: str, start: int, end: int, run: str, line_left: str) -> tuple[str, int, float] | None:
    """A GB18030 decode writes U+FFFD for a byte that cannot start a
    character and reads on from the next byte, so each U+FFFD is exactly one
    lost byte.  Which byte it was follows from what comes next: before a
    character (or an ASCII letter, a valid partner) it was 0x80, the one
    byte that never leads; before what no lead byte takes as its partner
    (ASCII punctuation, a space, a digit, the end) it was any lead, found
    by reading the candidates in context (✅ of `鉁� `, E2 9C 85).  So only
    a run's last U+FFFD can be open."""
    try:
        parts = [p.encode("gb18030") for p in run.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    after = text[end : end + 1]
    open_end = run.endswith("\ufffd") and (not after or after.isascii() and not "\x40" <= after <= "\x7e")
    head = b"\x80".join(parts[:-1]) if open_end else b"\x80".join(parts)
    # the lost byte completes the run's last sequence: a continuation byte
    # (a lead would leave it incomplete)
    values = range(0x80, 0xC0) if open_end else (None,)
    lo, hi = _context_bounds(text, start, end)
    left, right = text[lo:start], text[end:hi]
    line_end = text.find("\n", end, end + PAIR_REACH)
    if line_end < 0:
        line_end = min(len(text), end + PAIR_REACH)
    if hi == line_end:
        right += lm.LINE_EDGE  # `。` ends a line, `、` does not
    scored: list[tuple[float, str]] = []
    left_marks, right_marks = _brackets(line_left), _brackets(text[end:line_end])
    costs: dict[str, float] = {}
    for v in values:
        bs = head if v is None else head + bytes((v,))
        try:
            read = bs.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # the readings differ only where the byte went: they are judged there
        if all(map(_gbk_plausible, read[-4:])):
            # full-width brackets and curly quotes pair up within a line:
            # only the brackets count, and most readings have the same ones
            marks = _brackets(read)
            if marks not in costs:
                costs[marks] = BRACKET * len(_unmatched(list(left_marks + marks + right_marks), set()))
            cost = costs[marks]
            scored.append((lm.text_logprob((left + read)[-4 * CONTEXT :] + right) - cost, read))
    if not scored:
        return None
    question = next((read for _sc, read in scored if read.endswith("？")), None)
    asks = False
    if question is not None:
        clause = _clause(line_left + question[:-1])
        asks = _asks([{c} for c in clause], clause)
        if asks:  # a question ends with `？`
            scored = [(sc - (0.0 if read.endswith("？") else QUESTION), read) for sc, read in scored]
    # a closing hole fits either quote: the double, the commoner, takes it;
    # the single needs its own closing byte (’ is E2 80 99)
    for opening, closing_lead in (("“", b"\x9d"), ("‘", b"\x99")):
        if any(read.endswith(opening) for _sc, read in scored) and _opens_a_quote(text, start, end, line_end, closing_lead, opening == "“"):
            scored = [(sc - (0.0 if read.endswith(opening) else BRACKET), read) for sc, read in scored]
    label = next((read for _sc, read in scored if read.endswith("：")), None)
    if label is not None and not asks:  # `**GitHub地址**：`, a title's subtitle, `代码：https://`
        cost = _colon_cost(line_left + label[:-1], text[end : end + 12])
        scored = [(sc - (0.0 if read.endswith("：") else cost), read) for sc, read in scored]
    scored.sort(key=lambda h: (-h[0], h[1]))
    if not all(map(_gbk_plausible, scored[0][1])):
        return None
    top = scored[0][0]
    z = sum(math.exp(sc - top) for sc, _read in scored[:GBK_CANDIDATES])
    return scored[0][1], len(parts) - 1, round(1 / z, 4)


# --- public API -------------------------------------------------------------


#: passes until the text is stable: a repair can reveal context that decides
#: a neighbouring run, and fix_text must be idempotent.
MAX_PASSES = 3


def fix_and_explain(
    text: str, glossary: Iterable[str] = (), language_model: str | Path | None = None, markdown: bool = False
) -> tuple[str, list[Repair]]:
    """Repair mojibake in `text` and say what was done: one :class:`Repair`
    per span, with the codec path assumed, the bytes restored and a
    confidence.  Clean text comes back unchanged with no repairs.  Offsets
    of a later pass refer to the text the earlier pass produced.

    `glossary`: terms the language model should know besides its word lists
    (a project's technical words: 访存, 低秩, 提示词), each one word of Han
    characters or of letters (ValueError otherwise).

    `language_model`: a word trigram model of Chinese to rescore the
    search's hypotheses with (a KenLM file, or `auto` for fcitx5's; see
    ngram.py); None for the built-in model alone.

    `markdown`: the text is a Markdown document, whose code blocks and
    inline code are repaired only where damage outside code proves the
    document damaged (a clean README quotes mojibake as an example)."""
    from .floor import ftfy_readings, gate

    theirs = ftfy_readings(text)
    proof: dict = {}
    with lm.glossary(glossary), ngram.using(language_model):
        fixed, repairs = _fix_text(text, proof=proof)
        start = text
        for _ in range(MAX_PASSES - 1):
            if not repairs or fixed == text:
                break
            text = fixed
            fixed, more = _fix_text(text)
            if fixed == text:
                break
            repairs = repairs + more
    fixed, repairs = gate(start, fixed, repairs, theirs, Repair, proven="vouched" in proof)
    if markdown and repairs:
        fixed, repairs = _spare_quoted_code(start, fixed, repairs)
    return fixed, repairs


def _spare_quoted_code(before: str, after: str, repairs: list[Repair]) -> tuple[str, list[Repair]]:
    """Undo repairs inside a Markdown document's code unless a repair
    outside code proves the document damaged."""
    from .markup import code_regions

    block_lines, spans = code_regions(before, {r.line for r in repairs})
    b_lines = before.split("\n")

    def in_code(r: Repair) -> bool:
        if r.line in block_lines:
            return True
        line = b_lines[r.line - 1] if r.line <= len(b_lines) else ""
        col = line.find(r.original)
        return col >= 0 and any(lo <= col and col + len(r.original) <= hi for lo, hi in spans.get(r.line, ()))

    if any(not in_code(r) for r in repairs):
        return after, repairs
    a_lines = after.split("\n")
    for r in repairs:
        a_lines[r.line - 1] = b_lines[r.line - 1]
    return "\n".join(a_lines), []


def fix_text(text: str, glossary: Iterable[str] = (), language_model: str | Path | None = None, markdown: bool = False) -> str:
    """Repair mojibake in `text`, including bytes the bad decode dropped."""
    return fix_and_explain(text, glossary, language_model, markdown)[0]


def is_mojibake(text: str) -> bool:
    """Whether `text` holds mojibake the engine would repair."""
    return bool(_fix_text(text)[1])
