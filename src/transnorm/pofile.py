"""Reading and writing gettext catalogs, as GNU gettext reads and writes them.

The data model stays polib's (`POFile`, `POEntry`: what translators'
scripts and our tests know); the reader and writer are our own, because a
catalog is reviewed as a diff and must come out of transnorm as it comes out
of msgcat and msgmerge: header fields in the file's order and spelling,
comments as written (an empty `#` stays empty), the header where the file
has it, flags in gettext's order (unknown flags dropped, as gettext drops
them), `#, fuzzy` only on translated entries, untranslated obsolete entries
dropped, references wrapped at 79 columns, and strings either unwrapped
(`msgcat --no-wrap`) or wrapped exactly as gettext wraps them (see
:mod:`linebreak`).  What polib's attributes cannot hold (empty comment
lines, the header entry's own comments and position, the raw header text)
rides along on the objects and is used while the attributes still say the
same.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import re

import polib

from . import linebreak
from .errors import TransnormError

#: GNU gettext's page width: references always, strings when wrapping
PAGE_WIDTH = 79

_PREVIOUS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}
_STRINGS = re.compile(r'((?:"(?:[^"\\]|\\.)*"\s*)+)$')
_ONE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9a-fA-F]+|.)")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"'}
_SPECIAL = re.compile(r'[\\\a\b\t\n\v\f\r"]')
_ESCAPES = {"\\": "\\\\", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", '"': '\\"'}
#: the format flags gettext knows, in the order it writes them
FORMATS = (
    "c", "objc", "python", "python-brace", "java", "csharp", "javascript", "scheme", "lisp", "elisp", "librep",
    "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl",
    "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp",
)
_FORMAT_RANK = {f: i for i, f in enumerate(FORMATS)}
#: directives gettext does not break inside, for the formats that have them
_DIRECTIVES = {
    "c": re.compile(
        r"%(?:\d+\$)?[-+ #0'I]*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d*))?"
        r"(?:hh|h|ll|l|L|q|j|z|Z|t)*(?:[diouxXcsCSeEfFgGaApnm%]|<PRI\w+>)"
    ),
    "python": re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"),
    "python-brace": re.compile(r"\{[^{}]*\}"),
}


def _unescape_one(m: re.Match) -> str:
    c = m.group(1)
    if c[0] in "01234567":
        return chr(int(c, 8))
    if c[0] == "x" and len(c) > 1:
        return chr(int(c[1:], 16))
    return _UNESCAPES.get(c, c)


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    return _ESCAPE.sub(_unescape_one, s)


def _escape(s: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], s) if _SPECIAL.search(s) else s


def _strings(rest: str) -> str | None:
    """The concatenated value of `"a" "b"...`, or None if `rest` is not
    only quoted strings."""
    m = _STRINGS.match(rest)
    if m is None:
        return None
    return "".join(_unescape(x) for x in _ONE.findall(m.group(1)))


def _reference(token: str) -> tuple[str, str]:
    while token.startswith("./"):
        token = token[2:]
    fil, _, num = token.rpartition(":")
    return (fil, str(int(num))) if fil and num.isdigit() else (token, "")


_REF = re.compile(r"(\S+):(\d+)(?!\S)|(\S+)")


def _references(body: str) -> list[tuple[str, str]]:
    """`#:` references as gettext reads them (`./f.c:007` is `f.c:7`,
    `f.c: 12` is `f.c:12`)."""
    if "./" not in body and ": " not in body and ":0" not in body:
        return [(f, n) if n else (t, "") for f, n, t in _REF.findall(body)]
    out: list[tuple[str, str]] = []
    for token in body.split():
        if token.isdigit() and out and out[-1][0].endswith(":") and not out[-1][1]:
            out[-1] = (out[-1][0][:-1], str(int(token)))
            continue
        out.append(_reference(token))
    return out


def _comment_text(line: str, skip: int) -> str:
    """A comment's text: what follows its marker, less one space."""
    rest = line[skip:]
    return rest[1:] if rest.startswith(" ") else rest


