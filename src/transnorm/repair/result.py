"""What a repair reports."""

from __future__ import annotations

from dataclasses import dataclass

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
    #: the context rules that weighed for the readings chosen (see rules/)
    rules: tuple[str, ...] = ()
