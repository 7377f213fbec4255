"""What a repair is told: the project's words, its model, its rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .. import lm, ngram
from .accept import WEAK_MARGIN
from .rules import RULES, Rule

#: nats a GBK run must gain when it is the only Chinese of a line of Latin
#: words in a document proven GBK mojibake (`- PanGu-危: Towards ...`)
GBK_VOUCHED_MARGIN = 2.0


@dataclass(frozen=True)
class RepairConfig:
    """Everything a repair depends on besides its text, passed explicitly:
    the same configuration gives the same output, whatever ran before.

    `glossary`: terms the language model should know besides its word
    lists (a project's technical words: 访存, 低秩, 提示词), each one word of
    Han characters or of letters (ValueError otherwise).

    `language_model`: a word trigram model of Chinese to rescore the
    search's hypotheses with (a KenLM file, or `auto` for fcitx5's; see
    ngram.py); None for the built-in model alone.

    `disabled`: names of context rules not to apply (see
    :data:`transnorm.repair.rules.RULES`; ValueError for an unknown one).

    `weak_margin`, `gbk_margin`: nats a repair resting on weak evidence
    must gain (see accept.py and gbk.py)."""

    glossary: tuple[str, ...] = ()
    language_model: str | Path | None = None
    disabled: frozenset[str] = field(default_factory=frozenset)
    weak_margin: float = WEAK_MARGIN
    gbk_margin: float = GBK_VOUCHED_MARGIN

    def __post_init__(self) -> None:
        object.__setattr__(self, "glossary", tuple(self.glossary))
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        unknown = sorted(self.disabled - RULES.keys())
        if unknown:
            raise ValueError(f"no repair rule is named {unknown[0]!r} (the rules: {', '.join(RULES)})")
        lm.glossary_terms(self.glossary)  # raises on a term the model cannot read
        self.rescorer  # a model that cannot be loaded is an error now, naming its file

    def __reduce__(self):
        # sent to worker processes without the models it has loaded
        return (RepairConfig, (self.glossary, self.language_model, self.disabled, self.weak_margin, self.gbk_margin))

    @cached_property
    def model(self) -> lm.WordModel:
        """The built-in model with the glossary's terms."""
        return lm.builtin(self.glossary)

    @cached_property
    def rescorer(self) -> lm.LanguageModel | None:
        """The trigram model, if one was asked for (errors name the file)."""
        return ngram.load(ngram.resolve(self.language_model)) if self.language_model is not None else None

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for name, r in RULES.items() if name not in self.disabled)


DEFAULT = RepairConfig()
