"""The policy as loaded: its articles, clauses and readings, and the
amounts, rates and thresholds of their parameters.

Below the rules (which read these types) and the loader (policy.py), which
builds them from `data/`: this module imports neither. Annotations are
evaluated as the module runs (no `from __future__ import annotations`), which
spares pydantic compiling each field's annotation from text at each start.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from . import i18n
from .money import parse_amount

CHINESE_NUMERALS = "零一二三四五六七八九十"


def _money(value: Any) -> Decimal:
    return parse_amount(value)


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100
    raise ValueError(f'expected a percentage such as "20%", got {value!r}')


class _Data(BaseModel):
    # built when first validated: a policy read from the cache validates nothing
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Amount(_Data):
    """An amount as the source writes it ("50万元") and in yuan."""

    text: str
    yuan: Decimal

    @classmethod
    def of(cls, value: Any) -> "Amount":
        if isinstance(value, Amount):
            return value
        return cls(text=str(value), yuan=_money(value))


MoneyParam = Annotated[Amount, BeforeValidator(Amount.of)]


class Rate(_Data):
    text: str
    value: Decimal

    @classmethod
    def of(cls, value: Any) -> "Rate":
        if isinstance(value, Rate):
            return value
        return cls(text=str(value), value=_rate(value))


RateParam = Annotated[Rate, BeforeValidator(Rate.of)]


class Threshold(_Data):
    """A threshold with the words of the source: `以上` and `达到` include the
    number, `超过` excludes it."""

    text: str
    value: Decimal
    inclusive: bool = True

    @classmethod
    def of(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and isinstance(raw.get("value"), str):
            raw = {**raw, "value": _money(raw["value"])}
        return raw

    @property
    def word(self) -> str:
        """The word of the source that says whether the number counts: 以上, 达到, 内, 超过 …"""
        words = ("不超过", "超过", "低于", "不满", "不足", "以上", "以下", "以内", "达到", "内")
        return next((w for w in words if w in self.text), "")

    def met_by(self, amount: Decimal) -> bool:
        return amount >= self.value if self.inclusive else amount > self.value

    def shortfall(self, amount: Decimal) -> Decimal:
        """How much more is needed to meet the threshold (0 when met).

        For an exclusive threshold on whole yuan, the smallest passing amount
        is value + 1 yuan.
        """
        if self.met_by(amount):
            return Decimal(0)
        target = self.value if self.inclusive else self.value + 1
        return target - amount


ThresholdParam = Annotated[Threshold, BeforeValidator(Threshold.of)]


def _in_years(threshold: Threshold) -> Threshold:
    """A period the rules count in whole years (两年内, 3年, 1年以上): its words must say years."""
    if "年" not in threshold.text or "月" in threshold.text or threshold.value != threshold.value.to_integral_value():
        raise ValueError(
            f"期限应写作整年（如“两年内”“1年以上”），规则按年计算，实际为 {threshold.text!r}；"
            f"a period in whole years is expected (the rule counts years), got {threshold.text!r} = {threshold.value}"
        )
    return threshold


YearsParam = Annotated[Threshold, BeforeValidator(Threshold.of), AfterValidator(_in_years)]


class Evidence(_Data):
    """A document that proves facts of the facts format (申报材料)."""

    facts: tuple[str, ...]
    zh: str
    en: str

    def label(self, lang: str = "zh") -> str:
        return i18n.pick(self.zh, self.en, lang)


class Label(_Data):
    zh: str
    en: str

    def label(self, lang: str = "zh") -> str:
        return i18n.pick(self.zh, self.en, lang)


class Guidance(_Data):
    """What to hand in (data/evidence.toml): per clause, for 第二条, and what
    the draft leaves unstated."""

    clauses: dict[str, tuple[Evidence, ...]] = {}
    gate: tuple[Evidence, ...] = ()
    not_stated: tuple[Label, ...] = ()


class Params(_Data):
    """The parameters of a clause: each rule's parameter model derives from it."""


P = TypeVar("P", bound=Params)


class Clause(_Data, Generic[P]):
    """A clause of the policy; `Clause[StepUpParams]` is one whose rule reads `StepUpParams`."""

    id: str
    article: int
    title: str
    title_en: str
    rule: str
    kind: Literal["fixed", "per_unit", "proportional", "monthly", "step_up", "ceiling", "reimbursement"]
    recipient: Literal["applicant", "individual"]
    once: Literal["event", "applicant", "unit", "yearly", "tier", "person"]
    applicant_kinds: tuple[str, ...]
    condition: str
    condition_en: str
    quote: str
    readings: tuple[str, ...] = ()
    params: P  # the parameter model of the clause's rule, validated at load
    evidence: tuple[Evidence, ...] = ()  # what proves the facts it reads (data/evidence.toml)

    @property
    def number(self) -> tuple[int, int]:
        major, minor = self.id.split(".")
        return int(major), int(minor)


class GateCondition(_Data):
    fact: str
    text: str
    text_en: str
    soft: bool


class Article(_Data):
    number: int
    title: str
    title_en: str
    text: str
    summary: str = ""
    summary_en: str = ""
    quote: str = ""
    non_monetary: bool = False
    sectors: tuple[str, ...] = ()
    gate: tuple[GateCondition, ...] = ()
    readings: tuple[str, ...] = ()
    clauses: tuple[Clause, ...] = ()

    @property
    def heading(self) -> str:
        return f"第{chinese_number(self.number)}条"


class PatchStep(_Data):
    clause: str
    param: str
    value: Any


class ReadingOption(_Data):
    id: str
    label: str
    label_en: str
    patch: tuple[PatchStep, ...] = ()


class Reading(_Data):
    id: str
    clauses: tuple[str, ...]
    quote: str
    issue: str
    issue_en: str
    default: str
    options: tuple[ReadingOption, ...]
    note: str = ""  # why a reading has a single option
    note_en: str = ""

    def option(self, option_id: str) -> ReadingOption:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)


class Meta(_Data):
    id: str
    version: str
    status: str
    status_zh: str
    status_en: str
    title: str
    title_en: str
    issuer: str
    text: str
    note: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class Policy:
    meta: Meta
    source_text: str
    articles: tuple[Article, ...]
    readings: dict[str, Reading]
    chosen: dict[str, str] = field(default_factory=dict)
    guidance: Guidance = field(default_factory=Guidance)

    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for a in self.articles for c in a.clauses)

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def article(self, number: int) -> Article:
        for article in self.articles:
            if article.number == number:
                return article
        raise KeyError(number)

    @property
    def gate(self) -> tuple[GateCondition, ...]:
        """The conditions every clause passes first (第二条)."""
        return tuple(g for a in self.articles for g in a.gate)

    def reading(self, reading_id: str) -> str:
        """The option in force for a reading (the default unless switched)."""
        return self.chosen.get(reading_id, self.readings[reading_id].default)

    @property
    def readings_in_force(self) -> dict[str, str]:
        return {rid: self.reading(rid) for rid in self.readings}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十 (articles go to ten)."""
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones] if ones else "")
