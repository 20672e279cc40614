"""Recognition awards — 3.1–3.5, 4.2, 5.1–5.4, 7.1–7.5, 8.1, 8.2 (第三、四、五、七、八条):
a fixed sum, once, for a new event; the numbers come from each clause's parameters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import model_validator

from .. import i18n
from ..policy_model import MoneyParam, ThresholdParam
from ..result import Award, Message, NearMiss, Status
from ..vocab import Level
from .base import (
    Context,
    Rule,
    _Params,
    _zh_en,
    doubt_about,
    maybe_received,
    meets,
    new_event,
    pay,
    refuse,
    start,
    unknown,
    unnamed_alike,
)

if TYPE_CHECKING:
    from ..policy_model import Clause, Policy

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "not_lead_unit": ("申请人不是牵头单位", "the applicant is not the lead unit"),
        "fixed": ("符合条件，一次性奖励{text}", "eligible: a one-time award of {amount} yuan"),
        "fixed_plain": ("符合条件，奖励{text}", "eligible: an award of {amount} yuan"),
        "revenue_disagree": (
            "该事项的获得当年应税收入 {event} 元与申请人当年应税收入 {applicant} 元不一致，对“{threshold}”的结论不同，请核对改正。涉及事实：{facts}",
            "the event's taxable revenue of its year, {event} yuan, and the applicant's of the same year, {applicant} yuan, disagree on \"{threshold}\": check which is right. Facts concerned: {facts}",
        ),
    }
)


class RecognitionParams(_Params):
    event_types: tuple[str, ...]
    level: str
    amount: MoneyParam
    taxable_revenue: ThresholdParam | None = None
    lead_unit: bool = False
    one_holder: bool = False  # the thing has one holder (a platform): two applicants naming it are flagged in a batch
    implied_level: str | None = None  # the event types are at this level by their name

    @model_validator(mode="after")
    def _implied_is_the_level(self) -> RecognitionParams:
        if self.implied_level is not None and self.implied_level != self.level:
            raise ValueError(f"implied_level {self.implied_level!r} is not the clause's level {self.level!r}")
        return self


def recognition(clause: Clause[RecognitionParams], ctx: Context) -> list[Award]:
    p: RecognitionParams = clause.params
    awards: list[Award] = []
    paid_once = bool(ctx.history.records(clause.id)) if clause.once == "applicant" else False
    paid_now: set[str] = set()  # the same event listed twice is paid once
    events = list(_events(ctx, p.event_types, p.level))
    held = unnamed_alike(events) if clause.once == "event" else {}
    keys = {event.key for _, event in events}  # how the awards received refer to the events listed
    for index, event in events:
        path = f"events[{index}]"
        level = event.level.value if event.level else implied_level(ctx.policy, event.type.value)
        award = start(
            clause, event.key, type=event.type, level=Level(level) if level else None, date=event.date or event.year
        )
        awards.append(award)
        if index in held:
            doubt_about(award, held[index])
            award.potential = p.amount.yuan
            continue
        already_once = clause.once == "applicant" and paid_once
        already_event = clause.once == "event" and bool(
            event.key in paid_now or ctx.history.records(clause.id, event=event.key)
        )
        unknown_facts = level is None or (p.lead_unit and event.lead_unit is None) or event.obtained_year is None
        if unknown_facts and (already_once or already_event):  # 一次性: no missing fact could make it pay again
            _refuse_paid(clause, award, already_once, event.key)
            continue
        if level is None:
            unknown(award, [f"{path}.level"], p.amount.yuan)
            continue
        if event.level is None:
            award.facts["level_implied"] = True
        if p.lead_unit and not event.lead_unit:
            if event.lead_unit is None:
                unknown(award, [f"{path}.lead_unit"], p.amount.yuan)
            else:
                refuse(award, "not_lead_unit")
            continue
        if not new_event(ctx, award, event.obtained_year, path):
            if award.status is Status.UNDETERMINED:
                award.potential = p.amount.yuan
            continue
        if p.taxable_revenue is not None:
            award.readings.append("D4")
        if already_once or already_event:  # checked first: a miss of a paid event would pay nothing
            _refuse_paid(clause, award, already_once, event.key)
            continue
        if p.taxable_revenue is not None:
            # D4: 当年 is the year of the recognition, whatever D5 admits.
            revenue, source = revenue_of_year(ctx, event, path)
            award.facts["taxable_revenue"] = revenue
            award.facts["taxable_revenue_year"] = event.obtained_year
            if revenue is None:
                unknown(award, [source], p.amount.yuan)
                continue
            other = (
                ctx.facts.applicant.taxable_revenue
            )  # the same year's revenue, when the event is of the assessment year
            if (
                source != "applicant.taxable_revenue"
                and event.obtained_year == ctx.year
                and other is not None
                and p.taxable_revenue.met_by(other) != p.taxable_revenue.met_by(revenue)
            ):
                unknown(award, [source, "applicant.taxable_revenue"], p.amount.yuan)
                award.reason = Message(
                    "revenue_disagree",
                    {
                        "event": revenue,
                        "applicant": other,
                        "threshold": p.taxable_revenue.text,
                        "facts": list(award.missing),
                    },
                )
                continue
            if not meets(award, p.taxable_revenue, revenue, "taxable_revenue"):
                award.near_miss = NearMiss(
                    clause.id,
                    p.taxable_revenue.text,
                    revenue,
                    p.taxable_revenue.shortfall(revenue),
                    would_pay=p.amount.yuan,
                )
                refuse(award, "below_threshold", threshold=p.taxable_revenue.text, value=revenue)
                continue
        if clause.once == "event":
            unclear = maybe_received(ctx, clause.id, keys, event.name is not None, event.obtained_year, path)
            if unclear is not None:
                doubt_about(award, unclear)
                award.potential = p.amount.yuan
                continue
        _once_readings(clause, award)
        paid_once = True
        paid_now.add(event.key)
        # the sentence says 一次性 where the clause's words do (7.4's do not: paid once by D12)
        pay(award, p.amount.yuan, "fixed" if "一次性" in clause.quote else "fixed_plain", text=p.amount.text)
    return awards


def _refuse_paid(clause: Clause[RecognitionParams], award: Award, once: bool, event: str) -> None:
    _once_readings(clause, award)
    if once:
        refuse(award, "already_once")
    else:
        refuse(award, "already_event", event=event)


def _once_readings(clause: Clause[RecognitionParams], award: Award) -> None:
    if "D8" in clause.readings:  # 3.1/3.2: enterprise and product recognitions
        award.readings.append("D8")
    if "D12" in clause.readings:  # 7.4: no 一次性 in the text, paid once by D12
        award.readings.append("D12")


def revenue_of_year(ctx: Context, event: Any, path: str) -> tuple[Decimal | None, str]:
    """D4: the taxable revenue of the year `event` was obtained, and the fact
    it comes from (or the fact that is missing)."""
    if event.taxable_revenue is not None:
        return event.taxable_revenue, f"{path}.taxable_revenue"
    if event.obtained_year == ctx.year:
        return ctx.facts.applicant.taxable_revenue, "applicant.taxable_revenue"
    return None, f"{path}.taxable_revenue"


_IMPLIED: dict[int, tuple[Policy, dict[str, str]]] = {}


def implied_level(policy: Policy, event_type: str) -> str | None:
    """The level an event type has by its name (首次入选河南省数据企业: provincial),
    from the `implied_level` of the clauses that pay it."""
    cached = _IMPLIED.get(id(policy))
    if cached is None or cached[0] is not policy:
        table = {
            t: c.params.implied_level
            for c in policy.clauses
            if getattr(c.params, "implied_level", None)
            for t in c.params.event_types
        }
        cached = _IMPLIED[id(policy)] = (policy, table)
    return cached[1].get(event_type)


def _events(ctx: Context, types: tuple[str, ...], level: str):
    """Events of the given types at this level, by the facts or by the type's
    implied level, or with the level unknown."""
    for index, event in enumerate(ctx.facts.events or [], start=1):
        if event.type.value not in types:
            continue
        given = event.level.value if event.level else implied_level(ctx.policy, event.type.value)
        if given is None or given == level:
            yield index, event


def describe_recognition(p: RecognitionParams) -> tuple[dict, dict]:
    return _zh_en(p.amount.text, f"{p.amount.yuan:,} yuan"), _zh_en("一次性", "once")


RULE = Rule(RecognitionParams, recognition, describe_recognition)
