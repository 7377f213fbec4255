"""Catalogs and sync on the bundled data: what a maintainer and a translator do."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import needs_gettext

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


@needs_gettext
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_msgfmt_accepts_every_catalog(path):
    r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@needs_gettext
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
    # a reference comment the sources give, lost: sync would restore it
    po_path.write_text(po_path.read_text(encoding="utf-8").replace("#. https://arxiv.org/abs/1704.08863\n", "", 1), encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync", "--check"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and "would change: locales/pt/LC_MESSAGES/papers.po" in r.stderr
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync", "--diff"], cwd=root, capture_output=True, text=True)
    assert r.returncode == 1 and "+#. https://arxiv.org/abs/1704.08863" in r.stdout
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == snapshot


def test_status_json():
    r = subprocess.run([sys.executable, "-m", "transnorm", "status", "--format", "json"], cwd=ROOT, capture_output=True, check=True)
    out = json.loads(r.stdout)
    report = out["catalogs"]
    assert set(report) == {"zh", "en", "pt"}
    blog = next(c for c in out["copies"] if c["copy"].endswith("zh-blog.md"))
    assert (blog["entries"], blog["aligned"], blog["extra"]) == (48, 48, 0)
    pt = report["pt"]
    assert set(pt) == {"title", "description", "type", "section", "block", "all"}
    assert pt["title"]["translated"] > 200
    total = sum(pt["all"][k] for k in ("translated", "fuzzy", "untranslated"))
    assert total == sum(sum(pt[f][k] for k in ("translated", "fuzzy", "untranslated")) for f in ("title", "description", "type", "section", "block"))


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


# What translators' tools do to a catalog, and what sync then does.

PT = "locales/pt/LC_MESSAGES/papers.po"


def _tn(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "transnorm", *args], cwd=root, capture_output=True, text=True)


@needs_gettext
def test_a_catalog_rewrapped_by_gettext_is_kept_as_it_is(project):
    """Poedit, Weblate and msgmerge wrap at 79 columns; after such a save a
    sync writes nothing and check does not call the catalog out of date."""
    po_path = project / PT
    subprocess.run(["msgcat", "-o", str(po_path), str(po_path)], check=True)
    wrapped = po_path.read_bytes()
    assert wrapped.count(b"\n") > (ROOT / PT).read_bytes().count(b"\n") + 500
    r = _tn(project, "sync")
    assert r.returncode == 0 and po_path.read_bytes() == wrapped, r.stderr
    r = _tn(project, "check")
    assert "TN110" not in r.stdout, r.stdout
    # and back: unwrapped by msgcat --no-wrap, still nothing to do
    subprocess.run(["msgcat", "--no-wrap", "-o", str(po_path), str(po_path)], check=True)
    assert po_path.read_bytes() == (ROOT / PT).read_bytes()
    assert "0 of 14 files would change" in _tn(project, "sync", "--check").stderr


def test_catalog_wrap_forces_one_layout(project):
    cfg = project / "transnorm.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('domain = "papers"', 'domain = "papers"\ncatalog_wrap = "wrap"'), encoding="utf-8")
    _sync(project)
    text = (project / PT).read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines() if not line.startswith("#")) <= 79
    from transnorm import pofile

    assert pofile.wrapped(text) is True
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('catalog_wrap = "wrap"', 'catalog_wrap = "sometimes"'), encoding="utf-8")
    r = _tn(project, "sync")
    assert r.returncode == 2 and "catalog_wrap is keep, wrap or no-wrap" in r.stderr


def _messages():
    from transnorm.catalogs import Message

    return [
        Message("k1|type", "大模型剪枝", "zh"),
        Message("k1|title", "LLM-Pruner: On the Structural Pruning of Large Language Models", "en"),
    ]


def _catalog(text: str):
    from transnorm import catalogs

    return catalogs.parse('msgid ""\nmsgstr ""\n"Language: zh\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + text, Path("zh.po"))


def test_an_edit_of_an_entry_in_its_own_language_stands():
    from transnorm import catalogs

    old = _catalog('msgctxt "k1|type"\nmsgid "大模型剪枝"\nmsgstr "大语言模型剪枝"\n')
    po = catalogs.update(old, _messages(), "zh")
    e = next(e for e in po if e.msgctxt == "k1|type")
    assert e.msgstr == "大语言模型剪枝" and "fuzzy" not in e.flags
    # the source changes under the edit: it stays, fuzzy, with the old msgid
    msgs = _messages()
    msgs[0].msgid = "模型剪枝"
    e = next(e for e in catalogs.update(po, msgs, "zh") if e.msgctxt == "k1|type")
    assert e.msgstr == "大语言模型剪枝" and "fuzzy" in e.flags and e.previous_msgid == "大模型剪枝"
    # an entry that followed its source keeps following it
    old = _catalog('msgctxt "k1|type"\nmsgid "大模型剪枝"\nmsgstr "大模型剪枝"\n')
    e = next(e for e in catalogs.update(old, msgs, "zh") if e.msgctxt == "k1|type")
    assert e.msgstr == "模型剪枝" and "fuzzy" not in e.flags


def test_plural_and_unknown_entries_become_obsolete_never_lost(tmp_path):
    from transnorm import catalogs

    old = _catalog(
        '# a translator\'s own entry\nmsgid "one paper"\nmsgid_plural "%d papers"\nmsgstr[0] "%d 篇论文"\n\n'
        'msgid "a message no record has"\nmsgstr "没有记录的消息"\n\n'
        'msgid "never translated"\nmsgstr ""\n'
    )
    po = catalogs.update(old, _messages(), "zh")
    dead = {e.msgid: e for e in po if e.obsolete}
    assert dead["one paper"].msgstr_plural == {0: "%d 篇论文"} and dead["one paper"].msgid_plural == "%d papers"
    assert dead["one paper"].tcomment == "a translator's own entry"
    assert dead["a message no record has"].msgstr == "没有记录的消息"
    assert "never translated" not in dead
    text = catalogs.dumps(po)
    assert '#~ msgid_plural "%d papers"\n#~ msgstr[0] "%d 篇论文"' in text
    if shutil.which("msgfmt"):
        (tmp_path / "zh.po").write_text(text, encoding="utf-8")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / "zh.po")], check=True, capture_output=True)


def test_the_translators_header_stands(project):
    po_path = project / PT
    text = po_path.read_text(encoding="utf-8")
    head, rest = text.split("\n\n", 1)
    rows = head.split("\n")
    # Poedit's order, its generator, a comment of the team
    start = rows.index('msgstr ""') + 1
    poedit = "\n".join(["# Equipe de tradução", "#"] + rows[1:start] + sorted(rows[start:]))
    poedit = poedit.replace("X-Generator: transnorm 0.1.0", "X-Generator: Poedit 3.4")
    po_path.write_text(poedit + "\n\n" + rest, encoding="utf-8")
    _sync(project)
    assert po_path.read_text(encoding="utf-8").split("\n\n", 1)[0] == poedit


def test_a_catalog_in_another_charset_is_refused_with_the_fix(project):
    po_path = project / PT
    po_path.write_text(po_path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    r = _tn(project, "sync")
    assert r.returncode == 2 and "msgconv -t UTF-8" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    po_path.write_bytes(po_path.read_bytes().replace("ção".encode(), "ção".encode("latin-1")))
    r = _tn(project, "sync")
    assert r.returncode == 2 and "msgconv -t UTF-8" in r.stderr and PT in r.stderr


def test_a_copy_of_the_english_counts_as_untranslated_and_keeps_the_fallback():
    from transnorm import catalogs
    from transnorm.render import Translations

    msgs = _messages()
    title = msgs[1].msgid
    po = _catalog(f'msgctxt "k1|title"\nmsgid "{title}"\nmsgstr "{title}"\n')
    assert catalogs.stats(po, locale="zh").translated == 0 and catalogs.stats(po, locale="zh").untranslated == 1
    assert Translations(po, "zh", msgs).field("k1|title", title) == title + " <sup>EN</sup>"
    meant = _catalog(f'# transnorm: same as source\nmsgctxt "k1|title"\nmsgid "{title}"\nmsgstr "{title}"\n')
    assert catalogs.stats(meant, locale="zh").translated == 1
    assert Translations(meant, "zh", msgs).field("k1|title", title) == title


def test_reading_and_writing_catalogs_does_not_load_the_repair_engine():
    """The repair API is imported on first use: a script that only reads
    and writes catalogs does not pay for the models."""
    code = (
        "import sys; from transnorm import catalogs; print('transnorm.repair' in sys.modules);"
        "from transnorm import fix_text; fix_text('x'); print('transnorm.repair' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
