"""Near misses in `check`: the threshold just out of reach, named in the
source's words, with the distance and what it would pay."""

from __future__ import annotations

import json
from decimal import Decimal

from conftest import one, run
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.near_miss import clauses_missed

runner = CliRunner()

HEAD = (
    'year = 2026\n[applicant]\nname = "测试科技有限公司"\nkind = "enterprise"\nsize = "small"\nsectors = ["intelligent_software"]\n'
    "operates_in_jiaozuo = true\npays_taxes = true\nin_jiaozuo_statistics = true\n"
)


def write(tmp_path, body: str, applicant: str = ""):
    path = tmp_path / "facts.toml"
    path.write_text(HEAD + applicant + body, encoding="utf-8")
    return path


def check(tmp_path, body: str, *args: str, applicant: str = ""):
    return runner.invoke(app, ["check", str(write(tmp_path, body, applicant)), *args], env={"COLUMNS": "200"})


def near_miss_line(output: str, *words: str) -> str:
    """The row of the 差一点够上 table holding all `words`."""
    table = output.split("差一点够上", 1)[1]
    return next(line for line in table.splitlines() if all(w in line for w in words))


def test_check_names_the_threshold_and_the_one_yuan_a_trading_volume_lacks(tmp_path):
    # 8.7 达到200万元: 1,999,999 < 2,000,000 → short by 2,000,000 − 1,999,999 = 1 yuan; would pay up to 5万元
    result = check(tmp_path, "[data_trading]\nannual_volume = 1999999\n")
    assert result.exit_code == 0, result.output
    assert "差一点够上" in result.stdout
    line = near_miss_line(result.stdout, "8.7", "达到200万元")
    assert "1 元" in line
    assert "50,000" in line


def test_check_json_gives_the_one_yuan_below_the_3_1_revenue_threshold(tmp_path):
    # 3.1 超过5000万元 excludes the number: revenue 50,000,000 needs 50,000,001 → short by 1 yuan
    path = write(
        tmp_path,
        '[[events]]\ntype = "single_champion_enterprise"\nlevel = "national"\ndate = 2026-03-01\n',
        applicant="taxable_revenue = 50000000\n",
    )
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    award = next(a for a in json.loads(result.stdout)["awards"] if a["clause"] == "3.1")
    assert award["near_miss"] == {
        "threshold": "超过5000万元",
        "value": 50_000_000,
        "shortfall": 1,
        "unit": "yuan",
        "would_pay_yuan": 500_000,
        "fixed": False,
    }
    table = runner.invoke(app, ["check", str(path)], env={"COLUMNS": "200"})
    assert "1 元" in near_miss_line(table.stdout, "3.1", "超过5000万元")


def test_the_next_step_up_tier_and_what_it_would_pay():
    # 8.5: revenue 19,999,999 reaches 达到1000万元 (5万元) but not 2000万元 (10万元):
    # short by 20,000,000 − 19,999,999 = 1; the next tier would add 100,000 − 50,000 = 50,000
    result = run(applicant={"data_labelling": True, "main_business_revenue_prev_year": 19_999_999})
    award = one(result, "8.5")
    assert award.amount_yuan == 50_000
    assert award.near_miss.threshold == "2000万元"
    assert award.near_miss.shortfall == 1
    assert award.near_miss.would_pay == 50_000


def test_the_next_step_up_tier_after_earlier_awards():
    # 8.5 with 100,000 already paid for the 2000万元 tier, revenue 49,000,000:
    # no top-up now (100,000 − 100,000 = 0); 5000万元 is 1,000,000 away and would pay 200,000 − 100,000 = 100,000
    result = run(
        applicant={"data_labelling": True, "main_business_revenue_prev_year": 49_000_000},
        awards_received=[{"clause": "8.5", "year": 2025, "amount": 100_000}],
    )
    miss = one(result, "8.5").near_miss
    assert (miss.threshold, miss.shortfall, miss.would_pay) == ("5000万元", 1_000_000, 100_000)


