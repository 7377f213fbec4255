"""Mojibake repair that also recovers the bytes a lossy decode dropped.

How a repair is decided (ftfy decides per text; this decides per run of
suspicious characters, so clean paragraphs of a damaged file stay as they are):

1. *Runs* (parse.py).  A run is a maximal stretch of characters that some
   single-byte codec produces from bytes >= 0x80, read back as UTF-8 under
   each codec that covers it: complete sequences are strong evidence, lead
   bytes whose continuation bytes were lost weak evidence with candidates.
2. *Profile* (profile.py).  The document votes for one codec.
3. *Rules and search* (rules/, search.py).  The context rules price the
   candidates of each uncertain character; a beam search on words chooses.
4. *Accept* (accept.py).  A run is replaced only if the language model
   prefers the repaired words to the original ones.
5. *Repeat* on the replacement, for double encodings (lines.py); then the
   GBK pass handles UTF-8 read as GBK (`浣犲ソ`, gbk.py).
6. *Floor* (floor.py).  ftfy's reading wins where it is as good, and a
   change ftfy would not make needs proof.

Everything a repair depends on besides its text is a :class:`RepairConfig`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .config import DEFAULT, RepairConfig
from .floor import ftfy_readings, gate
from .lines import fix_lines
from .result import REVIEW_BELOW, Repair
from .rules import RULES, Rule

__all__ = ["REVIEW_BELOW", "RULES", "Repair", "RepairConfig", "Rule", "fix_text", "fix_and_explain", "is_mojibake"]

#: passes until the text is stable: a repair can reveal context that decides
#: a neighbouring run, and fix_text must be idempotent.
MAX_PASSES = 3


def fix_and_explain(
    text: str,
    glossary: Iterable[str] = (),
    language_model: str | Path | None = None,
    markdown: bool = False,
    config: RepairConfig | None = None,
) -> tuple[str, list[Repair]]:
    """Repair mojibake in `text` and say what was done: one :class:`Repair`
    per span, with the codec path assumed, the bytes restored, a confidence
    and the context rules that weighed the choice.  Clean text comes back
    unchanged with no repairs.  Offsets of a later pass refer to the text
    the earlier pass produced.

    `config` says what the repair depends on (glossary, trigram model,
    disabled rules, margins); `glossary` and `language_model` are a short
    way to give the first two (not with `config`).

    `markdown`: the text is a Markdown document, whose code blocks and
    inline code are repaired only where damage outside code proves the
    document damaged (a clean README quotes mojibake as an example)."""
    cfg = _config(glossary, language_model, config)
    theirs = ftfy_readings(text)
    proof: dict = {}
    fixed, repairs = fix_lines(cfg, text, proof=proof)
    start = text
    for _ in range(MAX_PASSES - 1):
        if not repairs or fixed == text:
            break
        text = fixed
        fixed, more = fix_lines(cfg, text)
        if fixed == text:
            break
        repairs = repairs + more
    fixed, repairs = gate(start, fixed, repairs, theirs, Repair, proven="vouched" in proof)
    if markdown and repairs:
        fixed, repairs = _spare_quoted_code(start, fixed, repairs)
    return fixed, repairs


def _config(glossary: Iterable[str], language_model: str | Path | None, config: RepairConfig | None) -> RepairConfig:
    glossary = tuple(glossary)
    if config is not None:
        if glossary or language_model is not None:
            raise ValueError("give the glossary and the language model in the RepairConfig")
        return config
    return RepairConfig(glossary, language_model) if glossary or language_model is not None else DEFAULT


def _spare_quoted_code(before: str, after: str, repairs: list[Repair]) -> tuple[str, list[Repair]]:
    """Undo repairs inside a Markdown document's code unless a repair
    outside code proves the document damaged."""
    from ..markup import code_regions

    block_lines, spans = code_regions(before, {r.line for r in repairs})
    b_lines = before.split("\n")

    def in_code(r: Repair) -> bool:
        if r.line in block_lines:
            return True
        line = b_lines[r.line - 1] if r.line <= len(b_lines) else ""
        col = line.find(r.original)
        return col >= 0 and any(lo <= col and col + len(r.original) <= hi for lo, hi in spans.get(r.line, ()))

    if any(not in_code(r) for r in repairs):
        return after, repairs
    a_lines = after.split("\n")
    for r in repairs:
        a_lines[r.line - 1] = b_lines[r.line - 1]
    return "\n".join(a_lines), []


def fix_text(
    text: str, glossary: Iterable[str] = (), language_model: str | Path | None = None, markdown: bool = False, config: RepairConfig | None = None
) -> str:
    """Repair mojibake in `text`, including bytes the bad decode dropped."""
    return fix_and_explain(text, glossary, language_model, markdown, config)[0]


def is_mojibake(text: str, config: RepairConfig | None = None) -> bool:
    """Whether `text` holds mojibake the engine would repair."""
    return bool(fix_lines(config or DEFAULT, text)[1])
