"""Compute vouchers — 6.1 (第六条): a rate of the fees, against a yearly cap."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import i18n
from ..policy_model import MoneyParam, RateParam, ThresholdParam
from ..result import Award, Limit
from .base import (
    ZERO,
    Context,
    Rule,
    _Params,
    _room,
    _zh_en,
    cap,
    meets,
    missing_of,
    near_miss,
    pay,
    refuse,
    start,
    unknown,
)

if TYPE_CHECKING:
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "provider_not_qualified": (
            "服务商不属于超算中心、人工智能计算中心或数据中心",
            "the provider is not a supercomputing, AI computing or data centre",
        ),
        "self_built": ("自建自用算力除外", "self-built compute for own use is excluded"),
        "proportional": ("按使用费 {base} 元的{rate}计 {amount} 元", "{rate} of fees of {base} yuan: {amount} yuan"),
        "no_fees": ("未支付算力资源使用费，无奖励可计", "no fees were paid for the compute: nothing to reward"),
    }
)


class ComputeParams(_Params):
    rate: RateParam
    cap_yearly: MoneyParam
    pflops: ThresholdParam
    racks: ThresholdParam


def compute(clause: Clause[ComputeParams], ctx: Context) -> list[Award]:
    p: ComputeParams = clause.params
    limit = p.cap_yearly.yuan
    used = ctx.history.total(clause.id, year=ctx.year)
    shared = (f"{clause.id} yearly {ctx.year}", limit - used)  # what the year's cap has left for this run
    awards: list[Award] = []
    for index, buy in enumerate(ctx.facts.compute_purchases or [], start=1):
        path = f"compute_purchases[{index}]"
        award = start(
            clause,
            buy.provider,
            provider_type=buy.provider_type,
            pflops=buy.pflops,
            racks=buy.racks,
            self_built=buy.self_built,
            fees=buy.fees,
        )
        awards.append(award)
        award.shared_room = shared
        potential = buy.fees * p.rate.value if buy.fees is not None else None
        needed = missing_of(path, {"provider_type": buy.provider_type, "self_built": buy.self_built, "fees": buy.fees})
        kind = buy.provider_type.value if buy.provider_type else None
        if kind == "ai_computing_centre":
            award.readings.append("D7")
            needed += missing_of(path, {"pflops": buy.pflops})
        elif kind == "data_centre":
            needed += missing_of(path, {"racks": buy.racks})
        if kind == "other":
            refuse(award, "provider_not_qualified")
            continue
        if buy.self_built:
            refuse(award, "self_built")
            continue
        if (
            kind == "ai_computing_centre"
            and buy.pflops is not None
            and not meets(award, p.pflops, buy.pflops, "pflops")
        ):
            award.near_miss = near_miss(clause.id, p.pflops, buy.pflops, "PFLOPS", _room(potential, limit - used))
            refuse(award, "below_threshold", threshold=p.pflops.text, value=buy.pflops)
            continue
        if kind == "data_centre" and buy.racks is not None and not meets(award, p.racks, Decimal(buy.racks), "racks"):
            award.near_miss = near_miss(clause.id, p.racks, Decimal(buy.racks), "racks", _room(potential, limit - used))
            refuse(award, "below_threshold", threshold=p.racks.text, value=buy.racks)
            continue
        if needed:  # at stake: no more than the yearly cap leaves
            unknown(award, needed, _room(potential, limit - used))
            continue
        assert potential is not None  # the fees are not missing
        amount = cap(award, "yearly", limit, potential, room=limit - used)
        award.limits.append(Limit(clause.id, "yearly", str(ctx.year), limit, used, amount))
        used += amount
        if potential <= 0:  # the cap has nothing to do with it
            refuse(award, "no_fees")
            continue
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        pay(award, amount, "proportional", rate=p.rate.text, base=buy.fees)
    return awards


def describe_compute(p: ComputeParams) -> tuple[dict, dict]:
    return (
        _zh_en(f"使用费的{p.rate.text}", f"{p.rate.text} of fees"),
        _zh_en(f"每年不超过{p.cap_yearly.text}", f"{p.cap_yearly.yuan:,} per year"),
    )


def compute_limits(clause: Clause[ComputeParams], ctx: Context) -> list[Limit]:
    used = ctx.history.total(clause.id, year=ctx.year)
    return [Limit(clause.id, "yearly", str(ctx.year), clause.params.cap_yearly.yuan, used, ZERO)] if used else []


RULE = Rule(ComputeParams, compute, describe_compute, compute_limits)