def test_a_computing_centre_below_100_pflops_and_a_data_centre_below_1000_racks():
    # 6.1: 99.9 PFLOPS is 0.1 short of 100; 999 racks is 1 short of 1000; fees 200,000 × 20% = 40,000 each
    purchases = [
        {
            "provider": "甲算力中心",
            "provider_type": "ai_computing_centre",
            "pflops": "99.9",
            "self_built": False,
            "fees": 200_000,
        },
        {"provider": "乙数据中心", "provider_type": "data_centre", "racks": 999, "self_built": False, "fees": 200_000},
    ]
    result = run(compute_purchases=purchases)
    pflops, racks = [a.near_miss for a in result.awards if a.clause == "6.1"]
    assert (pflops.threshold, pflops.shortfall, pflops.unit, pflops.would_pay) == (
        "100PFLOPS（每秒浮点运算次数）以上",
        Decimal("0.1"),
        "PFLOPS",
        40_000,
    )
    assert (racks.threshold, racks.shortfall, racks.unit, racks.would_pay) == ("1000个标准机架以上", 1, "racks", 40_000)


def test_a_referral_above_size_one_day_after_the_two_years():
    # 4.1 两年内: introduced 2024-03-01, deadline 2026-03-01; above size 2026-03-02 → 1 day late; would pay 10万元
    result = run(referrals=[{"name": "某装备公司", "introduced": "2024-03-01", "above_size": "2026-03-02"}])
    miss = one(result, "4.1").near_miss
    assert (miss.threshold, miss.shortfall, miss.unit, miss.would_pay) == ("两年内", 1, "days_late", 100_000)


def test_a_graduate_signed_one_day_after_three_years():
    # 9.1 毕业三年内: graduated 2023-06-30, deadline 2026-06-30; contract 2026-07-01 → 1 day late;
    # would pay 1,000 a month × 6 insured months = 6,000
    grad = {
        "name": "李本",
        "degree": "bachelor",
        "full_time": True,
        "graduated": "2023-06-30",
        "contract_start": "2026-07-01",
        "insured_months": 6,
    }
    miss = one(run(graduates=[grad]), "9.1").near_miss
    assert (miss.threshold, miss.shortfall, miss.unit, miss.would_pay) == ("毕业三年内", 1, "days_late", 6_000)


def test_a_graduate_hired_one_day_after_two_years_out_of_school():
    # 9.2 离校2年内: left 2024-06-30, deadline 2026-06-30; hired 2026-07-01 → 1 day late; would pay 6,000 contributions
    hire = {
        "name": "陈某",
        "graduated": "2024-06-30",
        "hired": "2026-07-01",
        "status_before": "unemployed",
        "contract_months": 24,
        "employer_contributions": 6_000,
        "contribution_months": 6,
    }
    miss = one(run(graduate_hires=[hire]), "9.2").near_miss
    assert (miss.threshold, miss.shortfall, miss.unit, miss.would_pay) == ("离校2年内", 1, "days_late", 6_000)


def test_check_shows_days_late_in_the_table(tmp_path):
    body = '[[referrals]]\nname = "某装备公司"\nintroduced = 2024-03-01\nabove_size = 2026-03-02\n'
    result = check(tmp_path, body)
    line = near_miss_line(result.stdout, "4.1", "两年内")
    assert "1 天" in line and "100,000" in line


def test_near_misses_are_counted_per_clause_once_per_applicant():
    # The batch helper: two 6.1 misses of one applicant count once; 8.7 once.
    purchases = [
        {"provider": "甲", "provider_type": "ai_computing_centre", "pflops": 99, "self_built": False, "fees": 1},
        {"provider": "乙", "provider_type": "data_centre", "racks": 999, "self_built": False, "fees": 1},
    ]
    first = run(compute_purchases=purchases)
    second = run(data_trading={"annual_volume": 1_999_999}, compute_purchases=purchases[:1])
    assert clauses_missed(first) == {"6.1"}
    assert clauses_missed(second) == {"6.1", "8.7"}
