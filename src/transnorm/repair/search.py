"""The choice among a lost byte's readings: a beam search on words.

Ambiguous characters close enough to share a word are decided jointly, each
partial hypothesis scored on its words by the language model; a word
trigram model, when one is given, rescores the hypotheses kept.  The
context rules (:mod:`.rules`) have already priced the readings; their
costs are added here.
"""

from __future__ import annotations

import math

from ..chardata import char_class, is_han
from ..lm import LINE_EDGE, LanguageModel, WordModel
from .rules import Slot

#: context (characters) each side of a choice that the language model sees.
CONTEXT = 6


def window(chars: list[str], pos: int) -> tuple[str, str]:
    return span(chars, pos - CONTEXT, pos, right=False), span(chars, pos + 1, pos + 1 + CONTEXT, left=False)


#: how far (characters) a window is widened so as not to cut a word
WORD_REACH = 24


def span(chars: list[str], lo: int, hi: int, left: bool = True, right: bool = True) -> str:
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
        text = LINE_EDGE + text
    if hi >= len(chars):
        text += LINE_EDGE
    return text


#: hypotheses kept per group of neighbouring ambiguous characters.
BEAM = 10


def _groups(slots: list[Slot]) -> list[list[Slot]]:
    """Ambiguous characters close enough to share a word are decided jointly
    (`提升` needs both characters to change at once)."""
    groups: list[list[Slot]] = []
    for s in slots:
        if groups and s.pos - groups[-1][-1].pos <= 3:
            groups[-1].append(s)
        else:
            groups.append([s])
    return groups


#: a candidate this many nats below the best one in the same context is not
#: worth a joint search.
PRUNE = 12.0


def _prune(model: WordModel, slot: Slot, chars: list[str], full: tuple[str, ...], keep_too: tuple[str, ...] = ()) -> None:
    """Keep the candidates (of `full`) that read best in their context
    (neighbours at their current guess), and those of `keep_too`: a rare
    character that completes a word (`析` of `分析`) must survive, a
    frequent one that fits nothing need not."""
    if any(char_class(c[0]) == "latin" for c in full):
        slot.candidates = full
        return  # a letter is judged only inside its word
    left, right = window(chars, slot.pos)
    # two lost bytes give 64 readings, most of them characters no text
    # uses: those are scored only if nothing else is left
    idx = [i for i, c in enumerate(full) if not is_han(c[0]) or model.known_han(c[0]) or c in keep_too]
    if not idx:
        idx = list(range(len(full)))
    score = model.splice(left, right)
    scores = {i: score(full[i]) - slot.penalty.get(full[i], 0.0) for i in idx}
    top = max(scores.values())
    keep = sorted((i for i, sc in scores.items() if sc >= top - PRUNE), key=lambda i: -scores[i])[:10]
    keep = set(keep) | {i for i, c in enumerate(full) if c in keep_too}
    slot.candidates = tuple(full[i] for i in sorted(keep))


def resolve(chars: list[str], slots: list[Slot], model: WordModel, rescorer: LanguageModel | None = None) -> None:
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
        chars[slot.pos] = max(slot.candidates, key=lambda c: (model.text_logprob(c) - slot.penalty.get(c, 0.0)))
    pairs = _pair_words(model, slots, full)
    for i, (slot, cands) in enumerate(zip(slots, full)):
        _prune(model, slot, chars, cands, keep_too=pairs.get(i, ()))
    _search(chars, slots, model, rescorer)
    close = [i for i, s in enumerate(slots) if len(full[i]) > 1 and any(0 < abs(s.pos - o.pos) <= CONTEXT for o in slots)]
    if not close:
        return
    before = [s.candidates for s in slots]
    for i in close:
        slot = slots[i]
        _prune(model, slot, chars, full[i], keep_too=before[i])
    if [s.candidates for s in slots] != before:
        _search(chars, slots, model, rescorer)


#: words two neighbouring ambiguous characters can make together, kept
#: through pruning
PAIR_WORDS = 3


def _pair_words(model: WordModel, slots: list[Slot], full: list[tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """The readings of two neighbouring ambiguous characters that make one of
    the likeliest words together (`挑战`, `吞吐`, each character two lost
    bytes from 64 readings): each alone reads no better than its
    neighbour's first guess allows, and pruning beside that guess would
    drop it before the search could pair them."""
    pairs = model.known_pairs()
    keep: dict[int, set[str]] = {}
    for i in range(len(slots) - 1):
        if slots[i + 1].pos != slots[i].pos + 1 or len(full[i]) * len(full[i + 1]) <= 4:
            continue
        seconds = set(full[i + 1])
        words = sorted((lp, a, b) for a in full[i] for b, lp in pairs.get(a, ()) if b in seconds)
        for _lp, a, b in words[-PAIR_WORDS:]:
            keep.setdefault(i, set()).add(a)
            keep.setdefault(i + 1, set()).add(b)
            if model.is_glossary_term(a + b):
                slots[i].partners[a] = slots[i].partners.get(a, ()) + (b,)
    return {i: tuple(sorted(v)) for i, v in keep.items()}


def _search(chars: list[str], slots: list[Slot], model: WordModel, rescorer: LanguageModel | None) -> None:
    for group in _groups(slots):
        lo = max(0, group[0].pos - CONTEXT)
        beam: list[tuple[tuple[int, ...], float]] = [((), 0.0)]
        for k, slot in enumerate(group):
            grown = []
            for assign, _score in beam:
                for i, _ in enumerate(group[:k]):
                    chars[group[i].pos] = group[i].candidates[assign[i]]
                prefix = span(chars, lo, slot.pos, right=False)
                # the right-hand neighbours at their current guesses: a
                # character that only makes a word with the next one (`协`
                # of `协同`) must not fall out of the beam before it
                suffix = span(chars, slot.pos + 1, slot.pos + 1 + CONTEXT, left=False)
                score = model.splice(prefix, suffix)
                for ci, cand in enumerate(slot.candidates):
                    if slot.partners.get(cand):
                        lp = max(score(cand), _with_partner(model, chars, slot, group, k, prefix, cand))
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
        if rescorer is not None and len(final) > 1:
            final = _rescore(chars, group, lo, final, rescorer)
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
    chars: list[str], group: list[Slot], lo: int, final: list[tuple[tuple[int, ...], float]], rescorer: LanguageModel
) -> list[tuple[tuple[int, ...], float]]:
    """The hypotheses the search kept, each with the word trigram model's
    score of the group's window added (see ngram.py): which words stand on
    either side decides 与, 不 and 中 (设计与训练), 道路 after 铺平了."""
    hi = group[-1].pos + 1 + CONTEXT
    out = []
    for assign, score in final:
        for slot, a in zip(group, assign):
            chars[slot.pos] = slot.candidates[a]
        out.append((assign, score + rescorer.score(span(chars, lo, hi))))
    return out


def _with_partner(model: WordModel, chars: list[str], slot: Slot, group: list[Slot], k: int, prefix: str, cand: str) -> float:
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
            best = max(best, model.splice(prefix, span(chars, nxt, nxt + CONTEXT, left=False))(cand))
    chars[nxt] = guess
    return best


def _letter(ch: str) -> bool:
    return ch.isalpha() and not is_han(ch)
