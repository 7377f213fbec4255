"""The GBK pass: UTF-8 bytes decoded as GBK/GB18030.

Such text looks like rare Chinese (`浣犲ソ` for Chinese, `vers茫o` for
Portuguese).  Recoverable when the bytes came through whole; a decoder that
met a lead byte without a valid partner wrote U+FFFD for it, and each such
hole is one lost byte, read in context with the same context rules as the
single-byte pass (rules/).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..chardata import HAN_RANGES, char_class
from ..lm import LINE_EDGE, has_cjk
from . import rules
from .accept import context_bounds, gain
from .config import RepairConfig
from .parse import plausible
from .profile import VOUCH_MIN
from .result import Repair
from .rules import Hole, Line, Slot
from .search import CONTEXT


@lru_cache(maxsize=None)
def _gbk_run_re() -> re.Pattern[str]:
    """What GBK makes of UTF-8 bytes: any of the characters it encodes in
    two bytes (CJK, kana, Greek, Cyrillic, symbols, the user-defined area
    `\ue4f4` for A1 4E, where the lead byte took the next ASCII byte with it,
    the `N` of `⚡News`), and U+FFFD for a lead byte whose partner was
    invalid.  Clean text of these characters never decodes as UTF-8."""
    ranges: list[list[int]] = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            two = len(chr(cp).encode("gb18030")) == 2
        except UnicodeEncodeError:
            two = False
        if two or cp == 0xFFFD:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{cls}]+")


#: UTF-8 read as GBK always shows a Han character (a lead byte C2-F4 starts
#: one) or a U+FFFD where a lead byte was lost
_GBK_SEED = re.compile(f"[{HAN_RANGES}\ufffd]")
#: how far (characters) along its line a GBK repair looks for a bracket's
#: or a quote's partner
PAIR_REACH = 400
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: readings of a lost byte weighed for the confidence
GBK_CANDIDATES = 8


_WORD_RE = re.compile(r"[^\W\d_]+")


def fix_gbk(cfg: RepairConfig, text: str) -> tuple[str, list[Repair]]:
    """UTF-8 bytes decoded as GBK/GB18030 look like rare Chinese (`浣犲ソ`
    for Chinese, `vers茫o` for Portuguese).  Recoverable when the bytes came
    through whole; a run is replaced only if the language model strongly
    prefers the re-decoded words in their context.

    A document shown to be GBK mojibake (VOUCH_MIN runs repaired under the
    strict margin) is read a second time, knowing that: the only Chinese of
    a line of Latin words then needs only read clearly better (`PanGu-Σ`,
    against the common `危`)."""
    if not _GBK_SEED.search(text):
        return text, []
    repairs = _gbk_pass(cfg, text)
    if len(repairs) >= VOUCH_MIN:
        repairs = _gbk_pass(cfg, text, vouched=True)
    if not repairs:
        return text, []
    out: list[str] = []
    cursor = 0
    for r in repairs:
        out += [text[cursor : r.start], r.replacement]
        cursor = r.end
    out.append(text[cursor:])
    return "".join(out), repairs


def _gbk_pass(cfg: RepairConfig, text: str, vouched: bool = False) -> list[Repair]:
    repairs: list[Repair] = []
    lineno, counted = 1, 0
    for m in _gbk_run_re().finditer(text):
        run = m.group()
        if not _GBK_SEED.search(run):
            continue  # clean `café`: GBK has é too
        restored, confidence, deciding = 0, 0.99, ()
        if "\ufffd" in run:
            filled = _fill_holes(cfg, text, m.start(), m.end(), run, _line_so_far(text, m.start(), repairs))
            if filled is None:
                continue
            decoded, restored, confidence, deciding = filled
        else:
            try:
                decoded = run.encode("gb18030").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
        if decoded == run or not all(map(_gbk_plausible, decoded)):
            continue
        latin_line = vouched and _alone_in_latin_line(text, m.start(), m.end())
        need = cfg.gbk_margin if latin_line else cfg.weak_margin + 2 * len(decoded)
        if gain(cfg.model, text, m.start(), m.end(), decoded) < need:
            continue
        lo, hi = context_bounds(text, m.start(), m.end())
        after = text[lo : m.start()] + decoded + text[m.end() : hi]
        accented = {c for c in decoded if not c.isascii() and char_class(c) == "latin"}
        if accented and not all(cfg.model.is_plausible_word(w) for w in _WORD_RE.findall(after) if accented & set(w)):
            continue  # a Latin reading must give words (`versão`, `DUOATTENÇÃO`), not `bģb`
        lineno += text.count("\n", counted, m.start())
        counted = m.start()
        repairs.append(Repair(lineno, m.start(), m.end(), run, decoded, "utf-8 > gb18030", restored, confidence, deciding))
    return repairs


def _alone_in_latin_line(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is the only CJK of a line of Latin words:
    there a Han character is most likely a damaged symbol, while in Chinese
    (`模型 路 的`, `**路**`) it is most likely itself."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    rest = text[ls:start] + text[end:le]
    return not has_cjk(rest) and bool(_LATIN_WORD.search(rest))


def _gbk_plausible(ch: str) -> bool:
    """A GBK re-reading may also give the no-break space (C2 A0 read as 聽)."""
    return ch == "\xa0" or plausible(ch)


def _line_so_far(text: str, start: int, repairs: list[Repair]) -> str:
    """The line of `text` up to `start`, with the repairs already made."""
    ls = max(text.rfind("\n", max(0, start - PAIR_REACH), start) + 1, start - PAIR_REACH)
    recent = []
    for r in reversed(repairs):
        if r.start < ls:
            break
        recent.append(r)
    out, cursor = [], ls
    for r in reversed(recent):
        out += [text[cursor : r.start], r.replacement]
        cursor = r.end
    return "".join(out) + text[cursor:start]


def _fill_holes(cfg: RepairConfig, text: str, start: int, end: int, run: str, line_left: str) -> tuple[str, int, float, tuple[str, ...]] | None:
    """A GB18030 decode writes U+FFFD for a byte that cannot start a
    character and reads on from the next byte, so each U+FFFD is exactly one
    lost byte.  Which byte it was follows from what comes next: before a
    character (or an ASCII letter, a valid partner) it was 0x80, the one
    byte that never leads; before what no lead byte takes as its partner
    (ASCII punctuation, a space, a digit, the end) it was any lead, found
    by reading the candidates in context (✅ of `鉁� `, E2 9C 85).  So only
    a run's last U+FFFD can be open: its readings differ in their last
    character, which is a slot of the line for the context rules."""
    try:
        parts = [p.encode("gb18030") for p in run.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    after = text[end : end + 1]
    open_end = run.endswith("\ufffd") and (not after or after.isascii() and not "\x40" <= after <= "\x7e")
    head = b"\x80".join(parts[:-1]) if open_end else b"\x80".join(parts)
    # the lost byte completes the run's last sequence: a continuation byte
    # (a lead would leave it incomplete)
    values = range(0x80, 0xC0) if open_end else (None,)
    lo, hi = context_bounds(text, start, end)
    left, right = text[lo:start], text[end:hi]
    line_end = text.find("\n", end, end + PAIR_REACH)
    if line_end < 0:
        line_end = min(len(text), end + PAIR_REACH)
    if hi == line_end:
        right += LINE_EDGE  # `。` ends a line, `、` does not
    reads: list[tuple[float, str]] = []
    for v in values:
        bs = head if v is None else head + bytes((v,))
        try:
            read = bs.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # the readings differ only where the byte went: they are judged there
        if all(map(_gbk_plausible, read[-4:])):
            reads.append((cfg.model.text_logprob((left + read)[-4 * CONTEXT :] + right), read))
    if not reads:
        return None
    slot = Slot(0, tuple(read[-1] for _lp, read in reads))
    if len(reads) > 1:
        # the line as the rules read it: what precedes the hole (repaired),
        # the hole's readings, what follows up to the line's end
        work = list(line_left + reads[0][1][:-1])
        slot.pos = len(work)
        work += [reads[0][1][-1]] + list(text[end:line_end])
        rules.apply(Line(work, [slot], cfg.model, Hole(text, start, end, line_end)), cfg.rules, "gbk")
    scored = sorted(((lp - slot.penalty.get(read[-1], 0.0), read) for lp, read in reads), key=lambda h: (-h[0], h[1]))
    if not all(map(_gbk_plausible, scored[0][1])):
        return None
    top = scored[0][0]
    z = sum(math.exp(sc - top) for sc, _read in scored[:GBK_CANDIDATES])
    return scored[0][1], len(parts) - 1, round(1 / z, 4), tuple(slot.deciding(scored[0][1][-1]))
