"""Where Chinese writes a colon: after a label, before what it introduces."""

from __future__ import annotations

import re

from . import Line, rule

#: what a colon introduces, which a comma does not: a link
#: (`代码：https://github.com/...`) or a format placeholder (`错误：%s`)
_INTRODUCED = re.compile(r"\s*(?:https?://|[\"'“‘「]?%[\w$])")
#: a placeholder a bracket closes: the mark before it opens the bracket
#: (`对象（%d）`), whatever its reading
_ENCLOSED = re.compile(r"\s*[\"'“‘]?%[\w$.]*\w[\"'”’]?[）)]")
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


def wants_colon(line_so_far: str) -> bool:
    """Whether the line so far is a bold label (`5. **应用**`) or the start
    of a title before its first mark, a Latin term (`### LLMs之Efficient-LLMs-Survey`):
    bold words inside a sentence (`这是**重点**，`) are no label, and a
    title's later marks are the sentence's own."""
    if len(line_so_far) > LABEL_REACH:
        return False
    return bool(_BOLD_LABEL.fullmatch(line_so_far) or _TITLE_HEAD.fullmatch(line_so_far) or _PLACEHOLDER_HEAD.fullmatch(line_so_far))


def _colon_slots(line: Line):
    """The slots that can be `：` and do not end a question (a title that
    asks, `为什么需要高效LLMs？`, ends with its question mark), with the
    line before each and the text after it."""
    for slot in line.slots:
        if "：" in slot.readings and not line.ends_question(slot):
            yield slot, "".join(line.work[: slot.pos]), "".join(line.work[slot.pos + 1 : slot.pos + 12])


@rule("label-colon", cost=2.0)
def label_colon(line: Line, cost: float) -> None:
    """A bold label or a title's first term ends with `：`.

    Chinese Markdown ends the bold label that begins a line with a colon
    (`**论文地址**：`, `5. **应用**：`; 12 of the 15 marks after bold text in
    the user's Chinese copies), and a title's first mark is the colon of
    its subtitle (`LLMs之Efficient-LLMs-Survey：Efficient-LLMs-Survey...`),
    as is the mark after a message's leading placeholder (`%s：`): a slot
    there that could be `：` is weighed to it, at the end of a line too,
    where the only line-end statistics (news text) prefer `！`; the
    language model alone prefers the far more frequent `，`."""
    for slot, before, _after in _colon_slots(line):
        if wants_colon(before):
            line.favour(slot, "：", cost)


@rule("introducing-colon", cost=3.0)
def introducing_colon(line: Line, cost: float) -> None:
    """The mark before a link or a placeholder is `：`.

    A colon introduces a link or a format placeholder, which a comma does
    not (`代码：https://...`, `错误：%s`; the pair table, news text, has seen
    `误：` less than `误，` by 2.2 nats); a placeholder a bracket closes
    (`对象（%d）`) is no such case.  After a label the label rule decides."""
    for slot, before, after in _colon_slots(line):
        if not wants_colon(before) and _INTRODUCED.match(after) and not _ENCLOSED.match(after):
            line.favour(slot, "：", cost)
