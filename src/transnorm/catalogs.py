"""gettext catalogs of the records: the template and one catalog per locale.

Translators work in these files (Poedit, Weblate, a text editor), so the
update follows msgmerge's rules and never loses their work:

* one message per record and field, ``msgctxt "KEY|title"`` (also
  ``|description``, ``|type``), and one per section heading
  (``msgctxt "section"``); ``msgid`` is the English text where English
  exists, else the original (a Chinese-only description);
* a translator's ``msgstr`` is never overwritten, by an import or anything;
* changed English makes the entry fuzzy and keeps the previous msgid
  (``#| msgid``); a record that disappears becomes obsolete (``#~``) and
  comes back with its translation if the record returns;
* entries are indexed by (msgctxt, msgid), so an update is linear in the
  catalog size (polib's own ``find`` scans the file on every call);
* output is deterministic: sorted by msgctxt and msgid, obsolete entries
  last, no line wrapping (what ``msgcat --no-wrap`` writes), and a fuzzy flag
  only on entries that have a translation (gettext drops it elsewhere).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import __version__, pofile
from .errors import TransnormError
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


def template(records: list[Record], headings: dict[str, list[str]], lang_of) -> list[Message]:
    """The messages of the records and section headings.

    `headings` maps a heading text to its "file:line" references; `lang_of`
    tells the language of a text (see :mod:`langid`)."""
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


def _header(locale: str | None, old: dict[str, str] | None) -> dict[str, str]:
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    old = old or {}
    h = {
        "Project-Id-Version": old.get("Project-Id-Version", "transnorm papers"),
        "Report-Msgid-Bugs-To": old.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": old.get("POT-Creation-Date", now),
        "PO-Revision-Date": old.get("PO-Revision-Date", now),
        "Last-Translator": old.get("Last-Translator", "transnorm"),
        "Language-Team": old.get("Language-Team", f"{LANGUAGE_NAMES.get(locale or '', 'None')}"),
        # as msgmerge does, the translator's header stands; these are only
        # the values of a new catalog
        "Language": old.get("Language", locale or ""),
        "MIME-Version": old.get("MIME-Version", "1.0"),
        "Content-Type": old.get("Content-Type", "text/plain; charset=UTF-8"),
        "Content-Transfer-Encoding": old.get("Content-Transfer-Encoding", "8bit"),
        "Plural-Forms": old.get("Plural-Forms", PLURAL_FORMS.get(locale or "", "nplurals=2; plural=(n != 1);")),
        "X-Generator": f"transnorm {__version__}",
    }
    return h


def load(path: Path) -> polib.POFile | None:
    """A catalog from disk, or None if there is none.  A syntax error is
    reported with the file and line."""
    if not path.is_file():
        return None
    return parse(read_text(path), path)


def parse(text: str, path: Path) -> polib.POFile:
    """The catalog in `text` (read from `path`), checked for what msgfmt
    rejects: a syntax error or a duplicate message, with the file and line."""
    po = pofile.parse(text, str(path))
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


def _mark_fuzzy(e: polib.POEntry, fuzzy: bool) -> None:
    if fuzzy and e.msgstr and "fuzzy" not in e.flags:
        e.flags.append("fuzzy")
    if not fuzzy and "fuzzy" in e.flags:
        e.flags.remove("fuzzy")


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
    imports = imports or {}
    originals_for_locale = originals_for_locale or {}
    po = polib.POFile(wrapwidth=0)
    po.metadata = _header(locale, old.metadata if old is not None else None)
    po.header = old.header if old is not None and old.header else ""
    exact: dict[tuple[str, str], polib.POEntry] = {}
    by_ctx: dict[str, list[polib.POEntry]] = {}
    if old is not None:
        # live entries first, so they win over an obsolete twin
        for e in sorted(old, key=lambda x: x.obsolete):
            exact.setdefault((e.msgctxt or "", e.msgid), e)
            by_ctx.setdefault(e.msgctxt or "", []).append(e)
    used: set[int] = set()
    for m in messages:
        prev = exact.get((m.msgctxt, m.msgid))
        changed_from = None
        if prev is None and m.msgctxt != "section":
            # same record and field, new English: msgmerge's fuzzy match,
            # found by key instead of by similarity
            prev = next((e for e in by_ctx.get(m.msgctxt, ()) if id(e) not in used), None)
            if prev is not None:
                changed_from = prev.msgid
        e = pofile.entry(msgctxt=m.msgctxt, msgid=m.msgid)
        e.comment = m.comment
        e.occurrences = sorted(set(m.occurrences))
        if prev is not None:
            used.add(id(prev))
            e.msgstr = prev.msgstr
            e.tcomment = prev.tcomment
            e.flags = [f for f in prev.flags if f != "fuzzy"]
            fuzzy = "fuzzy" in prev.flags
            if changed_from is not None:
                e.previous_msgid = changed_from
                fuzzy = True
            elif "fuzzy" in prev.flags and prev.previous_msgid:
                e.previous_msgid = prev.previous_msgid
        else:
            fuzzy = False
        if locale is not None:
            if locale == m.source_lang:
                # the original is its own translation (the English catalog
                # of English titles, the Chinese catalog of Chinese-only
                # descriptions); it follows the source
                e.msgstr, fuzzy = m.msgid, False
                e.previous_msgid = None
            elif not e.msgstr and m.msgctxt in originals_for_locale:
                e.msgstr = originals_for_locale[m.msgctxt]
                fuzzy = False
            elif not e.msgstr and m.msgctxt + "\x00" + m.msgid in imports:
                imp = imports[m.msgctxt + "\x00" + m.msgid]
                e.msgstr = imp.msgstr
                note = f"{IMPORT_NOTE}{imp.reference}"
                if imp.confidence < IMPORT_CONFIDENCE:
                    fuzzy = True
                    note += f" (alignment confidence {imp.confidence:.2f}: check it is the same paper)"
                e.tcomment = note
        else:
            e.msgstr = ""
        _mark_fuzzy(e, fuzzy)
        if not e.msgstr:
            e.flags = [f for f in e.flags if f != "fuzzy"]
        if "fuzzy" not in e.flags:
            e.previous_msgid = None
        po.append(e)
    # What the messages no longer have becomes obsolete, if it holds a
    # translation (as msgmerge does); a returning record revives it above.
    if old is not None and locale is not None:
        for e in old:
            if id(e) in used or not e.msgstr:
                continue
            o = pofile.entry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=e.msgstr, obsolete=True)
            o.tcomment = e.tcomment
            o.flags = list(e.flags)
            po.append(o)
            used.add(id(e))
    po.sort(key=_order)
    return po


def _order(e: polib.POEntry) -> tuple:
    return (e.obsolete, e.msgctxt or "", e.msgid)


def dumps(po: polib.POFile) -> str:
    """The catalog as text, byte for byte as GNU `msgcat --no-wrap` writes it."""
    return pofile.dumps(po)


@dataclass
class Stats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"translated": self.translated, "fuzzy": self.fuzzy, "untranslated": self.untranslated, "obsolete": self.obsolete}


def stats(po: polib.POFile, field_name: str | None = None) -> Stats:
    s = Stats()
    for e in po:
        if e.obsolete:
            continue
        if field_name and not (e.msgctxt or "").endswith("|" + field_name) and not (field_name == "section" and e.msgctxt == "section"):
            continue
        if "fuzzy" in e.flags:
            s.fuzzy += 1
        elif e.msgstr:
            s.translated += 1
        else:
            s.untranslated += 1
    if field_name is None:
        s.obsolete = len(po.obsolete_entries())
    return s
