"""The data other projects wrote, beside this repository (`../shared`): a
benchmark measures on it when it is there and says so when it is not."""

from __future__ import annotations

import sys
from pathlib import Path

def folder_argument(default: Path) -> Path | None:
    """The folder named first on the command line (else `default`), or
    None, having printed why, when it is not there."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else default
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return None
    return folder
