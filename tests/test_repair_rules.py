"""The repair's context rules: each registered once, each with cases of its
own that fail when it is switched off (tests/data/rule_cases.json: lines
damaged by a process after enough damaged lines to prove its codec)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import corpus
from transnorm import fix_and_explain, fix_text
from transnorm.repair import RULES, RepairConfig

CASES = json.loads((Path(__file__).parent / "data" / "rule_cases.json").read_text(encoding="utf-8"))


def _pass(process: str) -> str:
    return "gbk" if process == "gb18030" else "single-byte"


def _document(process: str, lines: list[str]) -> str:
    p = next(p for p in corpus.PROCESSES if p.name == process)
    if process == "gb18030":
        body = "\n".join(f"- 第{i}篇：大语言模型的高效推理与训练方法" for i in range(12))
        return p.damage(body) + "\n" + "\n".join(p.damage(line) for line in lines)
    body = "\n".join(f"- 第{i}篇：大语言模型的高效推理与训练方法，在实际部署中能够显著降低成本" for i in range(10))
    return p.damage(body + "\n" + "\n".join(lines))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['rule']}-{_pass(c['process'])}")
def test_a_rules_cases_need_it(case):
    lines, damaged = case["lines"], _document(case["process"], case["lines"])
    assert fix_text(damaged).split("\n")[-len(lines) :] == lines
    off = fix_text(damaged, config=RepairConfig(disabled={case["rule"]})).split("\n")[-len(lines) :]
    assert off != lines, f"{case['rule']} decides none of its cases"
    # and the repairs it decided say so
    _fixed, repairs = fix_and_explain(damaged)
    assert any(case["rule"] in r.rules for r in repairs)


def test_every_rule_has_cases_in_every_pass_it_serves():
    served = {(c["rule"], _pass(c["process"])) for c in CASES}
    missing = [(r.name, p) for r in RULES.values() for p in r.passes if (r.name, p) not in served]
    assert missing == []


def test_rules_are_registered_once_with_a_title_and_a_cost():
    from transnorm.repair.rules import PASSES, rule

    for r in RULES.values():
        assert r.cost > 0 and r.title and set(r.passes) <= set(PASSES)
    with pytest.raises(ValueError, match="registered twice"):
        rule("negation", 1.0)(lambda line, cost: None)


def test_unknown_rule_names_are_refused():
    with pytest.raises(ValueError, match="no repair rule is named 'negatoin'"):
        RepairConfig(disabled={"negatoin"})


def test_the_rules_command_lists_every_rule():
    out = subprocess.run([sys.executable, "-m", "transnorm", "rules"], capture_output=True, text=True, check=True).stdout
    assert [line.split()[0] for line in out.splitlines()] == list(RULES)


def test_a_project_switches_a_rule_off(tmp_path):
    from transnorm.config import load_config
    from transnorm.errors import TransnormError

    toml = tmp_path / "transnorm.toml"
    toml.write_text('[[canonical]]\npath = "a.md"\nlang = "en"\n\n[fix]\ndisable = ["negation"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    assert load_config(toml).repair().disabled == {"negation"}
    toml.write_text('[[canonical]]\npath = "a.md"\nlang = "en"\n\n[fix]\ndisable = ["negatoin"]\n', encoding="utf-8")
    with pytest.raises(TransnormError, match="did you mean negation"):
        load_config(toml)


def test_fix_switches_a_rule_off_and_explains_the_rules_that_decided():
    case = next(c for c in CASES if c["rule"] == "negation")
    damaged = _document(case["process"], case["lines"]).encode("utf-8")

    def fix(*args):
        return subprocess.run([sys.executable, "-m", "transnorm", "fix", "--no-config", *args, "-"], input=damaged, capture_output=True)

    on, off = fix(), fix("--disable", "negation")
    assert on.returncode == off.returncode == 0
    assert on.stdout.decode().split("\n")[-len(case["lines"]) :] == case["lines"]
    assert off.stdout != on.stdout
    explained = fix("--explain").stderr.decode()
    assert "rules: " in explained and "negation" in explained
