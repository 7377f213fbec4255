"""A clause that asks ends with a question mark."""

from __future__ import annotations

import re

from . import Line, rule

#: how far back (characters) a question's interrogative word is looked for
QUESTION_REACH = 80
INTERROGATIVES = ("什么", "怎么", "怎样", "如何", "哪", "谁", "吗", "呢", "是否", "多少")
_INTERROGATIVE_EN = re.compile(r"(?i)\b(?:why|what|how|which|who)\b")
CLAUSE_END = frozenset("。！？!?")


def holds(cells: list[set[str]], words: tuple[str, ...]) -> bool:
    """Whether one of `words` can be read in `cells` (each character's
    possible readings) with one of its characters certain: in a clause of
    lost bytes, where 列, 块, 受 and 字 (E5 88 97, 9D 97, 8F 97, AD 97) each
    could be 吗 (E5 90 97), a word read from guesses alone is no evidence."""
    return any(
        all(ch in cells[k + n] for n, ch in enumerate(word)) and any(len(cells[k + n]) == 1 for n in range(len(word)))
        for word in words
        for k in range(len(cells) - len(word) + 1)
    )


def asks(cells: list[set[str]], plain: str) -> bool:
    """Whether a clause holds an interrogative word; `cells` are its
    characters' possible readings, `plain` its current reading."""
    return holds(cells, INTERROGATIVES) or bool(_INTERROGATIVE_EN.search(plain))


def asking(line: Line) -> set[int]:
    """The positions of the slots that can be `？` after a clause that asks.
    An ambiguous character of the clause counts as any of its readings (么
    of 什么 may have lost a byte too), beside a certain one of its word."""
    work, options = line.work, line.options
    out = set()
    for slot in line.slots:
        if "？" not in slot.readings:
            continue
        start = slot.pos
        stop = max(0, slot.pos - QUESTION_REACH)
        while start > stop and not (work[start - 1] in CLAUSE_END and start - 1 not in options):
            start -= 1
        cells = [line.cells(i) for i in range(start, slot.pos)]
        if asks(cells, "".join(work[start : slot.pos])):
            out.add(slot.pos)
    return out


@rule("question-mark", cost=3.0)
def question_mark(line: Line, cost: float) -> None:
    """A clause with an interrogative word ends with `？`.

    A clause that asks (为什么需要高效LLMs？) ends with a question mark: the
    readings of a slot that could be `？` pay for anything else there when
    the clause before it holds an interrogative word, which lies beyond the
    language model's window."""
    for slot in line.slots:
        if line.ends_question(slot):
            line.favour(slot, "？", cost)
