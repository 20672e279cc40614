"""Competition prizes — 8.3, 8.4 (第八条): the amount of the rank, capped per project."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import i18n
from ..policy_model import MoneyParam, chinese_number
from ..result import Award
from .base import (
    ZERO,
    Context,
    Rule,
    _Params,
    _zh_en,
    cap,
    doubt_about,
    maybe_received,
    missing_of,
    new_event,
    pay,
    refuse,
    start,
    unknown,
    unnamed_alike,
)
from .recognition import _events

if TYPE_CHECKING:
    from ..facts import AwardReceived
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "prize": ("{rank_zh}等奖，奖励{text}", "rank {rank} prize: {amount} yuan"),
        "rank_unknown": (
            "获奖等次{rank}不在本条款的奖项（{ranks}）之列",
            "rank {rank} is not one of this clause's prizes ({ranks})",
        ),
        "prize_top_up": (
            "{rank_zh}等奖，奖励{text}；本项目已获奖励 {paid} 元，补足差额 {amount} 元",
            "rank {rank} prize: {full} yuan; this project already received {paid} yuan, so the top-up is {amount} yuan",
        ),
        "prize_already_covered": (
            "本项目已获奖励 {paid} 元，不低于{text}，无补差",
            "this project already received {paid} yuan, no less than {text}: nothing to top up",
        ),
    }
)


class PrizeParams(_Params):
    event_types: tuple[str, ...]
    level: str
    cap_per_project: MoneyParam
    amounts: dict[int, MoneyParam]


def prize(clause: Clause[PrizeParams], ctx: Context) -> list[Award]:
    p: PrizeParams = clause.params
    awards: list[Award] = []
    paid_now: dict[str, tuple[int | None, Decimal]] = {}  # project → (year obtained, amount paid now)
    events = list(_events(ctx, p.event_types, p.level))
    held = unnamed_alike(events)
    keys = {event.key for _, event in events}  # how the awards received refer to the projects listed
    for index, event in events:
        path = f"events[{index}]"
        award = start(clause, event.key, level=event.level, rank=event.rank, date=event.date or event.year)
        awards.append(award)
        if index in held:
            doubt_about(award, held[index])
            rank = p.amounts.get(event.rank) if event.rank is not None else None
            award.potential = min(rank.yuan, p.cap_per_project.yuan) if rank else p.cap_per_project.yuan
            continue
        needed = missing_of(path, {"level": event.level, "rank": event.rank})
        if (
            needed
            and ctx.reading("D15") == "once"
            and (event.key in paid_now or ctx.history.records(clause.id, event=event.key))
        ):
            award.readings.append("D15")  # rewarded once: no missing fact could make it pay again
            refuse(award, "already_event", event=event.key)
            continue
        if needed:
            unknown(award, needed, p.cap_per_project.yuan)
            continue
        if event.rank not in p.amounts:
            ranks = "、".join(f"{chinese_number(r)}等奖" for r in sorted(p.amounts))
            refuse(award, "rank_unknown", rank=event.rank, ranks=ranks)
            continue
        if not new_event(ctx, award, event.obtained_year, path):
            continue
        amount = p.amounts[event.rank]
        if event.rank == 1 and "D1" in clause.readings:  # D1: the "5元" first prize
            award.readings.append("D1")
        # D15: the same project's earlier prizes, received before this prize's year or listed now.
        earlier = ctx.history.records(clause.id, event=event.key)
        obtained = event.obtained_year
        same: list[AwardReceived | None] = [r for r in earlier if obtained is None or r.year >= obtained]
        before = ZERO if event.key not in paid_now else paid_now[event.key][1]
        if event.key in paid_now and paid_now[event.key][0] == obtained:
            same.append(None)
        before += sum((r.amount for r in earlier if obtained is not None and r.year < obtained), ZERO)
        upgrade = ctx.reading("D15")
        if earlier or event.key in paid_now:
            award.readings.append("D15")
        if same or (upgrade == "once" and (earlier or event.key in paid_now)):
            refuse(award, "already_event", event=event.key)
            continue
        # D15: a prize received under this clause for no project listed may be this project's
        # (of its year under "full", of any year under "once" and "top_up")
        unclear = maybe_received(
            ctx, clause.id, keys, event.name is not None, obtained if upgrade == "full" else None, path
        )
        if unclear is not None:
            doubt_about(award, unclear)
            award.potential = min(amount.yuan, p.cap_per_project.yuan)
            continue
        capped = cap(award, "per_project", p.cap_per_project.yuan, amount.yuan)
        if upgrade == "top_up" and before > 0:
            capped = cap(award, "top_up", capped, capped, room=capped - before)
            award.facts["already_paid"] = before
            if capped <= 0:
                refuse(award, "prize_already_covered", paid=before, text=amount.text)
                continue
        paid_now[event.key] = (obtained, (paid_now[event.key][1] if event.key in paid_now else ZERO) + capped)
        if upgrade == "top_up" and before > 0:  # D15: the difference, saying so
            pay(
                award,
                capped,
                "prize_top_up",
                rank=event.rank,
                rank_zh=chinese_number(event.rank),
                text=amount.text,
                full=amount.yuan,
                paid=before,
            )
            continue
        pay(award, capped, "prize", rank=event.rank, rank_zh=chinese_number(event.rank), text=amount.text)
    return awards


def describe_prize(p: PrizeParams) -> tuple[dict, dict]:
    zh = "、".join(f"{chinese_number(rank)}等奖{a.text}" for rank, a in sorted(p.amounts.items()))
    en = ", ".join(f"rank {rank}: {a.yuan:,}" for rank, a in sorted(p.amounts.items()))
    return _zh_en(zh, en), _zh_en(
        f"每个项目最高{p.cap_per_project.text}", f"up to {p.cap_per_project.yuan:,} per project"
    )


RULE = Rule(PrizeParams, prize, describe_prize)
