"""Catalogs and sync on the bundled data: what a maintainer and a translator do."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from transnorm.config import load_config
from transnorm.sync import compute, write_all

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "locales").rglob("*.po")) + [ROOT / "locales" / "papers.pot"]


def _sync(root: Path):
    cfg = load_config(root / "transnorm.toml")
    result = compute(cfg)
    write_all(result.outputs, result.changed)
    return cfg, result


def _entry(po_path: Path, ctx: str, obsolete: bool = False) -> polib.POEntry | None:
    po = polib.pofile(str(po_path), wrapwidth=0)
    for e in po:
        if e.msgctxt == ctx and e.obsolete == obsolete:
            return e
    return None


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_accepts_every_catalog(path):
    r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgcat_round_trip_is_byte_identical(path):
    r = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, check=True)
    assert r.stdout == path.read_bytes()


def test_committed_state_is_in_sync():
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "0 of 14 files would change" in r.stderr


def test_headers_and_structure():
    pt = polib.pofile(str(ROOT / "locales/pt/LC_MESSAGES/papers.po"), wrapwidth=0)
    assert pt.metadata["Language"] == "pt"
    assert pt.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert pt.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert pt.metadata["X-Generator"].startswith("transnorm")
    gptq = next(e for e in pt if e.msgid.startswith("GPTQ: Accurate Quantization"))
    assert gptq.msgctxt.endswith("|title") and gptq.msgstr.startswith("GPTQ: quantização precisa")
    assert ("data/efficient-llms-survey.en.md", "105") in gptq.occurrences or gptq.occurrences
    assert "transnorm: imported from data/efficient-llms-survey.pt.md:105" in gptq.tcomment
    assert gptq.comment.startswith("https://openreview.net/")
    # an English title left untranslated in the copy is not imported
    edge = next(e for e in pt if e.msgid.startswith("EdgeMoE:"))
    assert edge.msgstr == ""
    # a Chinese-only description: kept in zh, untranslated in en and pt
    zh = polib.pofile(str(ROOT / "locales/zh/LC_MESSAGES/papers.po"), wrapwidth=0)
    en = polib.pofile(str(ROOT / "locales/en/LC_MESSAGES/papers.po"), wrapwidth=0)
    ctx = "2207.07061|description"
    assert next(e for e in zh if e.msgctxt == ctx).msgstr.startswith("近年来")
    assert next(e for e in en if e.msgctxt == ctx).msgstr == ""
    assert next(e for e in pt if e.msgctxt == ctx).msgstr == ""


def test_sync_is_idempotent(project):
    root = project
    shutil.rmtree(root / "locales")
    shutil.rmtree(root / "rendered")
    _sync(root)
    first = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    _cfg, result = _sync(root)
    assert result.changed == []
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == first


def test_translator_edit_survives_and_is_rendered(project):
    root = project
    po_path = root / "locales/pt/LC_MESSAGES/papers.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    e = next(e for e in po if e.msgid.startswith("GPTQ: Accurate Quantization"))
    e.msgstr = "GPTQ: quantização exata para transformadores (revisado)"
    po.save(str(po_path))  # as a text editor or Poedit would, in its own layout
    _sync(root)
    assert _entry(po_path, e.msgctxt).msgstr == "GPTQ: quantização exata para transformadores (revisado)"
    doc = (root / "rendered/pt/efficient-llms-survey.md").read_text(encoding="utf-8")
    line = next(ln for ln in doc.splitlines() if "(revisado)" in ln)
    assert "[[Paper](https://openreview.net/forum?id=tcbBPnfwxS)] [[Code](https://github.com/IST-DASLab/gptq)]" in line
    _cfg, result = _sync(root)
    assert result.changed == []


def test_changed_english_title_makes_exactly_that_entry_fuzzy(project):
    root = project
    src = root / "data/efficient-llms-survey.en.md"
    old = "GPTQ: Accurate Quantization for Generative Pre-trained Transformers"
    new = "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers"
    src.write_text(src.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    before = polib.pofile(str(root / "locales/pt/LC_MESSAGES/papers.po"), wrapwidth=0)
    before_fuzzy = {e.msgctxt for e in before if "fuzzy" in e.flags}
    _sync(root)
    after = polib.pofile(str(root / "locales/pt/LC_MESSAGES/papers.po"), wrapwidth=0)
    newly = {e.msgctxt for e in after if "fuzzy" in e.flags} - before_fuzzy
    assert len(newly) == 1
    e = next(e for e in after if e.msgctxt in newly)
    assert e.msgid == new and e.previous_msgid == old and e.msgstr.startswith("GPTQ: quantização precisa")
    en = _entry(root / "locales/en/LC_MESSAGES/papers.po", e.msgctxt)
    assert en.msgstr == new and "fuzzy" not in en.flags  # English follows its source


def test_removed_record_becomes_obsolete_and_comes_back(project):
    root = project
    src = root / "data/efficient-llms-survey.en.md"
    text = src.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("- GPTQ: Accurate Quantization"))
    src.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    pt = root / "locales/pt/LC_MESSAGES/papers.po"
    ctx = _entry(pt, next(e.msgctxt for e in polib.pofile(str(pt)) if e.msgid.startswith("GPTQ: Accurate")))
    ctx = ctx.msgctxt
    _sync(root)
    assert _entry(pt, ctx) is None
    gone = _entry(pt, ctx, obsolete=True)
    assert gone is not None and gone.msgstr.startswith("GPTQ: quantização precisa")
    assert "#~ msgctxt" in pt.read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    _sync(root)
    back = _entry(pt, ctx)
    assert back is not None and back.msgstr.startswith("GPTQ: quantização precisa")
    assert _entry(pt, ctx, obsolete=True) is None


def test_check_and_diff_write_nothing(project):
    root = project
    po_path = root / "locales/pt/LC_MESSAGES/papers.po"
    po_path.write_text(po_path.read_text(encoding="utf-8").replace("X-Generator: transnorm", "X-Generator: someone"), encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync", "--check"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and "would change: locales/pt/LC_MESSAGES/papers.po" in r.stderr
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync", "--diff"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and '+"X-Generator: transnorm' in r.stdout
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == snapshot


def test_status_json():
    r = subprocess.run([sys.executable, "-m", "transnorm", "status", "--format", "json"], cwd=ROOT, capture_output=True, check=True)
    out = json.loads(r.stdout)
    report = out["catalogs"]
    assert set(report) == {"zh", "en", "pt"}
    blog = next(c for c in out["copies"] if c["copy"].endswith("zh-blog.md"))
    assert (blog["entries"], blog["aligned"], blog["extra"]) == (48, 48, 0)
    pt = report["pt"]
    assert set(pt) == {"title", "description", "type", "section", "all"}
    assert pt["title"]["translated"] > 200
    total = sum(pt["all"][k] for k in ("translated", "fuzzy", "untranslated"))
    assert total == sum(sum(pt[f][k] for k in ("translated", "fuzzy", "untranslated")) for f in ("title", "description", "type", "section"))


def test_syntax_error_in_a_catalog_is_one_line(project):
    root = project
    po_path = root / "locales/pt/LC_MESSAGES/papers.po"
    text = po_path.read_text(encoding="utf-8").split("\n")
    text[30] = 'msgstr "unterminated'
    po_path.write_text("\n".join(text), encoding="utf-8")
    before = po_path.read_bytes()
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.startswith(f"error: {po_path}") and "Traceback" not in r.stderr
    assert po_path.read_bytes() == before
