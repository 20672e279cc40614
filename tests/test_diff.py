"""`jzai diff`: a copy of the shipped data with 3.3's 50万元 raised to 60万元
(in the amount, the clause's quote, the source text and reading D5's quote,
so the copy stays valid) reports exactly that change and its cost.

The batch (tests/applicants_xlsx.py): 甲 8.4 50,000; 乙 3.3 500,000 + 3.5 100,000; 丙 0.
Under the copy 乙's 3.3 pays 60万元 = 600,000: total 650,000 → 750,000, +100,000, art. 3 only.
"""

from __future__ import annotations

import json
import shutil

import pytest
from applicants_xlsx import three_applicants
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.diff import build_diff

runner = CliRunner()
OLD_QUOTE = "对新获得省认定的“专精特新”中小企业给予50万元一次性奖励"
NEW_QUOTE = "对新获得省认定的“专精特新”中小企业给予60万元一次性奖励"


def replace_once(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def revised(tmp_path):
    target = tmp_path / "final"
    shutil.copytree(policy_mod.default_data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    replace_once(
        target / "articles" / "art03.toml",
        'event_types = ["specialised_sme"]\nlevel = "provincial"\namount = "50万元"',
        'event_types = ["specialised_sme"]\nlevel = "provincial"\namount = "60万元"',
    )
    replace_once(target / "articles" / "art03.toml", f'quote = "{OLD_QUOTE}"', f'quote = "{NEW_QUOTE}"')
    replace_once(target / "readings.toml", f'quote = "{OLD_QUOTE}"', f'quote = "{NEW_QUOTE}"')
    replace_once(target / "jiaozuo-ai-measures-draft.txt", OLD_QUOTE, NEW_QUOTE)
    replace_once(target / "policy.toml", 'version = "draft-2026"', 'version = "test-revision"')
    return target


@pytest.fixture
def batch(tmp_path):
    return three_applicants(tmp_path / "applicants.xlsx")


def test_the_copy_is_valid_policy_data(revised):
    assert policy_mod.check_policy(policy_mod.load(revised)) == []
    assert policy_mod.load(revised).clause("3.3").params.amount.yuan == 600_000


def test_diff_reports_exactly_the_changed_amount_and_its_quote(revised):
    diff = build_diff("draft", str(revised))
    numbers = [
        (c.where, c.field, c.category, c.old, c.new, c.old_yuan, c.new_yuan)
        for c in diff.changes
        if c.category != "wording" and c.category != "reading"
    ]
    assert numbers == [("3.3", "params.amount", "amount", "50万元", "60万元", 500_000, 600_000)]
    wording = [(c.where, c.field) for c in diff.changes if c.category in ("wording", "reading")]
    # The clause's quote and D5's quote (the same sentence); the article text is covered by the quote.
    assert wording == [("3.3", "quote"), ("D5", "quote")]
    assert diff.new.meta.version == "test-revision"


def test_diff_of_the_draft_with_itself_is_empty():
    result = runner.invoke(app, ["diff", "draft", "draft", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"] == []


def test_diff_with_a_batch_gives_the_cost_per_article_and_who_gains(revised, batch):
    result = runner.invoke(app, ["diff", "draft", str(revised), "--batch", str(batch), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["new"]["version"] == "test-revision"
    cost = doc["cost"]
    # 650,000 → 650,000 − 500,000 + 600,000 = 750,000
    assert (cost["old_total_yuan"], cost["new_total_yuan"], cost["delta_yuan"]) == (650_000, 750_000, 100_000)
    assert cost["by_article"] == {"3": 100_000}
    assert cost["applicants_changed"] == 1 and cost["gained"] == 1 and cost["lost"] == 0
    assert cost["applicants"] == [
        {"index": 2, "applicant": "#3 乙软件公司（91410811MA9LX0QH2Q）", "before_yuan": 600_000, "after_yuan": 700_000}
    ]


def test_diff_rich_and_markdown_show_the_change(revised, batch):
    rich = runner.invoke(app, ["diff", "draft", str(revised), "--batch", str(batch)], env={"COLUMNS": "200"})
    assert rich.exit_code == 0, rich.output
    assert "50万元（500,000）" in rich.stdout and "60万元（600,000）" in rich.stdout
    assert "+100,000" in rich.stdout
    md = runner.invoke(app, ["diff", "draft", str(revised), "--batch", str(batch), "--format", "md", "--lang", "en"])
    assert "| 3.3 | amount | params.amount | 50万元 (500,000) | 60万元 (600,000) |" in md.stdout
    assert "| Art. 3 | 600,000 | 700,000 | +100,000 |" in md.stdout
    assert "Total: 650,000 → 750,000 (+100,000); 1 applicants change, 1 gain, 0 lose" in md.stdout


def test_diff_refuses_a_version_whose_quote_is_not_in_its_text(tmp_path):
    target = tmp_path / "broken"
    shutil.copytree(policy_mod.default_data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    replace_once(target / "articles" / "art03.toml", f'quote = "{OLD_QUOTE}"', f'quote = "{NEW_QUOTE}"')
    result = runner.invoke(app, ["diff", "draft", str(target), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "clause 3.3 quote" in result.stderr


def test_diff_of_a_folder_that_is_not_policy_data_exits_2(tmp_path):
    result = runner.invoke(app, ["diff", "draft", str(tmp_path)])
    assert result.exit_code == 2
    assert "policy.toml" in result.stderr
