"""Put a benchmark's table into benchmarks/README.md, between its markers
(`<!-- NAME -->` and `<!-- /NAME -->`), so that the figures there are what the
script printed, never edited by hand."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def replace_block(name: str, table: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(f"<!-- {name} -->"), text.index(f"<!-- /{name} -->")
    README.write_text(text[: start + len(f"<!-- {name} -->")] + "\n" + table + "\n" + text[end:], encoding="utf-8")
