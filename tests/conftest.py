import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: tests that run GNU gettext itself (CI installs it; elsewhere they say why they skip)
needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("msgcat") is None, reason="GNU gettext (msgfmt, msgcat) is not installed"
)
DATA = ROOT / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed files as received (read, never modified)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.md")) if p.name != "SEEDS.md"}


#: what a project is: the configuration, the data and everything sync writes
PROJECT_FILES = ("transnorm.toml", "check-baseline.txt", "glossary.txt", "data", "locales", "rendered")


def copy_project(dest: Path) -> Path:
    for name in PROJECT_FILES:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled project to break things in."""
    return copy_project(tmp_path)
