"""Limits that span years: awards already received in the assessment year
itself (9.1's and 9.2's months), and what `jzai forecast` puts at stake over
several years. Every amount by hand from the policy text:

- 9.1 “分别按照每人每月2000元、1500元、1000元标准申领3年的生活补贴”: a bachelor
  1,000 a month, 36 months per person; a calendar month is paid once.
- 9.2 “按企业实际缴纳社保费给予最长不超过1年的补贴”: the employer's contributions,
  12 months per graduate; a month already reimbursed is not reimbursed again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import facts, one, only, run

from jzai_cli import policy as policy_mod
from jzai_cli.forecast import forecast_of
from jzai_cli.plan import make_plan
from jzai_cli.result import Status

POLICY = policy_mod.load()


# --- 9.1: a renewal in the year, with months of the year already paid -----------


def renewal(received_2026: int) -> dict:
    """A bachelor graduated 2025-06-30, first contract 2025-07-01 – 2026-06-30,
    renewed from 2026-07-01: insured every month of 2026 (6 + 6 under the two
    contracts). The 36 months run from 2025-07 (D10, D17 first_contract) to
    2028-06, so all 12 months of 2026 are inside them."""
    grad = {"name": "张三", "degree": "bachelor", "full_time": True, "graduated": dt.date(2025, 6, 30)}
    return {
        "graduates": [
            {
                **grad,
                "contract_start": dt.date(2025, 7, 1),
                "contract_end": dt.date(2026, 6, 30),
                "insured_from": dt.date(2025, 7, 1),
                "insured_to": dt.date(2026, 6, 30),
            },
            {**grad, "contract_start": dt.date(2026, 7, 1), "insured_from": dt.date(2026, 7, 1)},
        ],
        "awards_received": [
            {"clause": "9.1", "event": "张三", "year": 2025, "amount": 6_000, "months": 6},
            *(
                [
                    {
                        "clause": "9.1",
                        "event": "张三",
                        "year": 2026,
                        "amount": 1_000 * received_2026,
                        "months": received_2026,
                    }
                ]
                if received_2026
                else []
            ),
        ],
    }


@pytest.mark.parametrize(
    ("received_2026", "due"),
    [
        # 12 insured months of 2026 − the months already paid for 2026, × 1,000:
        (0, 12_000),  # nothing received for 2026: 12 × 1,000
        (3, 9_000),  # 12 − 3 = 9 months × 1,000 (the contracts pay 6 + 3, or 3 + 6)
        (6, 6_000),  # 12 − 6 = 6 months × 1,000: the second contract's months are still due
        (11, 1_000),  # 12 − 11 = 1 month, just above nothing left
        (12, 0),  # every month of 2026 already paid
    ],
)
def test_9_1_months_of_the_year_already_paid_are_taken_once_across_two_contracts(received_2026, due):
    result = run(**renewal(received_2026))
    awards = only(result, "9.1")
    assert sum(a.amount_yuan for a in awards if a.status is Status.ELIGIBLE) == due
    # Never more than the person's 36 months: 36,000 − 6,000 (2025) − what 2026 received.
    assert due <= 36_000 - 6_000 - 1_000 * received_2026


def test_9_1_months_received_this_year_are_named_when_nothing_is_left():
    awards = only(run(**renewal(12)), "9.1")
    assert [a.reason.key for a in awards] == ["months_received_this_year"] * 2


# --- 9.2: the months of the year already reimbursed ------------------------------


def hire(received_2026: int | None, *, hired: dt.date = dt.date(2026, 7, 1), months: int = 6) -> dict:
    """A graduate of 2026 hired in the graduation year on a 24-month contract;
    the employer paid 1,000 a month from the month of hiring (6 months, 6,000
    for July–December 2026)."""
    return {
        "graduate_hires": [
            {
                "name": "李四",
                "graduated": dt.date(2026, 6, 30),
                "hired": hired,
                "status_before": "graduation_year",
                "contract_months": 24,
                "employer_contributions": 1_000 * months,
                "contribution_months": months,
            }
        ],
        "awards_received": (
            [{"clause": "9.2", "event": "李四", "year": 2026, "amount": 1_000 * received_2026, "months": received_2026}]
            if received_2026 is not None
            else []
        ),
    }


@pytest.mark.parametrize(
    ("received_2026", "due", "status"),
    [
        (None, 6_000, Status.ELIGIBLE),  # 6 months paid, none reimbursed: 6,000
        (3, 3_000, Status.NEEDS_REVIEW),  # 6 − 3 = 3 months left: 6,000 × 3/6 = 3,000, an equal share (review)
        (5, 1_000, Status.NEEDS_REVIEW),  # 6 − 5 = 1 month: 6,000 × 1/6 = 1,000
        (6, 0, Status.NOT_ELIGIBLE),  # all 6 months of 2026 already reimbursed
    ],
)
def test_9_2_months_of_the_year_already_reimbursed_are_not_reimbursed_again(received_2026, due, status):
    (award,) = only(run(**hire(received_2026)), "9.2")
    assert (award.status, award.amount_yuan) == (status, due)


def test_9_2_hired_in_october_with_its_three_months_reimbursed_pays_nothing_more():
    # Hired 2026-10-01: October–December, 3 months of 3,000; the record of 2026
    # covers those 3 months (3,000): nothing of 2026 is left to reimburse.
    (award,) = only(run(**hire(3, hired=dt.date(2026, 10, 1), months=3)), "9.2")
    assert (award.status, award.amount_yuan) == (Status.NOT_ELIGIBLE, 0)
    assert award.reason.key == "contribution_months_received"


def test_9_2_a_plan_leaves_the_months_of_the_12_the_first_year_did_not_use():
    # 2026: hired 2026-10-01, 3 months (3,000), already reimbursed → 0 more.
    # 2027: 12 months paid, 13,200; the 12 months less the 3 received leave 9:
    # 13,200 × 9/12 = 9,900 (an equal share, for review). Were 2026's 3 months
    # paid again, only 6 would be left (6,600).
    data = hire(3, hired=dt.date(2026, 10, 1), months=3)
    data["years"] = {
        2027: {"graduate_hires": [{"name": "李四", "employer_contributions": 13_200, "contribution_months": 12}]}
    }
    plan = make_plan(POLICY, facts(**data), range(2026, 2028))
    (first,) = only(plan.years[0].result, "9.2")
    (second,) = only(plan.years[1].result, "9.2")
    assert first.amount_yuan == 0
    assert (second.status, second.amount_yuan) == (Status.NEEDS_REVIEW, 9_900)


# --- forecast: what undetermined awards put at stake over several years ----------


def test_forecast_high_end_over_years_stays_within_the_step_up_top_tier():
    # 8.5 晋级补差: 5万/10万/20万 by tier, the top tier's 200,000 in all years together.
    # 100,000 received (for 2000万元). The later years' revenue is unknown: at most
    # 200,000 − 100,000 = 100,000 more can be paid, in 2027 or 2028, not in both.
    data = facts(
        applicant={"data_labelling": True, "main_business_revenue_prev_year": "1500万"},
        awards_received=[{"clause": "8.5", "event": "2000万元", "year": 2025, "amount": 100_000}],
    )
    forecast = forecast_of(POLICY, [data], range(2026, 2029))
    article_8 = forecast.article_total(8)
    assert article_8.low == 0
    assert article_8.high == 100_000


def test_forecast_high_end_counts_a_one_time_award_once_over_the_years():
    # 3.3 新获得省认定的“专精特新”中小企业: 50万元 一次性. The date obtained is not
    # given, so it is undetermined in each year; over 2026–2028 it can pay 500,000 once.
    data = facts(events=[{"type": "specialised_sme", "level": "provincial", "name": "专精特新认定"}])
    forecast = forecast_of(POLICY, [data], range(2026, 2029))
    assert forecast.article_total(3).high == 500_000


def _lab(name: str) -> dict:
    # 5.1 "对新获批国家……重点实验室……给予100万元……一次性奖励": national, the date obtained
    # not given, so undetermined in every year of the range, 1,000,000 at stake each year
    return {"type": "key_laboratory", "level": "national", "name": name}


@pytest.mark.parametrize(
    ("years", "labs", "each_year", "over_years"),
    [
        (range(2026, 2027), ["甲实验室"], 1_000_000, 1_000_000),  # one year: nothing repeated
        (range(2026, 2028), ["甲实验室"], 1_000_000, 1_000_000),  # 2 × 1,000,000 counted, paid once
        (range(2026, 2029), ["甲实验室"], 1_000_000, 1_000_000),  # 3 × 1,000,000 counted, paid once
        # two laboratories are two events: 2 × 1,000,000 each year, each paid once over the years
        (range(2026, 2029), ["甲实验室", "乙实验室"], 2_000_000, 2_000_000),
    ],
)
def test_forecast_counts_an_undetermined_event_once_over_the_years(years, labs, each_year, over_years):
    forecast = forecast_of(POLICY, [facts(events=[_lab(name) for name in labs])], years)
    assert [forecast.cost[(year, 5)].high for year in years] == [each_year] * len(years)
    assert forecast.article_total(5).high == over_years == forecast.total.high
    assert forecast.repeated.get(5, 0) == each_year * len(years) - over_years
    assert forecast.article_total(5).low == 0


def _referrals() -> list[dict]:
    # 4.1 "新引进企业在两年内升规的，每户给予引荐企业10万元一次性奖励": three enterprises that
    # went 升规 in 2026, 2027 and 2028, when each was introduced not given: each undetermined in
    # the year it went 升规, 100,000 at stake that year
    return [{"name": f"引进企业{year}", "above_size": dt.date(year, 5, 20)} for year in (2026, 2027, 2028)]


@pytest.mark.parametrize(
    ("received", "each_year", "over_years"),
    [
        (0, 100_000, 300_000),  # three enterprises, 100,000 each: nothing repeated
        (7, 100_000, 300_000),  # 700,000 received: 300,000 of the 累计100万元 left, just enough
        (8, 100_000, 200_000),  # 800,000 received: 200,000 left for three years' 100,000 each
        (9, 100_000, 100_000),  # 900,000 received: 100,000 left, in one year or another
        (10, 0, 0),  # the cap reached: nothing at stake
    ],
)
def test_forecast_keeps_referrals_within_the_cumulative_cap_over_the_years(received, each_year, over_years):
    # "单个企业奖励累计最高100万元": what the three years can add is what the cap has left
    awards = [{"clause": "4.1", "event": f"企业{i}", "year": 2025, "amount": 100_000} for i in range(received)]
    data = facts(referrals=_referrals(), awards_received=awards)
    forecast = forecast_of(POLICY, [data], range(2026, 2029))
    assert [forecast.cost[(year, 4)].high for year in range(2026, 2029)] == [each_year] * 3
    assert forecast.article_total(4).high == over_years
    assert forecast.article_total(4).low == 0


def test_the_plan_shows_each_years_amount_held_for_review_beside_the_sure_total():
    # 2026: hired 2026-10-01 in the graduation year, 3 months paid (3,000): reimbursed, sure.
    # 2027: 13,200 for 12 months, 12 − 3 = 9 months left: 13,200 × 9/12 = 9,900, an equal share
    # held for review — not in the sure total (0), and now shown beside it.
    from pathlib import Path

    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = Path(__file__).parent / "fixtures" / "plan-review-hire.toml"
    out = CliRunner().invoke(app, ["plan", str(path), "--years", "2026-2027"]).stdout
    assert "2026年确定金额合计  3,000" in out and "2026年需复核金额合计" not in out
    assert "2027年确定金额合计  0    2027年需复核金额合计  9,900" in out


# --- a file without `year` that gives [years.N] ------------------------------------

NO_YEAR = """[applicant]
name = "甲公司"
kind = "enterprise"
sectors = ["intelligent_software"]
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true