class _Entry:
    """An entry being read; becomes a POEntry when complete."""

    __slots__ = ("comment", "fields", "flags", "has_msgid", "has_msgstr", "line", "msgstr_line", "obsolete", "occurrences", "plural", "previous", "tcomment")

    def __init__(self, line: int) -> None:
        self.line = line
        self.msgstr_line = line
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.plural: dict[int, str] = {}
        self.obsolete = False
        self.has_msgid = False
        self.has_msgstr = False

    def build(self) -> polib.POEntry:
        f = self.fields
        e = entry(
            msgid=f.get("msgid", ""),
            msgstr=f.get("msgstr", ""),
            msgid_plural=f.get("msgid_plural", ""),
            msgstr_plural=self.plural,
            msgctxt=f.get("msgctxt"),
            obsolete=self.obsolete,
            comment="\n".join(self.comment),
            tcomment="\n".join(self.tcomment),
            occurrences=self.occurrences,
            flags=self.flags,
            previous_msgctxt=self.previous.get("msgctxt"),
            previous_msgid=self.previous.get("msgid"),
            previous_msgid_plural=self.previous.get("msgid_plural"),
            linenum=self.line,
            msgstr_linenum=self.msgstr_line,
        )
        if self.tcomment == [""]:
            e._tc = [""]
        if self.comment == [""]:
            e._ec = [""]
        return e


_new = polib.POEntry.__new__
_POEntry = polib.POEntry


def entry(
    msgid: str = "",
    msgstr: str = "",
    msgid_plural: str = "",
    msgstr_plural: dict[int, str] | None = None,
    msgctxt: str | None = None,
    obsolete: bool = False,
    comment: str = "",
    tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
    flags: list[str] | None = None,
    previous_msgctxt: str | None = None,
    previous_msgid: str | None = None,
    previous_msgid_plural: str | None = None,
    linenum: int | None = None,
    msgstr_linenum: int | None = None,
) -> polib.POEntry:
    """A POEntry, without polib's keyword-by-keyword constructor.  Its
    attributes are set in polib's order, so that the entries of a catalog
    share one table of attribute names: a dictionary each would be a third
    of a 100k-entry catalog's memory and of the collector's work."""
    e = _new(_POEntry)
    e.msgid = msgid
    e.msgstr = msgstr
    e.msgid_plural = msgid_plural
    e.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
    e.msgctxt = msgctxt
    e.obsolete = obsolete
    e.encoding = "utf-8"
    e.comment = comment
    e.tcomment = tcomment
    e.occurrences = [] if occurrences is None else occurrences
    e.flags = [] if flags is None else flags
    e.previous_msgctxt = previous_msgctxt
    e.previous_msgid = previous_msgid
    e.previous_msgid_plural = previous_msgid_plural
    e.linenum = linenum
    e.msgstr_linenum = msgstr_linenum
    return e


def translator_comments(e: polib.POEntry) -> list[str]:
    """The entry's `#` comment lines, an empty one included."""
    raw = getattr(e, "_tc", None)
    if raw is not None and "\n".join(raw) == e.tcomment:
        return raw
    return e.tcomment.split("\n") if e.tcomment else []


def extracted_comments(e: polib.POEntry) -> list[str]:
    raw = getattr(e, "_ec", None)
    if raw is not None and "\n".join(raw) == e.comment:
        return raw
    return e.comment.split("\n") if e.comment else []


def set_translator_comments(e: polib.POEntry, lines: list[str]) -> None:
    e.tcomment = "\n".join(lines)
    # one empty `#` is the only list the text does not give back
    if lines == [""]:
        e._tc = [""]
    elif hasattr(e, "_tc"):
        del e._tc


def copy_translator_comments(src: polib.POEntry, dst: polib.POEntry) -> None:
    """`src`'s `#` lines, an empty one included, onto a new entry `dst`."""
    dst.tcomment = src.tcomment
    if not src.tcomment and getattr(src, "_tc", None) == [""]:
        dst._tc = [""]


def msgstr_line(e: polib.POEntry) -> int | None:
    """The line of the entry's msgstr (the first msgstr[i] of a plural),
    where a finding about the translation belongs."""
    return getattr(e, "msgstr_linenum", None) or e.linenum


