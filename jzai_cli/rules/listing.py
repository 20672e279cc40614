"""First listing of a data product — 8.6 (第八条): a rate of the fee, up to a ceiling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import i18n
from ..policy_model import MoneyParam, RateParam
from ..result import Award
from .base import Context, Rule, _Params, _zh_en, cap, missing_of, new_event, pay, refuse, start, unknown

if TYPE_CHECKING:
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "platform_not_qualified": (
            "挂牌平台不是符合条件的数据交易平台",
            "the platform is not a qualified data-trading platform",
        ),
        "no_listing_fee": ("未支付挂牌服务费用，无补助可计", "no listing fee was paid: nothing to subsidise"),
        "proportional_ceiling": (
            "按挂牌服务费 {base} 元的{rate}计，最高{ceiling}：最高 {amount} 元",
            "{rate} of the listing fee of {base} yuan, capped: up to {amount} yuan",
        ),
    }
)


class ListingParams(_Params):
    rate: RateParam
    ceiling: MoneyParam


def listing(clause: Clause[ListingParams], ctx: Context) -> list[Award]:
    p: ListingParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None or (trading.first_listing_date is None and trading.listing_fee is None):
        return []
    award = start(
        clause,
        None,
        platform_qualified=trading.platform_qualified,
        first_listing_date=trading.first_listing_date,
        listing_fee=trading.listing_fee,
    )
    award.ceiling = True
    if trading.platform_qualified is False:
        return [refuse(award, "platform_not_qualified")]
    if ctx.history.records(clause.id):  # 首次挂牌: once received, nothing is at stake, whatever the facts
        return [refuse(award, "already_once")]
    potential = min(trading.listing_fee * p.rate.value, p.ceiling.yuan) if trading.listing_fee is not None else None
    needed = missing_of(
        "data_trading",
        {
            "platform_qualified": trading.platform_qualified,
            "first_listing_date": trading.first_listing_date,
            "listing_fee": trading.listing_fee,
        },
    )
    if needed:
        return [unknown(award, needed, potential)]
    assert trading.first_listing_date is not None and trading.listing_fee is not None  # not missing
    if not new_event(ctx, award, trading.first_listing_date.year, "data_trading.first_listing"):
        return [award]
    if trading.listing_fee <= 0:  # 按挂牌服务费用的50%: no fee, nothing (not "eligible, up to 0")
        return [refuse(award, "no_listing_fee")]
    amount = cap(award, "ceiling", p.ceiling.yuan, trading.listing_fee * p.rate.value)
    return [
        pay(award, amount, "proportional_ceiling", rate=p.rate.text, base=trading.listing_fee, ceiling=p.ceiling.text)
    ]


def describe_listing(p: ListingParams) -> tuple[dict, dict]:
    return (
        _zh_en(f"挂牌服务费的{p.rate.text}", f"{p.rate.text} of the listing fee"),
        _zh_en(f"最高{p.ceiling.text}", f"up to {p.ceiling.yuan:,}"),
    )


RULE = Rule(ListingParams, listing, describe_listing)
