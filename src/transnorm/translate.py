"""Offline machine translation of empty catalog entries with argostranslate.

argostranslate manages the language packages (`argospm install
translate-en_pt`, or `install_from_path` for an `.argosmodel` file); the
translation itself runs through the package's own CTranslate2 model and
sentencepiece tokenizer, so a whole catalog goes in batches rather than one
call per entry.  Entries are single titles or short descriptions, so no
sentence splitting is needed.

What must not be translated is protected by construction: acronyms and
model names (`GPTQ`, `LoRA`, `QLoRA`), numbers, inline code, URLs and markup
split the text into segments, only the segments between them are
translated, and the protected pieces are put back verbatim.  A model cannot
drop or garble them, whatever it does to the words around them.

Every filled entry is fuzzy and says which package made it: machine output
is a draft for a translator, never a reviewed translation.  A non-empty
`msgstr` is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import polib

from .errors import TransnormError
from .langid import detect

MT_NOTE = "transnorm: machine-translated by argostranslate package "

#: spans kept verbatim, in order of precedence
PROTECTED = re.compile(
    r"(?P<url>https?://\S+|www\.\S+)"
    r"|(?P<mdlink>\]\([^)]*\))"
    r"|(?P<code>`[^`]*`)"
    r"|(?P<tag></?[a-zA-Z][^>]*>)"
    r"|(?P<bold>\*\*|__)"
    r"|(?P<placeholder>%(?:\([^)]+\))?[sdif]|\{(?:[A-Za-z_][A-Za-z0-9_]*|\d+)\})"
    # GPTQ, LoRA, QLoRA, vLLM, FP8, W4A8 (two capitals, a capital after a
    # small letter, or letters and digits); not Title-case words
    r"|(?P<name>\b(?=[A-Za-z0-9.+]*(?:[A-Z][a-z0-9.+]*[A-Z]|[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]))[A-Za-z0-9.+]+\b)"
    r"|(?P<number>\d+(?:[.,]\d+)*)"
)
_HEAD = re.compile(r"^\s*([^:：]{1,40}?)\s*[:：]\s")


@dataclass(frozen=True)
class Segment:
    text: str
    translate: bool


def segments(text: str) -> list[Segment]:
    """Split `text` into protected pieces and pieces to translate.  The
    name before a leading colon (`GPTQ:`, `Sheared LLaMA:`) is protected
    whole: it is the paper's name."""
    out: list[Segment] = []
    head = _HEAD.match(text)
    start = 0
    if head and len(head.group(1).split()) <= 4:
        out.append(Segment(text[: head.end()], False))
        start = head.end()
    cursor = start
    for m in PROTECTED.finditer(text, start):
        if m.start() > cursor:
            out.append(Segment(text[cursor : m.start()], True))
        out.append(Segment(m.group(), False))
        cursor = m.end()
    if cursor < len(text):
        out.append(Segment(text[cursor:], True))
    # a piece with no letters (spaces, punctuation) is kept as it is
    return [Segment(s.text, s.translate and bool(re.search(r"[^\W\d_]", s.text))) for s in out]


class Model:
    """One installed argostranslate package, used for batch translation."""

    def __init__(self, pkg) -> None:
        import ctranslate2
        import sentencepiece

        self.pkg = pkg
        self.name = f"translate-{pkg.from_code}_{pkg.to_code} {getattr(pkg, 'package_version', '')}".strip()
        spm = pkg.package_path / "sentencepiece.model"
        if not spm.is_file():
            raise TransnormError(f"package {self.name} has no sentencepiece.model (BPE packages are not supported)", str(pkg.package_path))
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(spm))
        self.translator = ctranslate2.Translator(str(pkg.package_path / "model"), device="cpu")

    def translate(self, texts: list[str], batch_size: int = 32, progress: Callable[[int], None] | None = None) -> list[str]:
        out: list[str] = []
        for i in range(0, len(texts), batch_size):
            batch = texts[i : i + batch_size]
            tokens = [self.sp.encode(t.strip(), out_type=str) for t in batch]
            longest = max((len(t) for t in tokens), default=1)
            results = self.translator.translate_batch(
                tokens, beam_size=2, max_decoding_length=min(512, 2 * longest + 16)
            )
            for original, r in zip(batch, results):
                text = self.sp.decode(r.hypotheses[0]) if r.hypotheses else ""
                # keep the spaces that joined the piece to its neighbours
                lead = original[: len(original) - len(original.lstrip())]
                trail = original[len(original.rstrip()) :]
                out.append(lead + text.strip() + trail)
            if progress:
                progress(len(batch))
        return out


def find_model(source: str, target: str) -> Model:
    """The installed package for `source` -> `target`, or a clear error that
    names the command to install it."""
    try:
        import argostranslate.package as argos_package
    except ImportError:
        raise TransnormError(
            "machine translation needs the optional extra: pip install torch==2.13.0 (CPU build) "
            "then pip install 'transnorm[mt]'"
        ) from None
    for pkg in argos_package.get_installed_packages():
        if pkg.from_code == source and pkg.to_code == target:
            return Model(pkg)
    raise TransnormError(
        f"no argostranslate package for {source}->{target} is installed: run `argospm install translate-{source}_{target}` "
        f"on a machine with internet, or `python -c \"import argostranslate.package as p; p.install_from_path('translate-{source}_{target}.argosmodel')\"` "
        "for a downloaded .argosmodel file"
    )


def pending(po: polib.POFile, locale: str) -> dict[str, list[polib.POEntry]]:
    """Empty entries of a catalog, by the language of their msgid."""
    out: dict[str, list[polib.POEntry]] = {}
    for e in po:
        if e.obsolete or e.msgstr or not e.msgid.strip():
            continue
        lang = detect(e.msgid).lang
        if lang == "und":
            lang = "en"
        if lang != locale:
            out.setdefault(lang, []).append(e)
    return out


def translate_catalog(
    po: polib.POFile,
    locale: str,
    models: dict[tuple[str, str], Model] | None = None,
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Fill the empty entries of `po` with machine translations (fuzzy,
    with a note naming the package); return how many were filled.  All
    models are found before anything changes, so a missing package leaves
    the catalog untouched."""
    todo = pending(po, locale)
    models = models if models is not None else {}
    for source in list(todo):
        if (source, locale) in models:
            continue
        try:
            models[(source, locale)] = find_model(source, locale)
        except TransnormError as exc:
            if source == "en" or "optional extra" in exc.message:
                raise
            # an original in another language (a Chinese-only description)
            # waits for its package; the English messages go ahead
            if warn:
                warn(f"{len(todo[source])} {source} entries left untranslated: {exc.message}")
            del todo[source]
    filled = 0
    total = sum(len(v) for v in todo.values())
    for source, entries in sorted(todo.items()):
        model = models[(source, locale)]
        split = [segments(e.msgid) for e in entries]
        texts = [s.text for segs in split for s in segs if s.translate]
        done = 0

        def tick(n: int, _total=len(texts)) -> None:
            nonlocal done
            done += n
            if progress:
                progress(filled + round(len(entries) * done / max(1, _total)), total)

        translated = iter(model.translate(texts, batch_size, tick))
        for e, segs in zip(entries, split):
            e.msgstr = "".join(next(translated) if s.translate else s.text for s in segs)
            if "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
            note = MT_NOTE + model.name + " (review it, then clear the fuzzy flag)"
            e.tcomment = f"{e.tcomment}\n{note}" if e.tcomment else note
            filled += 1
    return filled
