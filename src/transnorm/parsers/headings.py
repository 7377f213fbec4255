"""Section headings, with their decoration stripped.

Headings come as `## 🤖 Model-Centric Methods`,
`#### **<strong><strong>1.1.2、**</strong>**<strong>Parameter Pruning**</strong></strong>`
or, in a copy that lost its markers, as a bare line.  The section path keeps
the clean text: no markup, numbering or emoji.
"""

from __future__ import annotations

import re

from ..markup import HTML_TAG_PATTERN, INLINE_LINK, SHORTCODE

_MARKUP = re.compile(HTML_TAG_PATTERN + r"|\*\*|__|`")
NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*[、.．]?|[一二三四五六七八九十]+[、.．])\s*)+")
_LINK = INLINE_LINK


def clean_heading(text: str) -> str:
    t = _LINK.sub(r"\1", text)
    t = SHORTCODE.sub("", t)
    t = _MARKUP.sub("", t)
    t = NUMBERING.sub("", t) if NUMBERING.sub("", t).strip() else t  # a heading that is a year stays
    # leading emoji / symbols / "?" left where an emoji was lost
    t = re.sub(r"^[^\w(\[]+", "", t)
    return t.strip()


class SectionPath:
    """The stack of headings above the current line."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []
        self._path: tuple[str, ...] = ()

    def push(self, level: int, title: str) -> None:
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, title))
        self._path = tuple(t for _lvl, t in self._stack if t)

    @property
    def path(self) -> tuple[str, ...]:
        return self._path
