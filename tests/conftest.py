import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed files as received (read, never modified)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.md")) if p.name != "SEEDS.md"}
