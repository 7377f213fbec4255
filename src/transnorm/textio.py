"""Reading text files strictly and writing them atomically.

Input must be UTF-8 text: a binary file or another encoding is refused with
the line of the first offending byte, never guessed at (the repair engine
works on text that was decoded wrongly *before* it reached us).  Output goes
to a temporary file in the target's directory, then replaces the target in
one rename, so an interrupted run leaves every file as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import TransnormError


def decode_text(data: bytes, path: str) -> str:
    """Decode UTF-8 bytes, or fail with the path and line of the bad byte."""
    if b"\x00" in data[:8192] or b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise TransnormError("binary file (NUL byte), not text", path, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TransnormError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8 first",
            path,
            line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise TransnormError("no such file", str(path)) from None
    except IsADirectoryError:
        raise TransnormError("is a directory, not a file", str(path)) from None
    except OSError as exc:
        raise TransnormError(f"cannot read: {exc.strerror}", str(path)) from None
    return decode_text(data, str(path))


def write_target(path: str | os.PathLike[str], force: bool = False) -> Path:
    """The file a write to `path` replaces, after the checks that keep what
    the file is: a symlink is followed (the link stays a link to the new
    text); a file with other hard links or without write permission is
    refused with the reason, unless `force`."""
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    try:
        st = p.stat()
    except FileNotFoundError:
        return p
    except OSError as exc:
        raise TransnormError(f"cannot write: {exc.strerror}", str(path)) from None
    if force:
        return p
    if st.st_nlink > 1:
        raise TransnormError(
            f"has {st.st_nlink - 1} other hard link(s), which a rewrite would leave unchanged (--force writes it in place, for all of them)",
            str(path),
        )
    if not st.st_mode & stat.S_IWUSR:
        raise TransnormError("is read-only (--force writes it anyway, keeping its mode)", str(path))
    return p


def atomic_write(path: str | os.PathLike[str], text: str, force: bool = False) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"), force)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, force: bool = False) -> None:
    """Write `data` to `path` through a temporary file and a rename: a
    reader sees the old file or the new one, never half of one.  The file
    keeps its mode; a symlink keeps pointing at it (see write_target).  An
    OS error (a full disk) is one line naming the file, and leaves it as it
    was."""
    p = write_target(path, force)
    if force and p.exists() and p.stat().st_nlink > 1:
        _write_in_place(p, data)
        return
    stage([(p, data)])


def stage(items: list[tuple[Path, bytes]]) -> None:
    """Write every file of `items` to a temporary file beside it, then
    rename them all: all or nothing, each keeping its mode."""
    staged: list[tuple[str, Path]] = []
    current: Path | None = None  # the file being written
    try:
        for p, data in items:
            current = p
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
            staged.append((tmp, p))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, p.stat().st_mode & 0o7777 if p.exists() else 0o644)
    except BaseException as exc:
        for tmp, _p in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        if isinstance(exc, OSError):
            raise TransnormError(f"cannot write: {exc.strerror or exc} (nothing was changed)", str(current)) from None
        raise
    for tmp, p in staged:
        try:
            os.replace(tmp, p)
        except OSError as exc:
            raise TransnormError(f"cannot replace it: {exc.strerror or exc}", str(p)) from None


def _write_in_place(p: Path, data: bytes) -> None:
    """Rewrite a hard-linked file through its own inode (not atomic: asked
    for with --force)."""
    try:
        with open(p, "r+b") as fh:
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise TransnormError(f"cannot write: {exc.strerror or exc}", str(p)) from None
