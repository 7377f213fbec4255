"""Draft the language-detection label set from the bundled files.

Prints `source<TAB>field<TAB>label<TAB>text` rows for every distinct field
(title, heading, venue, year, date, type cell, description) of the five
files, labelled by the current detector.  The committed set,
tests/data/langid_labels.tsv, is this draft *corrected by hand*: every row
was read, and wrong labels fixed.  Re-run it to draft rows for new data.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from transnorm import fix_text  # noqa: E402
from transnorm.langid import detect  # noqa: E402
from transnorm.parsers import parse  # noqa: E402


def main() -> None:
    seen = set()
    for path in sorted((ROOT / "data").glob("*.md")):
        if path.name == "SEEDS.md":
            continue
        for e in parse(fix_text(path.read_text(encoding="utf-8")), path.name):
            fields = [("title", e.title), ("venue", e.venue), ("year", e.year)]
            fields += [("heading", s) for s in e.section]
            fields += [("description", d) for d in e.descriptions]
            fields += [(k, e.extra[k]) for k in ("type", "date") if e.extra.get(k)]
            for field, text in fields:
                text = (text or "").strip().replace("\t", " ")
                if text and (field, text) not in seen:
                    seen.add((field, text))
                    print(f"{path.name}\t{field}\t{detect(text).lang}\t{text}")


if __name__ == "__main__":
    main()
