"""第二条: the gate every clause passes, and the applicant kinds (D6).

Every expected amount is worked out by hand from the policy text. The probe
award throughout is 3.3 (对新获得省认定的“专精特新”中小企业给予50万元一次性奖励),
a fixed 50万元 = 500,000 yuan, unless a test needs another clause.
"""

from __future__ import annotations

from conftest import one, only, run

from jzai_cli.result import Status

# A provincial 专精特新 recognition obtained in the assessment year 2026:
# 3.3 pays 50万元 = 500,000 when the gate of 第二条 is passed.
SME_2026 = {"type": "specialised_sme", "level": "provincial", "name": "省专精特新", "date": "2026-04-10"}


def sme(applicant=None, **kw):
    return run(year=2026, applicant=applicant, events=[SME_2026], **kw)


# --- the passing applicant ----------------------------------------------------


def test_an_enterprise_passing_every_condition_of_article_2_gets_the_full_award():
    # 3.3: 50万元 = 50 × 10,000 = 500,000; all of 第二条 true → eligible
    result = sme()
    award = one(result, "3.3")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000
    assert award.missing == []
    assert result.total_yuan == 500_000
    assert result.review_total_yuan == 0


# --- hard conditions false: not eligible --------------------------------------


def test_an_enterprise_not_operating_normally_in_jiaozuo_gets_nothing():
    # 在焦作市正常经营 is a hard condition: false → not eligible, 0
    award = one(sme({"operates_in_jiaozuo": False}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "gate_failed"
    assert award.reason.values["conditions"] == ["在焦作市正常经营"]


def test_an_enterprise_not_paying_taxes_gets_nothing():
    # 依法纳税 is a hard condition: false → not eligible, 0
    award = one(sme({"pays_taxes": False}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.values["conditions"] == ["依法纳税"]


def test_an_applicant_declaring_no_ai_sector_is_outside_the_policy():
    # 从事人工智能领域研发、生产和服务: sectors [] means none of 第一条's four parts → not eligible
    award = one(sme({"sectors": []}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.values["conditions"] == ["从事人工智能领域研发、生产和服务"]


def test_two_failed_hard_conditions_are_both_named():
    award = one(sme({"operates_in_jiaozuo": False, "pays_taxes": False}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.values["conditions"] == ["在焦作市正常经营", "依法纳税"]


def test_a_failed_hard_condition_wins_over_an_unknown_one():
    # operates false (bar) and pays_taxes unknown: the bar decides → not eligible, nothing missing
    award = one(sme({"operates_in_jiaozuo": False, "pays_taxes": None}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.missing == []


def test_a_failed_gate_bars_every_clause_the_applicant_would_otherwise_get():
    # 3.3 500,000 and 3.5 100,000 would be due; pays_taxes false bars both → total 0
    result = run(
        applicant={"pays_taxes": False},
        events=[SME_2026, {"type": "henan_data_enterprise", "level": "provincial", "date": "2026-05-01"}],
    )
    assert [(a.clause, a.status, a.amount_yuan) for a in result.awards] == [
        ("3.3", Status.NOT_ELIGIBLE, 0),
        ("3.5", Status.NOT_ELIGIBLE, 0),
    ]
    assert result.total_yuan == 0


# --- hard conditions unknown: undetermined --------------------------------------


def test_an_enterprise_whose_tax_status_is_unknown_is_undetermined_and_told_what_is_missing():
    # pays_taxes left out → unknown, not false: undetermined, amount 0, potential 500,000
    award = one(sme({"pays_taxes": None}), "3.3")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.potential == 500_000
    assert award.missing == ["applicant.pays_taxes"]


def test_an_enterprise_whose_operation_and_sectors_are_unknown_lists_both_missing_facts():
    result = sme({"operates_in_jiaozuo": None, "sectors": None})
    award = one(result, "3.3")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.missing == ["applicant.operates_in_jiaozuo", "applicant.sectors"]
    assert result.missing_facts == ["applicant.operates_in_jiaozuo", "applicant.sectors"]
    assert result.total_yuan == 0


def test_an_unknown_gate_condition_keeps_a_refusal_of_the_clause_itself():
    # 3.3 event obtained in 2025, assessed 2026 (D5 assessment_year): refused by the clause,
    # which stays not eligible even though pays_taxes is unknown
    event = {**SME_2026, "date": "2025-04-10"}
    award = one(run(applicant={"pays_taxes": None}, events=[event]), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.reason.key == "event_not_in_year"
    assert award.missing == []


# --- the soft condition 原则上应依法纳入焦作统计 -------------------------------------


def test_an_enterprise_not_in_jiaozuo_statistics_keeps_its_amount_but_needs_review():
    # 原则上 → soft: the 500,000 is computed and held for review, not refused
    result = sme({"in_jiaozuo_statistics": False})
    award = one(result, "3.3")
    assert award.status is Status.NEEDS_REVIEW
    assert award.amount_yuan == 500_000
    assert award.missing == []
    assert result.total_yuan == 0  # sure total counts eligible awards only
    assert result.review_total_yuan == 500_000
    assert [n.values["conditions"] for n in result.notes if n.key == "gate_review"] == [["原则上应依法纳入焦作统计"]]


def test_an_enterprise_whose_statistics_status_is_unknown_needs_review_and_is_asked_for_it():
    award = one(sme({"in_jiaozuo_statistics": None}), "3.3")
    assert award.status is Status.NEEDS_REVIEW
    assert award.amount_yuan == 500_000
    assert award.missing == ["applicant.in_jiaozuo_statistics"]


def test_the_soft_condition_does_not_revive_a_refused_award():
    # 3.1 with revenue exactly 50,000,000: 超过 excludes it → not eligible whatever the statistics say
    result = run(
        applicant={"in_jiaozuo_statistics": False, "taxable_revenue": 50_000_000},
        events=[{"type": "single_champion_enterprise", "level": "national", "date": "2026-01-20"}],
    )
    award = one(result, "3.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_hard_bar_wins_over_the_soft_condition():
    award = one(sme({"in_jiaozuo_statistics": False, "operates_in_jiaozuo": False}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_no_review_note_when_the_soft_condition_holds():
    result = sme()
    assert [n for n in result.notes if n.key == "gate_review"] == []


# --- applicant kinds and D6 ----------------------------------------------------

CLUSTER_2026 = {
    "type": "data_industry_cluster",
    "level": "provincial",
    "name": "省级数据产业集聚区",
    "date": "2026-06-30",
}


def test_a_park_made_a_provincial_data_cluster_gets_200_thousand():
    # 4.2: 对创成省级数据产业集聚区的给予20万元 → 20 × 10,000 = 200,000; parks let in by 4.2 (D6 default)
    award = one(run(applicant={"kind": "park"}, events=[CLUSTER_2026]), "4.2")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 200_000
    assert award.readings[0] == "D6"
    assert "D5" in award.readings


def test_a_park_gets_no_article_3_award():
    # 3.3 names enterprises (中小企业): a park with a 专精特新 title gets nothing under 3.3
    result = run(applicant={"kind": "park"}, events=[SME_2026, CLUSTER_2026])
    sme_award = one(result, "3.3")
    assert sme_award.status is Status.NOT_ELIGIBLE
    assert sme_award.amount_yuan == 0
    assert sme_award.reason.key == "kind_not_admitted"
    assert sme_award.reason.values == {"kind": "park"}
    # …while 4.2 pays the park 200,000 → total 200,000
    assert one(result, "4.2").amount_yuan == 200_000
    assert result.total_yuan == 200_000


def test_an_enterprise_is_not_paid_the_park_award_of_4_2():
    award = one(run(events=[CLUSTER_2026]), "4.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "kind_not_admitted"
    assert "D6" not in award.readings  # an enterprise is in 第二条's scope: D6 plays no part


def test_under_scope_only_a_park_gets_nothing_for_its_data_cluster():
    # D6=scope_only: strictly 第二条, enterprises and individuals only → park barred from 4.2
    award = one(run(readings={"D6": "scope_only"}, applicant={"kind": "park"}, events=[CLUSTER_2026]), "4.2")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "kind_not_admitted"
    assert award.readings[0] == "D6"


def test_a_research_institute_gets_a_national_key_laboratory_award_by_default_but_not_under_scope_only():
    # 5.1: 新获批国家…重点实验室 → 100万元 = 1,000,000; 第五条 names 科研院所
    lab = {"type": "key_laboratory", "level": "national", "name": "国家重点实验室A", "date": "2026-09-01"}
    default = one(run(applicant={"kind": "research_institute"}, events=[lab]), "5.1")
    assert default.status is Status.ELIGIBLE
    assert default.amount_yuan == 1_000_000
    assert default.readings[0] == "D6"
    strict = one(run(readings={"D6": "scope_only"}, applicant={"kind": "research_institute"}, events=[lab]), "5.1")
    assert strict.status is Status.NOT_ELIGIBLE
    assert strict.amount_yuan == 0
    assert strict.reason.key == "kind_not_admitted"


def test_scope_only_does_not_touch_an_enterprise():
    # D6 only bars non-scope kinds: the enterprise still gets 3.3's 500,000
    award = one(sme(readings={"D6": "scope_only"}), "3.3")
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 500_000


def test_a_kind_refusal_wins_over_an_unknown_gate_condition():
    # a park cannot get 3.3 at all, so the unknown tax status is not asked for
    award = one(sme({"kind": "park", "pays_taxes": None}), "3.3")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.missing == []


def test_clauses_without_declared_facts_are_listed_as_not_claimed():
    result = sme()
    assert "3.3" not in result.not_claimed
    assert {"3.1", "3.2", "3.4", "3.5", "4.1", "4.2"} <= set(result.not_claimed)
    assert only(result, "3.1") == []