def untranslated(e: polib.POEntry) -> bool:
    """As gettext decides it: the (first) msgstr is empty."""
    if e.msgstr_plural:
        return not e.msgstr_plural.get(0, "")
    return not e.msgstr


class _Dangling(Exception):
    """A block ends with comments that belong to the entry after it."""


def _parse_lines(text: str, path: str, first: int = 1, whole: bool = True) -> list[polib.POEntry]:
    """The general reader: the entries of `text`, whose first line is line
    `first` of the file."""
    entries: list[polib.POEntry] = []
    cur: _Entry | None = None
    target: tuple[str, object] | None = None  # what a "..." line continues

    def fail(n: int, why: str) -> None:
        raise TransnormError(f"not a valid PO file: {why}", path, n)

    def finish() -> None:
        nonlocal cur, target
        if cur is not None:
            if cur.has_msgid:
                if not cur.has_msgstr:
                    fail(cur.line, "entry without msgstr")
                entries.append(cur.build())
            elif cur.fields or cur.previous:
                fail(cur.line, "entry without msgid")
            elif not whole:
                raise _Dangling
            # comments after the last message are dropped, as gettext does
        cur, target = None, None

    for n, raw in enumerate(text.split("\n"), first):
        # a comment keeps its trailing spaces, as gettext keeps them
        line = raw.lstrip().removesuffix("\r")
        if not line.strip():
            continue
        if line[0] != "#":
            line = line.rstrip()
        obsolete = False
        if line.startswith("#~"):
            rest = line[2:]
            if rest.startswith("|"):
                line = "#|" + rest[1:]  # previous msgid of an obsolete entry
            elif rest.strip():
                line, obsolete = rest.strip(), True
            else:
                continue
        if line[0] == "#":
            kind = line[1:2]
            if cur is not None and cur.has_msgstr:
                finish()
            if cur is None:
                cur = _Entry(n)
            body = line[2:].strip()
            if kind == ".":
                cur.comment.append(_comment_text(line, 2))
            elif kind == ":":
                cur.occurrences += _references(body)
            elif kind in (",", "!"):
                # gettext keeps the flags of an entry's last `#,` line
                cur.flags = [f.strip() for f in body.split(",") if f.strip()]
            elif kind == "|":
                if body.startswith('"'):
                    value = _strings(body)
                    if target is None or target[0] != "previous" or value is None:
                        fail(n, "unexpected continuation line")
                    cur.previous[target[1]] += value
                    continue
                m = _KEYWORD.match(body)
                value = _strings(m.group(3)) if m else None
                if m is None or m.group(1) not in _PREVIOUS or value is None:
                    fail(n, "bad previous-message line")
                if cur.has_msgid:
                    fail(n, "previous message after msgid")
                cur.previous[m.group(1)] = value
                target = ("previous", m.group(1))
            else:
                cur.tcomment.append(_comment_text(line, 1))
            continue
        if line[0] == '"':
            value = _strings(line)
            if value is None:
                fail(n, "unterminated string or unescaped double quote")
            if target is None or target[0] == "previous" or cur is None or cur.obsolete != obsolete:
                fail(n, "string outside a message")
            kind, key = target
            if kind == "plural":
                cur.plural[key] += value
            else:
                cur.fields[key] += value
            continue
        m = _KEYWORD.match(line)
        if m is None:
            fail(n, f"unexpected text {line[:40]!r}")
        keyword, index, rest = m.groups()
        value = _strings(rest)
        if value is None:
            fail(n, "unterminated string or unescaped double quote")
        if keyword in ("msgctxt", "msgid"):
            if cur is not None and (cur.has_msgstr or (keyword in cur.fields)):
                finish()
            if cur is None:
                cur = _Entry(n)
            if cur.has_msgid and keyword == "msgctxt":
                fail(n, "msgctxt after msgid")
            cur.fields[keyword] = value
            cur.obsolete = obsolete
            cur.has_msgid = cur.has_msgid or keyword == "msgid"
            target = ("field", keyword)
        elif cur is None or not cur.has_msgid or cur.obsolete != obsolete:
            fail(n, f"{keyword} without msgid")
        elif keyword == "msgid_plural":
            cur.fields[keyword] = value
            target = ("field", keyword)
        elif index is not None:
            if not cur.has_msgstr:
                cur.msgstr_line = n
            cur.plural[int(index)] = value
            cur.has_msgstr = True
            target = ("plural", int(index))
        else:
            if "msgstr" in cur.fields:
                fail(n, "second msgstr in one entry")
            cur.fields["msgstr"] = value
            cur.msgstr_line = n
            cur.has_msgstr = True
            target = ("field", "msgstr")
    finish()
    return entries


