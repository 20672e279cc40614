"""`jzai batch`: rows in equals rows out, problems per row, safe and atomic output."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from batch_helpers import CODE_A, MAIN_HEAD, code, main_row, write_xlsx
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli.cli import app
from jzai_cli.engine import evaluate
from jzai_cli.readers.toml_reader import read_facts
from jzai_cli.readers.workbook import DETAILS, MAIN
from jzai_cli.render.json_doc import result_doc

runner = CliRunner()
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.glob("examples/*.toml"))


def messy_book(tmp_path: Path) -> Path:
    """An instructions sheet in front, a title row, bad rows, blank rows, a
    total row, a duplicate, an orphan detail row and a hidden sheet."""
    main = [
        ["2026年申报汇总表"],
        MAIN_HEAD,
        main_row("好公司", code(1)),
        main_row("坏日期公司", code(2)),
        [None] * len(MAIN_HEAD),
        main_row("重复甲", code(3)),
        main_row("重复乙", code(3)),
        main_row('=HYPERLINK("http://x")', code(4)),
        ["合计", None, None, None, None, None, None, None, None],
    ]
    events = [
        ["统一社会信用代码", "事项类型", "级别", "获得日期"],
        [code(1), "专精特新中小企业", "省级", dt.date(2026, 5, 20)],
        [code(2), "专精特新中小企业", "省级", "去年"],
        [code(9), "专精特新中小企业", "省级", dt.date(2026, 5, 20)],
    ]
    return write_xlsx(
        tmp_path / "in.xlsx",
        {
            "说明": [["填表说明"]],
            "申请人信息": main,
            "认定与获奖": events,
            "旧数据": [MAIN_HEAD, main_row("隐藏", code(5))],
        },
        hidden=("旧数据",),
    )


def run_json(path: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["batch", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rows_in_equal_rows_out(tmp_path):
    doc = run_json(messy_book(tmp_path))
    rows = [(a["row"], a["status"]) for a in doc["applicants"]]
    # the five applicant rows (3, 4, 6, 7, 8), once each; blank row 5 and total row 9 are not applicants
    assert rows == [(3, "valid"), (4, "invalid"), (6, "invalid"), (7, "invalid"), (8, "valid")]
    good = doc["applicants"][0]["result"]
    # 3.3 新获得省认定的“专精特新”中小企业 in 2026: 500,000
    assert good["total_yuan"] == 500_000
    assert doc["summary"]["read"] == 5 and doc["summary"]["invalid"] == 3 and doc["summary"]["total_yuan"] == 500_000
    messages = [(p["sheet"], p["row"], p["message"]) for p in doc["problems"]]
    assert any(s == "旧数据" and "hidden" in m for s, _, m in messages)
    assert any(s == "申请人信息" and "total row" in m and "第9行" in m for s, r, m in messages)
    assert any(s == "认定与获奖" and r == 4 and "no applicant" in m for s, r, m in messages)
    assert sum(1 for s, r, m in messages if "duplicate applicant" in m) == 2
    bad = next(p for p in doc["problems"] if p["sheet"] == "认定与获奖" and p["row"] == 3)
    assert bad["header"] == "获得日期" and bad["value"] == "去年"
    assert not any(s == "说明" for s, _, _ in messages)


def test_results_workbook_has_every_row_once_and_is_formula_safe(tmp_path):
    import openpyxl

    source = messy_book(tmp_path)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "申请人", "明细", "拟兑现名单", "拨付明细", "错误", "重复"]
    applicants = list(book["申请人"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in applicants] == [3, 4, 6, 7, 8]
    formula = book["申请人"]["B6"]
    assert formula.value.startswith("=HYPERLINK") and formula.data_type == "s" and formula.quotePrefix
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_strict_exits_1_on_invalid_rows(tmp_path):
    source = messy_book(tmp_path)
    result = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "o.xlsx"), "--strict"])
    assert result.exit_code == 1


def test_an_existing_output_is_kept_unless_force(tmp_path):
    source = messy_book(tmp_path)
    out = tmp_path / "in-results.xlsx"  # the default name beside the input
    out.write_text("keep me")
    result = runner.invoke(app, ["batch", str(source)])
    assert result.exit_code == 2 and out.read_text() == "keep me"
    result = runner.invoke(app, ["batch", str(source), "--force"])
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    assert runner.invoke(app, ["batch", str(source), "-o", str(source), "--force"]).exit_code == 2


def test_csv_guards_formulas(tmp_path):
    result = runner.invoke(app, ["batch", str(messy_book(tmp_path)), "--format", "csv"])
    assert result.stdout.startswith("\ufeff")  # for Excel: UTF-8 with its byte-order mark
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["row", "name", "credit_code", "status"]
    assert rows[5][1].startswith("'=HYPERLINK")
    assert len(rows) == 1 + 5


def test_a_workbook_without_the_main_sheet_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [MAIN_HEAD, main_row("甲", CODE_A)]})
    result = runner.invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 2 and "申请人信息" in result.output


def test_a_stray_far_cell_is_refused_before_the_reader_sees_it(tmp_path):
    import xlsxwriter

    path = tmp_path / "stray.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("申请人信息")
    sheet.write_string(0, 0, "申请人名称")
    sheet.write_string(1_048_575, 16_383, "x")
    book.close()
    result = runner.invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 2 and "extent" in result.output


def _cells(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return "、".join(value)
    return value


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_gives_the_same_awards_through_a_workbook(tmp_path, example):
    raw = tomllib.loads(example.read_text(encoding="utf-8"), parse_float=Decimal)
    main_values = {"year": raw.get("year"), **raw.get("applicant", {}), **(raw.get("data_trading") or {})}
    main_cols = [c for c in MAIN.columns if main_values.get(c.name) is not None]
    sheets = {"申请人信息": [[c.title for c in main_cols], [_cells(main_values[c.name]) for c in main_cols]]}
    credit = raw["applicant"].get("credit_code") or CODE_A
    if "credit_code" not in raw["applicant"]:
        sheets["申请人信息"][0].append("统一社会信用代码")
        sheets["申请人信息"][1].append(credit)
    for spec in DETAILS:
        items = raw.get(spec.name) or []
        if not items:
            continue
        cols = [c for c in spec.columns[1:] if any(c.name in item for item in items)]
        sheets[spec.title] = [["统一社会信用代码"] + [c.title for c in cols]]
        sheets[spec.title] += [[credit] + [_cells(item.get(c.name)) for c in cols] for item in items]
    path = write_xlsx(tmp_path / "example.xlsx", sheets)
    doc = run_json(path, "--year", "2026")
    policy = policy_mod.load()
    facts = read_facts(example)
    if "credit_code" not in raw["applicant"]:
        facts = facts.model_copy(update={"applicant": facts.applicant.model_copy(update={"credit_code": credit})})
    # The batch JSON is each applicant's check document, less the list of documents to hand in.
    expected = json.loads(
        json.dumps(
            result_doc(evaluate(policy, facts, 2026), policy, "zh", documents=False), ensure_ascii=False, default=str
        )
    )
    assert doc["applicants"][0]["result"] == expected


def test_a_toml_file_given_to_batch_points_to_check():
    from typer.testing import CliRunner as _Runner

    from jzai_cli.cli import app as _app

    example = Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml"
    result = _Runner().invoke(_app, ["batch", str(example)])
    assert result.exit_code == 2 and "jzai check" in result.stderr


def test_a_cell_holding_a_formula_error_is_named_with_its_sheet_row_and_value(tmp_path):
    # calamine reads #DIV/0! and #REF! as blank; the archive scan names them.
    import hostile

    from jzai_cli import batch as batch_mod
    from jzai_cli.policy import load

    class Keep:
        def applicant(self, outcome):
            pass

        def finish(self, summary):
            self.summary = summary

    sink = Keep()
    batch_mod.run(hostile.formulas(tmp_path / "formulas.xlsx"), load(), sink)
    errors = [(p.sheet, p.row) for p in sink.summary.problems if "公式错误值" in p.message]
    assert errors == [("申请人信息", 4), ("申请人信息", 5)]
    assert any("#DIV/0!" in p.message and "D4" in p.message for p in sink.summary.problems)


def test_csv_without_the_bom_and_notes_in_the_chosen_language(tmp_path):
    book = messy_book(tmp_path)
    plain = runner.invoke(app, ["batch", str(book), "--format", "csv", "--plain-csv"]).stdout
    assert plain.startswith("row,name,credit_code,status")
    zh = runner.invoke(app, ["batch", str(book), "--format", "csv", "--plain-csv", "--lang", "zh"]).stdout
    en = runner.invoke(app, ["batch", str(book), "--format", "csv", "--plain-csv", "--lang", "en"]).stdout
    assert ("有效" in zh or "无效" in zh) and "有效" not in en and "无效" not in en


def test_ndjson_is_one_applicant_a_line_then_the_summary(tmp_path):
    book = messy_book(tmp_path)
    whole = json.loads(runner.invoke(app, ["batch", str(book), "--format", "json"]).stdout)
    lines = runner.invoke(app, ["batch", str(book), "--format", "ndjson"]).stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert docs[:-1] == whole["applicants"]
    assert docs[-1]["summary"] == whole["summary"] and docs[-1]["problems"] == whole["problems"]
