"""Referrals — 4.1 (第四条): per enterprise that becomes above-designated-size
within the window, against a cumulative cap.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..policy_model import MoneyParam, YearsParam
from ..result import Award, Limit, NearMiss
from .base import (
    ZERO,
    Context,
    Rule,
    _Params,
    _room,
    _zh_en,
    cap,
    doubt_about,
    last_day,
    maybe_received,
    new_event,
    pay,
    refuse,
    rows_in_doubt,
    start,
    unknown,
)

if TYPE_CHECKING:
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "enterprise_rows_contradict": (
            "与本表第{rows}项为同一企业（{who}），但{fields}不一致，无法确定以哪一项为准，本项暂不计算；请核对改正，若为不同的企业请分别填写统一社会信用代码。涉及事实：{facts}",
            "the same enterprise ({who}) as item {rows} of this list, but {fields} differ: which is right cannot be told, so this item is not computed; correct the rows, or, if they are different enterprises, give each one's credit code. Facts concerned: {facts}",
        ),
        "enterprise_unclear": (
            "本表中“{who}”另有填写了统一社会信用代码的行，本行未填信用代码，无法确定是否为同一企业；请填写统一社会信用代码。缺少事实：{facts}",
            'another row of this list named "{who}" gives a credit code and this one does not: whether they are the same enterprise cannot be told; give the credit code. Missing facts: {facts}',
        ),
        "not_above_size_yet": ("被引荐企业尚未升规", "the referred enterprise is not yet above designated size"),
        "above_size_before_introduced": (
            "升规日期早于引进日期，不属于新引进企业升规",
            "it was above size before it was introduced",
        ),
        "above_size_too_late": (
            "升规不在引进后{window}（截止{deadline}，D9）",
            'became above size outside "{window}" of its introduction (deadline {deadline}, D9)',
        ),
        "per_unit": ("每户奖励{text}，实得 {amount} 元", "{amount} yuan for this referred enterprise"),
    }
)


class ReferralParams(_Params):
    amount: MoneyParam
    window_years: YearsParam  # counted in whole years
    cap_cumulative: MoneyParam


def referral(clause: Clause[ReferralParams], ctx: Context) -> list[Award]:
    p: ReferralParams = clause.params
    limit = p.cap_cumulative.yuan
    used = ctx.history.total(clause.id)
    shared = (f"{clause.id} cumulative", limit - used)  # what 累计 has left for this run
    awards: list[Award] = []
    seen: dict[str, int] = {}  # 每户: the referred enterprise (credit code, else name) → the row that paid it
    referrals = ctx.facts.referrals or []
    keys = {ref.key for ref in referrals} | {ref.credit_code for ref in referrals if ref.credit_code}
    # Rows of one enterprise whose dates contradict each other are not computed.
    doubt = rows_in_doubt(
        "referrals",
        referrals,
        ("introduced", "above_size"),
        (),
        (),
        number="credit_code",
        words=("enterprise_rows_contradict", "enterprise_unclear"),
    )
    for index, ref in enumerate(referrals, start=1):
        path = f"referrals[{index}]"
        award = start(clause, ref.key, introduced=ref.introduced, above_size=ref.above_size)
        awards.append(award)
        award.shared_room = shared
        award.readings.append("D9")
        if index in doubt:
            doubt_about(award, doubt[index])
            if award.reason.key == "enterprise_unclear":  # another enterprise, perhaps: at stake
                award.potential = _room(p.amount.yuan, limit - used)
            continue
        identity = referral_identity(ref)
        if identity in seen:
            refuse(award, "listed_twice", section="referrals", first=seen[identity], what=ref.credit_code or ref.name)
            continue
        if ref.above_size is None:
            refuse(award, "not_above_size_yet")
            continue
        if not new_event(ctx, award, ref.above_size.year, path):
            continue
        if ctx.history.records(clause.id, events=(ref.key, ref.credit_code)):
            refuse(award, "already_event", event=ref.key)
            continue
        if ref.introduced is None:  # at stake: no more than what 累计 leaves
            unknown(award, [f"{path}.introduced"], _room(p.amount.yuan, limit - used))
            continue
        deadline = last_day(ref.introduced, p.window_years)
        if ref.above_size < ref.introduced:
            refuse(award, "above_size_before_introduced")
            continue
        room = max(min(p.amount.yuan, limit - used), ZERO)
        if ref.above_size > deadline:
            if room > 0:
                award.near_miss = NearMiss(
                    clause.id,
                    p.window_years.text,
                    Decimal((ref.above_size - ref.introduced).days),
                    Decimal((ref.above_size - deadline).days),
                    unit="days_late",
                    would_pay=room,
                    fixed=True,
                )
            refuse(award, "above_size_too_late", deadline=deadline, window=p.window_years.text)
            continue
        # a 4.1 award received without the enterprise it was for may be this one's
        unclear = maybe_received(ctx, clause.id, keys, True, ref.above_size.year, path)
        if unclear is not None:
            doubt_about(award, unclear)
            award.potential = _room(p.amount.yuan, limit - used)
            continue
        amount = cap(award, "cumulative", limit, p.amount.yuan, room=limit - used)
        award.limits.append(Limit(clause.id, "cumulative", "applicant", limit, used, amount))
        used += amount
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        seen[identity] = index  # the row that pays is the enterprise's, whatever the order of the rows
        pay(award, amount, "per_unit", text=p.amount.text)
    return awards


def referral_identity(ref: Any) -> str:
    """每户: a referred enterprise is its credit code, else its name."""
    return f"code:{ref.credit_code}" if ref.credit_code else f"name:{ref.name}"


def describe_referral(p: ReferralParams) -> tuple[dict, dict]:
    return (
        _zh_en(f"每户{p.amount.text}", f"{p.amount.yuan:,} per enterprise"),
        _zh_en(f"累计最高{p.cap_cumulative.text}", f"{p.cap_cumulative.yuan:,} cumulative"),
    )


def referral_limits(clause: Clause[ReferralParams], ctx: Context) -> list[Limit]:
    used = ctx.history.total(clause.id)
    return [Limit(clause.id, "cumulative", "applicant", clause.params.cap_cumulative.yuan, used, ZERO)] if used else []


RULE = Rule(ReferralParams, referral, describe_referral, referral_limits)
