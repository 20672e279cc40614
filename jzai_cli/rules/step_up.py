"""Step-up awards with top-up (晋级补差) — 8.5 (第八条)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import i18n
from ..policy_model import MoneyParam, ThresholdParam
from ..result import Award, Cap, NearMiss
from .base import ZERO, Context, Rule, _Params, _zh_en, meets, missing_of, pay, refuse, start, unknown

if TYPE_CHECKING:
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "not_data_labelling": ("申请人不是数据标注企业", "the applicant is not a data-labelling enterprise"),
        "tier_already_paid": (
            "已获本档及以下奖励 {paid} 元，晋级补差无差额",
            "already paid {paid} yuan for this tier: no top-up due",
        ),
        "step_up": (
            "收入达到 {threshold} 元档（{tier}），晋级补差：减去已获 {paid} 元，得 {amount} 元",
            "revenue reached the {threshold} yuan tier: tier award less {paid} yuan already paid = {amount} yuan",
        ),
    }
)


class Tier(_Params):
    revenue: ThresholdParam
    amount: MoneyParam


class StepUpParams(_Params):
    tiers: tuple[Tier, ...]


def step_up(clause: Clause[StepUpParams], ctx: Context) -> list[Award]:
    p: StepUpParams = clause.params
    applicant = ctx.facts.applicant
    if applicant.data_labelling is None and applicant.main_business_revenue_prev_year is None:
        return []
    revenue = applicant.main_business_revenue_prev_year
    award = start(clause, None, data_labelling=applicant.data_labelling, main_business_revenue_prev_year=revenue)
    award.readings.append("D5")
    if applicant.data_labelling is False:
        return [refuse(award, "not_data_labelling")]
    paid = ctx.history.total(clause.id)
    top = p.tiers[-1].amount.yuan
    needed = missing_of(
        "applicant", {"data_labelling": applicant.data_labelling, "main_business_revenue_prev_year": revenue}
    )
    if needed:
        return [unknown(award, needed, max(top - paid, ZERO) if revenue is None else None)]
    assert revenue is not None  # not missing
    met = {id(t): meets(award, t.revenue, revenue, "main_business_revenue_prev_year") for t in p.tiers}
    reached = [t for t in p.tiers if met[id(t)]]
    following = [t for t in p.tiers if not met[id(t)]]
    due = (reached[-1].amount.yuan - paid) if reached else ZERO
    # the next tier that would pay more than 8.5 has paid (a tier already paid for is no near miss)
    gains = [(t, t.amount.yuan - paid - max(due, ZERO)) for t in following]
    gains = [(t, gain) for t, gain in gains if gain > 0]
    if gains:
        nxt, gain = gains[0]
        award.near_miss = NearMiss(clause.id, nxt.revenue.text, revenue, nxt.revenue.shortfall(revenue), would_pay=gain)
    award.facts["already_paid"] = paid
    if not reached:
        return [refuse(award, "below_threshold", threshold=p.tiers[0].revenue.text, value=revenue)]
    tier = reached[-1]
    award.event = tier.revenue.text.removeprefix("达到")
    award.caps.append(Cap("top_up", tier.amount.yuan, tier.amount.yuan, max(due, ZERO)))
    if due <= 0:
        return [refuse(award, "tier_already_paid", tier=tier.amount.text, paid=paid)]
    return [pay(award, due, "step_up", threshold=tier.revenue.value, tier=tier.amount.text, paid=paid)]


def describe_step_up(p: StepUpParams) -> tuple[dict, dict]:
    zh = "；".join(f"{t.revenue.text.removeprefix('达到')}→{t.amount.text}" for t in p.tiers)
    en = "; ".join(f"{t.revenue.value:,.0f} → {t.amount.yuan:,}" for t in p.tiers)
    return _zh_en(zh, en), _zh_en("档位金额减本条已获金额", "tier amount less what 8.5 already paid")


RULE = Rule(StepUpParams, step_up, describe_step_up)
