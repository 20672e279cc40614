"""`jzai review`: the draft's defects with clause, quote and readings; with a
batch, the cost of each reading option, per article, and the applicants it
changes. Amounts computed by hand below.

The batch (tests/applicants_xlsx.py), all in 2026:
  甲 provincial 数据要素× first prize: 8.4 5万元 = 50,000
  乙 provincial 专精特新 3.3 50万元 = 500,000 and Henan data enterprise 3.5 10万元 = 100,000
  丙 nothing payable
  baseline: 50,000 + 500,000 + 100,000 = 650,000 (art. 3: 600,000; art. 8: 50,000)
"""

from __future__ import annotations

import json

import pytest
from applicants_xlsx import three_applicants
from conftest import facts
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.costing import Applicants, read_applicants
from jzai_cli.review import build_review

runner = CliRunner()


@pytest.fixture
def batch(tmp_path):
    return three_applicants(tmp_path / "applicants.xlsx")


def option(doc, reading_id, option_id):
    reading = next(d for d in doc["defects"] if d["id"] == reading_id)
    return next(o for o in reading["options"] if o["id"] == option_id)


def test_review_without_a_batch_lists_every_defect_with_clause_quote_and_readings():
    result = runner.invoke(app, ["review", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [d["id"] for d in doc["defects"]] == [f"D{i}" for i in range(1, 19)]
    d1 = doc["defects"][0]
    assert d1["clauses"] == ["8.4"] and "5元" in d1["quote"] and d1["default"] == "ceiling"
    assert doc["batch"] is None
    assert all(o["cost"] is None for d in doc["defects"] for o in d["options"])
    assert doc["policy"]["status"] == "draft"


def test_review_of_a_batch_costs_d1_literal_at_49995_yuan_less(batch):
    result = runner.invoke(app, ["review", "--batch", str(batch), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["batch"]["applicants"] == 3
    assert doc["batch"]["cost"]["total_yuan"] == 650_000
    assert doc["batch"]["cost"]["by_article"]["3"]["total_yuan"] == 600_000
    assert doc["batch"]["cost"]["by_article"]["8"]["total_yuan"] == 50_000
    literal = option(doc, "D1", "literal")
    # 8.4 first prize 50,000 → 5: 650,000 − 50,000 + 5 = 600,005; change −49,995
    assert literal["cost"]["total_yuan"] == 600_005
    assert literal["cost"]["by_article"]["8"]["total_yuan"] == 5
    assert literal["change"]["delta_yuan"] == -49_995
    assert literal["change"]["by_article"] == {"8": -49_995}
    assert literal["change"]["applicants_changed"] == 1
    assert literal["change"]["applicants"][0]["applicant"].startswith("#2 甲数据公司")
    ceiling = option(doc, "D1", "ceiling")
    assert ceiling["in_force"] and ceiling["change"] is None and ceiling["cost"]["total_yuan"] == 650_000


def test_review_costs_d13_highest_only_on_the_batch(batch):
    # 乙 keeps 3.3's 500,000 and loses 3.5's 100,000: 650,000 − 100,000 = 550,000
    doc = json.loads(runner.invoke(app, ["review", "--batch", str(batch), "--format", "json"]).stdout)
    highest = option(doc, "D13", "highest_only")
    assert highest["cost"]["total_yuan"] == 550_000
    assert highest["change"]["by_article"] == {"3": -100_000}
    assert highest["change"]["applicants_changed"] == 1


def test_single_readings_are_not_costed(batch):
    doc = json.loads(runner.invoke(app, ["review", "--batch", str(batch), "--format", "json"]).stdout)
    d12 = next(d for d in doc["defects"] if d["id"] == "D12")
    assert d12["alternatives"] is False
    assert d12["options"][0]["cost"] is None


def test_review_with_d1_switched_costs_the_default_against_the_literal_baseline(batch):
    # Baseline under D1=literal: 600,005; the ceiling option then adds 49,995.
    result = runner.invoke(app, ["review", "--batch", str(batch), "--format", "json", "--reading", "D1=literal"])
    doc = json.loads(result.stdout)
    assert doc["switched"] == {"D1": "literal"}
    assert doc["batch"]["cost"]["total_yuan"] == 600_005
    assert option(doc, "D1", "ceiling")["change"]["delta_yuan"] == 49_995


def test_review_markdown_is_ready_for_a_comment_letter(batch):
    result = runner.invoke(app, ["review", "--batch", str(batch), "--format", "md"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 对《焦作市促进人工智能产业发展若干措施》（征求意见稿）的意见")
    assert "### D1（8.4）" in text
    assert "| literal | 600,005 | −49,995 | 第八条 −49,995 | 1（+0 / −1） |" in text
    assert "| 合计 | 650,000 | 0 | 0 | 650,000 |" in text


def test_review_rich_report_in_english(batch):
    result = runner.invoke(app, ["review", "--batch", str(batch), "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Cost of each reading" in result.stdout
    assert "−49,995" in result.stdout
    assert "600,005" in result.stdout


def test_review_of_a_missing_batch_fails_with_the_file_named(tmp_path):
    result = runner.invoke(app, ["review", "--batch", str(tmp_path / "none.xlsx")])
    assert result.exit_code == 2
    assert "none.xlsx" in result.stderr


def test_build_review_takes_any_iterable_of_facts():
    # The library function behind --batch: facts from anywhere.
    prize = facts(
        events=[{"type": "data_elements_prize", "level": "provincial", "rank": 1, "name": "赛道", "date": "2026-05-01"}]
    )
    review = build_review(applicants=Applicants("<memory>", [prize], ["甲"]))
    d1 = next(d for d in review.defects if d.reading.id == "D1")
    literal = next(o for o in d1.options if o.option.id == "literal")
    assert literal.change.delta == -49_995  # 5 − 50,000
    assert [s.label for s in literal.change.losers] == ["甲"]


def test_a_folder_of_toml_facts_is_a_batch_too(tmp_path):
    from pathlib import Path

    examples = Path(__file__).resolve().parent.parent / "examples"
    for name in ("ai-park.toml", "data-labelling-firm.toml"):
        (tmp_path / name).write_bytes((examples / name).read_bytes())
    applicants = read_applicants(tmp_path)
    assert len(applicants.facts) == 2
    # ai-park 700,000; data-labelling-firm 150,000 sure + 58,000 up to (README examples)
    doc = json.loads(runner.invoke(app, ["review", "--batch", str(tmp_path), "--format", "json"]).stdout)
    assert doc["batch"]["cost"]["total_yuan"] == 700_000 + 150_000 + 58_000
    assert doc["batch"]["cost"]["ceiling_yuan"] == 58_000
