"""A curly quote whose byte was lost opens a quotation that closes later."""

from __future__ import annotations

from ...chardata import char_class
from . import Hole, Line, rule


def closing_quote(text: str, start: int, end: int, lead: bytes = b"\x9d", holes: bool = True) -> bool:
    """Whether `text[start:end]` holds a closing curly quote still in GBK
    mojibake: `鈥` (E2 80) and a hole after the quotation's content (`鈥�`
    before a space, a mark or the end), or `鈥` followed by a character
    whose first GBK byte is the quote's last byte, `lead` (9D for ”, 99 for
    ’; `鈥濇`: ” merged with the next character's lead); the hole only if
    `holes`."""
    i = text.find("\u9225", start, end)
    while 0 <= i < len(text) - 1:
        nxt, after = text[i + 1], text[i + 2 : i + 3]
        if nxt == "\ufffd":
            if holes and i > start and not text[i - 1].isspace() and after in ("", " ", "\t", "\n", ".", ",", ";", ":", "!", "?", ")", "]"):
                return True
        elif nxt.encode("gb18030", errors="ignore")[:1] == lead:
            return True
        i = text.find("\u9225", i + 1, end)
    return False


def opens_a_quote(hole: Hole, closing_lead: bytes = b"\x9d", holes: bool = True) -> bool:
    """Whether the hole that ends the run opens a quotation whose closing
    quote lost its byte too (`鈥�%s鈥�` of `“%s”`): not joined to a letter
    or digit before it, before its content, with a closing hole later on
    the line."""
    text, start, end = hole.text, hole.start, hole.end
    joined = False  # a run longer than its hole: the quote follows Chinese (文件“)
    if end - start <= 2 and start:
        before = text[start - 1]
        joined = before.isascii() and before.isalnum() or char_class(before) == "latin"  # 2020—2021, word—word
    return not joined and text[end : end + 1].strip() != "" and closing_quote(text, end, hole.line_end, closing_lead, holes)


@rule("quote-pair", cost=4.0, passes=("gbk",))
def quote_pair(line: Line, cost: float) -> None:
    """A lost byte before a quotation whose closing quote was lost too is `“`.

    Both quotes uncertain (`鈥�%s鈥�` of `“%s”`), the bracket rule, which
    counts certain marks only, cannot see the pair, and `—` is the commoner
    reading of each alone.  A closing hole fits either quote: the double,
    the commoner, takes it; the single needs its own closing byte (’ is
    E2 80 99)."""
    hole = line.hole
    if hole is None:
        return
    for slot in line.slots:
        for opening, closing_lead in (("“", b"\x9d"), ("‘", b"\x99")):
            if opening in slot.readings and opens_a_quote(hole, closing_lead, opening == "“"):
                line.favour(slot, opening, cost)
