"""The PO reader and writer against polib and GNU gettext."""

import shutil
import subprocess

import polib
import pytest

from conftest import ROOT, needs_gettext
from transnorm import pofile
from transnorm.errors import TransnormError

CATALOGS = sorted((ROOT / "locales").rglob("*.po*"))
FIXTURES = sorted((ROOT / "tests" / "data" / "po").glob("*.po"))
FIELDS = (
    "msgid", "msgstr", "msgid_plural", "msgstr_plural", "msgctxt", "comment", "tcomment",
    "occurrences", "flags", "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum",
)

#: every construct a translator's tool may write: header comments, a fuzzy
#: header, previous msgids over continuation lines, entries without a blank
#: line between them, a comment separated from its entry, plurals,
#: multi-line strings, obsolete entries, CRLF-free escapes
EDGE = r'''# Portuguese translation of the papers.
# A Translator <a@example.org>, 2026.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: papers\n"
"Language: pt\n"
"Content-Type: text/plain; charset=UTF-8\n"
"X-Poedit-Basepath: .\n"

# a translator's note
#. https://arxiv.org/abs/2210.17323
#: data/a.md:1 data/b.md:2
#, fuzzy, python-format
#| msgctxt "2210.17323|title"
#| msgid "GPTQ: old "
#| "title"
msgctxt "2210.17323|title"
msgid "GPTQ: \"Accurate\"\tquantization\n"
"second line"
msgstr "GPTQ: quantização"
msgid "no blank line before"
msgstr "sem linha em branco"

# a comment separated from its entry

msgid "after"
msgstr ""

msgid "one paper"
msgid_plural "%d papers"
msgstr[0] "um artigo"
msgstr[1] "%d artigos"

#: x.md:3
msgctxt "k|description"
msgid "multi\nline\n"
msgstr ""
"várias\n"
"linhas\n"

# retired
#~ msgctxt "gone|title"
#~ msgid "Gone"
#~ msgstr "Foi"
'''


def fields(e) -> tuple:
    return tuple(getattr(e, f) for f in FIELDS)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_reads_the_catalogs_as_polib_does_and_writes_them_back_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    ours, theirs = pofile.parse(text, str(path)), polib.pofile(text, wrapwidth=0)
    assert ours.header == theirs.header and ours.metadata == theirs.metadata
    assert [fields(e) for e in ours] == [fields(e) for e in theirs]
    assert pofile.dumps(ours) == text


def test_every_construct(tmp_path):
    po = pofile.parse(EDGE, "edge.po")
    theirs = polib.pofile(EDGE, wrapwidth=0)
    assert po.header == theirs.header == "Portuguese translation of the papers.\nA Translator <a@example.org>, 2026."
    assert po.metadata == theirs.metadata and po.metadata["X-Poedit-Basepath"] == "."
    assert [fields(e) for e in po] == [fields(e) for e in theirs]
    gptq = po[0]
    assert gptq.msgid == 'GPTQ: "Accurate"\tquantization\nsecond line'
    assert gptq.previous_msgid == "GPTQ: old title" and gptq.flags == ["fuzzy", "python-format"]
    assert gptq.occurrences == [("data/a.md", "1"), ("data/b.md", "2")] and gptq.linenum == 11
    assert po[2].tcomment == "a comment separated from its entry" and po[2].msgid == "after"
    assert po[3].msgstr_plural == {0: "um artigo", 1: "%d artigos"}
    assert po[-1].obsolete and po[-1].msgstr == "Foi"
    # what we write is what GNU msgcat writes, and reads back the same
    out = pofile.dumps(po)
    assert [fields(e)[:-1] for e in pofile.parse(out)] == [fields(e)[:-1] for e in po]
    if shutil.which("msgcat"):
        src = tmp_path / "edge.po"
        src.write_text(out, encoding="utf-8")
        r = subprocess.run(["msgcat", "--no-wrap", str(src)], capture_output=True, text=True, check=True)
        assert r.stdout == out


