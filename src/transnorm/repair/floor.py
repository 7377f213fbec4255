"""ftfy as the floor, and the proof a repair beyond it needs.

transnorm goes beyond ftfy (bytes a lossy decode dropped, GBK, double
encodings under rare codecs), never below it.  Two rules keep that promise:

* **The floor.**  A line ftfy repairs is read as ftfy reads it (its lossless
  decoding is exact where it applies: `voilÃ  le travail`, C1 controls of a
  Latin-1 mix-up, Cyrillic, Hebrew or Thai targets, `�` where a byte was
  lost), unless transnorm's reading is strictly better by ftfy's own measure
  and leaves less mojibake (the bytes ftfy can only mark as lost, restored),
  or reads as well in a document proven damaged, where transnorm's codec
  profile of the whole file knows what one line does not (ftfy reads a lossy
  windows-1257 line as `MƩtodos`, iso-8859-2 as `TÊcnicas`).
* **Proof.**  A change the engine makes to a line that ftfy leaves alone is
  kept only with evidence that the line was damaged: ftfy's badness measure
  flags the line; the engine decoded a complete sequence of three bytes or
  more on it (an emoji, a symbol, a Han character; two-byte sequences such
  as `√π` for `ù` happen in clean text); the reading is more plausible than
  the line by a margin calibrated on clean text (:data:`LM_MARGIN`); or the
  document is proven damaged (the engine read one codec's complete
  sequences across it, or :data:`PROOF_MIN` lines ftfy repairs and runs the
  engine repaired without inventing a byte or into characters of three
  bytes: the trace of one wrong decode across the file).  Never when it
  writes characters outside the scripts of the lists' languages (kana from a
  garble, `Ѱ`, `ĭ`, `ſ`, C1 controls, private use), or reads worse by ftfy's
  measure: clean text that happens to contain `Ä£`, `√π` or box drawing
  stays as it is.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

import ftfy
from ftfy.badness import badness, is_bad

from .. import lm
from ..chardata import EVIDENCE_RE, is_han
from .parse import chunks

#: lines ftfy repairs and runs the engine repairs losslessly (or into
#: characters of three bytes) that prove a document damaged
PROOF_MIN = 8
#: nats by which a reading must beat a line no other evidence calls damaged:
#: above every change the engine proposes to clean text (16.1 at most on
#: ftfy's negative cases, `benchmarks/peers.py` measures it), below the
#: single-line repairs of lost bytes (`o mínimo valor`: 28.2)
LM_MARGIN = 20.0
#: Latin letters beyond Latin-1 the lists' languages write: pinyin's tones
PINYIN = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜ")


@lru_cache(maxsize=1 << 14)
def writable(ch: str) -> bool:
    """Whether a repair may write `ch`: a character of the scripts an
    English, Chinese or Portuguese list is written in, its punctuation and
    symbols (emoji, math, arrows), never a control or private-use character."""
    o = ord(ch)
    if o < 0x80:
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Co", "Cn", "Cs"):
        return False
    if cat[0] == "M":  # accents, and the selectors and joiners of emoji; not another script's vowel signs
        return 0x300 <= o <= 0x330 or 0xFE00 <= o <= 0xFE0F or 0x20D0 <= o <= 0x20FF
    if cat[0] != "L":
        return True  # punctuation, symbols, spaces
    if is_han(ch):
        return lm.builtin().known_han(ch)  # `㭿` from `π┐` is no character of running Chinese
    if o <= 0xFF or ch in PINYIN:
        return True
    name = unicodedata.name(ch, "")
    # Greek letters name quantities in titles (`Pangu-σ`, `α-RAG`)
    if name.startswith("GREEK SMALL LETTER") or name.startswith("GREEK CAPITAL LETTER"):
        return True
    return name.startswith(("CJK ", "FULLWIDTH ", "HALFWIDTH ", "BOPOMOFO"))


def ftfy_readings(text: str) -> dict[int, str]:
    """ftfy's reading of every line it changes (1-based line -> text).  A
    very long line is read in the engine's windows (see parse.chunks), so
    that a 10 MB line costs what its damaged windows cost."""
    out: dict[int, str] = {}
    # only lines with a lead byte beside a continuation byte (the engine's
    # own evidence), a C1 control, a lost byte's U+FFFD or a no-break space
    # lost after Â or Ã can change: clean text costs one scan
    hits = [m.start() for m in _SUSPECT.finditer(text)]
    if not hits:
        return out
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    lines = text.split("\n")
    for i in sorted({bisect.bisect_right(starts, h) for h in hits}):
        line = lines[i - 1]
        fixed = "".join(_ftfy(piece) for piece in chunks(line))
        if fixed != line:
            out[i] = fixed
    return out


def _ftfy(piece: str) -> str:
    if not (is_bad(piece) or _C1.search(piece)):
        return piece
    fixed = ftfy.fix_encoding(piece)
    return piece if _lone_capital_a_tilde(piece, fixed) or _capital_a_circumflex(piece, fixed) else fixed


_A_CIRCUMFLEX = re.compile("(?<=[A-Z])Â(?=\xa0)")


def _capital_a_circumflex(line: str, fixed: str) -> bool:
    """Whether ftfy's only change drops `Â` before a no-break space at the end
    of a word in capitals (`MISUTÂ\xa0AJIKKO`): C2 A0 decodes to a no-break
    space, but a capital Â after capitals is the word's letter (ftfy's own
    known failure)."""
    return "Â" in line and _A_CIRCUMFLEX.search(line) is not None and _A_CIRCUMFLEX.sub("", line) == fixed


_C1 = re.compile("[\x80-\x9f]")
_SUSPECT = re.compile(f"[\\x80-\\x9f\\ufffd]|[ÂÃ][ \\xa0]|{EVIDENCE_RE.pattern}")
_NEWLINE = re.compile("\n")


def _lone_capital_a_tilde(line: str, fixed: str) -> bool:
    """Whether ftfy's only change is `Ã ` read as `à ` where no word ends in
    it: `voilÃ le travail` lost the byte after `Ã` (U+00A0 became a space),
    but a line that starts `Ã is a letter`, beside `NÃO`, is Portuguese as
    written.  ftfy guesses the lost byte; the guess needs the word."""
    if len(line) != len(fixed) or "Ã" not in line:
        return False
    spots = [m.start() for m in _A_TILDE.finditer(line)]
    if not spots or _A_TILDE.sub("à", line) != fixed:
        return False
    return any(i == 0 or not (line[i - 1].isalpha() or line[i - 1] in "'’") for i in spots)


_A_TILDE = re.compile("Ã(?=[ \xa0])")


def _clearly_better(a: str, b: str) -> bool:
    """Whether the engine's reading of a line is more plausible than the
    line by :data:`LM_MARGIN` nats (`o mÃnimo valor` -> `o mínimo valor`)."""
    return lm.builtin().text_logprob(a) - lm.builtin().text_logprob(b) >= LM_MARGIN


def _decodes_long(r) -> bool:
    """Whether a repair wrote a character of three UTF-8 bytes or more that
    its original did not have (one kept as it was proves nothing)."""
    return any(len(c.encode("utf-8")) >= 3 and c not in r.original for c in r.replacement)


def _residue(text: str) -> int:
    """Lead and continuation characters side by side: mojibake left over."""
    return len(EVIDENCE_RE.findall(text))


def _rare(text: str) -> int:
    """Characters no list writes, and Han characters the word lists do not
    know (`䏿` where `中` lost a byte)."""
    return sum(1 for c in text if not writable(c) or (is_han(c) and not lm.builtin().known_han(c)))


def _reads_better(a: str, b: str) -> bool:
    """By ftfy's measure, then by mojibake left over, then by characters no
    list writes (ftfy reads windows-1257 damage as `MƩtodos`)."""
    return (badness(a), _residue(a), _rare(a)) < (badness(b), _residue(b), _rare(b))


def gate(before: str, after: str, repairs: list, theirs: dict[int, str], repair_type, proven: bool = False) -> tuple[str, list]:
    """Each line as the engine repaired it, as ftfy did, or as it was.

    ftfy's reading of a line stands unless the engine's reads strictly
    better (less mojibake left, bytes ftfy can only mark as lost restored),
    or as well in a document proven damaged, where the engine's codec
    profile of the whole file knows what a line alone cannot.  A line ftfy leaves alone keeps the engine's
    change only with proof (see the module docstring).  `repairs` are the
    engine's; ftfy's changes get repairs of their own.  `proven`: the
    engine found one codec's complete sequences across the document
    (:data:`profile.VOUCH_MIN` runs or more)."""
    if after == before and not theirs:
        return after, repairs
    b_lines, a_lines = before.split("\n"), after.split("\n")
    if len(b_lines) != len(a_lines):  # never: repairs do not write newlines
        return after, repairs
    evidence = sum(1 for r in repairs if r.bytes_restored == 0 or _decodes_long(r))
    proven = proven or len(theirs) + evidence >= PROOF_MIN
    by_line: dict[int, list] = {}
    for r in repairs:
        by_line.setdefault(r.line, []).append(r)
    kept_lines = set()
    ftfy_lines: list[tuple[int, str, str]] = []
    out = []
    for i, (b, a) in enumerate(zip(b_lines, a_lines), 1):
        mine = by_line.get(i, ())
        f = theirs.get(i)
        # a complete sequence of three bytes or more (an emoji, a symbol, a
        # Han character) is no accident of clean text
        whole = any(r.bytes_restored == 0 and _decodes_long(r) for r in mine)
        # a run of symbols alone (box drawing, math: `├┤`, `√π`) is how
        # diagrams and formulas look, and box drawing beside a letter (`å├`)
        # how tree listings do; only the document can prove those damaged
        symbols = bool(mine) and (
            not any(c.isalpha() for r in mine for c in r.original) or any("\u2500" <= c <= "\u259f" for r in mine for c in r.original)
        )
        # (the language model prices a line only when nothing else decides:
        # most lines are unchanged)
        ok = a != b and (proven or whole or f is not None or (not symbols and (is_bad(b) or _clearly_better(a, b))))
        ok = ok and all(writable(c) for r in mine for c in r.replacement) and badness(a) <= badness(b)
        ok = ok and not (_lone_capital_a_tilde(b, a) or _capital_a_circumflex(b, a))  # as for ftfy's reading
        # where both read clean, the engine's document-wide reading decides
        # in a document proven damaged; ftfy's, in a line or two on their own
        if f is not None and not (ok and (a == f or _reads_better(a, f) or (proven and not _reads_better(f, a)))):
            out.append(f)
            ftfy_lines.append((i, b, f))
        elif ok:
            out.append(a)
            kept_lines.add(i)
        else:
            out.append(b)
    kept = [r for r in repairs if r.line in kept_lines] + floor_repairs(ftfy_lines, before, repair_type)
    return "\n".join(out), sorted(kept, key=lambda r: (r.line, r.start))


def floor_repairs(changed: list[tuple[int, str, str]], text: str, repair_type) -> list:
    """One repair per line ftfy changed, spanning what differs."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for lineno, old, new in changed:
        a = 0
        while a < min(len(old), len(new)) and old[a] == new[a]:
            a += 1
        z = 0
        while z < min(len(old), len(new)) - a and old[len(old) - 1 - z] == new[len(new) - 1 - z]:
            z += 1
        start = starts[lineno - 1] + a
        out.append(repair_type(lineno, start, start + len(old) - a - z, old[a : len(old) - z], new[a : len(new) - z], "ftfy", 0, 0.99))
    return out


__all__ = ["PROOF_MIN", "ftfy_readings", "gate", "writable"]
