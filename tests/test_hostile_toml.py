"""Hostile and broken TOML: every file ends in a correct reading or one
readable message, exit 2, no traceback (a hang is caught in the process
runs by `processes.HANG`; speed is measured in benchmarks/, not here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()
HEAD = 'year = 2026\n[applicant]\nname = "甲公司"\nkind = "enterprise"\n'


def check(tmp_path: Path, content: bytes | str, *args: str):
    path = tmp_path / "facts.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = path.read_bytes()
    result = runner.invoke(app, ["check", str(path), *args])
    assert path.read_bytes() == before  # the input is never modified
    assert "Traceback" not in result.output
    return result


def fails(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("错误：") == 1  # one block
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_a_syntax_error_cites_line_and_column(tmp_path):
    fails(check(tmp_path, HEAD + "size = \n"), "第5行", "第8列", "TOML")


def test_gbk_is_refused_with_advice(tmp_path):
    fails(check(tmp_path, HEAD.encode("gbk")), "GBK", "UTF-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_with_advice(tmp_path, codec):
    fails(check(tmp_path, HEAD.encode(codec)), "UTF-16", "UTF-8")


def test_a_utf8_bom_is_accepted(tmp_path):
    result = check(tmp_path, b"\xef\xbb\xbf" + HEAD.encode("utf-8"))
    assert result.exit_code == 0, result.output


def test_a_nul_byte_is_refused(tmp_path):
    fails(check(tmp_path, HEAD.encode("utf-8") + b'x = "\x00"\n'), "NUL")


def test_100000_deep_nesting_is_refused(tmp_path):
    fails(check(tmp_path, HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n"), "嵌套过深")


def test_1e400_as_an_amount_is_refused_as_too_large(tmp_path):
    fails(check(tmp_path, HEAD + "taxable_revenue = 1e400\n"), "applicant.taxable_revenue", "过大")


@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_infinity_are_refused(tmp_path, literal):
    fails(check(tmp_path, HEAD + f"taxable_revenue = {literal}\n"), "applicant.taxable_revenue")


def test_an_integer_beyond_64_bits_is_refused(tmp_path):
    fails(check(tmp_path, HEAD + f"taxable_revenue = {2**70}\n"), "过大")


def test_a_huge_year_is_out_of_range(tmp_path):
    fails(check(tmp_path, f"year = {10**30}\n" + HEAD.split("\n", 1)[1]), "year", "超出范围")


def test_a_10_mb_file_is_refused_before_parsing_and_the_limit_can_be_raised(tmp_path):
    padding = "# " + "x" * 1000 + "\n"
    content = HEAD + padding * (10 * 1024)
    fails(check(tmp_path, content), "文件过大", "--max-file-mb")
    assert check(tmp_path, content, "--max-file-mb", "20").exit_code == 0


def test_an_offset_datetime_where_a_date_is_expected_is_refused(tmp_path):
    fails(
        check(tmp_path, HEAD + '[[events]]\ntype = "little_giant"\ndate = 2026-03-01T08:00:00+08:00\n'),
        "events[1].date",
        "不能带时间",
    )


def test_a_chinese_bare_key_is_explained(tmp_path):
    fails(check(tmp_path, HEAD + '规模 = "小型"\n'), "中文键名须加引号")


def test_a_very_long_name_is_refused_with_its_limit(tmp_path):
    fails(check(tmp_path, HEAD.replace("甲公司", "甲" * 40_000)), "applicant.name", "文本过长")


@pytest.mark.parametrize(
    "name",
    ["[/]", "[link=https://example.invalid]点我[/link]", "\x1b[31m红色\x1b[0m", "甲\u202e司公", "[bold red]粗体"],
    ids=["closing-tag", "link", "ansi", "rtl-override", "style"],
)
def test_names_cannot_inject_markup_links_or_escapes_into_the_terminal(tmp_path, name):
    content = HEAD.replace('"甲公司"', '"' + name.replace("\x1b", "\\u001b").replace("\u202e", "\\u202e") + '"')
    result = check(tmp_path, content)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\u202e" not in result.stdout
    if name.startswith("["):
        assert name.split("]")[0] + "]" in result.stdout  # printed literally, not interpreted


def test_an_escape_sequence_in_a_bad_value_is_not_echoed_raw(tmp_path):
    fails(check(tmp_path, HEAD + 'size = "\\u001b[2J"\n'), "applicant.size")
    result = check(tmp_path, HEAD + 'size = "\\u001b[2J"\n')
    assert "\x1b" not in result.stderr


def test_the_heaviest_toml_files_end_under_a_1_gb_address_space(tmp_path):
    """The same cases in their own processes under `ulimit -v 1000000`."""
    from test_hostile_workbooks import run_all

    cases = {
        "deep.toml": HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "big.toml": HEAD + ("# " + "x" * 1000 + "\n") * (10 * 1024),
        "huge-number.toml": HEAD + f"taxable_revenue = {2**70}\ncredit_code = 1e400\n",
    }
    commands = []
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        commands.append((["check", name], tmp_path))
    before = {p.name for p in tmp_path.iterdir()}
    for run in run_all(*commands):
        assert run.code == 2 and run.stderr.count("错误：") == 1 and run.args[1] in run.stderr, run.stderr
    assert {p.name for p in tmp_path.iterdir()} == before  # nothing written
