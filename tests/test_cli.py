"""`jzai check` and `jzai explain` through the command line (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli import __version__
from jzai_cli.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()

# Totals computed by hand in each example's header comment.
EXPECTED = {
    # 3.3 500,000 + 6.1 (360,000 + 640,000) + 9.1 (24,000 + 9,000) + 9.2 6,000
    "ai-software-firm.toml": {"total_yuan": 1_539_000, "ceiling_total_yuan": 0},
    # 8.2 50,000 + 8.4 50,000 + 8.5 (100,000 − 50,000); up to: 8.6 8,000 + 8.7 50,000
    "data-labelling-firm.toml": {"total_yuan": 150_000, "ceiling_total_yuan": 58_000},
    # 4.2 200,000 + 7.1 500,000
    "ai-park.toml": {"total_yuan": 700_000, "ceiling_total_yuan": 0},
    # 3.1 500,000 + 3.2 300,000 + 5.4 200,000 + 7.5 2 × 300,000 + 4.1 (1,000,000 − 950,000)
    "smart-manufacturer.toml": {"total_yuan": 1_650_000, "ceiling_total_yuan": 0},
}


def check_json(*args: str) -> dict:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_example_is_listed_with_its_hand_computed_total():
    assert sorted(p.name for p in EXAMPLES.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_json_of_each_example_gives_its_hand_computed_totals(name):
    document = check_json(str(EXAMPLES / name))
    assert document["total_yuan"] == EXPECTED[name]["total_yuan"]
    assert document["ceiling_total_yuan"] == EXPECTED[name]["ceiling_total_yuan"]
    assert (
        sum(a["amount_yuan"] for a in document["awards"] if a["status"] == "eligible" and not a["ceiling"])
        == document["total_yuan"]
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_json_has_the_documented_keys(name):
    document = check_json(str(EXAMPLES / name))
    for key in (
        "policy",
        "applicant",
        "year",
        "awards",
        "total_yuan",
        "ceiling_total_yuan",
        "remaining_limits",
        "missing_facts",
    ):
        assert key in document
    assert set(document["policy"]) >= {"title", "version", "status"}
    assert document["policy"]["status"] == "draft"
    for award in document["awards"]:
        assert set(award) >= {"clause", "article", "status", "amount_yuan", "kind", "recipient", "caps", "notes"}
        assert isinstance(award["article"], int) and isinstance(award["amount_yuan"], int)
        assert award["article"] == int(award["clause"].split(".")[0])


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_table_of_each_example_prints_the_total(name, lang):
    result = runner.invoke(app, ["check", str(EXAMPLES / name), "--lang", lang])
    assert result.exit_code == 0, result.output
    total = f"{EXPECTED[name]['total_yuan']:,}"
    assert total in result.stdout
    assert ("征求意见稿" if lang == "zh" else "draft for public comment") in result.stdout


def test_the_table_shows_the_cap_that_cut_the_compute_voucher_and_the_limit_left():
    out = runner.invoke(app, ["check", str(EXAMPLES / "ai-software-firm.toml")]).stdout
    # 6.1: 20% × 4,000,000 = 800,000 cut to 1,000,000 − 360,000 = 640,000.
    assert "触及的上限" in out and "800,000" in out and "640,000" in out
    # 9.1 王博: 72,000 − 32,000 − 24,000 = 16,000 left.
    assert "剩余额度" in out and "16,000" in out


def test_the_json_reports_remaining_limits_and_caps_hit():
    document = check_json(str(EXAMPLES / "smart-manufacturer.toml"))
    # 4.1: 累计最高100万元, 950,000 received, 50,000 now → 0 left.
    limit = next(lim for lim in document["remaining_limits"] if lim["clause"] == "4.1")
    assert (limit["limit"], limit["used_before"], limit["this_award"], limit["remaining"]) == (
        1_000_000,
        950_000,
        50_000,
        0,
    )
    assert any(
        c["clause"] == "4.1" and c["before_yuan"] == 100_000 and c["after_yuan"] == 50_000 for c in document["caps_hit"]
    )


def test_year_option_overrides_the_file_and_changes_what_is_new():
    # In 2027 the 2026 recognitions are no longer new (D5): 3.3 pays nothing.
    document = check_json(str(EXAMPLES / "ai-software-firm.toml"), "--year", "2027")
    assert document["year"] == 2027
    award = next(a for a in document["awards"] if a["clause"] == "3.3")
    assert award["status"] == "not_eligible" and award["amount_yuan"] == 0


def test_check_reads_standard_input():
    text = (EXAMPLES / "ai-park.toml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total_yuan"] == 700_000


def test_json_output_is_identical_on_two_runs():
    first = runner.invoke(app, ["check", str(EXAMPLES / "data-labelling-firm.toml"), "-f", "json"]).stdout
    second = runner.invoke(app, ["check", str(EXAMPLES / "data-labelling-firm.toml"), "-f", "json"]).stdout
    assert first == second


def test_reading_d1_literal_turns_the_provincial_first_prize_into_five_yuan():
    # D1 literal: "一、二、三等奖分别奖励5元" → 5 yuan instead of 50,000.
    document = check_json(str(EXAMPLES / "data-labelling-firm.toml"), "--reading", "D1=literal")
    prize = next(a for a in document["awards"] if a["clause"] == "8.4")
    assert prize["amount_yuan"] == 5
    assert document["readings"]["D1"] == "literal"
    # 150,000 − 50,000 + 5
    assert document["total_yuan"] == 100_005


def test_an_unknown_reading_is_refused_with_the_valid_ones():
    result = runner.invoke(app, ["check", str(EXAMPLES / "ai-park.toml"), "--reading", "D1=typo"])
    assert result.exit_code == 2
    assert "D1=ceiling|literal" in result.stderr


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


# --- bad input: one block naming the file, the line or key, exit 2 -----------


def write(tmp_path: Path, text: str | bytes, name: str = "facts.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOD_APPLICANT = """
[applicant]
name = "甲公司"
kind = "enterprise"
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'year = 2026\n[applicant]\nname = "甲"\nkind = "enterprise"\ncredit_cod = "x"\n',
            ["第5行", "credit_cod", "credit_code"],
        ),
        ('[applicant\nname = "甲"\n', ["第1行", "TOML"]),
        ("year = 2026" + GOOD_APPLICANT + '[[events]]\ntype = "little_giant"\ndate = 2026-02-30\n', ["TOML"]),
        (
            "year = 2026" + GOOD_APPLICANT + '[[events]]\ntype = "little_giant"\ndate = "2026-02-30"\n',
            ["events[1].date", "日期不存在"],
        ),
        ("year = 2026" + GOOD_APPLICANT + 'taxable_revenue = "-5万"\n', ["applicant.taxable_revenue", "负"]),
        ("year = 2026" + GOOD_APPLICANT + 'credit_code = "91410800MA9K3T2B50"\n', ["applicant.credit_code", "校验位"]),
        ("year = 2026" + GOOD_APPLICANT + 'pays_taxes = "maybe"\n', ["applicant.pays_taxes", "是/否"]),
        ('year = "twenty"' + GOOD_APPLICANT, ["year", "整数"]),
        ('year = 2026\n[applicant]\n名称 = "甲"\n', ["中文键名须加引号"]),
    ],
    ids=[
        "unknown-key",
        "syntax",
        "impossible-toml-date",
        "impossible-text-date",
        "negative",
        "check-digit",
        "bool",
        "int",
        "chinese-key",
    ],
)
def test_bad_facts_end_in_one_block_naming_the_place_and_exit_2(tmp_path, text, expected):
    path = write(tmp_path, text)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(path) in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert result.stdout == ""


