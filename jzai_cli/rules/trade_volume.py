"""Annual data-trading volume — 8.7 (第八条): up to a ceiling when the volume is reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import i18n
from ..policy_model import MoneyParam, ThresholdParam
from ..result import Award, NearMiss
from .base import Context, Rule, _Params, _zh_en, meets, pay, refuse, start, unknown

if TYPE_CHECKING:
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "already_this_year": ("{year}年已获本条款奖励", "already received for {year}"),
    }
)


class VolumeParams(_Params):
    volume: ThresholdParam
    ceiling: MoneyParam


def trade_volume(clause: Clause[VolumeParams], ctx: Context) -> list[Award]:
    p: VolumeParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None:
        return []
    volume = trading.annual_volume
    award = start(clause, str(ctx.year), annual_volume=volume)
    award.readings.append("D3")
    earlier = (
        ctx.history.records(clause.id) if clause.once == "applicant" else ctx.history.records(clause.id, year=ctx.year)
    )
    if earlier:  # checked first: an award already received leaves nothing at stake, met or missed
        return [refuse(award, "already_once" if clause.once == "applicant" else "already_this_year", year=ctx.year)]
    if volume is None:
        return [unknown(award, ["data_trading.annual_volume"], p.ceiling.yuan)]
    if not meets(
        award, p.volume, volume, "annual_volume" if clause.rule == "trade_volume" else "first_cross_border_volume"
    ):
        award.near_miss = NearMiss(
            clause.id, p.volume.text, volume, p.volume.shortfall(volume), would_pay=p.ceiling.yuan
        )
        return [refuse(award, "below_threshold", threshold=p.volume.text, value=volume)]
    return [pay(award, p.ceiling.yuan, "ceiling", ceiling=p.ceiling.text)]


def describe_volume(p: VolumeParams) -> tuple[dict, dict]:
    return _zh_en(f"最高{p.ceiling.text}", f"up to {p.ceiling.yuan:,}"), _zh_en("以审核为准", "set on review")


RULE = Rule(VolumeParams, trade_volume, describe_volume)
