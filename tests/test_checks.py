"""`transnorm check`: one fault injected per rule into a copy of the bundled
project; exactly that rule fires, at the injected file and line."""

import json
import subprocess
import sys
from pathlib import Path

import polib

from transnorm import catalogs, checks
from transnorm.config import load_config
from transnorm.sync import compute, write_all

ROOT = Path(__file__).resolve().parent.parent
PT = "locales/pt/LC_MESSAGES/papers.po"
EN_SRC = "data/efficient-llms-survey.en.md"



def _sync(root):
    cfg = load_config(root / "transnorm.toml")
    r = compute(cfg)
    write_all(r.outputs, r.changed)


def _findings(root):
    cfg = load_config(root / "transnorm.toml")
    return checks.select(checks.run(cfg), None, None, cfg.severities, checks.load_baseline(cfg.baseline))


def _edit_po(root, pick, change, path=PT):
    """Change one entry of a catalog, written in transnorm's own layout."""
    po = catalogs.load(root / path)
    e = next(e for e in po if not e.obsolete and pick(e))
    change(e)
    (root / path).write_text(catalogs.dumps(po), encoding="utf-8")
    return e.msgctxt


def _line_of(root, ctx, path=PT):
    """The line of the entry's msgstr, where findings about it point (the
    line GitHub annotates), read independently of transnorm's reader."""
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{ctx}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


def _only(findings, rule, path, line):
    assert [(f.rule, f.path, f.line) for f in findings] == [(rule, path, line)], [f.text() for f in findings]


def test_bundled_state_is_clean():
    r = subprocess.run([sys.executable, "-m", "transnorm", "check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == "" and "0 findings" in r.stderr


def test_tn101_mojibake_in_a_catalog_entry(project):
    ctx = _edit_po(
        project,
        lambda e: "fuzzy" in e.flags and "|title" in e.msgctxt and "ção" in e.msgstr,
        lambda e: setattr(e, "msgstr", e.msgstr.encode("utf-8").decode("cp1252", "replace")),
    )
    _only(_findings(project), "TN101", PT, _line_of(project, ctx))


def test_tn102_msgstr_in_the_wrong_language(project):
    ctx = _edit_po(
        project,
        lambda e: e.msgctxt.endswith("|title") and e.msgstr and "fuzzy" not in e.flags and not any(c.isdigit() for c in e.msgid),
        lambda e: setattr(e, "msgstr", "An English sentence where Portuguese belongs"),
    )
    _sync(project)
    _only(_findings(project), "TN102", PT, _line_of(project, ctx))


def test_tn103_record_missing_from_a_catalog(project):
    po = catalogs.load(project / PT)
    gone = next(e for e in po if e.msgctxt.endswith("|title") and not e.msgstr)
    po.remove(gone)
    (project / PT).write_text(catalogs.dumps(po), encoding="utf-8")
    src, line = gone.occurrences[0]
    _only(_findings(project), "TN103", src, int(line))


def test_tn104_entry_without_record(project):
    po = catalogs.load(project / PT)
    po.append(polib.POEntry(msgctxt="9999.99999|title", msgid="A paper nobody lists", msgstr="Um artigo"))
    po.sort(key=catalogs._order)
    (project / PT).write_text(catalogs.dumps(po), encoding="utf-8")
    _only(_findings(project), "TN104", PT, _line_of(project, "9999.99999|title"))


def _edit_source(root, startswith, change, path=EN_SRC):
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith(startswith))
    lines[i] = change(lines[i])
    (root / path).write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def test_tn105_one_arxiv_id_for_two_titles(project):
    line = _edit_source(project, "- AWQ: Activation", lambda ln: ln.replace("2306.00978", "2307.13304"))  # QuIP's ID
    _sync(project)
    _only(_findings(project), "TN105", EN_SRC, line)


def test_tn106_malformed_arxiv_link(project):
    line = _edit_source(project, "- QuIP: 2-Bit", lambda ln: ln.replace("2307.13304", "2313.13304"))  # month 13
    _sync(project)
    _only(_findings(project), "TN106", EN_SRC, line)


def test_tn107_copy_links_another_paper(project):
    pt = "data/efficient-llms-survey.pt.md"
    line = _edit_source(
        project,
        "- GPTQ: quantização precisa",
        lambda ln: ln.replace("[Papel]", "[Papel](https://arxiv.org/abs/2305.14314)"),  # QLoRA's ID
        path=pt,
    )
    _sync(project)
    _only(_findings(project), "TN107", pt, line)


def test_tn108_translation_lost_a_number(project):
    ctx = _edit_po(
        project,
        lambda e: e.msgid.startswith("LLM.int8(): 8-bit") and e.msgstr,
        lambda e: setattr(e, "msgstr", e.msgstr.replace("8 bits", "bits")),
    )
    _sync(project)
    _only(_findings(project), "TN108", PT, _line_of(project, ctx))


def test_tn109_plural_forms_wrong_for_the_language(project):
    text = (project / PT).read_text(encoding="utf-8").replace("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n%10==1 ? 0 : n ? 1 : 2);")
    (project / PT).write_text(text, encoding="utf-8")
    line = text.split("\n").index('"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n ? 1 : 2);\\n"') + 1
    _only(_findings(project), "TN109", PT, line)
    # sync agrees: it stops on the same header instead of stamping it current
    r = subprocess.run([sys.executable, "-m", "transnorm", "sync"], cwd=project, capture_output=True, text=True)
    assert r.returncode == 2 and f"{PT}:{line}: the header's Plural-Forms has nplurals=3" in r.stderr
    assert (project / PT).read_text(encoding="utf-8") == text


def test_tn109_plural_entry_forms_and_tn114_copies_of_the_source(project):
    text = (project / PT).read_text(encoding="utf-8")
    text += '\nmsgid "one paper"\nmsgid_plural "%d papers"\nmsgstr[0] "um artigo"\n'
    first = next(e for e in polib.pofile(text) if e.msgctxt and e.msgctxt.endswith("|title") and e.msgstr and "fuzzy" not in e.flags)
    text = text.replace(f'msgid "{first.msgid}"\nmsgstr "{first.msgstr}"', f'msgid "{first.msgid}"\nmsgstr "{first.msgid}"', 1)
    (project / PT).write_text(text, encoding="utf-8")
    lines = text.split("\n")
    findings = _findings(project)
    got = {(f.rule, f.line) for f in findings}
    assert ("TN109", lines.index('msgstr[0] "um artigo"') + 1) in got
    assert ("TN104", lines.index('msgstr[0] "um artigo"') + 1) in got
    assert ("TN114", _line_of(project, first.msgctxt)) in got
    assert not any("None" in f.message for f in findings)
    # meant as it is: a translator comment says so
    text = text.replace(f'msgctxt "{first.msgctxt}"', f'# transnorm: same as source\nmsgctxt "{first.msgctxt}"', 1)
    (project / PT).write_text(text, encoding="utf-8")
    assert "TN114" not in {f.rule for f in _findings(project)}


def test_tn110_rendered_document_out_of_date(project):
    path = project / "rendered/pt/efficient-llms-survey.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Quantização somente de peso", "Só peso", 1), encoding="utf-8")
    _only(_findings(project), "TN110", "rendered/pt/efficient-llms-survey.md", 1)