def test_a_missing_file_is_named(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "文件不存在" in result.stderr


def test_gbk_file_is_refused_with_a_hint_to_save_as_utf8(tmp_path):
    path = write(tmp_path, ('year = 2026\n[applicant]\nname = "焦作甲公司"\nkind = "enterprise"\n').encode("gbk"))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "UTF-8" in result.stderr and "GBK" in result.stderr


def test_english_errors_on_request(tmp_path):
    path = write(tmp_path, 'year = 2026\n[applicant]\nname = "甲"\nkind = "enterprise"\nsise = "small"\n')
    result = runner.invoke(app, ["check", str(path), "--lang", "en"])
    assert result.exit_code == 2 and "line 5" in result.stderr and "'size'" in result.stderr


# --- explain ------------------------------------------------------------------


@pytest.mark.parametrize("target", ["article-8", "8", "第八条", "八", "art8"])
def test_explain_accepts_every_spelling_of_an_article(target):
    result = runner.invoke(app, ["explain", target])
    assert result.exit_code == 0, result.output
    assert "强化数据要素供给" in result.stdout
    assert "8.5" in result.stdout and "晋级补差" in result.stdout
    assert "D1" in result.stdout  # the readings touching article 8


def test_explain_a_clause_shows_only_that_clause_and_its_readings():
    result = runner.invoke(app, ["explain", "8.4"])
    assert result.exit_code == 0
    assert "8.4" in result.stdout and "8.5  " not in result.stdout
    assert "D1" in result.stdout and "5万元" in result.stdout


def test_explain_alone_lists_the_ten_articles():
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 0
    for heading in ("第一条", "第五条", "第十条"):
        assert heading in result.stdout


def test_explain_article_two_shows_the_gate_and_article_ten_pays_nothing():
    gate = runner.invoke(app, ["explain", "2"]).stdout
    assert "原则上" in gate and "applicant.in_jiaozuo_statistics" in gate
    ten = runner.invoke(app, ["explain", "第十条", "--lang", "en"]).stdout
    assert "Pays nothing by formula" in ten


def test_explain_an_unknown_target_lists_the_valid_ones():
    result = runner.invoke(app, ["explain", "article-11"])
    assert result.exit_code == 2
    assert "9.2" in result.stderr and "article-8" in result.stderr


def test_every_command_has_help_with_an_example():
    for command in ("check", "explain"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_colour_is_off_when_no_color_is_set_or_output_is_not_a_terminal(monkeypatch):
    from jzai_cli.render.common import console

    monkeypatch.setenv("NO_COLOR", "1")
    assert console().no_color is True
    monkeypatch.delenv("NO_COLOR")
    assert console().is_terminal is False  # CliRunner and pipes: no colour codes
    out = runner.invoke(app, ["check", str(EXAMPLES / "ai-park.toml")]).stdout
    assert "\x1b[" not in out


def test_json_goes_to_stdout_clean_and_notes_go_elsewhere():
    result = runner.invoke(app, ["check", str(EXAMPLES / "ai-park.toml"), "-f", "json"])
    json.loads(result.stdout)  # the whole of stdout is one JSON document
