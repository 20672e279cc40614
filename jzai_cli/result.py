"""What the engine returns: one `Award` per clause and event, and a `Result`.

A clause's rule records its steps here — the facts it read, the caps it
applied, the limits left, the readings it consulted — and the renderers
print that record without re-deriving anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .money import to_yuan


class Status(StrEnum):
    ELIGIBLE = "eligible"
    NEEDS_REVIEW = "needs_review"
    UNDETERMINED = "undetermined"
    NOT_ELIGIBLE = "not_eligible"


class FactName(str):
    """A fact's field name in a message: shown by its Chinese label under zh."""


class LabelKey(str):
    """A key of `i18n.LABELS` in a message (a cap's name): shown as its label."""


@dataclass(frozen=True)
class Message:
    """A sentence in the message catalogue (`i18n.MESSAGES`) with its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cap:
    """A cap applied to an award: which, the limit, the amount before and after."""

    name: str  # per_project, ceiling, yearly, cumulative, per_person, max_months
    limit: Decimal
    before: Decimal
    after: Decimal

    @property
    def cut(self) -> bool:
        return self.after < self.before


@dataclass(frozen=True)
class Limit:
    """What remains of a yearly, cumulative or per-person limit after an award."""

    clause: str
    scope: str  # yearly, cumulative, per_person
    subject: str  # the year, the applicant, or the person
    limit: Decimal
    used_before: Decimal
    this_award: Decimal
    unit: str = "yuan"  # yuan, or months for 9.2's 12 months per graduate

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.limit - self.used_before - self.this_award)

    def shown(self) -> tuple[int, int, int, int]:
        """The limit, used before, this award and remaining in whole units, as
        shown: the yuan are rounded where the limit stands before and after
        the award (as the awards' own amounts are), so that used, this and
        remaining add up to the limit and this is what the award pays (6.1's
        2,468.50 after 2,468.50 uses 2,468, not 2,469)."""
        if self.unit != "yuan":
            return int(self.limit), int(self.used_before), int(self.this_award), int(self.remaining)
        limit, used = to_yuan(self.limit), to_yuan(self.used_before)
        after = to_yuan(self.used_before + self.this_award)
        return limit, used, after - used, max(0, limit - after)


@dataclass(frozen=True)
class NearMiss:
    """A threshold just out of reach: what it is and how far."""

    clause: str
    threshold: str  # the source's words, e.g. "超过5000万元"
    value: Decimal
    shortfall: Decimal
    unit: str = "yuan"  # yuan, pflops, racks, days
    would_pay: Decimal | None = None  # what meeting it would add, after every cap and limit
    fixed: bool = False  # a date that has passed: a fact the applicant can no longer change


@dataclass(frozen=True)
class Step:
    """One step of an award's computation, recorded by the rule as it took it:
    the source sentence, a fact, a threshold, a cap, the outcome, the
    rounding. `value` is the amount after the step, when the step sets one;
    the last step's value is what the award pays (`jzai check --trace`)."""

    kind: str  # quote, facts, threshold, reading, cap, gate, outcome, rounding
    message: Message
    value: Decimal | None = None


@dataclass
class Award:
    clause: str
    article: int
    title: str
    title_en: str
    kind: str
    recipient: str
    event: str | None
    status: Status
    amount: Decimal = Decimal(0)
    ceiling: bool = False
    potential: Decimal | None = None
    reason: Message = field(default_factory=lambda: Message("none"))
    caps: list[Cap] = field(default_factory=list)
    limits: list[Limit] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    readings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    near_miss: NearMiss | None = None
    steps: list[Step] = field(default_factory=list)  # the trace: see Step
    rounded_yuan: int | None = None  # this award's share of its clause's total rounded once (engine.round_once)
    # A yearly or cumulative cap the award shares with others of its run: (its name,
    # what the awards received leave of it). Together they never pay more (forecast's high end).
    shared_room: tuple[str, Decimal] | None = None
    # How an award received names this award's event when it is not `event`: the
    # identity number of 9.1/9.2's person (two people may share a name).
    received_as: str | None = None

    @property
    def amount_yuan(self) -> int:
        """Whole yuan: the share of the clause's rounded total, else `amount` rounded half up."""
        return self.rounded_yuan if self.rounded_yuan is not None else to_yuan(self.amount)

    def after_yuan(self, cap: Cap) -> int:
        """A cap's amount after it, in whole yuan as shown: where the cap leaves
        what the award pays, the award's own whole yuan (its share of the
        clause's total rounded once), so that the caps table and the award say
        the same figure; a cap further up the chain is rounded alone."""
        if cap.after == self.amount:
            return self.amount_yuan
        return to_yuan(cap.after)

    @property
    def pays(self) -> bool:
        return self.status in (Status.ELIGIBLE, Status.NEEDS_REVIEW) and self.amount > 0


@dataclass
class Result:
    applicant: Any  # facts.Applicant
    year: int
    year_source: str  # "option", "file" or "today"
    awards: list[Award]
    readings: dict[str, str]  # reading id -> option in force
    notes: list[Message] = field(default_factory=list)
    not_claimed: list[str] = field(default_factory=list)  # clause ids with no declared facts
    standing_limits: list[Limit] = field(default_factory=list)  # from awards received, before this year's

    def _sum(self, *, ceiling: bool, statuses: tuple[Status, ...]) -> int:
        return sum(a.amount_yuan for a in self.awards if a.ceiling is ceiling and a.status in statuses)

    @property
    def total_yuan(self) -> int:
        """Sure amounts of eligible awards."""
        return self._sum(ceiling=False, statuses=(Status.ELIGIBLE,))

    @property
    def ceiling_total_yuan(self) -> int:
        """ "Up to" amounts (最高) of eligible awards."""
        return self._sum(ceiling=True, statuses=(Status.ELIGIBLE,))

    @property
    def review_total_yuan(self) -> int:
        """Amounts computed but held for review (sure and up-to together)."""
        return sum(a.amount_yuan for a in self.awards if a.status is Status.NEEDS_REVIEW)

    @property
    def missing_facts(self) -> list[str]:
        seen: dict[str, None] = {}
        for award in self.awards:
            for fact in award.missing:
                seen.setdefault(fact, None)
        return list(seen)

    @property
    def caps_hit(self) -> list[tuple[Award, Cap]]:
        return [(a, c) for a in self.awards for c in a.caps if c.cut]

    @property
    def remaining_limits(self) -> list[Limit]:
        """The last state of each limit (per clause, scope and subject): as the
        awards already received left it, then as this year's awards leave it."""
        last: dict[tuple[str, str, str], Limit] = {}
        for limit in self.standing_limits:
            last[(limit.clause, limit.scope, limit.subject)] = limit
        for award in self.awards:
            for limit in award.limits:
                last[(limit.clause, limit.scope, limit.subject)] = limit
        return list(last.values())

    @property
    def readings_used(self) -> list[str]:
        seen: dict[str, None] = {}
        for award in self.awards:
            for reading in award.readings:
                seen.setdefault(reading, None)
        return sorted(seen, key=lambda r: int(r[1:]))