[[compute_purchases]]
provider = "国家超级计算郑州中心"
provider_type = "supercomputing_centre"
self_built = false
fees = "100万"

[years.2027.applicant]
main_business_revenue_prev_year = "100万"
"""


@pytest.mark.parametrize("command", [["check", "--year", "2027"], ["check"], ["plan", "--years", "2026-2027"]])
def test_a_file_that_gives_other_years_without_its_own_year_is_refused(tmp_path, command):
    # 6.1 “按照使用费的20%给予算力券奖励”: the top-level purchase of 100万元 pays
    # 1,000,000 × 20% = 200,000 in the year it is of. Without `year` that year cannot be
    # told: `check --year 2027` paid it in 2027 (200,000, with [years.2027] read too) while
    # `plan --years 2026-2027` paid 0 in 2027, and `plan --years 2027-2028` 200,000 again.
    # The file is refused, naming `years`.
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "noyear.toml"
    path.write_text(NO_YEAR, encoding="utf-8")
    result = CliRunner().invoke(app, [command[0], str(path), *command[1:]])
    assert result.exit_code == 2
    assert "years" in result.stderr and "[years.2027]" in result.stderr and "year" in result.stderr


def test_a_file_with_its_year_and_other_years_is_read_as_before():
    # year = 2026 given: 2026 pays 6.1 1,000,000 × 20% = 200,000; in 2027 the purchases are
    # [years.2027]'s, none given: 6.1 declares nothing, whether checked or planned.
    with_year = facts(
        compute_purchases=[
            {"provider": "超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": "100万"}
        ],
        years={2027: {"applicant": {"main_business_revenue_prev_year": "100万"}}},
    )
    assert [a.amount_yuan for a in only(run(compute_purchases=with_year.compute_purchases), "6.1")] == [200_000]
    plan = make_plan(POLICY, with_year, range(2026, 2028))
    assert [y.result.total_yuan for y in plan.years] == [200_000, 0]


# --- 8.6–8.8: an award already received leaves nothing at stake --------------------

# In 2027, each clause's facts incomplete (8.6 without its listing date, 8.7 without the
# year's volume, 8.8 without the date of the first cross-border trade):
# - 8.6 “按挂牌服务费用的50%给予补助，最高1万元”: 16,000 × 50% = 8,000 at stake, once (首次挂牌);
# - 8.7 “年度数据交易额达到200万元 … 最高5万元”: 50,000 at stake each year (D3 yearly) or once;
# - 8.8 “首次跨境交易达到100万元 … 最高10万元”: 100,000 at stake, once (首次).
# With the award already received, nothing is at stake; it was shown as 可能最高 8,000,
# 50,000 and 100,000 (and counted in the forecast's high end), asking for the facts.
INCOMPLETE = {"platform_qualified": True, "listing_fee": 16_000, "first_cross_border_volume": "150万"}


@pytest.mark.parametrize(
    ("clause", "received_year", "readings", "at_stake"),
    [
        ("8.6", None, {}, 8_000),  # nothing received: 16,000 × 50% = 8,000 at stake
        ("8.6", 2026, {}, None),  # received in 2026 (首次): nothing at stake in 2027
        ("8.6", 2027, {}, None),  # received in 2027 itself: nothing
        ("8.8", None, {}, 100_000),  # nothing received: up to 100,000 at stake
        ("8.8", 2026, {}, None),  # received in 2026 (首次): nothing in 2027
        ("8.7", None, {}, 50_000),  # nothing received: up to 50,000 at stake
        ("8.7", 2026, {}, 50_000),  # D3 yearly: 2026's award leaves 2027's 50,000 at stake
        ("8.7", 2027, {}, None),  # D3 yearly: 2027's award already received: nothing more in 2027
        ("8.7", 2026, {"D3": "once"}, None),  # D3 once: received in 2026, nothing in 2027
    ],
)
def test_an_up_to_award_already_received_puts_nothing_at_stake(clause, received_year, readings, at_stake):
    ceiling = {"8.6": 8_000, "8.7": 50_000, "8.8": 100_000}[clause]
    received = [{"clause": clause, "year": received_year, "amount": ceiling}] if received_year else []
    award = one(run(2027, readings, data_trading=INCOMPLETE, awards_received=received), clause)
    if at_stake is None:
        assert award.status is Status.NOT_ELIGIBLE and award.potential is None and award.amount_yuan == 0
        assert award.reason.key in ("already_once", "already_this_year")
    else:
        assert award.status is Status.UNDETERMINED and award.potential == at_stake
