"""Graduates' living subsidy — 9.1 (第九条): a monthly amount by degree, per person,
for the months insured inside the window.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..money import normalise_text
from ..policy_model import MoneyParam, YearsParam
from ..result import Award, Limit, Message, NearMiss
from .base import (
    MONTHS_PER_YEAR,
    ZERO,
    Context,
    Rule,
    _Params,
    _room,
    _zh_en,
    cap,
    doubt_about,
    last_day,
    missing_of,
    month_index,
    pay,
    people_by_name,
    person_maybe_received,
    person_of,
    received_by_person,
    received_unclear,
    refuse,
    rows_in_doubt,
    start,
    unknown,
    unplaced_records,
    who,
)

if TYPE_CHECKING:
    from ..facts import AwardReceived
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "insured_months_disagree": (
            "当年缴纳社保{months}个月，与社保缴纳起止日期在本年的{period}个月不一致，请核对改正。涉及事实：{facts}",
            "{months} insured months of the year are given, but the insured period covers {period} months of it: check which is right. Facts concerned: {facts}",
        ),
        "degree_not_covered": ("学历“{degree}”不在补贴范围（D2）", 'degree "{degree}" is not covered (D2)'),
        "not_full_time": ("非全日制毕业生", "not a full-time graduate"),
        "contract_too_late": (
            "签订合同不在{window}（截止{deadline}）",
            'contract signed outside "{window}" (deadline {deadline})',
        ),
        "no_months_in_year": (
            "{year}年没有可补贴的月份（超出{window}、毕业前或合同期外，D10）",
            "no subsidised month in {year} (outside the {window}, before graduation or outside the contract, D10)",
        ),
        "monthly": (
            "每月{rate}元 × {months}个月 = {amount} 元",
            "{rate} yuan a month × {months} months = {amount} yuan",
        ),
        "graduated_after_year": (
            "毕业日期{graduated}晚于评估年度{year}年",
            "graduation date {graduated} is after the assessment year {year}",
        ),
        "insured_months_ambiguous": (
            "只给出当年缴纳社保{months}个月，而{window}与合同期在本年只覆盖{open}个月，无法确定哪些月份在内；请填写社保缴纳起止日期。缺少事实：{facts}",
            "only a count of {months} insured months is given, while the {window} and the contract cover {open} months of the year: which months fall inside is unknown; give the insured period. Missing facts: {facts}",
        ),
        "months_received_this_year": (
            "{year}年已获本条款{months}个月的补贴，这些月份不重复补贴",
            "{months} months of {year} were already received under this clause: not paid twice",
        ),
        "not_the_applicant": (
            "申请人“{applicant}”以个人身份申领，只能申领本人的生活补贴；“{name}”的补贴应由其本人或用人单位申报",
            "the applicant {applicant!r} applies as an individual and claims their own living subsidy only: {name!r}'s is for them or their employer to claim",
        ),
        "months_already_counted": (
            "这些月份已在毕业生第{first}项计入，同一人不重复补贴",
            "these months were already counted for the same person in graduates[{first}]: not paid twice",
        ),
    }
)


class LivingParams(_Params):
    within_years: YearsParam  # counted in whole years
    years: YearsParam  # counted in whole years
    monthly: dict[str, MoneyParam]


def graduate_living(clause: Clause[LivingParams], ctx: Context) -> list[Award]:
    p: LivingParams = clause.params
    total_months = int(p.years.value) * MONTHS_PER_YEAR
    graduates = ctx.facts.graduates or []
    year_first = month_index(dt.date(ctx.year, 1, 1))
    year_last = year_first + MONTHS_PER_YEAR - 1
    year_end = dt.date(ctx.year + 1, 1, 1) - dt.timedelta(days=1)
    # Rows of one person that contradict each other are not computed; the rest
    # are taken contract by contract in the order of their start, whatever the
    # order of the rows, so that the months counted and the limit are the same.
    people = people_by_name(graduates)
    doubt = rows_in_doubt("graduates", graduates, PERSON_FACTS, ("contract_start", "insured_from"), PERIOD_FACTS)
    first_contract: dict[str, dt.date] = {}  # D17: the person's first contract listed
    for index, grad in enumerate(graduates, start=1):
        if index not in doubt and grad.contract_start is not None and grad.graduated is not None:
            person = person_of(grad)
            first_contract[person] = min(first_contract.get(person, grad.contract_start), grad.contract_start)
    applicant_is_person = ctx.facts.applicant.kind.value == "individual"
    taken: dict[str, dict[int, int]] = {}  # person → month counted → the row that counted it
    paid: dict[str, Decimal] = {}  # person → amount of this year's rows so far
    # person → months of this year already received (awards received) not yet set
    # against a row: taken once, row by row in contract order, not by every row
    received_now: dict[str, int] = {}
    by_row: dict[int, Award] = {}
    for index, grad in sorted(enumerate(graduates, start=1), key=_in_contract_order):
        path = f"graduates[{index}]"
        award = start(
            clause,
            grad.key,
            degree=grad.degree,
            full_time=grad.full_time,
            graduated=grad.graduated,
            contract_start=grad.contract_start,
            contract_end=grad.contract_end,
            insured_months=grad.insured_months,
            insured_from=grad.insured_from,
            insured_to=grad.insured_to,
        )
        by_row[index] = award
        award.received_as = grad.id_number
        if index in doubt:
            doubt_about(award, doubt[index])
            continue
        if applicant_is_person and normalise_text(grad.name) != normalise_text(ctx.facts.applicant.name):
            # 申领: a graduate applying on their own claims their own subsidy, not another person's
            refuse(award, "not_the_applicant", name=grad.name, applicant=ctx.facts.applicant.name)
            continue
        degree = grad.degree.value if grad.degree else None
        if degree == "preparatory_technician":
            award.readings.append("D2")
        if degree is not None and (degree not in p.monthly or p.monthly[degree].yuan <= 0):
            refuse(award, "degree_not_covered", degree=degree)
            continue
        if grad.full_time is False:
            refuse(award, "not_full_time")
            continue
        needed = missing_of(
            path,
            {
                "degree": grad.degree,
                "full_time": grad.full_time,
                "graduated": grad.graduated,
                "contract_start": grad.contract_start,
            },
        )
        if grad.insured_from is None and grad.insured_months is None:
            needed.append(f"{path}.insured_months")
        if needed:
            unknown(award, needed)
            continue
        assert degree is not None and grad.graduated is not None and grad.contract_start is not None  # not missing
        if grad.graduated > year_end:
            refuse(award, "graduated_after_year", graduated=grad.graduated, year=ctx.year)
            continue
        rate = p.monthly[degree].yuan
        person = person_of(grad)
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
        received, unclear = received_by_person(ctx, clause.id, grad, people)
        if unclear:
            received_unclear(award, grad, unclear)
            continue
        limit = rate * total_months
        used = sum((r.amount for _, r in received), ZERO) + paid.get(person, ZERO)
        # Which open months were insured: the insured period, or a count that fits.
        months: list[int] | None = None
        count_only = False
        if grad.insured_from is not None:
            insured_last = month_index(grad.insured_to) if grad.insured_to is not None else year_last
            period = max(0, min(insured_last, year_last) - max(month_index(grad.insured_from), year_first) + 1)
            if grad.insured_months is not None and open_months and grad.insured_months != period:
                # Two facts for the same months that disagree (and months could pay): neither is taken over the other.
                unknown(award, [f"{path}.insured_months", f"{path}.insured_from", f"{path}.insured_to"])
                award.reason = Message(
                    "insured_months_disagree",
                    {
                        "months": grad.insured_months,
                        "period": period,
                        "facts": list(award.missing),
                    },
                )
                continue
            months = [m for m in open_months if month_index(grad.insured_from) <= m <= insured_last]
        else:
            assert grad.insured_months is not None  # without the insured period, the count is not missing
            contract_in_year = max(
                0, min(year_last, contract_last) - max(month_index(grad.contract_start), year_first) + 1
            )
            if grad.insured_months == 0 or not open_months or grad.insured_months >= contract_in_year:
                months = open_months if grad.insured_months else []
            elif len(open_months) == contract_in_year:
                count_only = True  # every insured month of the contract is in the window
            else:
                potential = _room(rate * min(grad.insured_months, len(open_months)), limit - used)
                unknown(award, [f"{path}.insured_from", f"{path}.insured_to"], potential)
                award.reason = Message(
                    "insured_months_ambiguous",
                    {
                        "months": grad.insured_months,
                        "open": len(open_months),
                        "window": p.years.text,
                        "facts": list(award.missing),
                    },
                )
                continue
        person_taken = taken.setdefault(person, {})
        if count_only:
            overlap = [m for m in open_months if m in person_taken]
            if overlap:
                unknown(award, [f"{path}.insured_from", f"{path}.insured_to"], None)
                continue
            assert grad.insured_months is not None  # only the count is known
            fresh, reserve = grad.insured_months, open_months
        else:
            assert months is not None  # set above unless only the count is known
            reserve = [m for m in months if m not in person_taken]
            fresh = len(reserve)
            if fresh < len(months):
                award.facts["months_counted_before"] = len(months) - fresh
        # Months of this year already paid to the person (awards received this year).
        this_year = [(i, r) for i, r in received if r.year == ctx.year]
        unknown_months = [f"awards_received[{i}].months" for i, r in this_year if r.months is None]
        if unknown_months:
            unknown(award, unknown_months, _room(rate * fresh, limit - used))
            continue
        left_received = received_now.get(person)
        if left_received is None:
            left_received = sum(r.months for _, r in this_year if r.months is not None)
        from_received = min(fresh, left_received)
        fresh -= from_received
        deadline = last_day(grad.graduated, p.within_years)
        if signed > deadline:
            gain = _room(rate * fresh, limit - used)
            if gain:
                award.near_miss = NearMiss(
                    clause.id,
                    p.within_years.text,
                    Decimal((signed - grad.graduated).days),
                    Decimal((signed - deadline).days),
                    unit="days_late",
                    would_pay=gain,
                    fixed=True,
                )
            refuse(award, "contract_too_late", deadline=deadline, window=p.within_years.text)
            continue
        received_now[person] = left_received - from_received
        award.facts["months_paid"] = fresh
        if fresh == 0:
            if from_received:
                refuse(award, "months_received_this_year", year=ctx.year, months=from_received)
            elif months and len(reserve) < len(months):
                first_row = min(person_taken[m] for m in months if m in person_taken)
                refuse(award, "months_already_counted", first=first_row)
            else:
                refuse(award, "no_months_in_year", year=ctx.year, window=p.years.text)
            continue
        amount = cap(award, "per_person", limit, rate * fresh, room=limit - used)
        award.limits.append(Limit(clause.id, "per_person", who(grad, people), limit, used, amount))
        if amount <= 0:
            refuse(award, "cap_exhausted", limit=limit)
            continue
        unplaced = unplaced_records(ctx, clause.id, graduates, grad)
        if unplaced and _paid_if_theirs(unplaced, ctx.year, rate, fresh, limit, used) != amount:
            # awards received that may be this person's would change what is paid: not paid twice
            doubt_about(award, person_maybe_received(unplaced, path))
            award.potential = amount
            continue
        for m in reserve:
            person_taken[m] = index
        paid[person] = paid.get(person, ZERO) + amount
        pay(award, amount, "monthly", rate=rate, months=fresh)
    return [by_row[index] for index in sorted(by_row)]


def _paid_if_theirs(
    records: list[tuple[int, AwardReceived]], year: int, rate: Decimal, fresh: int, limit: Decimal, used: Decimal
) -> Decimal | None:
    """9.1: what the row would pay were `records` (awards received) the person's: their amounts
    used of the limit, their months of `year` already paid; None when their months are not given."""
    if any(r.months is None for _, r in records if r.year == year):
        return None
    months = max(0, fresh - sum(r.months or 0 for _, r in records if r.year == year))
    room: Decimal = limit - used - sum((r.amount for _, r in records), ZERO)
    paid: Decimal = max(min(rate * months, room), ZERO)
    return paid


# 9.1: the facts of the person, which every row of one person must give alike,
# and of one insured period of a contract (rows of one person with one contract
# start and one insured start; two insured periods of a contract are two rows).
PERSON_FACTS = ("degree", "full_time", "graduated")
PERIOD_FACTS = ("contract_end", "insured_months", "insured_to")


def _in_contract_order(row: tuple[int, Any]) -> tuple[bool, dt.date, int]:
    index, grad = row
    return (grad.contract_start is None, grad.contract_start or dt.date.min, index)


def describe_living(p: LivingParams) -> tuple[dict, dict]:
    from ..vocab import Degree

    zh = "、".join(f"{Degree(k).zh}{v.text}/月" for k, v in p.monthly.items())
    en = ", ".join(f"{Degree(k).en} {v.yuan:,}/month" for k, v in p.monthly.items())
    months = int(p.years.value) * MONTHS_PER_YEAR
    return _zh_en(zh, en), _zh_en(f"每人{p.years.text}（{months}个月）", f"{months} months per person")


RULE = Rule(LivingParams, graduate_living, describe_living)
