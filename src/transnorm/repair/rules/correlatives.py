"""Chinese pairs `与` and `在` with a second half later in the clause."""

from __future__ import annotations

import bisect
import math

from . import Line, rule

#: the second halves of `与 ... X` (与模型规模之间, 与微调不同, 与输入长度呈平方关系)
WITH_PARTNERS = ("之间", "相比", "不同", "相同", "类似", "相似", "一致", "一样", "有关", "无关", "相关", "结合", "呈", "成比例", "成正比", "对比")
_PARTNERS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _w in WITH_PARTNERS:
    _PARTNERS_BY_FIRST[_w[0]] = _PARTNERS_BY_FIRST.get(_w[0], ()) + (_w,)
#: what ends the clause a correlative construction lies in
CLAUSE_MARKS = frozenset("，。；：！？,;!?\n")
#: how far (characters) after `与` its partner is looked for
CORRELATIVE_REACH = 60
#: a 中 that begins a word this common (中断 -10.7, 中文, 中间) is that
#: word, not the close of `在 X 中`; a rarer pair the lists know (中加,
#: China-Canada, -13.6: `从 FILE 中加载`; 中标) is no reason
COMMON_WORD = math.log(1e-5)


@rule("correlative", cost=3.0, passes=("single-byte",))
def correlative(line: Line, cost: float) -> None:
    """`与 … 之间` and `在 … 中` keep both halves.

    Chinese pairs `与` with a second half later in its clause (`与 X
    之间`, `与 X 不同`, `与 X 相比`), and `在` with a `中` that closes its
    phrase: `与`, `不` and `中` are one lost byte apart (E4 B8 8E, 8D, AD),
    and the other half lies beyond the language model's window.  A slot
    that could be `与` is weighed towards it when its clause, after it,
    holds a second half; every such slot is, the language model choosing
    among them (其中 stays a word).  An ambiguous character of the clause
    counts as any of its readings.  After a certain `在` (or `从`, unless
    it is part of a word: 从而, 服从), the first slot of its clause that can
    be `中` closes it, unless a certain `中` already did; X is not empty
    (`在与人类对齐的过程中`), and a `中` that begins a word (中断) is not
    that `中`."""
    work, options, slots = line.work, line.options, line.slots
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
        ends = [k for k in range(len(work)) if work[k] in CLAUSE_MARKS and k not in options] + [len(work)]
        for slot in heads:
            stop = min(ends[bisect.bisect_right(ends, slot.pos)], slot.pos + 1 + CORRELATIVE_REACH)
            if any(slot.pos < a and b <= stop for a, b in halves):
                line.favour(slot, "与", cost)
    by_pos = {s.pos: s for s in slots}
    for i, ch in enumerate(work):
        if ch not in "在从" or i in options or ch == "从" and line.reading_makes_word(i):
            continue
        for k in range(i + 1, min(len(work), i + 1 + CORRELATIVE_REACH)):
            if k not in options and (work[k] in CLAUSE_MARKS or work[k] == "中"):
                break
            if k > i + 1 and "中" in options.get(k, ()) and not line.makes_word({"中"}, line.cells(k + 1), COMMON_WORD):
                if work[k - 1] == "的" and k - 1 not in options:
                    continue  # X ends with a noun, never 的: `在…的不同阶段（…）中`
                line.favour(by_pos[k], "中", cost)
                break