_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
#: a keyword's strings: one, or several on consecutive lines (wrapped)
_STRS = r"(" + _Q + r"(?:\n" + _Q + r")*)"
#: an entry as transnorm and gettext write most of them: its comments in
#: gettext's order (translator, extracted, references, flags, previous
#: msgctxt/msgid), then msgctxt/msgid/msgstr, each on one line or wrapped
#: over several, then a blank line
_SIMPLE = re.compile(
    r"((?:#(?: [^\n\r]*)?\n)*)((?:#\.[^\n\r]*\n)*)((?:#:[^\n\r]*\n)*)(?:#,([^\n\r]*)\n)?"
    r"((?:#\| (?:msgctxt |msgid )?" + _Q + r"\n)*)"
    r"(?:msgctxt " + _STRS + r"\n)?msgid " + _STRS + r"\nmsgstr " + _STRS + r"\n(?:\n|$)"
)


_QUOTED = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"'
#: an entry as sync writes most of them: at most one comment of each kind
#: (a non-empty one), one reference, one-line strings
_TYPICAL = re.compile(
    r"(?:# ([^\n\r]+)\n)?(?:#\. ([^\n\r]+)\n)?(?:#: (?!\./)(\S+):([1-9][0-9]*)\n)?(?:#, ([^\n\r]*)\n)?"
    r"(?:#\| msgid " + _QUOTED + r"\n)?(?:msgctxt " + _QUOTED + r"\n)?msgid " + _QUOTED + r"\nmsgstr " + _QUOTED + r"\n(?:\n|$)"
)


def _typical_entry(m: re.Match, line: int) -> polib.POEntry:
    """The entry `_TYPICAL` matched."""
    tcomment, comment, fil, num, flags, prev, ctxt, msgid, msgstr = m.groups()
    n = line + 1
    if tcomment is None:
        tcomment = ""
    else:
        n += 1
    if comment is None:
        comment = ""
    else:
        n += 1
    if fil is None:
        occ = []
    else:
        occ = [(fil, num)]
        n += 1
    if flags is not None:
        flags = [f.strip() for f in flags.split(",") if f.strip()]
        n += 1
    if prev is not None:
        n += 1
        if "\\" in prev:
            prev = _unescape(prev)
    if ctxt is not None:
        n += 1
        if "\\" in ctxt:
            ctxt = _unescape(ctxt)
    return entry(
        _unescape(msgid) if "\\" in msgid else msgid,
        _unescape(msgstr) if "\\" in msgstr else msgstr,
        msgctxt=ctxt,
        comment=comment,
        tcomment=tcomment,
        occurrences=occ,
        flags=flags,
        previous_msgid=prev,
        linenum=line,
        msgstr_linenum=n,
    )


def _value(strings: str) -> str:
    """The text of `"a"` or of `"a"\n"b"...`."""
    if "\n" not in strings:
        return _unescape(strings[1:-1])
    return "".join(_unescape(x) for x in _ONE.findall(strings))


def _comments(run: str, skip: int) -> list[str]:
    """The texts of a run of comment lines whose marker is `skip` long."""
    return [c[skip + 1 :] if c[skip : skip + 1] == " " else c[skip:] for c in run[:-1].split("\n")]


