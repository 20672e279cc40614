"""The terminal summary of `jzai batch` says how many problems the input has
and where they are all listed, with the first few inline (row and field);
a re-run onto an existing output says so; -q/--quiet silences progress,
summaries and "written" lines of every command that prints them."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from applicants_xlsx import CODES, write
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()


@pytest.fixture
def with_problems(tmp_path):
    # Rows 2 and 4 are valid; rows 3, 5 and 6 each have a bad cell.
    return write(
        tmp_path / "applicants.xlsx",
        [
            {"申请人名称": "甲数据公司", "统一社会信用代码": CODES[0]},
            {"申请人名称": "乙软件公司", "统一社会信用代码": "不是代码"},
            {"申请人名称": "丙科技公司", "统一社会信用代码": CODES[2]},
            {"申请人名称": "丁公司", "统一社会信用代码": CODES[3], "评估年度": "明年"},
            {"申请人名称": "戊公司", "申请人类型": "外星企业"},
        ],
    )


def problems_in_json(path) -> int:
    done = runner.invoke(app, ["batch", str(path), "--format", "json", "--quiet"])
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    return len(doc["problems"])


def test_the_summary_counts_the_problems_names_the_errors_sheet_and_shows_the_first_three(with_problems, tmp_path):
    count = problems_in_json(with_problems)
    assert count >= 3
    out = tmp_path / "results.xlsx"
    done = runner.invoke(app, ["batch", str(with_problems), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert f"输入有 {count} 处问题，全部列于结果工作簿 {out} 的“错误”工作表；前 3 处：" in done.stderr
    shown = [line for line in done.stderr.splitlines() if re.match(r"\s+\S+，工作表“申请人信息”，第\d+行", line)]
    assert len(shown) == 3
    assert "第3行" in shown[0]  # the first problem is on row 3, 乙's credit code


def test_under_en_the_summary_says_the_same_in_english(with_problems, tmp_path):
    count = problems_in_json(with_problems)
    done = runner.invoke(app, ["batch", str(with_problems), "-o", str(tmp_path / "r.xlsx"), "--lang", "en"])
    assert f"{count} problem(s) in the input, all listed on the errors sheet of the results workbook" in done.stderr
    assert "row 3" in done.stderr


def test_json_and_csv_say_where_their_problems_are(with_problems):
    done = runner.invoke(app, ["batch", str(with_problems), "--format", "json"])
    assert "全部列于输出的 problems" in done.stderr
    done = runner.invoke(app, ["batch", str(with_problems), "--format", "csv"])
    assert "无效行的问题写在输出的“说明”列" in done.stderr


def test_a_clean_input_says_it_has_no_problem(tmp_path):
    path = write(tmp_path / "ok.xlsx", [{"申请人名称": "甲数据公司", "统一社会信用代码": CODES[0]}])
    done = runner.invoke(app, ["batch", str(path), "-o", str(tmp_path / "r.xlsx")])
    assert "输入没有问题" in done.stderr and "处问题" not in done.stderr


def test_a_rerun_onto_an_existing_output_says_it_exists_and_how_to_overwrite(with_problems, tmp_path):
    out = tmp_path / "results.xlsx"
    assert runner.invoke(app, ["batch", str(with_problems), "-o", str(out), "-q"]).exit_code == 0
    before = out.read_bytes()
    done = runner.invoke(app, ["batch", str(with_problems), "-o", str(out)])
    assert done.exit_code == 2
    assert "文件已存在" in done.stderr and "--force" in done.stderr
    assert "输入有" not in done.stderr
    assert out.read_bytes() == before
    done = runner.invoke(app, ["batch", str(with_problems), "-o", str(out), "--lang", "en"])
    assert "the file exists: use --force to replace it" in done.stderr and "文件" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["batch", "{book}", "-o", "{tmp}/r.xlsx"],
        ["batch", "{book}", "--format", "csv", "-o", "{tmp}/r.csv"],
        ["template", "-o", "{tmp}/t.xlsx"],
        ["template", "--toml", "-o", "{tmp}/t.toml"],
        ["policy", "export", "{tmp}/policy"],
        ["forecast", "{book}", "--years", "2026-2027", "--format", "csv", "-o", "{tmp}/f.csv"],
    ],
    ids=["batch", "batch csv", "template", "template toml", "policy export", "forecast"],
)
def test_quiet_prints_nothing_on_stderr_and_still_writes(args, with_problems, tmp_path):
    filled = [a.format(book=with_problems, tmp=tmp_path) for a in args]
    loud = runner.invoke(app, filled)
    assert loud.exit_code == 0 and loud.stderr.strip()  # it does say something without -q
    for written in tmp_path.iterdir():
        if written.name != with_problems.name:
            written.unlink() if written.is_file() else shutil.rmtree(written)
    quiet = runner.invoke(app, filled + ["-q"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""
    assert any(p.name != with_problems.name for p in tmp_path.iterdir())
