"""gettext catalogs of the records: the template and one catalog per locale.

Translators work in these files (Poedit, Weblate, a text editor), so the
update follows msgmerge's rules and never loses their work:

* one message per record and field, ``msgctxt "KEY|title"`` (also
  ``|description``, ``|type``), one per section heading (``msgctxt
  "section"``) and one per block of prose (``msgctxt "block|..."``, see
  :mod:`prose`); ``msgid`` is the English text where English exists, else
  the original (a Chinese-only description);
* a translator's ``msgstr`` is never overwritten, by an import or anything;
* changed English makes the entry fuzzy and keeps the previous msgid
  (``#| msgid``); a record that disappears becomes obsolete (``#~``) and
  comes back with its translation if the record returns;
* entries are indexed by (msgctxt, msgid), so an update is linear in the
  catalog size (polib's own ``find`` scans the file on every call);
* a translator's header stands as written (fields, order, comments), as
  msgmerge keeps it; only a new catalog gets transnorm's;
* output is deterministic and what gettext writes (see :mod:`pofile`):
  sorted by msgctxt and msgid, obsolete entries last, in the layout the file
  already has (wrapped at 79 columns as msgmerge and Poedit write, or
  unwrapped as ``msgcat --no-wrap``), so a save in a translator's tool
  followed by a sync changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import __version__, pofile
from .errors import TransnormError
from .prose import PREFIX, describe, document_of, is_block, shared
from .records import Record
from .textio import read_text

PLURAL_FORMS = {"zh": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);", "pt": "nplurals=2; plural=(n != 1);"}
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English", "pt": "Portuguese"}
FIELDS = ("title", "description", "type")
#: alignment confidence under which an imported translation is fuzzy
IMPORT_CONFIDENCE = 0.8
IMPORT_NOTE = "transnorm: imported from "


@dataclass
class Message:
    """One translatable text of the canonical data."""

    msgctxt: str
    msgid: str
    source_lang: str  # the language of msgid (en, or zh/pt for originals)
    comment: str = ""  # extracted comment: the paper URL
    occurrences: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Import:
    """A translation found in a copy, for one message."""

    msgstr: str
    reference: str  # "file:line"
    confidence: float
    #: why the import is doubtful, if it is (it is fuzzy then)
    doubt: str = ""


def template(records: list[Record], headings: dict[str, list[str]], lang_of, blocks=()) -> list[Message]:
    """The messages of the records, section headings and prose blocks.

    `headings` maps a heading text to its "file:line" references; `lang_of`
    tells the language of a text (see :mod:`langid`); `blocks` are the
    documents' prose (see :mod:`prose`), each with its file name and the
    document's language, which a block of no clear language takes."""
    out: list[Message] = []
    for r in records:
        url = r.links.get("paper") or next(iter(r.links.values()), "")
        occ = [tuple(s.rsplit(":", 1)) for s in r.sources]
        # a Chinese canonical list's titles are Chinese originals; a Latin
        # title is taken as English (acronyms and names read as anything)
        title_lang = "zh" if lang_of(r.title) == "zh" else "en"
        out.append(Message(f"{r.key}|title", r.title, title_lang, url, list(occ)))
        for name, texts in (("description", r.descriptions), ("type", r.types)):
            if not texts:
                continue
            src = "en" if "en" in texts else sorted(texts)[0]
            out.append(Message(f"{r.key}|{name}", texts[src], src, url, list(occ)))
    for text, refs in sorted(headings.items()):
        lang = lang_of(text)
        out.append(Message("section", text, lang if lang in PLURAL_FORMS else "en", "", [tuple(s.rsplit(":", 1)) for s in refs]))
    seen: dict[tuple[str, str], Message] = {}
    for b, name, doc_lang in blocks:
        if b.kind == "toc":
            continue
        m = seen.get((b.msgctxt, b.msgid))
        if m is not None:  # a header cell its tables repeat
            m.occurrences.append((name, str(b.line)))
            continue
        lang = lang_of(b.plain)
        m = seen[(b.msgctxt, b.msgid)] = Message(b.msgctxt, b.msgid, lang if lang in PLURAL_FORMS else doc_lang, describe(b.values), [(name, str(b.line))])
        out.append(m)
    return out


def originals(records: list[Record]) -> dict[str, dict[str, str]]:
    """Texts the sources give in a language other than msgid's: the
    Chinese description beside an English one is a translation by the
    author.  locale -> msgctxt -> text."""
    out: dict[str, dict[str, str]] = {}
    for r in records:
        for name, texts in (("description", r.descriptions), ("type", r.types)):
            if "en" in texts:
                for lang, text in texts.items():
                    if lang != "en":
                        out.setdefault(lang, {})[f"{r.key}|{name}"] = text
    return out


