"""`不` negates a verb or an adjective, not a name."""

from __future__ import annotations

from . import Line, bare, rule
from .titles import title_spans


@rule("negation", cost=3.0, passes=("single-byte",))
def negation(line: Line, cost: float) -> None:
    """`不` is not read before a Latin word, nor outside a word in a title.

    `不` negates a verb or an adjective, and a Latin word in Chinese text
    is a name or a term: a reading of `不` before one (`诊断 GPT2-XL 不 ICL
    错误`) pays, where `中` and `与` (one lost byte apart) stand there often
    (`GPT2-XL 中`, `与 LoRA`; none of 46,000 Chinese catalog messages of this
    machine has `不` before a Latin word, 45 have `中` or `与`).  So does a
    `不` outside a word in a title, which names things and coordinates them
    (`大模型文本的处理与对齐`; the Chinese manual pages' section titles have
    37 `和`, `及` and `与` between Han characters and 2 `不`, both of `不同`),
    in headings and in the links to them."""
    work = line.work
    titles = title_spans(work)
    for slot in line.slots:
        if "不" not in slot.readings or len(slot.readings) < 2:
            continue
        k = slot.pos + 1
        if k < len(work) and work[k] == " ":
            k += 1
        latin = k < len(work) and work[k][:1].isascii() and work[k][:1].isalpha()
        title = any(a <= slot.pos < b for a, b in titles) and not line.reading_makes_word(slot.pos, "不")
        if latin or title:
            for c in slot.candidates:
                if bare(c) == "不":
                    line.charge(slot, c, cost)
