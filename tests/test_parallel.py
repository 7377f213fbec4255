"""Large projects run sync's and check's jobs on forked workers: the
results must be exactly those of the in-process run, errors included."""

import os

import pytest

from transnorm import checks, parallel, sync
from transnorm.config import load_config
from transnorm.errors import TransnormError


@pytest.fixture
def forced(monkeypatch):
    """Every project counts as large."""
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)


def test_workers():
    assert parallel.workers(parallel.PARALLEL_MIN - 1, 4) == 1
    assert parallel.workers(parallel.PARALLEL_MIN, 1) == 1
    assert parallel.workers(parallel.PARALLEL_MIN, 4) == min(4, os.cpu_count() or 1)


def test_parallel_sync_and_check_equal_in_process(project, monkeypatch):
    cfg = load_config(project / "transnorm.toml")
    seq_outputs = sync.compute(cfg).outputs
    seq_findings = checks.run(cfg)
    (project / "locales/.sync-stamp").unlink()  # check recomputes the sync too
    seq_stale = checks.run(cfg)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)
    assert sync.compute(cfg).outputs == seq_outputs
    assert checks.run(cfg) == seq_stale
    sync.write_stamp(cfg)
    assert checks.run(cfg) == seq_findings


def test_a_worker_error_is_the_in_process_error(project, forced):
    cfg = load_config(project / "transnorm.toml")
    bad = cfg.copies[-1].path
    bad.write_bytes(bad.read_bytes() + b"\n- broken \xff\xfe line\n")
    with pytest.raises(TransnormError) as exc:
        sync.compute(cfg)
    assert exc.value.path == str(bad) and exc.value.line is not None


def _dies(state, job):
    if job == 1:
        os._exit(9)  # as the kernel's OOM killer would end it
    return job


def test_a_dead_worker_is_an_error_not_a_hang(forced):
    if parallel.workers(1, 2) < 2:
        pytest.skip("one CPU: jobs run in-process")
    with pytest.raises(TransnormError, match="worker process died"):
        parallel.map_jobs(_dies, None, [0, 1, 2], 1)


def test_transnorm_jobs_1_keeps_one_process(forced, monkeypatch):
    monkeypatch.setenv("TRANSNORM_JOBS", "1")
    assert parallel.workers(10**6, 8) == 1
    assert parallel.map_jobs(lambda state, job: (os.getpid(), state + job), 1, [1, 2], 10**6) == [(os.getpid(), 2), (os.getpid(), 3)]
