"""Language detection on the hand-checked label set of the bundled files,
and on a held-out set written by hand (not taken from the bundled files)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transnorm.langid import detect

DATA = Path(__file__).resolve().parent / "data"


def _rows(name):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        *_, label, text = line.split("\t")
        yield label, text


@pytest.mark.parametrize("name", ["langid_labels.tsv", "langid_heldout.tsv"])
def test_accuracy(name):
    rows = list(_rows(name))
    wrong = [(lab, text, detect(text).lang) for lab, text in rows if detect(text).lang != lab]
    short = [(lab, text) for lab, text in rows if len(text) < 40]
    short_wrong = [w for w in wrong if len(w[1]) < 40]
    assert len(rows) > 60 and len(short) > 30
    assert 1 - len(wrong) / len(rows) >= 0.99, wrong
    assert 1 - len(short_wrong) / len(short) >= 0.99, short_wrong
    assert {lab for lab, _ in rows} == {"en", "pt", "zh", "und"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("GPTQ: Accurate Quantization for Generative Pre-trained Transformers", "en"),
        ("Poda estruturada", "pt"),
        ("LoRA组合, 多任务学习", "zh"),
        ("Continual Pre-Training的Scaling Laws", "zh"),
        ("NeurIPS, 2023", "und"),
        ("ICML Workshop", "und"),
        ("2024-04-29", "und"),
        ("LLaMA-MoE", "und"),
        ("https://arxiv.org/abs/2305.18403", "und"),
        ("✅", "und"),
        ("ScatterBrain: UNIFICAÇÃO SPAROS E BAIXA ATENÇÃO RANK", "pt"),
        ("Interpolação NTK", "pt"),
    ],
)
def test_short_technical_fields(text, lang):
    assert detect(text).lang == lang


def test_deterministic_across_processes():
    fields = [text for _lab, text in _rows("langid_labels.tsv")][:200]
    stdin = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in fields).encode()
    runs = [
        subprocess.run([sys.executable, "-m", "transnorm", "detect"], input=stdin, capture_output=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
    out = [json.loads(line) for line in runs[0].decode().splitlines()]
    assert [o["lang"] for o in out] == [detect(f).lang for f in fields]
    assert all(0.0 <= o["confidence"] <= 1.0 for o in out)


def test_detect_rejects_non_json_with_line():
    r = subprocess.run([sys.executable, "-m", "transnorm", "detect"], input=b'"ok"\nnope\n', capture_output=True)
    assert r.returncode == 2
    assert r.stderr.decode().startswith("error: <stdin>:2: not a JSON string")
