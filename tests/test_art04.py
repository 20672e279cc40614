"""第四条 推动产业集聚发展: 4.1 referrals (D9 window, cumulative cap) and 4.2 parks.

新引进企业在两年内升规的，每户给予引荐企业10万元一次性奖励，单个企业奖励累计最高100万元。
对创成省级数据产业集聚区的给予20万元一次性奖励。

10万元 = 100,000 per referred enterprise; 累计最高100万元 = 1,000,000 over all years.
两年内 includes the anniversary day (D9: from the date of introduction to the date
it entered the above-designated-size statistics, inclusive).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import one, only, run

from jzai_cli.result import Cap, Status


def referral(name, introduced="2025-03-01", above_size="2026-05-20"):
    ref = {"name": name}
    if introduced is not None:
        ref["introduced"] = introduced
    if above_size is not None:
        ref["above_size"] = above_size
    return ref


def refer(*refs, year=2026, **kw):
    return run(year=year, referrals=list(refs), **kw)


def received(*amounts_by_year):
    """4.1 awards already received: (year, amount, event) triples."""
    return [{"clause": "4.1", "year": y, "amount": a, "event": e} for y, a, e in amounts_by_year]


# --- 4.1: the two-year window (D9) ----------------------------------------------


def test_a_referred_enterprise_above_size_on_the_second_anniversary_earns_100_thousand():
    # introduced 2024-06-15; deadline 2026-06-15; 升规 2026-06-15 ≤ deadline (两年内, inclusive) → 100,000
    award = one(refer(referral("上游甲", "2024-06-15", "2026-06-15")), "4.1")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 100_000
    assert award.readings == ["D9", "D5"]


def test_a_referred_enterprise_above_size_the_day_after_the_second_anniversary_earns_nothing():
    # deadline 2026-06-15; 2026-06-16 is 1 day late.
    # days from 2024-06-15: to 2025-06-15 = 365 (no 29 Feb between), to 2026-06-15 = 365 → 730, +1 = 731
    award = one(refer(referral("上游甲", "2024-06-15", "2026-06-16")), "4.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "above_size_too_late"
    assert award.near_miss.shortfall == 1
    assert award.near_miss.value == 731
    assert award.near_miss.unit == "days_late"
    assert award.near_miss.would_pay == 100_000


def test_a_referred_enterprise_above_size_the_day_before_the_second_anniversary_earns_100_thousand():
    # 2026-06-14 < deadline 2026-06-15 → 100,000
    award = one(refer(referral("上游甲", "2024-06-15", "2026-06-14")), "4.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_an_enterprise_introduced_on_29_february_has_until_28_february_two_years_later():
    # introduced 2024-02-29; 2026 has no 29 February, so the period ends on the last day of
    # that month, 2026-02-28 (cf. 民法典 art. 202) → 升规 2026-02-28 pays 100,000
    award = one(refer(referral("闰日企业", "2024-02-29", "2026-02-28")), "4.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_an_enterprise_introduced_on_29_february_above_size_on_1_march_two_years_later_is_late():
    # deadline 2026-02-28; 2026-03-01 is 1 day late.
    # days: 2024-02-29 → 2025-02-28 = 365, → 2026-02-28 = 365 → 730, → 2026-03-01 = 731
    award = one(refer(referral("闰日企业", "2024-02-29", "2026-03-01")), "4.1")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.near_miss.shortfall == 1
    assert award.near_miss.value == 731


def test_an_enterprise_above_size_on_its_introduction_day_earns_100_thousand():
    # 0 days ≤ 2 years → 100,000
    award = one(refer(referral("同日企业", "2026-04-01", "2026-04-01")), "4.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_an_enterprise_already_above_size_before_it_was_introduced_earns_nothing():
    # 升规 before 引进 is not a 新引进企业 becoming above size → 0
    award = one(refer(referral("早已规上", "2026-05-01", "2026-01-10")), "4.1")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.reason.key == "above_size_before_introduced"


def test_a_referred_enterprise_not_yet_above_size_earns_nothing():
    award = one(refer(referral("未升规", "2025-03-01", None)), "4.1")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.reason.key == "not_above_size_yet"


def test_a_referral_without_an_introduction_date_is_undetermined():
    award = one(refer(referral("无引进日期", None, "2026-05-20")), "4.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.potential == 100_000
    assert award.missing == ["referrals[1].introduced"]


# --- 4.1 and D5: the year it became above size ----------------------------------


@pytest.mark.parametrize(
    ("above_size", "status", "amount"),
    [
        ("2026-05-20", Status.ELIGIBLE, 100_000),  # in the assessment year → 10万元
        ("2025-12-31", Status.NOT_ELIGIBLE, 0),  # the year before → not new in 2026
        ("2027-01-02", Status.NOT_ELIGIBLE, 0),  # after the assessment year
    ],
)
def test_a_referral_counts_in_the_year_the_enterprise_became_above_size(above_size, status, amount):
    award = one(refer(referral("上游乙", "2025-06-01", above_size)), "4.1")
    assert (award.status, award.amount_yuan) == (status, amount)


def test_under_never_rewarded_a_referral_above_size_the_year_before_is_paid():
    # D5=never_rewarded: 升规 2025-08-01 ≤ 2026, within 2 years of 2025-06-01, never rewarded → 100,000
    award = one(refer(referral("上游乙", "2025-06-01", "2025-08-01"), readings={"D5": "never_rewarded"}), "4.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


# --- 4.1: once per referred enterprise, 1,000,000 cumulative ----------------------


def test_three_referrals_in_one_year_earn_300_thousand_and_leave_700_thousand():
    # 3 × 100,000 = 300,000; remaining 1,000,000 − 300,000 = 700,000
    result = refer(referral("甲"), referral("乙"), referral("丙"))
    awards = only(result, "4.1")
    assert [a.amount_yuan for a in awards] == [100_000, 100_000, 100_000]
    assert [a.limits[0].remaining for a in awards] == [900_000, 800_000, 700_000]
    assert result.total_yuan == 300_000
    (limit,) = result.remaining_limits
    assert (limit.clause, limit.scope, limit.limit, limit.remaining) == ("4.1", "cumulative", 1_000_000, 700_000)


def test_with_900_thousand_already_received_the_next_referral_pays_100_thousand_and_the_one_after_nothing():
    # 900,000 received (2024: 500,000, 2025: 400,000); room 1,000,000 − 900,000 = 100,000
    # first referral: min(100,000, 100,000) = 100,000, remaining 0; second: room 0 → 0
    result = refer(
        referral("第十户"),
        referral("第十一户"),
        awards_received=received((2024, 500_000, "一号"), (2025, 400_000, "六号")),
    )
    first, second = only(result, "4.1")
    assert (first.status, first.amount_yuan) == (Status.ELIGIBLE, 100_000)
    assert first.caps == [Cap("cumulative", Decimal(1_000_000), Decimal(100_000), Decimal(100_000))]
    assert first.caps[0].cut is False
    assert (first.limits[0].used_before, first.limits[0].this_award, first.limits[0].remaining) == (900_000, 100_000, 0)
    assert (second.status, second.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert second.reason.key == "cap_exhausted"
    assert second.caps[0].cut is True
    assert (second.caps[0].before, second.caps[0].after) == (100_000, 0)
    assert (second.limits[0].used_before, second.limits[0].remaining) == (1_000_000, 0)
    assert result.total_yuan == 100_000


def test_with_950_thousand_already_received_the_next_referral_is_cut_to_50_thousand():
    # room 1,000,000 − 950,000 = 50,000 < 100,000 → 50,000, the cumulative cap cut 100,000 to 50,000
    result = refer(referral("末户"), awards_received=received((2025, 950_000, None)))
    award = one(result, "4.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 50_000)
    assert award.caps == [Cap("cumulative", Decimal(1_000_000), Decimal(100_000), Decimal(50_000))]
    assert award.caps[0].cut is True
    assert award.limits[0].remaining == 0
    assert [(a.clause, c.name) for a, c in result.caps_hit] == [("4.1", "cumulative")]


def test_eleven_referrals_in_one_year_earn_at_most_one_million():
    # 10 × 100,000 = 1,000,000 reaches the cap; the 11th gets 0
    result = refer(*[referral(f"企业{i}") for i in range(1, 12)])
    amounts = [a.amount_yuan for a in only(result, "4.1")]
    assert amounts == [100_000] * 10 + [0]
    assert sum(amounts) == 1_000_000
    assert only(result, "4.1")[-1].reason.key == "cap_exhausted"
    assert result.total_yuan == 1_000_000


def test_a_cap_already_reached_in_earlier_years_leaves_nothing():
    # 1,000,000 received over 2023–2025 → room 0 → 0
    result = refer(
        referral("新户"), awards_received=received((2023, 300_000, None), (2024, 400_000, None), (2025, 300_000, None))
    )
    award = one(result, "4.1")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.limits[0].remaining == 0


def test_a_referred_enterprise_already_rewarded_is_not_paid_twice_and_uses_no_cap():
    # 甲 already rewarded (2026, 100,000): 甲 → 0; 乙 → 100,000; cap used 100,000 + 100,000 = 200,000,
    # remaining 800,000
    result = refer(referral("甲"), referral("乙"), awards_received=received((2026, 100_000, "甲")))
    first, second = only(result, "4.1")
    assert (first.status, first.amount_yuan, first.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_event")
    assert first.limits == []
    assert (second.status, second.amount_yuan) == (Status.ELIGIBLE, 100_000)
    assert second.limits[0].remaining == 800_000


def test_a_referral_too_late_does_not_use_the_cap():
    # 甲 late → 0, no limit recorded; 乙 pays 100,000 from an empty history → remaining 900,000
    result = refer(referral("甲", "2024-01-01", "2026-01-02"), referral("乙"))
    late, ok = only(result, "4.1")
    assert (late.status, late.amount_yuan, late.limits) == (Status.NOT_ELIGIBLE, 0, [])
    assert (ok.amount_yuan, ok.limits[0].remaining) == (100_000, 900_000)


def test_a_park_cannot_claim_a_referral_award():
    award = one(refer(referral("甲"), applicant={"kind": "park"}), "4.1")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "kind_not_admitted")


def test_a_referral_award_needs_review_when_the_referrer_is_not_in_jiaozuo_statistics():
    award = one(refer(referral("甲"), applicant={"in_jiaozuo_statistics": False}), "4.1")
    assert (award.status, award.amount_yuan) == (Status.NEEDS_REVIEW, 100_000)


# --- 4.2: provincial data-industry cluster (parks) -------------------------------


def cluster(date="2026-06-30", level="provincial"):
    return {"type": "data_industry_cluster", "level": level, "name": "焦作数据产业集聚区", "date": date}


def test_a_park_newly_made_a_provincial_data_cluster_gets_200_thousand():
    # 20万元 = 200,000
    award = one(run(applicant={"kind": "park"}, events=[cluster()]), "4.2")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 200_000)


def test_a_park_made_a_data_cluster_the_year_before_gets_nothing_by_default():
    award = one(run(applicant={"kind": "park"}, events=[cluster("2025-12-01")]), "4.2")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "event_not_in_year")


def test_under_never_rewarded_a_park_made_a_data_cluster_the_year_before_gets_200_thousand():
    award = one(
        run(applicant={"kind": "park"}, readings={"D5": "never_rewarded"}, events=[cluster("2025-12-01")]), "4.2"
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 200_000)


def test_a_park_already_rewarded_as_a_data_cluster_is_not_paid_again():
    # 一次性: 200,000 received in 2025 → 0
    award = one(
        run(
            applicant={"kind": "park"},
            readings={"D5": "never_rewarded"},
            events=[cluster("2025-12-01")],
            awards_received=[{"clause": "4.2", "year": 2025, "amount": 200_000}],
        ),
        "4.2",
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_once")


def test_a_national_data_cluster_is_not_a_4_2_event():
    # 4.2 names 省级 only
    result = run(applicant={"kind": "park"}, events=[cluster(level="national")])
    assert only(result, "4.2") == []
    assert "4.2" in result.not_claimed
