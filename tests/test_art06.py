"""第六条 6.1 — compute vouchers (算力券), hand-computed from the policy text.

"对使用超算中心、算力规模100PFLOPS…以上人工智能计算中心、1000个标准机架以上
数据中心算力资源的企业等（自建自用除外），按照算力资源使用费的20%予以奖励，
每个使用单位每年可享受不超过100万元算力券奖励。"

以上 includes the number: ≥ 100 PFLOPS, ≥ 1,000 racks. The cap is per user
per calendar year (每年), across all purchases and earlier 6.1 awards of the
same year.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import one, only, run

from jzai_cli.result import Status


def buy(provider: str = "焦作超算", **over):
    """A purchase that qualifies unless overridden."""
    item = {"provider": provider, "provider_type": "supercomputing_centre", "self_built": False, "fees": 100_000}
    item.update(over)
    return {k: v for k, v in item.items() if v is not None}


# --- provider types -----------------------------------------------------------


def test_a_supercomputing_centre_pays_twenty_percent_of_the_fees_without_a_capacity_test():
    award = one(run(compute_purchases=[buy(fees=100_000)]), "6.1")
    # 6.1: 20% × 100,000 = 20,000 yuan
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 20_000
    assert award.missing == []


def test_the_chinese_label_of_the_provider_type_is_accepted():
    award = one(run(compute_purchases=[buy(provider_type="超算中心", fees=50_000)]), "6.1")
    # 6.1: 20% × 50,000 = 10,000 yuan
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 10_000


def test_a_provider_of_another_type_is_not_eligible():
    award = one(run(compute_purchases=[buy(provider_type="other", fees=100_000)]), "6.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_a_self_built_centre_for_own_use_is_excluded():
    award = one(run(compute_purchases=[buy(self_built=True, fees=100_000)]), "6.1")
    # 自建自用除外
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0
    assert award.reason.key == "self_built"


def test_the_fee_is_rounded_half_up_to_whole_yuan():
    award = one(run(compute_purchases=[buy(fees=1_234_567)]), "6.1")
    # 6.1: 20% × 1,234,567 = 246,913.4 → 246,913 yuan (round half up)
    assert award.amount_yuan == 246_913
    assert award.amount == Decimal("246913.4")


def test_a_half_yuan_is_rounded_up():
    award = one(run(compute_purchases=[buy(fees="1,234,567.5")]), "6.1")
    # 6.1: 20% × 1,234,567.5 = 246,913.5 → 246,914 yuan (round half up)
    assert award.amount_yuan == 246_914


# --- 100 PFLOPS以上 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pflops", "status", "yuan"),
    [
        ("99.9", Status.NOT_ELIGIBLE, 0),  # below 100
        ("100", Status.ELIGIBLE, 40_000),  # 以上 includes 100: 20% × 200,000 = 40,000
        ("100.1", Status.ELIGIBLE, 40_000),  # above: 20% × 200,000 = 40,000
    ],
)
def test_an_ai_computing_centre_qualifies_from_one_hundred_pflops_inclusive(pflops, status, yuan):
    purchase = buy(provider_type="ai_computing_centre", pflops=Decimal(pflops), fees=200_000)
    award = one(run(compute_purchases=[purchase]), "6.1")
    assert award.status is status
    assert award.amount_yuan == yuan
    assert "D7" in award.readings


def test_an_ai_computing_centre_just_below_one_hundred_pflops_is_a_near_miss():
    purchase = buy(provider_type="ai_computing_centre", pflops=Decimal("99.9"), fees=200_000)
    award = one(run(compute_purchases=[purchase]), "6.1")
    # 100 − 99.9 = 0.1 PFLOPS short; would pay 20% × 200,000 = 40,000
    assert award.near_miss is not None
    assert award.near_miss.shortfall == Decimal("0.1")
    assert award.near_miss.unit == "PFLOPS"
    assert award.near_miss.would_pay == Decimal(40_000)


def test_an_ai_computing_centre_at_the_threshold_has_no_near_miss():
    purchase = buy(provider_type="ai_computing_centre", pflops=100, fees=200_000)
    assert one(run(compute_purchases=[purchase]), "6.1").near_miss is None


# --- 1000个标准机架以上 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("racks", "status", "yuan"),
    [
        (999, Status.NOT_ELIGIBLE, 0),
        (1000, Status.ELIGIBLE, 60_000),  # 以上 includes 1,000: 20% × 300,000 = 60,000
        (1001, Status.ELIGIBLE, 60_000),
    ],
)
def test_a_data_centre_qualifies_from_one_thousand_standard_racks_inclusive(racks, status, yuan):
    purchase = buy(provider_type="data_centre", racks=racks, fees=300_000)
    award = one(run(compute_purchases=[purchase]), "6.1")
    assert award.status is status
    assert award.amount_yuan == yuan


def test_a_data_centre_of_999_racks_is_one_rack_short():
    award = one(run(compute_purchases=[buy(provider_type="data_centre", racks=999, fees=300_000)]), "6.1")
    # 1,000 − 999 = 1 rack short; would pay 20% × 300,000 = 60,000
    assert award.near_miss.shortfall == 1
    assert award.near_miss.unit == "racks"
    assert award.near_miss.would_pay == 60_000


# --- the yearly cap of 100万元 ------------------------------------------------------


def test_one_purchase_above_five_million_is_capped_at_one_million():
    award = one(run(compute_purchases=[buy(fees=6_000_000)]), "6.1")
    # 20% × 6,000,000 = 1,200,000 → capped at 1,000,000 per year
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 1_000_000
    assert [(c.name, c.limit, c.before, c.after) for c in award.caps] == [("yearly", 1_000_000, 1_200_000, 1_000_000)]
    assert award.caps[0].cut


def test_five_million_of_fees_reaches_the_cap_exactly_without_cutting():
    award = one(run(compute_purchases=[buy(fees=5_000_000)]), "6.1")
    # 20% × 5,000,000 = 1,000,000 = the cap: nothing cut
    assert award.amount_yuan == 1_000_000
    assert not award.caps[0].cut
    assert award.limits[0].remaining == 0


def test_the_yearly_cap_is_shared_by_all_purchases_of_the_year():
    result = run(
        compute_purchases=[
            buy("甲", fees=3_000_000),
            buy("乙", fees=4_000_000),
            buy("丙", fees=1_000_000),
        ]
    )
    first, second, third = only(result, "6.1")
    # 甲: 20% × 3,000,000 = 600,000; 400,000 of 1,000,000 left
    assert (first.status, first.amount_yuan) == (Status.ELIGIBLE, 600_000)
    assert first.limits[0].used_before == 0
    assert first.limits[0].remaining == 400_000
    # 乙: 20% × 4,000,000 = 800,000 → only 1,000,000 − 600,000 = 400,000 left
    assert (second.status, second.amount_yuan) == (Status.ELIGIBLE, 400_000)
    assert second.caps[0].cut and second.caps[0].before == 800_000
    assert second.limits[0].used_before == 600_000
    assert second.limits[0].remaining == 0
    # 丙: 20% × 1,000,000 = 200,000, but nothing of the cap is left
    assert (third.status, third.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert third.reason.key == "cap_exhausted"
    # total: 600,000 + 400,000 = 1,000,000
    assert result.total_yuan == 1_000_000


def test_an_earlier_6_1_award_of_the_same_year_uses_up_part_of_the_cap():
    award = one(
        run(
            compute_purchases=[buy(fees=2_000_000)],
            awards_received=[{"clause": "6.1", "event": "上半年", "year": 2026, "amount": 700_000}],
        ),
        "6.1",
    )
    # 20% × 2,000,000 = 400,000; 1,000,000 − 700,000 received = 300,000 left
    assert award.status is Status.ELIGIBLE
    assert award.amount_yuan == 300_000
    assert award.limits[0].used_before == 700_000
    assert award.limits[0].subject == "2026"
    assert award.limits[0].remaining == 0


def test_a_6_1_award_of_another_year_does_not_count_against_this_year():
    award = one(
        run(
            compute_purchases=[buy(fees=2_000_000)],
            awards_received=[{"clause": "6.1", "year": 2025, "amount": 1_000_000}],
        ),
        "6.1",
    )
    # 2025's 1,000,000 is another year: 20% × 2,000,000 = 400,000 in full
    assert award.amount_yuan == 400_000
    assert award.limits[0].used_before == 0
    # remaining: 1,000,000 − 400,000 = 600,000
    assert award.limits[0].remaining == 600_000


def test_awards_of_other_clauses_do_not_count_against_the_compute_cap():
    award = one(
        run(
            compute_purchases=[buy(fees=2_000_000)],
            awards_received=[{"clause": "3.4", "year": 2026, "amount": 1_000_000}],
        ),
        "6.1",
    )
    # 20% × 2,000,000 = 400,000
    assert award.amount_yuan == 400_000


def test_the_remaining_yearly_limit_is_reported_after_the_last_purchase():
    result = run(
        compute_purchases=[buy("甲", fees=1_000_000), buy("乙", fees=500_000)],
        awards_received=[{"clause": "6.1", "year": 2026, "amount": 100_000}],
    )
    # 100,000 + 20% × 1,000,000 + 20% × 500,000 = 100,000 + 200,000 + 100,000 = 400,000 used
    # remaining 1,000,000 − 400,000 = 600,000
    (limit,) = [lim for lim in result.remaining_limits if lim.clause == "6.1"]
    assert limit.limit == 1_000_000
    assert limit.used_before == 300_000
    assert limit.this_award == 100_000
    assert limit.remaining == 600_000


# --- unknown facts -------------------------------------------------------------


def test_an_ai_computing_centre_without_its_capacity_is_undetermined():
    purchase = buy(provider_type="ai_computing_centre", fees=100_000)
    award = one(run(compute_purchases=[purchase]), "6.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert award.missing == ["compute_purchases[1].pflops"]
    # potential: 20% × 100,000 = 20,000
    assert award.potential == 20_000


def test_the_missing_path_names_the_purchase_counted_from_one():
    result = run(
        compute_purchases=[
            buy("甲", fees=100_000),
            buy("乙", provider_type="data_centre", fees=100_000),
        ]
    )
    first, second = only(result, "6.1")
    # 甲: 20% × 100,000 = 20,000
    assert (first.status, first.amount_yuan) == (Status.ELIGIBLE, 20_000)
    assert second.status is Status.UNDETERMINED
    assert second.missing == ["compute_purchases[2].racks"]
    assert result.missing_facts == ["compute_purchases[2].racks"]


def test_unknown_provider_type_self_built_and_fees_are_all_reported():
    award = one(run(compute_purchases=[{"provider": "某中心"}]), "6.1")
    assert award.status is Status.UNDETERMINED
    assert award.amount_yuan == 0
    assert sorted(award.missing) == [
        "compute_purchases[1].fees",
        "compute_purchases[1].provider_type",
        "compute_purchases[1].self_built",
    ]
    assert award.potential is None


def test_an_undetermined_purchase_does_not_use_up_the_yearly_cap():
    result = run(
        compute_purchases=[
            buy("甲", provider_type="ai_computing_centre", fees=5_000_000),
            buy("乙", fees=5_000_000),
        ]
    )
    first, second = only(result, "6.1")
    assert first.status is Status.UNDETERMINED
    assert first.missing == ["compute_purchases[1].pflops"]
    # 乙: 20% × 5,000,000 = 1,000,000, the whole cap
    assert (second.status, second.amount_yuan) == (Status.ELIGIBLE, 1_000_000)


def test_a_below_threshold_capacity_refuses_even_when_the_fees_are_unknown():
    purchase = buy(provider_type="data_centre", racks=500)
    del purchase["fees"]
    award = one(run(compute_purchases=[purchase]), "6.1")
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_an_individual_cannot_claim_compute_vouchers():
    award = one(run(applicant={"kind": "individual"}, compute_purchases=[buy(fees=100_000)]), "6.1")
    # 6.1 names 企业等; the clause admits enterprises, institutes and universities
    assert award.status is Status.NOT_ELIGIBLE
    assert award.amount_yuan == 0


def test_no_purchases_means_the_clause_is_not_claimed():
    result = run()
    assert only(result, "6.1") == []
    assert "6.1" in result.not_claimed
