"""第八条 8.1–8.8 — data cases, competition prizes, step-up awards, listing
and trading, hand-computed from the policy text.

8.1/8.2: "入选国家、省…典型案例…的企业，分别给予10万元、5万元一次性奖励"
8.3/8.4: "国家级、省级“数据要素×”大赛奖项的项目,分别最高给予10万元（一、二、三等奖
         分别奖励10万元、5万元、2万元）、5万元奖励（一、二、三等奖分别奖励5元、2万元、1万元）"
8.5: "首次达到1000万元、2000万元、5000万元…按照晋级补差原则，分别给予5万元、10万元、20万元"
8.6: "按挂牌服务费用的50%给予补助，最高1万元"
8.7/8.8: "年度数据交易额达到200万元，首次跨境交易达到100万元的分别给予最高5万元、10万元"
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import one, only, run

from jzai_cli.result import Status


def event(type_: str, level: str | None = "national", date: str = "2026-05-20", **over):
    item = {"type": type_, "level": level, "date": date, "name": over.pop("name", f"{type_}-{level}")}
    item.update(over)
    return {k: v for k, v in item.items() if v is not None}


# --- 8.1 / 8.2 typical cases --------------------------------------------------


@pytest.mark.parametrize("type_", ["high_quality_dataset_case", "data_labelling_case", "data_elements_case"])
def test_a_national_case_of_each_kind_pays_one_hundred_thousand(type_):
    result = run(events=[event(type_, "national")])
    award = one(result, "8.1")
    # 8.1: national case 10万元 = 100,000 yuan
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 100_000
    assert only(result, "8.2") == []


@pytest.mark.parametrize("type_", ["high_quality_dataset_case", "data_labelling_case", "data_elements_case"])
def test_a_provincial_case_of_each_kind_pays_fifty_thousand(type_):
    result = run(events=[event(type_, "provincial")])
    award = one(result, "8.2")
    # 8.2: provincial case 5万元 = 50,000 yuan
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 50_000
    assert only(result, "8.1") == []


def test_two_national_cases_pay_once_each():
    result = run(
        events=[
            event("high_quality_dataset_case", name="工业质检数据集"),
            event("data_labelling_case", name="医疗影像标注"),
        ]
    )
    awards = only(result, "8.1")
    # 2 × 100,000 = 200,000 (awards for different events stack, D13)
    assert [(a.status, a.amount_yuan) for a in awards] == [(Status.ELIGIBLE, 100_000)] * 2
    assert result.total_yuan == 200_000


def test_a_case_already_rewarded_is_not_paid_again():
    award = one(
        run(
            events=[event("data_elements_case", "provincial", name="数据要素×交通")],
            awards_received=[{"clause": "8.2", "event": "数据要素×交通", "year": 2026, "amount": 50_000}],
        ),
        "8.2",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_case_selected_in_an_earlier_year_is_not_new_in_the_assessment_year():
    award = one(run(events=[event("data_labelling_case", date="2025-12-31")]), "8.1")
    # D5 default: obtained in the assessment year (2026) only
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert "D5" in award.readings


def test_a_case_of_an_earlier_year_counts_under_the_never_rewarded_reading():
    award = one(run(readings={"D5": "never_rewarded"}, events=[event("data_labelling_case", date="2025-12-31")]), "8.1")
    # D5 never_rewarded: 100,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 100_000


def test_a_case_without_its_level_is_undetermined_for_both_levels():
    result = run(events=[event("data_elements_case", level=None)])
    national, provincial = one(result, "8.1"), one(result, "8.2")
    assert national.status is provincial.status is Status.UNDETERMINED
    assert national.amount_yuan == provincial.amount_yuan == 0
    assert national.missing == provincial.missing == ["events[1].level"]
    # potentials: 100,000 and 50,000
    assert (national.potential, provincial.potential) == (100_000, 50_000)


def test_a_case_without_its_date_is_undetermined():
    award = one(run(events=[{"type": "data_elements_case", "level": "national", "name": "甲"}]), "8.1")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["events[1].date"]
    assert award.amount_yuan == 0


# --- 8.3 / 8.4 competition prizes ---------------------------------------------


@pytest.mark.parametrize(("rank", "yuan"), [(1, 100_000), (2, 50_000), (3, 20_000)])
def test_a_national_prize_pays_by_rank(rank, yuan):
    award = one(run(events=[event("data_elements_prize", "national", rank=rank)]), "8.3")
    # 8.3: 一、二、三等奖 10万元、5万元、2万元
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == yuan
    # per project up to 10万元 = 100,000, never cut by these amounts
    assert [(c.name, c.limit, c.after) for c in award.caps] == [("per_project", 100_000, yuan)]
    assert not award.caps[0].cut


@pytest.mark.parametrize(("rank", "yuan"), [(1, 50_000), (2, 20_000), (3, 10_000)])
def test_a_provincial_prize_pays_by_rank(rank, yuan):
    award = one(run(events=[event("data_elements_prize", "provincial", rank=rank)]), "8.4")
    # 8.4: 一等奖 5万元 (D1 ceiling reading), 二等奖 2万元, 三等奖 1万元
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == yuan
    assert [(c.name, c.limit) for c in award.caps] == [("per_project", 50_000)]


def test_the_provincial_first_prize_reads_fifty_thousand_by_default_and_says_so():
    result = run(events=[event("data_elements_prize", "provincial", rank=1)])
    award = one(result, "8.4")
    # D1 default "ceiling": 5万元 = 50,000, the provincial 最高5万元
    assert award.amount_yuan == 50_000
    assert "D1" in award.readings
    assert result.readings["D1"] == "ceiling"


def test_the_provincial_first_prize_is_five_yuan_under_the_literal_reading():
    result = run(readings={"D1": "literal"}, events=[event("data_elements_prize", "provincial", rank=1)])
    award = one(result, "8.4")
    # D1 literal: "5元" = 5 yuan
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 5
    assert result.readings["D1"] == "literal"


def test_the_literal_reading_leaves_the_other_provincial_ranks_alone():
    award = one(run(readings={"D1": "literal"}, events=[event("data_elements_prize", "provincial", rank=2)]), "8.4")
    # 二等奖 2万元 = 20,000 under either reading; D1 is not consulted
    assert award.amount_yuan == 20_000
    assert "D1" not in award.readings


def test_the_chinese_level_label_routes_a_prize_to_the_provincial_clause():
    result = run(events=[event("data_elements_prize", "省级", rank=3)])
    # 8.4 三等奖 1万元 = 10,000
    assert one(result, "8.4").amount_yuan == 10_000
    assert only(result, "8.3") == []


def test_a_prize_without_its_rank_is_undetermined_up_to_the_project_cap():
    award = one(run(events=[event("data_elements_prize", "national")]), "8.3")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.missing == ["events[1].rank"]
    # up to 10万元 = 100,000 per project
    assert award.potential == 100_000


def test_a_prize_already_rewarded_for_the_project_is_not_paid_again():
    award = one(
        run(
            events=[event("data_elements_prize", "national", rank=2, name="智慧医疗项目")],
            awards_received=[{"clause": "8.3", "event": "智慧医疗项目", "year": 2026, "amount": 50_000}],
        ),
        "8.3",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_prize_of_an_earlier_year_is_not_paid():
    award = one(run(events=[event("data_elements_prize", "national", rank=1, date="2025-11-30")]), "8.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


# --- 8.5 step-up (晋级补差) ---------------------------------------------------------


def step(revenue, *, labelling=True, received=()):
    applicant = {"data_labelling": labelling, "main_business_revenue_prev_year": revenue}
    history = [{"clause": "8.5", "year": y, "amount": a} for y, a in received]
    return one(run(applicant=applicant, awards_received=history), "8.5")


@pytest.mark.parametrize(
    ("revenue", "status", "yuan"),
    [
        (9_999_999, Status.NOT_ELIGIBLE, 0),  # 1 yuan below 1000万元
        (10_000_000, Status.ELIGIBLE, 50_000),  # 达到1000万元 (inclusive): 5万元
        (10_000_001, Status.ELIGIBLE, 50_000),
        (19_999_999, Status.ELIGIBLE, 50_000),  # 1 yuan below 2000万元: still tier 1
        (20_000_000, Status.ELIGIBLE, 100_000),  # 达到2000万元: 10万元
        (20_000_001, Status.ELIGIBLE, 100_000),
        (49_999_999, Status.ELIGIBLE, 100_000),  # 1 yuan below 5000万元: still tier 2
        (50_000_000, Status.ELIGIBLE, 200_000),  # 达到5000万元: 20万元
        (50_000_001, Status.ELIGIBLE, 200_000),
    ],
)
def test_with_nothing_received_the_step_up_pays_the_highest_tier_reached(revenue, status, yuan):
    award = step(revenue)
    assert award.status is status
    assert award.amount_yuan == yuan


def test_the_step_up_pays_the_tier_less_what_8_5_already_paid():
    award = step(50_000_000, received=[(2025, 50_000)])
    # 晋级补差: 200,000 − 50,000 already received = 150,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 150_000
    assert [(c.name, c.limit, c.after) for c in award.caps] == [("top_up", 200_000, 150_000)]
    assert award.near_miss is None


def test_the_step_up_counts_everything_8_5_paid_in_earlier_years():
    award = step(50_000_000, received=[(2024, 50_000), (2025, 50_000)])
    # tier 1 (50,000) then tier 2 top-up (100,000 − 50,000 = 50,000): 100,000 paid
    # 200,000 − 100,000 = 100,000
    assert award.amount_yuan == 100_000


def test_a_tier_already_paid_pays_nothing_more():
    award = step(20_000_000, received=[(2024, 50_000), (2025, 50_000)])
    # tier 2: 100,000 − (50,000 + 50,000) = 0
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "tier_already_paid"


def test_a_revenue_falling_back_to_a_lower_tier_pays_nothing():
    award = step(15_000_000, received=[(2025, 100_000)])
    # tier 1 is 50,000; 100,000 already paid → 50,000 − 100,000 < 0 → nothing
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_one_yuan_below_the_first_tier_is_a_near_miss():
    award = step(9_999_999)
    # 10,000,000 − 9,999,999 = 1 yuan short of 5万元
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 50_000


def test_the_near_miss_to_the_next_tier_shows_the_extra_it_would_pay():
    award = step(19_999_999)
    # pays tier 1: 50,000; 20,000,000 − 19,999,999 = 1 yuan short of tier 2
    # tier 2 would pay 100,000 in all, i.e. 100,000 − 50,000 = 50,000 more
    assert award.amount_yuan == 50_000
    assert award.near_miss.threshold == "2000万元"
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 50_000


def test_the_near_miss_to_the_top_tier_takes_the_earlier_payments_into_account():
    award = step(49_999_999, received=[(2025, 50_000)])
    # tier 2: 100,000 − 50,000 = 50,000 now
    # tier 3 is 1 yuan away: 200,000 − 50,000 received − 50,000 now = 100,000 more
    assert award.amount_yuan == 50_000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 100_000


def test_at_the_top_tier_there_is_no_near_miss():
    assert step(50_000_000).near_miss is None


@pytest.mark.parametrize(
    ("received", "would_pay"),
    [
        (49_999, 1),  # 1000万元 pays 50,000; 50,000 − 49,999 = 1 more
        (50_000, None),  # 50,000 − 50,000 = 0 more: the near miss moves on to 2000万元
        (50_001, None),
    ],
)
def test_a_next_tier_already_paid_for_is_no_near_miss(received, would_pay):
    award = step(9_999_999, received=[(2025, received)])
    # 1 yuan short of 1000万元; with 50,000 or more received the first tier adds nothing,
    # and the next that would (2000万元: 100,000 − received) is the near miss instead
    if would_pay is not None:
        assert (award.near_miss.threshold, award.near_miss.would_pay) == ("达到1000万元", would_pay)
    else:
        assert award.near_miss.threshold == "2000万元"
        assert award.near_miss.shortfall == 20_000_000 - 9_999_999  # = 10,000,001
        assert award.near_miss.would_pay == 100_000 - received


def test_revenue_fallen_below_every_tier_paid_shows_the_tier_that_would_pay_more():
    award = step(0, received=[(2025, 100_000)])
    # 100,000 received (the 2000万元 tier); revenue now 0:
    # 1000万元 would pay 50,000 − 100,000 < 0 and 2000万元 100,000 − 100,000 = 0 more;
    # 5000万元 would pay 200,000 − 100,000 = 100,000 more, 50,000,000 away
    assert award.near_miss.threshold == "5000万元"
    assert award.near_miss.shortfall == 50_000_000
    assert award.near_miss.would_pay == 100_000


def test_an_enterprise_that_does_not_label_data_gets_no_step_up():
    award = step(60_000_000, labelling=False)
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_unknown_revenue_is_undetermined_with_the_top_tier_less_received_as_potential():
    award = step(None, received=[(2025, 50_000)])
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["applicant.main_business_revenue_prev_year"]
    # 200,000 − 50,000 = 150,000 at most
    assert award.potential == 150_000


def test_unknown_data_labelling_is_undetermined():
    award = step(30_000_000, labelling=None)
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.missing == ["applicant.data_labelling"]


def test_revenue_given_in_wan_is_read_exactly():
    award = step("2,000万元")
    # 2,000万元 = 20,000,000 reaches tier 2: 100,000
    assert award.amount_yuan == 100_000


# --- 8.6 first listing: 50% of the fee, up to 1万元 -----------------------------------


def listing(fee, date="2026-04-01", **over):
    trading = {"platform_qualified": True, "first_listing_date": date, "listing_fee": fee, "annual_volume": 0}
    trading.update(over)
    return run(data_trading={k: v for k, v in trading.items() if v is not None})


def test_the_listing_subsidy_is_half_the_fee():
    result = listing(8_000)
    award = one(result, "8.6")
    # 50% × 8,000 = 4,000 (up to 10,000)
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 4_000
    assert award.ceiling is True


@pytest.mark.parametrize(("fee", "status", "yuan"), [(0, Status.NOT_ELIGIBLE, 0), (1, Status.ELIGIBLE, 1)])
def test_no_listing_fee_is_no_subsidy_not_eligible_up_to_nothing(fee, status, yuan):
    # 50% × 0 = 0: it was shown as 符合, "最高 0 元"; now refused, saying no fee was paid.
    # 50% × 1 = 0.5 → 1 yuan (round half up), eligible
    award = one(listing(fee), "8.6")
    assert (award.status, award.amount_yuan) == (status, yuan)
    if fee == 0:
        assert award.reason.key == "no_listing_fee"


def test_a_fee_of_19_999_gives_9_999_5_which_rounds_to_10_000_without_the_ceiling_cutting():
    award = one(listing(19_999), "8.6")
    # 50% × 19,999 = 9,999.5 → 10,000 yuan (round half up); below the 10,000 ceiling
    assert award.amount == Decimal("9999.5")
    assert award.amount_yuan == 10_000
    assert not award.caps[0].cut


def test_a_fee_of_20_000_reaches_the_ceiling_exactly():
    award = one(listing(20_000), "8.6")
    # 50% × 20,000 = 10,000 = 最高1万元
    assert award.amount_yuan == 10_000
    assert not award.caps[0].cut


def test_a_fee_of_20_001_is_cut_to_the_ceiling():
    award = one(listing(20_001), "8.6")
    # 50% × 20,001 = 10,000.5 → capped at 10,000
    assert award.amount == 10_000
    assert award.amount_yuan == 10_000
    assert [(c.name, c.limit, c.before, c.after) for c in award.caps] == [
        ("ceiling", 10_000, Decimal("10000.5"), 10_000)
    ]
    assert award.caps[0].cut


def test_the_listing_subsidy_counts_as_an_up_to_amount_not_a_sure_one():
    result = listing(20_000)
    # 10,000 is 最高 (up to): in the ceiling total, not the sure total
    assert one(result, "8.6").ceiling is True
    assert result.ceiling_total_yuan == 10_000
    assert result.total_yuan == 0


def test_a_listing_of_an_earlier_year_is_not_a_first_listing_now():
    award = one(listing(10_000, date="2025-12-31"), "8.6")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_listing_subsidy_already_received_is_not_paid_again():
    result = run(
        data_trading={"platform_qualified": True, "first_listing_date": "2026-04-01", "listing_fee": 10_000},
        awards_received=[{"clause": "8.6", "year": 2026, "amount": 5_000}],
    )
    award = one(result, "8.6")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_an_unqualified_platform_gets_nothing():
    award = one(listing(10_000, platform_qualified=False), "8.6")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_an_unknown_platform_is_undetermined_with_the_capped_potential():
    award = one(listing(30_000, platform_qualified=None), "8.6")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["data_trading.platform_qualified"]
    # potential: min(50% × 30,000 = 15,000, 10,000) = 10,000
    assert award.potential == 10_000


# --- 8.7 annual trading volume ≥ 200万元, up to 5万元 ------------------------------------


def volume(amount, *, readings=None, received=()):
    history = [{"clause": "8.7", "year": y, "amount": a} for y, a in received]
    return run(readings=readings, data_trading={"annual_volume": amount}, awards_received=history)


@pytest.mark.parametrize(
    ("amount", "status", "yuan"),
    [
        (1_999_999, Status.NOT_ELIGIBLE, 0),
        (2_000_000, Status.ELIGIBLE, 50_000),  # 达到200万元 includes 2,000,000: up to 5万元
        (2_000_001, Status.ELIGIBLE, 50_000),
    ],
)
def test_the_trading_volume_award_starts_at_two_million_inclusive(amount, status, yuan):
    award = one(volume(amount), "8.7")
    assert award.status is status
    assert award.amount_yuan == yuan


def test_the_trading_volume_award_is_an_up_to_amount():
    result = volume(3_000_000)
    award = one(result, "8.7")
    # 最高5万元: 50,000 as a ceiling
    assert award.ceiling is True
    assert result.ceiling_total_yuan == 50_000
    assert result.total_yuan == 0


def test_one_yuan_short_of_two_million_is_a_near_miss():
    award = one(volume(1_999_999), "8.7")
    # 2,000,000 − 1,999,999 = 1; would pay up to 50,000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 50_000


def test_by_default_the_volume_award_is_paid_again_in_a_later_year():
    award = one(volume(2_500_000, received=[(2025, 50_000)]), "8.7")
    # D3 yearly: 2025's award does not stop 2026's: 50,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 50_000
    assert "D3" in award.readings


def test_the_volume_award_is_not_paid_twice_in_the_same_year():
    award = one(volume(2_500_000, received=[(2026, 50_000)]), "8.7")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_under_the_once_reading_an_earlier_volume_award_blocks_this_year():
    award = one(volume(2_500_000, readings={"D3": "once"}, received=[(2025, 50_000)]), "8.7")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_under_the_once_reading_a_first_volume_award_is_paid():
    award = one(volume(2_500_000, readings={"D3": "once"}), "8.7")
    # up to 50,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 50_000


def test_an_unknown_volume_is_undetermined():
    award = one(run(data_trading={"platform_qualified": True}), "8.7")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["data_trading.annual_volume"]
    assert award.potential == 50_000


# --- 8.8 first cross-border trade ≥ 100万元, up to 10万元 -------------------------------


def cross(amount, date="2026-08-08", *, readings=None, received=()):
    history = [{"clause": "8.8", "year": y, "amount": a} for y, a in received]
    trading = {"annual_volume": 0, "first_cross_border_date": date, "first_cross_border_volume": amount}
    return run(
        readings=readings, data_trading={k: v for k, v in trading.items() if v is not None}, awards_received=history
    )


@pytest.mark.parametrize(
    ("amount", "status", "yuan"),
    [
        (999_999, Status.NOT_ELIGIBLE, 0),
        (1_000_000, Status.ELIGIBLE, 100_000),  # 达到100万元 inclusive: up to 10万元
        (1_000_001, Status.ELIGIBLE, 100_000),
    ],
)
def test_the_first_cross_border_trade_counts_from_one_million_inclusive(amount, status, yuan):
    result = cross(amount)
    award = one(result, "8.8")
    assert award.status is status
    assert award.amount_yuan == yuan
    assert award.ceiling is True
    assert "D11" in award.readings


def test_a_first_cross_border_year_total_below_one_million_is_a_near_miss():
    award = one(cross(999_999), "8.8")
    # 1,000,000 − 999,999 = 1; would pay up to 100,000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 100_000


def test_a_first_cross_border_trade_of_an_earlier_year_is_not_new():
    award = one(cross(1_500_000, date="2025-03-01"), "8.8")
    # D5 assessment_year: first trade in 2025 is not a 2026 event
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert "D5" in award.readings


def test_under_never_rewarded_an_earlier_first_trade_still_counts():
    award = one(cross(1_500_000, date="2025-03-01", readings={"D5": "never_rewarded"}), "8.8")
    # up to 100,000
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 100_000


def test_the_cross_border_award_is_paid_only_once():
    award = one(cross(1_500_000, readings={"D5": "never_rewarded"}, received=[(2025, 100_000)]), "8.8")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_cross_border_trade_without_its_volume_is_undetermined():
    award = one(cross(None), "8.8")
    assert award.status is Status.UNDETERMINED
    assert award.missing == ["data_trading.first_cross_border_volume"]
    assert award.potential == 100_000


def test_listing_volume_and_cross_border_together_add_up_as_ceilings():
    result = run(
        data_trading={
            "platform_qualified": True,
            "first_listing_date": "2026-02-01",
            "listing_fee": 6_000,
            "annual_volume": "300万",
            "first_cross_border_date": "2026-09-01",
            "first_cross_border_volume": "120万元",
        }
    )
    # 8.6: 50% × 6,000 = 3,000; 8.7: up to 50,000; 8.8: up to 100,000
    assert [one(result, c).amount_yuan for c in ("8.6", "8.7", "8.8")] == [3_000, 50_000, 100_000]
    # 3,000 + 50,000 + 100,000 = 153,000, all 最高 amounts
    assert result.ceiling_total_yuan == 153_000
    assert result.total_yuan == 0


def test_the_data_clauses_of_article_8_are_not_claimed_without_facts():
    result = run()
    for clause in ("8.5", "8.6", "8.7", "8.8"):
        assert only(result, clause) == []
        assert clause in result.not_claimed


@pytest.mark.parametrize("written", ["8.2", "８．２", " 8.2 ", "８.２"])
def test_an_award_received_under_a_clause_id_written_full_width_is_the_same_clause(written):
    # 8.2 pays a provincial case once (5万元); received under 8.2 in full-width digits and stop, as typed in a
    # Chinese input method, it is still 8.2: 0 paid again, not 50,000.
    award = one(
        run(
            events=[event("data_elements_case", "provincial", name="数据要素×交通")],
            awards_received=[{"clause": written, "event": "数据要素×交通", "year": 2026, "amount": 50_000}],
        ),
        "8.2",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
