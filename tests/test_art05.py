"""第五条 提升产业创新能力: 5.1 … 5.4, innovation platforms, once per platform.

对新获批国家、省级创新中心、重点实验室、国际联合实验室的，分别给予100万元、50万元一次性
奖励；对新获批国家、省级企业技术中心、工程研究中心的单位，分别给予50万元、20万元一次性奖励

100万元 = 1,000,000; 50万元 = 500,000; 20万元 = 200,000.
"""

from __future__ import annotations

import pytest
from conftest import one, only, run

from jzai_cli.result import Status


def platform(type_, level, name, date="2026-10-15"):
    return {"type": type_, "level": level, "name": name, "date": date}


# --- amounts by clause ------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "level", "clause", "amount"),
    [
        # 5.1 national innovation centre / key laboratory / international joint laboratory: 100万元
        ("innovation_centre", "national", "5.1", 1_000_000),
        ("key_laboratory", "national", "5.1", 1_000_000),
        ("international_joint_laboratory", "national", "5.1", 1_000_000),
        # 5.2 the same, provincial: 50万元
        ("innovation_centre", "provincial", "5.2", 500_000),
        ("key_laboratory", "provincial", "5.2", 500_000),
        ("international_joint_laboratory", "provincial", "5.2", 500_000),
        # 5.3 national enterprise technology centre / engineering research centre: 50万元
        ("enterprise_technology_centre", "national", "5.3", 500_000),
        ("engineering_research_centre", "national", "5.3", 500_000),
        # 5.4 the same, provincial: 20万元
        ("enterprise_technology_centre", "provincial", "5.4", 200_000),
        ("engineering_research_centre", "provincial", "5.4", 200_000),
    ],
)
def test_a_newly_approved_platform_gets_the_amount_of_its_kind_and_level(type_, level, clause, amount):
    result = run(events=[platform(type_, level, "平台")])
    award = one(result, clause)
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, amount)
    assert award.readings == ["D5"]
    assert result.total_yuan == amount


def test_three_national_platforms_approved_in_one_year_are_each_rewarded():
    # per platform: 3 × 1,000,000 = 3,000,000
    result = run(
        events=[
            platform("innovation_centre", "national", "国家创新中心A"),
            platform("key_laboratory", "national", "国家重点实验室B"),
            platform("international_joint_laboratory", "national", "国际联合实验室C"),
        ]
    )
    assert [a.amount_yuan for a in only(result, "5.1")] == [1_000_000, 1_000_000, 1_000_000]
    assert result.total_yuan == 3_000_000


def test_a_national_and_a_provincial_technology_centre_stack():
    # 5.3 500,000 + 5.4 200,000 = 700,000
    result = run(
        events=[
            platform("enterprise_technology_centre", "national", "国家企业技术中心"),
            platform("engineering_research_centre", "provincial", "省工程研究中心"),
        ]
    )
    assert (one(result, "5.3").amount_yuan, one(result, "5.4").amount_yuan) == (500_000, 200_000)
    assert result.total_yuan == 700_000


def test_a_national_key_laboratory_is_not_also_paid_as_a_provincial_one_or_as_a_technology_centre():
    result = run(events=[platform("key_laboratory", "national", "国家重点实验室")])
    assert one(result, "5.1").amount_yuan == 1_000_000
    assert only(result, "5.2") == only(result, "5.3") == only(result, "5.4") == []


def test_a_platform_of_unknown_level_is_undetermined_in_both_levels():
    # could be 5.1 (1,000,000) or 5.2 (500,000)
    result = run(events=[{"type": "key_laboratory", "name": "实验室", "date": "2026-10-15"}])
    national, provincial = one(result, "5.1"), one(result, "5.2")
    assert (national.status, national.amount_yuan, national.potential) == (Status.UNDETERMINED, 0, 1_000_000)
    assert (provincial.status, provincial.amount_yuan, provincial.potential) == (Status.UNDETERMINED, 0, 500_000)
    assert result.missing_facts == ["events[1].level"]


def test_a_municipal_key_laboratory_gets_nothing():
    result = run(events=[platform("key_laboratory", "municipal", "市重点实验室")])
    assert [a for a in result.awards if a.article == 5] == []
    assert result.total_yuan == 0


# --- D5: 新获批 in the assessment year ----------------------------------------------


