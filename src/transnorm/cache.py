"""Repaired, parsed documents kept between runs.

`sync` and then `check` (and `status`) read the same sources: repairing and
parsing a 100k-entry list takes tens of seconds, loading its result a
second.  A document is stored under a digest of everything its reading
depends on: the file's bytes, the name it is reported under, the glossary,
the language model (path, size, time) and transnorm's own code, so a stale
entry is never used; the user's cache directory keeps the most recent
:data:`KEEP` of them.  An unwritable cache only costs the time.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from pathlib import Path

#: documents kept in the cache directory
KEEP = 64


@lru_cache(maxsize=1)
def _code_digest() -> str:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for f in sorted([*here.rglob("*.py"), *here.rglob("*.tsv.gz")]):
        h.update(str(f.relative_to(here)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def key(data: bytes, name: str, repair) -> str:
    """The key of a document read under `repair` (a RepairConfig)."""
    h = hashlib.sha256()
    h.update(_code_digest().encode())
    h.update(b"\0" + name.encode() + b"\0" + "\n".join(repair.glossary).encode() + b"\0")
    h.update(repr((sorted(repair.disabled), repair.weak_margin, repair.gbk_margin)).encode() + b"\0")
    if repair.language_model is not None:
        from .ngram import resolve

        model = resolve(repair.language_model)
        st = model.stat()
        h.update(f"{model}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    h.update(b"\0" + data)
    return h.hexdigest()


def _dir() -> Path:
    from .lm import _cache_dir

    return _cache_dir() / "documents"


def load(digest: str):
    try:
        with open(_dir() / f"{digest}.pickle", "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def store(digest: str, value) -> None:
    from .textio import atomic_write_bytes

    try:
        d = _dir()
        atomic_write_bytes(d / f"{digest}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        kept = sorted(d.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
