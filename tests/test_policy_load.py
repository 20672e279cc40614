"""A policy folder is checked when it loads: a copy of the data that no
longer agrees with its own text is refused with exit 2, naming the clause
(or reading) and the field. `jzai policy export` writes the shipped data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app

runner = CliRunner()
EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "ai-software-firm.toml")


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(policy_mod.default_data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(policy_mod.PolicyDataError) as caught:
        policy_mod.load(folder)
    return [f"{p.where} {p.field}" for p in caught.value.problems]


def test_the_shipped_data_passes_every_check(shipped_policy):
    assert policy_mod.check_policy(shipped_policy) == []


def test_an_unchanged_copy_loads(copy):
    assert policy_mod.load(copy).clause("3.3").params.amount.yuan == 500_000


def test_an_amount_raised_under_a_quote_that_still_says_the_old_amount_is_refused(copy):
    edit(
        copy / "articles" / "art03.toml",
        'level = "provincial"\namount = "50万元"',
        'level = "provincial"\namount = "60万元"',
    )
    assert problems_of(copy) == ["clause 3.3 params.amount"]


def test_check_with_such_a_folder_exits_2_naming_the_clause_and_field(copy):
    edit(
        copy / "articles" / "art03.toml",
        'level = "provincial"\namount = "50万元"',
        'level = "provincial"\namount = "60万元"',
    )
    result = runner.invoke(app, ["check", EXAMPLE, "--policy", str(copy)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "clause 3.3 params.amount" in result.stderr and "60万元" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_quote_that_is_not_in_the_text_is_refused(copy):
    edit(copy / "articles" / "art04.toml", "单个企业奖励累计最高100万元。", "单个企业奖励累计最高100万元！")
    assert problems_of(copy) == ["clause 4.1 quote"]


def test_a_threshold_whose_value_is_not_what_its_words_write_is_refused(copy):
    # 3.1 超过5000万元 written with value 4000万元.
    edit(
        copy / "articles" / "art03.toml",
        'level = "national"\namount = "50万元"\ntaxable_revenue = { text = "超过5000万元", value = "5000万元"',
        'level = "national"\namount = "50万元"\ntaxable_revenue = { text = "超过5000万元", value = "4000万元"',
    )
    assert problems_of(copy) == ["clause 3.1 params.taxable_revenue.value"]


def test_an_exclusive_word_marked_inclusive_is_refused(copy):
    # 超过 excludes the number: inclusive = true contradicts it.
    edit(
        copy / "articles" / "art03.toml",
        'level = "provincial"\namount = "30万元"\ntaxable_revenue = { text = "超过5000万元", value = "5000万元", inclusive = false }',
        'level = "provincial"\namount = "30万元"\ntaxable_revenue = { text = "超过5000万元", value = "5000万元", inclusive = true }',
    )
    assert problems_of(copy) == ["clause 3.2 params.taxable_revenue.inclusive"]


def test_an_inclusive_word_marked_exclusive_is_refused(copy):
    # 两年内 includes its end.
    edit(copy / "articles" / "art04.toml", "value = 2, inclusive = true", "value = 2, inclusive = false")
    assert problems_of(copy) == ["clause 4.1 params.window_years.inclusive"]


def test_a_window_changed_in_words_and_value_together_loads(copy):
    # A final text with 三年内 in the quote, the source and the parameter is valid data.
    for path in (copy / "articles" / "art04.toml", copy / "jiaozuo-ai-measures-draft.txt"):
        edit(path, "新引进企业在两年内升规的", "新引进企业在三年内升规的")
    edit(copy / "readings.toml", 'quote = "新引进企业在两年内升规的"', 'quote = "新引进企业在三年内升规的"')
    edit(
        copy / "articles" / "art04.toml",
        'window_years = { text = "两年内", value = 2',
        'window_years = { text = "三年内", value = 3',
    )
    assert policy_mod.load(copy).clause("4.1").params.window_years.value == 3


def test_a_clause_id_used_twice_is_refused(copy):
    edit(copy / "articles" / "art03.toml", 'id = "3.2"', 'id = "3.1"')
    assert "clause 3.1 id" in problems_of(copy)


def test_an_unknown_rule_is_refused(copy):
    edit(copy / "articles" / "art06.toml", 'rule = "compute"', 'rule = "computer"')
    assert problems_of(copy) == ["clause 6.1 rule"]


def test_a_misspelt_parameter_is_refused(copy):
    edit(copy / "articles" / "art06.toml", 'cap_yearly = "100万元"', 'cap_year = "100万元"')
    assert problems_of(copy) == ["clause 6.1 params"]


def test_a_patch_of_an_option_not_in_force_that_names_no_parameter_is_refused(copy):
    # D1's `literal` is not the default: its patch is checked all the same.
    edit(
        copy / "readings.toml",
        'patch = [{ clause = "8.4", param = "amounts.1", value = "5元" }]',
        'patch = [{ clause = "8.4", param = "amounts.9", value = "5元" }]',
    )
    assert problems_of(copy) == ["reading D1 options.literal.patch"]


def test_a_patch_naming_no_clause_is_refused(copy):
    edit(
        copy / "readings.toml",
        'patch = [{ clause = "8.4", param = "amounts.1", value = "5元" }]',
        'patch = [{ clause = "8.9", param = "amounts.1", value = "5元" }]',
    )
    assert problems_of(copy) == ["reading D1 options.literal.patch"]


def test_a_reading_naming_no_clause_and_a_clause_naming_no_reading_are_refused(copy):
    edit(copy / "readings.toml", 'clauses = ["8.7"]', 'clauses = ["8.9"]')
    edit(copy / "articles" / "art06.toml", 'readings = ["D6", "D7"]', 'readings = ["D6", "D70"]')
    assert sorted(problems_of(copy)) == ["clause 6.1 readings", "reading D3 clauses"]


def test_a_folder_without_policy_data_exits_2_naming_the_file(tmp_path):
    result = runner.invoke(app, ["check", EXAMPLE, "--policy", str(tmp_path)])
    assert result.exit_code == 2
    assert "policy.toml" in result.stderr and "Traceback" not in result.stderr


def test_policy_export_writes_the_shipped_data_which_loads_as_the_draft(tmp_path):
    target = tmp_path / "final-policy"
    result = runner.invoke(app, ["policy", "export", str(target)])
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert "policy.toml" in written and "readings.toml" in written and "jiaozuo-ai-measures-draft.txt" in written
    assert [f"articles/art{n:02d}.toml" for n in range(1, 11)] == [w for w in written if w.startswith("articles/")]
    assert not any(w.endswith(".py") for w in written)
    exported = policy_mod.load(target)
    assert [c.id for c in exported.clauses] == [c.id for c in policy_mod.load().clauses]
    assert exported.source_text == policy_mod.load().source_text


def test_policy_export_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    result = runner.invoke(app, ["policy", "export", str(target)])
    assert result.exit_code == 2
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".busy")]


def test_policy_export_into_an_empty_folder(tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    assert runner.invoke(app, ["policy", "export", str(target)]).exit_code == 0
    assert (target / "policy.toml").is_file()
