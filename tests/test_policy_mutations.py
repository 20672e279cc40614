"""The policy is data: a final text with other numbers and words, written by
`jzai policy export` and edited as a user would (the source text, the quotes
and the parameters together), must change what jzai computes and prints, and
nothing in the code may keep the draft's numbers or words.

Each test edits one thing, computes by hand what the edited text gives, and
compares what `jzai check --policy DIR` shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app

runner = CliRunner()

TEXT = "jiaozuo-ai-measures-draft.txt"


def _edit(folder: Path, edits: dict[str, list[tuple[str, str, int]]]) -> Path:
    """The shipped policy exported into `folder`, with each (old, new, count) edit made."""
    exported = runner.invoke(app, ["policy", "export", str(folder), "--quiet"])
    assert exported.exit_code == 0, exported.output
    for name, pairs in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new, count in pairs:
            assert text.count(old) == count, (name, old, text.count(old))
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def edited(folder: Path, edits: dict[str, list[tuple[str, str, int]]]) -> Path:
    """As `_edit`, and the result passes the load check: quotes, source text and numbers agree."""
    _edit(folder, edits)
    policy_mod.load(folder)
    return folder


def check(facts: str, tmp_path: Path, folder: Path | None, lang: str = "zh") -> list[dict]:
    path = tmp_path / "facts.toml"
    path.write_text(facts, encoding="utf-8")
    args = ["check", str(path), "--format", "json", "--lang", lang] + (["--policy", str(folder)] if folder else [])
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)["awards"]


def by_event(awards: list[dict]) -> dict[tuple[str, str | None], dict]:
    return {(a["clause"], a["event"]): a for a in awards}


APPLICANT = """\
year = 2026

[applicant]
name = "甲智能科技有限公司"
kind = "enterprise"
size = "small"
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
sectors = ["intelligent_software"]
"""

# --- windows and durations whose words exclude the number (不满, 超过) ----------------

# 4.1: 两年内 → 不满两年; 9.1: 毕业三年内 → 毕业不满三年;
# 9.2: 离校2年内 → 离校不满2年, 1年以上劳动合同 → 超过1年的劳动合同.
EXCLUSIVE = {
    TEXT: [
        ("新引进企业在两年内升规的", "新引进企业不满两年升规的", 1),
        ("对毕业三年内，", "对毕业不满三年，", 1),
        ("离校2年内未就业", "离校不满2年未就业", 1),
        ("签订1年以上劳动合同", "签订超过1年的劳动合同", 1),
    ],
    "articles/art04.toml": [
        ("新引进企业在两年内升规的", "新引进企业不满两年升规的", 1),
        (
            'window_years = { text = "两年内", value = 2, inclusive = true }',
            'window_years = { text = "不满两年", value = 2, inclusive = false }',
            1,
        ),
    ],
    "articles/art09.toml": [
        ("对毕业三年内，", "对毕业不满三年，", 1),
        (
            'within_years = { text = "毕业三年内", value = 3, inclusive = true }',
            'within_years = { text = "毕业不满三年", value = 3, inclusive = false }',
            1,
        ),
        ("离校2年内未就业", "离校不满2年未就业", 2),
        ("签订1年以上劳动合同", "签订超过1年的劳动合同", 2),
        (
            'unemployed_within_years = { text = "离校2年内", value = 2, inclusive = true }',
            'unemployed_within_years = { text = "离校不满2年", value = 2, inclusive = false }',
            1,
        ),
        (
            'contract_years = { text = "1年以上", value = 1, inclusive = true }',
            'contract_years = { text = "超过1年", value = 1, inclusive = false }',
            1,
        ),
    ],
    "readings.toml": [
        ('quote = "新引进企业在两年内升规的"', 'quote = "新引进企业不满两年升规的"', 1),
        ("对毕业三年内，", "对毕业不满三年，", 1),
    ],
}

# Every item falls on the number itself: exactly two years, three years, two
# years, a contract of exactly twelve months.
ON_THE_NUMBER = (
    APPLICANT
    + """
[[referrals]]
name = "乙传感有限公司"
introduced = 2024-05-10
above_size = 2026-05-10

[[graduates]]
name = "王硕"
degree = "master"
full_time = true
graduated = 2023-06-30
contract_start = 2026-06-30
insured_months = 6

