"""The results workbook of `jzai batch` as an official opens and prints it.

A small input of four applicants is run through the command, and the written
workbook is read back with openpyxl (number formats, freeze panes, filters,
widths, wrapping, print settings) and python-calamine (values). Every amount
below is computed by hand from the policy text.

The input (assessment year 2026):

- row 2 甲: a new provincial 专精特新 SME (3.3) and two graduates (9.1);
- row 3 乙: 申请人类型 外星人 — invalid;
- row 4 丙: a first data-product listing with a fee of 12,000 yuan (8.6);
- row 5 丁: a new provincial 专精特新 SME, but not counted in Jiaozuo's
  statistics (纳入焦作统计 否: 第二条 原则上, so the award is held for review).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from batch_helpers import MAIN_HEAD, code, write_xlsx
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from jzai_cli.batch import ClauseTotals, Summary
from jzai_cli.cli import app
from jzai_cli.render.workbook_out import BookWriter, in_units, large_amount, over_yi
from jzai_cli.render.xlsx_fast import MAX_WIDTH, text_width

runner = CliRunner()

A, B, C, D = code(11), code(12), code(13), code(14)
MAIN = MAIN_HEAD + ["符合条件的数据交易平台", "首次挂牌日期", "挂牌服务费用（元）"]
EVENTS = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期"]
GRADUATES = ["统一社会信用代码", "毕业生姓名", "学历", "全日制", "毕业日期", "合同起始日期", "当年缴纳社保月数"]
NAME_A = "焦作智算软件有限公司"
NAME_C = "河南怀川数据有限公司"
NAME_D = "焦作市山阳区云图科技有限公司"

# 3.3 "对新获得省认定的“专精特新”中小企业给予50万元一次性奖励": 500,000
SME = 500_000
# 9.1 "按照每人每月2000元、1500元、1000元标准申领3年": a master 1,500 × 12 months = 18,000; a PhD 2,000 × 12 = 24,000
WANG, LI = 1_500 * 12, 2_000 * 12
# 8.6 "按挂牌服务费用的50%给予补助，最高1万元": 12,000 × 50% = 6,000, under the 10,000 cap; an "up to" amount (最高)
LISTING = 12_000 * 50 // 100
SURE_A = SME + WANG + LI  # 500,000 + 18,000 + 24,000 = 542,000


def source(tmp_path):
    return write_xlsx(
        tmp_path / "申请.xlsx",
        {
            "申请人信息": [
                MAIN,
                [2026, NAME_A, A, "企业", "小型", "智能软件", "是", "是", "是"],
                [2026, "外星科技有限公司", B, "外星人", "小型", "智能软件", "是", "是", "是"],
                [2026, NAME_C, C, "企业", "小型", "智能软件", "是", "是", "是", "是", dt.date(2026, 3, 1), 12_000],
                [2026, NAME_D, D, "企业", "小型", "智能软件", "是", "是", "否"],
            ],
            "认定与获奖": [
                EVENTS,
                [A, "专精特新中小企业", "省级", "2026年河南省专精特新中小企业", dt.date(2026, 3, 1)],
                [D, "专精特新中小企业", "省级", "2026年河南省专精特新中小企业", dt.date(2026, 4, 1)],
            ],
            "毕业生": [
                GRADUATES,
                [A, "王一", "硕士", "是", dt.date(2025, 6, 30), dt.date(2025, 7, 1), 12],
                [A, "李二", "博士", "是", dt.date(2024, 6, 30), dt.date(2024, 7, 1), 12],
            ],
        },
    )


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    out = folder / "结果.xlsx"
    done = runner.invoke(app, ["batch", str(source(folder)), "-o", str(out)])
    assert done.exit_code == 0, done.output
    return out


@pytest.fixture(scope="module")
def results_en(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book-en")
    out = folder / "results.xlsx"
    done = runner.invoke(app, ["batch", str(source(folder)), "-o", str(out), "--lang", "en"])
    assert done.exit_code == 0, done.output
    return out


def rows_of(path, title) -> list[list]:
    """A sheet's rows as calamine reads them: whole floats as int, '' as None, trailing blanks dropped."""
    out = []
    for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python():
        cells = [None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


def as_dicts(path, title) -> list[dict]:
    head, *rows = rows_of(path, title)
    return [dict(zip(head, row + [None] * (len(head) - len(row)), strict=False)) for row in rows]


TABLES = ["申请人", "明细", "拟兑现名单", "拨付明细", "错误", "重复"]


def test_the_sheets_in_order(results):
    assert load_workbook(results, read_only=True).sheetnames == ["汇总", *TABLES]


def test_english_sheet_names(results_en):
    assert load_workbook(results_en, read_only=True).sheetnames == [
        "Summary",
        "Applicants",
        "Awards",
        "To be paid",
        "Payments",
        "Problems",
        "Duplicates",
    ]
    assert rows_of(results_en, "To be paid")[0] == [
        "no",
        "name",
        "credit_code",
        "clause",
        "title",
        "awards",
        "amount_yuan",
        "amount_wan",
        "basis",
        "status",
    ]
    assert rows_of(results_en, "Payments")[0][:4] == ["no", "payee", "payee_kind", "through"]
    summary = rows_of(results_en, "Summary")
    assert summary[0] == ["Jiaozuo Municipal Measures to Promote the Development of the AI Industry"]
    assert ["policy version", None, None, "draft-2026"] in summary
    assert ["status of the text", None, None, "draft for public comment"] in summary
    payees = as_dicts(results_en, "Payments")
    assert [p["payee_kind"] for p in payees] == ["enterprise", "individual", "individual", "enterprise", "enterprise"]


def test_the_notice_list_has_the_paying_awards_per_applicant_and_clause_in_input_order(results):
    notice = as_dicts(results, "拟兑现名单")
    got = [
        (
            n["序号"],
            n["申请人名称"],
            n["统一社会信用代码"],
            n["条款"],
            n["奖励项数"],
            n["金额（元）"],
            n["金额性质"],
            n["状态"],
        )
        for n in notice
    ]
    assert got == [
        (1, NAME_A, A, "3.3", 1, SME, "确定", "符合"),
        (2, NAME_A, A, "9.1", 2, WANG + LI, "确定", "符合"),  # the two graduates together: 18,000 + 24,000 = 42,000
        (3, NAME_C, C, "8.6", 1, LISTING, "最高", "符合"),
        (4, NAME_D, D, "3.3", 1, SME, "确定", "需复核"),
    ]
    # 乙 is invalid: nothing of it is listed
    assert all(n["统一社会信用代码"] != B for n in notice)
    assert notice[0]["条款名称"] == "省级“专精特新”中小企业奖励"
    # 万元 beside 元: 500,000 / 10,000 = 50; 42,000 / 10,000 = 4.2
    assert notice[0]["金额（万元）"] == 50 and notice[1]["金额（万元）"] == pytest.approx(4.2)


def test_the_payments_separate_the_applicant_and_each_graduate(results):
    paid = as_dicts(results, "拨付明细")
    got = [
        (
            p["序号"],
            p["收款人"],
            p["收款人类型"],
            p["经由申请人"],
            p["行号"],
            p["条款"],
            p["金额（元）"],
            p["金额性质"],
            p["状态"],
        )
        for p in paid
    ]
    assert got == [
        (1, NAME_A, "企业", NAME_A, 2, "3.3", SME, "确定", "符合"),
        (
            2,
            "王一",
            "个人",
            NAME_A,
            2,
            "9.1",
            WANG,
            "确定",
            "符合",
        ),  # 9.1 is paid to the graduate, through the applicant
        (3, "李二", "个人", NAME_A, 2, "9.1", LI, "确定", "符合"),
        (4, NAME_C, "企业", NAME_C, 4, "8.6", LISTING, "最高", "符合"),
        (5, NAME_D, "企业", NAME_D, 5, "3.3", SME, "确定", "需复核"),
    ]
    # what goes to people and what to enterprises: 42,000 to the two graduates
    assert sum(p["金额（元）"] for p in paid if p["收款人类型"] == "个人") == 42_000


def test_the_paying_sheets_agree_with_the_totals(results):
    notice = as_dicts(results, "拟兑现名单")
    paid = as_dicts(results, "拨付明细")
    # sure 542,000 + up to 6,000 + held for review 500,000 = 1,048,000
    assert (
        sum(n["金额（元）"] for n in notice)
        == sum(p["金额（元）"] for p in paid)
        == SURE_A + LISTING + SME
        == 1_048_000
    )


def test_the_applicants_sheet_has_the_total_in_wan_beside_yuan(results):
    applicants = as_dicts(results, "申请人")
    first = applicants[0]
    assert first["确定金额（元）"] == SURE_A and first["确定金额（万元）"] == pytest.approx(54.2)  # 542,000 / 10,000
    assert applicants[1]["状态"] == "无效" and applicants[1]["确定金额（万元）"] is None
    sheet = load_workbook(results)["申请人"]
    assert sheet["E2"].number_format == "#,##0" and sheet["F2"].number_format == "#,##0.00##"


def test_the_awards_sheet_names_the_payee(results):
    awards = [a for a in as_dicts(results, "明细") if a["条款"] == "9.1"]
    assert [(a["事项"], a["收款人"], a["收款人类型"], a["金额性质"]) for a in awards] == [
        ("王一", "王一", "个人", "确定"),
        ("李二", "李二", "个人", "确定"),
    ]
    not_paying = [a for a in as_dicts(results, "明细") if a["状态"] in ("不符合", "待定")]
    assert all(a["金额性质"] is None for a in not_paying)


def test_the_summary_is_a_report(results):
    rows = rows_of(results, "汇总")
    book = load_workbook(results)
    sheet = book["汇总"]
    # the title is the policy's name, from the policy data, merged over the width of the table
    assert rows[0] == ["焦作市促进人工智能产业发展若干措施"]
    assert sheet["A1"].font.b and sheet["A1"].font.sz > 11
    assert any(str(r) == "A1:K1" for r in sheet.merged_cells.ranges)
    lines = {row[0]: row[3:] for row in rows if row and isinstance(row[0], str) and len(row) >= 4 and row[1] is None}
    assert lines["政策版本"] == ["draft-2026"]
    assert lines["文件状态"] == ["征求意见稿"]
    assert lines["输入文件"][0].endswith("申请.xlsx")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", lines["计算时间"][0])
    assert lines["读入申请人"] == ["4"] and lines["有效（含需复核）"] == ["3"]
    assert lines["其中需复核"] == ["1"] and lines["无效"] == ["1"]
    assert lines["问题"][0] == "1" and lines["问题"][2] == "见“错误”表：申请人信息 1 处"
    # 542,000 sure (54.20 万元), 6,000 up to, 500,000 held for review (50.00 万元)
    assert lines["确定金额合计（元）"] == ["542,000", None, "约 54.20 万元"]
    assert lines["最高金额合计（元）"] == ["6,000"]
    assert lines["需复核金额合计（元）"] == ["500,000", None, "约 50.00 万元"]
    head = next(n for n, row in enumerate(rows) if row and row[0] == "条款")
    by_clause = {row[0]: row for row in rows[head + 1 :] if row and isinstance(row[0], str) and "." in row[0]}
    assert by_clause["3.3"][3:8] == [1, 1, SME, 0, SME]  # 甲 eligible, 丁 held for review
    assert by_clause["9.1"][3:8] == [1, 0, WANG + LI, 0, 0]
    assert by_clause["8.6"][3:8] == [1, 0, 0, LISTING, 0]
    total = next(row for row in rows if row and row[0] == "合计")
    assert total[5:8] == [SURE_A, LISTING, SME]
    articles = {
        row[0]: row
        for row in rows
        if row and isinstance(row[0], str) and row[0].startswith("第") and row[0].endswith("条")
    }
    assert articles["第三条"][5:8] == [SME, 0, SME]
    assert articles["第八条"][5:8] == [0, LISTING, 0]
    assert articles["第九条"][5:8] == [WANG + LI, 0, 0]
    # money as numbers with separators, the clause header and the total row bold
    assert sheet.cell(head + 2, 6).number_format == "#,##0"
    assert sheet.cell(head + 1, 1).font.b
    assert sheet.cell(rows.index(total) + 1, 1).font.b


def test_totals_past_one_yi_are_given_in_yi_too(tmp_path):
    assert in_units(123_456_789, 100_000_000) == Decimal("1.23")
    assert in_units(125_000_000, 100_000_000) == Decimal("1.25")
    assert in_units(100_500_000, 100_000_000) == Decimal("1.01")  # 1.005 rounds half up
    assert large_amount(99_999_999) == "约 10000.00 万元"  # just under 1亿: 万元
    assert large_amount(100_000_000) == "约 1.00 亿元"  # at 1亿: 亿元
    assert large_amount(9_999) is None and large_amount(10_000) == "约 1.00 万元"
    assert over_yi(99_999_999, 0, 0) is None
    assert over_yi(100_000_000, 0, 250_000_000) == "确定 1.00；需复核 2.50"
    assert over_yi(100_000_001, 0, 0, "en") == "sure 1.00"
    # in the workbook: a clause whose sure total is 150,000,000 yuan shows 1.50 亿元 beside it
    summary = Summary(file="x.xlsx", year=2026, read=1, valid=1)
    summary.clauses["7.1"] = ClauseTotals("7.1", 7, "赋能中心", "centres", eligible=300, sure_yuan=150_000_000)
    path = tmp_path / "yi.xlsx"
    writer = BookWriter(path)
    writer.add([], [])
    writer.finish(summary)
    rows = rows_of(path, "汇总")
    clause = next(row for row in rows if row and row[0] == "7.1")
    assert clause[5] == 150_000_000 and clause[10] == "确定 1.50"
    line = next(row for row in rows if row and row[0] == "确定金额合计（元）")
    assert line[3:] == ["150,000,000", None, "约 1.50 亿元"]


def test_every_table_has_a_frozen_bold_header_and_a_filter(results):
    book = load_workbook(results)
    for title in TABLES:
        sheet = book[title]
        width = len([c for c in sheet[1] if c.value is not None])
        assert sheet.freeze_panes == "A2", title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, width).column_letter}{max(2, sheet.max_row)}", title
        assert sheet["A1"].font.b, title
    assert book["汇总"].freeze_panes is None  # a report, not a table


