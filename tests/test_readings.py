"""Readings D1–D18: each ambiguity that changes a number has its default and
alternatives in data/readings.toml; `jzai readings` lists them; switching D1
and D13 changes the amounts as computed by hand."""

from __future__ import annotations

import json

import pytest
from conftest import one, run
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.result import Status

runner = CliRunner()
POLICY = policy_mod.load()
# The readings the engine honours with more than one option.
ALTERNATIVES = {"D1", "D2", "D3", "D5", "D6", "D8", "D10", "D13", "D15", "D16", "D17", "D18"}

PRIZE = {"type": "data_elements_prize", "level": "provincial", "rank": 1, "name": "工业赛道", "date": "2026-05-01"}


def test_the_readings_with_alternatives_are_those_the_engine_honours():
    assert {r.id for r in POLICY.readings.values() if len(r.options) > 1} == ALTERNATIVES


@pytest.mark.parametrize("reading", sorted(POLICY.readings.values(), key=lambda r: int(r.id[1:])), ids=lambda r: r.id)
def test_a_reading_with_a_single_option_says_why_in_both_languages(reading):
    if len(reading.options) == 1:
        assert reading.note.startswith("单一解读"), reading.id
        assert reading.note_en.startswith("Single reading"), reading.id


def test_d1_literal_makes_the_provincial_first_prize_five_yuan_in_check(tmp_path):
    # D1 literal: 一等奖 "5元" → 5 yuan; the per-project cap 5万元 does not cut it.
    facts = tmp_path / "prize.toml"
    facts.write_text(
        'year = 2026\n[applicant]\nname = "甲数据公司"\nkind = "enterprise"\nsectors = ["intelligent_software"]\n'
        "operates_in_jiaozuo = true\npays_taxes = true\nin_jiaozuo_statistics = true\n"
        '[[events]]\ntype = "data_elements_prize"\nlevel = "provincial"\nrank = 1\nname = "工业赛道"\ndate = 2026-05-01\n',
        encoding="utf-8",
    )
    default = json.loads(runner.invoke(app, ["check", str(facts), "--format", "json"]).stdout)
    literal = runner.invoke(app, ["check", str(facts), "--format", "json", "--reading", "D1=literal"])
    assert literal.exit_code == 0, literal.output
    doc = json.loads(literal.stdout)
    award = next(a for a in doc["awards"] if a["clause"] == "8.4")
    assert award["amount_yuan"] == 5
    assert doc["total_yuan"] == 5
    assert doc["readings"]["D1"] == "literal"
    assert "D1" in award["readings"]
    assert default["total_yuan"] == 50_000  # 5万元 = 5 × 10,000


def test_d13_highest_only_keeps_only_the_largest_award_paid_to_the_applicant():
    # 3.3 专精特新 500,000 and 3.5 河南省数据企业 100,000 stack by default: 600,000.
    events = [
        {"type": "specialised_sme", "level": "provincial", "name": "专精特新", "date": "2026-03-01"},
        {"type": "henan_data_enterprise", "level": "provincial", "name": "数据企业", "date": "2026-04-01"},
    ]
    assert run(events=events).total_yuan == 600_000
    result = run(readings={"D13": "highest_only"}, events=events)
    # highest only: max(500,000, 100,000) = 500,000
    assert result.total_yuan == 500_000
    dropped = one(result, "3.5")
    assert dropped.status is Status.NOT_ELIGIBLE
    assert dropped.reason.key == "not_highest"
    assert "D13" in dropped.readings
    assert one(result, "3.3").amount_yuan == 500_000


def test_d13_highest_only_leaves_the_graduates_living_subsidy_alone():
    # 9.1 is paid to the graduate, not the applicant: 1,000 × 12 = 12,000 stays beside 3.3's 500,000.
    graduate = {
        "name": "李本",
        "degree": "bachelor",
        "full_time": True,
        "graduated": "2025-06-30",
        "contract_start": "2025-07-01",
        "insured_months": 12,
    }
    events = [{"type": "specialised_sme", "level": "provincial", "name": "专精特新", "date": "2026-03-01"}]
    result = run(readings={"D13": "highest_only"}, events=events, graduates=[graduate])
    assert one(result, "9.1").amount_yuan == 12_000
    assert result.total_yuan == 512_000


def test_readings_lists_every_reading_with_its_default_marked():
    result = runner.invoke(app, ["readings"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for reading_id in (f"D{i}" for i in range(1, 15)):
        assert reading_id in result.stdout
    assert "* ceiling" in result.stdout
    assert "literal" in result.stdout
    assert "8.4 amounts.1 = 5元" in result.stdout  # what the literal reading does


def test_readings_json_has_the_quote_the_clauses_and_each_option():
    result = runner.invoke(app, ["readings", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    d1 = next(r for r in doc["readings"] if r["id"] == "D1")
    assert d1["clauses"] == ["8.4"]
    assert d1["quote"] == "一、二、三等奖分别奖励5元、2万元、1万元"
    assert [(o["id"], o["default"]) for o in d1["options"]] == [("ceiling", True), ("literal", False)]
    assert d1["options"][1]["patch"] == [{"clause": "8.4", "param": "amounts.1", "value": "5元"}]
    d12 = next(r for r in doc["readings"] if r["id"] == "D12")
    assert d12["alternatives"] is False and d12["note"].startswith("Single reading")


def test_readings_markdown_marks_a_switched_reading_in_force():
    result = runner.invoke(app, ["readings", "--format", "md", "--reading", "D3=once"])
    assert result.exit_code == 0, result.output
    assert "### D1（8.4）" in result.stdout
    assert "- `once`（采用）" in result.stdout
    assert "- `yearly`（默认）" in result.stdout


def test_readings_refuses_an_unknown_reading():
    result = runner.invoke(app, ["readings", "--reading", "D1=typo"])
    assert result.exit_code == 2
