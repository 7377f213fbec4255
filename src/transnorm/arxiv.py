"""arXiv identifiers: one normal form for every way a list links a paper.

Copies link the same paper as `abs/`, `pdf/` or `html/` URLs, with or without
`www.`, scheme, version (`v2`) or `.pdf`, as DOIs (`10.48550/arXiv.2305.18403`)
or as `arXiv:2305.18403`.  Records are keyed by the bare identifier
(`2305.18403`, or `cs/0501001` for the old scheme), version dropped, so every
form of one paper meets under one key.
"""

from __future__ import annotations

import re
from functools import lru_cache

# New scheme (2007-): YYMM.NNNN (to 1412) or YYMM.NNNNN (1501-).
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
# Old scheme: archive(.SUBJECT)?/YYMMNNN, e.g. cs/0501001, math.GT/0309136.
_OLD = r"(?P<old>[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7})"
_VERSION = r"(?:v\d*)?"

_PATTERNS = [
    # URLs: scheme and www optional; abs, pdf, html, format; optional version and .pdf
    re.compile(
        rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(?:{_NEW}|{_OLD}){_VERSION}(?:\.pdf)?",
        re.I,
    ),
    # DOIs minted by arXiv
    re.compile(rf"(?:https?://(?:dx\.)?doi\.org/)?10\.48550/arxiv\.(?:{_NEW}|{_OLD}){_VERSION}", re.I),
    # arXiv:ID in text and BibTeX
    re.compile(rf"\barxiv:\s*(?:{_NEW}|{_OLD}){_VERSION}", re.I),
]

_BARE = re.compile(rf"^(?:{_NEW}|{_OLD}){_VERSION}$")


def _valid_new(ident: str) -> bool:
    yymm, num = ident.split(".")
    month = int(yymm[2:])
    if not 1 <= month <= 12:
        return False
    # four-digit numbers until 2014-12, five from 2015-01 on
    return len(num) == (4 if int(yymm) < 1501 else 5)


def _ident(m: re.Match[str]) -> str | None:
    if m.group("new"):
        ident = m.group("new")
        return ident if _valid_new(ident) else None
    return m.group("old")


@lru_cache(maxsize=1 << 17)
def normalize(text: str) -> str | None:
    """The arXiv identifier a URL, DOI or `arXiv:` reference names, or None.

    >>> normalize("https://www.arxiv.org/pdf/2305.18403v2.pdf")
    '2305.18403'
    >>> normalize("10.48550/arXiv.2305.18403")
    '2305.18403'
    """
    s = text.strip()
    bare = _BARE.match(s)
    if bare:
        return _ident(bare)
    for pat in _PATTERNS:
        m = pat.search(s)
        if m:
            return _ident(m)
    return None


def find_all(text: str) -> list[str]:
    """Every arXiv identifier referenced in `text`, in order, without repeats."""
    found: dict[str, None] = {}
    spans: list[tuple[int, int, str]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            ident = _ident(m)
            if ident:
                spans.append((m.start(), m.end(), ident))
    for _start, _end, ident in sorted(spans):
        found.setdefault(ident, None)
    return list(found)


def is_malformed(url: str) -> bool:
    """An arxiv.org paper link whose identifier is not a valid one."""
    if not re.search(r"arxiv\.org/(?:abs|pdf|html)/", url, re.I):
        return False
    return normalize(url) is None
