"""Reading and writing gettext catalogs, in one pass.

The data model stays polib's (`POFile`, `POEntry`: what translators'
scripts and our tests know), but polib's reader is a general state machine
and its writer runs every string through textwrap; at 100k messages per
catalog the two took a third of a sync.  This reader keeps polib's reading
of a file (line numbers at an entry's first line, the leading comment block
as the file's header, metadata from the empty msgid) and reports any line
it cannot read with its number.  The writer writes what GNU `msgcat
--no-wrap` writes: message strings unwrapped (split only after embedded
newlines), file references wrapped at 79 columns as gettext always does.
"""

from __future__ import annotations

import re

import polib

from .errors import TransnormError

#: GNU gettext wraps file references at this width even under --no-wrap
PAGE_WIDTH = 79

_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_PREVIOUS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*$')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"'}
_SPECIAL = re.compile(r'[\\\t\r\n\v\b\f"]')
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\v": "\\v", "\b": "\\b", "\f": "\\f", '"': '\\"'}


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    return _ESCAPE.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(1)), s)


def _escape(s: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], s) if _SPECIAL.search(s) else s


class _Entry:
    """An entry being read; becomes a POEntry when complete."""

    __slots__ = ("comment", "fields", "flags", "has_msgid", "has_msgstr", "line", "obsolete", "occurrences", "plural", "previous", "tcomment")

    def __init__(self, line: int) -> None:
        self.line = line
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
        return entry(
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
        )


_DEFAULTS = {
    "msgid": "",
    "msgstr": "",
    "msgid_plural": "",
    "msgctxt": None,
    "obsolete": False,
    "encoding": "utf-8",
    "comment": "",
    "tcomment": "",
    "previous_msgctxt": None,
    "previous_msgid": None,
    "previous_msgid_plural": None,
    "linenum": None,
}


def entry(**fields) -> polib.POEntry:
    """A POEntry, without polib's keyword-by-keyword constructor (a third
    of a catalog update's time at 100k entries)."""
    e = polib.POEntry.__new__(polib.POEntry)
    d = e.__dict__
    d.update(_DEFAULTS)
    d["msgstr_plural"] = {}
    d["occurrences"] = []
    d["flags"] = []
    d.update(fields)
    return e


class _Dangling(Exception):
    """A block ends with comments that belong to the entry after it."""


