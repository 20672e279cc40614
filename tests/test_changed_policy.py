"""A final text with other windows, durations and amounts, written by
`jzai policy export` and edited as a user would (quotes, source text and
parameters together): `jzai check --policy DIR` computes with the new
numbers and every reason of the clauses touched prints the new words and
numbers, none of the old, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app

runner = CliRunner()

# The edits, file by file, with how often each old text stands there.
# 4.1: 两年内 → 三年内, 10万元 → 12万元 per enterprise.
# 9.1: 毕业三年内 → 毕业四年内, 每人每月2000元 → 2500元 (PhD), 申领3年 → 申领2年.
# 9.2: 离校2年内 → 离校3年内.
EDITS = {
    "jiaozuo-ai-measures-draft.txt": [
        ("在两年内升规的，每户给予引荐企业10万元", "在三年内升规的，每户给予引荐企业12万元", 1),
        ("对毕业三年内", "对毕业四年内", 1),
        ("每人每月2000元", "每人每月2500元", 1),
        ("申领3年", "申领2年", 1),
        ("离校2年内", "离校3年内", 1),
    ],
    "articles/art04.toml": [
        ("两年内", "三年内", 3),
        ('text = "三年内", value = 2', 'text = "三年内", value = 3', 1),
        ('amount = "10万元"', 'amount = "12万元"', 1),
        ("引荐企业10万元", "引荐企业12万元", 1),
        ("within two years", "within three years", 1),
    ],
    "articles/art09.toml": [
        ("毕业三年内", "毕业四年内", 3),
        ('text = "毕业四年内", value = 3', 'text = "毕业四年内", value = 4', 1),
        ("每人每月2000元", "每人每月2500元", 1),
        ('phd = "2000元"', 'phd = "2500元"', 1),
        ("申领3年", "申领2年", 1),
        ('years = { text = "3年", value = 3 }', 'years = { text = "2年", value = 2 }', 1),
        ("离校2年内", "离校3年内", 3),
        ('text = "离校3年内", value = 2', 'text = "离校3年内", value = 3', 1),
        ("within three years of graduating", "within four years of graduating", 1),
        ("within two years of leaving", "within three years of leaving", 1),
    ],
    "readings.toml": [
        ("两年内", "三年内", 2),
        ("Within two years", "Within three years", 1),
        ("含两年当日", "含三年当日", 1),
        ("申领3年", "申领2年", 2),
        ("毕业三年内", "毕业四年内", 1),
        ("每人每月2000元", "每人每月2500元", 1),
        ("36个月", "24个月", 2),
        ("36 months", "24 months", 2),
        ("three years", "two years", 6),
    ],
}

# What the shipped draft says and the edited copy must no longer print.
OLD = {
    "zh": ["两年", "10万元", "毕业三年内", "2000元", "2,000元", "申领3年", "36个月", "离校2年"],
    "en": [
        "two years",
        "three years of graduating",
        "36 months",
        "2,000 yuan",
        "100,000 yuan",
        "离校2年",
        "毕业三年内",
        "两年内",
    ],
}

FACTS = """\
year = 2026

[applicant]
name = "甲智能科技有限公司"
kind = "enterprise"
size = "small"
operates_in_jiaozuo = true
pays_taxes = true
sectors = ["intelligent_software"]

[[referrals]]
name = "乙传感有限公司"
introduced = 2023-05-10
above_size = 2026-03-01

[[referrals]]
name = "丙材料有限公司"
introduced = 2022-01-10
above_size = 2026-02-01

[[graduates]]
name = "博一"
degree = "phd"
full_time = true
graduated = 2022-06-30
contract_start = 2025-09-01
insured_from = 2026-01-01
insured_to = 2026-12-31

[[graduates]]
name = "硕二"
degree = "master"
full_time = true
graduated = 2024-06-30
contract_start = 2024-07-01
insured_from = 2026-01-01
insured_to = 2026-12-31

[[graduates]]
name = "本三"
degree = "bachelor"
full_time = true
graduated = 2020-06-30
contract_start = 2025-08-01
insured_months = 12

[[graduate_hires]]
name = "丁"
graduated = 2023-06-30
hired = 2026-03-01
status_before = "unemployed"
contract_months = 24
employer_contributions = "10,000"
contribution_months = 10

