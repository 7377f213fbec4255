"""Full-width brackets and curly quotes pair up within a line."""

from __future__ import annotations

from . import Line, bare, rule

OPEN, CLOSE = "（【《「『“", "）】》」』”"


def brackets(text: str) -> str:
    """The full-width brackets of `text`, in order."""
    return "".join(c for c in text if c in OPEN or c in CLOSE)


def unmatched(work: list[str], fixed: set[int]) -> list[int]:
    """Positions of the certain full-width brackets no certain one matches."""
    stack: list[int] = []
    out: list[int] = []
    for i, ch in enumerate(work):
        if i in fixed:
            continue
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE:
            if stack and work[stack[-1]] == OPEN[CLOSE.index(ch)]:
                stack.pop()
            else:
                out.append(i)
    return out + stack


@rule("bracket-pair", cost=4.0)
def bracket_pair(line: Line, cost: float) -> None:
    """A bracket a reading opens or closes has its partner on the line.

    Full-width brackets come in pairs within a line: a reading that opens
    one no later character closes (`Survey（Efficient`, against
    `Survey：`), or closes one no earlier character opened, pays for it; the
    language model's context window is too short to see the partner.  Only
    characters already certain count as partners.  A certain bracket left
    unmatched wants a partner: the nearest uncertain character that can be
    it, and only that one (`模型（LLMs）`, where `（` and `，` are one lost
    byte apart)."""
    work, slots, fixed = line.work, line.slots, line.fixed
    for slot in slots:
        if not any(b in OPEN or b in CLOSE for b in slot.readings):
            continue
        for c in slot.candidates:
            b = bare(c)
            if b in OPEN:
                partner = CLOSE[OPEN.index(b)]
                span = range(slot.pos + 1, len(work))
            elif b in CLOSE:
                partner = OPEN[CLOSE.index(b)]
                span = range(slot.pos)
            else:
                continue
            if not any(bare(work[i]) == partner for i in span if i not in fixed):
                line.charge(slot, c, cost)
    for i in unmatched(work, fixed):
        ch = work[i]
        want = OPEN[CLOSE.index(ch)] if ch in CLOSE else CLOSE[OPEN.index(ch)]
        near = [s for s in slots if want in s.readings and (s.pos < i if ch in CLOSE else s.pos > i)]
        if not near:
            continue
        slot = max(near, key=lambda s: s.pos) if ch in CLOSE else min(near, key=lambda s: s.pos)
        line.favour(slot, want, cost)