@pytest.mark.parametrize(
    ("date", "status", "amount", "reason"),
    [
        ("2026-01-01", Status.ELIGIBLE, 500_000, "fixed"),  # first day of 2026 → 50万元
        ("2026-12-31", Status.ELIGIBLE, 500_000, "fixed"),  # last day of 2026
        ("2025-12-31", Status.NOT_ELIGIBLE, 0, "event_not_in_year"),  # approved the year before
        ("2027-01-01", Status.NOT_ELIGIBLE, 0, "event_not_in_year"),  # approved the year after
    ],
)
def test_a_national_technology_centre_counts_only_if_approved_in_the_assessment_year(date, status, amount, reason):
    award = one(run(year=2026, events=[platform("enterprise_technology_centre", "national", "技术中心", date)]), "5.3")
    assert (award.status, award.amount_yuan, award.reason.key) == (status, amount, reason)


def test_under_never_rewarded_a_provincial_laboratory_approved_two_years_earlier_is_paid():
    # D5=never_rewarded: 2024 ≤ 2026 and never rewarded → 500,000
    award = one(
        run(
            year=2026,
            readings={"D5": "never_rewarded"},
            events=[platform("key_laboratory", "provincial", "省重点实验室", "2024-04-04")],
        ),
        "5.2",
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 500_000)


# --- once per platform --------------------------------------------------------------


def test_a_platform_already_rewarded_is_not_paid_again_while_a_new_one_is():
    # 实验室A received 1,000,000 in 2026 → 0; 实验室B new → 1,000,000; total 1,000,000
    result = run(
        events=[platform("key_laboratory", "national", "实验室A"), platform("key_laboratory", "national", "实验室B")],
        awards_received=[{"clause": "5.1", "event": "实验室A", "year": 2026, "amount": 1_000_000}],
    )
    first, second = only(result, "5.1")
    assert (first.status, first.amount_yuan, first.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_event")
    assert (second.status, second.amount_yuan) == (Status.ELIGIBLE, 1_000_000)
    assert result.total_yuan == 1_000_000


def test_under_never_rewarded_a_laboratory_rewarded_in_its_year_is_not_paid_again_later():
    # approved and rewarded 2024 → 0 in 2026
    award = one(
        run(
            year=2026,
            readings={"D5": "never_rewarded"},
            events=[platform("key_laboratory", "provincial", "省重点实验室", "2024-04-04")],
            awards_received=[{"clause": "5.2", "event": "省重点实验室", "year": 2024, "amount": 500_000}],
        ),
        "5.2",
    )
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)


def test_a_provincial_award_for_a_platform_does_not_bar_its_national_approval():
    # 实验室A got 5.2 (500,000) in 2024; its national approval in 2026 is a new 5.1 event → 1,000,000
    award = one(
        run(
            events=[platform("key_laboratory", "national", "实验室A")],
            awards_received=[{"clause": "5.2", "event": "实验室A", "year": 2024, "amount": 500_000}],
        ),
        "5.1",
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 1_000_000)


# --- applicant kinds (第五条 names 企业、科研院所、高校) and D6 -----------------------------


@pytest.mark.parametrize("kind", ["research_institute", "university"])
def test_institutes_and_universities_are_rewarded_for_a_provincial_engineering_centre(kind):
    # 5.4: 20万元 = 200,000; let in by 第五条 (D6 default specific_clauses)
    award = one(
        run(applicant={"kind": kind}, events=[platform("engineering_research_centre", "provincial", "工程中心")]), "5.4"
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 200_000)
    assert award.readings == ["D6", "D5"]


@pytest.mark.parametrize("kind", ["research_institute", "university"])
def test_under_scope_only_institutes_and_universities_get_no_platform_award(kind):
    award = one(
        run(
            readings={"D6": "scope_only"},
            applicant={"kind": kind},
            events=[platform("engineering_research_centre", "provincial", "工程中心")],
        ),
        "5.4",
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "kind_not_admitted")


def test_a_park_gets_no_platform_award():
    # 第五条 does not name parks
    award = one(run(applicant={"kind": "park"}, events=[platform("innovation_centre", "national", "创新中心")]), "5.1")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "kind_not_admitted")


def test_a_university_not_in_jiaozuo_statistics_keeps_its_award_for_review():
    # soft condition of 第二条: 1,000,000 held for review
    result = run(
        applicant={"kind": "university", "in_jiaozuo_statistics": False},
        events=[platform("international_joint_laboratory", "national", "国际联合实验室")],
    )
    award = one(result, "5.1")
    assert (award.status, award.amount_yuan) == (Status.NEEDS_REVIEW, 1_000_000)
    assert (result.total_yuan, result.review_total_yuan) == (0, 1_000_000)
