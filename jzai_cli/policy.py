"""Loads and validates the policy data (`data/`): articles, clauses, readings.

The data ships inside the installed package as `jzai_cli.data`; `--policy
PATH` may point at another folder of the same layout (a revised version).
Clause parameters are validated against the parameter model of the clause's
rule, so a typo in the data fails at load time with the file and clause.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from .money import parse_amount

CHINESE_NUMERALS = "零一二三四五六七八九十"


class PolicyDataError(Exception):
    """The policy data itself is broken (a developer's error, not the user's)."""


def _money(value: Any) -> Decimal:
    return parse_amount(value)


def _rate(value: Any) -> Decimal:
    if isinstance(value, str) and value.endswith("%"):
        return Decimal(value[:-1]) / 100
    raise ValueError(f"expected a percentage such as \"20%\", got {value!r}")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Clause(_Data):
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
    params: Any = None  # the rule's parameter model, validated at load

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


def article_texts(source: str) -> dict[int, str]:
    """Split the source into its articles, keyed by number."""
    texts: dict[int, str] = {}
    pattern = re.compile(r"^第([一二三四五六七八九十]+)条\s*(.*)$")
    for line in source.splitlines():
        match = pattern.match(line.strip())
        if match:
            number = CHINESE_NUMERALS.index(match[1]) if len(match[1]) == 1 else 10
            texts[number] = f"第{match[1]}条 {match[2].strip()}"
    return texts


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value


def default_data_dir() -> Path:
    """The shipped data: `jzai_cli.data` when installed, `data/` in a checkout."""
    try:
        return Path(str(resources.files("jzai_cli.data")))
    except ModuleNotFoundError:  # pragma: no cover - running from a source tree
        return Path(__file__).resolve().parent.parent / "data"


def load(data_dir: Path | None = None, chosen: tuple[tuple[str, str], ...] = ()) -> Policy:
    """The policy of `data_dir` (the shipped draft by default) under the
    readings `chosen` (pairs of reading id and option id)."""
    return _load(str(data_dir or default_data_dir()), chosen)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise PolicyDataError(f"{path}: {error}") from error


@lru_cache(maxsize=8)
def _load(data_dir_text: str, chosen: tuple[tuple[str, str], ...]) -> Policy:
    from .rules import RULES

    data_dir = Path(data_dir_text)
    meta = Meta(**_read_toml(data_dir / "policy.toml"))
    try:
        source = (data_dir / meta.text).read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyDataError(f"{data_dir / meta.text}: {error}") from error
    texts = article_texts(source)

    raw_readings = _read_toml(data_dir / "readings.toml").get("readings", [])
    try:
        readings = {r["id"]: Reading(**r) for r in raw_readings}
    except ValidationError as error:
        raise PolicyDataError(f"{data_dir / 'readings.toml'}: {error}") from error
    chosen_map = dict(chosen)
    for reading_id, option_id in chosen_map.items():
        if reading_id not in readings:
            raise KeyError(reading_id)
        readings[reading_id].option(option_id)

    raw_articles = [_read_toml(p) for p in sorted((data_dir / "articles").glob("art*.toml"))]
    # Patches of the readings in force rewrite the clause data before validation.
    patches: dict[str, list[PatchStep]] = {}
    for reading in readings.values():
        option = reading.option(chosen_map.get(reading.id, reading.default))
        for step in option.patch:
            patches.setdefault(step.clause, []).append(step)

    articles = []
    for raw in raw_articles:
        head = raw["article"]
        clauses = []
        for raw_clause in raw.get("clauses", []):
            raw_clause = copy.deepcopy(raw_clause)
            for step in patches.get(raw_clause["id"], []):
                if step.param in raw_clause:
                    raw_clause[step.param] = step.value
                else:
                    _set(raw_clause["params"], step.param, step.value)
            rule = RULES.get(raw_clause.get("rule"))
            if rule is None:
                raise PolicyDataError(f"clause {raw_clause.get('id')}: unknown rule {raw_clause.get('rule')!r}")
            try:
                params = rule.params.model_validate(raw_clause.pop("params", {}))
                clauses.append(Clause(article=head["number"], params=params, **raw_clause))
            except (ValidationError, ValueError) as error:
                raise PolicyDataError(f"clause {raw_clause.get('id')}: {error}") from error
        try:
            articles.append(Article(**head, text=texts.get(head["number"], ""), clauses=tuple(clauses)))
        except ValidationError as error:
            raise PolicyDataError(f"article {head.get('number')}: {error}") from error
    articles.sort(key=lambda a: a.number)
    return Policy(meta=meta, source_text=source, articles=tuple(articles), readings=readings, chosen=chosen_map)
