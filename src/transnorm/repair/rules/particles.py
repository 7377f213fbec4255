"""Sentence-final particles end their sentence."""

from __future__ import annotations

from ...chardata import is_han
from . import Line, bare, rule

FINAL_PARTICLES = frozenset("吗呢")


@rule("final-particle", cost=4.0, passes=("single-byte",))
def final_particle(line: Line, cost: float) -> None:
    """`吗` and `呢` are not read before more Chinese.

    `吗` and `呢` end a sentence: a reading of one that more Han text
    follows pays, unless the two make a word (吗啡).  wordfreq counts chat
    and subtitles, where `吗` is everywhere, so the model alone reads
    `事务块结束` as `事务吗结束` (块 and 吗 are one lost byte apart)."""
    for slot in line.slots:
        particles = slot.readings & FINAL_PARTICLES
        following = line.cells(slot.pos + 1)
        if not particles or len(slot.readings) < 2 or not following:
            continue
        if not all(len(n) == 1 and is_han(n) for n in following):
            continue
        for c in slot.candidates:
            p = bare(c)
            if p in particles and not line.makes_word({p}, following):
                line.charge(slot, c, cost)
