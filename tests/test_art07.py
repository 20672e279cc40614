"""第七条 推动赋能行业应用: 7.1 … 7.5, with readings D5 and D12.

对新创建的省级人工智能行业赋能中心，给予牵头单位50万元一次性资金支持。对首次入选
国家级、省级人工智能典型应用场景或案例的单位，分别给予10万元、5万元一次性奖励。对新
认定的国家智能制造试点示范企业给予100万元奖励，对省级智能制造试点示范企业、智能工厂、
智能车间示范企业，分别给予30万元一次性奖励。
"""

from __future__ import annotations

import pytest
from conftest import one, only, run

from jzai_cli.result import Status


def ev(type_, level, date="2026-08-08", **extra):
    return {"type": type_, "level": level, "date": date, **extra}


def centre(lead_unit=True, date="2026-05-12", name="焦作制造业AI赋能中心"):
    event = ev("ai_empowerment_centre", "provincial", date, name=name)
    if lead_unit is not None:
        event["lead_unit"] = lead_unit
    return event


# --- 7.1: lead unit of a new provincial empowerment centre ----------------------


def test_the_lead_unit_of_a_new_provincial_ai_empowerment_centre_gets_500_thousand():
    # 7.1: 给予牵头单位50万元 → 500,000
    award = one(run(events=[centre()]), "7.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 500_000)
    assert award.readings == ["D5"]


def test_a_member_that_is_not_the_lead_unit_gets_nothing():
    # paid to the 牵头单位 only → 0
    award = one(run(events=[centre(lead_unit=False)]), "7.1")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "not_lead_unit")


def test_an_empowerment_centre_without_the_lead_unit_fact_is_undetermined():
    award = one(run(events=[centre(lead_unit=None)]), "7.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.potential == 500_000
    assert award.missing == ["events[1].lead_unit"]


def test_a_university_leading_an_empowerment_centre_gets_500_thousand():
    # 7.1 says 牵头单位 (any unit); universities admitted by the clause (D6 default)
    award = one(run(applicant={"kind": "university"}, events=[centre()]), "7.1")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 500_000)
    assert award.readings[0] == "D6"


@pytest.mark.parametrize(
    ("date", "status", "amount"),
    [
        ("2026-05-12", Status.ELIGIBLE, 500_000),  # 新创建 in the assessment year
        ("2025-05-12", Status.NOT_ELIGIBLE, 0),  # the year before
        ("2027-05-12", Status.NOT_ELIGIBLE, 0),  # the year after
    ],
)
def test_an_empowerment_centre_counts_in_the_year_it_was_created(date, status, amount):
    award = one(run(year=2026, events=[centre(date=date)]), "7.1")
    assert (award.status, award.amount_yuan) == (status, amount)


def test_the_same_empowerment_centre_is_not_funded_twice():
    # 一次性 per centre: 500,000 already received for 焦作制造业AI赋能中心 → 0
    award = one(
        run(
            readings={"D5": "never_rewarded"},
            events=[centre(date="2025-05-12")],
            awards_received=[{"clause": "7.1", "event": "焦作制造业AI赋能中心", "year": 2025, "amount": 500_000}],
        ),
        "7.1",
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_event")


# --- 7.2 / 7.3: first selection as a typical application scenario or case -------


def test_a_first_national_ai_application_case_gets_100_thousand():
    # 7.2: 10万元 = 100,000
    award = one(run(events=[ev("ai_application_case", "national")]), "7.2")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_a_first_provincial_ai_application_case_gets_50_thousand():
    # 7.3: 5万元 = 50,000
    award = one(run(events=[ev("ai_application_case", "provincial")]), "7.3")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 50_000)


def test_a_national_and_a_provincial_case_in_one_year_both_pay():
    # 分别: national 100,000 + provincial 50,000 = 150,000
    result = run(
        events=[
            ev("ai_application_case", "national", name="场景A"),
            ev("ai_application_case", "provincial", name="场景B"),
        ]
    )
    assert (one(result, "7.2").amount_yuan, one(result, "7.3").amount_yuan) == (100_000, 50_000)
    assert result.total_yuan == 150_000


def test_a_second_national_case_is_not_a_first_selection():
    # 首次入选: one national case rewarded in 2025 → a new one in 2026 gets 0
    award = one(
        run(
            events=[ev("ai_application_case", "national", name="场景C")],
            awards_received=[{"clause": "7.2", "event": "场景A", "year": 2025, "amount": 100_000}],
        ),
        "7.2",
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_once")


def test_two_national_cases_selected_in_the_same_year_pay_once():
    # first selection only: 100,000 + 0
    result = run(
        events=[
            ev("ai_application_case", "national", name="场景A"),
            ev("ai_application_case", "national", name="场景B"),
        ]
    )
    assert [(a.status, a.amount_yuan) for a in only(result, "7.2")] == [
        (Status.ELIGIBLE, 100_000),
        (Status.NOT_ELIGIBLE, 0),
    ]


def test_a_provincial_case_rewarded_earlier_does_not_bar_the_first_national_one():
    # 7.3 and 7.2 are separate firsts → 100,000
    award = one(
        run(
            events=[ev("ai_application_case", "national")],
            awards_received=[{"clause": "7.3", "year": 2025, "amount": 50_000}],
        ),
        "7.2",
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 100_000)


def test_a_park_selected_for_a_provincial_case_gets_50_thousand():
    # 7.3 says 单位; parks admitted by the clause → 50,000
    award = one(run(applicant={"kind": "park"}, events=[ev("ai_application_case", "provincial")]), "7.3")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 50_000)