def test_money_columns_are_numbers_with_separators(results):
    book = load_workbook(results)
    awards = book["明细"]
    amount = [c.value for c in awards[1]].index("金额（元）") + 1
    for row in range(2, awards.max_row + 1):
        cell = awards.cell(row, amount)
        assert cell.data_type == "n" and cell.number_format == "#,##0"
    paid = book["拨付明细"]
    assert paid["J2"].value == SME and paid["J2"].number_format == "#,##0"
    notice = book["拟兑现名单"]
    assert notice["G2"].number_format == "#,##0" and notice["H2"].number_format == "#,##0.00##"


def test_column_widths_fit_the_content_cjk_counting_double(results):
    book = load_workbook(results)
    sheet = book["申请人"]
    # 焦作市山阳区云图科技有限公司: 14 CJK characters, 28 wide, and one more
    assert sheet.column_dimensions["B"].width >= text_width(NAME_D) + 1 == 29
    # an 18-character credit code: 18 wide and one more (the header 统一社会信用代码 is 16, and 2 for the filter button)
    assert 19 <= sheet.column_dimensions["C"].width < 22
    # the reasons of 明细 are capped, and wrap
    awards = book["明细"]
    reason = [c.value for c in awards[1]].index("原因") + 1
    letter = awards.cell(1, reason).column_letter
    assert awards.column_dimensions[letter].width <= MAX_WIDTH + 1
    # a narrow column stays narrow: 行号 holds two digits
    assert sheet.column_dimensions["A"].width < 10