def _header(locale: str | None) -> dict[str, str]:
    """A new catalog's header (an existing one's stands, as msgmerge keeps it)."""
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    return {
        "Project-Id-Version": "transnorm papers",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "transnorm",
        "Language-Team": LANGUAGE_NAMES.get(locale or "", "None"),
        "Language": locale or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(locale or "", "nplurals=2; plural=(n != 1);"),
        "X-Generator": f"transnorm {__version__}",
    }


#: `[project] catalog_wrap`: the layout catalogs are written in
WRAP_STYLES = ("keep", "wrap", "no-wrap")


def load(path: Path) -> polib.POFile | None:
    """A catalog from disk, or None if there is none.  A syntax error is
    reported with the file and line."""
    if not path.is_file():
        return None
    return parse(read(path), path)


def read(path: Path) -> str:
    """A catalog's text; one in another encoding than UTF-8 is refused
    with the command that converts it."""
    try:
        return read_text(path)
    except TransnormError as exc:
        if "not valid UTF-8" in exc.message:
            raise TransnormError(f"{exc.message.split(';')[0]}; convert the catalog with `msgconv -t UTF-8`", exc.path, exc.line) from None
        raise


def charset(po: polib.POFile) -> str | None:
    """The charset the header declares, or None."""
    m = re.search(r"charset=([^\s;]+)", po.metadata.get("Content-Type", ""))
    return m.group(1) if m else None


def parse(text: str, path: Path) -> polib.POFile:
    """The catalog in `text` (read from `path`), checked for what msgfmt
    rejects: a syntax error, a duplicate message or a charset the text is
    not in, with the file and line."""
    with pofile.bulk():
        return _parse(text, path)


def _parse(text: str, path: Path) -> polib.POFile:
    po = pofile.parse(text, str(path))
    po.__dict__["_wrapped"] = pofile.wrapped(text)
    cs = charset(po)
    if cs is not None and cs.upper().replace("_", "-") not in ("UTF-8", "UTF8", "CHARSET") and not text.isascii():
        header, _ = pofile.header_entry(po)
        raise TransnormError(
            f"the header declares charset={cs} but transnorm reads and writes UTF-8; convert the catalog with `msgconv -t UTF-8`",
            str(path),
            header.linenum if header is not None else None,
        )
    seen: dict[tuple[str, str, bool], int] = {}
    for e in po:
        key = (e.msgctxt or "", e.msgid, e.obsolete)
        if key in seen:
            # msgfmt rejects this too ("duplicate message definition")
            raise TransnormError(
                f"duplicate message definition (msgctxt {e.msgctxt!r}, first at line {seen[key]})", str(path), e.linenum
            )
        seen[key] = e.linenum
    return po


def plural_count(po: polib.POFile) -> int | None:
    """nplurals of the header's Plural-Forms, or None if absent or malformed."""
    m = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*[^;]+;?\s*", po.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else None


def header_problems(po: polib.POFile, locale: str | None) -> list[tuple[int, str]]:
    """What is wrong with a catalog's header, at its line: what msgfmt
    rejects or misreads, and a header that is not for `locale`.  Sync
    refuses a catalog with any of these and check reports them (TN109), so
    the two agree on what a valid header is."""
    out: list[tuple[int, str]] = []
    meta = po.metadata
    line = functools.partial(pofile.header_line, po)
    cs = charset(po)
    if cs is None and any(not (e.msgid + e.msgstr).isascii() for e in po):
        out.append((line("Content-Type"), "the header declares no charset; add `Content-Type: text/plain; charset=UTF-8`"))
    plural = meta.get("Plural-Forms")
    n = plural_count(po)
    if plural is not None and n is None:
        out.append((line("Plural-Forms"), f"the header's Plural-Forms is malformed: {plural!r}"))
    elif plural is None and any(e.msgid_plural and not e.obsolete for e in po):
        out.append((line(), "plural entries but no Plural-Forms in the header"))
    if locale is not None:
        want = PLURAL_FORMS.get(locale)
        if n is not None and want and n != int(re.search(r"nplurals=(\d+)", want).group(1)):
            out.append((line("Plural-Forms"), f"the header's Plural-Forms has nplurals={n}; {locale} has {want!r}"))
        lang = meta.get("Language", "")
        if lang and re.split(r"[_\-@.]", lang)[0] != locale:
            out.append((line("Language"), f"the header's Language is {lang!r}, the catalog is for {locale!r}"))
    return out


