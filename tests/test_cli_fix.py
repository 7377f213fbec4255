"""`transnorm fix` as a user runs it: exit codes, dry runs, atomic writes."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA


def run(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "transnorm", *args], input=stdin, capture_output=True, cwd=cwd, timeout=120
    )


def test_stdin_filter():
    r = run("fix", "-", stdin="è®ºæ–‡ and Ã©tÃ©\n".encode())
    assert r.returncode == 0
    assert r.stdout.decode() == "论文 and été\n"
    assert "3 spans repaired" in r.stderr.decode()


#: a line of --explain or --review
_EXPLAINED = re.compile(r".+:\d+: '.*' -> '.*' \[[^]]+, \+\d+ bytes, (?P<confidence>[\d.]+)\](?: rules: (?P<rules>[\w, -]+))?$")


def test_check_diff_and_rewrite(tmp_path: Path):
    damaged = tmp_path / "paper-reading.zh.md"
    shutil.copy(DATA / "paper-reading.zh.md", damaged)
    clean = tmp_path / "pt.md"
    shutil.copy(DATA / "efficient-llms-survey.pt.md", clean)
    before = damaged.read_bytes()

    r = run("fix", "--check", str(damaged), str(clean))
    assert r.returncode == 1
    assert damaged.read_bytes() == before
    assert "pt.md: clean" in r.stderr.decode()
    # the doubtful repairs are counted, for a human to read (see REVIEW_BELOW)
    assert "below 0.80 (worth a look: --review)" in r.stderr.decode()
    # --review lists those, and only those, with their lines
    r = run("fix", "--check", "--review", str(damaged))
    listed = [m for ln in r.stderr.decode().splitlines() if (m := _EXPLAINED.match(ln)) and ln.startswith(f"{damaged}:")]
    doubtful = int(r.stderr.decode().split(" below 0.80")[0].rsplit(", ", 1)[1])
    assert len(listed) == doubtful > 0
    assert all(float(m["confidence"]) < 0.80 for m in listed)
    # a choice a context rule weighed names it (see `transnorm rules`)
    assert any(m["rules"] for m in listed)

    r = run("fix", "--diff", str(damaged))
    assert r.returncode == 1  # a diff to show, as `ruff format --diff` says it
    assert damaged.read_bytes() == before
    assert "+# LLM/MLLM论文讨论内容整理" in r.stdout.decode()

    out = tmp_path / "out"
    r = run("fix", "-o", str(out), str(damaged))
    assert r.returncode == 0
    assert damaged.read_bytes() == before
    assert "论文讨论" in (out / damaged.name).read_text(encoding="utf-8")

    r = run("fix", str(damaged), str(clean))
    assert r.returncode == 0
    assert "论文讨论" in damaged.read_text(encoding="utf-8")
    assert clean.read_bytes() == (DATA / "efficient-llms-survey.pt.md").read_bytes()
    assert run("fix", "--check", str(damaged), str(clean)).returncode == 0
    assert not list(tmp_path.glob(".*.tmp"))


def test_non_utf8_and_binary_input_are_refused(tmp_path: Path):
    latin = tmp_path / "latin1.md"
    latin.write_bytes("linha um\nação\n".encode("latin-1"))
    r = run("fix", str(latin))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and f"{latin}:2: not valid UTF-8" in err
    assert "Traceback" not in err
    assert latin.read_bytes() == "linha um\nação\n".encode("latin-1")

    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = run("fix", str(binary))
    assert r.returncode == 2 and "binary file" in r.stderr.decode()

    r = run("fix", str(tmp_path / "missing.md"))
    assert r.returncode == 2 and "no such file" in r.stderr.decode()


def test_glossary_option(tmp_path: Path):
    glossary = tmp_path / "terms.txt"
    glossary.write_text("# the project's terms\n访存\n", encoding="utf-8")
    damaged = (DATA / "paper-reading.zh.md").read_bytes()
    plain = run("fix", "-", stdin=damaged, cwd=tmp_path)
    taught = run("fix", "--glossary", str(glossary), "-", stdin=damaged, cwd=tmp_path)
    assert plain.returncode == taught.returncode == 0
    assert "访变开销" in plain.stdout.decode() and "访存开销" in taught.stdout.decode()


def test_options_that_look_never_write(tmp_path: Path):
    damaged = tmp_path / "paper-reading.zh.md"
    shutil.copy(DATA / "paper-reading.zh.md", damaged)
    before = damaged.read_bytes()
    for opts in (["--explain"], ["--review"], ["--explain", "--review"]):
        r = run("fix", *opts, str(damaged))
        assert r.returncode == 0 and damaged.read_bytes() == before
    assert run("fix", "--diff", str(DATA / "efficient-llms-survey.pt.md")).returncode == 0  # no diff: 0
    r = run("fix", "--explain", "--write", str(damaged))
    assert r.returncode == 0 and "论文讨论" in damaged.read_text(encoding="utf-8")
    assert "->" in r.stderr.decode()


def test_output_directory_refusals(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "x.md").write_text("Ã©tÃ©\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run("fix", "-o", str(out), str(tmp_path / "a/x.md"), str(tmp_path / "b/x.md"))
    assert r.returncode == 2 and "would both be written to" in r.stderr.decode()
    assert not out.exists()
    r = run("fix", "-o", str(out), "-", stdin=b"x\n")
    assert r.returncode == 2 and "standard input" in r.stderr.decode()


def test_version():
    from transnorm import __version__

    r = run("--version")
    assert r.returncode == 0 and r.stdout.decode().strip() == f"transnorm {__version__}"
