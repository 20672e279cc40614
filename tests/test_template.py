"""`jzai template`: the blank workbook and TOML file read back as the example applicant."""

from __future__ import annotations

import tomllib

from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.readers.toml_reader import read_facts
from jzai_cli.readers.workbook import MAIN, read_workbook, validate

runner = CliRunner()


def test_the_template_workbook_reads_back_as_its_example_applicant(tmp_path):
    import openpyxl

    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "说明" and book.sheetnames[1] == "申请人信息"
    head = [c.value for c in book["申请人信息"][1]]
    assert head == [c.title for c in MAIN.columns]
    assert book["申请人信息"].data_validations.dataValidation  # dropdowns
    workbook = read_workbook(out)
    assert workbook.notices == []
    [row] = workbook.applicants
    # every cell reads; the row is named as the template's example, never counted as an applicant
    assert validate(row, str(out)) is None
    [problem] = row.problems
    assert "模板的示例行" in problem.text() and problem.row == 2 and problem.header == "申请人名称"
    assert all(len(row.details[section]) == 1 for section in ("events", "graduates", "graduate_hires"))


def test_template_keeps_an_existing_file_unless_force(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_text("keep")
    assert runner.invoke(app, ["template", "-o", str(out)]).exit_code == 2
    assert out.read_text() == "keep"
    assert runner.invoke(app, ["template", "-o", str(out), "--force"]).exit_code == 0


def test_the_toml_template_is_a_valid_facts_file(tmp_path):
    out = tmp_path / "t.toml"
    assert runner.invoke(app, ["template", "--toml", "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n# ") > 40  # every field explained
    tomllib.loads(text)
    facts = read_facts(out)
    assert facts.applicant.name == "焦作智算软件有限公司"
    result = runner.invoke(app, ["check", str(out), "--format", "json"])
    assert result.exit_code == 0
