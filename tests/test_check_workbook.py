"""`jzai check FILE.xlsx` and `jzai template --toml --from`: one applicant of
a workbook, read by the batch reader, gives what its TOML gives."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import processes
import pytest
from batch_helpers import MAIN_HEAD, code, main_row, write_ods, write_xls, write_xlsx
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.facts import Facts
from jzai_cli.readers.toml_reader import facts_from_dict, read_facts
from jzai_cli.readers.workbook import DETAILS, MAIN
from jzai_cli.render.facts_toml import toml_of_facts, toml_string

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/*.toml"))


def _cell(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return "、".join(value) if value else "无"
    return value


def workbook_of(raws: list[dict], path: Path, writer=write_xlsx) -> Path:
    """The applicants of TOML documents as one workbook: a row each in
    申请人信息, their lists in the detail sheets, linked by credit code."""
    mains = [{"year": raw.get("year"), **raw["applicant"], **(raw.get("data_trading") or {})} for raw in raws]
    main_cols = [c for c in MAIN.columns if any(m.get(c.name) is not None for m in mains)]
    sheets = {"申请人信息": [[c.title for c in main_cols]] + [[_cell(m.get(c.name)) for c in main_cols] for m in mains]}
    for spec in DETAILS:
        rows = [(raw["applicant"]["credit_code"], item) for raw in raws for item in raw.get(spec.name) or []]
        if not rows:
            continue
        cols = [c for c in spec.columns[1:] if any(c.name in item for _, item in rows)]
        sheets[spec.title] = [["统一社会信用代码"] + [c.title for c in cols]]
        sheets[spec.title] += [[credit] + [_cell(item.get(c.name)) for c in cols] for credit, item in rows]
    return writer(path, sheets)


def raw_of(example: Path) -> dict:
    return tomllib.loads(example.read_text(encoding="utf-8"), parse_float=Decimal)


def invoke(*args: str, code_: int = 0):
    result = runner.invoke(app, list(args), env={"COLUMNS": "1000"})  # messages unwrapped
    assert result.exit_code == code_, result.output
    return result


@pytest.fixture(scope="module")
def all_examples(tmp_path_factory) -> Path:
    return workbook_of([raw_of(e) for e in EXAMPLES], tmp_path_factory.mktemp("book") / "all.xlsx")


# --- the same output as the TOML ------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_one_applicant_workbook_prints_what_the_toml_prints(tmp_path, example):
    book = workbook_of([raw_of(example)], tmp_path / "one.xlsx")
    for form in (["-f", "json"], ["-f", "table"], ["-f", "json", "--lang", "en", "--year", "2027"]):
        from_toml = invoke("check", str(example), *form)
        from_book = invoke("check", str(book), *form)
        assert from_book.stdout == from_toml.stdout
        assert from_book.stderr == ""
    assert json.loads(from_book.stdout)["awards"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_applicant_of_a_shared_workbook_prints_what_its_toml_prints(all_examples, example):
    credit = raw_of(example)["applicant"]["credit_code"]
    for form in (["-f", "json"], ["-f", "table"]):
        assert (
            invoke("check", str(all_examples), "--applicant", credit, *form).stdout
            == invoke("check", str(example), *form).stdout
        )


@pytest.mark.parametrize("writer, suffix", [(write_xls, ".xls"), (write_ods, ".ods")])
def test_xls_and_ods_read_the_same(tmp_path, writer, suffix):
    example = ROOT / "examples" / "data-labelling-firm.toml"
    book = workbook_of([raw_of(example)], tmp_path / f"one{suffix}", writer)
    assert invoke("check", str(book), "-f", "json").stdout == invoke("check", str(example), "-f", "json").stdout


# --- choosing the applicant -------------------------------------------------------


def test_applicant_by_code_normalised_and_by_exact_name(all_examples):
    expected = invoke("check", str(ROOT / "examples" / "data-labelling-firm.toml"), "-f", "json").stdout
    for key in (
        "91410811MA9LX0QH2Q",
        "９１４１０８１１ma9lx0qh2q",
        " 91410811-ma9lx0qh2q ",
        "焦作数标信息技术有限公司",
    ):
        assert invoke("check", str(all_examples), "-a", key, "-f", "json").stdout == expected, key


def test_without_applicant_a_workbook_of_several_says_how_many_and_lists_them(all_examples):
    result = invoke("check", str(all_examples), code_=2)
    assert "4 个申请人" in result.output and "holds 4 applicants" in result.output
    for example in EXAMPLES:
        raw = raw_of(example)
        assert raw["applicant"]["name"] in result.output and raw["applicant"]["credit_code"] in result.output
    assert "第2行" in result.output and "第5行" in result.output
    assert result.stdout == ""


def test_only_the_first_few_are_listed(tmp_path):
    book = write_xlsx(
        tmp_path / "many.xlsx", {"申请人信息": [MAIN_HEAD] + [main_row(f"公司{n}", code(n)) for n in range(1, 9)]}
    )
    result = invoke("check", str(book), code_=2)
    assert "8 个申请人" in result.output and "the first 5" in result.output
    assert "公司5" in result.output and "公司6" not in result.output


def test_an_unknown_applicant_lists_the_closest(all_examples):
    result = invoke("check", str(all_examples), "-a", "焦作数标", code_=2)
    assert "找不到申请人" in result.output and "closest" in result.output
    assert "焦作数标信息技术有限公司" in result.output and "91410811MA9LX0QH2Q" in result.output
    assert "焦作市人工智能产业园" not in result.output
    typo = invoke("check", str(all_examples), "-a", "91410811MA9LX0QH2X", code_=2)  # one character wrong
    assert "焦作数标信息技术有限公司" in typo.output
    assert "第3行" in typo.output


def test_an_ambiguous_name_asks_for_the_code(tmp_path):
    book = write_xlsx(
        tmp_path / "same.xlsx",
        {"申请人信息": [MAIN_HEAD, main_row("同名公司", code(1)), main_row("同名公司", code(2))]},
    )
    result = invoke("check", str(book), "-a", "同名公司", code_=2)
    assert "2 applicants match" in result.output and code(1) in result.output and code(2) in result.output
    assert json.loads(invoke("check", str(book), "-a", code(2), "-f", "json").stdout)["applicant"][
        "credit_code"
    ] == code(2)


def test_applicant_is_for_workbooks_only():
    result = invoke("check", str(EXAMPLES[0]), "--applicant", "x", code_=2)
    assert "--applicant" in result.output


# --- problems: the chosen applicant's, not the others' ------------------------------


def _two_bad_rows(tmp_path: Path) -> Path:
    events = [
        ["统一社会信用代码", "事项类型", "级别", "获得日期"],
        [code(1), "专精特新中小企业", "省级", "去年"],
        [code(2), "专精特新中小企业", "省级", "前年"],
        [code(3), "专精特新中小企业", "省级", dt.date(2026, 5, 20)],
    ]
    main = [MAIN_HEAD, main_row("甲公司", code(1)), main_row("乙公司", code(2)), main_row("丙公司", code(3))]
    return write_xlsx(tmp_path / "bad.xlsx", {"申请人信息": main, "认定与获奖": events})


def test_the_chosen_applicants_row_problems_are_reported_with_sheet_and_row(tmp_path):
    book = _two_bad_rows(tmp_path)
    result = invoke("check", str(book), "-a", "甲公司", code_=2)
    assert "工作表“认定与获奖”" in result.output and "第2行" in result.output and "获得日期" in result.output
    assert "'去年'" in result.output
    assert "前年" not in result.output and "第3行" not in result.output
    assert result.stdout == ""


def test_other_applicants_problems_do_not_stop_or_show(tmp_path):
    book = _two_bad_rows(tmp_path)
    result = invoke("check", str(book), "-a", code(3), "-f", "json")
    assert json.loads(result.stdout)["total_yuan"] == 500_000  # 3.3 provincial 专精特新 in 2026
    assert "去年" not in result.output and "前年" not in result.output


def test_ignored_columns_are_noted_on_stderr_and_do_not_change_stdout(tmp_path):
    head = MAIN_HEAD + ["备注栏"]
    book = write_xlsx(tmp_path / "note.xlsx", {"申请人信息": [head, main_row("甲公司", code(1)) + ["x"]]})
    result = invoke("check", str(book), "-f", "json")
    assert "备注栏" in result.stderr and "unknown column" in result.stderr
    assert json.loads(result.stdout)["applicant"]["name"] == "甲公司"


def test_reader_level_failures_exit_2_with_one_message(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("year = 2026\n")
    result = invoke("check", str(fake), code_=2)
    assert "错误：输入有 1 处问题" in result.output and "Traceback" not in result.output
    missing = invoke("check", str(tmp_path / "none.xlsx"), code_=2)
    assert "no such file" in missing.output
    empty = write_xlsx(tmp_path / "empty.xlsx", {"申请人信息": [MAIN_HEAD]})
    assert "no applicant rows" in invoke("check", str(empty), code_=2).output


def test_a_library_error_while_reading_is_one_message(tmp_path, monkeypatch):
    from jzai_cli.readers import workbook

    def broken(path, *args, **kwargs):
        raise RuntimeError("calamine says no")

    monkeypatch.setattr(workbook, "read_workbook", broken)
    result = invoke("check", str(write_xlsx(tmp_path / "a.xlsx", {"申请人信息": [MAIN_HEAD]})), code_=2)
    assert "calamine says no" in result.output and "Traceback" not in result.output


def test_a_toml_check_does_not_load_the_workbook_libraries():
    script = (
        "import sys; from typer.testing import CliRunner; from jzai_cli.cli import app; "
        f"r = CliRunner().invoke(app, ['check', {str(EXAMPLES[0])!r}, '-f', 'json']); assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('python_calamine', 'openpyxl', 'xlsxwriter') if m in sys.modules))"
    )
    run = processes.run([script], command=[sys.executable, "-c"])
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == "[]"


# --- workbook → TOML → check ---------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_workbook_to_toml_to_check_equals_the_workbook_check(all_examples, tmp_path, example):
    credit = raw_of(example)["applicant"]["credit_code"]
    out = tmp_path / "one.toml"
    invoke("template", "--toml", "--from", str(all_examples), "--applicant", credit, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "# 申请人名称" in text and "工作表“申请人信息”" in text
    assert read_facts(out) == read_facts(example)
    for form in (["-f", "json"], ["-f", "table"]):
        assert invoke("check", str(out), *form).stdout == invoke("check", str(all_examples), "-a", credit, *form).stdout
    stdout = invoke("template", "--toml", "--from", str(all_examples), "-a", credit).stdout
    assert stdout == text


def test_template_from_keeps_an_existing_file_unless_force(all_examples, tmp_path):
    out = tmp_path / "kept.toml"
    out.write_text("keep")
    args = ["template", "--toml", "--from", str(all_examples), "-a", "焦作数标信息技术有限公司", "-o", str(out)]
    assert "--force" in invoke(*args, code_=2).output and out.read_text() == "keep"
    invoke(*args, "--force")
    assert read_facts(out).applicant.name == "焦作数标信息技术有限公司"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.toml"]  # no temporary file left


def test_template_from_needs_toml_and_a_valid_applicant(all_examples, tmp_path):
    assert "--toml" in invoke("template", "--from", str(all_examples), "-a", "x", code_=2).output
    assert "4 个申请人" in invoke("template", "--toml", "--from", str(all_examples), code_=2).output
    bad = _two_bad_rows(tmp_path)
    result = invoke("template", "--toml", "--from", str(bad), "-a", "甲公司", code_=2)
    assert "获得日期" in result.output and result.stdout == ""


def test_the_serialiser_round_trips_exact_amounts_text_and_empty_lists():
    facts = facts_from_dict(
        {
            "year": 2026,
            "applicant": {
                "name": 'A "引号" \\ 反斜杠\t制表\x01控制',
                "kind": "enterprise",
                "sectors": [],
                "taxable_revenue": "1234.5",
                "main_business_revenue_prev_year": "0.52亿",
            },
            "events": [],
            "compute_purchases": [
                {
                    "provider": "P",
                    "provider_type": "ai_computing_centre",
                    "pflops": Decimal("0.125"),
                    "fees": "12,000.01",
                }
            ],
            "awards_received": [{"clause": "8.5", "year": 2025, "amount": 50000}],
        },
        "<test>",
    )
    text = toml_of_facts(facts, ["来自\n换行的文件名"])
    assert 'taxable_revenue = "1234.5"' in text and "main_business_revenue_prev_year = 52000000" in text
    assert "events = []" in text and "sectors = []" in text and 'pflops = "0.125"' in text
    assert "\n换行" not in text
    assert facts_from_dict(tomllib.loads(text, parse_float=Decimal), "<again>") == facts
    assert isinstance(facts, Facts)
    assert tomllib.loads("x = " + toml_string("\x7f\x00é"))["x"] == "\x7f\x00é"


def test_check_takes_the_workbook_limits_of_batch(tmp_path):
    from typer.testing import CliRunner as _Runner

    from jzai_cli.cli import app as _app

    book = Path(__file__).resolve().parent.parent / "examples" / "applicants.xlsx"
    runner = _Runner()
    # Four applicants on five rows: a limit of 3 rows per sheet refuses the workbook, naming the limit.
    refused = runner.invoke(_app, ["check", str(book), "-a", "12410800MB1P7Q8C3E", "--limit", "rows=3"])
    assert refused.exit_code == 2 and "rows" in refused.stderr and "--limit" in refused.stderr
    # 4.2 200,000 + 7.1 500,000
    allowed = runner.invoke(_app, ["check", str(book), "-a", "12410800MB1P7Q8C3E", "--limit", "rows=100", "-f", "json"])
    assert allowed.exit_code == 0, allowed.output
    assert '"total_yuan": 700000' in allowed.stdout
    bad = runner.invoke(_app, ["template", "--toml", "--from", str(book), "-a", "x", "--limit", "rows=abc"])
    assert bad.exit_code == 2 and "--limit" in bad.stderr
