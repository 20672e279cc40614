"""The rules of the payable clauses: one function per way of paying.

Several clauses pay the same way (every recognition award of articles 3, 4,
5, 7 and 8 is "a fixed sum, once, for a new event"), so a rule serves every
clause whose data names it; the numbers come from the clause's parameters.
Each rule returns one `Award` per event it looked at and records its steps.
The article-2 gate and the applicant kinds are applied by the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable

from pydantic import BaseModel, ConfigDict, model_validator

from .policy import MoneyParam, RateParam, ThresholdParam, chinese_number
from .result import Award, Cap, Limit, Message, NearMiss, Status, Step

if TYPE_CHECKING:
    from .facts import AwardReceived, Facts
    from .policy import Clause, Policy

ZERO = Decimal(0)


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- context shared by the rules ----------------------------------------------


class History:
    """The awards already received, indexed by clause; each record keeps its
    position in `awards_received` (from 1) so a message can name it."""

    def __init__(self, received: Iterable["AwardReceived"]) -> None:
        self.by_clause: dict[str, list[tuple[int, AwardReceived]]] = {}
        for index, record in enumerate(received, start=1):
            self.by_clause.setdefault(record.clause, []).append((index, record))

    def indexed(
        self, clause: str, *, event: str | None = None, year: int | None = None, events: Iterable[str] | None = None
    ) -> list[tuple[int, "AwardReceived"]]:
        names = None if events is None else {e for e in events if e}
        return [
            (index, r)
            for index, r in self.by_clause.get(clause, [])
            if (event is None or r.event == event)
            and (names is None or r.event in names)
            and (year is None or r.year == year)
        ]

    def records(
        self, clause: str, *, event: str | None = None, year: int | None = None, events: Iterable[str] | None = None
    ) -> list["AwardReceived"]:
        return [r for _, r in self.indexed(clause, event=event, year=year, events=events)]

    def total(
        self, clause: str, *, event: str | None = None, year: int | None = None, events: Iterable[str] | None = None
    ) -> Decimal:
        return sum((r.amount for r in self.records(clause, event=event, year=year, events=events)), ZERO)


@dataclass
class Context:
    policy: "Policy"
    facts: "Facts"
    year: int
    history: History

    def reading(self, reading_id: str) -> str:
        return self.policy.reading(reading_id)


def start(clause: "Clause", event: str | None, **facts: Any) -> Award:
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


def meets(award: Award, threshold: Any, value: Decimal, what: str = "") -> bool:
    """Whether `value` meets `threshold`, recorded as a step of the trace."""
    from .facts import title_of

    met = threshold.met_by(value)
    word = threshold.word
    incl_zh, incl_en = ("含本数", "the number counts") if threshold.inclusive else ("不含本数", "the number itself does not count")
    award.steps.append(Step("threshold", Message("trace_threshold", {
        "threshold": threshold.text, "what_zh": title_of(what), "what_en": what, "value": value,
        "op": "≥" if threshold.inclusive else ">", "limit": threshold.value, "mark": "✓" if met else "✗",
        "how_zh": f"“{word}”{incl_zh}" if word else incl_zh, "how_en": f"\u201c{word}\u201d: {incl_en}" if word else incl_en,
    })))
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
    from .i18n import label

    award.steps.append(Step("cap", Message("trace_cap", {
        "cap_zh": label(name, "zh"), "cap_en": label(name, "en"), "limit": limit, "room": limit if room is None else max(room, ZERO), "before": amount, "after": after,
    }), after))
    return after


def near_miss(clause: str, threshold: Any, value: Decimal, unit: str, would_pay: Decimal | None) -> NearMiss | None:
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
    award.steps.append(Step("reading", Message("trace_new_event", {"obtained": obtained, "year": ctx.year, "option": ctx.reading("D5")})))
    if ctx.reading("D5") == "never_rewarded":
        if obtained > ctx.year:
            refuse(award, "event_after_year", obtained=obtained, year=ctx.year)
            return False
        return True
    if obtained != ctx.year:
        refuse(award, "event_not_in_year", obtained=obtained, year=ctx.year)
        return False
    return True


# --- recognition: 3.1–3.5, 4.2, 5.1–5.4, 7.1–7.5, 8.1, 8.2 -------------------


class RecognitionParams(_Params):
    event_types: tuple[str, ...]
    level: str
    amount: MoneyParam
    taxable_revenue: ThresholdParam | None = None
    lead_unit: bool = False
    implied_level: str | None = None  # the event types are at this level by their name

    @model_validator(mode="after")
    def _implied_is_the_level(self) -> "RecognitionParams":
        if self.implied_level is not None and self.implied_level != self.level:
            raise ValueError(f"implied_level {self.implied_level!r} is not the clause's level {self.level!r}")
        return self


def recognition(clause: "Clause", ctx: Context) -> list[Award]:
    p: RecognitionParams = clause.params
    awards: list[Award] = []
    paid_once = bool(ctx.history.records(clause.id)) if clause.once == "applicant" else False
    paid_now: set[str] = set()  # the same event listed twice is paid once
    for index, event in _events(ctx, p.event_types, p.level):
        path = f"events[{index}]"
        level = event.level.value if event.level else implied_level(ctx.policy, event.type.value)
        award = start(clause, event.key, type=event.type.value, level=level, date=event.date or event.year)
        awards.append(award)
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
        already_once = clause.once == "applicant" and paid_once
        already_event = clause.once == "event" and (event.key in paid_now or ctx.history.records(clause.id, event=event.key))
        if already_once or already_event:  # checked first: a miss of a paid event would pay nothing
            _once_readings(clause, award)
            if already_once:
                refuse(award, "already_once")
            else:
                refuse(award, "already_event", event=event.key)
            continue
        if p.taxable_revenue is not None:
            # D4: 当年 is the year of the recognition, whatever D5 admits.
            revenue, source = revenue_of_year(ctx, event, path)
            award.facts["taxable_revenue"] = revenue
            award.facts["taxable_revenue_year"] = event.obtained_year
            if revenue is None:
                unknown(award, [source], p.amount.yuan)
                continue
            if not meets(award, p.taxable_revenue, revenue, "taxable_revenue"):
                award.near_miss = NearMiss(
                    clause.id, p.taxable_revenue.text, revenue, p.taxable_revenue.shortfall(revenue), would_pay=p.amount.yuan
                )
                refuse(award, "below_threshold", threshold=p.taxable_revenue.text, value=revenue)
                continue
        _once_readings(clause, award)
        paid_once = True
        paid_now.add(event.key)
        pay(award, p.amount.yuan, "fixed", text=p.amount.text)
    return awards


def _once_readings(clause: "Clause", award: Award) -> None:
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


_IMPLIED: dict[int, tuple["Policy", dict[str, str]]] = {}


def implied_level(policy: "Policy", event_type: str) -> str | None:
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


# --- prize: 8.3, 8.4 --------------------------------------------------------


class PrizeParams(_Params):
    event_types: tuple[str, ...]
    level: str
    cap_per_project: MoneyParam
    amounts: dict[int, MoneyParam]


def prize(clause: "Clause", ctx: Context) -> list[Award]:
    p: PrizeParams = clause.params
    awards: list[Award] = []
    paid_now: dict[str, tuple[int | None, Decimal]] = {}  # project → (year obtained, amount paid now)
    for index, event in _events(ctx, p.event_types, p.level):
        path = f"events[{index}]"
        award = start(clause, event.key, level=event.level, rank=event.rank, date=event.date or event.year)
        awards.append(award)
        needed = missing_of(path, {"level": event.level, "rank": event.rank})
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
        same = [r for r in earlier if obtained is None or r.year >= obtained]
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
        capped = cap(award, "per_project", p.cap_per_project.yuan, amount.yuan)
        if upgrade == "top_up" and before > 0:
            capped = cap(award, "top_up", capped, capped, room=capped - before)
            award.facts["already_paid"] = before
            if capped <= 0:
                refuse(award, "prize_already_covered", paid=before, text=amount.text)
                continue
        paid_now[event.key] = (obtained, (paid_now[event.key][1] if event.key in paid_now else ZERO) + capped)
        pay(award, capped, "prize", rank=event.rank, rank_zh=chinese_number(event.rank), text=amount.text)
    return awards


# --- referral: 4.1 ----------------------------------------------------------


class ReferralParams(_Params):
    amount: MoneyParam
    window_years: ThresholdParam
    cap_cumulative: MoneyParam


def referral(clause: "Clause", ctx: Context) -> list[Award]:
    p: ReferralParams = clause.params
    limit = p.cap_cumulative.yuan
    used = ctx.history.total(clause.id)
    years = int(p.window_years.value)
    awards: list[Award] = []
    seen: dict[str, int] = {}  # 每户: the referred enterprise (credit code, else name) → its first row
    for index, ref in enumerate(ctx.facts.referrals or [], start=1):
        path = f"referrals[{index}]"
        award = start(clause, ref.key, introduced=ref.introduced, above_size=ref.above_size)
        awards.append(award)
        award.readings.append("D9")
        identity = referral_identity(ref)
        if identity in seen:
            refuse(award, "listed_twice", section="referrals", first=seen[identity], what=ref.credit_code or ref.name)
            continue
        seen[identity] = index
        if ref.above_size is None:
            refuse(award, "not_above_size_yet")
            continue
        if ref.introduced is None:
            unknown(award, [f"{path}.introduced"], p.amount.yuan)
            continue
        if not new_event(ctx, award, ref.above_size.year, path):
            continue
        deadline = add_years(ref.introduced, years)
        if ref.above_size < ref.introduced:
            refuse(award, "above_size_before_introduced")
            continue
        if ctx.history.records(clause.id, events=(ref.key, ref.credit_code)):
            refuse(award, "already_event", event=ref.key)
            continue
        room = max(min(p.amount.yuan, limit - used), ZERO)
        if ref.above_size > deadline:
            if room > 0:
                award.near_miss = NearMiss(
                    clause.id, p.window_years.text, Decimal((ref.above_size - ref.introduced).days),
                    Decimal((ref.above_size - deadline).days), unit="days_late", would_pay=room, fixed=True,
                )
            refuse(award, "above_size_too_late", deadline=deadline, window=p.window_years.text)
            continue
        amount = cap(award, "cumulative", limit, p.amount.yuan, room=limit - used)
        award.limits.append(Limit(clause.id, "cumulative", "applicant", limit, used, amount))
        used += amount
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        pay(award, amount, "per_unit", text=p.amount.text)
    return awards


def referral_identity(ref: Any) -> str:
    """每户: a referred enterprise is its credit code, else its name."""
    return f"code:{ref.credit_code}" if ref.credit_code else f"name:{ref.name}"


# --- compute vouchers: 6.1 --------------------------------------------------


class ComputeParams(_Params):
    rate: RateParam
    cap_yearly: MoneyParam
    pflops: ThresholdParam
    racks: ThresholdParam


def compute(clause: "Clause", ctx: Context) -> list[Award]:
    p: ComputeParams = clause.params
    limit = p.cap_yearly.yuan
    used = ctx.history.total(clause.id, year=ctx.year)
    awards: list[Award] = []
    for index, buy in enumerate(ctx.facts.compute_purchases or [], start=1):
        path = f"compute_purchases[{index}]"
        award = start(
            clause, buy.provider, provider_type=buy.provider_type, pflops=buy.pflops, racks=buy.racks,
            self_built=buy.self_built, fees=buy.fees,
        )
        awards.append(award)
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
        if kind == "ai_computing_centre" and buy.pflops is not None and not meets(award, p.pflops, buy.pflops, "pflops"):
            award.near_miss = near_miss(clause.id, p.pflops, buy.pflops, "PFLOPS", _room(potential, limit - used))
            refuse(award, "below_threshold", threshold=p.pflops.text, value=buy.pflops)
            continue
        if kind == "data_centre" and buy.racks is not None and not meets(award, p.racks, Decimal(buy.racks), "racks"):
            award.near_miss = near_miss(clause.id, p.racks, Decimal(buy.racks), "racks", _room(potential, limit - used))
            refuse(award, "below_threshold", threshold=p.racks.text, value=buy.racks)
            continue
        if needed:
            unknown(award, needed, potential)
            continue
        amount = cap(award, "yearly", limit, potential, room=limit - used)
        award.limits.append(Limit(clause.id, "yearly", str(ctx.year), limit, used, amount))
        used += amount
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        pay(award, amount, "proportional", rate=p.rate.text, base=buy.fees)
    return awards


# --- step-up with top-up (晋级补差): 8.5 ---------------------------------------


class Tier(_Params):
    revenue: ThresholdParam
    amount: MoneyParam


class StepUpParams(_Params):
    tiers: tuple[Tier, ...]


def step_up(clause: "Clause", ctx: Context) -> list[Award]:
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
    needed = missing_of("applicant", {"data_labelling": applicant.data_labelling, "main_business_revenue_prev_year": revenue})
    if needed:
        return [unknown(award, needed, max(top - paid, ZERO) if revenue is None else None)]
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


# --- data listing: 8.6 ------------------------------------------------------


class ListingParams(_Params):
    rate: RateParam
    ceiling: MoneyParam


def listing(clause: "Clause", ctx: Context) -> list[Award]:
    p: ListingParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None or (trading.first_listing_date is None and trading.listing_fee is None):
        return []
    award = start(
        clause, None, platform_qualified=trading.platform_qualified,
        first_listing_date=trading.first_listing_date, listing_fee=trading.listing_fee,
    )
    award.ceiling = True
    if trading.platform_qualified is False:
        return [refuse(award, "platform_not_qualified")]
    potential = min(trading.listing_fee * p.rate.value, p.ceiling.yuan) if trading.listing_fee is not None else None
    needed = missing_of("data_trading", {"platform_qualified": trading.platform_qualified, "first_listing_date": trading.first_listing_date, "listing_fee": trading.listing_fee})
    if needed:
        return [unknown(award, needed, potential)]
    if not new_event(ctx, award, trading.first_listing_date.year, "data_trading.first_listing"):
        return [award]
    if ctx.history.records(clause.id):
        return [refuse(award, "already_once")]
    amount = cap(award, "ceiling", p.ceiling.yuan, trading.listing_fee * p.rate.value)
    return [pay(award, amount, "proportional_ceiling", rate=p.rate.text, base=trading.listing_fee, ceiling=p.ceiling.text)]


# --- trading volume: 8.7 ----------------------------------------------------


class VolumeParams(_Params):
    volume: ThresholdParam
    ceiling: MoneyParam


def trade_volume(clause: "Clause", ctx: Context) -> list[Award]:
    p: VolumeParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None:
        return []
    volume = trading.annual_volume
    award = start(clause, str(ctx.year), annual_volume=volume)
    award.readings.append("D3")
    if volume is None:
        return [unknown(award, ["data_trading.annual_volume"], p.ceiling.yuan)]
    earlier = ctx.history.records(clause.id) if clause.once == "applicant" else ctx.history.records(clause.id, year=ctx.year)
    if earlier:  # checked first: a miss of an award already received would pay nothing
        return [refuse(award, "already_once" if clause.once == "applicant" else "already_this_year", year=ctx.year)]
    if not meets(award, p.volume, volume, "annual_volume" if clause.rule == "trade_volume" else "first_cross_border_volume"):
        award.near_miss = NearMiss(clause.id, p.volume.text, volume, p.volume.shortfall(volume), would_pay=p.ceiling.yuan)
        return [refuse(award, "below_threshold", threshold=p.volume.text, value=volume)]
    return [pay(award, p.ceiling.yuan, "ceiling", ceiling=p.ceiling.text)]


# --- first cross-border trade: 8.8 ------------------------------------------


def cross_border(clause: "Clause", ctx: Context) -> list[Award]:
    p: VolumeParams = clause.params
    trading = ctx.facts.data_trading
    if trading is None or (trading.first_cross_border_date is None and trading.first_cross_border_volume is None):
        return []
    volume = trading.first_cross_border_volume
    award = start(clause, None, first_cross_border_date=trading.first_cross_border_date, first_cross_border_volume=volume)
    award.readings.append("D11")
    needed = missing_of("data_trading", {"first_cross_border_date": trading.first_cross_border_date, "first_cross_border_volume": volume})
    if needed:
        return [unknown(award, needed, p.ceiling.yuan)]
    if not new_event(ctx, award, trading.first_cross_border_date.year, "data_trading.first_cross_border"):
        return [award]
    if ctx.history.records(clause.id):
        return [refuse(award, "already_once")]
    if not meets(award, p.volume, volume, "annual_volume" if clause.rule == "trade_volume" else "first_cross_border_volume"):
        award.near_miss = NearMiss(clause.id, p.volume.text, volume, p.volume.shortfall(volume), would_pay=p.ceiling.yuan)
        return [refuse(award, "below_threshold", threshold=p.volume.text, value=volume)]
    return [pay(award, p.ceiling.yuan, "ceiling", ceiling=p.ceiling.text)]


# --- graduates' living subsidy: 9.1 -----------------------------------------


class LivingParams(_Params):
    within_years: ThresholdParam
    years: ThresholdParam
    monthly: dict[str, MoneyParam]


def graduate_living(clause: "Clause", ctx: Context) -> list[Award]:
    p: LivingParams = clause.params
    total_months = int(p.years.value) * MONTHS_PER_YEAR
    graduates = ctx.facts.graduates or []
    year_first = month_index(dt.date(ctx.year, 1, 1))
    year_last = year_first + MONTHS_PER_YEAR - 1
    year_end = dt.date(ctx.year + 1, 1, 1) - dt.timedelta(days=1)
    first_contract: dict[str, dt.date] = {}  # D17: the person's first contract listed
    for grad in graduates:
        if grad.contract_start is not None and grad.graduated is not None:
            first_contract[grad.person] = min(first_contract.get(grad.person, grad.contract_start), grad.contract_start)
    taken: dict[str, dict[int, int]] = {}  # person → month counted → the row that counted it
    paid: dict[str, Decimal] = {}  # person → amount of this year's rows so far
    awards: list[Award] = []
    for index, grad in enumerate(graduates, start=1):
        path = f"graduates[{index}]"
        award = start(
            clause, grad.key, degree=grad.degree, full_time=grad.full_time, graduated=grad.graduated,
            contract_start=grad.contract_start, contract_end=grad.contract_end, insured_months=grad.insured_months,
            insured_from=grad.insured_from, insured_to=grad.insured_to,
        )
        awards.append(award)
        degree = grad.degree.value if grad.degree else None
        if degree == "preparatory_technician":
            award.readings.append("D2")
        if degree is not None and (degree not in p.monthly or p.monthly[degree].yuan <= 0):
            refuse(award, "degree_not_covered", degree=degree)
            continue
        if grad.full_time is False:
            refuse(award, "not_full_time")
            continue
        needed = missing_of(path, {"degree": grad.degree, "full_time": grad.full_time, "graduated": grad.graduated,
                                   "contract_start": grad.contract_start})
        if grad.insured_from is None and grad.insured_months is None:
            needed.append(f"{path}.insured_months")
        if needed:
            unknown(award, needed)
            continue
        if grad.graduated > year_end:
            refuse(award, "graduated_after_year", graduated=grad.graduated, year=ctx.year)
            continue
        rate = p.monthly[degree].yuan
        person = grad.person
        # D17: a renewed contract runs on the window of the person's first contract.
        signed = first_contract[person] if ctx.reading("D17") == "first_contract" else grad.contract_start
        if first_contract[person] != grad.contract_start:
            award.readings.append("D17")
        # D16: months under contract before graduating are not a graduate's months.
        if grad.contract_start < grad.graduated or signed < grad.graduated:
            award.readings.append("D16")
        as_graduate = ctx.reading("D16") == "graduation"
        counted_from = max(grad.contract_start, grad.graduated) if as_graduate else grad.contract_start
        award.readings.append("D10")
        if ctx.reading("D10") == "graduation":
            window_start = grad.graduated
        else:
            window_start = max(signed, grad.graduated) if as_graduate else signed
        window_first = month_index(window_start)
        window_last = window_first + total_months - 1
        contract_last = month_index(grad.contract_end) if grad.contract_end is not None else year_last
        first = max(window_first, month_index(counted_from), year_first)
        last = min(window_last, year_last, contract_last)
        open_months = list(range(first, last + 1))
        award.facts["months_in_window"] = len(open_months)
        # Which open months were insured: the insured period, or a count that fits.
        months: list[int] | None = None
        count_only = False
        if grad.insured_from is not None:
            insured_last = month_index(grad.insured_to) if grad.insured_to is not None else year_last
            months = [m for m in open_months if month_index(grad.insured_from) <= m <= insured_last]
        else:
            contract_in_year = max(0, min(year_last, contract_last) - max(month_index(grad.contract_start), year_first) + 1)
            if grad.insured_months == 0 or not open_months or grad.insured_months >= contract_in_year:
                months = open_months if grad.insured_months else []
            elif len(open_months) == contract_in_year:
                count_only = True  # every insured month of the contract is in the window
            else:
                potential = _room(rate * min(grad.insured_months, len(open_months)), rate * total_months - paid.get(person, ZERO))
                unknown(award, [f"{path}.insured_from", f"{path}.insured_to"], potential)
                award.reason = Message("insured_months_ambiguous", {
                    "months": grad.insured_months, "open": len(open_months), "window": p.years.text,
                    "facts": list(award.missing),
                })
                continue
        person_taken = taken.setdefault(person, {})
        if count_only:
            overlap = [m for m in open_months if m in person_taken]
            if overlap:
                unknown(award, [f"{path}.insured_from", f"{path}.insured_to"], None)
                continue
            fresh, reserve = grad.insured_months, open_months
        else:
            reserve = [m for m in months if m not in person_taken]
            fresh = len(reserve)
            if fresh < len(months):
                award.facts["months_counted_before"] = len(months) - fresh
        # Months of this year already paid to the person (awards received this year).
        this_year = ctx.history.indexed(clause.id, events=(grad.key, grad.id_number), year=ctx.year)
        unknown_months = [f"awards_received[{i}].months" for i, r in this_year if r.months is None]
        if unknown_months:
            unknown(award, unknown_months, rate * fresh)
            continue
        fresh = max(0, fresh - sum(r.months for _, r in this_year))
        limit = rate * total_months
        used = ctx.history.total(clause.id, events=(grad.key, grad.id_number)) + paid.get(person, ZERO)
        deadline = add_years(grad.graduated, int(p.within_years.value))
        if signed > deadline:
            gain = _room(rate * fresh, limit - used)
            if gain:
                award.near_miss = NearMiss(
                    clause.id, p.within_years.text, Decimal((signed - grad.graduated).days),
                    Decimal((signed - deadline).days), unit="days_late", would_pay=gain, fixed=True,
                )
            refuse(award, "contract_too_late", deadline=deadline, window=p.within_years.text)
            continue
        award.facts["months_paid"] = fresh
        if fresh == 0:
            if months and len(reserve) < len(months):
                first_row = min(person_taken[m] for m in months if m in person_taken)
                refuse(award, "months_already_counted", first=first_row)
            else:
                refuse(award, "no_months_in_year", year=ctx.year, window=p.years.text)
            continue
        amount = cap(award, "per_person", limit, rate * fresh, room=limit - used)
        award.limits.append(Limit(clause.id, "per_person", grad.key, limit, used, amount))
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        for m in reserve:
            person_taken[m] = index
        paid[person] = paid.get(person, ZERO) + amount
        pay(award, amount, "monthly", rate=rate, months=fresh)
    return awards


# --- social insurance for graduate hires: 9.2 --------------------------------


class HireParams(_Params):
    sizes: tuple[str, ...]
    unemployed_within_years: ThresholdParam
    contract_years: ThresholdParam
    max_years: ThresholdParam


def graduate_hire(clause: "Clause", ctx: Context) -> list[Award]:
    p: HireParams = clause.params
    size = ctx.facts.applicant.size
    max_months = int(p.max_years.value) * MONTHS_PER_YEAR
    min_contract = p.contract_years.value * MONTHS_PER_YEAR
    year_first = month_index(dt.date(ctx.year, 1, 1))
    seen: dict[tuple[str, Any], int] = {}  # (person, hiring date) → its first row
    used_now: dict[str, int] = {}  # person → months of this year's rows so far
    awards: list[Award] = []
    for index, hire in enumerate(ctx.facts.graduate_hires or [], start=1):
        path = f"graduate_hires[{index}]"
        award = start(
            clause, hire.key, size=size, status_before=hire.status_before, graduated=hire.graduated, hired=hire.hired,
            contract_months=hire.contract_months, employer_contributions=hire.employer_contributions,
            contribution_months=hire.contribution_months,
        )
        awards.append(award)
        person = hire.person
        if hire.hired is not None and (person, hire.hired) in seen:
            refuse(award, "listed_twice", section="graduate_hires", first=seen[(person, hire.hired)], what=hire.name)
            continue
        if hire.hired is not None:
            seen[(person, hire.hired)] = index
        previous = ctx.history.indexed(clause.id, events=(hire.key, hire.id_number))
        unknown_months = [f"awards_received[{i}].months" for i, r in previous if r.months is None]
        months_before = sum(r.months for _, r in previous if r.months is not None) + used_now.get(person, 0)
        left = max(0, max_months - months_before)
        if size is not None and size.value not in p.sizes:
            refuse(award, "size_not_small", size=size.value)
            continue
        status = hire.status_before.value if hire.status_before else None
        if status == "employed_before":
            refuse(award, "hire_status")
            continue
        if hire.contract_months is not None and Decimal(hire.contract_months) < min_contract:
            gain = None if unknown_months else _share(hire, left)
            if gain is None or gain > 0:
                award.near_miss = NearMiss(
                    clause.id, p.contract_years.text, Decimal(hire.contract_months),
                    min_contract - hire.contract_months, unit="months", would_pay=gain,
                )
            refuse(award, "contract_too_short", months=hire.contract_months, minimum=p.contract_years.text)
            continue
        needed = (["applicant.size"] if size is None else []) + missing_of(path, {
            "status_before": hire.status_before, "graduated": hire.graduated, "hired": hire.hired,
            "contract_months": hire.contract_months, "employer_contributions": hire.employer_contributions,
            "contribution_months": hire.contribution_months,
        })
        if needed:
            unknown(award, needed, hire.employer_contributions)
            continue
        if hire.hired.year > ctx.year:
            refuse(award, "hired_after_year", hired=hire.hired, year=ctx.year)
            continue
        if hire.hired < hire.graduated and status == "unemployed":
            refuse(award, "hired_before_graduation")
            continue
        if status == "graduation_year" and hire.hired.year != hire.graduated.year:
            refuse(award, "not_graduation_year", graduated=hire.graduated.year, hired=hire.hired.year)
            continue
        if status == "unemployed":
            deadline = add_years(hire.graduated, int(p.unemployed_within_years.value))
            if hire.hired > deadline:
                gain = None if unknown_months else _share(hire, left)
                if gain is None or gain > 0:
                    award.near_miss = NearMiss(
                        clause.id, p.unemployed_within_years.text, Decimal((hire.hired - hire.graduated).days),
                        Decimal((hire.hired - deadline).days), unit="days_late", would_pay=gain, fixed=True,
                    )
                refuse(award, "hired_too_late", deadline=deadline, window=p.unemployed_within_years.text)
                continue
        if unknown_months:
            unknown(award, unknown_months, hire.employer_contributions)
            continue
        award.facts["months_subsidised_before"] = months_before
        claimable = hire.contribution_months
        if hire.hired.year < ctx.year:
            award.readings.append("D18")
            if ctx.reading("D18") == "from_hiring":
                # The months of the assessment year within the months after hiring.
                in_window = max(0, month_index(hire.hired) + max_months - year_first)
                claimable = min(claimable, in_window)
                award.facts["months_in_window"] = in_window
        if left == 0 or claimable == 0:
            refuse(award, "months_exhausted" if left == 0 or hire.contribution_months == 0 else "hire_window_passed",
                   limit=max_months, window=p.max_years.text)
            continue
        months = min(left, claimable)
        amount = hire.employer_contributions
        award.limits.append(Limit(clause.id, "per_person", hire.key, Decimal(max_months), Decimal(months_before), Decimal(months), unit="months"))
        used_now[person] = used_now.get(person, 0) + months
        if months < hire.contribution_months:
            # 按企业实际缴纳社保费: what was paid for the months left is not in the
            # facts (only the year's total); an equal share is an estimate, held for review.
            amount = cap(award, "max_months", hire.employer_contributions * months / hire.contribution_months, amount)
            pay(award, amount, "reimbursement_share", months=months, total=hire.employer_contributions, of=hire.contribution_months)
            award.status = Status.NEEDS_REVIEW
            continue
        pay(award, amount, "reimbursement", months=months)
    return awards


def _share(hire: Any, left: int) -> Decimal | None:
    """9.2: what the contributions would pay with `left` months still open."""
    if hire.employer_contributions is None:
        return None
    if not hire.contribution_months or hire.contribution_months <= left:
        return hire.employer_contributions if left else ZERO
    return hire.employer_contributions * left / hire.contribution_months


# --- descriptions for `jzai explain`: (amount, cap) in the source's words ------


def _zh_en(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def describe_recognition(p: RecognitionParams) -> tuple[dict, dict]:
    return _zh_en(p.amount.text, f"{p.amount.yuan:,} yuan"), _zh_en("一次性", "once")


def describe_prize(p: PrizeParams) -> tuple[dict, dict]:
    zh = "、".join(f"{chinese_number(rank)}等奖{a.text}" for rank, a in sorted(p.amounts.items()))
    en = ", ".join(f"rank {rank}: {a.yuan:,}" for rank, a in sorted(p.amounts.items()))
    return _zh_en(zh, en), _zh_en(f"每个项目最高{p.cap_per_project.text}", f"up to {p.cap_per_project.yuan:,} per project")


def describe_referral(p: ReferralParams) -> tuple[dict, dict]:
    return (_zh_en(f"每户{p.amount.text}", f"{p.amount.yuan:,} per enterprise"),
            _zh_en(f"累计最高{p.cap_cumulative.text}", f"{p.cap_cumulative.yuan:,} cumulative"))


def describe_compute(p: ComputeParams) -> tuple[dict, dict]:
    return (_zh_en(f"使用费的{p.rate.text}", f"{p.rate.text} of fees"),
            _zh_en(f"每年不超过{p.cap_yearly.text}", f"{p.cap_yearly.yuan:,} per year"))


def describe_step_up(p: StepUpParams) -> tuple[dict, dict]:
    zh = "；".join(f"{t.revenue.text.removeprefix('达到')}→{t.amount.text}" for t in p.tiers)
    en = "; ".join(f"{t.revenue.value:,.0f} → {t.amount.yuan:,}" for t in p.tiers)
    return _zh_en(zh, en), _zh_en("档位金额减本条已获金额", "tier amount less what 8.5 already paid")


def describe_listing(p: ListingParams) -> tuple[dict, dict]:
    return (_zh_en(f"挂牌服务费的{p.rate.text}", f"{p.rate.text} of the listing fee"),
            _zh_en(f"最高{p.ceiling.text}", f"up to {p.ceiling.yuan:,}"))


def describe_volume(p: VolumeParams) -> tuple[dict, dict]:
    return _zh_en(f"最高{p.ceiling.text}", f"up to {p.ceiling.yuan:,}"), _zh_en("以审核为准", "set on review")


def describe_living(p: LivingParams) -> tuple[dict, dict]:
    from .vocab import Degree

    zh = "、".join(f"{Degree(k).zh}{v.text}/月" for k, v in p.monthly.items())
    en = ", ".join(f"{Degree(k).en} {v.yuan:,}/month" for k, v in p.monthly.items())
    months = int(p.years.value) * MONTHS_PER_YEAR
    return _zh_en(zh, en), _zh_en(f"每人{p.years.text}（{months}个月）", f"{months} months per person")


def describe_hire(p: HireParams) -> tuple[dict, dict]:
    return (_zh_en("单位实际缴纳的社保费", "social insurance actually paid"),
            _zh_en(f"每人{p.max_years.text}", f"{int(p.max_years.value) * MONTHS_PER_YEAR} months per graduate"))


# --- limits standing from the awards already received ------------------------
# What remains of a cumulative or yearly limit even when nothing is claimed
# under the clause this year; an award that touches the limit reports the
# limit's later state itself.


def referral_limits(clause: "Clause", ctx: Context) -> list[Limit]:
    used = ctx.history.total(clause.id)
    return [Limit(clause.id, "cumulative", "applicant", clause.params.cap_cumulative.yuan, used, ZERO)] if used else []


def compute_limits(clause: "Clause", ctx: Context) -> list[Limit]:
    used = ctx.history.total(clause.id, year=ctx.year)
    return [Limit(clause.id, "yearly", str(ctx.year), clause.params.cap_yearly.yuan, used, ZERO)] if used else []


@dataclass(frozen=True)
class Rule:
    params: type[_Params]
    run: Callable[["Clause", Context], list[Award]]
    describe: Callable[[Any], tuple[dict, dict]]
    limits: Callable[["Clause", Context], list[Limit]] | None = None


RULES: dict[str, Rule] = {
    "recognition": Rule(RecognitionParams, recognition, describe_recognition),
    "prize": Rule(PrizeParams, prize, describe_prize),
    "referral": Rule(ReferralParams, referral, describe_referral, referral_limits),
    "compute": Rule(ComputeParams, compute, describe_compute, compute_limits),
    "step_up": Rule(StepUpParams, step_up, describe_step_up),
    "listing": Rule(ListingParams, listing, describe_listing),
    "trade_volume": Rule(VolumeParams, trade_volume, describe_volume),
    "cross_border": Rule(VolumeParams, cross_border, describe_volume),
    "graduate_living": Rule(LivingParams, graduate_living, describe_living),
    "graduate_hire": Rule(HireParams, graduate_hire, describe_hire),
}