# --- 7.4: national intelligent-manufacturing pilot (D12) -------------------------


def test_a_newly_recognised_national_intelligent_manufacturing_pilot_gets_one_million():
    # 7.4: 100万元 = 1,000,000; no 一次性 in the text, read as once (D12)
    award = one(run(events=[ev("intelligent_manufacturing_pilot", "national")]), "7.4")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 1_000_000)
    assert award.readings == ["D5", "D12"]
    # and its sentence does not say 一次性, which its words do not (7.5's, which do, still does)
    from jzai_cli import i18n

    assert "一次性" not in i18n.text(award.reason, "zh") and "one-time" not in i18n.text(award.reason, "en")
    other = one(run(events=[ev("intelligent_manufacturing_pilot", "provincial")]), "7.5")
    assert "一次性" in i18n.text(other.reason, "zh")


def test_a_national_intelligent_manufacturing_pilot_is_paid_only_once_under_d12():
    # D12=once: 1,000,000 received in 2024 → a recognition in 2026 pays 0
    result = run(
        events=[ev("intelligent_manufacturing_pilot", "national")],
        awards_received=[{"clause": "7.4", "year": 2024, "amount": 1_000_000}],
    )
    award = one(result, "7.4")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_once")
    assert "D12" in award.readings
    assert "D12" in result.readings_used


def test_a_national_pilot_recognised_the_year_before_gets_nothing():
    award = one(run(year=2026, events=[ev("intelligent_manufacturing_pilot", "national", "2025-10-10")]), "7.4")
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "event_not_in_year")


def test_a_research_institute_cannot_claim_the_national_pilot_enterprise_award():
    # 7.4 names 企业 only
    award = one(
        run(applicant={"kind": "research_institute"}, events=[ev("intelligent_manufacturing_pilot", "national")]), "7.4"
    )
    assert (award.status, award.amount_yuan, award.reason.key) == (Status.NOT_ELIGIBLE, 0, "kind_not_admitted")


# --- 7.5: provincial pilot enterprise, smart factory, smart workshop ------------


def test_each_provincial_intelligent_manufacturing_title_gets_300_thousand():
    # 分别给予30万元: pilot 300,000 + factory 300,000 + workshop 300,000 = 900,000
    result = run(
        events=[
            ev("intelligent_manufacturing_pilot", "provincial", name="省级试点示范企业"),
            ev("smart_factory", "provincial", name="省级智能工厂"),
            ev("smart_workshop", "provincial", name="省级智能车间"),
        ]
    )
    assert [(a.event, a.amount_yuan) for a in only(result, "7.5")] == [
        ("省级试点示范企业", 300_000),
        ("省级智能工厂", 300_000),
        ("省级智能车间", 300_000),
    ]
    assert result.total_yuan == 900_000


def test_a_smart_workshop_already_rewarded_is_not_paid_again_but_a_new_one_is():
    # 车间一 rewarded 2026 → 0; 车间二 → 300,000
    result = run(
        events=[ev("smart_workshop", "provincial", name="车间一"), ev("smart_workshop", "provincial", name="车间二")],
        awards_received=[{"clause": "7.5", "event": "车间一", "year": 2026, "amount": 300_000}],
    )
    first, second = only(result, "7.5")
    assert (first.status, first.amount_yuan, first.reason.key) == (Status.NOT_ELIGIBLE, 0, "already_event")
    assert (second.status, second.amount_yuan) == (Status.ELIGIBLE, 300_000)


def test_national_and_provincial_pilot_titles_stack():
    # 7.4 1,000,000 + 7.5 300,000 = 1,300,000 (D13: different events stack)
    result = run(
        events=[
            ev("intelligent_manufacturing_pilot", "national"),
            ev("intelligent_manufacturing_pilot", "provincial", name="省级试点"),
        ]
    )
    assert (one(result, "7.4").amount_yuan, one(result, "7.5").amount_yuan) == (1_000_000, 300_000)
    assert result.total_yuan == 1_300_000


def test_a_pilot_title_of_unknown_level_is_undetermined_under_7_4_and_7_5():
    result = run(events=[{"type": "intelligent_manufacturing_pilot", "date": "2026-08-08"}])
    national, provincial = one(result, "7.4"), one(result, "7.5")
    assert (national.status, national.potential) == (Status.UNDETERMINED, 1_000_000)
    assert (provincial.status, provincial.potential) == (Status.UNDETERMINED, 300_000)
    assert national.missing == provincial.missing == ["events[1].level"]


def test_a_national_smart_factory_matches_no_clause():
    # 7.5 names provincial smart factories only
    result = run(events=[ev("smart_factory", "national")])
    assert only(result, "7.5") == []
    assert [n.values["type"] for n in result.notes if n.key == "event_matches_no_clause"] == ["smart_factory"]


def test_under_never_rewarded_a_smart_factory_of_the_year_before_is_paid():
    award = one(run(readings={"D5": "never_rewarded"}, events=[ev("smart_factory", "provincial", "2025-03-03")]), "7.5")
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 300_000)
