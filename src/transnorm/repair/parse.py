"""Runs of suspicious characters, read back as the UTF-8 they once were.

A run is a maximal stretch of characters that some single-byte codec
produces from bytes >= 0x80 (see :mod:`transnorm.chardata`).  Each run is
mapped back to bytes through each codec that covers it and read as UTF-8: a
complete sequence is *strong* evidence; a lead byte whose continuation bytes
are missing is completed with the bytes that codec can drop (its undefined
bytes, the soft hyphen, C1 controls...): *weak* evidence with candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, product

from ..chardata import (
    CODECS,
    SUSPECT_CHARS,
    Codec,
    char_class,
    codec_class,
    decode_sequence,
    is_continuation,
    regex_class,
    utf8_length,
)


@dataclass
class Unit:
    start: int  # offsets within the run
    end: int
    candidates: tuple[str, ...]  # one entry: certain; () : keep as is
    inserted: int = 0  # bytes restored
    strong: bool = False
    #: an incomplete sequence that still has a continuation byte: better
    #: evidence than a lone lead, which is how clean accented text looks.
    medium: bool = False
    #: nats a candidate pays because only a less likely codec produces it
    penalty: dict[str, float] = field(default_factory=dict)


@dataclass
class Parse:
    codec: Codec
    units: list[Unit]
    strong: int = 0
    weak: int = 0
    kept: int = 0
    observed: set[int] = field(default_factory=set)

    @property
    def quality(self) -> tuple[int, int]:
        """How well the codec explains the run: complete sequences count
        double, lone leads once, less the bytes it had to invent and twice
        the characters it cannot place."""
        inserted = sum(u.inserted for u in self.units)
        return (2 * self.strong + self.weak - 2 * self.kept - inserted, self.strong)


def plausible(ch: str) -> bool:
    """A lost-byte completion must be a visible character: invisible format
    characters (bidi marks, odd spaces) are what a repair must never invent.
    The emoji joiners (VS16, ZWJ) are allowed; the language model admits a
    ZWJ only between two emoji."""
    return char_class(ch) != "other" and unicodedata.category(ch)[0] in "LNPS" or ch in "\ufe0f\u200d"


#: invisible characters a complete sequence may decode to: the no-break
#: space and ZWJ of real text, and the soft hyphen and C1 controls that
#: appear half-way through undoing a double encoding.
_INTERMEDIATE = frozenset("\u00a0\u200d\u00ad") | frozenset(map(chr, range(0x80, 0xA0)))


CODEC_BY_NAME = {c.name: c for c in CODECS}


def _complete(got: list[int], length: int, codec: Codec) -> tuple[str, ...]:
    """Every character the sequence could have been, restoring the missing
    continuation bytes from those the codec can drop."""
    return _completions(tuple(got), length, codec.name)


@lru_cache(maxsize=1 << 14)
def _completions(got: tuple[int, ...], length: int, codec_name: str) -> tuple[str, ...]:
    # the same truncated sequences recur all through a document
    codec = CODEC_BY_NAME[codec_name]
    missing = length - len(got)
    fill = sorted(b for b in codec.droppable if is_continuation(b))
    out: dict[str, None] = {}
    tail = got[1:]
    for slots in combinations(range(1, length), missing):
        for values in product(fill, repeat=missing):
            seq = [got[0]]
            it_tail, it_val = iter(tail), iter(values)
            for pos in range(1, length):
                seq.append(next(it_val) if pos in slots else next(it_tail))
            ch = decode_sequence(bytes(seq))
            if ch is not None and plausible(ch):
                out[ch] = None
    return tuple(out)


def parse(run: str, codec: Codec, nbsp_mode: bool = False) -> Parse | None:
    to_byte = codec.to_byte
    try:
        bs = [0x20 if ch == " " else to_byte[ch] for ch in run]
    except KeyError:
        return None
    n = len(bs)
    p = Parse(codec, [])
    i = 0
    while i < n:
        length = utf8_length(bs[i])
        if length == 0:
            p.units.append(Unit(i, i + 1, ()))
            if bs[i] != 0x20:
                p.kept += 1
            i += 1
            continue
        got = [bs[i]]
        j = i + 1
        while j < n and len(got) < length:
            b = bs[j]
            if is_continuation(b):
                got.append(b)
            elif (
                b == 0x20
                and codec.nbsp_byte is not None
                and len(got) + 1 < length
                and j + 1 < n
                and is_continuation(bs[j + 1])
            ):
                got.append(codec.nbsp_byte)  # a no-break space became a space
            else:
                break
            j += 1
        if len(got) == length:
            ch = decode_sequence(bytes(got))
            if ch is None or not ch.isprintable() and ch not in _INTERMEDIATE:
                p.units.append(Unit(i, i + 1, ()))
                p.kept += 1
                i += 1
                continue
            restored = run[i:j].count(" ")
            p.units.append(Unit(i, j, (ch,), restored, strong=True))
            p.strong += 1
            p.observed.update(got[1:])
        else:
            cands = _complete(got, length, codec)
            if nbsp_mode and j < n and bs[j] == 0x20 and codec.nbsp_byte is not None and len(got) < length:
                # a no-break space that became a space may continue the
                # sequence (`ç ` of 码, E7 A0 81, whose last byte was lost
                # too): the unit takes the space, each reading without it
                # keeps its text
                if len(got) + 1 == length:
                    ch = decode_sequence(bytes(got + [codec.nbsp_byte]))
                    more = (ch,) if ch is not None and (plausible(ch) or ch == "\xa0") else ()
                else:
                    more = tuple(c for c in _complete(got + [codec.nbsp_byte], length, codec) if c not in cands)
                if more:
                    cands = tuple(c + " " for c in cands) + more
                    j += 1
            if not cands:
                p.units.append(Unit(i, i + 1, ()))
                p.kept += 1
                i += 1
                continue
            p.units.append(Unit(i, j, cands, length - len(got), medium=len(got) > 1))
            p.weak += 1
            p.observed.update(got[1:])
        i = j
    return p


def _run_pattern(nbsp_as_space: bool) -> re.Pattern[str]:
    cls = regex_class(SUSPECT_CHARS)
    if nbsp_as_space:
        return re.compile(f"[{cls}]+(?: [{cls}]+)* ?")
    return re.compile(f"[{cls}]+")


_RUN_RE = {flag: _run_pattern(flag) for flag in (False, True)}



def lead_re(codec_name: str) -> re.Pattern[str]:
    return re.compile(f"[{codec_class(CODEC_BY_NAME[codec_name], lambda b: utf8_length(b) > 1)}]")


def scan(li: int, line: str, codecs: list[Codec]) -> list[tuple[int, int, int, list[Parse]]]:
    """Every run of the line, parsed under each codec that covers it."""
    # where no no-break space survived, one may have become a space: a
    # line-by-line judgement, since a document can mix damaged paragraphs
    # with clean ones
    nbsp_mode = "\xa0" not in line
    found = []
    for m in _RUN_RE[nbsp_mode].finditer(line):
        run = m.group()
        if not has_lead(run):
            continue
        options = [p for c in codecs if (p := parse(run, c, nbsp_mode)) is not None and (p.strong or p.weak)]
        if options:
            found.append((li, m.start(), m.end(), options))
    return found


#: the longest piece of a line decided as one context
CHUNK = 4096


def chunks(line: str) -> list[str]:
    if len(line) <= CHUNK:
        return [line]
    out = []
    start = 0
    while len(line) - start > CHUNK:
        cut = line.rfind(" ", start + CHUNK // 2, start + CHUNK)
        cut = cut + 1 if cut > 0 else start + CHUNK
        out.append(line[start:cut])
        start = cut
    out.append(line[start:])
    return out


def has_lead(run: str) -> bool:
    """A cheap prefilter: a run in which no codec sees a UTF-8 lead byte
    cannot be mojibake."""
    return any(utf8_length(c.to_byte.get(ch, 0)) for ch in run for c in CODECS)
