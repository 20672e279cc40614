"""The same thing is paid once: one person across rows (9.1, 9.2), one
referred enterprise (4.1), insured calendar months, rounding once, the year
of a recognition's revenue (D4), implied levels, and limits touched only by
awards that pay. Every amount is computed by hand from the policy text.

9.1: "…分别按照每人每月2000元、1500元、1000元标准申领3年的生活补贴。"
9.2: "…按企业实际缴纳社保费给予最长不超过1年的补贴。"
4.1: "新引进企业在两年内升规的，每户给予引荐企业10万元一次性奖励，单个企业奖励累计最高100万元。"
6.1: "按照算力资源使用费的20%予以奖励，每个使用单位每年可享受不超过100万元算力券奖励。"
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import facts, one, only, run
from people import grad, hire

from jzai_cli import policy as policy_mod
from jzai_cli.engine import evaluate
from jzai_cli.errors import InputError
from jzai_cli.result import Status

ID_A = "11010519491231002X"  # a valid resident identity number (check digit X)


# --- 1. one graduate, two rows ------------------------------------------------------


def test_the_same_graduate_listed_twice_is_paid_once():
    result = run(graduates=[grad(), grad()])
    first, second = only(result, "9.1")
    # 2026: 12 months × 1,000 = 12,000 once; the second row's months are already counted
    assert first.amount_yuan == 12_000
    assert second.status is Status.NOT_ELIGIBLE
    assert second.reason.key == "months_already_counted"
    assert result.total_yuan == 12_000


def test_two_graduates_of_the_same_name_are_two_people_by_their_identity_numbers():
    other = grad(graduated="2025-07-15", contract_start="2025-08-01", id_number="410802199801010019")
    result = run(graduates=[grad(id_number=ID_A), other])
    # two people: 12 × 1,000 + 12 × 1,000 = 24,000
    assert [a.amount_yuan for a in only(result, "9.1")] == [12_000, 12_000]
    # without the numbers the name is the person, and the two graduation dates contradict:
    # neither row is paid until they are told apart
    result = run(graduates=[grad(), grad(graduated="2025-07-15", contract_start="2025-08-01")])
    assert [(a.status, a.reason.key) for a in only(result, "9.1")] == [(Status.UNDETERMINED, "rows_contradict")] * 2


def test_the_identity_number_identifies_the_person_across_names():
    result = run(graduates=[grad(id_number=ID_A), grad("张叁", id_number=ID_A)])
    first, second = only(result, "9.1")
    assert (first.amount_yuan, second.amount_yuan) == (12_000, 0)


def test_a_renewed_contract_keeps_the_window_of_the_first_contract():
    # First contract 2025-07-01 … 2026-06-30, renewed from 2026-07-01; year 2028.
    # D17 first_contract: window July 2025 + 36 months = July 2025 … June 2028 → 2028 pays January–June = 6 months.
    rows = [
        grad(contract_end="2026-06-30", insured_from="2025-07-01", insured_to="2026-06-30"),
        grad(contract_start="2026-07-01", insured_from="2026-07-01"),
    ]
    result = run(year=2028, graduates=rows)
    first, second = only(result, "9.1")
    assert first.status is Status.NOT_ELIGIBLE  # that contract ended in 2026
    assert second.amount_yuan == 6_000  # 6 × 1,000
    assert "D17" in second.readings


def test_under_each_contract_a_renewal_restarts_the_window_within_the_persons_total():
    rows = [
        grad(contract_end="2026-06-30", insured_from="2025-07-01", insured_to="2026-06-30"),
        grad(contract_start="2026-07-01", insured_from="2026-07-01"),
    ]
    history = [
        {"clause": "9.1", "event": "张三", "year": 2025, "amount": 6_000, "months": 6},
        {"clause": "9.1", "event": "张三", "year": 2026, "amount": 12_000, "months": 12},
        {"clause": "9.1", "event": "张三", "year": 2027, "amount": 12_000, "months": 12},
    ]
    result = run(year=2028, readings={"D17": "each_contract"}, graduates=rows, awards_received=history)
    # window of the renewal: July 2026 … June 2029 → 2028 has 12 months = 12,000,
    # but the person's 36 × 1,000 = 36,000 less 30,000 received leaves 6,000
    assert only(result, "9.1")[1].amount_yuan == 6_000
    assert only(result, "9.1")[1].caps[0].cut


def test_a_renewal_signed_after_three_years_is_in_time_when_the_first_contract_was():
    # graduated 2025-06-30; first contract 2025-07-01 (in time); renewal 2028-07-01 is after 2028-06-30.
    rows = [grad(contract_end="2028-06-30"), grad(contract_start="2028-07-01")]
    result = run(year=2028, graduates=rows)
    first, second = only(result, "9.1")
    # window July 2025 … June 2028: the first contract pays January–June 2028 = 6 × 1,000 = 6,000;
    # the renewal's months (July on) are outside the window
    assert first.amount_yuan == 6_000
    assert second.status is Status.NOT_ELIGIBLE
    assert second.reason.key == "no_months_in_year"


def test_the_same_hire_listed_twice_is_reimbursed_once():
    result = run(graduate_hires=[hire(), hire()])
    first, second = only(result, "9.2")
    assert first.amount_yuan == 6_000
    assert second.status is Status.NOT_ELIGIBLE and second.reason.key == "listed_twice"


def test_two_hires_of_one_person_share_the_twelve_months():
    # hired twice by the applicant in 2026 (two contracts): 8 months then 6 months of contributions
    rows = [
        hire(
            hired="2026-01-05",
            graduated="2025-12-31",
            status_before="unemployed",
            employer_contributions=8_000,
            contribution_months=8,
        ),
        hire(
            hired="2026-09-01",
            graduated="2025-12-31",
            status_before="unemployed",
            employer_contributions=6_000,
            contribution_months=6,
        ),
    ]
    first, second = only(run(graduate_hires=rows), "9.2")
    # 12 months per graduate: 8 months → 8,000; then 4 of 6 months left → 6,000 × 4 / 6 = 4,000
    assert first.amount_yuan == 8_000
    assert second.amount_yuan == 4_000


# --- 2. one referred enterprise listed twice ---------------------------------------------


def ref(name="甲公司", **over):
    item = {"name": name, "introduced": "2025-03-01", "above_size": "2026-05-20"}
    item.update(over)
    return item


def test_a_referred_enterprise_listed_twice_is_paid_once():
    result = run(referrals=[ref(), ref()])
    first, second = only(result, "4.1")
    # 每户 10万元 once: 100,000
    assert first.amount_yuan == 100_000
    assert second.status is Status.NOT_ELIGIBLE and second.reason.key == "listed_twice"
    assert result.total_yuan == 100_000


def test_the_credit_code_identifies_a_referred_enterprise_under_two_names():
    code = "91410800MA9K3T2B51"
    result = run(referrals=[ref(credit_code=code), ref("甲有限公司", credit_code=code)])
    assert [a.amount_yuan for a in only(result, "4.1")] == [100_000, 0]


def test_two_enterprises_are_paid_twice():
    result = run(referrals=[ref(), ref("乙公司")])
    # 2 × 100,000 = 200,000
    assert result.total_yuan == 200_000


# --- 3. insured calendar months -----------------------------------------------------------


def test_only_months_both_insured_and_inside_the_window_pay():
    # graduated 2023-06-30, contract 2023-07-01: window July 2023 … June 2026.
    # Insured 2026-03-01 … 2026-12-31: inside the window March–June = 4 months → 4 × 1,000 = 4,000.
    g = grad(
        graduated="2023-06-30",
        contract_start="2023-07-01",
        insured_months=None,
        insured_from="2026-03-01",
        insured_to="2026-12-31",
    )
    award = one(run(graduates=[g]), "9.1")
    assert award.amount_yuan == 4_000


def test_a_count_that_might_fall_outside_the_window_is_undetermined():
    # Same window (ends June 2026); 6 insured months in 2026 but which ones is not known.
    g = grad(graduated="2023-06-30", contract_start="2023-07-01", insured_months=6)
    award = one(run(graduates=[g]), "9.1")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["graduates[1].insured_from", "graduates[1].insured_to"]
    assert award.reason.key == "insured_months_ambiguous"
    # at most min(6, 6 open months) × 1,000 = 6,000
    assert award.potential == 6_000


def test_a_count_is_exact_when_the_whole_year_is_inside_the_window():
    award = one(run(graduates=[grad(insured_months=7)]), "9.1")
    # window July 2025 … June 2028 covers 2026: 7 × 1,000 = 7,000
    assert award.amount_yuan == 7_000


def test_a_full_count_covers_every_open_month():
    # window ends June 2026; insured all 12 months of 2026 → the 6 open months are insured: 6,000
    g = grad(graduated="2023-06-30", contract_start="2023-07-01", insured_months=12)
    assert one(run(graduates=[g]), "9.1").amount_yuan == 6_000


@pytest.mark.parametrize(
    ("insured_from", "months"),
    [
        ("2026-06-30", 1),  # the last month of the window (June 2026) counts: 1
        ("2026-06-01", 1),
        ("2026-05-31", 2),  # May and June: 2
        ("2026-07-01", 0),  # the first month after the window: nothing
    ],
)
def test_the_window_boundary_of_the_insured_period(insured_from, months):
    g = grad(graduated="2023-06-30", contract_start="2023-07-01", insured_months=None, insured_from=insured_from)
    award = one(run(graduates=[g]), "9.1")
    assert award.amount_yuan == months * 1_000


def test_a_leap_day_graduation_counts_its_february():
    # graduated 2024-02-29, contract 2024-02-29: window February 2024 … January 2027; 2027 pays January only.
    g = grad(graduated="2024-02-29", contract_start="2024-02-29")
    assert one(run(year=2027, graduates=[g]), "9.1").amount_yuan == 1_000


def test_an_insured_period_ending_before_it_starts_is_an_error():
    with pytest.raises(InputError) as caught:
        facts(graduates=[grad(insured_from="2026-05-01", insured_to="2026-04-30")])
    assert "insured_to" in str(caught.value.problems[0].where) or "社保缴纳截止日期" in str(caught.value.problems[0])


def test_a_contract_ending_before_it_starts_is_an_error():
    with pytest.raises(InputError) as caught:
        facts(graduates=[grad(contract_end="2025-06-30")])
    text = str(caught.value.problems[0])
    assert "合同终止日期早于合同起始日期" in text and "the contract ends before it starts" in text


# --- 4. earlier 9.2 award with unknown months --------------------------------------------


def test_an_earlier_hire_award_without_months_is_undetermined():
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 3_000}]
    award = one(run(graduate_hires=[hire()], awards_received=history), "9.2")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["awards_received[1].months"]
    assert award.potential == 6_000


def test_an_earlier_hire_award_with_its_months_leaves_the_rest():
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 3_000, "months": 9}]
    award = one(run(graduate_hires=[hire()], awards_received=history), "9.2")
    # 12 − 9 = 3 months left of 6: 6,000 × 3 / 6 = 3,000
    assert award.amount_yuan == 3_000


# --- 5. rounding once ---------------------------------------------------------------


def test_two_purchases_are_rounded_once():
    buy = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": "12342.50"}
    result = run(compute_purchases=[buy, dict(buy, provider="郑州超算")])
    # 20% × (12,342.50 + 12,342.50) = 20% × 24,685.00 = 4,937.00;
    # each alone 2,468.50 would round to 2,469, × 2 = 4,938 (one yuan too many)
    assert result.total_yuan == 4_937
    assert [a.amount_yuan for a in only(result, "6.1")] == [2_469, 2_468]
    assert only(result, "6.1")[0].amount == Decimal("2468.500")


def test_a_single_purchase_still_rounds_half_up():
    buy = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": "12342.50"}
    # 20% × 12,342.50 = 2,468.50 → 2,469
    assert run(compute_purchases=[buy]).total_yuan == 2_469


# --- 6. the revenue of the year of recognition (D4) --------------------------------------


def champion(**over):
    event = {"type": "single_champion_enterprise", "level": "national", "date": "2025-05-01"}
    event.update(over)
    return event


def test_a_recognition_of_an_earlier_year_needs_that_years_revenue():
    result = run(readings={"D5": "never_rewarded"}, applicant={"taxable_revenue": "6000万"}, events=[champion()])
    award = one(result, "3.1")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["events[1].taxable_revenue"]


def test_the_revenue_of_the_recognition_year_decides():
    # 2025's revenue 5,000万 is not 超过5000万元, though 2026's 6,000万 would be
    result = run(
        readings={"D5": "never_rewarded"},
        applicant={"taxable_revenue": "6000万"},
        events=[champion(taxable_revenue="5000万")],
    )
    assert one(result, "3.1").status is Status.NOT_ELIGIBLE
    result = run(
        readings={"D5": "never_rewarded"},
        applicant={"taxable_revenue": "4000万"},
        events=[champion(taxable_revenue="50000001")],
    )
    # 50,000,001 > 50,000,000 → 50万元 = 500,000
    assert one(result, "3.1").amount_yuan == 500_000


def test_the_single_revenue_field_is_the_assessment_years():
    result = run(applicant={"taxable_revenue": "6000万"}, events=[champion(date="2026-05-01")])
    assert one(result, "3.1").amount_yuan == 500_000


# --- 7. a level the policy fixes ----------------------------------------------------


def test_a_henan_data_enterprise_needs_no_level():
    award = one(run(events=[{"type": "henan_data_enterprise", "date": "2026-03-01"}]), "3.5")
    # 首次入选河南省数据企业: provincial by its name → 10万元 = 100,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 100_000


def test_a_type_without_an_implied_level_still_needs_one():
    award = one(run(events=[{"type": "little_giant", "date": "2026-03-01"}]), "3.4")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["events[1].level"]


# --- 8. refused awards use up no limit ----------------------------------------------------


def test_a_gate_refused_compute_award_shows_no_cap_and_no_limit():
    buy = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": 6_000_000}
    result = run(applicant={"pays_taxes": False}, compute_purchases=[buy])
    award = one(result, "6.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.caps == [] and award.limits == []
    assert result.caps_hit == []
    assert result.remaining_limits == []


def test_an_undetermined_gate_touches_no_limit():
    buy = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": 300_000}
    award = one(run(applicant={"pays_taxes": None}, compute_purchases=[buy]), "6.1")
    assert award.status is Status.UNDETERMINED
    assert award.limits == [] and award.caps == []
    # potential 20% × 300,000 = 60,000
    assert award.potential == 60_000


def test_a_paying_award_still_shows_its_cap():
    buy = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": 6_000_000}
    award = one(run(compute_purchases=[buy]), "6.1")
    # 20% × 6,000,000 = 1,200,000 → capped at 100万元 = 1,000,000
    assert award.amount_yuan == 1_000_000
    assert award.caps[0].cut and award.limits[0].remaining == 0


# --- 9. near misses ------------------------------------------------------------------


def test_a_near_miss_blocked_by_the_cumulative_cap_is_no_near_miss():
    history = [{"clause": "4.1", "event": f"旧{i}", "year": 2025, "amount": 100_000} for i in range(10)]
    award = one(run(referrals=[ref(above_size="2027-03-02")], year=2027, awards_received=history), "4.1")
    # 10 × 100,000 = 1,000,000 received = 累计最高100万元: nothing to gain
    assert award.status is Status.NOT_ELIGIBLE
    assert award.near_miss is None


def test_a_late_date_is_a_fixed_near_miss():
    # introduced 2025-03-01: 两年内 ends 2027-03-01; above size 2027-03-02 is one day late
    award = one(run(referrals=[ref(above_size="2027-03-02")], year=2027), "4.1")
    assert award.near_miss.fixed
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 100_000


def test_a_near_miss_of_a_gate_refused_applicant_is_dropped():
    buy = {
        "provider": "算力中心",
        "provider_type": "ai_computing_centre",
        "pflops": 99,
        "self_built": False,
        "fees": 100_000,
    }
    award = one(run(applicant={"pays_taxes": False}, compute_purchases=[buy]), "6.1")
    assert award.near_miss is None


def test_a_compute_near_miss_pays_only_the_room_left():
    history = [{"clause": "6.1", "year": 2026, "amount": 990_000}]
    buy = {
        "provider": "算力中心",
        "provider_type": "ai_computing_centre",
        "pflops": 99,
        "self_built": False,
        "fees": 100_000,
    }
    award = one(run(compute_purchases=[buy], awards_received=history), "6.1")
    # 20% × 100,000 = 20,000, but 100万 − 990,000 = 10,000 left this year
    assert award.near_miss.would_pay == 10_000


# --- 10. impossible facts ------------------------------------------------------------


def test_a_graduation_after_the_assessment_year_is_refused():
    award = one(run(graduates=[grad(graduated="2027-01-01", contract_start="2026-07-01")]), "9.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.reason.key == "graduated_after_year"


@pytest.mark.parametrize(
    ("graduated", "status"), [("2026-12-31", Status.ELIGIBLE), ("2027-01-01", Status.NOT_ELIGIBLE)]
)
def test_the_last_day_of_the_year_is_the_boundary_of_graduation(graduated, status):
    award = one(run(graduates=[grad(graduated=graduated, contract_start="2026-12-01")]), "9.1")
    # graduated 2026-12-31: December counts (D16 graduation month) → 1 × 1,000
    assert award.status is status
    assert award.amount_yuan == (1_000 if status is Status.ELIGIBLE else 0)


def test_a_prize_rank_the_clause_does_not_pay_is_refused():
    award = one(
        run(
            events=[
                {"type": "data_elements_prize", "level": "national", "rank": 4, "date": "2026-04-01", "name": "项目"}
            ]
        ),
        "8.3",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.reason.key == "rank_unknown"


def test_an_identity_number_with_a_wrong_check_digit_is_an_error():
    wrong = ID_A[:-1] + "1"
    with pytest.raises(InputError) as caught:
        facts(graduates=[grad(id_number=wrong)])
    assert "校验位" in str(caught.value.problems[0])


# --- 12. readings ------------------------------------------------------------------


def prize(rank, date):
    return {"type": "data_elements_prize", "level": "national", "rank": rank, "date": date, "name": "智慧矿山项目"}


HISTORY_2ND = [{"clause": "8.3", "event": "智慧矿山项目", "year": 2025, "amount": 50_000}]


@pytest.mark.parametrize(
    ("option", "yuan"),
    [
        ("once", 0),  # paid once for the 2nd prize: nothing more
        ("full", 100_000),  # the 1st prize in full: 10万元
        ("top_up", 50_000),  # 10万元 − 5万元 already received = 50,000
    ],
)
def test_a_first_prize_after_a_rewarded_second_prize_d15(option, yuan):
    result = run(readings={"D15": option}, events=[prize(1, "2026-09-01")], awards_received=HISTORY_2ND)
    award = one(result, "8.3")
    assert award.amount_yuan == yuan
    assert "D15" in award.readings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_top_up_says_it_pays_the_difference_not_the_whole_prize(lang):
    # D15 top_up: the 1st prize is 10万元, a 3rd prize's 2万元 already received:
    # 100,000 − 20,000 = 80,000, and the reason says so (it said "一等奖，奖励10万元" beside 80,000)
    from jzai_cli import i18n

    third = [{"clause": "8.3", "event": "智慧矿山项目", "year": 2025, "amount": 20_000}]
    award = one(run(readings={"D15": "top_up"}, events=[prize(1, "2026-09-01")], awards_received=third), "8.3")
    assert award.amount_yuan == 80_000
    text = i18n.text(award.reason, lang)
    assert "80,000" in text and "20,000" in text
    assert ("补足差额" in text and "10万元" in text) if lang == "zh" else ("top-up" in text and "100,000" in text)


def test_the_same_prize_received_this_year_is_not_paid_again_under_any_d15():
    history = [{"clause": "8.3", "event": "智慧矿山项目", "year": 2026, "amount": 100_000}]
    for option in ("once", "full", "top_up"):
        award = one(run(readings={"D15": option}, events=[prize(1, "2026-09-01")], awards_received=history), "8.3")
        assert award.amount_yuan == 0, option


@pytest.mark.parametrize(("option", "yuan"), [("graduation", 7_000), ("contract_start", 9_000)])
def test_a_contract_before_graduation_d16(option, yuan):
    # contract 2026-04-01, graduated 2026-06-30, insured from April 2026.
    # graduation: June (the month of graduation) … December = 7 months → 7,000;
    # contract_start: April … December = 9 months → 9,000
    g = grad(graduated="2026-06-30", contract_start="2026-04-01", insured_months=None, insured_from="2026-04-01")
    award = one(run(readings={"D16": option}, graduates=[g]), "9.1")
    assert award.amount_yuan == yuan
    assert "D16" in award.readings


@pytest.mark.parametrize(("option", "yuan"), [("any_year", 6_000), ("from_hiring", 3_000)])
def test_a_hire_of_an_earlier_year_claimed_later_d18(option, yuan):
    # hired 2025-04-10, never claimed; 2026 contributions 6,000 for 6 months (January–June).
    # any_year: 6 of the 12 months → 6,000; from_hiring: April 2025 … March 2026 → 3 months of 2026
    # → 6,000 × 3 / 6 = 3,000
    h = hire(graduated="2025-06-30", hired="2025-04-10")
    award = one(run(readings={"D18": option}, graduate_hires=[h]), "9.2")
    assert award.amount_yuan == yuan
    assert "D18" in award.readings


def test_the_shipped_policy_has_the_new_readings_with_alternatives():
    policy = policy_mod.load()
    for rid in ("D15", "D16", "D17", "D18"):
        assert len(policy.readings[rid].options) > 1


# --- 11. the same thing across applicants of a batch -------------------------------


class _Keep:
    def __init__(self):
        self.outcomes = []
        self.summary = None

    def applicant(self, outcome):
        self.outcomes.append(outcome)

    def finish(self, summary):
        self.summary = summary


def _code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91410800MA{n:07d}"
    return body + uscc.calc_check_digit(body)


CENTRE = {
    "type": "ai_empowerment_centre",
    "level": "provincial",
    "lead_unit": True,
    "date": "2026-03-01",
    "name": "焦作制造业赋能中心",
}


def planted_batch(tmp_path):
    from jzai_cli.render import facts_workbook

    a = facts(
        applicant={"name": "甲科技", "credit_code": _code(1)}, referrals=[ref()], graduates=[grad()], events=[CENTRE]
    )
    b = facts(
        applicant={"name": "乙科技", "credit_code": _code(2)}, referrals=[ref()], graduates=[grad()], events=[CENTRE]
    )
    # the same applicant twice, with no credit code: 8.7 up to 50,000 each
    c = facts(applicant={"name": "戊科技", "credit_code": None}, data_trading={"annual_volume": "300万"})
    d = facts(applicant={"name": "丁科技", "credit_code": _code(4)}, graduates=[grad("李四")])
    path = tmp_path / "planted.xlsx"
    facts_workbook.write(path, [a, b, c, d, c])
    return path


def test_every_planted_duplicate_of_a_batch_is_listed(tmp_path):
    from jzai_cli import batch

    sink = _Keep()
    summary = batch.run(planted_batch(tmp_path), policy_mod.load(), sink)
    groups = {(g.kind, g.clause): g for g in summary.duplicates}
    assert set(groups) == {("applicant", ""), ("referral", "4.1"), ("graduate", "9.1"), ("lead_unit_event", "7.1")}
    rows = [o.row for o in sink.outcomes]
    assert [r.row for r in groups[("applicant", "")].rows] == [rows[2], rows[4]]
    # 4.1: 100,000 each for 甲公司 by 甲科技 and 乙科技 → 100,000 at risk beyond the largest
    assert groups[("referral", "4.1")].amount_at_risk == 100_000
    # 9.1: 12 × 1,000 = 12,000 each → 12,000 at risk
    assert groups[("graduate", "9.1")].amount_at_risk == 12_000
    # 7.1: 50万元 each → 500,000 at risk
    assert groups[("lead_unit_event", "7.1")].amount_at_risk == 500_000
    # 戊科技 twice: up to 50,000 each → 50,000 at risk
    assert groups[("applicant", "")].amount_at_risk == 50_000
    assert summary.duplicate_risk_yuan == 100_000 + 12_000 + 500_000 + 50_000
    # flagged only: the totals still pay every row (4.1: 2 × 100,000; 7.1: 2 × 500,000)
    assert summary.clauses["4.1"].sure_yuan == 200_000
    assert summary.clauses["7.1"].sure_yuan == 1_000_000


def test_two_rows_with_one_credit_code_are_listed_as_one_applicant(tmp_path):
    from jzai_cli import batch
    from jzai_cli.render import facts_workbook

    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)})
    b = facts(applicant={"name": "甲科技有限公司", "credit_code": _code(1)})
    path = tmp_path / "twice.xlsx"
    facts_workbook.write(path, [a, b])
    summary = batch.run(path, policy_mod.load(), _Keep())
    (group,) = summary.duplicates
    assert group.kind == "applicant" and len(group.rows) == 2
    assert summary.invalid == 2  # the reader cannot tell whose details are whose


def test_the_duplicates_sheet_json_and_terminal_summary(tmp_path):
    import json

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    source = planted_batch(tmp_path)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "重复" in result.output
    book = load_workbook(out, read_only=True)
    assert "重复" in book.sheetnames
    sheet = list(book["重复"].iter_rows(values_only=True))
    assert sheet[0][:4] == ("组", "类别", "条款", "对象")
    assert len(sheet) == 1 + 2 * 4  # four groups of two rows each
    result = CliRunner().invoke(app, ["batch", str(source), "--format", "json"])
    doc = json.loads(result.stdout)
    assert len(doc["summary"]["duplicates"]) == 4
    # 100,000 + 12,000 + 500,000 + 50,000 = 662,000
    assert doc["summary"]["duplicate_risk_yuan"] == 662_000


def test_the_new_facts_read_the_same_from_a_workbook(tmp_path):
    from jzai_cli import batch
    from jzai_cli.facts import Event, Graduate, GraduateHire
    from jzai_cli.readers.workbook import columns_of
    from jzai_cli.render import facts_workbook

    assert {"id_number", "insured_from", "insured_to"} <= {c.name for c in columns_of(Graduate, "")}
    assert "id_number" in {c.name for c in columns_of(GraduateHire, "")}
    assert "taxable_revenue" in {c.name for c in columns_of(Event, "")}
    original = facts(
        applicant={"credit_code": _code(7)},
        graduates=[
            grad(
                id_number=ID_A,
                graduated="2023-06-30",
                contract_start="2023-07-01",
                insured_months=None,
                insured_from="2026-03-01",
                insured_to="2026-10-31",
            ),
            grad(
                "张叁",
                id_number=ID_A,
                graduated="2023-06-30",
                contract_start="2023-07-01",
                insured_months=None,
                insured_from="2026-01-01",
            ),
        ],
        graduate_hires=[hire(id_number=ID_A)],
        events=[champion(date="2026-02-01", taxable_revenue="6000万")],
    )
    path = tmp_path / "new.xlsx"
    facts_workbook.write(path, [original])
    sink = _Keep()
    batch.run(path, policy_mod.load(), sink)
    (outcome,) = sink.outcomes
    direct = evaluate(policy_mod.load(), original)
    assert [(a.clause, a.status, a.amount_yuan) for a in outcome.result.awards] == [
        (a.clause, a.status, a.amount_yuan) for a in direct.awards
    ]
    by_clause = {a.clause: a for a in direct.awards if a.pays}
    # 3.1: 6,000万 > 5,000万 → 500,000
    assert by_clause["3.1"].amount_yuan == 500_000
    # 9.1: window July 2023 … June 2026; one person: months March–June (row 1) and January–February (row 2)
    # → 4 + 2 = 6 months × 1,000 = 6,000
    assert sum(a.amount_yuan for a in direct.awards if a.clause == "9.1") == 6_000


# --- date boundaries of the new facts and readings ----------------------------------


@pytest.mark.parametrize(
    ("graduated", "yuan"),
    [
        ("2026-05-31", 8_000),  # May … December = 8 months
        ("2026-06-01", 7_000),  # June … December = 7
        ("2026-06-30", 7_000),  # the month's last day: still June … December = 7
        ("2026-07-01", 6_000),  # July … December = 6
    ],
)
def test_months_before_graduation_do_not_count_by_d16(graduated, yuan):
    g = grad(graduated=graduated, contract_start="2026-04-01", insured_months=None, insured_from="2026-04-01")
    assert one(run(graduates=[g]), "9.1").amount_yuan == yuan


@pytest.mark.parametrize(
    ("insured_to", "yuan"),
    [("2026-05-31", 2_000), ("2026-06-01", 3_000), ("2026-06-30", 3_000)],
)
def test_the_month_of_the_last_insured_day_counts(insured_to, yuan):
    # April … the month of insured_to, all inside the window of a 2025 contract
    g = grad(insured_months=None, insured_from="2026-04-15", insured_to=insured_to)
    assert one(run(graduates=[g]), "9.1").amount_yuan == yuan


@pytest.mark.parametrize(
    ("renewal", "status"),
    [("2028-06-29", Status.ELIGIBLE), ("2028-06-30", Status.ELIGIBLE), ("2028-07-01", Status.NOT_ELIGIBLE)],
)
def test_under_each_contract_a_renewal_must_itself_be_within_three_years(renewal, status):
    # graduated 2025-06-30: 毕业三年内 ends 2028-06-30 (the anniversary, inclusive)
    rows = [grad(contract_end="2028-06-28"), grad(contract_start=renewal, insured_months=None, insured_from=renewal)]
    award = only(run(year=2028, readings={"D17": "each_contract"}, graduates=rows), "9.1")[1]
    assert award.status is status
    if status is Status.NOT_ELIGIBLE:
        assert award.reason.key == "contract_too_late" and award.near_miss.fixed


@pytest.mark.parametrize(
    ("contract_start", "late"),
    [("2027-02-27", False), ("2027-02-28", False), ("2027-03-01", True)],
)
def test_a_leap_day_graduate_has_until_28_february_three_years_later(contract_start, late):
    # 2024-02-29 + 3 years = 2027-02-28 (no 29 February in 2027)
    g = grad(graduated="2024-02-29", contract_start=contract_start)
    award = one(run(year=2027, graduates=[g]), "9.1")
    assert (award.reason.key == "contract_too_late") is late


@pytest.mark.parametrize(
    ("hired", "yuan"),
    [
        ("2025-01-01", 0),  # January … December 2025: no month of 2026
        ("2025-02-01", 1_000),  # February 2025 … January 2026: 1 month → 12,000 × 1 / 12
        ("2025-12-31", 11_000),  # December 2025 … November 2026: 11 months → 12,000 × 11 / 12
    ],
)
def test_from_hiring_counts_the_twelve_months_after_the_hiring_month_d18(hired, yuan):
    h = hire(graduated="2025-06-30", hired=hired, employer_contributions=12_000, contribution_months=12)
    award = one(run(readings={"D18": "from_hiring"}, graduate_hires=[h]), "9.2")
    assert award.amount_yuan == yuan
    if yuan == 0:
        assert award.reason.key == "hire_window_passed"


def test_review_prices_the_new_readings_on_applicants_they_touch():
    from jzai_cli.costing import Applicants
    from jzai_cli.review import build_review

    prized = facts(events=[prize(1, "2026-09-01")], awards_received=HISTORY_2ND)
    early = facts(
        graduates=[
            grad(graduated="2026-06-30", contract_start="2026-04-01", insured_months=None, insured_from="2026-04-01")
        ]
    )
    review = build_review(applicants=Applicants("<memory>", [prized, early], ["甲", "乙"]))
    delta = {
        (d.reading.id, o.option.id): o.change.delta
        for d in review.defects
        for o in d.options
        if o.change is not None and d.reading.id in ("D15", "D16")
    }
    # D15 full: 100,000 − 0; top_up: 100,000 − 50,000 = 50,000 more than "once"
    assert delta[("D15", "full")] == 100_000
    assert delta[("D15", "top_up")] == 50_000
    # D16 contract_start: April and May count too → 2 × 1,000 = 2,000 more
    assert delta[("D16", "contract_start")] == 2_000


def test_a_volume_miss_of_an_award_received_once_is_no_near_miss():
    history = [{"clause": "8.7", "year": 2025, "amount": 50_000}]
    award = one(run(readings={"D3": "once"}, data_trading={"annual_volume": "190万"}, awards_received=history), "8.7")
    # 8.7 once (D3): received in 2025, so reaching 200万元 would add nothing
    assert award.reason.key == "already_once"
    assert award.near_miss is None


def test_a_step_up_miss_that_would_add_nothing_is_no_near_miss():
    # 8.5's top tier is already paid in full; the next tier up adds nothing more
    from jzai_cli import policy as p

    tiers = p.load().clause("8.5").params.tiers
    top = tiers[-1].amount.yuan
    history = [{"clause": "8.5", "year": 2025, "amount": top}]
    applicant = {"data_labelling": True, "main_business_revenue_prev_year": tiers[0].revenue.value}
    award = one(run(applicant=applicant, awards_received=history), "8.5")
    assert award.near_miss is None


def _lab(level: str, name: str) -> dict:
    return {"type": "key_laboratory", "level": level, "date": "2026-03-01", "name": name}


def test_one_laboratory_claimed_by_two_applicants_is_flagged(tmp_path):
    from jzai_cli import batch
    from jzai_cli.render import facts_workbook

    # 5.2: 省级重点实验室 50万元 each; 甲 and 乙 both name 河南省智能感知重点实验室 (乙 in
    # full-width brackets as typed, the same name read half width). 5.1: 丙 names
    # it as a national laboratory, 100万元. One platform, three claims:
    # 500,000 + 500,000 + 1,000,000 = 2,000,000, beyond the largest 1,000,000: 1,000,000 at risk.
    # 丁's laboratory of another name (河南省智能感知重点实验室二) is no one else's.
    rows = [
        facts(
            applicant={"name": "甲科技", "credit_code": _code(1)},
            events=[_lab("provincial", "河南省智能感知重点实验室(焦作)")],
        ),
        facts(
            applicant={"name": "乙科技", "credit_code": _code(2)},
            events=[_lab("provincial", "河南省智能感知重点实验室（焦作）")],
        ),
        facts(
            applicant={"name": "丙科技", "credit_code": _code(3)},
            events=[_lab("national", "河南省智能感知重点实验室(焦作)")],
        ),
        facts(
            applicant={"name": "丁科技", "credit_code": _code(4)},
            events=[_lab("provincial", "河南省智能感知重点实验室二")],
        ),
    ]
    path = tmp_path / "labs.xlsx"
    facts_workbook.write(path, rows)
    summary = batch.run(path, policy_mod.load(), _Keep())
    (group,) = summary.duplicates
    assert (group.kind, group.clause) == ("platform", "5.2")
    assert [r.name for r in group.rows] == ["甲科技", "乙科技", "丙科技"]
    assert [r.amount_yuan for r in group.rows] == [500_000, 500_000, 1_000_000]
    assert group.amount_at_risk == 1_000_000
    # flagged only: the totals still pay every row (5.2: 3 × 500,000; 5.1: 1,000,000)
    assert summary.clauses["5.2"].sure_yuan == 1_500_000
    assert summary.clauses["5.1"].sure_yuan == 1_000_000


def test_laboratories_of_different_names_are_not_flagged(tmp_path):
    from jzai_cli import batch
    from jzai_cli.render import facts_workbook

    rows = [
        facts(applicant={"name": "甲科技", "credit_code": _code(1)}, events=[_lab("provincial", "焦作感知实验室")]),
        facts(applicant={"name": "乙科技", "credit_code": _code(2)}, events=[_lab("provincial", "焦作视觉实验室")]),
    ]
    path = tmp_path / "labs.xlsx"
    facts_workbook.write(path, rows)
    summary = batch.run(path, policy_mod.load(), _Keep())
    assert summary.duplicates == []
    assert summary.clauses["5.2"].sure_yuan == 2 * 500_000


def test_one_centre_written_with_full_width_brackets_is_the_same_centre(tmp_path):
    from jzai_cli import batch
    from jzai_cli.render import facts_workbook

    # 7.1: 省级赋能中心 50万元 to its lead unit; 甲 writes 焦作制造业赋能中心(温县), 乙 the
    # same name in full-width brackets. One centre, two lead units: 500,000 at risk.
    a = dict(CENTRE, name="焦作制造业赋能中心(温县)")
    b = dict(CENTRE, name="焦作制造业赋能中心（温县）")
    rows = [
        facts(applicant={"name": "甲科技", "credit_code": _code(1)}, events=[a]),
        facts(applicant={"name": "乙科技", "credit_code": _code(2)}, events=[b]),
    ]
    path = tmp_path / "centres.xlsx"
    facts_workbook.write(path, rows)
    summary = batch.run(path, policy_mod.load(), _Keep())
    (group,) = summary.duplicates
    assert (group.kind, group.clause) == ("lead_unit_event", "7.1")
    assert group.amount_at_risk == 500_000
