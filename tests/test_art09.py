"""第九条 9.1 and 9.2 — graduates, hand-computed from the policy text.

9.1: "对毕业三年内，与我市人工智能企业签订合同（缴纳社保）的全日制博士、硕士、本科生和
技工院校预备技师（技师）班毕业生，分别按照每人每月2000元、1500元、1000元标准申领3年的生活补贴。"
Three years = 36 months, counted from the first month of the contract (D10);
只计 months with social insurance; 三年内 includes the third anniversary.

9.2: "对招用毕业年度或离校2年内未就业高校毕业生，与之签订1年以上劳动合同并为其缴纳社保的
人工智能小微企业，按企业实际缴纳社保费给予最长不超过1年的补贴。"
"""

from __future__ import annotations

import pytest
from conftest import one, only, run
from people import grad, hire

from jzai_cli.result import Status


def living(*grads, year=2026, readings=None, received=()):
    return run(year=year, readings=readings, graduates=list(grads), awards_received=list(received))


# --- 9.1 degrees and monthly rates ------------------------------------------------


@pytest.mark.parametrize(
    ("degree", "yuan"),
    [
        ("phd", 24_000),  # 12 × 2,000
        ("master", 18_000),  # 12 × 1,500
        ("bachelor", 12_000),  # 12 × 1,000
        ("preparatory_technician", 12_000),  # D2 default: 12 × 1,000
    ],
)
def test_a_graduate_in_a_full_insured_year_gets_twelve_months_at_the_degree_rate(degree, yuan):
    award = one(living(grad(degree=degree)), "9.1")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == yuan
    assert award.recipient == "individual"


def test_chinese_degree_labels_are_accepted():
    award = one(living(grad(degree="硕士")), "9.1")
    # 12 × 1,500 = 18,000
    assert award.amount_yuan == 18_000


def test_the_preparatory_technician_rate_is_reading_d2():
    award = one(living(grad(degree="preparatory_technician")), "9.1")
    assert "D2" in award.readings


