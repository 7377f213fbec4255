"""Independent jobs on forked worker processes.

At 100k records, sync and check spend their time in per-copy and
per-catalog work that shares only read-only state (the parsed canonical
list, the records).  Forked workers inherit that state with the process, so
nothing is pickled but each job's result, and the machine's cores share the
work.  Small projects run in-process: starting workers would cost more than
it saves.  A user error in a job is re-raised in the parent, in job order,
exactly as the in-process run would raise it; a worker that dies (killed
for memory) is an error too, never a hang.  ``TRANSNORM_JOBS=1`` keeps
everything in one process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

from .errors import EXIT_USAGE, TransnormError

#: below this many records, jobs run in-process
PARALLEL_MIN = 20_000

_STATE: tuple[Callable, Any] | None = None


def _run(job: Any) -> tuple[Any, tuple | None]:
    func, state = _STATE
    try:
        return func(state, job), None
    except TransnormError as exc:
        return None, (exc.message, exc.path, exc.line, exc.code)


def workers(size: int, jobs: int) -> int:
    """How many processes `jobs` jobs on a project of `size` records get."""
    limit = os.environ.get("TRANSNORM_JOBS", "").strip()
    cpus = int(limit) if limit.isdigit() and int(limit) > 0 else (os.cpu_count() or 1)
    if size < PARALLEL_MIN or jobs < 2 or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(jobs, cpus))


def map_jobs(func: Callable[[Any, Any], Any], state: Any, jobs: list, size: int) -> list:
    """`[func(state, job) for job in jobs]`, on several processes when the
    project (`size` records) is large enough to gain from it."""
    global _STATE
    outer = _STATE  # a job may map jobs of its own
    _STATE = (func, state)
    try:
        n = workers(size, len(jobs))
        if n > 1:
            try:
                with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context("fork")) as pool:
                    results = list(pool.map(_run, jobs))
            except BrokenProcessPool:
                raise TransnormError(
                    "a worker process died (out of memory?); run again with TRANSNORM_JOBS=1", code=EXIT_USAGE
                ) from None
        else:
            results = [_run(job) for job in jobs]
    finally:
        _STATE = outer
    out = []
    for value, error in results:
        if error is not None:
            message, path, line, code = error
            raise TransnormError(message, path, line, code)
        out.append(value)
    return out