def _parse_lines(text: str, path: str, first: int = 1, at_start: bool = True, whole: bool = True) -> tuple[list[str], list[polib.POEntry]]:
    """The general reader: the header comment lines and the entries of
    `text`, whose first line is line `first` of the file."""
    header: list[str] = []
    in_header = at_start  # until the leading comments end
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
        line = raw.strip()
        if not line:
            continue
        obsolete = False
        if line.startswith("#~"):
            rest = line[2:].lstrip()
            if rest.startswith("|"):
                line = "#|" + rest[1:]  # previous msgid of an obsolete entry
            elif rest:
                line, obsolete = rest, True
            else:
                continue
        if line[0] == "#":
            kind = line[1:2]
            if cur is not None and cur.has_msgstr:
                finish()
            if in_header and cur is None and kind not in (",", ".", ":", "|"):
                # the leading comment block is the file's header comment
                header.append(line[2:] if line.startswith("# ") else line[1:])
                continue
            if cur is None:
                cur = _Entry(n)
            in_header = False
            body = line[2:].strip() if kind in (",", ".", ":", "|") else None
            if kind == ".":
                cur.comment.append(line[3:] if line.startswith("#. ") else line[2:])
            elif kind == ":":
                for ref in body.split():
                    fil, _, num = ref.rpartition(":")
                    cur.occurrences.append((fil, num) if fil and num.isdigit() else (ref, ""))
            elif kind == ",":
                cur.flags += [f.strip() for f in body.split(",") if f.strip()]
            elif kind == "|":
                if body.startswith('"'):
                    q = _QUOTED.match(body)
                    if target is None or target[0] != "previous" or q is None:
                        fail(n, "unexpected continuation line")
                    cur.previous[target[1]] += _unescape(q.group(1))
                    continue
                m = _KEYWORD.match(body)
                q = _QUOTED.match(m.group(3)) if m else None
                if m is None or m.group(1) not in _PREVIOUS or q is None:
                    fail(n, "bad previous-message line")
                if cur.has_msgid:
                    fail(n, "previous message after msgid")
                cur.previous[m.group(1)] = _unescape(q.group(1))
                target = ("previous", m.group(1))
            else:
                cur.tcomment.append(line[2:] if line.startswith("# ") else line[1:])
            continue
        in_header = False
        if line[0] == '"':
            q = _QUOTED.match(line)
            if q is None:
                fail(n, "unterminated string or unescaped double quote")
            if target is None or target[0] == "previous" or cur is None or cur.obsolete != obsolete:
                fail(n, "string outside a message")
            kind, key = target
            if kind == "plural":
                cur.plural[key] += _unescape(q.group(1))
            else:
                cur.fields[key] += _unescape(q.group(1))
            continue
        m = _KEYWORD.match(line)
        if m is None:
            fail(n, f"unexpected text {line[:40]!r}")
        keyword, index, rest = m.groups()
        q = _QUOTED.match(rest)
        if q is None:
            fail(n, "unterminated string or unescaped double quote")
        value = _unescape(q.group(1))
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
            cur.plural[int(index)] = value
            cur.has_msgstr = True
            target = ("plural", int(index))
        else:
            if "msgstr" in cur.fields:
                fail(n, "second msgstr in one entry")
            cur.fields["msgstr"] = value
            cur.has_msgstr = True
            target = ("field", "msgstr")
    finish()
    return header, entries


_STR = r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"'
#: an entry as transnorm and msgcat write most of them: comments, one-line
#: msgctxt/msgid/msgstr, then a blank line
_SIMPLE = re.compile(r"((?:#[^\n]*\n)*)(?:msgctxt " + _STR + r"\n)?msgid " + _STR + r"\nmsgstr " + _STR + r"\n(?:\n|$)")


def _simple_entry(m: re.Match, line: int) -> polib.POEntry | None:
    """The entry `m` matched, or None if its comments need the general
    reader (previous msgids, obsolete lines)."""
    comments, ctxt, msgid, msgstr = m.groups()
    tc: list[str] = []
    gc: list[str] = []
    occ: list[tuple[str, str]] = []
    flags: list[str] = []
    if comments:
        for c in comments[:-1].split("\n"):
            c = c.rstrip()
            kind = c[1:2]
            if kind == ".":
                gc.append(c[3:] if c[2:3] == " " else c[2:])
            elif kind == ":":
                for ref in c[2:].split():
                    fil, _, num = ref.rpartition(":")
                    occ.append((fil, num) if fil and num.isdigit() else (ref, ""))
            elif kind == ",":
                flags += [f.strip() for f in c[2:].split(",") if f.strip()]
            elif kind in ("|", "~"):
                return None
            else:
                tc.append(c[2:] if kind == " " else c[1:])
    return entry(
        msgid=_unescape(msgid),
        msgstr=_unescape(msgstr),
        msgctxt=None if ctxt is None else _unescape(ctxt),
        comment="\n".join(gc),
        tcomment="\n".join(tc),
        occurrences=occ,
        flags=flags,
        linenum=line,
    )


def _read(text: str, path: str) -> tuple[list[str], list[polib.POEntry]]:
    """Entries in the common layout are read by one regular expression each;
    every other block goes through the general reader, and a file whose
    blocks do not split cleanly is read by the general reader whole."""
    header: list[str] = []
    entries: list[polib.POEntry] = []
    pos, line, n = 0, 1, len(text)
    at_start = True
    while pos < n:
        while pos < n and text[pos] == "\n":
            pos += 1
            line += 1
        if pos >= n:
            break
        m = None if at_start else _SIMPLE.match(text, pos)
        e = None if m is None else _simple_entry(m, line)
        if e is not None:
            entries.append(e)
            line += m.group(0).count("\n")
            pos = m.end()
            continue
        end = text.find("\n\n", pos)
        end = n if end < 0 else end + 1
        try:
            h, es = _parse_lines(text[pos:end], path, line, at_start, whole=False)
        except (_Dangling, TransnormError):
            return _parse_lines(text, path)
        if at_start:
            header += h
        if es:
            at_start = False
        entries += es
        line += text.count("\n", pos, end)
        pos = end
    return header, entries


