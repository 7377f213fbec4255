"""Language of a field: `en`, `zh`, `pt`, or `und`.

General-purpose detectors guess on short technical strings (`GPTQ: Accurate
Quantization…`, `Poda estruturada`, `LoRA组合, 多任务学习`) and langdetect is
not even deterministic.  This detector is built for the three languages the
lists use, and is deterministic:

1. *Strip* what has no language: URLs, Markdown and HTML markup, numbers,
   punctuation, emoji.
2. *Script.*  Han characters make a field Chinese, even amid English terms.
3. *Words.*  Latin text is scored word by word under wordfreq's English and
   Portuguese frequency lists (naive Bayes, with an unknown-word floor);
   Portuguese diacritics and function words weigh in through the same lists.
4. *und.*  A field with no word either list knows as an ordinary word
   (venues `NeurIPS, 2023`, dates, acronyms `GPTQ`, model names, URLs, emoji)
   has no language.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from . import lm
from .chardata import HAN_RE
from .markup import HTML_TAG, INLINE_LINK

LANGS = ("en", "zh", "pt")

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|io|ai|edu|cn)\S*", re.I)
_MD_LINK = INLINE_LINK
_TAG = HTML_TAG
_HAN = HAN_RE
_WORD = re.compile(r"[^\W\d_]+")
_ZH_PARTICLE = re.compile(r"[的和与在是了]")
_PT_MARKS = re.compile(r"[ãõçâêôáíóú]|ção$|ções$")
#: log-probability of a word a list does not know
_FLOOR = math.log(1e-8)
#: a word counts as language only if a list knows it at least this well and
#: it is not an acronym or a CamelCase name
_ORDINARY = math.log(3e-7)


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float

    def as_dict(self) -> dict:
        return {"lang": self.lang, "confidence": round(self.confidence, 3)}


def _clean(text: str) -> str:
    t = _MD_LINK.sub(r"\1", text) if "](" in text else text
    if "." in t or "://" in t:
        t = _URL.sub(" ", t)
    if "<" in t:
        t = _TAG.sub(" ", t)
    return t


#: Venues and archives are names, whatever word lists say (`Nips` is an
#: English word to wordfreq).
VENUES = frozenset(
    """
    aaai aacl acl aistats arxiv arxive cikm coling colm cvpr eacl eccv emnlp findings iccv icde iclr icml
    icpp ijcai interspeech isca jmlr kdd lrec mlsys naacl neurips neurlps nips osdi sigir sigmod sosp
    tacl tmlr tpami uai usenix vldb wacv www icassp asplos hpca micro ppopp sc atc nsdi eurosys
    """.split()
)


#: Words that follow a venue's name: its track or kind of paper.
VENUE_QUALIFIERS = frozenset(
    "workshop workshops findings short long demo demos highlight oral spotlight poster track companion srw".split()
)


def _is_name(word: str) -> bool:
    """Acronyms, venues and model names (`GPTQ`, `LoRA`, `NeurIPS`, `arXiv`)
    carry no language; an upper-case ordinary word (`UNIFICAÇÃO`) does."""
    if len(word) <= 1 or word.lower() in VENUES:
        return True
    upper = sum(1 for c in word if c.isupper())
    if word.isupper() and len(word) >= 4:
        low = word.lower()
        known = max(lm.word_table("en").get(low, _FLOOR), lm.word_table("pt").get(low, _FLOOR))
        return not (known >= _ORDINARY or _PT_MARKS.search(low))
    return upper >= 2 or (upper == 1 and not word[0].isupper())


@lru_cache(maxsize=1 << 16)
def _word(w: str) -> tuple[str, float, float]:
    """One word's part in a detection: a name, an ordinary word with its
    English and Portuguese log-frequencies, or neither (cached: a list's
    vocabulary repeats)."""
    if _is_name(w):
        return "name", 0.0, 0.0
    low = w.lower()
    en, pt = lm.word_table("en").get(low, _FLOOR), lm.word_table("pt").get(low, _FLOOR)
    if max(en, pt) < _ORDINARY:
        if not _PT_MARKS.search(low):
            return "other", 0.0, 0.0
        # an unlisted word spelled the Portuguese way (`quantização`)
        return "word", _FLOOR, _ORDINARY
    return "word", en, pt


@lru_cache(maxsize=1 << 17)
def detect(text: str) -> Detection:
    """The language of one field (cached: it is deterministic)."""
    if "](" in text and _MD_LINK.search(text) and not re.sub(r"[\W\d_]", "", _MD_LINK.sub("", text)):
        return Detection("und", 0.9)  # nothing but links (`[[Paper](url)]`)
    t = _clean(text)
    han = len(_HAN.findall(t)) if t and max(t) >= "\u3400" else 0
    words = [w for w in _WORD.findall(t) if not _HAN.search(w)]
    latin = sum(len(w) for w in words)
    if han and (han >= 2 or not words or han * 3 >= latin * 0.5 or _ZH_PARTICLE.search(t)):
        # Chinese, even with English terms in it (`LoRA组合, 多任务学习`,
        # `Continual Pre-Training的Scaling Laws`)
        return Detection("zh", min(0.99, 0.75 + 0.05 * han))
    scores = {"en": 0.0, "pt": 0.0}
    ordinary = names = qualifiers = 0
    for w in words:
        kind, en, pt = _word(w)
        if kind == "name":
            names += 1
        elif kind == "word":
            ordinary += 1
            qualifiers += w.lower() in VENUE_QUALIFIERS
            scores["en"] += en
            scores["pt"] += pt
    if han and not ordinary:
        return Detection("zh", 0.75)
    if not ordinary:
        return Detection("und", 0.9 if not words else 0.8)
    diff = scores["pt"] - scores["en"]
    lang = "pt" if diff > 0 else "en"
    conf = 1.0 / (1.0 + math.exp(-abs(diff)))
    if ordinary == 1 and ((names and qualifiers) or conf < 0.9):
        # a venue with its track (`ICML Workshop`, `ACL-Short`, `CVPR 2024
        # Highlight`) and a lone loanword (`Blog`) are labels, not language;
        # `NTK Interpolation`, `Branca KD` keep theirs
        return Detection("und", 0.6)
    return Detection(lang, max(0.5, min(0.999, conf)))