def test_under_the_unstated_reading_a_preparatory_technician_gets_nothing():
    award = one(living(grad(degree="preparatory_technician"), readings={"D2": "unstated"}), "9.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert "D2" in award.readings


def test_the_unstated_reading_does_not_touch_a_bachelor():
    award = one(living(grad(degree="bachelor"), readings={"D2": "unstated"}), "9.1")
    # 12 × 1,000 = 12,000
    assert award.amount_yuan == 12_000


def test_a_degree_outside_the_four_categories_is_not_covered():
    award = one(living(grad(degree="other")), "9.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_part_time_graduate_is_not_covered():
    award = one(living(grad(full_time=False)), "9.1")
    # 全日制 only
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


# --- 毕业三年内 ----------------------------------------------------------------------


def test_a_contract_on_the_third_anniversary_of_graduation_is_within_three_years():
    award = one(living(grad(graduated="2023-06-30", contract_start="2026-06-30", insured_months=7)), "9.1")
    # 三年内 inclusive: 2023-06-30 + 3 years = 2026-06-30
    # months June–December 2026 = 7; 7 × 1,000 = 7,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 7_000


def test_a_contract_the_day_after_the_third_anniversary_is_too_late():
    award = one(living(grad(graduated="2023-06-30", contract_start="2026-07-01", insured_months=6)), "9.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    # one day late; would pay 6 × 1,000 = 6,000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.unit == "days_late"
    assert award.near_miss.would_pay == 6_000


# --- the 36-month window (D10) -------------------------------------------------------


def test_the_window_from_a_september_contract_ends_in_august_three_years_later():
    award = one(
        living(grad(graduated="2024-06-30", contract_start="2024-09-01", insured_months=12), year=2027),
        "9.1",
    )
    # 36 months from 2024-09: 2024-09 … 2027-08; in 2027 January–August = 8 months
    # 8 × 1,000 = 8,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 8_000
    assert award.facts["months_in_window"] == 8
    assert "D10" in award.readings


def test_the_first_year_counts_only_from_the_contract_month():
    award = one(
        living(grad(graduated="2024-06-30", contract_start="2024-09-01", insured_months=4), year=2024),
        "9.1",
    )
    # September–December 2024 = 4 months × 1,000 = 4,000
    assert award.amount_yuan == 4_000
    assert award.facts["months_in_window"] == 4


def test_after_the_window_has_closed_nothing_is_paid():
    award = one(
        living(grad(graduated="2024-06-30", contract_start="2024-09-01", insured_months=12), year=2028),
        "9.1",
    )
    # window ended 2027-08
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_under_the_graduation_reading_the_window_starts_in_the_month_of_graduation():
    award = one(
        living(
            grad(graduated="2024-06-30", contract_start="2024-09-01", insured_months=12),
            year=2027,
            readings={"D10": "graduation"},
        ),
        "9.1",
    )
    # 36 months from 2024-06: 2024-06 … 2027-05; in 2027 January–May = 5 months
    # 5 × 1,000 = 5,000
    assert award.amount_yuan == 5_000


def test_only_insured_months_are_paid():
    award = one(living(grad(degree="phd", insured_months=9)), "9.1")
    # 12 months open in 2026, 9 insured: 9 × 2,000 = 18,000
    assert award.amount_yuan == 18_000
    assert award.facts["months_paid"] == 9


def test_a_contract_ending_in_march_pays_until_march():
    award = one(living(grad(degree="master", contract_end="2026-03-31", insured_months=5)), "9.1")
    # contract months in 2026: January–March = 3; min(3, 5 insured) = 3; 3 × 1,500 = 4,500
    assert award.amount_yuan == 4_500
    assert award.facts["months_in_window"] == 3


# --- the per-person cap of 36 × rate ------------------------------------------------------


def test_the_last_year_pays_the_rest_of_thirty_six_months():
    history = [
        {"clause": "9.1", "event": "张三", "year": 2024, "amount": 4_000, "months": 4},
        {"clause": "9.1", "event": "张三", "year": 2025, "amount": 12_000, "months": 12},
        {"clause": "9.1", "event": "张三", "year": 2026, "amount": 12_000, "months": 12},
    ]
    award = one(living(grad(graduated="2024-06-30", contract_start="2024-09-01"), year=2027, received=history), "9.1")
    # limit 36 × 1,000 = 36,000; received 4,000 + 12,000 + 12,000 = 28,000
    # 2027: 8 months × 1,000 = 8,000 = the 8,000 left
    assert award.amount_yuan == 8_000
    (limit,) = award.limits
    assert (limit.limit, limit.used_before, limit.this_award, limit.remaining) == (36_000, 28_000, 8_000, 0)
    assert not award.caps[0].cut


def test_an_over_paid_history_cuts_this_year_to_what_is_left():
    history = [{"clause": "9.1", "event": "李四", "year": 2025, "amount": 60_000}]
    award = one(living(grad("李四", degree="phd", graduated="2024-06-30", contract_start="2024-07-01")), "9.1")
    # baseline without history: 12 × 2,000 = 24,000
    assert award.amount_yuan == 24_000
    award = one(
        living(grad("李四", degree="phd", graduated="2024-06-30", contract_start="2024-07-01"), received=history),
        "9.1",
    )
    # limit 36 × 2,000 = 72,000; received 60,000 → 12,000 left; 12 × 2,000 = 24,000 → 12,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 12_000
    assert [(c.name, c.limit, c.before, c.after) for c in award.caps] == [("per_person", 72_000, 24_000, 12_000)]


def test_a_graduate_who_received_the_full_thirty_six_months_gets_nothing_more():
    history = [{"clause": "9.1", "event": "王五", "year": 2025, "amount": 36_000}]
    award = one(living(grad("王五"), received=history), "9.1")
    # 36 × 1,000 = 36,000 already received
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_the_cap_is_per_person():
    history = [{"clause": "9.1", "event": "王五", "year": 2025, "amount": 36_000}]
    result = living(grad("王五"), grad("赵六"), received=history)
    wang, zhao = only(result, "9.1")
    assert wang.amount_yuan == 0
    # 赵六: 12 × 1,000 = 12,000
    assert (zhao.status, zhao.amount_yuan) == (Status.ELIGIBLE, 12_000)


def test_a_graduate_with_unknown_facts_is_undetermined():
    award = one(living(grad(graduated=None, insured_months=None)), "9.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert sorted(award.missing) == ["graduates[1].graduated", "graduates[1].insured_months"]


def test_an_individual_applicant_may_claim_the_living_subsidy():
    # the graduate 张三 applying for himself: 12 × 1,000 = 12,000
    award = one(run(applicant={"kind": "individual", "name": "张三", "credit_code": None}, graduates=[grad()]), "9.1")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 12_000


def test_an_individual_applicant_is_not_paid_another_persons_living_subsidy():
    # 李四 applying as an individual lists 张三: not his to claim (申领 is the graduate's own), 0
    award = one(run(applicant={"kind": "individual", "name": "李四", "credit_code": None}, graduates=[grad()]), "9.1")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.reason.key == "not_the_applicant"


# --- 9.2 social insurance for graduate hires ----------------------------------------------


def hires(*items, size="small", received=()):
    applicant = {"size": size} if size is not None else {"size": None}
    return run(applicant=applicant, graduate_hires=list(items), awards_received=list(received))


@pytest.mark.parametrize("size", ["small", "micro", "小型", "微型"])
def test_a_small_or_micro_enterprise_is_reimbursed_the_contributions_it_paid(size):
    award = one(hires(hire(), size=size), "9.2")
    # 6,000 actually paid over 6 months, within 12 months: 6,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 6_000


@pytest.mark.parametrize("size", ["medium", "large"])
def test_a_medium_or_large_enterprise_is_not_covered(size):
    award = one(hires(hire(), size=size), "9.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_an_unknown_size_is_undetermined():
    award = one(hires(hire(), size=None), "9.2")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.missing == ["applicant.size"]
    assert award.potential == 6_000


def test_a_graduation_year_hire_must_be_hired_in_the_year_of_graduation():
    award = one(hires(hire(graduated="2025-06-30", hired="2026-01-05")), "9.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_an_unemployed_graduate_hired_on_the_second_anniversary_of_leaving_school_counts():
    award = one(hires(hire(status_before="unemployed", graduated="2024-06-30", hired="2026-06-30")), "9.2")
    # 离校2年内 inclusive: 2024-06-30 + 2 years = 2026-06-30 → 6,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 6_000


def test_an_unemployed_graduate_hired_the_day_after_the_second_anniversary_does_not():
    award = one(hires(hire(status_before="unemployed", graduated="2024-06-30", hired="2026-07-01")), "9.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_graduate_employed_before_is_not_covered():
    award = one(hires(hire(status_before="employed_before")), "9.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


@pytest.mark.parametrize(
    ("months", "status", "yuan"),
    [(11, Status.NOT_ELIGIBLE, 0), (12, Status.ELIGIBLE, 6_000), (13, Status.ELIGIBLE, 6_000)],
)
def test_the_contract_must_run_at_least_twelve_months(months, status, yuan):
    award = one(hires(hire(contract_months=months)), "9.2")
    # 1年以上 includes 12 months
    assert award.status is status
    assert award.amount_yuan == yuan


def test_an_eleven_month_contract_is_one_month_short():
    award = one(hires(hire(contract_months=11)), "9.2")
    # 12 − 11 = 1 month; would pay 6,000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.unit == "months"
    assert award.near_miss.would_pay == 6_000


def test_a_near_miss_pays_no_more_months_of_the_hiring_year_than_from_the_month_of_hiring():
    award = one(
        hires(hire(contract_months=11, hired="2026-10-15", employer_contributions=12_000, contribution_months=12)),
        "9.2",
    )
    # hired 2026-10-15: October … December = 3 months; would pay 12,000 × 3 / 12 = 3,000, not 12,000
    assert award.near_miss.would_pay == 3_000


def test_months_subsidised_before_leave_only_the_rest_of_twelve():
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 8_000, "months": 8}]
    award = one(hires(hire(hired="2025-07-01", graduated="2025-06-30"), received=history), "9.2")
    # 12 − 8 = 4 months left of 6 contributed: 4/6 × 6,000 = 4,000, an equal share of
    # what was paid (the months' own amounts are not given): held for review
    assert award.status is Status.NEEDS_REVIEW
    assert award.amount_yuan == 4_000
    assert [(c.name, c.before, c.after) for c in award.caps] == [("max_months", 6_000, 4_000)]
    (limit,) = award.limits
    assert (limit.limit, limit.used_before, limit.this_award, limit.remaining, limit.unit) == (12, 8, 4, 0, "months")


def test_a_proportional_cut_is_rounded_half_up():
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 9_000, "months": 11}]
    award = one(
        hires(
            hire(hired="2025-07-01", graduated="2025-06-30", employer_contributions=1_001, contribution_months=2),
            received=history,
        ),
        "9.2",
    )
    # 12 − 11 = 1 month left of 2: 1/2 × 1,001 = 500.5 → 501 yuan (round half up)
    assert award.amount_yuan == 501


def test_a_graduate_subsidised_for_twelve_months_already_gets_nothing():
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 12_000, "months": 12}]
    award = one(hires(hire(hired="2025-07-01", graduated="2025-06-30"), received=history), "9.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_hire_with_unknown_contributions_is_undetermined():
    award = one(hires(hire(employer_contributions=None)), "9.2")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["graduate_hires[1].employer_contributions"]
    assert award.amount_yuan == 0
