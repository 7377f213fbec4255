"""Hostile input and interrupted runs: one-line errors, documented exit codes,
no traceback, nothing half-written."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transnorm import fix_text, textio
from transnorm.config import load_config
from transnorm.errors import TransnormError
from transnorm.sync import compute, write_all

ROOT = Path(__file__).resolve().parent.parent



def snapshot(root):
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "transnorm", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def one_line_error(r, code=2):
    assert r.returncode == code, (r.returncode, r.stderr)
    assert r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_undecodable_source(project):
    src = project / "data/efficient-llms-survey.pt.md"
    src.write_bytes(src.read_bytes().replace("Quantização".encode(), "Quantização".encode("latin-1"), 1))
    before = snapshot(project)
    for cmd in (["sync"], ["check"], ["align", str(src), "--lang", "pt"]):
        r = run(cmd, project)
        one_line_error(r)
        assert "data/efficient-llms-survey.pt.md:" in r.stderr and "not valid UTF-8" in r.stderr
    assert snapshot(project) == before


def test_binary_source(project):
    (project / "data/efficient-llms-survey.zh-blog.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    before = snapshot(project)
    r = run(["sync"], project)
    one_line_error(r)
    assert "binary file" in r.stderr
    assert snapshot(project) == before


def test_empty_files(project, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    r = run(["fix", str(empty)], project)
    assert r.returncode == 0 and "empty.md: clean" in r.stderr
    (project / "data/efficient-llms-survey.zh-blog.md").write_bytes(b"")  # a copy with nothing in it
    r = run(["sync", "--check"], project)
    assert r.returncode == 0, r.stderr  # the blog's titles were never imported: nothing changes


def test_ten_megabyte_single_line(tmp_path):
    line = ("Efficient quantization of large language models, naïve café ação 中文模型 " * 160000)[:10_000_000]
    damaged = line + " è®ºæ–‡ and Ã©tÃ©"
    assert fix_text(line) == line
    f = tmp_path / "long.md"
    f.write_text(damaged, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "transnorm", "fix", str(f)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f.read_text(encoding="utf-8") == line + " 论文 and été"


def test_duplicate_catalog_entries(project):
    po = project / "locales/pt/LC_MESSAGES/papers.po"
    text = po.read_text(encoding="utf-8")
    block = text.split("\n\n")[1]  # the first message
    po.write_text(text + "\n" + block + "\n", encoding="utf-8")
    before = snapshot(project)
    for cmd in (["sync"], ["check"], ["status"]):
        r = run(cmd, project)
        one_line_error(r)
        assert "locales/pt/LC_MESSAGES/papers.po:" in r.stderr and "duplicate message definition" in r.stderr
    assert snapshot(project) == before


def test_catalog_syntax_error_in_check(project):
    po = project / "locales/zh/LC_MESSAGES/papers.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    lines[30] = 'msgstr "unterminated'
    po.write_text("\n".join(lines), encoding="utf-8")
    r = run(["check"], project)
    one_line_error(r)
    assert "locales/zh/LC_MESSAGES/papers.po:" in r.stderr


def test_config_errors(project):
    cfg = project / "transnorm.toml"
    good = cfg.read_text(encoding="utf-8")
    cfg.write_text(good.replace("efficient-llms-survey.pt.md", "no-such-copy.md"), encoding="utf-8")
    r = run(["sync"], project)
    one_line_error(r)
    line = next(i for i, ln in enumerate(good.splitlines(), 1) if "efficient-llms-survey.pt.md" in ln)
    assert f"transnorm.toml:{line}: [[copy]] names a missing file: data/no-such-copy.md" in r.stderr.replace(str(project) + "/", "")
    cfg.write_text(good.replace('[project]', '[project\n'), encoding="utf-8")
    r = run(["check"], project)
    one_line_error(r)
    assert "transnorm.toml:" in r.stderr and "invalid TOML" in r.stderr
    cfg.unlink()
    r = run(["sync"], project)
    one_line_error(r)
    assert "no transnorm.toml" in r.stderr


def test_glossary_errors(project):
    # a term the model cannot read as one word, named by file and line
    (project / "glossary.txt").write_text("# terms\n访存\nGPT-4\n", encoding="utf-8")
    r = run(["sync"], project)
    one_line_error(r)
    assert "glossary.txt:3: a glossary term is one word of Han characters or of letters, not 'GPT-4'" in r.stderr
    # a glossary file that is not there, named at its line of transnorm.toml
    (project / "glossary.txt").unlink()
    r = run(["fix", "--check", "data/paper-reading.zh.md"], project)
    one_line_error(r)
    line = next(i for i, ln in enumerate((project / "transnorm.toml").read_text().splitlines(), 1) if ln.startswith("glossary"))
    assert f"transnorm.toml:{line}: [fix] glossary names a missing file: glossary.txt" in r.stderr


def test_an_edited_glossary_makes_the_last_sync_stale(project):
    # the glossary changes what the sources repair to: the stamp must see it
    from transnorm import sync
    from transnorm.config import load_config

    cfg = load_config(project / "transnorm.toml")
    assert cfg.glossary == ("访存", "低秩", "提示词", "标签词", "吞吐", "子目标", "旁路")
    assert sync.is_current(cfg)
    (project / "glossary.txt").write_text("访存\n", encoding="utf-8")
    assert not sync.is_current(load_config(project / "transnorm.toml"))


def test_interrupted_sync_leaves_every_file_as_it_was(project, monkeypatch):
    # new English text: a sync would rewrite the catalogs and documents
    src = project / "data/efficient-llms-survey.en.md"
    src.write_text(src.read_text(encoding="utf-8").replace("GPTQ: Accurate", "GPTQ: Precise"), encoding="utf-8")
    cfg = load_config(project / "transnorm.toml")
    result = compute(cfg)
    assert len(result.changed) > 3
    before = snapshot(project)
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:  # the third file: interrupted half-way through the writes
            raise KeyboardInterrupt
        return real_fdopen(*a, **k)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(KeyboardInterrupt):
        write_all(result.outputs, result.changed)
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    assert snapshot(project) == before  # no file changed, no temporary file left


def test_atomic_write_failure_keeps_the_original(tmp_path, monkeypatch):
    f = tmp_path / "a.md"
    f.write_text("original\n", encoding="utf-8")

    def boom(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(TransnormError) as exc:
        textio.atomic_write(f, "new text\n")
    assert str(exc.value) == f"{f}: cannot write: No space left on device (nothing was changed)"
    assert f.read_text(encoding="utf-8") == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_a_killed_sync_s_temporary_files_are_removed_by_the_next(project):
    # what a SIGKILL between writing and renaming leaves beside the outputs
    left = [project / "locales/pt/LC_MESSAGES/.papers.po.k1ll3d.tmp", project / "data/.records.jsonl.abc123.tmp"]
    for p in left:
        p.write_text("half a file", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync"], cwd=project, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert not any(p.exists() for p in left)
    assert "left by an interrupted sync" in r.stderr
    # --check looks only
    left[0].write_text("half a file", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "transnorm", "sync", "--check"], cwd=project, capture_output=True, text=True)
    assert left[0].exists()


def test_a_document_is_read_once_and_never_stale(tmp_path, monkeypatch):
    from transnorm import sources
    from transnorm.config import Source

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    doc = tmp_path / "list.md"
    doc.write_text("# Papers\n\n- [Sparse Attention](https://arxiv.org/abs/2401.10001): fast.\n", encoding="utf-8")
    first = sources.load_document(Source(doc, "en"), tmp_path)
    calls = []
    monkeypatch.setattr(sources, "fix_text", lambda *a, **k: calls.append(a) or a[0])
    again = sources.load_document(Source(doc, "en"), tmp_path)
    assert calls == [] and [e.title for e in again.entries] == [e.title for e in first.entries] == ["Sparse Attention"]
    doc.write_text(doc.read_text(encoding="utf-8").replace("Sparse", "Dense"), encoding="utf-8")
    edited = sources.load_document(Source(doc, "en"), tmp_path)
    assert len(calls) == 1 and [e.title for e in edited.entries] == ["Dense Attention"]


# What each write keeps, and what a careless configuration gets told.

DAMAGED = "Large Language Models: a survey of efficient methods Ã©\n"


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_text(DAMAGED, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    r = run(["fix", "--no-config", str(link)], tmp_path)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").endswith("é\n")


def test_hard_links_and_read_only_files_are_refused_unless_forced(tmp_path):
    a = tmp_path / "a.md"
    a.write_text(DAMAGED, encoding="utf-8")
    b = tmp_path / "b.md"
    os.link(a, b)
    r = run(["fix", "--no-config", str(a)], tmp_path)
    one_line_error(r)
    assert "hard link" in r.stderr and "--force" in r.stderr and a.read_text(encoding="utf-8") == DAMAGED
    r = run(["fix", "--no-config", "--force", str(a)], tmp_path)
    assert r.returncode == 0 and b.read_text(encoding="utf-8").endswith("é\n") and os.stat(a).st_nlink == 2
    ro = tmp_path / "ro.md"
    ro.write_text(DAMAGED, encoding="utf-8")
    ro.chmod(0o444)
    r = run(["fix", "--no-config", str(ro)], tmp_path)
    one_line_error(r)
    assert "read-only" in r.stderr and ro.read_text(encoding="utf-8") == DAMAGED
    r = run(["fix", "--no-config", "--force", str(ro)], tmp_path)
    assert r.returncode == 0 and ro.read_text(encoding="utf-8").endswith("é\n") and (ro.stat().st_mode & 0o777) == 0o444


def test_a_read_only_output_stops_sync_before_anything_is_written(project):
    src = project / "data/efficient-llms-survey.en.md"
    src.write_text(src.read_text(encoding="utf-8").replace("GPTQ: Accurate", "GPTQ: Precise"), encoding="utf-8")
    po = project / "locales/pt/LC_MESSAGES/papers.po"
    po.chmod(0o444)
    before = snapshot(project)
    r = run(["sync"], project)
    one_line_error(r)
    assert "papers.po: is read-only" in r.stderr
    assert snapshot(project) == before
    assert run(["sync", "--force"], project).returncode == 0 and snapshot(project) != before


@pytest.mark.parametrize(
    "edit, message",
    [
        (("repair_on_read = true", "repair_on_reed = true"), "unknown key in [canonical] 'repair_on_reed'; did you mean repair_on_read?"),
        (('catalog_dir = "locales"', 'catalog_dri = "locales"'), "unknown key in [project] 'catalog_dri'; did you mean catalog_dir?"),
        (("[check]\n", "[chekc]\n"), "unknown table 'chekc'; did you mean check?"),
        (("check-baseline.txt", "no-such-baseline.txt"), "[check] baseline names a missing file: no-such-baseline.txt"),
        (('# every rule is an error by default; e.g. TN102 = "warning" or "off"', 'TN10 = "off"'), "unknown rule in [check.severity] 'TN10'; did you mean TN110?"),
        (('domain = "papers"', 'domain = "papers"\nmax_shrink = 2'), "[project] max_shrink is a share between 0 and 1, not 2"),
    ],
)
def test_configuration_typos_are_errors_with_the_closest_name(project, edit, message):
    cfg = project / "transnorm.toml"
    text = cfg.read_text(encoding="utf-8")
    assert edit[0] in text
    cfg.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    r = run(["status"], project)
    one_line_error(r)
    assert message in r.stderr and "transnorm.toml:" in r.stderr


def test_fix_says_which_configuration_it_uses_and_can_use_none(project):
    (project / "sub").mkdir()
    f = project / "sub" / "a.md"
    f.write_text(DAMAGED, encoding="utf-8")
    r = run(["-v", "fix", "--check", "a.md"], project / "sub")
    assert f"config: {project / 'transnorm.toml'}" in r.stderr
    r = run(["-v", "fix", "--check", "--no-config", "a.md"], project / "sub")
    assert "config: none" in r.stderr and r.returncode == 1
    one_line_error(run(["fix", "--config", "transnorm.toml", "--no-config", "a.md"], project / "sub"))
    r = run(["-v", "fix", "--check", "--config", str(project / "transnorm.toml"), "a.md"], project / "sub")
    assert f"config: {project / 'transnorm.toml'}" in r.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_on_standard_output_is_one_line():
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "transnorm", "fix", "--no-config", "-"], input=DAMAGED, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 2 and "error: <stdout>: No space left on device" in r.stderr and "Traceback" not in r.stderr


def test_a_full_disk_during_sync_names_the_file_and_changes_nothing(project, monkeypatch):
    src = project / "data/efficient-llms-survey.en.md"
    src.write_text(src.read_text(encoding="utf-8").replace("GPTQ: Accurate", "GPTQ: Precise"), encoding="utf-8")
    result = compute(load_config(project / "transnorm.toml"))
    before = snapshot(project)
    calls = {"n": 0}
    real = os.fsync

    def full(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(TransnormError) as exc:
        write_all(result.outputs, result.changed)
    assert "No space left on device (nothing was changed)" in str(exc.value) and exc.value.path
    assert snapshot(project) == before


def test_sigint_says_interrupted_and_exits_130():
    import signal
    import time

    p = subprocess.Popen([sys.executable, "-m", "transnorm", "fix", "--no-config", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)  # imported, and waiting for standard input
    p.send_signal(signal.SIGINT)
    _out, err = p.communicate(timeout=60)
    p.stdin.close() if p.stdin else None
    assert p.returncode == 130 and err.strip() == "interrupted", err


def test_a_truncated_canonical_source_stops_sync_and_check_reports_it(project):
    src = project / "data/efficient-llms-survey.en.md"
    lines = src.read_text(encoding="utf-8").split("\n")
    src.write_text("\n".join(lines[:150]), encoding="utf-8")
    before = snapshot(project)
    r = run(["sync"], project)
    one_line_error(r)
    assert "data/efficient-llms-survey.en.md: " in r.stderr and "at the last sync" in r.stderr and "--allow-shrink" in r.stderr
    assert snapshot(project) == before
    r = run(["check"], project)
    assert r.returncode == 1 and "data/efficient-llms-survey.en.md:1: error TN115" in r.stdout
    r = run(["sync", "--allow-shrink"], project)
    assert r.returncode == 0, r.stderr
    assert run(["check"], project).returncode in (0, 1) and "TN115" not in run(["check"], project).stdout


def test_a_closed_pipe_is_one_line():
    p = subprocess.Popen([sys.executable, "-m", "transnorm", "fix", "--no-config", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()  # the reader went away (`| head`)
    _out, err = p.communicate(input=DAMAGED.encode() * 20000, timeout=300)
    assert p.returncode == 2 and err.decode().strip().endswith("error: <stdout>: Broken pipe") and b"Traceback" not in err
