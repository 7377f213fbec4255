"""The prose of documents in the catalogs: blocks, their keys, imports from
copies, rendering and the gate (prose.py, copies.align_prose)."""

import re
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import needs_gettext
from transnorm import prose
from transnorm.checks import prose_problems
from transnorm.config import load_config
from transnorm.copies import align_prose, translation
from transnorm.sync import compute, write_all

#: one of each kind of block, and what is never one
FIXTURE = r"""---
title: front matter is no message
---
# Reading list

[![CI](https://img.shields.io/badge/ci-passing-green.svg)](https://ci.example.org)

This list is kept by <ins>[Ana](https://github.com/ana)</ins> (ana@example.org); run `make check`
before a pull request, and see https://example.org/guide for details.

Write to <list@example.org> about \_private\_ names &amp; more.

> **Note:** the list covers 2023 and 2024.

![A diagram of the taxonomy](img/taxonomy.png)

## Contents
- [Papers](#papers)
- [How to contribute](#how-to-contribute)

## Papers

- [Attention Is All You Need](https://arxiv.org/abs/1706.03762), NeurIPS 2017
- Papers are sorted by year.

| Title | Venue |
|---|---|
| [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685) | ICLR 2022 |

| Abbreviation | Meaning |
|---|---|
| ICLR | International Conference on Learning Representations |

<details>
<summary>Older papers</summary>
<table><tr><th>Venue</th><th>Year</th></tr></table>
</details>

```
code is no message
```

## How to contribute

Open an issue :sparkles: first.
"""


def _blocks(text=FIXTURE):
    from transnorm.parsers import parse_document

    parsed = parse_document(text, "list.md")
    skip = {e.line for e in parsed.entries if not e.mention}
    return prose.extract(text, "list", skip, {s for e in parsed.entries for s in e.section})


def test_each_kind_of_block_and_nothing_untranslatable():
    got = {(b.msgctxt, b.msgid) for b in _blocks() if b.kind != "toc"}
    assert got == {(re.sub(r"\|Papers\|th \d+$", "|*|th", k), v) for k, v in {
        "block|list|Reading list|p 1": "This list is kept by {1}[Ana]({2}){3} ({4}); run {5} before a pull request, and see {6} for details.",
        "block|list|Reading list|q 1": "**Note:** the list covers 2023 and 2024.",
        "block|list|Reading list|p 2": "Write to {1} about \\_private\\_ names &amp; more.",
        "block|list|Reading list|p 3": "![A diagram of the taxonomy]({1})",
        "block|list|Reading list|h 1": "Contents",
        "block|list|Papers|li 1": "Papers are sorted by year.",
        "block|list|Papers|th 1": "Title",
        "block|list|Papers|th 2": "Venue",
        "block|list|Papers|th 3": "Abbreviation",
        "block|list|Papers|th 4": "Meaning",
        "block|list|Papers|td 1": "ICLR",
        "block|list|Papers|td 2": "International Conference on Learning Representations",
        "block|list|Papers|summary 1": "Older papers",
        "block|list|Papers|th 5": "Year",
        "block|list|Reading list|h 2": "How to contribute",
        "block|list|How to contribute|p 1": "Open an issue {1} first.",
    }.items()}
    # a column's name is one message per document, whatever its table
    # the badge, the code block, front matter and the paper entries are none;
    # the table of contents shows its headings' translations
    assert [b.msgid for b in _blocks() if b.kind == "toc"] == ["Papers", "How to contribute"]


def test_placeholders_stand_for_what_is_never_translated():
    b = next(b for b in _blocks() if b.msgctxt == "block|list|Reading list|p 1")
    assert b.values == {1: "<ins>", 2: "https://github.com/ana", 3: "</ins>", 4: "ana@example.org", 5: "`make check`", 6: "https://example.org/guide"}
    assert prose.required(b.values) == {2, 4, 5, 6}  # a translation may drop <ins>...</ins>
    assert prose.fill(b.msgid, b.values) == " ".join(b.source.split())
    # escapes, entities and autolinks as written: the rendered text reads the same
    mail = next(b for b in _blocks() if b.msgid.startswith("Write to"))
    assert mail.values == {1: "<list@example.org>"} and prose.fill(mail.msgid, mail.values) == mail.source


