"""`jzai plan`: several years at once, each year's awards counted as received
in the years after it. Amounts by hand (examples/plan/three-year-plan.toml has the
whole arithmetic in its header)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.engine import evaluate
from jzai_cli.facts import for_year
from jzai_cli.plan import PlanError, make_plan, parse_assumption, parse_years, received_from
from jzai_cli.readers.toml_reader import facts_from_dict, read_facts
from jzai_cli.render.json_doc import result_doc

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "plan" / "three-year-plan.toml"
runner = CliRunner()
POLICY = policy_mod.load()


def plan_json(*args: str) -> dict:
    result = runner.invoke(app, ["plan", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def paying(doc: dict) -> list[tuple[str, int]]:
    return [(a["clause"], a["amount_yuan"]) for a in doc["awards"] if a["status"] == "eligible" and a["amount_yuan"]]


def test_the_example_pays_by_year_what_its_header_computes():
    doc = plan_json(str(PLAN), "--years", "2026-2028")
    # 2026: 4.1 100,000 + 6.1 200,000 + 8.5 50,000 + 9.1 18,000 = 368,000 (8.7 up to 50,000 apart)
    # 2027: 4.1 100,000 + 6.1 1,000,000 (cut) + 8.5 50,000 (10万 − 5万) + 9.1 18,000 = 1,168,000
    # 2028: 9.1 1,500 × 6 = 9,000
    assert doc["totals_by_year"] == {"2026": 368_000, "2027": 1_168_000, "2028": 9_000}
    assert doc["ceiling_totals_by_year"] == {"2026": 50_000, "2027": 0, "2028": 0}
    assert doc["total_yuan"] == 1_545_000
    years = {y["year"]: y["result"] for y in doc["years"]}
    assert sorted(paying(years[2027])) == [("4.1", 100_000), ("6.1", 1_000_000), ("8.5", 50_000), ("9.1", 18_000)]
    assert paying(years[2028]) == [("9.1", 9_000)]


def test_the_limits_run_down_across_the_years():
    doc = plan_json(str(PLAN), "--years", "2026-2028")
    left = {(limit["year"], limit["clause"], limit["subject"]): limit["remaining"] for limit in doc["limits"]}
    # 9.1: 1,500 × 36 = 54,000; 9,000 received in 2025; then 18,000, 18,000, 9,000.
    assert [left[(y, "9.1", "王硕")] for y in (2026, 2027, 2028)] == [27_000, 9_000, 0]
    # 4.1: 累计最高100万元; 800,000 received before; 100,000 in 2026 and in 2027.
    assert [left[(y, "4.1", "applicant")] for y in (2026, 2027)] == [100_000, 0]


def test_8_5_tops_up_only_the_difference_and_says_what_the_next_tier_adds():
    doc = plan_json(str(PLAN), "--years", "2026-2028")
    step = next(a for a in doc["years"][2]["result"]["awards"] if a["clause"] == "8.5")
    # 2028: 2600万元 is the 2000万元 tier again: 10万 − (5万 + 5万) = 0
    assert step["status"] == "not_eligible" and step["amount_yuan"] == 0
    # next tier 5000万元: 20万 − 10万 paid = 100,000 more
    assert step["near_miss"]["would_pay_yuan"] == 100_000


def test_each_year_equals_check_of_that_year_with_the_earlier_years_as_awards_received():
    facts = read_facts(PLAN)
    plan = make_plan(POLICY, facts, range(2026, 2029))
    for plan_year in plan.years:
        alone = facts.model_copy(update={"awards_received": [*facts.awards_received, *plan_year.carried]})
        assert result_doc(evaluate(POLICY, alone, plan_year.year), POLICY) == result_doc(plan_year.result, POLICY)


@settings(max_examples=40, deadline=None)
@given(
    revenues=st.lists(st.integers(min_value=0, max_value=80_000_000), min_size=3, max_size=3),
    months=st.lists(st.integers(min_value=0, max_value=12), min_size=3, max_size=3),
    fees=st.lists(st.integers(min_value=0, max_value=8_000_000), min_size=3, max_size=3),
)
def test_property_year_n_of_a_plan_is_check_of_year_n_with_the_earlier_years_received(revenues, months, fees):
    raw = {
        "year": 2026,
        "applicant": {
            "name": "甲",
            "kind": "enterprise",
            "size": "small",
            "sectors": ["intelligent_software"],
            "operates_in_jiaozuo": True,
            "pays_taxes": True,
            "in_jiaozuo_statistics": True,
            "data_labelling": True,
            "main_business_revenue_prev_year": revenues[0],
        },
        "compute_purchases": [
            {"provider": "超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": fees[0]}
        ],
        "graduates": [
            {
                "name": "乙",
                "degree": "phd",
                "full_time": True,
                "graduated": "2025-06-30",
                "contract_start": "2025-07-01",
                "insured_months": months[0],
            }
        ],
        "years": {
            str(2026 + i): {
                "applicant": {"main_business_revenue_prev_year": revenues[i]},
                "compute_purchases": [
                    {"provider": "超算", "provider_type": "supercomputing_centre", "self_built": False, "fees": fees[i]}
                ],
                "graduates": [{"name": "乙", "insured_months": months[i]}],
            }
            for i in (1, 2)
        },
    }
    facts = facts_from_dict(raw, "<test>")
    plan = make_plan(POLICY, facts, range(2026, 2029))
    received = []  # built here, year by year, from checks of single years
    for plan_year in plan.years:
        alone = evaluate(POLICY, facts.model_copy(update={"awards_received": list(received)}), plan_year.year)
        assert result_doc(alone, POLICY) == result_doc(plan_year.result, POLICY)
        received += [received_from(a, plan_year.year) for a in alone.awards if a.pays]
    # 8.5 never pays more in all than its highest tier: 20万元; 9.1 never more than 2000 × 36
    paid = {clause: sum(r.amount for r in received if r.clause == clause) for clause in ("8.5", "9.1")}
    assert paid["8.5"] <= 200_000 and paid["9.1"] <= 72_000


def test_check_in_another_year_takes_that_years_facts_and_never_copies_them():
    facts = read_facts(PLAN)
    in_2027 = evaluate(POLICY, facts, 2027)
    step = next(a for a in in_2027.awards if a.clause == "8.5")
    # alone (nothing from 2026 received): 2300万元 reaches 2000万元 → 10万元 in full
    assert step.amount_yuan == 100_000
    in_2028 = evaluate(POLICY, facts, 2028)
    # 2028 gives no purchases: 2026's are not reused
    assert not [a for a in in_2028.awards if a.clause == "6.1"]
    assert "6.1" in in_2028.not_claimed
    # nor the 2026 volume: 8.7 is undetermined for want of 2028's
    volume = next(a for a in in_2028.awards if a.clause == "8.7")
    assert volume.status.value == "undetermined" and "data_trading.annual_volume" in volume.missing


def test_a_year_without_its_own_block_knows_no_yearly_fact():
    facts = read_facts(PLAN)
    later = for_year(facts, 2030)
    assert later.applicant.main_business_revenue_prev_year is None
    assert later.compute_purchases is None
    assert later.graduates[0].insured_months is None
    assert later.referrals == facts.referrals  # lasting facts stay


def test_an_assumption_is_applied_and_named_on_the_awards_it_touches():
    doc = plan_json(str(PLAN), "--years", "2026-2028", "--assume", "2028: main_business_revenue_prev_year=5000万")
    year = doc["years"][2]
    assert year["assumptions"] == ["2028: main_business_revenue_prev_year=5000万"]
    step = next(a for a in year["result"]["awards"] if a["clause"] == "8.5")
    # 5000万元 tier 20万元 − 10万元 already paid (5万 + 5万) = 100,000
    assert step["amount_yuan"] == 100_000
    assert {"clause": "8.5", "event": step["event"], "assumptions": year["assumptions"]} in year["assumed_awards"]
    assert doc["totals_by_year"]["2028"] == 9_000 + 100_000


def test_a_growth_assumption_compounds_on_the_year_before():
    facts = read_facts(PLAN)
    grown = make_plan(
        POLICY, facts, range(2026, 2029), [parse_assumption("2028: main_business_revenue_prev_year+100%")]
    )
    # 2027's 2300万 × 2 = 4600万: still the 2000万 tier → nothing more in 2028
    assert next(a for a in grown.years[2].result.awards if a.clause == "8.5").amount_yuan == 0
    assert grown.years[2].result.awards  # evaluated
    facts_2028 = for_year(grown.facts, 2028)
    assert facts_2028.applicant.main_business_revenue_prev_year == 46_000_000


@pytest.mark.parametrize(
    "years, words",
    [
        ("2028-2026", "颠倒"),
        ("2026-2040", "10"),
        ("", "2026-2028"),
        ("twenty", "2026-2028"),
    ],
)
def test_a_bad_year_range_exits_2(years, words):
    result = runner.invoke(app, ["plan", str(PLAN), "--years", years])
    assert result.exit_code == 2 and words in result.stderr and result.stdout == ""


def test_parse_years_accepts_the_usual_spellings():
    assert parse_years("2026-2028") == parse_years("2026..2028") == parse_years("2026–2028") == range(2026, 2029)
    assert parse_years("2027") == range(2027, 2028)
    with pytest.raises(PlanError):
        parse_years("2026-2036")  # 11 years


@pytest.mark.parametrize(
    "assume", ["2027: revenue=5000万", "2027 revenue", "2027: main_business_revenue_prev_year=很多"]
)
def test_an_assumption_naming_no_known_fact_or_value_exits_2(assume):
    result = runner.invoke(app, ["plan", str(PLAN), "--years", "2026-2028", "--assume", assume])
    assert result.exit_code == 2 and "--assume" in result.stderr


def test_an_assumption_outside_the_years_exits_2():
    result = runner.invoke(app, ["plan", str(PLAN), "--years", "2026-2028", "--assume", "2030: annual_volume=300万"])
    assert result.exit_code == 2 and "2030" in result.stderr


def test_facts_given_for_a_year_outside_the_plan_exit_2():
    result = runner.invoke(app, ["plan", str(PLAN), "--years", "2026-2027"])
    assert result.exit_code == 2 and "years.2028" in result.stderr


def test_the_files_own_year_may_not_be_given_again_under_years(tmp_path):
    path = tmp_path / "facts.toml"
    path.write_text(
        'year = 2026\n[applicant]\nname = "甲"\nkind = "enterprise"\n[years.2026.applicant]\ntaxable_revenue = 1\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "years.2026" in result.stderr


def test_the_table_shows_each_year_and_the_limits():
    result = runner.invoke(app, ["plan", str(PLAN), "--years", "2026-2028"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in (
        "2026年确定金额合计  368,000",
        "2027年确定金额合计  1,168,000",
        "2028年确定金额合计  9,000",
        "各年度确定金额合计  1,545,000",
        "额度逐年变化",
        "8.5 下一档：5000万元",
    ):
        assert text in out, text
    english = runner.invoke(
        app, ["plan", str(PLAN), "--years", "2026-2028", "--lang", "en"], env={"COLUMNS": "160"}
    ).stdout
    assert "2027: total of sure amounts  1,168,000" in english and "确定" not in english


def test_a_future_event_can_be_assumed_and_is_marked_on_its_award():
    doc = plan_json(str(PLAN), "--years", "2026-2028", "--assume", "2027: event=little_giant@national")
    year = doc["years"][1]
    award = next(a for a in year["result"]["awards"] if a["clause"] == "3.4")
    # 3.4 获得国家级“小巨人”: 100万元 = 1,000,000, on top of 2027's 1,168,000
    assert award["status"] == "eligible" and award["amount_yuan"] == 1_000_000
    assert year["assumed_awards"] == [
        {"clause": "3.4", "event": award["event"], "assumptions": ["2027: event=little_giant@national"]}
    ]
    assert doc["totals_by_year"]["2027"] == 1_168_000 + 1_000_000
    # one-time: it is not paid again in 2028
    assert not [a for a in doc["years"][2]["result"]["awards"] if a["clause"] == "3.4" and a["amount_yuan"]]


def test_an_assumed_event_of_an_unknown_type_exits_2():
    result = runner.invoke(app, ["plan", str(PLAN), "--years", "2026-2028", "--assume", "2027: event=unicorn"])
    assert result.exit_code == 2 and "--assume" in result.stderr


def test_a_plan_reads_facts_as_json_too(tmp_path):
    import datetime as dt
    import tomllib
    from decimal import Decimal

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else str(value) if isinstance(value, Decimal) else value

    as_json = tmp_path / "plan.json"
    as_json.write_text(
        json.dumps(plain(tomllib.loads(PLAN.read_text(encoding="utf-8"), parse_float=Decimal)), ensure_ascii=False),
        encoding="utf-8",
    )
    assert plan_json(str(as_json), "--years", "2026-2028") == plan_json(str(PLAN), "--years", "2026-2028")


def test_a_file_without_a_year_describes_the_first_year_of_the_plan_only():
    raw = {
        "applicant": {
            "name": "甲",
            "kind": "enterprise",
            "sectors": ["intelligent_software"],
            "operates_in_jiaozuo": True,
            "pays_taxes": True,
            "in_jiaozuo_statistics": True,
            "data_labelling": True,
            "main_business_revenue_prev_year": "1200万",
        }
    }
    plan = make_plan(POLICY, facts_from_dict(raw, "<t>"), range(2026, 2028))
    first, second = (next(a for a in y.result.awards if a.clause == "8.5") for y in plan.years)
    # 2026: 1200万元 reaches 1000万元 → 5万元; 2027: the revenue of 2026 is not given, so 8.5 is undetermined (not 5万元 again)
    assert first.amount_yuan == 50_000
    assert second.status.value == "undetermined" and second.amount_yuan == 0
