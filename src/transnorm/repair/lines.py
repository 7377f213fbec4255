"""The single-byte pass: UTF-8 read through a single-byte codec.

Lines are the unit of context.  Each line's runs (see parse.py) are parsed
under the codec the document's profile prefers (profile.py); the uncertain
characters become slots, which the context rules (rules/) price and the
search (search.py) decides; each run is then accepted or not (accept.py).
A run whose repair is still mojibake is repaired again (a double encoding).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..chardata import CODECS, EVIDENCE_RE, SUSPECT_RE
from . import rules
from .accept import gain, inside_word, plausible_word
from .config import RepairConfig
from .gbk import fix_gbk
from .parse import Parse, chunks, lead_re, scan
from .profile import VOUCH_MIN, Profile, pick
from .result import Repair
from .rules import Slot
from .search import resolve

#: decodes a double encoding is undone through, at most
MAX_DEPTH = 3
#: memory a repair spends on keeping parses between its two passes over a
#: document (beyond, a line's are made again when it is fixed); a run's
#: parses cost about PARSE_COST_RUN bytes and PARSE_COST_CHAR per character
#: (measured on Portuguese and Chinese mojibake, all codecs)
PARSE_BUDGET = 24_000_000
PARSE_COST_RUN = 3000
PARSE_COST_CHAR = 60


@dataclass
class _Candidate:
    start: int
    end: int
    parse: Parse
    chars: list[str] = field(default_factory=list)  # replacement pieces
    slots: list[int] = field(default_factory=list)  # indexes into line slots


def _fix_line(
    cfg: RepairConfig, line: str, offset: int, lineno: int, runs: list[tuple[int, int, Parse]], vouched: str | None = None
) -> tuple[str, list[Repair]]:
    """Repair the runs of one line, deciding ambiguous bytes in context."""
    # Build the working line: each unit of each run becomes one character.
    work: list[str] = []
    slots: list[Slot] = []
    cands: list[_Candidate] = []
    cursor = 0
    for start, end, parse in runs:
        work.extend(line[cursor:start])
        cand = _Candidate(start, end, parse)
        for u in parse.units:
            if not u.candidates:
                piece = line[start + u.start : start + u.end]
                cand.chars.append(piece)
                work.append(piece)
                continue
            if len(u.candidates) > 1:
                cand.slots.append(len(slots))
                slots.append(Slot(len(work), u.candidates, u.penalty))
            cand.chars.append(u.candidates[0])
            work.append(u.candidates[0])
        cands.append(cand)
        cursor = end
    work.extend(line[cursor:])
    if slots:
        rules.apply(rules.Line(work, slots, cfg.model), cfg.rules, "single-byte")
        resolve(work, slots, cfg.model, cfg.rescorer)

    # Each run's replacement, read back from the working line.
    replacements: list[str] = []
    wpos = 0
    cursor = 0
    for cand in cands:
        wpos += cand.start - cursor
        replacements.append("".join(work[wpos : wpos + len(cand.chars)]))
        wpos += len(cand.chars)
        cursor = cand.end
    # A double encoding is judged by what it finally reads as: its first
    # decode is still mojibake (`Ã¯Â¼Å¡` -> `ï¼š` -> `：`).
    deepened = [_deepen(cfg, r, cand.parse.codec.name) for r, cand in zip(replacements, cands)]
    finals = [final for _path, final in deepened]
    # Runs with evidence of their own are judged first; only those accepted
    # vouch for the lone-lead runs of the same line.
    accepted: dict[int, bool] = {}
    for i, cand in enumerate(cands):
        if cand.parse.strong or any(u.medium for u in cand.parse.units):
            accepted[i] = _changed(line, cand, replacements[i]) and _accept(cfg, line, cand, finals[i], False)
    line_has_strong = any(accepted.values())
    # a document proven damaged by a codec vouches for that codec's lone
    # leads on any line (a heading's only emoji: `## ⚡New`)
    for i, cand in enumerate(cands):
        if i not in accepted:
            accepted[i] = _changed(line, cand, replacements[i]) and _accept(
                cfg,
                line, cand, finals[i], line_has_strong or cand.parse.codec.name == vouched, line_has_strong
            )

    repairs: list[Repair] = []
    out: list[str] = []
    cursor = 0
    for i, cand in enumerate(cands):
        original = line[cand.start : cand.end]
        out.append(line[cursor : cand.start])
        if accepted[i]:
            path, final = deepened[i]
            conf = min([slots[k].confidence for k in cand.slots], default=0.99)
            restored = sum(u.inserted for u in cand.parse.units)
            deciding = sorted({name for k in cand.slots for name in slots[k].deciding(slots[k].candidates[slots[k].choice])})
            out.append(final)
            end = cand.end
            if original.endswith(" ") and final.endswith(" "):  # the run's spare space
                original, final, end = original[:-1], final[:-1], end - 1
            repairs.append(Repair(lineno, offset + cand.start, offset + end, original, final, path, restored, round(conf, 4), tuple(deciding)))
        else:
            out.append(original)
        cursor = cand.end
    out.append(line[cursor:])
    return "".join(out), repairs


def _changed(line: str, cand: _Candidate, replacement: str) -> bool:
    return replacement != line[cand.start : cand.end]


def _accept(cfg: RepairConfig, line: str, cand: _Candidate, replacement: str, vouched: bool, proven_line: bool = False) -> bool:
    """Whether the repaired words read better than the original ones; a run
    of lone leads only (how clean accented text looks) also needs to be
    vouched for, by a repair on its line or by its document.  On a line
    that a complete sequence proved damaged, a lone lead is damage too (a
    line is decoded as a whole) and needs only read better (`Pangu-σ`, not
    `Pangu-Ļ`); elsewhere it must read clearly better."""
    p = cand.parse
    if not p.strong and not any(u.medium for u in p.units):
        latin = all(
            u.candidates == () or all(0xC2 <= c.encode()[0] <= 0xC3 and len(c.encode()) == 2 for c in u.candidates)
            for u in p.units
        )
        if not (vouched or latin):
            return False
        if inside_word(line, cand.start, cand.end, lambda w: plausible_word(cfg.model, w)):
            return False  # `Aumentação`, a word no list has, is no `Aumenta的。o`
    return gain(cfg.model, line, cand.start, cand.end, replacement) > (0.0 if p.strong or proven_line else cfg.weak_margin)


def _deepen(cfg: RepairConfig, text: str, codec: str, depth: int = 1) -> tuple[str, str]:
    """A double encoding decodes to more mojibake: repair the repair."""
    path = f"utf-8 > {codec}"
    if depth >= MAX_DEPTH or not SUSPECT_RE.search(text):
        return path, text
    fixed, repairs = fix_lines(cfg, text, depth=depth + 1)
    if not repairs or fixed == text:
        return path, text
    inner = repairs[0].codec
    return f"{inner} > {codec}", fixed


def fix_lines(cfg: RepairConfig, text: str, depth: int = 0, proof: dict | None = None) -> tuple[str, list[Repair]]:
    """The engine's repair of `text`; `proof`, when given, receives the
    codec that complete sequences prove across the document (`vouched`)."""
    if not EVIDENCE_RE.search(text):
        return fix_gbk(cfg, text) if depth == 0 else (text, [])
    # Lines are the unit of context; a very long line is cut at spaces into
    # pieces of at most CHUNK characters, so that evidence stays local and a
    # 10 MB one-line file costs what 10 MB of lines cost.
    lines: list[str] = []
    seps: list[str] = []
    linenos: list[int] = []
    offsets: list[int] = []
    pos = 0
    for li, line in enumerate(text.split("\n")):
        for chunk in chunks(line):
            lines.append(chunk)
            seps.append("")
            linenos.append(li + 1)
            offsets.append(pos)
            pos += len(chunk)
        seps[-1] = "\n"
        pos += 1
    seps[-1] = ""
    # The document's profile, run by run; the parses themselves are kept
    # only up to PARSE_BUDGET bytes (estimated), and made again beyond.
    profile = Profile()
    kept: dict[int, list[tuple[int, int, int, list[Parse]]]] = {}
    budget = PARSE_BUDGET
    seen: list[int] = []  # lines with evidence of their own
    unseen: list[int] = []  # lines without
    for li, line in enumerate(lines):
        if not EVIDENCE_RE.search(line):
            unseen.append(li)
            continue
        runs = scan(li, line, CODECS)
        if not runs:
            continue
        seen.append(li)
        for run in runs:
            profile.add(run[3])
        size = sum(PARSE_COST_RUN + PARSE_COST_CHAR * (end - start) for _li, start, end, _o in runs)
        if size <= budget:
            kept[li] = runs
            budget -= size
    if not seen:
        return fix_gbk(cfg, text) if depth == 0 else (text, [])
    order = profile.order()
    profiled = profile.profiled
    vouched = order[0].name if profile.proven(order) >= VOUCH_MIN else None
    if proof is not None and vouched:
        proof["vouched"] = vouched
    # the document is proven damaged by one codec: its lone leads on lines
    # of their own are worth a look too (a heading's only emoji, `### ⚡News`
    # read as `### āNews`), except inside words the lists know (`ação`: ç
    # and ã are lead bytes too); _fix_line still asks the language model
    # for a clear gain
    suspect = lead_re(vouched) if vouched else None
    todo = sorted(seen + ([li for li in unseen if suspect.search(lines[li])] if suspect else []))
    repairs: list[Repair] = []
    for li in todo:
        runs_here: list[tuple[int, int, Parse]] = []
        if li in kept or EVIDENCE_RE.search(lines[li]):
            for _li, start, end, options in kept.pop(li, None) or scan(li, lines[li], CODECS):
                chosen = pick(options, order, profiled)
                if chosen is not None:
                    runs_here.append((start, end, chosen))
        else:
            for _li, start, end, options in scan(li, lines[li], order[:1]):
                if not inside_word(lines[li], start, end, cfg.model.is_known_word):
                    runs_here.append((start, end, options[0]))
        if runs_here:
            lines[li], reps = _fix_line(cfg, lines[li], offsets[li], linenos[li], runs_here, vouched)
            repairs.extend(reps)
    fixed = "".join(piece + sep for piece, sep in zip(lines, seps))
    if depth == 0:
        fixed, more = fix_gbk(cfg, fixed)
        repairs.extend(more)
    return fixed, repairs
