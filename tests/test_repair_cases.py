"""Repair cases as data, in ftfy's style: `tests/data/repair_cases.json`
holds label, original, fixed and expect (`pass`, or `fail` with the reason:
a known failure, run as a strict xfail so that fixing it is noticed).  A case
whose `fixed` equals its `original` is text that must stay as it is."""

import json
from pathlib import Path

import pytest

from transnorm import fix_and_explain

CASES = json.loads((Path(__file__).parent / "data" / "repair_cases.json").read_text(encoding="utf-8"))


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case.get("reason", ""))] if case["expect"] == "fail" else []
    return pytest.param(case, id=case["label"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_repair_case(case):
    fixed, repairs = fix_and_explain(case["original"])
    assert fixed == case["fixed"]
    assert bool(repairs) == (case["original"] != case["fixed"])  # nothing to explain, nothing changed


def test_the_cases_hold_both_kinds():
    stay = [c for c in CASES if c["original"] == c["fixed"]]
    assert len(stay) >= 15 and len(CASES) - len(stay) >= 15