def test_keys_survive_edits_elsewhere():
    before = {b.msgid: b.msgctxt for b in _blocks()}
    edited = FIXTURE.replace("## Papers\n", "## Papers\n\nA new paragraph above the list.\n").replace("Open an issue", "Please open an issue")
    after = {b.msgid: b.msgctxt for b in _blocks(edited)}
    assert after["International Conference on Learning Representations"] == before["International Conference on Learning Representations"]
    assert after["**Note:** the list covers 2023 and 2024."] == before["**Note:** the list covers 2023 and 2024."]
    assert after["Please open an issue {1} first."] == before["Open an issue {1} first."]  # edited: same key


def _unit(text: str, line: int = 1) -> prose.Unit:
    return next(u for u in prose.units(text, set()) if u.line == line)


def test_a_copy_that_lost_its_links_gets_them_back():
    b = next(b for b in _blocks() if b.msgctxt == "block|list|Reading list|p 1")
    # a web page saved as text: links gone, the address hidden by Cloudflare
    u = _unit("Esta lista é mantida por Ana ([email protected]); execute `make check` antes de um pull request, e veja https://example.org/guide.")
    msgstr, missing, restored = translation(b, u)
    assert msgstr == "Esta lista é mantida por {1}[Ana]({2}){3} ({4}); execute {5} antes de um pull request, e veja {6}."
    assert missing == [] and restored == 2
    assert prose.fill(msgstr, b.values).startswith("Esta lista é mantida por <ins>[Ana](https://github.com/ana)</ins> (ana@example.org)")


def _lang(text: str) -> str:
    from transnorm.langid import detect

    return detect(text).lang


def test_alignment_follows_order_and_evidence_and_forces_nothing():
    blocks = _blocks()
    copy = "\n\n".join(
        [
            "# Lista de leitura",
            "Esta lista é mantida por Ana ([email protected]); execute `make check` antes de um pull request, e veja https://example.org/guide.",
            "> **Nota:** a lista cobre 2023 e 2024.",
            "Um parágrafo que o original não tem, sem nomes nem números.",
            "Este texto está em português mas não traduz nada daqui.",
        ]
    )
    got = align_prose(blocks, prose.units(copy, set()), "pt", "list.pt.md", _lang)
    keys = {k.split("\x00")[0]: v for k, v in got.items()}
    assert set(keys) == {"block|list|Reading list|p 1", "block|list|Reading list|q 1"}
    assert keys["block|list|Reading list|q 1"].msgstr == "**Nota:** a lista cobre 2023 e 2024."
    assert not keys["block|list|Reading list|p 1"].doubt


def test_a_weak_match_is_fuzzy_with_its_reason():
    blocks = [b for b in _blocks() if b.msgctxt == "block|list|Reading list|q 1"]
    got = align_prose(blocks, prose.units("Aviso: cobre desde 2023.", set()), "pt", "x.md", _lang)
    (imp,) = got.values()
    assert "check it translates this block" in imp.doubt


def _entry(msgid: str, msgstr: str, values: dict[int, str]) -> polib.POEntry:
    return polib.POEntry(msgctxt="block|list|x|p 1", msgid=msgid, msgstr=msgstr, comment="\n".join(f"{{{k}}} {v}" for k, v in values.items()))


def test_the_gate_reads_placeholders():
    values = {1: "<ins>", 2: "https://github.com/ana", 3: "</ins>"}
    msgid = "Kept by {1}[Ana]({2}){3}."
    assert prose_problems(_entry(msgid, "Mantida por {1}[Ana]({2}){3}.", values)) == []
    assert prose_problems(_entry(msgid, "Mantida por [Ana]({2}).", values)) == []  # formatting dropped as a pair
    assert prose_problems(_entry(msgid, "Mantida por {1}[Ana]({2}).", values)) == ["formatting tags kept without their pair"]
    assert prose_problems(_entry(msgid, "Mantida por Ana.", values)) == ["placeholders differ (lost ['{2}'])"]
    assert prose_problems(_entry(msgid, "Mantida por [Ana]({2}) {7}.", values)) == ["placeholders differ (added ['{7}'])"]
    # a tool that dropped the comment leaves every placeholder required
    assert prose_problems(_entry(msgid, "Mantida por [Ana]({2}).", {})) == ["placeholders differ (lost ['{1}', '{3}'])"]