def test_formats_select_ignore_and_severity(project):
    _edit_source(project, "- QuIP: 2-Bit", lambda ln: ln.replace("2307.13304", "2313.13304"))
    _sync(project)
    run = lambda *a: subprocess.run([sys.executable, "-m", "transnorm", "check", *a], cwd=project, capture_output=True, text=True)  # noqa: E731
    r = run("--format", "json")
    assert r.returncode == 1
    assert [f["rule"] for f in json.loads(r.stdout)] == ["TN106"]
    r = run("--format", "github")
    assert r.stdout.startswith("::error file=data/efficient-llms-survey.en.md,line=") and "title=TN106::" in r.stdout
    assert run("--ignore", "TN106").returncode == 0
    assert run("--select", "TN101,TN102").returncode == 0
    assert run("--select", "TN999").returncode == 2
    cfg = project / "transnorm.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + 'TN106 = "warning"\n', encoding="utf-8")
    r = run()
    assert r.returncode == 0 and ": warning TN106 " in r.stdout


def test_markup_rules_know_cjk():
    assert checks.markup_problems("Scaling to 1,000 layers", "扩展到１０００层。") == []
    assert checks.markup_problems("**GPTQ**: 4-bit `int4`", "**GPTQ**：4位`int4`") == []
    assert checks.markup_problems("see [paper](https://x.org/a)", "见[论文](https://x.org/b)") == ["link targets differ (lost ['https://x.org/a']; added ['https://x.org/b'])"]
    assert "bold markers" in checks.markup_problems("**A** and B", "A 与 B")[0]
    assert checks.markup_problems(" lead", "lead") == ["leading whitespace differs"]


def test_numbers_compare_by_value_across_scales_and_months():
    assert checks.markup_problems("collects 10 million instructions", "收集了 1000 万条指令") == []
    assert checks.markup_problems("about 200,000 samples", "约20万个样本") == []
    assert checks.markup_problems("a seminar (March 2024)", "研讨会（2024年3月）") == []
    assert checks.markup_problems("trained on 7B tokens", "训练了70亿个词元") == []
    # a different value is still a finding
    assert checks.markup_problems("collects 10 million instructions", "收集了 100 万条指令") != []


def test_units_beside_numbers_are_compared():
    assert checks.markup_problems("improves accuracy by 0.5%", "melhora a precisão em 0.5") == ["units beside numbers differ (lost ['0.5%'])"]
    assert checks.markup_problems("improves accuracy by 0.5%", "准确率提高 0.5％") == []
    assert checks.markup_problems("2x faster with 4-bit weights", "使用 4 位权重，速度提升 2 倍") == []
    assert checks.markup_problems("QuIP: 2-Bit Quantization", "QuIP：2 比特量化") == []
    assert checks.markup_problems("a 3x speedup", "aceleração de 3") == ["units beside numbers differ (lost ['3x'])"]
    # a percent sign in prose is not a printf placeholder
    assert checks.markup_problems("50% fewer parameters", "参数减少 50％") == []