def parse(text: str, path: str = "") -> polib.POFile:
    """The catalog in `text`; a line that is not PO syntax raises a
    TransnormError naming `path` and the line."""
    po = polib.POFile(wrapwidth=0)
    po.encoding = "utf-8"
    header, entries = _read(text.removeprefix("\ufeff"), path)
    po.header = "\n".join(header)
    if entries and entries[0].msgid == "" and entries[0].msgctxt is None and not entries[0].obsolete:
        meta = entries.pop(0)
        po.metadata_is_fuzzy = meta.flags
        key = None
        for row in meta.msgstr.splitlines():
            name, sep, val = row.partition(":")
            if sep:
                key = name
                po.metadata[key] = val.strip()
            elif key is not None:
                po.metadata[key] += "\n" + row.strip()
    po.extend(entries)
    return po


def _field(out: list[str], prefix: str, name: str, value: str) -> None:
    """`name "value"` as msgcat --no-wrap writes it: a string with inner
    newlines starts with "" and continues a line per newline."""
    if "\n" in value.rstrip("\n") or value.count("\n") > 1:
        parts = value.split("\n")
        lines = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        out.append(f'{prefix}{name} ""')
        out += [f'{prefix}"{_escape(x)}"' for x in lines]
    else:
        out.append(f'{prefix}{name} "{_escape(value)}"')


def _references(refs: list[tuple[str, str]]) -> list[str]:
    """`#:` lines as gettext's write-po.c lays them out: a new line
    whenever the next reference would pass the page width."""
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


def _entry(e: polib.POEntry) -> list[str]:
    out: list[str] = []
    if e.tcomment:
        out += ["# " + c for c in e.tcomment.split("\n")]
    if not e.obsolete:
        if e.comment:
            out += ["#. " + c for c in e.comment.split("\n")]
        if e.occurrences:
            out += _references(e.occurrences)
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    prev = "#~| " if e.obsolete else "#| "
    for name in ("msgctxt", "msgid", "msgid_plural"):
        val = getattr(e, "previous_" + name)
        if val is not None:
            _field(out, prev, name, val)
    mark = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        _field(out, mark, "msgctxt", e.msgctxt)
    _field(out, mark, "msgid", e.msgid)
    if e.msgid_plural:
        _field(out, mark, "msgid_plural", e.msgid_plural)
    if e.msgstr_plural:
        for i in sorted(e.msgstr_plural):
            _field(out, mark, f"msgstr[{i}]", e.msgstr_plural[i])
    else:
        _field(out, mark, "msgstr", e.msgstr)
    return out


def dumps(po: polib.POFile) -> str:
    """The catalog as text, byte for byte what GNU `msgcat --no-wrap` writes."""
    out: list[str] = []
    for h in po.header.split("\n"):
        out.append("#" if not h else (f"#{h}" if h[0] in ",:" else f"# {h}"))
    meta = polib.POEntry(msgid="")
    rows = po.ordered_metadata()
    if rows:
        meta.msgstr = "\n".join(f"{k}: {v}" for k, v in rows) + "\n"
    if po.metadata_is_fuzzy:
        meta.flags.append("fuzzy")
    live = [e for e in po if not e.obsolete]
    dead = [e for e in po if e.obsolete]
    blocks = ["\n".join(_entry(e)) for e in (meta, *live, *dead)]
    return "\n".join(out) + "\n" + "\n\n".join(blocks) + "\n"


__all__ = ["PAGE_WIDTH", "dumps", "entry", "parse"]
