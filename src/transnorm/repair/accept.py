"""Whether a repair is kept: the repaired words must read better.

A run is replaced only if the language model prefers the repaired words to
the original ones; a run with weak evidence only also needs a strong repair
on the same line, a proven document, or a Latin-1 letter result.  This is
what keeps `INTRODUÇÃO`, `naïve` and Chinese untouched.
"""

from __future__ import annotations

import re

from ..lm import WordModel

#: nats the repaired text must gain over the original when the evidence is
#: only a lone lead byte (nothing decoded completely).
WEAK_MARGIN = 5.0

_BOUNDARY = re.compile(r"[\s<>\[\]()|*`#\"'=,.;:!?/]")


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The words around `text[start:end]` the model compares, up to 20
    characters each side."""
    lo = start
    while lo > 0 and start - lo < 20 and not _BOUNDARY.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 20 and not _BOUNDARY.match(text[hi]):
        hi += 1
    return lo, hi


def gain(model: WordModel, text: str, start: int, end: int, replacement: str) -> float:
    """Nats the replacement of `text[start:end]` gains in its words."""
    lo, hi = context_bounds(text, start, end)
    before = text[lo:hi]
    after = text[lo:start] + replacement + text[end:hi]
    return model.text_logprob(after) - model.text_logprob(before)


def plausible_word(model: WordModel, word: str) -> bool:
    """A word of two letters or more that reads like one, letter by letter
    (the lists also hold stray single letters, `Ļ`, and stray spellings,
    `nãão`, which must not vouch for `ATENÃÃO`), and whose case does too:
    an accented capital after a small letter (`estatÃsticas`) is a lead
    byte that lost its partner, not a spelling."""
    if any(a.islower() and b.isupper() and not b.isascii() for a, b in zip(word, word[1:])):
        return False
    return len(word) > 1 and model.is_plausible_word(word, compounds=False)


def inside_word(line: str, start: int, end: int, test) -> bool:
    """Whether `line[start:end]` lies inside a word that passes `test`,
    standing as a word (`é`, not the `ã` of `1.1ã**`)."""
    lo, hi = start, end
    while lo > 0 and line[lo - 1].isalpha():
        lo -= 1
    while hi < len(line) and line[hi].isalpha():
        hi += 1
    word = line[lo:hi]
    glued = lo > 0 and line[lo - 1].isalnum() or hi < len(line) and line[hi].isalnum()
    return word.isalpha() and not glued and test(word)
