"""第三条 培优育强市场主体: 3.1 … 3.5, with readings D4, D5 and D8.

对国家、省认定的制造业单项冠军示范企业（产品）且当年应税收入超过5000万元的，
分别一次性给予50万元和30万元奖励。对新获得省认定的“专精特新”中小企业给予50万元
一次性奖励，对获得国家级“小巨人”中小企业给予100万元一次性奖励；对首次入选河南省
数据企业的给予10万元一次性奖励。

5000万元 = 5000 × 10,000 = 50,000,000 yuan; 超过 excludes the number itself.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import one, only, run

from jzai_cli.result import Status


def champion(level="national", kind="single_champion_enterprise", date="2026-03-18", name=None):
    event = {"type": kind, "level": level, "date": date}
    if name:
        event["name"] = name
    return event


def champion_run(revenue, level="national", **kw):
    applicant = {"taxable_revenue": revenue} if revenue is not None else {}
    return run(year=2026, applicant=applicant, events=[champion(level)], **kw)


# --- 3.1 / 3.2: the revenue threshold 超过5000万元 ---------------------------------


def test_a_national_champion_with_revenue_just_over_50_million_gets_500_thousand():
    # 3.1: 50,000,001 > 50,000,000 → 50万元 = 500,000
    award = one(champion_run(50_000_001), "3.1")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000
    assert award.near_miss is None
    assert award.facts["taxable_revenue"] == Decimal(50_000_001)


def test_a_national_champion_with_revenue_at_exactly_50_million_gets_nothing():
    # 3.1: 超过 excludes the number: 50,000,000 > 50,000,000 is false → not eligible;
    # the smallest passing whole-yuan revenue is 50,000,001 → shortfall 1
    award = one(champion_run(50_000_000), "3.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "below_threshold"
    assert award.near_miss.shortfall == 1
    assert award.near_miss.threshold == "超过5000万元"
    assert award.near_miss.would_pay == 500_000


def test_a_national_champion_with_revenue_one_yuan_under_50_million_gets_nothing():
    # 3.1: 49,999,999 ≤ 50,000,000 → not eligible; shortfall 50,000,001 − 49,999,999 = 2
    award = one(champion_run(49_999_999), "3.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.near_miss.shortfall == 2
    assert award.near_miss.value == 49_999_999


def test_a_provincial_champion_with_revenue_just_over_50_million_gets_300_thousand():
    # 3.2: 50,000,001 > 50,000,000 → 30万元 = 300,000
    award = one(champion_run(50_000_001, level="provincial"), "3.2")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 300_000


def test_a_provincial_champion_with_revenue_at_exactly_50_million_gets_nothing():
    # 3.2: 50,000,000 is not 超过 50,000,000 → 0, shortfall 1, would have paid 300,000
    award = one(champion_run(50_000_000, level="provincial"), "3.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 300_000


def test_a_provincial_champion_with_revenue_one_yuan_under_50_million_gets_nothing():
    # 3.2: 49,999,999 → shortfall 2
    award = one(champion_run(49_999_999, level="provincial"), "3.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.near_miss.shortfall == 2


def test_revenue_written_in_wan_yuan_is_read_exactly():
    # "5000.0001万" = 50,000,001 yuan > 50,000,000 → 500,000
    award = one(champion_run("5000.0001万"), "3.1")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000


def test_a_champion_whose_revenue_is_unknown_is_undetermined():
    # no taxable revenue: 3.1 cannot be decided; it could pay 500,000
    award = one(champion_run(None), "3.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.potential == 500_000
    assert award.missing == ["applicant.taxable_revenue"]


def test_a_national_champion_is_not_also_paid_the_provincial_award():
    # a national recognition belongs to 3.1 only: 500,000, and 3.2 has nothing
    result = champion_run(60_000_000)
    assert one(result, "3.1").amount_yuan == 500_000
    assert only(result, "3.2") == []
    assert result.total_yuan == 500_000


def test_a_champion_of_unknown_level_is_undetermined_under_both_clauses():
    # level missing: could be 3.1 (500,000) or 3.2 (300,000)
    result = run(
        applicant={"taxable_revenue": 60_000_000}, events=[{"type": "single_champion_enterprise", "date": "2026-03-18"}]
    )
    national, provincial = one(result, "3.1"), one(result, "3.2")
    assert (national.status, national.potential, national.missing) == (
        Status.UNDETERMINED,
        500_000,
        ["events[1].level"],
    )
    assert (provincial.status, provincial.potential, provincial.missing) == (
        Status.UNDETERMINED,
        300_000,
        ["events[1].level"],
    )
    assert result.total_yuan == 0


def test_a_municipal_champion_matches_no_clause_and_is_noted():
    result = run(applicant={"taxable_revenue": 60_000_000}, events=[champion(level="municipal")])
    assert only(result, "3.1") == [] and only(result, "3.2") == []
    notes = [n.values for n in result.notes if n.key == "event_matches_no_clause"]
    assert notes == [{"index": 1, "type": "single_champion_enterprise", "level": "municipal"}]


# --- D4: the revenue of the year of recognition --------------------------------


def test_the_revenue_reading_d4_is_recorded_on_the_champion_award():
    award = one(champion_run(60_000_000), "3.1")
    assert award.status is Status.ELIGIBLE
    assert award.readings == ["D5", "D4", "D8"]


def test_a_refused_champion_still_shows_the_revenue_reading_d4():
    award = one(champion_run(50_000_000), "3.1")
    assert "D4" in award.readings
    assert "D8" not in award.readings  # the D8 question is never reached


# --- D5: the year the recognition was obtained ---------------------------------


@pytest.mark.parametrize(
    ("date", "status", "amount", "reason"),
    [
        # obtained in the assessment year 2026 → 50万元 = 500,000
        ("2026-01-01", Status.ELIGIBLE, 500_000, "fixed"),
        ("2026-12-31", Status.ELIGIBLE, 500_000, "fixed"),
        # obtained in 2025: 新获得 counts in the assessment year only (D5 default) → 0
        ("2025-12-31", Status.NOT_ELIGIBLE, 0, "event_not_in_year"),
        # obtained in 2027, after the assessment year → 0
        ("2027-01-01", Status.NOT_ELIGIBLE, 0, "event_not_in_year"),
    ],
)
def test_a_provincial_specialised_sme_counts_only_in_the_assessment_year(date, status, amount, reason):
    result = run(year=2026, events=[{"type": "specialised_sme", "level": "provincial", "date": date}])
    award = one(result, "3.3")
    assert award.status is status
    assert award.amount_yuan == amount
    assert award.reason.key == reason
    assert award.readings == ["D5"]


def test_under_never_rewarded_an_sme_recognised_the_year_before_is_still_paid():
    # D5=never_rewarded: obtained 2025 ≤ 2026 and never rewarded → 500,000
    award = one(
        run(
            year=2026,
            readings={"D5": "never_rewarded"},
            events=[{"type": "specialised_sme", "level": "provincial", "year": 2025}],
        ),
        "3.3",
    )
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000


def test_under_never_rewarded_an_sme_recognised_after_the_assessment_year_is_not_paid():
    # D5=never_rewarded: obtained 2027 > 2026 → 0
    award = one(
        run(
            year=2026,
            readings={"D5": "never_rewarded"},
            events=[{"type": "specialised_sme", "level": "provincial", "year": 2027}],
        ),
        "3.3",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "event_after_year"


def test_under_never_rewarded_an_sme_rewarded_before_is_not_paid_again():
    # obtained 2024, 500,000 received in 2024; assessed 2026 → 一次性: 0
    award = one(
        run(
            year=2026,
            readings={"D5": "never_rewarded"},
            events=[{"type": "specialised_sme", "level": "provincial", "year": 2024}],
            awards_received=[{"clause": "3.3", "year": 2024, "amount": 500_000}],
        ),
        "3.3",
    )
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "already_once"


def test_a_recognition_given_only_by_year_is_dated_by_that_year():
    award = one(run(year=2026, events=[{"type": "specialised_sme", "level": "provincial", "year": 2026}]), "3.3")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000


def test_a_recognition_without_date_or_year_is_undetermined():
    award = one(run(year=2026, events=[{"type": "specialised_sme", "level": "provincial"}]), "3.3")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.potential == 500_000
    assert award.missing == ["events[1].date"]


def test_a_champion_recognised_the_year_before_gets_nothing_whatever_its_revenue():
    # 3.1 event 2025, assessed 2026: D5 refuses before the revenue is looked at
    award = one(run(year=2026, applicant={"taxable_revenue": 80_000_000}, events=[champion(date="2025-11-30")]), "3.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "event_not_in_year"
    assert award.near_miss is None


# --- D8: enterprise and product recognitions -------------------------------------


def both_champions(level="national", **kw):
    return run(
        year=2026,
        applicant={"taxable_revenue": 70_000_000},
        events=[
            champion(level, "single_champion_enterprise", "2026-03-18", name="单项冠军示范企业"),
            champion(level, "single_champion_product", "2026-03-18", name="单项冠军产品X"),
        ],
        **kw,
    )


def test_a_national_champion_enterprise_and_product_are_paid_separately_by_default():
    # D8=separate: two events → 2 × 500,000 = 1,000,000
    result = both_champions()
    awards = only(result, "3.1")
    assert [(a.event, a.status, a.amount_yuan) for a in awards] == [
        ("单项冠军示范企业", Status.ELIGIBLE, 500_000),
        ("单项冠军产品X", Status.ELIGIBLE, 500_000),
    ]
    assert all("D8" in a.readings for a in awards)
    assert result.total_yuan == 1_000_000


def test_under_once_per_level_a_national_champion_enterprise_and_product_are_paid_once():
    # D8=once_per_level: the first recognition pays 500,000, the second 0 → 500,000
    result = both_champions(readings={"D8": "once_per_level"})
    first, second = only(result, "3.1")
    assert (first.status, first.amount_yuan) == (Status.ELIGIBLE, 500_000)
    assert (second.status, second.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert second.reason.key == "already_once"
    assert "D8" in second.readings
    assert result.total_yuan == 500_000


def test_under_once_per_level_a_provincial_enterprise_and_product_are_paid_once():
    # D8=once_per_level at 3.2: 300,000 + 0 = 300,000
    result = both_champions("provincial", readings={"D8": "once_per_level"})
    assert [a.amount_yuan for a in only(result, "3.2")] == [300_000, 0]
    assert result.total_yuan == 300_000


def test_under_once_per_level_a_product_is_not_paid_after_the_enterprise_was_paid_in_an_earlier_year():
    # D8=once_per_level: 3.1 already received (2025) → product recognised in 2026 gets 0
    result = run(
        year=2026,
        readings={"D8": "once_per_level"},
        applicant={"taxable_revenue": 70_000_000},
        events=[champion(kind="single_champion_product", name="单项冠军产品X")],
        awards_received=[{"clause": "3.1", "event": "单项冠军示范企业", "year": 2025, "amount": 500_000}],
    )
    award = one(result, "3.1")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_once")


def test_under_separate_a_product_is_paid_after_the_enterprise_was_paid_in_an_earlier_year():
    # D8=separate: a different event → 500,000
    result = run(
        year=2026,
        applicant={"taxable_revenue": 70_000_000},
        events=[champion(kind="single_champion_product", name="单项冠军产品X")],
        awards_received=[{"clause": "3.1", "event": "单项冠军示范企业", "year": 2025, "amount": 500_000}],
    )
    award = one(result, "3.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 500_000)


def test_the_same_champion_recognition_is_not_paid_twice():
    # 一次性: the event 单项冠军示范企业 already rewarded (same year, re-run) → 0
    result = run(
        year=2026,
        readings={"D5": "never_rewarded"},
        applicant={"taxable_revenue": 70_000_000},
        events=[champion(name="单项冠军示范企业")],
        awards_received=[{"clause": "3.1", "event": "单项冠军示范企业", "year": 2026, "amount": 500_000}],
    )
    award = one(result, "3.1")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_event")


# --- 3.3 … 3.5: fixed amounts, once per applicant --------------------------------


def test_a_newly_recognised_provincial_specialised_sme_gets_500_thousand():
    # 3.3: 50万元 = 500,000
    award = one(run(events=[{"type": "specialised_sme", "level": "provincial", "date": "2026-07-01"}]), "3.3")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 500_000)
    assert award.reason.key == "fixed"


def test_a_national_little_giant_gets_one_million():
    # 3.4: 100万元 = 100 × 10,000 = 1,000,000
    award = one(run(events=[{"type": "little_giant", "level": "national", "date": "2026-07-01"}]), "3.4")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 1_000_000)


def test_a_first_selection_as_a_henan_data_enterprise_gets_100_thousand():
    # 3.5: 10万元 = 100,000
    award = one(run(events=[{"type": "henan_data_enterprise", "level": "provincial", "date": "2026-07-01"}]), "3.5")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_a_henan_data_enterprise_selected_again_gets_nothing():
    # 首次入选: 3.5 already received in 2025 → a re-selection in 2026 pays 0
    award = one(
        run(
            events=[{"type": "henan_data_enterprise", "level": "provincial", "date": "2026-07-01"}],
            awards_received=[{"clause": "3.5", "year": 2025, "amount": 100_000}],
        ),
        "3.5",
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_once")


def test_a_little_giant_already_rewarded_is_not_paid_again():
    # 3.4 一次性 per applicant: 1,000,000 received in 2024 → 0 in 2026
    award = one(
        run(
            events=[{"type": "little_giant", "level": "national", "date": "2026-02-01"}],
            awards_received=[{"clause": "3.4", "year": 2024, "amount": 1_000_000}],
        ),
        "3.4",
    )
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)


def test_two_sme_recognitions_in_one_year_pay_once():
    # 3.3 once per applicant: 500,000 + 0
    result = run(
        events=[
            {"type": "specialised_sme", "level": "provincial", "name": "认定A", "date": "2026-03-01"},
            {"type": "specialised_sme", "level": "provincial", "name": "认定B", "date": "2026-09-01"},
        ]
    )
    assert [(a.status, a.amount_yuan) for a in only(result, "3.3")] == [
        (Status.ELIGIBLE, 500_000),
        (Status.NOT_ELIGIBLE, 0),
    ]
    assert result.total_yuan == 500_000


def test_an_sme_award_for_an_earlier_year_does_not_bar_a_little_giant():
    # different clauses stack (D13): 3.3 received earlier does not touch 3.4 → 1,000,000
    result = run(
        events=[{"type": "little_giant", "level": "national", "date": "2026-02-01"}],
        awards_received=[{"clause": "3.3", "year": 2024, "amount": 500_000}],
    )
    assert one(result, "3.4").amount_yuan == 1_000_000


def test_every_article_3_award_in_one_year_adds_up():
    # 3.1 500,000 + 3.2 (product, provincial) 300,000 + 3.3 500,000 + 3.4 1,000,000 + 3.5 100,000
    # = 2,400,000 (D13: different events stack)
    result = run(
        year=2026,
        applicant={"taxable_revenue": 90_000_000},
        events=[
            champion("national", "single_champion_enterprise"),
            champion("provincial", "single_champion_product"),
            {"type": "specialised_sme", "level": "provincial", "date": "2026-05-05"},
            {"type": "little_giant", "level": "national", "date": "2026-06-06"},
            {"type": "henan_data_enterprise", "level": "provincial", "date": "2026-08-08"},
        ],
    )
    assert [(a.clause, a.amount_yuan) for a in result.awards] == [
        ("3.1", 500_000),
        ("3.2", 300_000),
        ("3.3", 500_000),
        ("3.4", 1_000_000),
        ("3.5", 100_000),
    ]
    assert result.total_yuan == 2_400_000