def _previous(run: str) -> dict[str, str] | None:
    """`#| msgctxt`/`#| msgid` lines, or None if they need the general
    reader (a previous msgid_plural, strings out of place)."""
    out: dict[str, str] = {}
    key = None
    for c in run[:-1].split("\n"):
        body = c[3:]
        if body[0] == '"':
            if key is None:
                return None
            out[key] += _value(body)
            continue
        key, _, rest = body.partition(" ")
        if key in out:
            return None
        out[key] = _value(rest)
    return out


def _simple_entry(m: re.Match, line: int) -> polib.POEntry | None:
    """The entry `m` matched, or None if it needs the general reader."""
    tcs, ecs, refs, flags, prev, ctxt, msgid, msgstr = m.groups()
    tc = _comments(tcs, 1) if tcs else []
    ec = _comments(ecs, 2) if ecs else []
    n = len(tc) + len(ec)
    occ: list[tuple[str, str]] = []
    for c in refs[:-1].split("\n") if refs else ():
        n += 1
        occ += _references(c[3:] if c[2:3] == " " else c[2:])
    if flags is not None:
        n += 1
        flags = [f.strip() for f in flags.split(",") if f.strip()]
    p = None
    if prev:
        p = _previous(prev)
        if p is None:
            return None
        n += prev.count("\n")
    if ctxt is not None:
        n += ctxt.count("\n") + 1
        ctxt = _value(ctxt)
    n += msgid.count("\n")
    e = entry(
        _value(msgid),
        _value(msgstr),
        msgctxt=ctxt,
        comment="\n".join(ec),
        tcomment="\n".join(tc),
        occurrences=occ,
        flags=flags,
        linenum=line,
        msgstr_linenum=line + n + 1,
    )
    if p:
        e.previous_msgctxt = p.get("msgctxt")
        e.previous_msgid = p.get("msgid")
    if tc == [""]:
        e._tc = tc
    if ec == [""]:
        e._ec = ec
    return e


def _read(text: str, path: str) -> list[polib.POEntry]:
    """An entry in sync's layout is read by `_TYPICAL`, other common ones by
    `_SIMPLE`; every other block goes through the general reader, and a file
    whose blocks do not split cleanly is read by the general reader whole."""
    entries: list[polib.POEntry] = []
    pos, line, n = 0, 1, len(text)
    while pos < n:
        while pos < n and text[pos] == "\n":
            pos += 1
            line += 1
        if pos >= n:
            break
        m = _TYPICAL.match(text, pos)
        if m is not None:
            e = _typical_entry(m, line)
        else:
            m = _SIMPLE.match(text, pos)
            e = None if m is None else _simple_entry(m, line)
        if e is not None:
            entries.append(e)
            end = m.end()
            line += text.count("\n", pos, end)
            pos = end
            continue
        end = text.find("\n\n", pos)
        end = n if end < 0 else end + 1
        try:
            es = _parse_lines(text[pos:end], path, line, whole=False)
        except (_Dangling, TransnormError):
            return _parse_lines(text, path)
        entries += es
        line += text.count("\n", pos, end)
        pos = end
    return entries


def _metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them: `Name: value` rows, a row
    without a colon continuing the field before it."""
    meta: dict[str, str] = {}
    key = None
    for row in msgstr.splitlines():
        name, sep, val = row.partition(":")
        if sep:
            key = name
            meta[key] = val.strip()
        elif key is not None:
            meta[key] += "\n" + row.strip()
    return meta


@contextlib.contextmanager
def bulk():
    """No cyclic garbage collection while a catalog's entries are built:
    they hold no cycles, and at 100k entries the collector's passes over
    the growing heap took half of a read.  What was built goes straight to
    the oldest generation (a freeze and unfreeze moves it there without a
    pass), instead of being traversed again as it ages through the young
    ones; a program that froze objects itself keeps them frozen."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was:
            gc.enable()


def parse(text: str, path: str = "") -> polib.POFile:
    """The catalog in `text`; a line that is not PO syntax raises a
    TransnormError naming `path` and the line."""
    po = polib.POFile(wrapwidth=0)
    po.encoding = "utf-8"
    with bulk():
        entries = _read(text.removeprefix("\ufeff"), path)
    for i, e in enumerate(entries):
        if e.msgid == "" and e.msgctxt is None and not e.obsolete:
            header = entries.pop(i)
            po.header = header.tcomment
            po.metadata = _metadata(header.msgstr)
            po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in header.flags else []
            po.__dict__["_header"] = (header, i, dict(po.metadata), po.header)
            break
    po.extend(entries)
    return po