#: a translator comment that says a msgstr equal to its English msgid is
#: meant (model names, acronyms): `# transnorm: same as source`
SAME_AS_SOURCE = "transnorm: same"


def copies_source(e: polib.POEntry, locale: str | None) -> bool:
    """A msgstr that repeats its English msgid in a catalog of another
    language (Poedit's "copy from source"): an untranslated entry, unless a
    translator comment says it is meant (see SAME_AS_SOURCE)."""
    if locale in (None, "en") or not e.msgstr or e.msgstr != e.msgid:
        return False
    if any(c.strip().startswith(SAME_AS_SOURCE) for c in pofile.translator_comments(e)):
        return False
    from .langid import detect

    return detect(e.msgid).lang == "en"


def update(
    old: polib.POFile | None,
    messages: list[Message],
    locale: str | None,
    imports: dict[str, Import] | None = None,
    originals_for_locale: dict[str, str] | None = None,
) -> polib.POFile:
    """The catalog for `locale` (None: the template) after merging
    `messages` into `old`, msgmerge-style, and filling empty translations
    from `imports` (copies) and `originals_for_locale` (the sources' own)."""
    with pofile.bulk():
        return _update(old, messages, locale, imports, originals_for_locale)


def _update(
    old: polib.POFile | None,
    messages: list[Message],
    locale: str | None,
    imports: dict[str, Import] | None,
    originals_for_locale: dict[str, str] | None,
) -> polib.POFile:
    imports = imports or {}
    originals_for_locale = originals_for_locale or {}
    po = polib.POFile(wrapwidth=0)
    if old is not None and (old.metadata or old.header):
        # the translator's header stands, as msgmerge keeps it
        po.metadata = dict(old.metadata)
        po.header = old.header
        po.metadata_is_fuzzy = old.metadata_is_fuzzy
        for k in ("_header", "_wrapped"):
            if k in old.__dict__:
                po.__dict__[k] = old.__dict__[k]
    else:
        po.metadata = _header(locale)
        if old is not None and "_wrapped" in old.__dict__:
            po.__dict__["_wrapped"] = old.__dict__["_wrapped"]
    # old entries by position: `exact` and `by_ctx` give positions, `used`
    # marks the entries a message took
    olds: list[polib.POEntry] = list(old) if old is not None else []
    used = bytearray(len(olds))
    exact: dict[tuple[str, str], int] = {}
    # the entries of a msgctxt: the first, and the others (rare) apart
    by_ctx: dict[str, int] = {}
    more_by_ctx: dict[str, list[int]] = {}
    # live entries first, so they win over an obsolete twin; plural entries
    # are none of the records' messages
    for i in [i for i, e in enumerate(olds) if not e.obsolete] + [i for i, e in enumerate(olds) if e.obsolete]:
        e = olds[i]
        if e.msgid_plural:
            continue
        ctx = e.msgctxt or ""
        key = (ctx, e.msgid)
        if key not in exact:
            exact[key] = i
        if ctx in by_ctx:
            more_by_ctx.setdefault(ctx, []).append(i)
        else:
            by_ctx[ctx] = i
    # a prose block whose section or rank changed (a paragraph added above
    # it) is found by its text among the blocks of its document
    moved: dict[tuple[str, str], list[int]] = {}
    for (ctx, msgid), i in exact.items():
        if ctx.startswith(PREFIX):
            moved.setdefault((document_of(ctx), msgid), []).append(i)
    # same text first, everywhere (a block that moved keeps its translation
    # before the block now at its old key is matched to it by key)
    found: list[int] = []
    for m in messages:
        i = exact.get((m.msgctxt, m.msgid), -1)
        if i >= 0 and used[i]:
            i = -1
        if i < 0 and m.msgctxt.startswith(PREFIX):
            i = next((j for j in moved.get((document_of(m.msgctxt), m.msgid), ()) if not used[j]), -1)
        if i >= 0:
            used[i] = 1
        found.append(i)
    new: list[polib.POEntry] = []
    for m, i in zip(messages, found):
        changed_from = None
        if i < 0 and m.msgctxt != "section" and not shared(m.msgctxt) and m.msgctxt in by_ctx:
            # same record and field, new English: msgmerge's fuzzy match,
            # found by key instead of by similarity
            i = next((j for j in (by_ctx[m.msgctxt], *more_by_ctx.get(m.msgctxt, ())) if not used[j]), -1)
            if i >= 0:
                used[i] = 1
                changed_from = olds[i].msgid
        prev = olds[i] if i >= 0 else None
        occurrences = m.occurrences
        e = pofile.entry(
            msgctxt=m.msgctxt,
            msgid=m.msgid,
            comment=m.comment,
            occurrences=sorted(set(occurrences)) if len(occurrences) > 1 else list(occurrences),
        )
        fuzzy = False
        if prev is not None:
            e.msgstr = prev.msgstr
            pofile.copy_translator_comments(prev, e)
            if prev.flags:
                e.flags = [f for f in prev.flags if f != "fuzzy"]
                fuzzy = "fuzzy" in prev.flags
            if changed_from is not None:
                e.previous_msgid = changed_from
                fuzzy = True
            elif fuzzy and prev.previous_msgid:
                e.previous_msgid = prev.previous_msgid
        if locale is not None:
            if locale == m.source_lang:
                # the original is its own translation (the English catalog
                # of English titles, the Chinese catalog of Chinese-only
                # descriptions) and follows the source, unless a translator
                # wrote something else: that stands, fuzzy if the source
                # changed under it
                if prev is None or not e.msgstr or e.msgstr == prev.msgid:
                    e.msgstr, fuzzy = m.msgid, False
                    e.previous_msgid = None
            elif e.msgstr:
                pass
            elif m.msgctxt in originals_for_locale:
                e.msgstr = originals_for_locale[m.msgctxt]
                fuzzy = False
            elif m.msgctxt + "\x00" + m.msgid in imports:
                imp = imports[m.msgctxt + "\x00" + m.msgid]
                e.msgstr = imp.msgstr
                note = f"{IMPORT_NOTE}{imp.reference}"
                if imp.doubt:
                    fuzzy = True
                    note += f" ({imp.doubt})"
                elif imp.confidence < IMPORT_CONFIDENCE:
                    fuzzy = True
                    note += f" (alignment confidence {imp.confidence:.2f}: check it is the same paper)"
                pofile.set_translator_comments(e, [note])
        else:
            e.msgstr = ""
        if fuzzy and e.msgstr:
            e.flags.append("fuzzy")
        else:
            e.previous_msgid = None
        new.append(e)
    # What the messages no longer have becomes obsolete (as msgmerge does),
    # plurals and entries a translator added included, if it holds a
    # translation; a returning record revives it above.
    if locale is not None:
        for i, e in enumerate(olds):
            if used[i] or pofile.untranslated(e):
                continue
            o = pofile.entry(
                msgctxt=e.msgctxt,
                msgid=e.msgid,
                msgstr=e.msgstr,
                msgid_plural=e.msgid_plural,
                msgstr_plural=dict(e.msgstr_plural),
                obsolete=True,
                previous_msgid=e.previous_msgid if "fuzzy" in e.flags else None,
            )
            pofile.copy_translator_comments(e, o)
            o.flags = list(e.flags)
            new.append(o)
    new.sort(key=_order)
    po.extend(new)
    return po


