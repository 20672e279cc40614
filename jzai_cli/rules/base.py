"""What every rule shares: the context of a run, the awards already received,
and the helpers that record each step of an award (start, meets, cap, pay,
refuse, unknown) — the trace of `jzai check --trace`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic

from .. import i18n
from ..policy_model import P
from ..policy_model import Params as _Params  # noqa: F401 - the rule modules take it from here
from ..result import Award, Cap, FactName, LabelKey, Limit, Message, NearMiss, Status, Step

if TYPE_CHECKING:
    from ..facts import AwardReceived, Facts
    from ..policy_model import Clause, Policy, Threshold

# The sentences every rule may use, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "event_not_in_year": (
            "事项于{obtained}年取得，不在评估年度{year}年（D5）",
            "obtained in {obtained}, not in the assessment year {year} (D5)",
        ),
        "event_after_year": (
            "事项于{obtained}年取得，晚于评估年度{year}年",
            "obtained in {obtained}, after the assessment year {year}",
        ),
        "below_threshold": ("未满足“{threshold}”（实际为 {value}）", 'does not meet "{threshold}" (actual {value})'),
        "already_once": ("本条款奖励已获得过，一次性奖励不再重复", "this one-time award was already received"),
        "already_event": (
            "“{event}”已获本条款奖励，一次性奖励不再重复",
            '"{event}" was already rewarded under this clause',
        ),
        "cap_exhausted": ("上限{limit}元已用完", "the limit of {limit} yuan is used up"),
        "listed_twice": (
            "与本表第{first}项为同一对象（{what}），不重复奖励",
            "the same as item {first} of this list ({what}): not paid twice",
        ),
        "ceiling": (
            "符合条件，最高{ceiling}（具体金额以审核为准）",
            "eligible: up to {amount} yuan (the sum is set on review)",
        ),
        "trace_quote": ("原文：“{quote}”", "source: \u201c{quote}\u201d"),
        "trace_facts": ("读取的事实：{facts}", "facts read: {facts}"),
        "trace_threshold": (
            "{threshold}：{what} {value} {op} {limit} {mark}（{how_zh}）",
            "{threshold}: {what} {value} {op} {limit} {mark} ({how_en})",
        ),
        "trace_new_event": (
            "取得于{obtained}年，评估年度{year}年（D5：{option}）",
            "obtained in {obtained}, assessment year {year} (D5: {option})",
        ),
        "trace_cap": (
            "{cap}：{limit}，尚可用 {room}；封顶前 {before}，封顶后 {after}",
            "{cap}: {limit}, room left {room}; before {before}, after {after}",
        ),
    }
)


ZERO = Decimal(0)


class History:
    """The awards already received, indexed by clause; each record keeps its
    position in `awards_received` (from 1) so a message can name it."""

    def __init__(self, received: Iterable[AwardReceived]) -> None:
        self.by_clause: dict[str, list[tuple[int, AwardReceived]]] = {}
        for index, record in enumerate(received, start=1):
            self.by_clause.setdefault(record.clause, []).append((index, record))

    def indexed(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> list[tuple[int, AwardReceived]]:
        names = None if events is None else {e for e in events if e}
        return [
            (index, r)
            for index, r in self.by_clause.get(clause, [])
            if (event is None or r.event == event)
            and (names is None or r.event in names)
            and (year is None or r.year == year)
        ]

    def records(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> list[AwardReceived]:
        return [r for _, r in self.indexed(clause, event=event, year=year, events=events)]

    def total(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> Decimal:
        return sum((r.amount for r in self.records(clause, event=event, year=year, events=events)), ZERO)


@dataclass
class Context:
    policy: Policy
    facts: Facts
    year: int
    history: History

    def reading(self, reading_id: str) -> str:
        return self.policy.reading(reading_id)


def start(clause: Clause, event: str | None, **facts: Any) -> Award:
    award = Award(
        clause=clause.id,
        article=clause.article,
        title=clause.title,
        title_en=clause.title_en,
        kind=clause.kind,
        recipient=clause.recipient,
        event=event,
        status=Status.ELIGIBLE,
        ceiling=clause.kind == "ceiling",
        facts={k: v for k, v in facts.items() if v is not None},
    )
    award.steps.append(Step("quote", Message("trace_quote", {"quote": clause.quote})))
    if award.facts:
        award.steps.append(Step("facts", Message("trace_facts", {"facts": dict(award.facts)})))
    return award


def meets(award: Award, threshold: Threshold, value: Decimal, what: str = "") -> bool:
    """Whether `value` meets `threshold`, recorded as a step of the trace."""
    met = threshold.met_by(value)
    word = threshold.word
    incl_zh, incl_en = (
        ("含本数", "the number counts") if threshold.inclusive else ("不含本数", "the number itself does not count")
    )
    award.steps.append(
        Step(
            "threshold",
            Message(
                "trace_threshold",
                {
                    "threshold": threshold.text,
                    "what": FactName(what),
                    "value": value,
                    "op": "≥" if threshold.inclusive else ">",
                    "limit": threshold.value,
                    "mark": "✓" if met else "✗",
                    "how_zh": f"“{word}”{incl_zh}" if word else incl_zh,
                    "how_en": f"\u201c{word}\u201d: {incl_en}" if word else incl_en,
                },
            ),
        )
    )
    return met


def refuse(award: Award, key: str, **values: Any) -> Award:
    award.status = Status.NOT_ELIGIBLE
    award.amount = ZERO
    award.reason = Message(key, values)
    award.steps.append(Step("outcome", award.reason, ZERO))
    return award


def unknown(award: Award, missing: list[str], potential: Decimal | None = None) -> Award:
    award.status = Status.UNDETERMINED
    award.amount = ZERO
    award.potential = potential
    award.missing.extend(m for m in missing if m not in award.missing)
    award.reason = Message("missing", {"facts": list(award.missing)})
    award.steps.append(Step("outcome", award.reason, ZERO))
    return award


def pay(award: Award, amount: Decimal, key: str, **values: Any) -> Award:
    award.amount = amount
    award.reason = Message(key, {"amount": amount, **values})
    award.steps.append(Step("outcome", award.reason, amount))
    return award


def cap(award: Award, name: str, limit: Decimal, amount: Decimal, room: Decimal | None = None) -> Decimal:
    """Apply a cap of `limit` (of which `room` is left), record it, return the capped amount."""
    after = min(amount, max(limit if room is None else room, ZERO))
    award.caps.append(Cap(name=name, limit=limit, before=amount, after=after))
    award.steps.append(
        Step(
            "cap",
            Message(
                "trace_cap",
                {
                    "cap": LabelKey(name),
                    "limit": limit,
                    "room": limit if room is None else max(room, ZERO),
                    "before": amount,
                    "after": after,
                },
            ),
            after,
        )
    )
    return after


def near_miss(
    clause: str, threshold: Threshold, value: Decimal, unit: str, would_pay: Decimal | None
) -> NearMiss | None:
    """A threshold missed, when meeting it would add money (None when the gain is nothing)."""
    if would_pay is not None and would_pay <= 0:
        return None
    return NearMiss(clause, threshold.text, value, threshold.shortfall(value), unit=unit, would_pay=would_pay)


def _room(amount: Decimal | None, room: Decimal) -> Decimal | None:
    return None if amount is None else max(min(amount, room), ZERO)


def missing_of(path: str, values: dict[str, Any]) -> list[str]:
    return [f"{path}.{name}" if path else name for name, value in values.items() if value is None]


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


MONTHS_PER_YEAR = 12


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive calendar months differ by one."""
    return day.year * MONTHS_PER_YEAR + day.month - 1


def new_event(ctx: Context, award: Award, obtained: int | None, path: str) -> bool | None:
    """D5: a "new"/"first" event counts in the year it was obtained."""
    award.readings.append("D5")
    if obtained is None:
        unknown(award, [f"{path}.date"])
        return None
    award.steps.append(
        Step(
            "reading", Message("trace_new_event", {"obtained": obtained, "year": ctx.year, "option": ctx.reading("D5")})
        )
    )
    if ctx.reading("D5") == "never_rewarded":
        if obtained > ctx.year:
            refuse(award, "event_after_year", obtained=obtained, year=ctx.year)
            return False
        return True
    if obtained != ctx.year:
        refuse(award, "event_not_in_year", obtained=obtained, year=ctx.year)
        return False
    return True


def _zh_en(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


@dataclass(frozen=True)
class Rule(Generic[P]):
    """A way of paying: its parameter model, its computation, its description
    for `explain` and its standing limits, all of the same parameters `P`."""

    params: type[P]
    run: Callable[[Clause[P], Context], list[Award]]
    describe: Callable[[P], tuple[dict, dict]]
    limits: Callable[[Clause[P], Context], list[Limit]] | None = None
