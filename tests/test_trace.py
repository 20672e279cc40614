"""`jzai check --trace`: the steps behind each amount are recorded by the
rules while they compute, and the last step of every award is what it pays.

Checked over every hand-computed case of tests/cases and every example, under
their readings: whatever the clause, the outcome, a cap or the rounding, the
trace ends at the amount paid."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from test_cases import CASE_FILES, _policy, _read
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.engine import evaluate
from jzai_cli.readers.toml_reader import facts_from_dict, read_facts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/*.toml"))
runner = CliRunner()


def results():
    for path in CASE_FILES:
        for case in _read(path).cases:
            yield (
                f"{path.stem}: {case.name}",
                evaluate(
                    _policy(case.readings), facts_from_dict({"year": case.year, **case.facts}, "<case>"), case.year
                ),
            )
    for path in EXAMPLES:
        yield path.name, evaluate(policy_mod.load(), read_facts(path))


def test_every_award_starts_from_its_source_sentence_and_ends_at_what_it_pays():
    seen = 0
    for name, result in results():
        policy = policy_mod.load()
        for award in result.awards:
            seen += 1
            where = f"{name}: {award.clause} [{award.event}]"
            assert award.steps, where
            assert award.steps[0].kind == "quote", where
            assert policy.clause(award.clause).quote in award.steps[0].message.values["quote"], where
            valued = [s for s in award.steps if s.value is not None]
            assert valued, where
            assert valued[-1] is award.steps[-1], where  # nothing follows the step that sets the amount
            assert (
                Decimal(award.amount_yuan) == valued[-1].value.quantize(Decimal(1))
                or award.amount_yuan == valued[-1].value
            ), where
    assert seen > 300


def test_a_threshold_step_says_inclusive_or_exclusive_as_its_words_do():
    # 3.1 超过5000万元: 50,000,000 is not over 50,000,000 (exclusive)
    facts = facts_from_dict(
        {
            "year": 2026,
            "applicant": {
                "name": "甲",
                "kind": "enterprise",
                "sectors": ["intelligent_software"],
                "operates_in_jiaozuo": True,
                "pays_taxes": True,
                "in_jiaozuo_statistics": True,
                "taxable_revenue": 50_000_000,
            },
            "events": [{"type": "single_champion_enterprise", "level": "national", "date": "2026-04-01"}],
        },
        "<t>",
    )
    award = next(a for a in evaluate(policy_mod.load(), facts).awards if a.clause == "3.1")
    step = next(s for s in award.steps if s.kind == "threshold")
    from jzai_cli import i18n

    assert (
        i18n.text(step.message, "zh") == "超过5000万元：当年应税收入（元） 50,000,000 > 50,000,000 ✗（“超过”不含本数）"
    )
    assert "the number itself does not count" in i18n.text(step.message, "en")
    assert award.amount_yuan == 0 and award.steps[-1].value == 0


def test_check_trace_prints_the_steps_in_both_languages():
    example = str(ROOT / "examples" / "data-labelling-firm.toml")
    zh = runner.invoke(app, ["check", example, "--trace"], env={"COLUMNS": "200"})
    assert zh.exit_code == 0, zh.output
    # 8.5: 2350万元 reaches 2000万元 (达到, inclusive): 10万元 − 5万元 received = 50,000
    assert "计算过程" in zh.stdout
    assert "达到1000万元：上一年度主营业务销售收入（元） 23,500,000 ≥ 10,000,000 ✓（“达到”含本数）" in zh.stdout
    assert "四舍五入到元" in zh.stdout
    en = runner.invoke(app, ["check", example, "--trace", "--lang", "en"], env={"COLUMNS": "200"})
    assert "How each amount was computed" in en.stdout and "计算过程" not in en.stdout


def test_trace_as_json_gives_the_same_steps_and_validates():
    example = str(ROOT / "examples" / "ai-software-firm.toml")
    document = json.loads(runner.invoke(app, ["check", example, "--trace", "-f", "json"]).stdout)
    for award in document["awards"]:
        assert award["trace"][0]["kind"] == "quote"
        assert [s["value_yuan"] for s in award["trace"] if s["value_yuan"] is not None][-1] == award["amount_yuan"]
    capped = next(a for a in document["awards"] if a["event"] == "焦作人工智能计算中心")
    # 6.1: 20% × 4,000,000 = 800,000, cut to what is left of 每年不超过100万元 after 360,000: 640,000
    assert any(s["kind"] == "cap" and s["value_yuan"] == 640_000 for s in capped["trace"])
    plain = json.loads(runner.invoke(app, ["check", example, "-f", "json"]).stdout)
    assert all("trace" not in a for a in plain["awards"])  # only with --trace


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_traces_to_its_amounts(example):
    result = runner.invoke(app, ["check", str(example), "--trace", "-f", "json"])
    assert result.exit_code == 0
    for award in json.loads(result.stdout)["awards"]:
        assert [s["value_yuan"] for s in award["trace"] if s["value_yuan"] is not None][-1] == award["amount_yuan"]