def header_entry(po: polib.POFile) -> tuple[polib.POEntry | None, int]:
    """The header as an entry, and how many messages precede it."""
    stored = po.__dict__.get("_header")
    if stored is None:
        if not po.metadata and not po.header:
            return None, 0
        e = entry(msgid="")
        index = 0
        raw = ""
        same_meta = False
    else:
        old, index, meta, header = stored
        e = copy.copy(old)
        e.flags = [f for f in old.flags if f != "fuzzy"]
        if po.header != header and hasattr(e, "_tc"):
            del e._tc
        raw = old.msgstr
        same_meta = po.metadata == meta
    e.tcomment = po.header
    if not same_meta:
        e.msgstr = _header_text(raw, po.metadata)
    if po.metadata_is_fuzzy:
        e.flags.insert(0, "fuzzy")
    return e, index


def header_line(po: polib.POFile, name: str | None = None) -> int:
    """The line of the header field `name` (of the header's msgstr when
    None or absent), as the file was read; 1 without a header."""
    stored = po.__dict__.get("_header")
    if stored is None:
        return 1
    e, raw = stored[0], stored[0].msgstr
    line = msgstr_line(e) or 1
    if name is None:
        return line
    rows = raw.split("\n")
    for k, row in enumerate(rows):
        if row.partition(":")[0] == name:
            # `msgstr ""` then a line per row, as gettext writes a header
            return line + k + (1 if "\n" in raw.rstrip("\n") else 0)
    return line


def _header_text(raw: str, meta: dict[str, str]) -> str:
    """The header text with `meta`'s values: rows keep the file's order and
    spelling where their field did not change; new fields go last."""
    old = _metadata(raw)
    rows: list[str] = []
    done: set[str] = set()
    skip = False
    for row in raw.split("\n")[: -1 if raw.endswith("\n") else None]:
        name, sep, _ = row.partition(":")
        if sep:
            skip = False
            if name not in meta:
                skip = True
                continue
            done.add(name)
            if old.get(name) == meta[name]:
                rows.append(row)
            else:
                rows.append(f"{name}: {meta[name]}")
                skip = True  # its old continuation rows go with it
        elif not skip:
            rows.append(row)
    rows += [f"{k}: {v}" for k, v in meta.items() if k not in done]
    return "".join(r + "\n" for r in rows)


def _flags(e: polib.POEntry) -> str | None:
    """The `#,` line as gettext writes it: fuzzy (translated entries only),
    the format flags in gettext's order, a range, no-wrap; others dropped."""
    fuzzy = False
    formats: dict[str, str] = {}
    rng = None
    wrap = None
    for f in e.flags:
        if f == "fuzzy":
            fuzzy = True
        elif f in ("wrap", "no-wrap"):
            wrap = f
        elif f.startswith("range:"):
            m = re.fullmatch(r"range:\s*(\d+)\s*\.\.\s*(\d+)", f)
            if m:
                rng = f"range: {m.group(1)}..{m.group(2)}"
        elif f.endswith("-format"):
            name = f[:-7]
            no = False
            for pre in ("no-", "possible-", "impossible-"):
                if name.startswith(pre) and name[len(pre):] in _FORMAT_RANK:
                    no = pre in ("no-", "impossible-")
                    name = name[len(pre):]
                    break
            if name in _FORMAT_RANK:
                formats[name] = ("no-" if no else "") + name + "-format"
    out = []
    if fuzzy and (e.obsolete or not untranslated(e) or e.msgid == ""):
        out.append("fuzzy")
    out += [formats[k] for k in sorted(formats, key=_FORMAT_RANK.__getitem__)]
    if rng:
        out.append(rng)
    if wrap == "no-wrap":
        out.append(wrap)
    return "#, " + ", ".join(out) if out else None


