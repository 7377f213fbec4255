"""Generate a mojibake development corpus from clean text.

Each *process* is a real way text gets damaged: UTF-8 bytes decoded through a
single-byte codec, with the bytes that codec cannot map dropped
(``errors="ignore"``) and invisible characters (soft hyphen) stripped
afterwards, as the user's files were; or decoded twice; or read as GBK.
Documents are damaged whole, or paragraph-wise (every other paragraph), since
real files mix clean and damaged parts.

Run it to print the repair rate of every process:
``python tests/corpus.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-* codecs)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _lossy(text: str, codec: str, strip_c1: bool = False, nbsp_to_space: bool = False) -> str:
    out = text.encode("utf-8").decode(codec, errors="ignore").replace("\xad", "")
    if strip_c1:
        out = "".join(ch for ch in out if not 0x80 <= ord(ch) <= 0x9F)
    if nbsp_to_space:
        out = out.replace("\xa0", " ")
    return out


def _double(text: str) -> str:
    once = text.encode("utf-8").decode("sloppy-windows-1252")
    return once.encode("utf-8").decode("sloppy-windows-1252")


def _gbk(text: str) -> str:
    # Where a lead byte's partner is not a valid trail byte, the decoder
    # writes U+FFFD for the lead and reads the partner again: one byte lost.
    return text.encode("utf-8").decode("gb18030", errors="replace")


@dataclass(frozen=True)
class Process:
    name: str
    damage: callable
    recoverable: bool  # whether every byte can in principle be inferred
    note: str = ""


PROCESSES = (
    Process("windows-1252", lambda t: t.encode("utf-8").decode("sloppy-windows-1252"), True),
    Process("windows-1252/lossy", lambda t: _lossy(t, "cp1252"), True),
    Process("windows-1254/lossy", lambda t: _lossy(t, "cp1254"), True),
    Process("mac_roman", lambda t: _lossy(t, "mac_roman"), True),
    Process("windows-1250/lossy", lambda t: _lossy(t, "cp1250"), True),
    Process("windows-1251/lossy", lambda t: _lossy(t, "cp1251"), True),
    Process("windows-1257/lossy", lambda t: _lossy(t, "cp1257"), True),
    Process("windows-1252/lossy+nbsp", lambda t: _lossy(t, "cp1252", nbsp_to_space=True), True),
    Process(
        "latin-1/c1-stripped",
        lambda t: _lossy(t, "latin-1", strip_c1=True),
        False,
        "half of all continuation bytes are lost: a Chinese character keeps ~1 of its 3 bytes",
    ),
    Process("double windows-1252", _double, True),
    # the other codecs ftfy considers, lossless (its sloppy decodes)
    *(
        Process(f"windows-{cp}", lambda t, cp=cp: t.encode("utf-8").decode(f"sloppy-windows-{cp}"), True)
        for cp in (1250, 1251, 1253, 1254, 1257)
    ),
    Process("latin-1", lambda t: t.encode("utf-8").decode("latin-1"), True),
    Process("iso-8859-2", lambda t: _lossy(t, "iso-8859-2"), True),
    Process("cp437", lambda t: _lossy(t, "cp437"), True),
    Process(
        "windows-1253/lossy",
        lambda t: _lossy(t, "cp1253"),
        False,
        "17 undefined bytes: a lead byte that lost all its continuation bytes is a lone Greek letter (❌ -> β), which the repair leaves as text",
    ),
    # each U+FFFD is exactly one lost byte (a lead whose partner was
    # invalid), bounded like the lossy single-byte decodes' lost bytes
    Process("gb18030", _gbk, True),
)


def clean_documents() -> dict[str, str]:
    """The clean text we have: the Portuguese and Chinese-blog copies as
    received, and the English survey after its (unambiguous) repair."""
    from transnorm import fix_text

    docs = {
        "pt": (DATA / "efficient-llms-survey.pt.md").read_text(encoding="utf-8"),
        "zh": (DATA / "efficient-llms-survey.zh-blog.md").read_text(encoding="utf-8"),
        "en": fix_text((DATA / "efficient-llms-survey.en.md").read_text(encoding="utf-8")),
    }
    return docs


def damage(text: str, process: Process, mode: str) -> str:
    """Damage a document whole, or every other paragraph."""
    if mode == "whole":
        return "\n".join(process.damage(line) for line in text.split("\n"))
    paras = text.split("\n\n")
    return "\n\n".join(
        "\n".join(process.damage(line) for line in p.split("\n")) if i % 2 else p for i, p in enumerate(paras)
    )


@dataclass
class Score:
    damaged: int = 0  # lines the process changed
    restored: int = 0  # of those, restored exactly
    clean_changed: int = 0  # lines the process left alone but the repair changed
    failures: list = None

    @property
    def rate(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0


def evaluate(process: Process, docs: dict[str, str], modes=("whole", "paragraphs"), language_model=None) -> Score:
    from transnorm import fix_text

    score = Score(failures=[])
    for lang, clean in docs.items():
        for mode in modes:
            bad = damage(clean, process, mode)
            fixed = fix_text(bad, language_model=language_model)
            for c, b, f in zip(clean.split("\n"), bad.split("\n"), fixed.split("\n")):
                if c == b:
                    if f != c:
                        score.clean_changed += 1
                        score.failures.append((lang, mode, c, b, f))
                    continue
                score.damaged += 1
                if f == c:
                    score.restored += 1
                else:
                    score.failures.append((lang, mode, c, b, f))
    return score


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    docs = clean_documents()
    print(f"{'process':28} {'damaged':>8} {'restored':>9} {'rate':>8} {'clean changed':>14}")
    for p in PROCESSES:
        s = evaluate(p, docs)
        tag = "" if p.recoverable else "  (not fully recoverable: " + p.note + ")"
        print(f"{p.name:28} {s.damaged:8} {s.restored:9} {s.rate:8.2%} {s.clean_changed:14}{tag}")
        if "-v" in sys.argv:
            for lang, mode, c, b, f in s.failures[:5]:
                print(f"   [{lang}/{mode}]\n     want {c[:120]!r}\n     got  {f[:120]!r}")


if __name__ == "__main__":
    main()
