"""ftfy's own test cases through transnorm and through ftfy.

Reads ../shared/peer/ftfy-test-cases/*.json (skipped when absent): each case
has `original`, `fixed-encoding` (or `fixed`) and `expect` (`pass`, or `fail`
for ftfy's known failures).  A case whose expected text equals its original
is text that must stay as it is.  Prints per file: encoding cases (expected
pass) right for transnorm and for ftfy, must-stay texts each changed, and the
cases where transnorm is behind ftfy.

Also the calibration of repair.floor.LM_MARGIN: the largest gain, in nats,
of any change the engine alone proposes to the must-stay texts.

Usage: python benchmarks/peers.py [DIR] [--markdown | --write]
(--write puts the table into benchmarks/README.md)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "peer" / "ftfy-test-cases"


def main() -> None:
    import ftfy

    from transnorm import fix_text
    from transnorm.repair import RepairConfig
    from transnorm.repair.floor import writable
    from transnorm.repair.lines import fix_lines

    config = RepairConfig()

    from shared_data import folder_argument

    folder = folder_argument(DEFAULT)
    if folder is None:
        return
    rows, behind, gains = [], [], []
    for path in sorted(folder.glob("*.json")):
        r = {"file": path.name, "encoding cases": 0, "transnorm right": 0, "ftfy right": 0, "must stay": 0, "transnorm changed": 0, "ftfy changed": 0}
        for case in json.loads(path.read_text(encoding="utf-8")):
            original = case["original"]
            want = case.get("fixed-encoding", case.get("fixed"))
            ours, theirs = fix_text(original), ftfy.fix_encoding(original)
            if want == original:
                r["must stay"] += 1
                r["transnorm changed"] += ours != original
                r["ftfy changed"] += theirs != original
                raw, repairs = fix_lines(config, original)
                if raw != original and all(writable(c) for rep in repairs for c in rep.replacement):
                    gains.append((config.model.text_logprob(raw) - config.model.text_logprob(original), case["label"]))
                if ours != original and theirs == original:
                    behind.append((path.name, case["label"], original, ours))
            elif case.get("expect", "pass") == "pass":
                r["encoding cases"] += 1
                r["transnorm right"] += ours == want
                r["ftfy right"] += theirs == want
                if ours != want and theirs == want:
                    behind.append((path.name, case["label"], original, ours))
        rows.append(r)
    total = {k: sum(r[k] for r in rows) for k in rows[0] if k != "file"}
    rows.append({"file": "all", **total})
    cols = list(rows[0])
    table = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    table += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    print("\n".join(table))
    if gains:
        g, label = max(gains)
        print(f"\nlargest language-model gain the engine alone proposes on a must-stay text: {g:.1f} nats ({label})")
    for name, label, original, ours in behind:
        print(f"behind ftfy: {name}: {label}: {original!r} -> {ours!r}")
    if "--write" in sys.argv:
        from readme_block import replace_block

        replace_block("peers", "\n".join(table))


if __name__ == "__main__":
    main()
