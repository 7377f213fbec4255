"""Alignment of the link-less copies, against hand-verified mappings."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transnorm.align import align
from transnorm.records import same_title
from transnorm.config import Source
from transnorm.sources import load_document

ROOT = Path(__file__).resolve().parent.parent
VERIFIED = Path(__file__).resolve().parent / "data" / "align_verified.tsv"
COPIES = ["efficient-llms-survey.pt.md", "efficient-llms-survey.zh-blog.md"]


@pytest.fixture(scope="module")
def canon():
    return load_document(Source(ROOT / "data" / "efficient-llms-survey.en.md", "en")).entries


@pytest.fixture(scope="module")
def truth():
    """(copy, line, nth entry on the line) -> canonical line, or None."""
    out = {}
    for row in VERIFIED.read_text(encoding="utf-8").splitlines():
        if row.startswith("#"):
            continue
        f, line, nth, cline, *_ = row.split("\t")
        out[(f, int(line), int(nth))] = None if cline == "-" else int(cline)
    return out


def _score(copy_name, canon, truth, kept):
    copy = load_document(Source(ROOT / "data" / copy_name, "pt" if ".pt." in copy_name else "zh")).entries
    kept_lines = {e.line for e in kept}
    right = wrong = missed = given = 0
    nth: dict[int, int] = {}
    for e, m in zip(copy, align(copy, kept)):
        k = nth[e.line] = nth.get(e.line, -1) + 1
        want = truth[(copy_name, e.line, k)]
        want = want if want in kept_lines else None
        got = kept[m.target].line if m.target is not None else None
        given += got is not None
        if got is not None and got == want:
            right += 1
        elif got is not None:
            wrong += 1
        elif want is not None:
            missed += 1
    return right, wrong, missed, given


@pytest.mark.parametrize("copy_name", COPIES)
def test_verified_mappings(copy_name, canon, truth):
    right, wrong, missed, given = _score(copy_name, canon, truth, canon)
    assert given > 40
    assert right / given >= 0.99  # of the mappings given, right
    assert right / (right + missed + wrong) >= 0.97  # of entries with a counterpart, found


@pytest.mark.parametrize("copy_name", COPIES)
def test_entries_without_counterpart_map_to_null(copy_name, canon, truth):
    # An older canonical list: every tenth entry removed.  Their copies must
    # map to nothing, never to a neighbour.
    # The list's entries, without the survey's own link in its opening quote
    # (the copies have no counterpart to it).
    assert canon[0].line == 3 and canon[0].arxiv == "2312.03863"
    kept = [e for k, e in enumerate(canon[1:]) if k % 10 != 3]
    right, wrong, missed, given = _score(copy_name, canon, truth, kept)
    assert wrong == 0
    assert right / (right + missed) >= 0.97


def test_cli_jsonl_in_document_order():
    r = subprocess.run(
        [sys.executable, "-m", "transnorm", "align", "data/efficient-llms-survey.pt.md", "--lang", "pt", "--format", "jsonl"],
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert len(rows) == 415
    assert [r["line"] for r in rows] == sorted(r["line"] for r in rows)
    assert set(rows[0]) == {"line", "text", "arxiv", "key", "score"}
    gptq = next(r for r in rows if r["text"].startswith("GPTQ"))
    assert gptq["key"].startswith("url:openreview.net/forum")
    assert rows[0]["arxiv"] == "2405.17849" and 0.0 <= rows[0]["score"] <= 1.0


def test_records_file_is_current_and_sorted():
    r = subprocess.run([sys.executable, "-m", "transnorm", "records", "--check"], capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    rows = [json.loads(line) for line in (ROOT / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    keys = [row["key"] for row in rows]
    assert keys == sorted(keys) and len(keys) == len(set(keys)) == 470
    cpack = next(row for row in rows if row["key"] == "2309.07597")
    assert set(cpack["descriptions"]) == {"en", "zh"}
    lorahub = next(row for row in rows if row["key"] == "2307.13269")
    assert lorahub["types"] == {"zh": "LoRA组合, 多任务学习"}


def test_names_of_one_paper_are_no_conflict():
    assert same_title("MuZero", "MuZero: Mastering Atari, Go, Chess and Shogi")
    assert same_title("Guo et al.", "DeepSeek-R1")
    assert same_title("o1", "OpenAI-o1")
    assert same_title("ReST", "Reinforced Self-Training (ReST)")
    assert not same_title("ReaRAG", "CoRAG")  # one arXiv ID for two methods: a list's error
    assert not same_title("Attention Is All You Need", "Language Models are Few-Shot Learners")