def _order(e: polib.POEntry) -> tuple:
    return (e.obsolete, e.msgctxt or "", e.msgid)


def dumps(po: polib.POFile, wrap: str = "keep") -> str:
    """The catalog as text, byte for byte as GNU gettext writes it: wrapped
    or not as `wrap` says ("keep": the layout the file was read in, and
    gettext's own, wrapped, for a new catalog)."""
    if wrap not in WRAP_STYLES:
        raise ValueError(f"wrap is one of {', '.join(WRAP_STYLES)}, not {wrap!r}")
    if wrap == "keep":
        kept = po.__dict__.get("_wrapped")
        return pofile.dumps(po, wrap=kept is not False)
    return pofile.dumps(po, wrap=wrap == "wrap")


@dataclass
class Stats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"translated": self.translated, "fuzzy": self.fuzzy, "untranslated": self.untranslated, "obsolete": self.obsolete}


def stats(po: polib.POFile, field_name: str | None = None, locale: str | None = None) -> Stats:
    """Counts of a catalog's live entries (of one field: title, description,
    type, section, or `block` for the prose, see prose.py); a msgstr that
    only copies its English msgid counts as untranslated (see copies_source)."""
    s = Stats()
    for e in po:
        if e.obsolete:
            continue
        if field_name == "block":
            if not is_block(e.msgctxt):
                continue
        elif field_name and not (e.msgctxt or "").endswith("|" + field_name) and not (field_name == "section" and e.msgctxt == "section"):
            continue
        if "fuzzy" in e.flags:
            s.fuzzy += 1
        elif e.msgstr and not copies_source(e, locale):
            s.translated += 1
        else:
            s.untranslated += 1
    if field_name is None:
        s.obsolete = len(po.obsolete_entries())
    return s
