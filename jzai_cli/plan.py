"""`jzai plan`: one applicant over several years.

Each year is `evaluate(policy, facts, year)` with the awards that the
earlier years of the plan pay added to the awards already received, so every
limit carries over exactly: 9.1's 36 months, 4.1's 累计100万元, 8.5's tiers
(晋级补差), one-time awards, 6.1's yearly cap. The facts that change from year
to year come from `[years.N]` (facts.for_year) or from `--assume`; an
assumption is named in every year and every award it touches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .engine import evaluate
from .facts import AwardReceived, Facts, YearApplicant, YearFacts, YearTrading
from .money import parse_amount
from .policy import Policy
from .result import Award, Limit, Result

MAX_YEARS = 10  # a plan longer than this is a typing accident (2026-2062)


class PlanError(ValueError):
    """A plan that cannot be made: the message says why, in Chinese and English."""


def parse_years(text: str) -> range:
    """`2026-2028`, `2026..2028`, `2026–2028` or `2026` → the years, inclusive."""
    found = re.fullmatch(r"\s*(\d{4})\s*(?:(?:-|–|—|\.\.|~|至|到)\s*(\d{4}))?\s*", text or "")
    if not found:
        raise PlanError(f"年度范围应写作 2026-2028 (expected a year range such as 2026-2028), got {text!r}")
    first, last = int(found[1]), int(found[2] or found[1])
    if last < first:
        raise PlanError(f"年度范围颠倒：{first} 晚于 {last} (the range is reversed: {first} is after {last})")
    if last - first + 1 > MAX_YEARS:
        raise PlanError(f"年度范围超过 {MAX_YEARS} 年：{first}-{last} (a plan spans at most {MAX_YEARS} years)")
    if first < 1990 or last > 2100:
        raise PlanError(f"年度应在 1990–2100 之间 (years run from 1990 to 2100), got {text!r}")
    return range(first, last + 1)


# --- assumptions -----------------------------------------------------------------

# The facts an assumption may set: the yearly figures (facts.YearFacts), by the
# name a person writes; "path" is where the value goes in a year's facts.
ASSUMABLE = {
    "taxable_revenue": ("applicant", YearApplicant),
    "main_business_revenue_prev_year": ("applicant", YearApplicant),
    "annual_volume": ("data_trading", YearTrading),
}


@dataclass(frozen=True)
class Assumption:
    """`2027: main_business_revenue_prev_year=5000万`, `2027: annual_volume+10%`,
    or a future event `2027: event=little_giant@national`."""

    year: int
    fact: str  # a key of ASSUMABLE, or "event"
    value: Decimal | None = None  # an amount, or
    growth: Decimal | None = None  # a rate on the year before (0.10 for +10%), or
    event: tuple[str, str | None] | None = None  # (event type, level) obtained that year
    text: str = ""

    @property
    def path(self) -> str:
        return "events" if self.event else f"{ASSUMABLE[self.fact][0]}.{self.fact}"

    @property
    def event_name(self) -> str:
        """The name the assumed event goes by (how its award is found)."""
        return f"假设 (assumed) {self.text}"


def parse_assumption(text: str) -> Assumption:
    event = re.fullmatch(r"\s*(\d{4})\s*[:：]\s*event\s*[=＝]\s*([^@\s]+)\s*(?:@\s*(\S+))?\s*", text or "")
    if event:
        from .facts import Event

        try:
            parsed = Event.model_validate({"type": event[2], "level": event[3], "year": int(event[1])})
        except ValueError as error:
            raise PlanError(f"假设的事项 {text!r} 无法读取 (the assumed event cannot be read): {error}") from None
        level = parsed.level.value if parsed.level else None
        return Assumption(int(event[1]), "event", event=(parsed.type.value, level), text=text.strip())
    found = re.fullmatch(
        r"\s*(\d{4})\s*[:：]\s*([A-Za-z_.]+)\s*(?:(=|＝)\s*(.+?)|([+＋-])\s*(\d+(?:\.\d+)?)\s*%)\s*", text or ""
    )
    if not found:
        raise PlanError(
            f"假设应写作 年度: 事实=值 或 年度: 事实+10% (expected YEAR: FACT=VALUE or YEAR: FACT+10%), got {text!r}"
        )
    year, name = int(found[1]), found[2].split(".")[-1]
    if name not in ASSUMABLE:
        known = "、".join(ASSUMABLE)
        raise PlanError(
            f"假设的事实 {found[2]!r} 不是逐年变化的事实；可用 (known): {known} (the assumption names no known fact)"
        )
    if found[3]:
        try:
            value = parse_amount(found[4].strip().strip('"'))
        except ValueError as error:
            raise PlanError(f"假设 {text!r}: {error}") from None
        return Assumption(year, name, value=value, text=text.strip())
    rate = Decimal(found[6]) / 100 * (-1 if found[5] == "-" else 1)
    return Assumption(year, name, growth=rate, text=text.strip())


def _yearly_value(facts: Facts, year: int, name: str) -> Decimal | None:
    from .facts import for_year

    section, _ = ASSUMABLE[name]
    holder = getattr(for_year(facts, year), section)
    return getattr(holder, name) if holder is not None else None


def apply_assumptions(facts: Facts, assumptions: list[Assumption]) -> Facts:
    """The facts with each assumption written into its year's `[years.N]`
    (or the file's own year), in year order so that growth compounds."""
    for item in sorted(assumptions, key=lambda a: a.year):
        if item.event is not None:
            from .facts import Event

            kind, level = item.event
            added = Event.model_validate({"type": kind, "level": level, "year": item.year, "name": item.event_name})
            facts = facts.model_copy(update={"events": [*(facts.events or []), added]})
            continue
        value = item.value
        if item.growth is not None:
            before = _yearly_value(facts, item.year - 1, item.fact)
            if before is None:
                raise PlanError(
                    f"假设 {item.text!r}：{item.year - 1}年的 {item.fact} 未知，无法按比例增长 "
                    f"(the {item.year - 1} value of {item.fact} is unknown: nothing to grow from)"
                )
            value = before * (1 + item.growth)
        section, model = ASSUMABLE[item.fact]
        if facts.year == item.year or facts.year is None:
            holder = getattr(facts, section)
            if section == "applicant":
                facts = facts.model_copy(update={"applicant": facts.applicant.model_copy(update={item.fact: value})})
            else:
                from .facts import DataTrading

                facts = facts.model_copy(
                    update={"data_trading": (holder or DataTrading()).model_copy(update={item.fact: value})}
                )
            continue
        years = dict(facts.years or {})
        year_facts = years.get(item.year) or YearFacts()
        part = getattr(year_facts, section) or model()
        years[item.year] = year_facts.model_copy(update={section: part.model_copy(update={item.fact: value})})
        facts = facts.model_copy(update={"years": years})
    return facts


# --- the plan -------------------------------------------------------------------


@dataclass
class PlanYear:
    year: int
    result: Result
    assumptions: list[Assumption] = field(default_factory=list)
    carried: list[AwardReceived] = field(default_factory=list)  # earlier years of the plan, as awards received

    def assumed(self, award: Award, policy: Policy) -> list[Assumption]:
        """The assumptions of this year that the award's clause reads (by the
        facts its documents prove, data/evidence.toml)."""
        reads = {fact for evidence in policy.clause(award.clause).evidence for fact in evidence.facts}
        return [a for a in self.assumptions if (a.event_name == award.event if a.event else a.path in reads)]


@dataclass
class Plan:
    policy: Policy
    facts: Facts
    years: list[PlanYear]

    def total(self, year: int) -> int:
        return next(y.result.total_yuan for y in self.years if y.year == year)

    @property
    def grand_total(self) -> int:
        return sum(y.result.total_yuan for y in self.years)

    @property
    def limits(self) -> list[tuple[int, Limit]]:
        """How each limit runs down: (year, its state at the end of that year)."""
        out = []
        for plan_year in self.years:
            for limit in plan_year.result.remaining_limits:
                out.append((plan_year.year, limit))
        return out


def received_from(award: Award, year: int) -> AwardReceived:
    """An award the plan pays in `year`, as an award received for later years."""
    months = award.facts.get("months_paid")
    if months is None:
        months = next((int(limit.this_award) for limit in award.limits if limit.unit == "months"), None)
    return AwardReceived(
        clause=award.clause,
        event=award.received_as or award.event,
        year=year,
        amount=Decimal(award.amount_yuan),
        months=months,
    )


def make_plan(policy: Policy, facts: Facts, years: range, assumptions: list[Assumption] | None = None) -> Plan:
    """Evaluate `facts` in each of `years`, carrying each year's paying awards
    into the awards received of the years after it."""
    assumptions = list(assumptions or [])
    for item in assumptions:
        if item.year not in years:
            raise PlanError(
                f"假设 {item.text!r} 的年度 {item.year} 不在 {years[0]}-{years[-1]} 之内 (the assumption's year is outside the plan)"
            )
    outside = sorted(y for y in (facts.years or {}) if y not in years)
    if outside:
        raise PlanError(
            f"[years.{outside[0]}] 不在 {years[0]}-{years[-1]} 之内 (facts are given for {', '.join(map(str, outside))}, outside the plan's years)"
        )
    if facts.year is None:  # a file that names no year describes the first year of the plan, not every year
        facts = facts.model_copy(update={"year": years[0]})
    facts = apply_assumptions(facts, assumptions)
    carried: list[AwardReceived] = []
    out = []
    for year in years:
        this = facts.model_copy(update={"awards_received": [*facts.awards_received, *carried]})
        result = evaluate(policy, this, year)
        out.append(PlanYear(year, result, [a for a in assumptions if a.year == year], list(carried)))
        carried += [received_from(a, year) for a in result.awards if a.pays]
    return Plan(policy, facts, out)


def plan_doc(plan: Plan, lang: str = "zh") -> dict[str, Any]:
    """The plan as JSON (docs/json.md): each year's check document and the assumptions."""
    from .render.json_doc import SCHEMA_VERSION, limit_doc, policy_doc, result_doc

    return {
        "schema_version": SCHEMA_VERSION,
        "policy": policy_doc(plan.policy, lang),
        "years": [
            {
                "year": y.year,
                "assumptions": [a.text for a in y.assumptions],
                "assumed_awards": [
                    {"clause": a.clause, "event": a.event, "assumptions": [x.text for x in y.assumed(a, plan.policy)]}
                    for a in y.result.awards
                    if y.assumed(a, plan.policy)
                ],
                "carried_in": len(y.carried),
                "result": result_doc(y.result, plan.policy, lang, documents=False),
            }
            for y in plan.years
        ],
        "total_yuan": plan.grand_total,
        "totals_by_year": {str(y.year): y.result.total_yuan for y in plan.years},
        "ceiling_totals_by_year": {str(y.year): y.result.ceiling_total_yuan for y in plan.years},
        "limits": [{"year": year, **limit_doc(limit)} for year, limit in plan.limits],
    }
