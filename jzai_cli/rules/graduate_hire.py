"""Social insurance of graduate hires — 9.2 (第九条): what the employer paid,
for at most the months of the limit, per person.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from .. import i18n
from ..policy_model import YearsParam
from ..result import Award, Limit, Message, NearMiss, Status, Step
from .base import (
    MONTHS_PER_YEAR,
    ZERO,
    Context,
    Rule,
    _Params,
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
    from ..facts import AwardReceived, GraduateHire
    from ..policy_model import Clause

# The sentences of these rules, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
CENT = Decimal("0.01")

MESSAGES = i18n.register(
    {
        "size_not_small": (
            "企业规模为“{size}”，本条仅限小微企业",
            'size is "{size}"; only small and micro enterprises qualify',
        ),
        "hire_status": (
            "招用前已就业，不属于毕业年度或离校未就业毕业生",
            "employed before: neither in the graduation year nor unemployed",
        ),
        "contract_too_short": (
            "劳动合同{months}个月，未达{minimum}",
            'contract of {months} months, short of "{minimum}"',
        ),
        "hired_before_graduation": ("招用日期早于毕业日期", "hired before graduating"),
        "not_graduation_year": (
            "{graduated}年毕业、{hired}年招用，不是毕业年度",
            "graduated in {graduated}, hired in {hired}: not the graduation year",
        ),
        "hired_too_late": ("招用不在{window}（截止{deadline}）", 'hired outside "{window}" (deadline {deadline})'),
        "contribution_months_received": (
            "{year}年的缴费月份已获本条款补贴{months}个月，不重复补贴",
            "{months} contribution months of {year} were already reimbursed under this clause: not paid twice",
        ),
        "months_exhausted": ("已享受满{limit}个月补贴", "the {limit} subsidised months are used up"),
        "reimbursement": (
            "按单位实际缴纳社保费补贴 {months} 个月，{amount} 元",
            "employer's social insurance actually paid for {months} months: {amount} yuan",
        ),
        "reimbursement_share": (
            "按单位实际缴纳社保费补贴 {months} 个月；这几个月的实际缴费未单列，按月均摊估算为 {estimate} 元（{total} 元 × {months}/{of}），以实际缴费为准，需复核",
            "employer's social insurance for {months} months; what was paid for those months is not given, so an equal share is estimated, {estimate} yuan ({total} × {months}/{of}), to be checked against what was actually paid",
        ),
        "hired_after_year": (
            "招用日期{hired}晚于评估年度{year}年",
            "hired on {hired}, after the assessment year {year}",
        ),
        "waits_on_earlier_hire": (
            "同一人较早的招用尚待确定，若其符合条件将先用去{limit}个月中的月份，本项金额随之而定。缺少事实：{facts}",
            "an earlier hire of the same person is undetermined: if it qualifies it uses months of the {limit} first, and what this one pays depends on it. Missing facts: {facts}",
        ),
        "hire_window_passed": (
            "评估年度的缴费月份不在招用后{window}之内（D18）",
            "no month of the assessment year falls within {window} of hiring (D18)",
        ),
    }
)


class HireParams(_Params):
    sizes: tuple[str, ...]
    unemployed_within_years: YearsParam  # counted in whole years
    contract_years: YearsParam  # counted in whole years
    max_years: YearsParam  # counted in whole years


def graduate_hire(clause: Clause[HireParams], ctx: Context) -> list[Award]:
    p: HireParams = clause.params
    size = ctx.facts.applicant.size
    max_months = int(p.max_years.value) * MONTHS_PER_YEAR
    min_contract = p.contract_years.value * MONTHS_PER_YEAR
    year_first = month_index(dt.date(ctx.year, 1, 1))
    hires = ctx.facts.graduate_hires or []
    # Rows of one person that contradict each other are not computed; the rest
    # are taken in the order of hiring, whatever the order of the rows, so that
    # the 12 months are the first ones subsidised.
    people = people_by_name(hires)
    doubt = rows_in_doubt("graduate_hires", hires, PERSON_FACTS, ("hired",), HIRE_FACTS)
    seen: dict[tuple[str, dt.date], int] = {}  # (person, hiring date) → its first row
    used_now: dict[str, int] = {}  # person → months of this year's rows so far
    # person → months of the assessment year already reimbursed (awards received
    # that year) not yet set against a hire: taken once, in the order of hiring
    received_now: dict[str, int] = {}
    # person → months earlier hires not yet determined could take, and the facts they miss
    staked: dict[str, tuple[int, list[str]]] = {}
    by_row: dict[int, Award] = {}
    for index, hire in sorted(enumerate(hires, start=1), key=_in_hiring_order):
        path = f"graduate_hires[{index}]"
        award = start(
            clause,
            hire.key,
            size=size,
            status_before=hire.status_before,
            graduated=hire.graduated,
            hired=hire.hired,
            contract_months=hire.contract_months,
            employer_contributions=hire.employer_contributions,
            contribution_months=hire.contribution_months,
        )
        by_row[index] = award
        award.received_as = hire.id_number
        if index in doubt:
            doubt_about(award, doubt[index])
            continue
        person = person_of(hire)
        if hire.hired is not None and (person, hire.hired) in seen:
            refuse(award, "listed_twice", section="graduate_hires", first=seen[(person, hire.hired)], what=hire.name)
            continue
        if hire.hired is not None:
            seen[(person, hire.hired)] = index
        previous, unclear = received_by_person(ctx, clause.id, hire, people)
        if unclear:
            received_unclear(award, hire, unclear)
            continue
        unknown_months = [f"awards_received[{i}].months" for i, r in previous if r.months is None]
        months_before = sum(r.months for _, r in previous if r.months is not None) + used_now.get(person, 0)
        left = max(0, max_months - months_before)
        # what a near miss would pay: no more months of the hiring year than from the month of hiring on
        open_left = (
            min(left, MONTHS_PER_YEAR - hire.hired.month + 1)
            if hire.hired is not None and hire.hired.year == ctx.year
            else left
        )
        if size is not None and size.value not in p.sizes:
            refuse(award, "size_not_small", size=size.value)
            continue
        status = hire.status_before.value if hire.status_before else None
        if status == "employed_before":
            refuse(award, "hire_status")
            continue
        if hire.contract_months is not None and not p.contract_years.met_by(
            Decimal(hire.contract_months) / MONTHS_PER_YEAR
        ):
            gain = None if unknown_months else _share(hire, open_left)
            if gain is None or gain > 0:
                # words that include the number need its months; words that exclude it a month more
                least = min_contract if p.contract_years.inclusive else min_contract + 1
                award.near_miss = NearMiss(
                    clause.id,
                    p.contract_years.text,
                    Decimal(hire.contract_months),
                    least - hire.contract_months,
                    unit="months",
                    would_pay=gain,
                )
            refuse(award, "contract_too_short", months=hire.contract_months, minimum=p.contract_years.text)
            continue
        needed = (["applicant.size"] if size is None else []) + missing_of(
            path,
            {
                "status_before": hire.status_before,
                "graduated": hire.graduated,
                "hired": hire.hired,
                "contract_months": hire.contract_months,
                "employer_contributions": hire.employer_contributions,
                "contribution_months": hire.contribution_months,
            },
        )
        if needed:
            unknown(award, needed, hire.employer_contributions if unknown_months else _share(hire, open_left))
            could = hire.contribution_months if hire.contribution_months is not None else max_months
            if hire.hired is not None and hire.hired.year == ctx.year:
                could = min(could, MONTHS_PER_YEAR - hire.hired.month + 1)
            months_staked, facts_staked = staked.get(person, (0, []))
            staked[person] = (months_staked + could, facts_staked + needed)
            continue
        # not missing:
        assert hire.graduated is not None and hire.hired is not None and hire.contract_months is not None
        assert hire.employer_contributions is not None and hire.contribution_months is not None
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
            deadline = last_day(hire.graduated, p.unemployed_within_years)
            if hire.hired > deadline:
                gain = None if unknown_months else _share(hire, open_left)
                if gain is None or gain > 0:
                    award.near_miss = NearMiss(
                        clause.id,
                        p.unemployed_within_years.text,
                        Decimal((hire.hired - hire.graduated).days),
                        Decimal((hire.hired - deadline).days),
                        unit="days_late",
                        would_pay=gain,
                        fixed=True,
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
        elif hire.hired.year == ctx.year:
            # The employer pays for the graduate from the month of hiring: no
            # more months of the year than from it to December.
            since_hiring = MONTHS_PER_YEAR - hire.hired.month + 1
            if claimable > since_hiring:
                claimable = since_hiring
                award.facts["months_since_hiring"] = since_hiring
        # Months of the assessment year already reimbursed are not reimbursed again.
        left_received = received_now.get(person)
        if left_received is None:
            left_received = sum(r.months for _, r in previous if r.year == ctx.year and r.months is not None)
        from_received = min(claimable, left_received)
        received_now[person] = left_received - from_received
        claimable -= from_received
        if left == 0 or claimable == 0:
            if left and from_received:
                refuse(award, "contribution_months_received", year=ctx.year, months=from_received)
                continue
            refuse(
                award,
                "months_exhausted" if left == 0 or hire.contribution_months == 0 else "hire_window_passed",
                limit=max_months,
                window=p.max_years.text,
            )
            continue
        months = min(left, claimable)
        months_staked, facts_staked = staked.get(person, (0, []))
        if months_staked and min(max(0, left - months_staked), claimable) < months:
            # An earlier hire, if it qualifies, takes months of the 12 first: this one is not sure.
            unknown(award, facts_staked, _share(hire, min(left, open_left)))
            award.reason = Message("waits_on_earlier_hire", {"limit": max_months, "facts": list(award.missing)})
            award.steps[-1] = Step("outcome", award.reason, ZERO)
            continue
        unplaced = unplaced_records(ctx, clause.id, hires, hire)
        if unplaced and _months_if_theirs(unplaced, ctx.year, left, claimable) != months:
            # awards received that may be this person's would change the months paid: not paid twice
            doubt_about(award, person_maybe_received(unplaced, path))
            award.potential = _share(hire, months)
            continue
        amount = hire.employer_contributions
        award.limits.append(
            Limit(
                clause.id,
                "per_person",
                who(hire, people),
                Decimal(max_months),
                Decimal(months_before),
                Decimal(months),
                unit="months",
            )
        )
        used_now[person] = used_now.get(person, 0) + months
        if months < hire.contribution_months:
            # 按企业实际缴纳社保费: what was paid for the months left is not in the
            # facts (only the year's total); an equal share is an estimate, held for review.
            amount = cap(award, "max_months", hire.employer_contributions * months / hire.contribution_months, amount)
            pay(
                award,
                amount,
                "reimbursement_share",
                months=months,
                total=hire.employer_contributions,
                of=hire.contribution_months,
                estimate=amount.quantize(CENT, rounding=ROUND_HALF_UP),  # a share of twelfths, to the fen
            )
            award.status = Status.NEEDS_REVIEW
            continue
        pay(award, amount, "reimbursement", months=months)
    return [by_row[index] for index in sorted(by_row)]


# 9.2: the fact of the person, which every row of one person must give alike,
# and of one hire (rows of one person with one hiring date).
PERSON_FACTS = ("graduated",)
HIRE_FACTS = ("status_before", "contract_months", "employer_contributions", "contribution_months")


def _in_hiring_order(row: tuple[int, Any]) -> tuple[bool, dt.date, int]:
    index, hire = row
    return (hire.hired is None, hire.hired or dt.date.min, index)


def _months_if_theirs(records: list[tuple[int, AwardReceived]], year: int, left: int, claimable: int) -> int | None:
    """9.2: the months the hire would pay were `records` (awards received) the graduate's: their
    months used of the 12, their months of `year` already reimbursed; None when not given."""
    if any(r.months is None for _, r in records):
        return None
    left = max(0, left - sum(r.months or 0 for _, r in records))
    claimable = max(0, claimable - sum(r.months or 0 for _, r in records if r.year == year))
    return min(left, claimable)


def _share(hire: GraduateHire, left: int) -> Decimal | None:
    """9.2: what the contributions would pay with `left` months still open."""
    if hire.employer_contributions is None:
        return None
    if not hire.contribution_months or hire.contribution_months <= left:
        return hire.employer_contributions if left else ZERO
    return hire.employer_contributions * left / hire.contribution_months


def describe_hire(p: HireParams) -> tuple[dict, dict]:
    return (
        _zh_en("单位实际缴纳的社保费", "social insurance actually paid"),
        _zh_en(f"每人{p.max_years.text}", f"{int(p.max_years.value) * MONTHS_PER_YEAR} months per graduate"),
    )


RULE = Rule(HireParams, graduate_hire, describe_hire)