def _sync(root: Path):
    cfg = load_config(root / "transnorm.toml")
    result = compute(cfg)
    write_all(result.outputs, result.changed)
    return result


def test_the_bundled_copies_prose_is_imported_and_rendered():
    root = Path(__file__).resolve().parent.parent
    pt = polib.pofile(str(root / "locales/pt/LC_MESSAGES/papers.po"), wrapwidth=0)
    by_id = {e.msgid: e for e in pt if prose.is_block(e.msgctxt)}
    community = next(e for k, e in by_id.items() if k.startswith("This repository is maintained by"))
    assert "fuzzy" not in community.flags and community.msgstr.startswith("Este repositório é mantido por {1}[Tuidan]({2}){3} ({4})")
    assert "fuzzy" not in by_id["❤️ Community Support"].flags and by_id["❤️ Community Support"].msgstr == "❤️ Suporte da comunidade"
    doc = (root / "rendered/pt/efficient-llms-survey.md").read_text(encoding="utf-8")
    assert "## ❤️ Suporte da comunidade" in doc
    assert "Este repositório é mantido por <ins>[Tuidan](https://github.com/tuidan)</ins> (wang.15980@osu.edu)" in doc
    assert "## 🤔 Por que são necessários LLMs eficientes?" in doc
    # the table of contents shows the headings as translated
    assert "    - [Quantização](#Quantization)" in doc
    zh = (root / "rendered/zh/efficient-llms-survey.md").read_text(encoding="utf-8")
    assert "## 🤔 为什么需要高效LLMs？" in zh or "## 为什么需要高效LLMs？" in zh
    assert "尽管LLMs引领着下一波人工智能革命" in zh
    # an untranslated block keeps its text, marked
    assert "We will actively maintain this repository" in doc and "feel free to send us an email" in doc


def test_an_edited_paragraph_makes_exactly_its_message_fuzzy(project):
    src = project / "data/efficient-llms-survey.en.md"
    old = "We hope our survey and this GitHub repository can serve as valuable resources"
    new = "We hope this survey and its GitHub repository serve as valuable resources"
    text = src.read_text(encoding="utf-8")
    assert old in text
    catalogs = {loc: project / f"locales/{loc}/LC_MESSAGES/papers.po" for loc in ("zh", "en", "pt")}
    before = {loc: {e.msgctxt for e in polib.pofile(str(p)) if "fuzzy" in e.flags} for loc, p in catalogs.items()}
    src.write_text(text.replace(old, new), encoding="utf-8")
    _sync(project)
    for loc, p in catalogs.items():
        po = polib.pofile(str(p))
        newly = {e.msgctxt for e in po if "fuzzy" in e.flags} - before[loc]
        if loc == "en":
            assert newly == set()  # English follows its source
            continue
        assert newly == {"block|efficient-llms-survey|What is This Survey About?|p 1"}, loc
        e = next(e for e in po if e.msgctxt in newly)
        assert old in e.previous_msgid and new in e.msgid and e.msgstr


def test_a_paragraph_added_above_keeps_every_translation(project):
    src = project / "data/efficient-llms-survey.en.md"
    text = src.read_text(encoding="utf-8")  # as received: damaged, the heading's emoji too
    at = text.index("Community Support")
    at = text.index("\n", at) + 1
    src.write_text(text[:at] + "\nA new first paragraph of the section.\n" + text[at:], encoding="utf-8")
    _sync(project)
    pt = polib.pofile(str(project / "locales/pt/LC_MESSAGES/papers.po"))
    community = next(e for e in pt if e.msgid.startswith("This repository is maintained by") and not e.obsolete)
    assert community.msgstr.startswith("Este repositório") and "fuzzy" not in community.flags
    assert community.msgctxt.endswith("|p 2")


