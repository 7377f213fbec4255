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
import re
from functools import lru_cache
from importlib import resources

PROHIBITED, POSSIBLE, MANDATORY = 1, 2, 3


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


#: codes of the classes the algorithm handles outside the pair table
_MUST, _SPACE, _ZW, _MARK, _ZWJ = -1, -2, -3, -4, -5
_SPECIAL_CODE = {"BK": _MUST, "CR": _MUST, "LF": _MUST, "NL": _MUST, "SP": _SPACE, "ZW": _ZW, "CM": _MARK, "ZWJ": _ZWJ}


@lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, int], list[list[int]], int, int, int, int]:
    """Class codes and the pair table as integers (0 prohibited, 1 only
    after a space, 2 direct), for the inner loop."""
    d = _data()
    code = {n: i for n, i in d.index.items()}
    code.update(_SPECIAL_CODE)
    table = [[{"P": 0, "I": 1, "D": 2}[r] for r in row] for row in d.table]
    return code, table, d.index["AL"], d.index["HL"], d.index["HY"], d.index["BA"]


@lru_cache(maxsize=8192)
def _code(ch: str) -> int:
    return _codes()[0][line_class(ch)]


@lru_cache(maxsize=1)
def _alphabetic_run() -> re.Pattern:
    """A run of alphabetic (AL) characters below U+3000: no break falls
    inside one (AL AL breaks only after a space), so the scan of
    :func:`opportunities` steps over it after its first character."""
    points = [cp for cp in range(0x21, 0x3000) if line_class(chr(cp)) == "AL"]
    ranges: list[list[int]] = []
    for cp in points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)
    return re.compile("[" + body + "]+")


def opportunities(text: str) -> list[tuple[int, int]]:
    """(position, POSSIBLE or MANDATORY) for each character before which
    a line may break, or after which it must (libunistring's
    u8_possible_linebreaks, per character)."""
    _code_of, table, AL, HL, HY, BA = _codes()
    out: list[tuple[int, int]] = []
    BK = -10  # the start of the text, or after a mandatory break
    last = BK  # code of the last non-space character
    space = False  # a space since it
    after_zwj = False  # no break right after a zero-width joiner
    hebrew_dash = False  # nor after a Hebrew letter and a hyphen
    marked = False  # the last character carries a mark
    code = _code
    run = _alphabetic_run()
    skip = 0  # the end of the alphabetic run being stepped over
    for i, ch in enumerate(text):
        if i < skip:
            continue
        c = code(ch)
        joined, after_zwj = after_zwj, c == _ZWJ
        if c < 0:
            if c == _MUST:
                out.append((i, MANDATORY))
                last, space, hebrew_dash = BK, False, False
                continue
            if c == _SPACE:
                space = True
                continue
            if c == _ZW:
                last, space, hebrew_dash = _ZW, False, False
                continue
            # a combining mark or joiner
            if last != BK and (last == _ZW or space):
                out.append((i, POSSIBLE))
            elif last != BK:
                # part of the character before it, which then no longer
                # counts as a bare Hebrew letter
                hebrew_dash, marked = False, True
                continue
            last, space, hebrew_dash = AL, False, False  # a mark on nothing
            continue
        if last == BK or joined or (hebrew_dash and not space):
            pass
        elif last == _ZW:
            out.append((i, POSSIBLE))
        else:
            rule = table[last][c]
            if rule == 2 or (rule == 1 and space):
                out.append((i, POSSIBLE))
        hebrew_dash = last == HL and not marked and (c == HY or c == BA) and not space
        marked = False
        last, space = c, False
        if c == AL:
            m = run.match(text, i + 1)
            if m is not None:
                skip = m.end()
    return out


def possible_breaks(text: str) -> list[int]:
    """Per character: PROHIBITED, POSSIBLE (a break may go before it) or
    MANDATORY (it ends a line)."""
    out = [PROHIBITED] * len(text)
    for i, kind in opportunities(text):
        out[i] = kind
    return out


def fill(text: str, opps: list[tuple[int, int]], width: int, start_column: int) -> list[int]:
    """Where gettext breaks `text` filling lines of `width` columns greedily
    from `start_column`, given its break opportunities `opps` (libunistring's
    u8_width_linebreaks, piece by piece instead of byte by byte)."""
    ascii_text = _one_column(text)
    breaks: list[int] = []
    last_p: int | None = None
    column = start_column
    prev = 0  # where the current piece starts
    for pos, kind in opps:
        piece = pos - prev if ascii_text else text_width(text[prev:pos])
        if last_p is not None and column + piece > width:
            breaks.append(last_p)
            column = 0
        if kind == MANDATORY:
            last_p, column, prev = None, 0, pos + 1
        else:
            last_p = pos
            column += piece
            prev = pos
    piece = len(text) - prev if ascii_text else text_width(text[prev:])
    if last_p is not None and column + piece > width:
        breaks.append(last_p)
    return breaks


def width_breaks(text: str, width: int, start_column: int, overrides: list[int | None] | None = None) -> list[bool]:
    """Per character: does gettext break the line before it?  `overrides`
    (per character, None for none) forbids a break (PROHIBITED)."""
    opps = opportunities(text)
    if overrides is not None:
        opps = [(i, k) for i, k in opps if overrides[i] is None]
    out = [False] * len(text)
    for i in fill(text, opps, width, start_column):
        out[i] = True
    return out


def text_width(text: str) -> int:
    """Columns of `text` as gettext counts them."""
    if _one_column(text):
        return len(text)
    return sum(char_width(c) for c in text)


#: a character that is not one column wide: all but printable Latin-1 (the
#: soft hyphen and the no-break space are not printable)
_NOT_ONE_COLUMN = re.compile(r"[^\x20-\x7e\xa1-\xac\xae-\xff]")


def _one_column(text: str) -> bool:
    """Every character one column wide."""
    return _NOT_ONE_COLUMN.search(text) is None


__all__ = ["MANDATORY", "POSSIBLE", "PROHIBITED", "char_width", "line_class", "possible_breaks", "text_width", "width_breaks"]
