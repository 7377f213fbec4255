"""`transnorm init`, then `sync`, then `check`, on a new repository as a user
has it: an English README and a Chinese copy that is behind."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PAPERS = [
    ("2401.10001", "Sparse Attention for Long Contexts", "稀疏注意力", "Cuts attention cost on long inputs."),
    ("2401.10002", "Quantized Training at Scale", "大规模量化训练", "Trains in four bits."),
    ("2401.10003", "Speculative Decoding Revisited", "再探投机解码", "Drafts tokens with a small model."),
    ("2401.10004", "Mixture of Experts Routing", "专家混合路由", "Routes tokens to experts."),
    ("2401.10005", "Retrieval for Reasoning", "面向推理的检索", "Retrieves before it reasons."),
]


def run(args, cwd):
    return subprocess.run([sys.executable, "-m", "transnorm", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    en = ["# Awesome Efficient LLMs", "", "## Methods", ""]
    en += [f"- [{t}](https://arxiv.org/abs/{i}): {d}" for i, t, _z, d in PAPERS]
    zh = ["# 高效大模型论文列表", "", "## 方法", ""]
    # the copy was made before the last two papers were added
    zh += [f"- [{t}](https://arxiv.org/abs/{i}): {z}。" for i, t, z, _d in PAPERS[:3]]
    (tmp_path / "README.md").write_text("\n".join(en) + "\n", encoding="utf-8")
    (tmp_path / "README_zh.md").write_text("\n".join(zh) + "\n", encoding="utf-8")
    (tmp_path / "CONTRIBUTING.md").write_text("# Contributing\n\nOpen a pull request.\n", encoding="utf-8")
    return tmp_path


def test_init_sync_check_on_a_new_repository(repo: Path):
    dry = run(["init", "--dry-run"], repo)
    assert dry.returncode == 0, dry.stderr
    assert not (repo / "transnorm.toml").exists()  # --dry-run writes nothing
    assert "[[canonical]]" in dry.stdout and 'path = "README_zh.md"' in dry.stdout
    assert "README_zh.md: zh" in dry.stderr and "lacks 2 canonical entries" in dry.stderr

    init = run(["init"], repo)
    assert init.returncode == 0, init.stderr
    config = (repo / "transnorm.toml").read_text(encoding="utf-8")
    assert 'path = "README.md"\nlang = "en"' in config and 'of = "README.md"' in config
    assert "CONTRIBUTING" not in config  # no paper in it: not a list

    again = run(["init"], repo)
    assert again.returncode == 2 and "--force" in again.stderr  # never overwritten unasked

    sync = run(["sync"], repo)
    assert sync.returncode == 0, sync.stderr
    po = (repo / "locales" / "zh" / "LC_MESSAGES" / "papers.po").read_text(encoding="utf-8")
    assert 'msgctxt "section"\nmsgid "Methods"\nmsgstr "方法"' in po  # the copy's heading, imported
    assert 'msgid "Cuts attention cost on long inputs."\nmsgstr "稀疏注意力。"' in po  # its description
    assert (repo / "rendered" / "zh" / "README.md").is_file()

    check = run(["check"], repo)
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    assert "README.md:8: error TN112 missing from README_zh.md: 'Mixture of Experts Routing' (2401.10004)" in lines
    assert "README.md:9: error TN112 missing from README_zh.md: 'Retrieval for Reasoning' (2401.10005)" in lines
    assert "README_zh.md:1: error TN112 lacks 2 of 5 entries of README.md: the copy is behind" in lines

    status = run(["status", "--format", "json"], repo)
    (copy,) = json.loads(status.stdout)["copies"]
    assert (copy["entries"], copy["aligned"], copy["missing"], copy["extra"]) == (3, 3, 2, 0)


def test_a_source_without_entries_is_an_error(repo: Path):
    assert run(["init"], repo).returncode == 0
    (repo / "README_zh.md").write_text("# 高效大模型论文列表\n\n即将更新。\n", encoding="utf-8")
    assert run(["sync"], repo).returncode == 0
    check = run(["check"], repo)
    assert check.returncode == 1
    assert "README_zh.md:1: error TN111 no entry found" in check.stdout


def test_a_partial_copy_is_not_reported_behind(repo: Path):
    assert run(["init"], repo).returncode == 0
    cfg = repo / "transnorm.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("# partial = true", "partial = true"), encoding="utf-8")
    assert run(["sync"], repo).returncode == 0
    check = run(["check"], repo)
    assert check.returncode == 0, check.stdout
    assert "TN112" not in check.stdout


def test_init_finds_lists_by_their_names(tmp_path: Path):
    from transnorm.init import _list_key

    assert _list_key(Path("README.md")) == ("README{lang}.md", None)
    assert _list_key(Path("README_zh.md")) == ("README{lang}.md", "zh")
    assert _list_key(Path("README.zh-CN.md")) == ("README{lang}.md", "zh")
    assert _list_key(Path("README-pt-BR.md")) == ("README{lang}.md", "pt")
    assert _list_key(Path("papers.en.md")) == ("papers{lang}.md", "en")
    assert _list_key(Path("docs/zh/papers.mdx")) == ("docs/{lang}/papers{lang}.mdx", "zh")
    assert _list_key(Path("data/efficient-llms-survey.zh-blog.md")) == ("data/efficient-llms-survey{lang}.md", "zh")


def test_without_an_english_file_the_longest_list_is_canonical(tmp_path: Path):
    zh = ["# 论文", ""] + [f"- [{z}](https://arxiv.org/abs/{i})：{z}的简介。" for i, _t, z, _d in PAPERS]
    pt = ["# Artigos", ""] + [f"- [Artigo {k}](https://arxiv.org/abs/{i}): uma descrição do artigo." for k, (i, *_r) in enumerate(PAPERS[:2])]
    (tmp_path / "README.md").write_text("\n".join(zh) + "\n", encoding="utf-8")
    (tmp_path / "README.pt-BR.md").write_text("\n".join(pt) + "\n", encoding="utf-8")
    init = run(["init"], tmp_path)
    assert init.returncode == 0, init.stderr
    config = (tmp_path / "transnorm.toml").read_text(encoding="utf-8")
    assert '[[canonical]]\npath = "README.md"\nlang = "zh"' in config
    assert '[[copy]]\npath = "README.pt-BR.md"\nlang = "pt"' in config
    assert run(["sync"], tmp_path).returncode == 0
    assert "TN112 lacks 3 of 5 entries" in run(["check"], tmp_path).stdout
