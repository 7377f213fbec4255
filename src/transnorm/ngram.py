"""A word trigram model of Chinese, where the user has one.

The built-in model (lm.py: wordfreq's word counts, pairs of characters from
newspapers and manual pages) knows words and which characters stand
together; it cannot tell `设计与训练` from `设计不训练` (与, 不 and 中 are one
lost byte apart), which takes the words on either side.  The Chinese input
method of fcitx5 ships a word trigram model (libime's `zh_CN.lm`, KenLM's
binary format; Debian and Ubuntu package it as libime-data-language-model),
which does.  Asked for (`transnorm fix --lm`, `[fix] language_model`), the
repair rescores the hypotheses its search keeps with it.

Optional, and only when asked: it needs the `kenlm` module (the `lm` extra)
and the model file, and what the repair writes depends on the options it is
given, never on what the machine happens to have installed."""

from __future__ import annotations

import glob
import math
import re
from functools import lru_cache
from pathlib import Path

from .errors import TransnormError
from .chardata import HAN_RANGES as _HAN

#: the value of `--lm` / `language_model` that looks for libime's model
AUTO = "auto"
#: where distributions install libime's model (the multiarch directory varies)
SEARCH = (
    "/usr/lib/*/libime/zh_CN.lm",
    "/usr/lib64/libime/zh_CN.lm",
    "/usr/lib/libime/zh_CN.lm",
    "/usr/share/libime/zh_CN.lm",
)
#: weight of the trigram model's log-probability beside the built-in model's
#: (nats each): 2 read best on held-out catalog text (1: 85.5%, 2: 85.8%,
#: 3: 85.9% but a corpus line lost, 5: 85.8%)
WEIGHT = 2.0
#: the longest word the segmentation tries (the model's vocabulary has 249
#: words longer than six characters of 164,887)
MAX_WORD = 6
#: Han runs whose scores are remembered (the search asks for the same
#: windows again)
RUNS_KEPT = 1 << 16
_LN10 = math.log(10)
_MAGIC = b"mmap lm http://kheafield.com/code"
#: the runs of Han characters the model scores (the characters lm.py reads
#: as Han)
_HAN_RUN = re.compile(f"[{_HAN}]+")


class TrigramModel:
    """A KenLM model over words of Han characters (punctuation, digits and
    Latin text are not in its vocabulary: each run of Han characters is
    scored on its own)."""

    def __init__(self, path: Path) -> None:
        try:
            import kenlm
        except ImportError:
            raise TransnormError(
                "a language model needs the kenlm module: pip install 'transnorm[lm]'", str(path)
            ) from None
        self.path = path
        self._kenlm = kenlm
        with open(path, "rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                # an ARPA file would load (slowly, with progress bars on
                # stderr) but keeps no vocabulary the segmentation can read
                raise TransnormError("not a KenLM binary language model (build_binary makes one from an ARPA file)", str(path))
        try:
            self._model = kenlm.Model(str(path))
        except (OSError, RuntimeError) as exc:
            raise TransnormError(f"not a KenLM language model ({str(exc).splitlines()[0][:120]})", str(path)) from None
        self.vocabulary = _vocabulary(path)
        self._runs: dict[str, float] = {}

    def score(self, text: str) -> float:
        """WEIGHT times the log-probability (nats) of the Han runs of `text`."""
        total = 0.0
        for run in _HAN_RUN.findall(text):
            lp = self._runs.get(run)
            if lp is None:
                if len(self._runs) >= RUNS_KEPT:
                    self._runs.clear()
                lp = self._runs[run] = self._run(run)
            total += lp
        return WEIGHT * total

    def _run(self, run: str) -> float:
        """The log-probability of the run's likeliest segmentation into the
        model's words: the model was trained on segmented text, and a
        segmentation chosen by unigram counts alone reads `一种名为` as
        `一 种名 为`.  Viterbi over (end, last word), the trigram's second word
        kept in the KenLM state."""
        kenlm, model, vocab = self._kenlm, self._model, self.vocabulary
        start = kenlm.State()
        model.NullContextWrite(start)
        best: list[dict[str, tuple[float, object]]] = [{} for _ in range(len(run) + 1)]
        best[0][""] = (0.0, start)
        for i in range(len(run)):
            for score, state in best[i].values():
                for j in range(i + 1, min(len(run), i + MAX_WORD) + 1):
                    word = run[i:j]
                    if j - i > 1 and word not in vocab:
                        continue
                    out = kenlm.State()
                    new = score + model.BaseScore(state, word, out)
                    seen = best[j].get(word)
                    if seen is None or new > seen[0]:
                        best[j][word] = (new, out)
        return max(score for score, _state in best[-1].values()) * _LN10


def _vocabulary(path: Path) -> frozenset[str]:
    """The model's words: a KenLM binary file ends with them, NUL-separated,
    from `<unk>` on."""
    data = path.read_bytes()
    at = data.rfind(b"<unk>\0")
    if at < 0:
        raise TransnormError("a KenLM model without its vocabulary (build it with the words kept)", str(path))
    try:
        return frozenset(w.decode("utf-8") for w in data[at:].split(b"\0")[1:] if w)
    except UnicodeDecodeError:
        raise TransnormError("a KenLM model whose vocabulary is not UTF-8", str(path)) from None


def resolve(spec: str | Path) -> Path:
    """The model file `spec` names: a path, or `auto` for libime's model
    where the distribution installs it."""
    if str(spec) == AUTO:
        for pattern in SEARCH:
            found = sorted(glob.glob(pattern))
            if found:
                return Path(found[0])
        raise TransnormError(
            "no Chinese language model found (libime's zh_CN.lm; on Debian/Ubuntu: apt-get install "
            "libime-data-language-model); give its path instead of 'auto'"
        )
    path = Path(spec)
    if not path.is_file():
        raise TransnormError("no such language model file", str(path))
    return path


def available() -> bool:
    """Whether `auto` would find a model and the module to read it (the CLI
    says so where it could have helped; it is never used unasked)."""
    import importlib.util

    try:
        resolve(AUTO)
    except TransnormError:
        return False
    return importlib.util.find_spec("kenlm") is not None


@lru_cache(maxsize=4)
def load(path: Path) -> TrigramModel:
    return TrigramModel(path)
