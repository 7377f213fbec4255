"""ftfy as the floor, proof for the rest, and code quoted on purpose."""

import subprocess
import sys

from transnorm import fix_and_explain, fix_text
from transnorm.repair.floor import writable

README = """# Pipeline

```
┌──────────┐     ┌──────────┐
│  parse   │ ──▶ │  align   │
└──────────┘     └──────────┘
```

    project/
    ├── src/
    │   ├── cli.py
    │   └── repair.py
    └── tests/

| step | done |
|---|---|
| parse | ✅ |
| align | ❌ |
"""


def _damaged(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def test_a_clean_readme_with_diagrams_stays():
    fixed, repairs = fix_and_explain(README, markdown=True)
    assert fixed == README and repairs == []
    assert fix_text(README) == README  # as plain text too


def test_a_damaged_readme_with_diagrams_is_repaired():
    import ftfy.bad_codecs  # noqa: F401  (sloppy-windows-1252)

    damaged = _damaged(README)
    assert "â”Œ" in damaged
    assert fix_text(damaged, markdown=True) == README


def test_quoted_mojibake_in_code_stays_in_a_clean_document(tmp_path):
    doc = "# Notes\n\nA damaged title reads `è®ºæ–‡` instead of `论文`:\n\n```\nfix_text(\"è®ºæ–‡\")  # 论文\n```\n"
    assert fix_text(doc, markdown=True) == doc
    # plain text has no code: repaired as before
    assert "论文" in fix_text(doc).split("\n")[2].split("`")[1]
    # proven damaged outside code, the code is damaged too
    damaged = doc + "Real damage: Ã©tÃ© dÃ©jÃ  and rÃ©sumÃ©\n"
    fixed = fix_text(damaged, markdown=True)
    assert fixed.endswith("Real damage: été déjà and résumé\n") and "`论文` instead" in fixed
    # the pre-commit hook's command on such a README: nothing to change
    f = tmp_path / "README.md"
    f.write_text(doc, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "transnorm", "fix", "--check", str(f)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_portuguese_capital_a_tilde_is_not_a_lost_byte():
    clean = "Ã is a letter too: NÃO, ÇÃO, INTRODUÇÃO"
    assert fix_text(clean) == clean
    assert fix_text("voilÃ le travail") == "voilà le travail"  # inside a word: ftfy's reading


def test_what_a_repair_may_write():
    assert all(writable(c) for c in "é中✅∞σπ’…ü ā")
    assert not any(writable(c) for c in "\x85\x99\ue000ĭſѰŨĠう")


def test_ftfy_reading_and_the_engine_s_disagree():
    # ftfy reads a line alone; the engine reads the document: in a document
    # proven damaged by windows-1257 (lossy), ftfy's `MƩtodos` loses
    import sys as _sys
    from pathlib import Path

    _sys.path.insert(0, str(Path(__file__).parent))
    import corpus

    p = next(p for p in corpus.PROCESSES if p.name == "windows-1257/lossy")
    lines = [f"- Métodos de avaliação número {i}: eficiência e precisão" for i in range(12)]
    damaged = p.damage("\n".join(lines))
    assert fix_text(damaged) == "\n".join(lines)
