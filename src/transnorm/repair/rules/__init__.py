"""Context rules: what a reading costs beyond the language model's window.

The language model sees a few characters each side of a choice; a Chinese
sentence pairs words further apart (a bracket and its partner, `与 … 之间`,
a question word and its `？`).  Each rule here weighs the readings of the
uncertain characters of a line with what it knows of such pairs: a reading
that breaks one pays the rule's cost (nats), added to the model's score.

A rule is registered once, with a name, a cost, the passes it serves
(``single-byte``: UTF-8 read through a single-byte codec; ``gbk``: UTF-8
read as GBK) and a docstring whose first line is its title.  Both passes
hand it the same :class:`Line`; a rule can be switched off by name
(:class:`transnorm.repair.RepairConfig`, ``[fix] disable`` in
transnorm.toml), and each repair records the rules that weighed for the
reading it chose (``transnorm fix --explain``, ``transnorm rules``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...lm import KNOWN_PAIR_WORD, WordModel

PASSES = ("single-byte", "gbk")


@dataclass(frozen=True)
class Rule:
    name: str
    cost: float
    passes: tuple[str, ...]
    apply: Callable[["Line", float], None]

    @property
    def doc(self) -> str:
        return (self.apply.__doc__ or "").strip()

    @property
    def title(self) -> str:
        return self.doc.split("\n\n")[0].replace("\n", " ").split(". ")[0].rstrip(".")


#: every rule, in the order they are applied (their costs add up, so the
#: order changes nothing but the sum's rounding)
RULES: dict[str, Rule] = {}


def rule(name: str, cost: float, passes: tuple[str, ...] = PASSES):
    """Register the decorated function as the rule `name`."""

    def register(fn: Callable[["Line", float], None]):
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = Rule(name, cost, tuple(passes), fn)
        return fn

    return register


class Slot:
    """An uncertain character of a line: its readings, what each costs,
    and which rule charged what."""

    __slots__ = ("pos", "candidates", "penalty", "charged", "choice", "confidence", "partners")

    def __init__(self, pos: int, candidates: tuple[str, ...], penalty: dict[str, float] | None = None) -> None:
        self.pos = pos  # offset in the working line
        self.candidates = candidates
        self.penalty: dict[str, float] = dict(penalty or {})
        #: rule name -> reading -> cost
        self.charged: dict[str, dict[str, float]] = {}
        self.choice = 0
        self.confidence = 1.0
        #: readings of the next slot that make a glossary term with a
        #: reading of this one (see search._with_partner)
        self.partners: dict[str, tuple[str, ...]] = {}

    @property
    def readings(self) -> set[str]:
        """The characters the slot can be, without the space some readings
        keep (see bare)."""
        return {bare(c) for c in self.candidates}

    def deciding(self, reading: str) -> list[str]:
        """The rules that charged some other reading more than `reading`."""
        out = []
        for name, costs in self.charged.items():
            mine = costs.get(reading, 0.0)
            if any(costs.get(c, 0.0) > mine for c in self.candidates if c != reading):
                out.append(name)
        return out


def bare(reading: str) -> str:
    """A reading without the space it took along (`“ `: a no-break space
    that became a space may have been the sequence's own byte, so each
    reading that did not use it keeps it): the rules on marks read the
    mark."""
    return reading[:-1] if len(reading) == 2 and reading[1] == " " else reading


@dataclass(frozen=True)
class Hole:
    """Where the GBK pass decides a lost byte: the text, the run, and the
    end of its line (the quote rule reads the U+FFFD holes around it)."""

    text: str
    start: int
    end: int
    line_end: int


class Line:
    """A line being decided: its characters at their current readings
    (`work`), its uncertain ones (`slots`), the model, and for the GBK pass
    the hole being filled."""

    def __init__(self, work: list[str], slots: list[Slot], model: WordModel, hole: Hole | None = None) -> None:
        self.work = work
        self.slots = slots
        self.model = model
        self.hole = hole
        self.options = {s.pos: s.readings for s in slots}
        self.fixed = set(self.options)
        self._rule = ""
        self._questions: set[int] | None = None

    def cells(self, k: int) -> set[str]:
        """What position `k` can be: a slot's readings, or its certain
        character (nothing past the line's ends)."""
        if not 0 <= k < len(self.work):
            return set()
        return self.options.get(k) or {self.work[k]}

    def charge(self, slot: Slot, reading: str, cost: float) -> None:
        """`reading` of `slot` pays `cost` (for the rule being applied)."""
        slot.penalty[reading] = slot.penalty.get(reading, 0.0) + cost
        costs = slot.charged.setdefault(self._rule, {})
        costs[reading] = costs.get(reading, 0.0) + cost

    def favour(self, slot: Slot, mark: str, cost: float) -> None:
        """Every reading of `slot` but `mark` pays `cost`."""
        for c in slot.candidates:
            if bare(c) != mark:
                self.charge(slot, c, cost)

    def ends_question(self, slot: Slot) -> bool:
        """Whether `slot` can close a clause that asks (see questions)."""
        if self._questions is None:
            from .questions import asking

            self._questions = asking(self)
        return slot.pos in self._questions

    def makes_word(self, firsts: set[str], seconds: set[str], floor: float = KNOWN_PAIR_WORD) -> bool:
        """Whether a character of `firsts` and one of `seconds` make a
        two-character word the lists know well (at least `floor`): the 中
        that closes `在 X 中` is a word of its own (`在2023年中断发展` is
        `不断`), and 吗 ends its sentence unless it is 吗啡."""
        pairs = self.model.known_pairs()
        return any(b in seconds and lp >= floor for a in firsts for b, lp in pairs.get(a, ()))

    def reading_makes_word(self, i: int, reading: str | None = None) -> bool:
        """Whether the certain character at `i` (or `reading` there) makes a
        word with a neighbour (从而, 服从: no preposition)."""
        here = {reading or self.work[i]}
        return self.makes_word(self.cells(i - 1), here) or self.makes_word(here, self.cells(i + 1))


def apply(line: Line, rules: tuple[Rule, ...], pass_: str, costs: dict[str, float] | None = None) -> None:
    """Let each rule of `pass_` weigh the line's slots."""
    for r in rules:
        if pass_ in r.passes:
            line._rule = r.name
            r.apply(line, (costs or {}).get(r.name, r.cost))
    line._rule = ""


# the rules register themselves on import, in this order
from . import brackets, questions, particles, negation, titles, correlatives, colons, quotes  # noqa: E402

MODULES = (brackets, questions, particles, negation, titles, correlatives, colons, quotes)
