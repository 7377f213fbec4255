"""Line breaking as GNU gettext does it: transnorm's tables and algorithm
against libunistring itself (the library msgcat calls), where it is
installed."""

import ctypes
import ctypes.util
import random

import pytest

from transnorm import linebreak


def _libunistring():
    for name in (ctypes.util.find_library("unistring"), "libunistring.so.2", "libunistring.so.5"):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


LIB = _libunistring()
needs_lib = pytest.mark.skipif(LIB is None, reason="libunistring (installed with GNU gettext) is not on this machine")


def _theirs_possible(text: str) -> list[int]:
    data = text.encode("utf-8")
    buf = ctypes.create_string_buffer(len(data))
    LIB.u8_possible_linebreaks_v2(data, ctypes.c_size_t(len(data)), b"UTF-8", buf)
    out, pos = [], 0
    for ch in text:
        out.append({5: linebreak.MANDATORY}.get(buf.raw[pos], buf.raw[pos]))
        pos += len(ch.encode("utf-8"))
    return out


def _theirs_width(text: str, width: int, start: int) -> list[bool]:
    data = text.encode("utf-8")
    buf = ctypes.create_string_buffer(len(data))
    LIB.u8_width_linebreaks_v2(data, ctypes.c_size_t(len(data)), width, start, 0, None, b"UTF-8", buf)
    out, pos = [], 0
    for ch in text:
        out.append(buf.raw[pos] == linebreak.POSSIBLE)
        pos += len(ch.encode("utf-8"))
    return out


#: text of the kinds catalogs hold, and characters of every class
SAMPLES = (
    "本文提出了一种高效的大语言模型压缩方法（结构化剪枝），参数量减少了一半以上。"
    "本論文では、大規模言語モデルの推論を高速化する手法を提案する。"
    "Мы предлагаем простой метод сжатия больших языковых моделей. "
    "Propomos um método simples: poda estruturada — e decomposição de baixo posto! "
    "LLM-Pruner, 4-bit 2x %s %(name)s {x} https://arxiv.org/abs/2401.00001 «a» “b” 'c' (d) [e] 1,000.5% $5 €3 "
    "\u00ad\u200b\u200d\u2060\u3000\u0301\u05d0-\u05d1 \U0001f600\U0001f3fb \u2014\u2026\u30fc\u3005\uff01\uff08\uff09"
)


@needs_lib
def test_break_opportunities_and_filled_lines_match_libunistring():
    rnd = random.Random(7)
    pool = sorted(set(SAMPLES))
    for _ in range(3000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 60)))
        assert linebreak.possible_breaks(text) == _theirs_possible(text), text
        width = rnd.randint(4, 40)
        assert linebreak.width_breaks(text, width, 3) == _theirs_width(text, width, 3), (text, width)


@needs_lib
def test_widths_match_uc_width():
    LIB.uc_width.restype = ctypes.c_int
    for ch in set(SAMPLES) | {"\t", "\x7f", "\ue000", "\U00020000", "\u1100", "\uff61"}:
        assert linebreak.char_width(ch) == max(LIB.uc_width(ord(ch), b"UTF-8"), 0), repr(ch)


def test_where_chinese_and_english_break():
    # between Han characters, never before a closing mark or after an opening one
    assert [i for i, b in enumerate(linebreak.possible_breaks("大模型（剪枝），好")) if b == linebreak.POSSIBLE] == [1, 2, 3, 5, 8]
    # after a space, before the next word; after a hyphen
    assert [i for i, b in enumerate(linebreak.possible_breaks("a well-known model")) if b == linebreak.POSSIBLE] == [2, 7, 13]
    assert linebreak.text_width("大模型 a") == 8
