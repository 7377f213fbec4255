"""Catalogs through transnorm's PO reader and writer, against GNU gettext.

For every .po/.pot file under the given folders (default: ../shared/peer/po),
reads it with `transnorm.pofile.parse` and writes it with `dumps`, unwrapped
and wrapped, and compares the text with `msgcat --no-wrap` and plain
`msgcat` of the same file; also whether `msgfmt --check` gives our output
the verdict it gives the input.  Files msgcat refuses are counted apart
(transnorm must refuse them too, with a file:line message).

Usage: python benchmarks/po_roundtrip.py [DIR ...] [--show N]
"""

from __future__ import annotations

import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "peer" / "po"


def gettext(args: list[str], path: Path) -> tuple[int, str]:
    r = subprocess.run(args + [str(path)], capture_output=True, text=True, encoding="utf-8", errors="replace")
    return r.returncode, r.stdout


def msgfmt_ok(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def main() -> None:
    from transnorm import pofile
    from transnorm.errors import TransnormError
    from transnorm.textio import read_text

    args = sys.argv[1:]
    show = 0
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i : i + 2]
    folders = [Path(a) for a in args] or [DEFAULT]
    files = sorted(p for f in folders if f.is_dir() for p in f.rglob("*") if p.suffix in (".po", ".pot"))
    if not files:
        print(f"skipped: no catalogs under {', '.join(map(str, folders))}")
        return
    counts = {"files": 0, "refused by msgcat": 0, "refused by both": 0, "unwrapped equal": 0, "wrapped equal": 0, "msgfmt verdict kept": 0}
    shown = 0
    for path in files:
        counts["files"] += 1
        rc, nowrap = gettext(["msgcat", "--no-wrap"], path)
        if rc != 0:
            counts["refused by msgcat"] += 1
            try:
                pofile.parse(read_text(path), str(path))
            except TransnormError:
                counts["refused by both"] += 1
            except Exception as exc:  # noqa: BLE001 - a measurement, reported
                print(f"{path}: crashed: {exc!r}")
            continue
        _, wrap = gettext(["msgcat"], path)
        try:
            po = pofile.parse(read_text(path), str(path))
        except TransnormError as exc:
            print(f"{path}: refused: {exc}")
            continue
        ours = {False: pofile.dumps(po), True: pofile.dumps(po, wrap=True)}
        for wrapped, theirs in ((False, nowrap), (True, wrap)):
            if ours[wrapped] == theirs:
                counts["wrapped equal" if wrapped else "unwrapped equal"] += 1
            else:
                label = "wrapped" if wrapped else "unwrapped"
                print(f"{path.relative_to(path.parents[1])}: {label} differs")
                if shown < show:
                    shown += 1
                    diff = difflib.unified_diff(theirs.splitlines(), ours[wrapped].splitlines(), "msgcat", "transnorm", lineterm="", n=1)
                    print("\n".join(list(diff)[:40]))
        with tempfile.NamedTemporaryFile("w", suffix=".po", encoding="utf-8", delete=False) as t:
            t.write(ours[False])
        if msgfmt_ok(Path(t.name)) == msgfmt_ok(path):
            counts["msgfmt verdict kept"] += 1
        Path(t.name).unlink()
    accepted = counts["files"] - counts["refused by msgcat"]
    for k, v in counts.items():
        base = counts["refused by msgcat"] if k == "refused by both" else accepted if k not in ("files", "refused by msgcat") else None
        print(f"{k:22} {v}" + (f" of {base}" if base is not None else ""))


if __name__ == "__main__":
    main()