@needs_gettext
def test_catalogs_with_prose_pass_msgfmt_and_check():
    root = Path(__file__).resolve().parent.parent
    for po in sorted((root / "locales").rglob("*.po")):
        r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("kind", ["td", "th", "summary"])
def test_cells_and_summaries_render_in_their_line(tmp_path, kind):
    from transnorm.catalogs import template
    from transnorm.config import Source
    from transnorm.parsers import parse_document
    from transnorm.render import Translations, render
    from transnorm.sources import Document

    parsed = parse_document(FIXTURE, "list.md")
    blocks = _blocks()
    doc = Document(Source(tmp_path / "list.en.md", "en"), FIXTURE, parsed.entries, parsed.headings, blocks)
    messages = template([], {}, _lang, [(b, "list.en.md", "en") for b in blocks])
    po = polib.POFile()
    target = next(b for b in blocks if b.kind == kind)
    po.append(polib.POEntry(msgctxt=target.msgctxt, msgid=target.msgid, msgstr="TRADUZIDO"))
    line = render(doc, Translations(po, "pt", messages)).split("\n")[target.line - 1]
    assert "TRADUZIDO" in line and target.source not in line, line


def test_descriptions_are_found_by_their_header_before_the_prose_translates_it():
    # awesome-llm-paper's description cells are found by their row header
    # `Descriptions`, which is itself a block of prose (marked or translated
    # in the rendered documents): every description is still rendered, as
    # its translation or as its source marked
    root = Path(__file__).resolve().parent.parent
    zh = polib.pofile(str(root / "locales/zh/LC_MESSAGES/papers.po"))
    doc = " ".join((root / "rendered/zh/awesome-llm-paper.md").read_text(encoding="utf-8").split())
    cells = [
        e for e in zh
        if (e.msgctxt or "").endswith("|description") and any(f == "data/awesome-llm-paper.en.md" for f, _n in e.occurrences)
    ]
    assert len(cells) >= 5 and "Descriptions <sup>EN</sup>" in doc
    for e in cells:
        shown = e.msgstr if e.msgstr and "fuzzy" not in e.flags else e.msgid
        assert " ".join(shown.split()) in doc, e.msgctxt


def test_a_table_of_contents_shows_its_headings_translation(tmp_path):
    from transnorm.catalogs import template
    from transnorm.config import Source
    from transnorm.parsers import parse_document
    from transnorm.render import Translations, render
    from transnorm.sources import Document

    parsed = parse_document(FIXTURE, "list.md")
    blocks = _blocks()
    doc = Document(Source(tmp_path / "list.en.md", "en"), FIXTURE, parsed.entries, parsed.headings, blocks)
    messages = template([], {}, _lang, [(b, "list.en.md", "en") for b in blocks])
    heading = next(b for b in blocks if b.kind == "h" and b.msgid == "How to contribute")
    po = polib.POFile()
    po.append(polib.POEntry(msgctxt=heading.msgctxt, msgid=heading.msgid, msgstr="Como contribuir"))
    out = render(doc, Translations(po, "pt", messages)).split("\n")
    assert "- [Como contribuir](#how-to-contribute)" in out
    assert "## Como contribuir" in out


def test_a_new_column_name_is_not_taken_for_a_renamed_one():
    from transnorm import catalogs

    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pt"}
    old.append(polib.POEntry(msgctxt="block|list|*|th", msgid="Source", msgstr="Fonte"))
    messages = [catalogs.Message("block|list|*|th", "Year", "en")]
    po = catalogs.update(old, messages, "pt")
    year = next(e for e in po if not e.obsolete)
    assert year.msgid == "Year" and year.msgstr == "" and "fuzzy" not in year.flags
    assert next(e for e in po if e.obsolete).msgstr == "Fonte"  # kept, as #~
