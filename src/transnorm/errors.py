"""Errors a user can act on: each carries the file and line it is about.

The CLI prints them as one line, ``path:line: message``, and exits with the
error's code; no traceback ever reaches the user for bad input.
"""

from __future__ import annotations

#: Exit codes, documented in the README.
EXIT_OK = 0
EXIT_FINDINGS = 1  # --check found something to change / check found errors
EXIT_USAGE = 2  # bad input, bad configuration, missing optional component


class TransnormError(Exception):
    """Bad input or configuration, reported as ``path:line: message``."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, code: int = EXIT_USAGE):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.code = code

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
