"""Reading text files strictly and writing them atomically.

Input must be UTF-8 text: a binary file or another encoding is refused with
the line of the first offending byte, never guessed at (the repair engine
works on text that was decoded wrongly *before* it reached us).  Output goes
to a temporary file in the target's directory, then replaces the target in
one rename, so an interrupted run leaves every file as it was.
"""

from __future__ import annotations

import os
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


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: a
    reader sees the old file or the new one, never half of one."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