@pytest.mark.parametrize(
    "line, text",
    [
        (3, 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n'),  # two msgstr
        (2, 'msgid "a"\nmsgstr "unterminated\n'),
        (1, 'msgstr "orphan"\n'),
        (3, 'msgid "a"\nmsgstr "b"\nnonsense\n'),
        (2, 'msgid "a"\n"x" y\nmsgstr ""\n'),
        (1, 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n'),  # an entry without msgstr
    ],
)
def test_syntax_errors_name_the_line(line, text):
    with pytest.raises(TransnormError) as exc:
        pofile.parse(text, "bad.po")
    assert exc.value.path == "bad.po" and exc.value.line == line


#: what the fast readers take: one and several comments of each kind, empty
#: `#` and `#.` lines, references it splits itself and ones it leaves to
#: gettext's rules, previous msgctxt/msgid on one line and wrapped, wrapped
#: strings; and what it leaves to the general reader (out of order comments,
#: a previous msgid_plural, obsolete entries)
SHAPES = r'''#
#. https://arxiv.org/abs/1
#: a.md:1
msgctxt "1|title"
msgid "one"
msgstr "um"

# a note
# a second note
#.
#: a.md:2 b.md:3
#: ./c.md:007 d.md: 12
#, fuzzy, python-format
#| msgctxt "2|title"
#| msgid "old "
#| "two"
msgctxt "2|title"
msgid ""
"wrapped "
"two"
msgstr "dois \"aspas\"\n"

#. first
#. second
#: e.md:0
#, fuzzy
#| msgid "was three"
msgid "three"
msgstr "três"

# transnorm: imported from data/survey.pt.md:6
#. https://arxiv.org/abs/2210.17323
#: data/survey.en.md:5
#, fuzzy
#| msgid "an \"old\" title"
msgctxt "2210.17323|title"
msgid "a \"new\" title"
msgstr "um título\tnovo"

#: ./f.md:3
msgid "six"
msgstr "seis"

#: g.md:07
msgid "seven"
msgstr "sete"

#  two spaces 
#.  and here
msgid "eight"
msgstr ""

#. out of order
# translator
msgid "four"
msgstr "quatro"

#, fuzzy
#| msgid "five"
#| msgid_plural "fives"
msgid "five"
msgid_plural "fives"
msgstr[0] "cinco"
msgstr[1] "cincos"

#~ msgid "gone"
#~ msgstr "foi"
'''


@pytest.mark.parametrize(
    "name, text",
    [("shapes", SHAPES), ("edge", EDGE)]
    + [(p.name, p.read_text(encoding="utf-8")) for p in FIXTURES + CATALOGS],
)
def test_the_fast_reader_reads_as_the_general_reader(name, text):
    """Entries in sync's layout and other common ones are read by a regular
    expression each; whatever they read, the line reader reads the same."""
    texts = [text]
    try:
        texts.append(pofile.dumps(pofile.parse(text), wrap=True))
    except TransnormError:
        pass
    for t in texts:
        fast, general = pofile._read(t, name), pofile._parse_lines(t, name)
        assert [fields(e) + (pofile.msgstr_line(e),) for e in fast] == [fields(e) + (pofile.msgstr_line(e),) for e in general]
        assert [(pofile.translator_comments(e), pofile.extracted_comments(e)) for e in fast] == [
            (pofile.translator_comments(e), pofile.extracted_comments(e)) for e in general
        ]


def test_the_shapes_reach_each_reader():
    """SHAPES exercises each reader: sync's layout, the other common
    layouts, and the line reader."""
    paths = []
    for block in SHAPES.split("\n\n"):
        text = block + "\n\n"
        if pofile._TYPICAL.match(text):
            paths.append("typical")
        elif (m := pofile._SIMPLE.match(text)) and pofile._simple_entry(m, 1) is not None:
            paths.append("common")
        else:
            paths.append("lines")
    assert paths == ["common"] * 3 + ["typical"] + ["common"] * 2 + ["typical"] + ["lines"] * 3


def test_entry_is_a_real_polib_entry():
    e = pofile.entry(msgctxt="k|title", msgid="a", msgstr="b")
    assert isinstance(e, polib.POEntry) and e.translated() and e.flags == [] and e.occurrences == []
    e.flags.append("fuzzy")
    assert pofile.entry(msgid="c").flags == []  # no shared defaults


def msgcat(path, *args) -> str:
    return subprocess.run(["msgcat", *args, str(path)], capture_output=True, text=True, encoding="utf-8", check=True).stdout


@needs_gettext
@pytest.mark.parametrize("wrap", [False, True], ids=["no-wrap", "wrap"])
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_written_byte_for_byte_as_msgcat_writes_it(path, wrap):
    """Header order and spelling, empty comments, the header's own comments
    and place, flags, escapes, plurals, obsolete entries, and wrapping of
    Chinese, Japanese, Russian and English text at gettext's break points."""
    po = pofile.parse(path.read_text(encoding="utf-8"), str(path))
    expected = msgcat(path) if wrap else msgcat(path, "--no-wrap")
    assert pofile.dumps(po, wrap=wrap) == expected
    # and what we write reads back to itself
    assert pofile.dumps(pofile.parse(expected), wrap=wrap) == expected


@needs_gettext
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_msgfmt_accepts_what_we_write(path, tmp_path):
    po = pofile.parse(path.read_text(encoding="utf-8"), str(path))
    for wrap in (False, True):
        out = tmp_path / "out.po"
        out.write_text(pofile.dumps(po, wrap=wrap), encoding="utf-8")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True, capture_output=True)


def test_gettext_reading_of_comments_flags_and_the_header():
    po = pofile.parse((ROOT / "tests" / "data" / "po" / "layout.po").read_text(encoding="utf-8"), "layout.po")
    first = po[0]
    assert first.msgid == "a split msgid with %s"
    assert pofile.translator_comments(first) == [""] and pofile.extracted_comments(first) == [""]
    assert first.occurrences == [("README.md", "7"), ("docs/index.md", "12")]
    assert pofile.msgstr_line(first) == 24
    only_last = next(e for e in po if e.msgid.startswith("only the last"))
    assert only_last.flags == ["no-wrap"]
    out = pofile.dumps(po)
    # header fields in the file's order, spacing kept; unknown flags dropped;
    # fuzzy only where there is a translation
    assert '"Language: zh_CN\\n"\n"Project-Id-Version:   papers 2.0  \\n"' in out
    assert "#, fuzzy, c-format, python-format\nmsgid " in out and "weblate" not in out
    assert '#, fuzzy\nmsgid "Untranslated' not in out and "dropped" not in out
    # editing one header field rewrites that row only
    po.metadata["X-Generator"] = "transnorm"
    out = pofile.dumps(po)
    assert '"X-Generator: transnorm\\n"\n"X-Custom: one value\\n"\n"  continued on a second row\\n"' in out


def test_a_header_elsewhere_stays_where_it_is_and_is_not_doubled():
    po = pofile.parse((ROOT / "tests" / "data" / "po" / "position.po").read_text(encoding="utf-8"), "position.po")
    out = pofile.dumps(po)
    assert out.count('msgid ""') == 1
    assert out.startswith("# This comment belongs to the first message, not to a header.\nmsgid \"first\"")
    assert out.index('msgid ""') < out.index('msgid "Second"')


def test_a_header_alone_is_kept():
    """msgcat writes nothing for it, a file msgfmt then rejects."""
    text = '# notes\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: pt\\n"\n'
    assert pofile.dumps(pofile.parse(text)) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ('msgid ""\nmsgstr ""\n"a long line that was wrapped by gettext at a space "\n"and continues"\n', True),
        ('msgid "x"\nmsgstr "' + "word " * 20 + '"\n', False),
        ('msgid "x"\nmsgstr "short"\n', None),
        ('msgid ""\nmsgstr ""\n"line one\\n"\n"line two\\n"\n', None),
    ],
)
def test_the_layout_a_catalog_has(text, expected):
    assert pofile.wrapped(text) is expected


def test_reading_leaves_the_collector_as_it_was():
    """Entries go to the oldest generation, not out of the collector's
    reach; objects a program froze stay frozen."""
    import gc

    assert gc.isenabled() and gc.get_freeze_count() == 0
    pofile.parse(EDGE)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        pofile.parse(EDGE)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