def _inside_directives(value: str, formats: tuple[str, ...]) -> set[int]:
    """Positions of `value` inside a format directive (not its first
    character): gettext never breaks a line there."""
    inside: set[int] = set()
    for f in formats:
        for m in _DIRECTIVES[f].finditer(value):
            inside.update(range(m.start() + 1, m.end()))
    return inside


def _formats(e: polib.POEntry) -> tuple[str, ...]:
    out = []
    for f in e.flags:
        name = f.removeprefix("possible-").removesuffix("-format")
        if f.endswith("-format") and name in _DIRECTIVES:
            out.append(name)
    return tuple(out)


def _field(out: list[str], prefix: str, name: str, value: str, wrap: bool, formats: tuple[str, ...] = ()) -> None:
    """`name "value"` as gettext writes it.  Unwrapped, a string with inner
    newlines starts with "" and continues a line per newline; wrapped, each
    newline-ended part is filled to the page width at the places UAX #14
    allows, as libunistring breaks them."""
    if "\n" not in value:
        # one line, unless wrapping breaks it (most entries)
        portion = value if value.isprintable() and '"' not in value and "\\" not in value else _escape(value)
        if not wrap or (
            len(prefix) + len(name) + 1 + (len(portion) if portion.isascii() else linebreak.text_width(portion)) <= PAGE_WIDTH - 2
        ):
            out.append(f'{prefix}{name} "{portion}"')
            return
    if not wrap:
        if "\n" in value.rstrip("\n") or value.count("\n") > 1:
            parts = value.split("\n")
            lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
            out.append(f'{prefix}{name} ""')
            out += [f'{prefix}"{_escape(x)}"' for x in lines]
        else:
            out.append(f'{prefix}{name} "{_escape(value)}"')
        return
    parts = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    inside = _inside_directives(value, formats) if formats else set()
    offset = 0
    after_break = len(prefix) + 1
    width = PAGE_WIDTH - 1 - after_break
    first = True
    for k, part in enumerate(parts):
        portion = _escape(part)
        base, offset = offset, offset + len(part)
        more = k < len(parts) - 1
        first_start = len(prefix) + len(name) + 2 - after_break
        if not more and (first_start if first else 0) + linebreak.text_width(portion) <= width:
            out.append(f'{prefix}{name} "{portion}"' if first else f'{prefix}"{portion}"')
            first = False
            continue
        opps = linebreak.opportunities(portion)
        # no break inside an escape, a format directive, or before the
        # final \n
        forbidden: set[int] = set()
        if portion is not part or inside:
            j = 0
            for i, ch in enumerate(part, base):
                if i in inside:
                    forbidden.add(j)
                if ch in _ESCAPES:
                    forbidden.add(j + 1)
                    j += 2
                else:
                    j += 1
        if part.endswith("\n"):
            forbidden.add(len(portion) - 2)
        if forbidden:
            opps = [o for o in opps if o[0] not in forbidden]
        breaks = linebreak.fill(portion, opps, width, first_start) if first else []
        if first and portion and (more or first_start > width or breaks):
            out.append(f'{prefix}{name} ""')
            first = False
        if not first:
            breaks = linebreak.fill(portion, opps, width, 0)
        line = f"{prefix}{name} \"" if first else f'{prefix}"'
        first = False
        begin = 0
        for i in breaks:
            out.append(line + portion[begin:i] + '"')
            line, begin = f'{prefix}"', i
        out.append(line + portion[begin:] + '"')


def _reference_lines(refs: list[tuple[str, str]]) -> list[str]:
    """`#:` lines as gettext's write-po.c lays them out: a new line
    whenever the next reference would pass the page width."""
    if len(refs) == 1:
        fil, num = refs[0]
        return [f"#: {fil}:{num}" if num else "#: " + fil]
    lines: list[str] = []
    cur, col = "#:", 2
    for fil, num in refs:
        ref = f"{fil}:{num}" if num else fil
        if col > 2 and col + len(ref) + 1 > PAGE_WIDTH:
            lines.append(cur)
            cur, col = "#:", 2
        cur += " " + ref
        col += len(ref) + 1
    lines.append(cur)
    return lines


