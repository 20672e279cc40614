"""First cross-border data trade — 8.8 (第八条): up to a ceiling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..result import Award, NearMiss
from .base import Context, Rule, meets, missing_of, new_event, pay, refuse, start, unknown
from .trade_volume import VolumeParams, describe_volume

if TYPE_CHECKING:
    from ..policy_model import Clause


def cross_border(clause: Clause[VolumeParams], ctx: Context) -> list[Award]:
    p: VolumeParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None or (trading.first_cross_border_date is None and trading.first_cross_border_volume is None):
        return []
    volume = trading.first_cross_border_volume
    award = start(
        clause, None, first_cross_border_date=trading.first_cross_border_date, first_cross_border_volume=volume
    )
    award.readings.append("D11")
    if ctx.history.records(clause.id):  # 首次: once received, nothing is at stake, whatever the facts
        return [refuse(award, "already_once")]
    needed = missing_of(
        "data_trading",
        {"first_cross_border_date": trading.first_cross_border_date, "first_cross_border_volume": volume},
    )
    if needed:
        return [unknown(award, needed, p.ceiling.yuan)]
    assert trading.first_cross_border_date is not None and volume is not None  # not missing
    if not new_event(ctx, award, trading.first_cross_border_date.year, "data_trading.first_cross_border"):
        return [award]
    if not meets(
        award, p.volume, volume, "annual_volume" if clause.rule == "trade_volume" else "first_cross_border_volume"
    ):
        award.near_miss = NearMiss(
            clause.id, p.volume.text, volume, p.volume.shortfall(volume), would_pay=p.ceiling.yuan
        )
        return [refuse(award, "below_threshold", threshold=p.volume.text, value=volume)]
    return [pay(award, p.ceiling.yuan, "ceiling", ceiling=p.ceiling.text)]


RULE = Rule(VolumeParams, cross_border, describe_volume)
