"""Tables of the single-byte codecs that UTF-8 text gets wrongly decoded through.

A mojibake repair has to know, for each codec, two things ftfy does not model:
which characters map back to which byte, and which bytes a lossy decode can have
*dropped* (undefined bytes skipped by ``errors="ignore"``, the soft hyphen 0xAD
stripped as "invisible", C1 controls stripped after a Latin-1 decode).  Those
dropped bytes are the only candidates the repair engine tries when a UTF-8
sequence comes back incomplete, which keeps the search small and honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-*" codecs)

#: Bytes that text-cleaning tools strip after a decode because the character
#: they decode to is invisible: the soft hyphen.
_INVISIBLE_BYTES = frozenset({0xAD})


@dataclass(frozen=True)
class Codec:
    """One wrong decode: its name, char -> byte table and its lossy bytes."""

    name: str
    #: character -> byte for every byte 0x80..0xFF the codec defines (plus the
    #: C1 control characters a "sloppy" decode leaves for undefined bytes).
    to_byte: dict[str, int]
    #: bytes a lossy decode may have dropped without a trace.
    droppable: frozenset[int]
    #: the byte that decodes to NO-BREAK SPACE, which some pipelines turn into
    #: an ordinary space.
    nbsp_byte: int | None


def _build(name: str, python_codec: str, c1_stripped: bool = False) -> Codec:
    to_byte: dict[str, int] = {}
    undefined = set()
    nbsp = None
    for b in range(0x80, 0x100):
        try:
            ch = bytes([b]).decode(python_codec)
        except UnicodeDecodeError:
            undefined.add(b)
            to_byte[chr(b)] = b  # a sloppy decode leaves U+0080+b behind
            continue
        if ch == "\xa0":
            nbsp = b
        if 0x80 <= ord(ch) <= 0x9F:
            # C1 control: survives only if nothing stripped it.
            if c1_stripped:
                undefined.add(b)
            to_byte[ch] = b
            continue
        to_byte[ch] = b
    droppable = frozenset(undefined | _INVISIBLE_BYTES)
    return Codec(name, to_byte, droppable, nbsp)


#: The codecs the engine tries, most common first (ties are broken in this
#: order).  Everything ftfy considers, plus Turkish and Baltic Windows pages,
#: Mac Roman and Latin-1 whose C1 controls were stripped.
CODECS: tuple[Codec, ...] = (
    _build("windows-1252", "cp1252"),
    _build("latin-1", "latin-1"),
    _build("latin-1/c1-stripped", "latin-1", c1_stripped=True),
    _build("mac_roman", "mac_roman"),
    _build("windows-1254", "cp1254"),
    _build("windows-1250", "cp1250"),
    _build("windows-1251", "cp1251"),
    _build("windows-1257", "cp1257"),
    _build("windows-1253", "cp1253"),
    _build("iso-8859-2", "iso-8859-2"),
    _build("cp437", "cp437"),
)

CODEC_BY_NAME = {c.name: c for c in CODECS}

#: Every character that some codec above produces from a byte >= 0x80.
SUSPECT_CHARS: frozenset[str] = frozenset(ch for c in CODECS for ch in c.to_byte)


def regex_class(chars: frozenset[str]) -> str:
    return "".join(re.escape(ch) for ch in sorted(chars))


#: Fast path: a text with no suspect character at all cannot hold
#: single-byte mojibake.
SUSPECT_RE = re.compile(f"[{regex_class(SUSPECT_CHARS)}]")

def _chars_for(pred) -> frozenset[str]:
    return frozenset(ch for c in CODECS for ch, b in c.to_byte.items() if pred(b))


def codec_class(c: Codec, pred) -> str:
    """A regex class of the characters this codec makes of the bytes `pred` accepts."""
    return regex_class(frozenset(ch for ch, b in c.to_byte.items() if pred(b)))


#: Leads of two-byte sequences for Latin-1 letters (`Ã` of `Ã©`): a lone one
#: is the trace of a dropped soft hyphen (`í` is C3 AD) and alone can justify
#: a repair.
LATIN_LEAD_CHARS = _chars_for(lambda b: b in (0xC2, 0xC3))

#: The lead byte of a UTF-8 no-break space (C2 A0), as each codec shows it.
NBSP_LEAD_CHARS = _chars_for(lambda b: b == 0xC2)

#: Necessary condition for single-byte mojibake anywhere in a text: under one
#: codec, a lead character followed by a continuation character; or a Latin-1
#: lead.  Clean Portuguese (`ação`), Chinese with curly quotes, `naïve`...
#: fail it, which is the fast path for clean text.
#: (The leading lookahead lets the engine skip, with one class test, every
#: position no branch can start at: four times faster on Portuguese text.)
EVIDENCE_RE = re.compile(
    f"(?=[{regex_class(_chars_for(lambda b: 0xC2 <= b <= 0xF4) | LATIN_LEAD_CHARS)}])(?:"
    + "|".join(
        f"[{codec_class(c, lambda b: 0xC2 <= b <= 0xF4)}] ?[{codec_class(c, lambda b: 0x80 <= b <= 0xBF)}]"
        for c in CODECS
    )
    + f"|(?<=[a-zà-ÿ])[{regex_class(LATIN_LEAD_CHARS)}]|[{regex_class(LATIN_LEAD_CHARS)}](?=[a-zà-ÿ])"
    # a no-break space whose second byte became a space (`Papers,Â ICLR`):
    # the lead stands alone, outside any word
    + f"|(?<![^\\W\\d_])[{regex_class(NBSP_LEAD_CHARS)}](?= ))"
)

def utf8_length(lead: int) -> int:
    """Length of the UTF-8 sequence a lead byte announces (0 if not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def is_continuation(b: int) -> bool:
    return 0x80 <= b <= 0xBF


@lru_cache(maxsize=65536)
def decode_sequence(seq: bytes) -> str | None:
    """The one character a complete UTF-8 sequence encodes, or None."""
    try:
        s = seq.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return s if len(s) == 1 else None


# Characters that are plausible outcomes of a repair.  A repair that would
# produce a control character, a surrogate, a private-use or unassigned code
# point is not a repair.
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·－〔〕％＋＝／＃＆＊＠"


#: Han characters, as every module counts them: the CJK Unified Ideographs,
#: Extension A and the compatibility ideographs (a character class body)
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN_RANGES}]")


def is_han(ch: str) -> bool:
    """Whether `ch` is a Han character (see HAN_RANGES)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


#: emoji and pictographs, as char_class counts them (a character class body)
EMOJI_RANGES = "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF"
_EMOJI_RE = re.compile(f"[{EMOJI_RANGES}]")


def char_class(ch: str) -> str:
    """A coarse class used by the language model: 'han', 'kana', 'latin',
    'punct', 'emoji', 'symbol' or 'other'."""
    if is_han(ch):
        return "han"
    cp = ord(ch)
    if 0x3040 <= cp <= 0x30FF:
        return "kana"
    if ch in _CJK_PUNCT or 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF60:
        return "punct"
    if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin" if ch.isalpha() else "symbol"
    if _EMOJI_RE.match(ch):
        return "emoji"
    if 0x2000 <= cp <= 0x23FF or 0x2190 <= cp <= 0x21FF or 0x25A0 <= cp <= 0x25FF:
        return "symbol"
    if cp in (0xFE0F, 0x200D, 0x20E3):
        return "emoji"
    if 0x370 <= cp <= 0x3FF or 0x400 <= cp <= 0x4FF:
        return "latin"  # Greek/Cyrillic letters: scored like foreign words
    return "other"