def _comment_lines(marker: str, text: str) -> list[str]:
    return [marker + " " + c if c else marker for c in text.split("\n")]


def _entry(e: polib.POEntry, wrap: bool) -> list[str]:
    # comments: one line (most), several, or an empty `#`/`#.` alone
    tc, ec = e.tcomment, e.comment
    if tc:
        out = ["# " + tc] if "\n" not in tc else _comment_lines("#", tc)
    else:
        out = ["#"] if getattr(e, "_tc", None) == [""] else []
    if ec:
        out += ["#. " + ec] if "\n" not in ec else _comment_lines("#.", ec)
    elif getattr(e, "_ec", None) == [""]:
        out.append("#.")
    if e.occurrences:
        out += _reference_lines(e.occurrences)
    fmt: tuple[str, ...] = ()
    if e.flags:
        flags = _flags(e)
        if flags:
            out.append(flags)
        wrap = wrap and "no-wrap" not in e.flags
        fmt = _formats(e) if wrap else ()
    prev = "#~| " if e.obsolete else "#| "
    if e.previous_msgctxt is not None:
        _field(out, prev, "msgctxt", e.previous_msgctxt, wrap)
    if e.previous_msgid is not None:
        _field(out, prev, "msgid", e.previous_msgid, wrap)
    if e.previous_msgid_plural is not None:
        _field(out, prev, "msgid_plural", e.previous_msgid_plural, wrap)
    mark = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        _field(out, mark, "msgctxt", e.msgctxt, wrap)
    _field(out, mark, "msgid", e.msgid, wrap, fmt)
    if e.msgid_plural:
        _field(out, mark, "msgid_plural", e.msgid_plural, wrap, fmt)
    if e.msgstr_plural:
        for i in sorted(e.msgstr_plural):
            _field(out, mark, f"msgstr[{i}]", e.msgstr_plural[i], wrap, fmt)
    else:
        _field(out, mark, "msgstr", e.msgstr, wrap, fmt)
    return out


def dumps(po: polib.POFile, wrap: bool = False) -> str:
    """The catalog as text, byte for byte what GNU `msgcat --no-wrap`
    writes (`wrap`: what plain `msgcat` writes)."""
    live = [e for e in po if not e.obsolete]
    header, index = header_entry(po)
    if header is not None:
        live.insert(min(index, len(live)), header)
    # gettext keeps an obsolete entry only while it holds a translation
    dead = [e for e in po if e.obsolete and not untranslated(e)]
    # (msgcat writes nothing for a header alone; that file would fail
    # msgfmt, so the header stays)
    blocks = ["\n".join(_entry(e, wrap)) for e in (*live, *dead)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


_MARK = r"(?:#~\| |#~ |#\| )?"
#: a string line followed by another: wrapped, unless the first ends in \n
#: or is the empty start of a multi-line string (`msgid ""`)
_NEXT_STRING = re.compile(r'"\n' + _MARK + '"')
#: a message line past the page width (unwrapped), at the start of the
#: text or after a newline (which the search finds fast)
_LONG = re.compile(r"(?=[^\n]{%d})" % (PAGE_WIDTH + 1) + _MARK + r"(?:msg|\")")
_LONG_AFTER_NEWLINE = re.compile(r"\n(?=[^\n]{%d})" % (PAGE_WIDTH + 1) + _MARK + r"(?:msg|\")")


def wrapped(text: str) -> bool | None:
    """Whether the catalog `text` has gettext's wrapped layout (True), the
    unwrapped one (False: a message line past the page width), or cannot
    tell (None: no string long enough to wrap)."""
    for m in _NEXT_STRING.finditer(text):
        end = text[m.start() - 2 : m.start()]
        if end != "\\n" and end != ' "':
            return True
    return False if _LONG.match(text) or _LONG_AFTER_NEWLINE.search(text) else None


__all__ = [
    "FORMATS", "PAGE_WIDTH", "dumps", "entry", "extracted_comments", "header_entry", "header_line", "msgstr_line", "parse",
    "set_translator_comments", "translator_comments", "untranslated", "wrapped",
]
