"""Where GNU gettext may break a line, and how wide it counts a character.

msgcat and msgmerge wrap catalog strings with libunistring's UAX #14 pair
table and `uc_width`; a catalog written with any other line breaking differs
from theirs in every wrapped entry of Chinese or Japanese text.  The data
(`data/linebreak.txt`) is read from libunistring by
`scripts/gen_linebreak.py`; the algorithm below is libunistring's
`u8_possible_linebreaks` and `u8_width_linebreaks`, per character instead
of per byte.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from importlib import resources

PROHIBITED, POSSIBLE, MANDATORY = 1, 2, 3
_SPECIAL = ("BK", "CR", "LF", "NL", "SP", "ZW", "CM", "ZWJ")


class _Data:
    def __init__(self) -> None:
        text = resources.files("transnorm").joinpath("data/linebreak.txt").read_text(encoding="utf-8")
        names: list[str] = []
        rows: dict[str, str] = {}
        starts: list[int] = []
        ends: list[int] = []
        classes: list[str] = []
        wstarts: list[int] = []
        wends: list[int] = []
        widths: list[int] = []
        for line in text.splitlines():
            if line.startswith("# classes:"):
                names = line.split(":", 1)[1].split()
            elif line.startswith("table "):
                _, name, row = line.split()
                rows[name] = row
            elif line.startswith("class "):
                _, a, b, c = line.split()
                starts.append(int(a, 16))
                ends.append(int(b, 16))
                classes.append(c)
            elif line.startswith("width "):
                _, a, b, w = line.split()
                wstarts.append(int(a, 16))
                wends.append(int(b, 16))
                widths.append(int(w))
        self.index = {n: i for i, n in enumerate(names)}
        self.table = [[rows[a][j] for j in range(len(names))] for a in names]
        self.starts, self.ends, self.classes = starts, ends, classes
        self.wstarts, self.wends, self.widths = wstarts, wends, widths


@lru_cache(maxsize=1)
def _data() -> _Data:
    return _Data()


@lru_cache(maxsize=4096)
def line_class(ch: str) -> str:
    """The line-breaking class gettext gives `ch` (AL when unlisted)."""
    d = _data()
    cp = ord(ch)
    i = bisect.bisect_right(d.starts, cp) - 1
    return d.classes[i] if i >= 0 and cp <= d.ends[i] else "AL"


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns gettext counts for `ch`: 2 for wide East Asian characters,
    0 for combining marks and controls, else 1."""
    if " " <= ch < "\x7f":
        return 1
    d = _data()
    cp = ord(ch)
    i = bisect.bisect_right(d.wstarts, cp) - 1
    w = d.widths[i] if i >= 0 and cp <= d.wends[i] else 1
    return max(w, 0)


def possible_breaks(text: str) -> list[int]:
    """Per character: PROHIBITED, POSSIBLE (a break may go before it) or
    MANDATORY (it ends a line)."""
    d = _data()
    table, index = d.table, d.index
    out = [PROHIBITED] * len(text)
    last = "BK"  # class of the last non-space character
    seen_space: int | None = None
    after_zwj = False  # no break right after a zero-width joiner
    hebrew_dash = False  # nor after a Hebrew letter and a hyphen
    marked = False  # the last character carries a mark
    for i, ch in enumerate(text):
        prop = line_class(ch)
        joined, after_zwj = after_zwj, prop == "ZWJ"
        if prop in ("BK", "LF", "NL", "CR"):
            out[i] = MANDATORY
            last, seen_space, hebrew_dash = "BK", None, False
            continue
        q = i
        if prop == "SP":
            seen_space = i
            continue
        if prop == "ZW":
            last, seen_space, hebrew_dash = "ZW", None, False
            continue
        if prop in ("CM", "ZWJ"):
            if last != "BK" and (last == "ZW" or seen_space is not None):
                out[i] = POSSIBLE
            elif last != "BK":
                # part of the character before it, which then no longer
                # counts as a bare Hebrew letter
                hebrew_dash, marked = False, True
                continue
            last, seen_space, hebrew_dash = "AL", None, False  # a mark on nothing
            continue
        if last == "BK" or joined or (hebrew_dash and seen_space is None):
            out[q] = PROHIBITED
        elif last == "ZW":
            out[q] = POSSIBLE
        else:
            rule = table[index[last]][index[prop]]
            if rule == "D" or (rule == "I" and seen_space is not None):
                out[q] = POSSIBLE
        hebrew_dash = last == "HL" and not marked and prop in ("HY", "BA") and seen_space is None
        marked = False
        last, seen_space = prop, None
    return out


def width_breaks(text: str, width: int, start_column: int, overrides: list[int | None] | None = None) -> list[bool]:
    """Per character: does gettext break the line before it, filling lines
    of `width` columns greedily from `start_column`?  `overrides` (per
    character, None for none) forbids or forces breaks."""
    brk = possible_breaks(text)
    out = [False] * len(text)
    last_p: int | None = None
    last_column = start_column
    piece = 0
    for i, ch in enumerate(text):
        b = brk[i]
        if overrides is not None and overrides[i] is not None:
            b = overrides[i]
        if b in (POSSIBLE, MANDATORY):
            if last_p is not None and last_column + piece > width:
                out[last_p] = True
                last_column = 0
        if b == MANDATORY:
            last_p, last_column, piece = None, 0, 0
            continue
        if b == POSSIBLE:
            last_p = i
            last_column += piece
            piece = 0
        piece += char_width(ch)
    if last_p is not None and last_column + piece > width:
        out[last_p] = True
    return out


def text_width(text: str) -> int:
    """Columns of `text` as gettext counts them."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


__all__ = ["MANDATORY", "POSSIBLE", "PROHIBITED", "char_width", "line_class", "possible_breaks", "text_width", "width_breaks"]
