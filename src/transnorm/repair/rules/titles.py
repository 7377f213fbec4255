"""Titles coordinate: `优化与扩展`, not `优化中扩展`."""

from __future__ import annotations

import re

from ...chardata import is_han
from ...markup import INLINE_LINK
from . import Line, bare, rule

#: a Markdown heading, and a link to one (a table of contents)
_HEADING = re.compile(r"\s*(?:>\s*)*#{1,6}\s")
_ANCHOR_LINK = re.compile(INLINE_LINK.pattern.replace(r"([^)\s]*)", r"(#[^)\s]*)", 1))
#: what before a `中` in a title makes it the close of a locative phrase
#: (`在 Calc 中查找`, `从单元格区域中删除`)
_LOCATIVE_HEADS = frozenset("在从于向其")


def title_spans(work: list[str]) -> list[tuple[int, int]]:
    """Where a line holds title text: each link to a heading, then the
    whole line if it is a heading (the innermost span first)."""
    line = "".join(work)
    spans = [(m.start(), m.end()) for m in _ANCHOR_LINK.finditer(line)] if "](#" in line else []
    return spans + [(0, len(work))] if _HEADING.match(line) else spans


@rule("title-coordination", cost=2.0, passes=("single-byte",))
def title_coordination(line: Line, cost: float) -> None:
    """`中` between two words of a title pays against `与`.

    A title coordinates (`优化与扩展`, `查找与替换`); `中` between two
    words of one (`公式中可使用通配符`) closes a locative phrase whose head
    (`在`, `从`) the title has, or precedes `的` (`文档中的位置`): in the
    section titles of the Chinese manual pages and of LibreOffice's help
    and the Debian manuals, 98 `与` stand between Han characters against
    11 `中` outside a word with neither (35 with the words: 选中, 居中,
    中断).  So a reading of `中` there pays where `与` is another reading
    of its slot, in a word or not: the lists know so many `中X` pairs
    (中部, 中外, 集中) that sparing them spared nearly every slot, and a real
    word (居中对齐) still outweighs the cost.  The heading `## 高效优化与扩展`
    and its table-of-contents link otherwise sit on a 0.01-nat tie with
    `优化中扩展`."""
    work = line.work
    titles = title_spans(work)
    if not titles:
        return
    for slot in line.slots:
        if not {"中", "与"} <= slot.readings:
            continue
        i = slot.pos
        span = next(((a, b) for a, b in titles if a <= i < b), None)
        if span is None or not (span[0] < i < span[1] - 1):
            continue
        before, after = line.cells(i - 1), line.cells(i + 1)
        if not all(len(c) == 1 and is_han(c) for c in before | after) or "的" in after:
            continue
        if any(work[k] in _LOCATIVE_HEADS and k not in line.options for k in range(span[0], i)):
            continue
        for c in slot.candidates:
            if bare(c) == "中":
                line.charge(slot, c, cost)