[[graduate_hires]]
name = "陈某"
graduated = 2026-06-30
hired = 2026-07-01
status_before = "graduation_year"
contract_months = 12
employer_contributions = "6,000"
contribution_months = 6

[[graduate_hires]]
name = "李某"
graduated = 2024-06-30
hired = 2026-06-30
status_before = "unemployed"
contract_months = 24
employer_contributions = "7,000"
contribution_months = 7
"""
)


def test_the_draft_includes_the_number_of_its_windows_and_durations(tmp_path):
    # 两年内, 毕业三年内, 离校2年内, 1年以上 all include the number:
    #   4.1 乙: above size on the second anniversary 2026-05-10 → 10万元 = 100,000
    #   9.1 王硕: contract on the third anniversary → 6 months × 1,500 = 9,000
    #   9.2 陈某: a 12-month contract is 1年以上 → 6,000 actually paid
    #   9.2 李某: hired on the second anniversary of leaving school → 7,000
    awards = by_event(check(ON_THE_NUMBER, tmp_path, None))
    assert awards[("4.1", "乙传感有限公司")]["amount_yuan"] == 100_000
    assert awards[("9.1", "王硕")]["amount_yuan"] == 9_000
    assert awards[("9.2", "陈某")]["amount_yuan"] == 6_000
    assert awards[("9.2", "李某")]["amount_yuan"] == 7_000


@pytest.fixture(scope="module")
def exclusive(tmp_path_factory) -> Path:
    return edited(tmp_path_factory.mktemp("exclusive") / "policy", EXCLUSIVE)


def test_a_window_that_excludes_its_number_pays_nothing_on_the_number(exclusive, tmp_path):
    # 不满两年 / 毕业不满三年 / 离校不满2年 exclude the anniversary itself; the last
    # day within is the day before it. 超过1年 excludes a contract of exactly 12 months.
    #   4.1 乙: introduced 2024-05-10, last day 2026-05-09; above size 2026-05-10 → 0,
    #       one day late; meeting it would pay 10万元 = 100,000
    #   9.1 王硕: graduated 2023-06-30, last day 2026-06-29; contract 2026-06-30 → 0,
    #       one day late; meeting it would pay 6 × 1,500 = 9,000
    #   9.2 陈某: contract 12 months, not 超过1年 → 0, one month short; would pay 6,000
    #   9.2 李某: graduated 2024-06-30, last day 2026-06-29; hired 2026-06-30 → 0,
    #       one day late; would pay 7,000
    awards = by_event(check(ON_THE_NUMBER, tmp_path, exclusive))
    expected = {
        ("4.1", "乙传感有限公司"): (1, 100_000, "2026-05-09"),
        ("9.1", "王硕"): (1, 9_000, "2026-06-29"),
        ("9.2", "陈某"): (1, 6_000, None),
        ("9.2", "李某"): (1, 7_000, "2026-06-29"),
    }
    for key, (short, would_pay, last_day) in expected.items():
        award = awards[key]
        assert award["status"] == "not_eligible", (key, award["reason"])
        assert award["amount_yuan"] == 0, key
        assert award["near_miss"]["shortfall"] == short, (key, award["near_miss"])
        assert award["near_miss"]["would_pay_yuan"] == would_pay, key
        if last_day is not None:
            assert last_day in award["reason"], (key, award["reason"])


def test_a_window_that_excludes_its_number_pays_the_day_before(exclusive, tmp_path):
    # One day earlier (a 13-month contract) each item is inside again:
    # 100,000 + 9,000 + 6,000 + 7,000.
    facts = (
        ON_THE_NUMBER.replace("above_size = 2026-05-10", "above_size = 2026-05-09")
        .replace("contract_start = 2026-06-30", "contract_start = 2026-06-29")
        .replace("contract_months = 12", "contract_months = 13")
        .replace("hired = 2026-06-30", "hired = 2026-06-29")
    )
    awards = by_event(check(facts, tmp_path, exclusive))
    assert awards[("4.1", "乙传感有限公司")]["amount_yuan"] == 100_000
    assert awards[("9.1", "王硕")]["amount_yuan"] == 9_000
    assert awards[("9.2", "陈某")]["amount_yuan"] == 6_000
    assert awards[("9.2", "李某")]["amount_yuan"] == 7_000


# --- a window written in months ------------------------------------------------------


def test_a_window_written_in_months_is_refused_not_read_as_years(tmp_path):
    # 4.1: 两年内 → 18个月内. The rules count windows in whole years: read as 18 years, a
    # referral introduced 2021-01-10 and above size 2026-02-01 was paid 100,000 (the window
    # of 18 months ended 2022-07-10: nothing). The edited policy is now refused at load,
    # naming the parameter, so no amount is computed on a misread window.
    folder = _edit(
        tmp_path / "policy",
        {
            TEXT: [("新引进企业在两年内升规的", "新引进企业在18个月内升规的", 1)],
            "articles/art04.toml": [
                ("新引进企业在两年内升规的", "新引进企业在18个月内升规的", 1),
                (
                    'window_years = { text = "两年内", value = 2, inclusive = true }',
                    'window_years = { text = "18个月内", value = 18, inclusive = true }',
                    1,
                ),
            ],
            "readings.toml": [('quote = "新引进企业在两年内升规的"', 'quote = "新引进企业在18个月内升规的"', 1)],
        },
    )
    facts = tmp_path / "facts.toml"
    facts.write_text(
        APPLICANT + '\n[[referrals]]\nname = "乙公司"\nintroduced = 2021-01-10\nabove_size = 2026-02-01\n',
        encoding="utf-8",
    )
    done = runner.invoke(app, ["check", str(facts), "--policy", str(folder)])
    assert done.exit_code == 2
    assert "window_years" in done.output and "18个月内" in done.output and "整年" in done.output
    # the words of the draft, in years, load as before (两年内: 2)
    assert policy_mod.load().clause("4.1").params.window_years.value == 2


# --- 最高 (up to, set on review) is a word of the text -------------------------------

DATA_TRADING = (
    APPLICANT
    + """
