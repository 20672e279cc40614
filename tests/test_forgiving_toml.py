"""The mistakes a person really makes in a TOML facts file get a message in
Chinese (and English) that names the line and shows the fix."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.readers.toml_reader import read_facts, syntax_fix

runner = CliRunner()
HEAD = 'year = 2026\n[applicant]\nname = "甲公司"\nkind = "enterprise"\n'


def check(tmp_path, text: str):
    path = tmp_path / "facts.toml"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["check", str(path)])


@pytest.mark.parametrize(
    "line, fix, words",
    [
        ("first_listing_date = 2026.3.1", "first_listing_date = 2026-03-01", "日期写法不对"),
        ("first_listing_date = 2026/3/1", "first_listing_date = 2026-03-01", "日期写法不对"),
        ("first_listing_date = 2026年3月1日", "first_listing_date = 2026-03-01", "日期写法不对"),
        ("listing_fee = 3200万元", 'listing_fee = "3200万元"', "须加引号"),
        ("listing_fee = 1,200", 'listing_fee = "1,200"', "须加引号"),
        ("platform_qualified = “是”", 'platform_qualified = "是"', "英文半角引号"),
        ("platform_qualified ＝ true", "platform_qualified = true", "全角等号"),
        ("platform_qualified = 是", 'platform_qualified = "是"', "中文的值须加引号"),
        ("挂牌服务费用 = 1", "listing_fee = 1", "中文标签"),
        ("规模 = 1", '"规模" = 1', "中文键名须加引号"),
    ],
)
def test_a_hand_written_mistake_names_its_line_and_shows_the_fix(tmp_path, line, fix, words):
    result = check(tmp_path, HEAD + "[data_trading]\n" + line + "\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "第6行" in result.stderr  # the line of the mistake: HEAD is 4 lines, [data_trading] the 5th
    assert words in result.stderr
    assert f"应写作 {fix}" in result.stderr and f"write {fix}" in result.stderr


def test_the_suggested_fix_reads(tmp_path):
    # Each fix above, written as suggested, is valid (the date one at least reads as a date).
    path = tmp_path / "fixed.toml"
    path.write_text(
        HEAD + '[data_trading]\nfirst_listing_date = 2026-03-01\nlisting_fee = "3200万元"\n', encoding="utf-8"
    )
    facts = read_facts(path)
    assert facts.data_trading.listing_fee == 32_000_000  # 3200万元 = 3200 × 10,000


def test_a_year_with_the_unit_unquoted_is_shown_as_a_bare_number():
    assert syntax_fix("year = 2026年") == ("年度只写数字", "a year is a bare number", "year = 2026")


def test_a_quoted_chinese_label_as_key_reports_its_own_line_and_the_key_to_use(tmp_path):
    result = check(tmp_path, HEAD + '"当年应税收入" = "6000万"\n')
    assert result.exit_code == 2
    assert "第5行" in result.stderr  # the line of the key, not of [applicant]
    assert "taxable_revenue" in result.stderr and "中文标签" in result.stderr


def test_a_label_with_its_unit_is_known_too(tmp_path):
    result = check(tmp_path, HEAD + '"当年应税收入（元）" = "6000万"\n')
    assert "taxable_revenue" in result.stderr


@pytest.mark.parametrize("written", ['"2026年"', '"2026年度"', '"2026"', "2026"])
def test_the_assessment_year_may_carry_its_unit(tmp_path, written):
    path = tmp_path / "facts.toml"
    path.write_text(HEAD.replace("year = 2026", f"year = {written}"), encoding="utf-8")
    assert read_facts(path).year == 2026


def test_a_wrong_choice_lists_the_chinese_labels_first(tmp_path):
    result = check(tmp_path, HEAD.replace('kind = "enterprise"', 'kind = "公司"'))
    assert result.exit_code == 2
    message = result.stderr
    assert "企业（enterprise）" in message and "产业园区（park）" in message
    assert message.index("企业（enterprise）") < message.index("expected one of")


def test_a_close_choice_is_suggested_by_its_chinese_label(tmp_path):
    result = check(tmp_path, HEAD.replace('kind = "enterprise"', 'kind = "企"'))
    assert "是否想写“企业”（enterprise）" in result.stderr or "expected one of" in result.stderr


def test_the_syntax_message_is_chinese_first_with_the_parser_english_beside(tmp_path):
    result = check(tmp_path, HEAD + "x = 1 2\n")
    assert "TOML 语法有误：一行只能写一个“键 = 值”" in result.stderr
    assert "(syntax error: Expected newline or end of document after a statement)" in result.stderr