def test_long_text_wraps(results):
    book = load_workbook(results)
    awards = book["明细"]
    head = [c.value for c in awards[1]]
    reason = head.index("原因") + 1
    longest = max(text_width(awards.cell(r, reason).value or "") for r in range(2, awards.max_row + 1))
    if longest > MAX_WIDTH:
        assert awards.cell(2, reason).alignment.wrap_text
    # the header row wraps, so that a long header needs no wide column
    assert awards["A1"].alignment.wrap_text
    # the problems' messages are long: wrapped
    errors = book["错误"]
    assert errors["E2"].alignment.wrap_text
    # a short column does not wrap
    assert not book["申请人"]["C2"].alignment.wrap_text


def test_every_sheet_is_set_up_for_printing(results):
    book = load_workbook(results)
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0, sheet.title  # None is 1
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, sheet.title
    for title in TABLES:
        assert book[title].print_title_rows == "$1:$1", title  # the header on every printed page
    rows = rows_of(results, "汇总")
    head = next(n for n, row in enumerate(rows) if row and row[0] == "条款")
    assert book["汇总"].print_title_rows == f"${head + 1}:${head + 1}"


def test_rows_of_wrapped_text_are_tall_enough_to_show_it(results):
    from jzai_cli.render.xlsx_fast import LINE_HEIGHT, lines_of

    assert lines_of("短") == 1 and lines_of("一行\n两行") == 2
    # nine tenths of the width against a column of 50: 27 CJK characters are 54 wide, 48.6, one line; 28 are 50.4, two
    assert lines_of("焦" * 27) == 1 and lines_of("焦" * 28) == 2
    assert lines_of("焦" * 55 + "\n" + "a") == 3  # 110 → 99: two lines, and one more after the line break
    book = load_workbook(results)
    errors = book["错误"]
    message = errors["E2"].value
    assert lines_of(message) > 1
    assert errors.row_dimensions[2].height == LINE_HEIGHT * lines_of(message)
    # a row of short cells keeps the default height
    assert book["拨付明细"].row_dimensions[2].height is None