[data_trading]
platform_qualified = true
first_listing_date = 2026-03-10
listing_fee = "1.6万"
annual_volume = "320万"
"""
)


def _refused(folder: Path, tmp_path: Path, clause: str) -> str:
    path = tmp_path / "facts.toml"
    path.write_text(DATA_TRADING, encoding="utf-8")
    done = runner.invoke(app, ["check", str(path), "--policy", str(folder)])
    assert done.exit_code == 2, done.output
    assert f"clause {clause}" in done.output and "最高" in done.output
    return done.output


def test_a_trading_award_whose_words_drop_zuigao_is_refused_not_told_as_up_to(tmp_path):
    # 8.7/8.8: 分别给予最高5万元、10万元 → 分别给予5万元、10万元, kind = "fixed". The rule pays
    # and tells its amount as up to a ceiling set on review (最高…以审核为准): with a volume of
    # 3,200,000 ≥ 200万元 it would show "最高 50,000" where the words now say a sure 50,000. The
    # policy is refused at load instead, naming the clauses.
    folder = _edit(
        tmp_path / "policy",
        {
            TEXT: [("的分别给予最高5万元、10万元的奖励", "的分别给予5万元、10万元的奖励", 1)],
            "articles/art08.toml": [
                ("的分别给予最高5万元、10万元的奖励", "的分别给予5万元、10万元的奖励", 2),
                ('kind = "ceiling"', 'kind = "fixed"', 2),
            ],
        },
    )
    out = _refused(folder, tmp_path, "8.7")
    assert "clause 8.8" in out


def test_a_listing_subsidy_whose_words_say_buchaoguo_is_refused_not_told_as_up_to(tmp_path):
    # 8.6: 最高1万元 → 不超过1万元 (as 6.1's 不超过100万元, a sure amount): 50% × 16,000 = 8,000
    # would be shown as "最高 8,000" under the up-to total. Refused at load instead.
    folder = _edit(
        tmp_path / "policy",
        {
            TEXT: [("按挂牌服务费用的50%给予补助，最高1万元", "按挂牌服务费用的50%给予补助，不超过1万元", 1)],
            "articles/art08.toml": [
                ("按挂牌服务费用的50%给予补助，最高1万元", "按挂牌服务费用的50%给予补助，不超过1万元", 1)
            ],
        },
    )
    _refused(folder, tmp_path, "8.6")


def test_the_drafts_up_to_clauses_load(tmp_path):
    # the shipped words say 最高 for 8.6, 8.7 and 8.8: nothing refused
    clauses = {c.id: c for c in policy_mod.load().clauses}
    assert all("最高" in clauses[c].quote for c in ("8.6", "8.7", "8.8"))