[[graduate_hires]]
name = "戊"
graduated = 2022-06-30
hired = 2026-03-01
status_before = "unemployed"
contract_months = 24
employer_contributions = "10,000"
contribution_months = 10
"""

# Hand-computed under the edited text, for 2026:
#   4.1 乙: introduced 2023-05-10, 三年内 ends 2026-05-10; above size 2026-03-01 → 12万元 = 120,000
#   4.1 丙: introduced 2022-01-10, 三年内 ends 2025-01-10; above size 2026-02-01 → 0
#   9.1 博一: 毕业四年内 ends 2026-06-30, contract 2025-09-01 inside; 申领2年 = 2025-09 … 2027-08,
#       all 12 months of 2026: 12 × 2,500 = 30,000
#   9.1 硕二: contract 2024-07-01; 申领2年 = 2024-07 … 2026-06: 6 months of 2026 × 1,500 = 9,000
#   9.1 本三: graduated 2020-06-30, 毕业四年内 ends 2024-06-30; contract 2025-08-01 → 0
#   9.2 丁: graduated 2023-06-30, 离校3年内 ends 2026-06-30; hired 2026-03-01: 10 months paid, 10,000
#   9.2 戊: graduated 2022-06-30, 离校3年内 ends 2025-06-30; hired 2026-03-01 → 0
EXPECTED = {
    ("4.1", "乙传感有限公司"): 120_000,
    ("4.1", "丙材料有限公司"): 0,
    ("9.1", "博一"): 30_000,
    ("9.1", "硕二"): 9_000,
    ("9.1", "本三"): 0,
    ("9.2", "丁"): 10_000,
    ("9.2", "戊"): 0,
}

# The new words and numbers each reason must print.
NEW = {
    ("4.1", "乙传感有限公司"): {"zh": ["12万元", "120,000"], "en": ["120,000"]},
    ("4.1", "丙材料有限公司"): {"zh": ["三年内", "2025-01-10"], "en": ["三年内", "2025-01-10"]},
    ("9.1", "博一"): {"zh": ["2,500", "12个月"], "en": ["2,500 yuan a month", "12 months"]},
    ("9.1", "硕二"): {"zh": ["1,500", "6个月"], "en": ["1,500 yuan a month", "6 months"]},
    ("9.1", "本三"): {"zh": ["毕业四年内", "2024-06-30"], "en": ["毕业四年内", "2024-06-30"]},
    ("9.2", "丁"): {"zh": ["10 个月", "10,000"], "en": ["10 months", "10,000"]},
    ("9.2", "戊"): {"zh": ["离校3年内", "2025-06-30"], "en": ["离校3年内", "2025-06-30"]},
}


@pytest.fixture(scope="module")
def final_text(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("final") / "policy"
    exported = runner.invoke(app, ["policy", "export", str(folder), "--quiet"])
    assert exported.exit_code == 0, exported.output
    for name, edits in EDITS.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        for old, new, count in edits:
            assert text.count(old) == count, (name, old, text.count(old))
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    policy_mod.load(folder)  # passes the load check: quotes, source text and numbers agree
    return folder


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("facts") / "firm.toml"
    path.write_text(FACTS, encoding="utf-8")
    return path


def awards_of(facts: Path, folder: Path | None, lang: str) -> dict[tuple[str, str], dict]:
    args = ["check", str(facts), "--format", "json", "--trace", "--lang", lang] + (
        ["--policy", str(folder)] if folder else []
    )
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    return {
        (a["clause"], a["event"]): a for a in json.loads(done.stdout)["awards"] if a["clause"] in ("4.1", "9.1", "9.2")
    }


def test_the_edited_folder_computes_with_the_new_windows_durations_and_amounts(final_text, facts):
    awards = awards_of(facts, final_text, "zh")
    assert {key: award["amount_yuan"] for key, award in awards.items()} == EXPECTED


def test_the_shipped_draft_pays_otherwise_so_the_edits_are_what_changed_the_amounts(facts):
    # Under 两年内, 毕业三年内 and 离校2年内 乙, 博一 and 丁 fall outside their windows;
    # 硕二's 3年 runs 2024-07 … 2027-06: 12 months × 1,500 = 18,000.
    awards = awards_of(facts, None, "zh")
    assert awards[("4.1", "乙传感有限公司")]["amount_yuan"] == 0
    assert awards[("9.1", "博一")]["amount_yuan"] == 0
    assert awards[("9.1", "硕二")]["amount_yuan"] == 18_000
    assert awards[("9.2", "丁")]["amount_yuan"] == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_reason_of_every_clause_touched_prints_the_new_words_and_none_of_the_old(final_text, facts, lang):
    awards = awards_of(facts, final_text, lang)
    assert set(awards) == set(NEW)
    for key, award in awards.items():
        texts = [award["reason"]] + [step["text"] for step in award["trace"]]
        for new in NEW[key][lang]:
            assert new in award["reason"], (key, new, award["reason"])
        for text in texts:
            for old in OLD[lang]:
                assert old not in text, (key, old, text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_and_trace_print_none_of_the_old_words(final_text, facts, lang, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # no cell wraps, so no old word could hide across two lines
    done = runner.invoke(app, ["check", str(facts), "--policy", str(final_text), "--trace", "--lang", lang])
    assert done.exit_code == 0, done.output
    for old in OLD[lang]:
        assert old not in done.stdout, old
    assert ("三年内" if lang == "zh" else "120,000") in done.stdout
