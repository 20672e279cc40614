"""`jzai forecast`: the policy's cost per year and article, as a range.

examples/applicants.xlsx is the four examples of 2026 (their headers, by hand):
sure 1,539,000 + 150,000 + 700,000 + 1,650,000 = 4,039,000; up to 58,000 (8.6
8,000 + 8.7 50,000). In 2027 nothing that changes by year is given, so the sure
cost is 0; the data-labelling firm's 8.5 is undetermined and could pay at most
20万元 − 5万元 already received = 150,000 (high).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from headless import chromium
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.engine import evaluate
from jzai_cli.forecast import Forecast, Range, add_result, forecast_of, read_batch
from jzai_cli.plan import make_plan
from jzai_cli.readers.toml_reader import read_facts

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "examples" / "applicants.xlsx"
runner = CliRunner()
POLICY = policy_mod.load()


def doc(*args: str) -> dict:
    result = runner.invoke(app, ["forecast", str(BOOK), "--years", "2026-2028", "-f", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_first_year_costs_what_the_examples_add_up_to():
    by_year = {row["year"]: row for row in doc()["by_year"]}
    ranges = {year: (row["low_yuan"], row["central_yuan"], row["high_yuan"]) for year, row in by_year.items()}
    assert ranges[2026] == (4_039_000, 4_039_000 + 58_000, 4_097_000)
    assert ranges[2027] == (0, 0, 150_000)
    assert by_year[2026]["unpriced"] == 0


def test_undetermined_awards_with_no_estimate_are_counted_not_hidden():
    name, applicants = read_batch(BOOK)
    facts = list(applicants)
    forecast = forecast_of(POLICY, facts, range(2026, 2028), name)
    plans = [make_plan(POLICY, f, range(2026, 2028)) for f in facts]
    expected = sum(
        1 for p in plans for a in p.years[1].result.awards if a.status.value == "undetermined" and not a.potential
    )
    assert expected > 0  # 2027's insured months and contributions are not given
    assert forecast.unpriced[2027] == expected


def test_low_central_high_are_ordered_and_the_articles_add_up():
    document = doc()
    for year in document["years"]:
        rows = [c for c in document["cost"] if c["year"] == year]
        total = next(r for r in document["by_year"] if r["year"] == year)
        for key in ("low_yuan", "central_yuan", "high_yuan"):
            assert sum(r[key] for r in rows) == total[key]
        for row in rows + [total]:
            assert row["low_yuan"] <= row["central_yuan"] <= row["high_yuan"]
    for key in ("low_yuan", "central_yuan", "high_yuan"):
        # over the years, what the years' high ends count more than once is taken off once
        repeated = document["repeated_high_yuan"] if key == "high_yuan" else 0
        assert (
            sum(r[key] for r in document["by_year"]) - repeated
            == document["total"][key]
            == sum(r[key] for r in document["by_article"])
        )
    assert document["repeated_high_yuan"] == sum(r["repeated_high_yuan"] for r in document["by_article"])


def test_each_year_equals_a_one_year_batch_with_the_earlier_years_received():
    plan_file = ROOT / "examples" / "plan" / "three-year-plan.toml"
    facts = read_facts(plan_file)
    forecast = forecast_of(POLICY, [facts], range(2026, 2029))
    plan = make_plan(POLICY, facts, range(2026, 2029))
    for plan_year in plan.years:
        alone = evaluate(
            POLICY,
            facts.model_copy(update={"awards_received": [*facts.awards_received, *plan_year.carried]}),
            plan_year.year,
        )
        one = Forecast(
            "", [plan_year.year], forecast.articles, {(plan_year.year, a): Range() for a in forecast.articles}
        )
        add_result(one, plan_year.year, alone)
        expected = one.year_total(plan_year.year)
        got = forecast.year_total(plan_year.year)
        assert (got.low, got.central, got.high) == (expected.low, expected.central, expected.high)
    # the example's header, by hand: 368,000 + 1,168,000 + 9,000
    assert [forecast.year_total(y).low for y in (2026, 2027, 2028)] == [368_000, 1_168_000, 9_000]


def test_an_invalid_row_is_counted_not_costed(tmp_path):
    from applicants_xlsx import CODES, write

    book = write(
        tmp_path / "a.xlsx",
        [
            {"申请人名称": "乙软件公司", "统一社会信用代码": CODES[1]},
            {"申请人名称": "丁公司", "统一社会信用代码": CODES[3], "申请人类型": "外星人"},
        ],
        [[CODES[1], "专精特新中小企业", "省级", "专精特新", "2026-03-01", None]],
    )
    name, applicants = read_batch(book)
    forecast = forecast_of(POLICY, applicants, range(2026, 2027), name)
    assert (forecast.applicants, forecast.invalid) == (1, 1)
    assert forecast.year_total(2026).low == 500_000  # 3.3 新获得省认定的“专精特新” 50万元


def test_csv_is_for_excel_by_default_and_plain_on_request(tmp_path):
    excel = runner.invoke(app, ["forecast", str(BOOK), "--years", "2026", "-f", "csv"]).stdout
    assert excel.startswith("\ufeff年度,条,")
    plain = runner.invoke(app, ["forecast", str(BOOK), "--years", "2026", "-f", "csv", "--plain-csv"]).stdout
    assert plain.startswith("年度,条,")
    assert "2026,合计,4039000,4097000,4097000" in plain


def test_the_workbook_and_the_report(tmp_path):
    from openpyxl import load_workbook

    out, html = tmp_path / "forecast.xlsx", tmp_path / "forecast.html"
    result = runner.invoke(app, ["forecast", str(BOOK), "--years", "2026-2027", "-o", str(out), "--report", str(html)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["预测"].iter_rows(values_only=True))
    assert ("2026", "合计", 4_039_000, 4_097_000, 4_097_000) in [(str(r[0]), *r[1:5]) for r in rows if r[0] is not None]
    text = html.read_text(encoding="utf-8")
    assert 'id="chart-2026"' in text and 'id="chart-2027"' in text and "征求意见稿" in text
    again = runner.invoke(app, ["forecast", str(BOOK), "--years", "2026-2027", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_the_report_is_drawn_in_headless_chromium(tmp_path):
    html = tmp_path / "forecast.html"
    assert runner.invoke(app, ["forecast", str(BOOK), "--years", "2026-2027", "--report", str(html)]).exit_code == 0
    dom = chromium(html, tmp_path / "p", "--dump-dom")
    assert 'data-charts="drawn"' in dom
    ink = dict(re.findall(r'<canvas id="([a-z0-9-]+)"[^>]*data-ink="(\d+)"', dom))
    assert set(ink) == {"chart-2026", "chart-2027"} and all(int(v) > 1000 for v in ink.values())


@pytest.mark.parametrize("years", ["2028-2026", "2026-2050", "soon"])
def test_a_bad_year_range_exits_2(years):
    result = runner.invoke(app, ["forecast", str(BOOK), "--years", years])
    assert result.exit_code == 2 and "--years" in result.stderr and result.stdout == ""


def test_an_unreadable_input_exits_2_naming_it(tmp_path):
    result = runner.invoke(app, ["forecast", str(tmp_path / "nope.xlsx"), "--years", "2026"])
    assert result.exit_code == 2 and "nope.xlsx" in result.stderr and "Traceback" not in result.output


def test_an_event_of_unknown_level_counts_once_at_its_largest_in_the_high_end():
    from jzai_cli.readers.toml_reader import facts_from_dict

    facts = facts_from_dict(
        {
            "year": 2026,
            "applicant": {
                "name": "焦作智造装备股份有限公司",
                "kind": "enterprise",
                "sectors": ["key_components"],
                "operates_in_jiaozuo": True,
                "pays_taxes": True,
                "in_jiaozuo_statistics": True,
            },
            "events": [
                {"type": "intelligent_manufacturing_pilot", "name": "智能制造试点示范", "date": "2026-05-01"},
                {"type": "data_elements_prize", "name": "工业数据赛道项目", "rank": 1, "date": "2026-10-12"},
            ],
        },
        "test",
    )
    forecast = forecast_of(POLICY, [facts], range(2026, 2027))
    # 7.4 (national, 100万元) or 7.5 (provincial, 30万元): one level, so at most 1,000,000, not 1,300,000
    assert forecast.cost[(2026, 7)].high == 1_000_000
    # 8.3 first prize 10万元 or 8.4 first prize 5万元 (D1): at most 100,000, not 150,000
    assert forecast.cost[(2026, 8)].high == 100_000
    assert (forecast.year_total(2026).low, forecast.year_total(2026).central) == (0, 0)


def _one_applicant(**sections):
    from jzai_cli.readers.toml_reader import facts_from_dict

    applicant = {
        "name": "焦作智算科技有限公司",
        "kind": "enterprise",
        "sectors": ["intelligent_software"],
        "operates_in_jiaozuo": True,
        "pays_taxes": True,
        "in_jiaozuo_statistics": True,
    }
    return facts_from_dict({"year": 2026, "applicant": applicant, **sections}, "test")


def test_undetermined_purchases_under_one_yearly_cap_stop_at_the_cap_together():
    # 6.1: "按照算力资源使用费的20%予以奖励，每个使用单位每年可享受不超过100万元算力券奖励"
    sure = {"provider": "焦作超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": "250万"}
    open_ = {"provider": "郑州算力", "self_built": False, "fees": "300万"}  # provider type not given
    facts = _one_applicant(compute_purchases=[dict(open_), sure, dict(open_, provider="洛阳算力")])
    cost = forecast_of(POLICY, [facts], range(2026, 2027)).cost[(2026, 6)]
    # sure: 250万 × 20% = 500,000. Each open purchase alone: 300万 × 20% = 600,000. The year's
    # cap is 1,000,000: all three qualifying pay 1,000,000 at most (before: 600,000 + 500,000
    # + 500,000 = 1,600,000, more than the cap can pay)
    assert (cost.low, cost.central, cost.high) == (500_000, 500_000, 1_000_000)


def test_undetermined_referrals_under_the_cumulative_cap_stop_at_what_it_leaves():
    # 4.1: "每户给予引荐企业10万元一次性奖励，单个企业奖励累计最高100万元"
    received = [{"clause": "4.1", "event": f"企业{i}", "year": 2025, "amount": "10万"} for i in range(8)]
    referrals = [
        {"name": "甲公司", "introduced": "2025-03-01", "above_size": "2026-05-20"},
        {"name": "乙公司", "above_size": "2026-05-20"},  # introduced: not given
        {"name": "丙公司", "above_size": "2026-06-20"},  # introduced: not given
    ]
    cost = forecast_of(POLICY, [_one_applicant(referrals=referrals, awards_received=received)], range(2026, 2027)).cost
    # 8 × 100,000 = 800,000 received leaves 200,000 of the 1,000,000: 甲 is sure, 100,000; 乙 and
    # 丙 could add 100,000 each, but only 100,000 is left (before: 100,000 + 100,000 + 100,000)
    assert (cost[(2026, 4)].low, cost[(2026, 4)].high) == (100_000, 200_000)


def test_what_undetermined_purchases_put_at_stake_is_rounded_once_per_clause():
    # 6.1: 12,342.50 × 20% = 2,468.50 for each of two purchases whose provider type is not
    # given; together 4,937.00, rounded once: 4,937 (before: 2,469 + 2,469 = 4,938)
    open_ = {"provider": "郑州算力", "self_built": False, "fees": "12342.50"}
    facts = _one_applicant(compute_purchases=[open_, dict(open_, provider="洛阳算力")])
    assert forecast_of(POLICY, [facts], range(2026, 2027)).cost[(2026, 6)].high == 4_937
