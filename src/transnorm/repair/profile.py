"""What a whole document says about its codecs.

The document votes for one codec; among codecs that explain the text
equally well, the one whose droppable bytes never occur in the text wins
(their absence is the trace of the lossy decode).
"""

from __future__ import annotations

from dataclasses import replace

from ..chardata import CODECS, Codec, is_continuation
from .parse import Parse

#: at least this many continuation bytes must be seen before the absence of
#: a byte counts as evidence that the codec dropped it.
PROFILE_MIN_BYTES = 200
#: nats a lost-byte reading pays when only a codec ranked below the chosen
#: one (for a text too short to profile) can produce it.
POOL_PENALTY = 3.0
#: complete sequences the best codec must have decoded in a document before
#: it vouches for that codec's lone leads on lines with no other damage
VOUCH_MIN = 8


class Profile:
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

    def add(self, options: list[Parse]) -> None:
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
        for (see pick: the best quality, then the order)."""
        rank = {c.name: i for i, c in enumerate(order)}
        total = 0
        for sig, counts in self.strong.items():
            chosen = min(sig, key=lambda cq: (tuple(-q for q in cq[1]), rank[cq[0]]))[0]
            if chosen == order[0].name:
                total += counts[chosen]
        return total


def pick(options: list[Parse], order: list[Codec], profiled: bool) -> Parse | None:
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
    return Parse(best.codec, units, best.strong, best.weak, best.kept, best.observed)
