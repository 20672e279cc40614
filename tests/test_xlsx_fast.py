"""The results writer (rustpy-xlsxwriter behind `xlsx_fast.Table`) writes every cell as given.

Each test writes a workbook with `BookWriter` (or a bare `Table`) and reads it
back with openpyxl (types, formats, panes, widths) and python-calamine
(values), cell by cell.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from jzai_cli.batch import ClauseTotals, Summary
from jzai_cli.errors import Problem
from jzai_cli.render.workbook_out import (
    AWARD_HEADERS,
    BOOK_APPLICANT_HEADERS,
    CUT_MESSAGE,
    FORMULA_START,
    BookWriter,
)
from jzai_cli.render.xlsx_fast import EXCEL_ROWS, Table, save, text_width

FORMULA_TEXTS = [start + "1+1" for start in FORMULA_START]  # the ten starts a spreadsheet could run


def applicants() -> list[list]:
    rows = [
        [
            2,
            "焦作智算软件有限公司",
            "91410800MA0000001X",
            "有效",
            1_500_000,
            2_000_000,
            0,
            1,
            "缺少事实：获得日期\n按上一年度实际支付的算力资源使用费",
        ],
        [
            3,
            '=HYPERLINK("http://x","点击")',
            "91410800MA0000002X",
            "无效",
            None,
            None,
            None,
            None,
            "申请人名称: 应为文本",
        ],
        [4, "河南怀川数据有限公司", "", "需复核", 999_999_999_999_999, 10**15, -5, 0, ""],
    ]
    rows += [
        [5 + i, text, f"91410800MA000000{i}X", "有效", i, None, None, None, None]
        for i, text in enumerate(FORMULA_TEXTS)
    ]
    return rows


def awards() -> list[list]:
    return [
        [
            2,
            "焦作智算软件有限公司",
            "91410800MA0000001X",
            "5.2",
            "算力券",
            "购买智能算力服务",
            "符合",
            300_000,
            "算力券",
            "申请人",
            "按上一年度实际支付的算力资源使用费，给予不超过百分之三十的补贴",
        ],
        [
            2,
            "焦作智算软件有限公司",
            "91410800MA0000001X",
            "8.5",
            "晋级补差",
            "升规入统",
            "待定",
            None,
            "奖励",
            "申请人",
            "-开头的说明",
        ],
        [4, True, False, Decimal("1.5"), None, "", "＝SUM(A1:A9)", 0, "补贴", "毕业生本人", "@SUM(A1)"],
    ]


def summary() -> Summary:
    result = Summary(file="申请.xlsx", year=2025, read=3, valid=2, invalid=1, needs_review=1)
    result.clauses["5.2"] = ClauseTotals(
        "5.2", 5, "算力券", "compute vouchers", eligible=1, sure_yuan=300_000, ceiling_yuan=300_000
    )
    result.clauses["8.5"] = ClauseTotals(
        "8.5", 8, "晋级补差", "step-up", review=1, review_yuan=500_000, caps_hit=1, near_misses=2
    )
    result.problems.append(
        Problem(
            "申请.xlsx",
            "应为数字 (expected a number)",
            sheet="申请人",
            row=3,
            header="当年应税收入（元）",
            value="=cmd|' /C calc'!A0",
        )
    )
    result.problems.append(
        Problem("申请.xlsx", "应为日期 (expected a date)", sheet="认定与获奖", row=7, header="获得日期", value=20250101)
    )
    return result


def expected(value):
    """A cell as the results workbook holds it."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and abs(value) < 10**15:
        return value
    if isinstance(value, float):  # a 万元 figure
        return int(value) if value.is_integer() else value
    return value if isinstance(value, str) else str(value)


def values(path, title) -> list[list]:
    """Every row of a sheet as calamine reads it, whole-number floats as int, '' as None."""
    out = []
    for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python():
        cells = [None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def trimmed(rows) -> list[list]:
    out = []
    for row in rows:
        cells = [expected(v) for v in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


def with_wan(rows) -> list[list]:
    """申请人 as the workbook shows it: the sure total again in 万元 after the 元 column (E)."""
    return [
        row[:5] + [row[4] / 10_000 if isinstance(row[4], int) and not isinstance(row[4], bool) else None] + row[5:]
        for row in rows
    ]


def write(tmp_path, name="fast.xlsx", applicant_rows=None, award_rows=None, lang="zh", sheet_rows=None):
    path = tmp_path / name
    writer = BookWriter(path, lang, sheet_rows=sheet_rows)
    applicant_rows = applicants() if applicant_rows is None else applicant_rows
    award_rows = awards() if award_rows is None else award_rows
    writer.add(applicant_rows[:2], award_rows[:1])  # in two calls, as the batch sends them
    writer.add(applicant_rows[2:], award_rows[1:])
    cut, _continued = writer.finish(summary())
    return path, cut


def test_every_cell_reads_back_as_written(tmp_path):
    path, cut = write(tmp_path)
    assert cut == 0
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "申请人", "明细", "拟兑现名单", "拨付明细", "错误", "重复"]
    # 999,999,999,999,999 / 10,000 in 万元 is a double: compared as calamine reads it
    assert values(path, "申请人") == [[zh for zh, _ in BOOK_APPLICANT_HEADERS]] + trimmed(with_wan(applicants()))
    assert values(path, "明细") == [[zh for zh, _ in AWARD_HEADERS]] + trimmed(awards())
    sheet = book["申请人"]
    # whole yuan stay numbers; 10**15 and more are text
    assert sheet["E2"].data_type == "n" and sheet["E2"].value == 1_500_000
    assert (
        sheet["E4"].value == 999_999_999_999_999
        and sheet["G4"].data_type == "s"
        and sheet["G4"].value == "1000000000000000"
    )
    assert sheet["H4"].value == -5
    assert book["明细"]["B4"].value == "是" and book["明细"]["C4"].value == "否" and book["明细"]["D4"].value == "1.5"
    # CJK text and line breaks intact
    assert sheet["B2"].value == "焦作智算软件有限公司"
    assert sheet["J2"].value == "缺少事实：获得日期\n按上一年度实际支付的算力资源使用费"


def test_english_sheet_names_and_headers(tmp_path):
    path, _ = write(tmp_path, lang="en")
    assert load_workbook(path, read_only=True).sheetnames == [
        "Summary",
        "Applicants",
        "Awards",
        "To be paid",
        "Payments",
        "Problems",
        "Duplicates",
    ]
    assert values(path, "Applicants")[0][:6] == ["row", "name", "credit_code", "status", "total_yuan", "total_wan"]
    assert values(path, "Awards")[0][-3:] == ["basis", "payee", "payee_kind"]


def test_text_that_starts_like_a_formula_stays_text(tmp_path):
    path, _ = write(tmp_path)
    book = load_workbook(path)
    sheet = book["申请人"]
    for row, text in enumerate(FORMULA_TEXTS, start=5):
        cell = sheet.cell(row, 2)
        # openpyxl leaves a carriage return as the file escapes it (_x000D_, the bytes xlsxwriter writes too);
        # calamine and Excel decode it: the values test above compares those
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text.replace("\r", "_x000D_"), "s", True)
    assert sheet["B3"].value.startswith("=HYPERLINK") and sheet["B3"].data_type == "s"
    awards_sheet = book["明细"]
    assert (awards_sheet["K3"].value, awards_sheet["K3"].data_type, awards_sheet["K3"].quotePrefix) == (
        "-开头的说明",
        "s",
        True,
    )
    assert (awards_sheet["G4"].value, awards_sheet["G4"].quotePrefix) == ("＝SUM(A1:A9)", True)
    errors = book["错误"]
    assert (errors["D2"].value, errors["D2"].data_type, errors["D2"].quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    assert errors["D3"].value == 20250101 and errors["D3"].data_type == "n"
    # no formula anywhere in the file
    for ws in book:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # a column without such text carries no quote prefix
    assert not sheet["C2"].quotePrefix and not awards_sheet["B2"].quotePrefix


def test_text_width_counts_cjk_double():
    assert text_width("abc") == 3
    assert text_width("焦作") == 4
    assert text_width("第1行\n焦作智算软件") == 12  # the longest line: 6 CJK characters


def test_the_problems_sheet(tmp_path):
    path, _ = write(tmp_path)
    errors = values(path, "错误")
    assert errors[1] == ["申请人", 3, "当年应税收入（元）", "=cmd|' /C calc'!A0", "应为数字 (expected a number)"]
    assert errors[2] == ["认定与获奖", 7, "获得日期", 20250101, "应为日期 (expected a date)"]


def test_long_text_is_cut_and_listed(tmp_path):
    long = "焦" * 40_000
    path, cut = write(tmp_path, applicant_rows=[[2, long, "x", "有效", 1, 1, 0, 0, None]])
    assert cut == 1
    cell = load_workbook(path)["申请人"]["B2"].value
    assert len(cell) == 32_767 and cell.endswith("…") and cell[:-1] == long[:32_766]
    assert values(path, "错误")[-1] == ["申请人", 2, None, None, "1 " + CUT_MESSAGE]


def test_no_rows_still_gives_every_sheet_its_header(tmp_path):
    path = tmp_path / "empty.xlsx"
    writer = BookWriter(path)
    writer.add([], [])
    assert writer.finish(Summary(file="空.xlsx", year=None)) == (0, [])
    assert values(path, "申请人") == [[zh for zh, _ in BOOK_APPLICANT_HEADERS]]
    assert values(path, "明细") == [[zh for zh, _ in AWARD_HEADERS]]
    assert values(path, "错误") == [["工作表", "行号", "列", "值", "问题"]]
    assert values(path, "拟兑现名单")[0][:3] == ["序号", "申请人名称", "统一社会信用代码"]


def test_a_row_longer_than_its_header_is_refused(tmp_path):
    writer = BookWriter(tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="15 cells in a row of 14 columns"):
        writer.add([], [list(range(15))])
    writer.close()


def test_detail_rows_continue_on_further_sheets_in_order(tmp_path):
    rows = [
        [n, f"申请人{n}", None, None, None, None, None, n * 1000, None, None, "焦" * (33_000 if n == 26 else 3)]
        for n in range(50)
    ]
    path, cut = write(tmp_path, award_rows=rows, sheet_rows=21)  # a header and 20 rows a sheet
    assert load_workbook(path, read_only=True).sheetnames == [
        "汇总",
        "申请人",
        "明细",
        "明细 (2)",
        "明细 (3)",
        "拟兑现名单",
        "拨付明细",
        "错误",
        "重复",
    ]
    header = [zh for zh, _ in AWARD_HEADERS]
    expected_rows = trimmed(rows)
    expected_rows[26][-1] = "焦" * 32_766 + "…"
    assert values(path, "明细") == [header] + expected_rows[:20]
    assert values(path, "明细 (2)") == [header] + expected_rows[20:40]
    assert values(path, "明细 (3)") == [header] + expected_rows[40:]
    # the cut text is the 27th detail row: the 7th of 明细 (2), under the header on Excel row 8
    assert cut == 1 and values(path, "错误")[-1] == ["明细 (2)", 8, None, None, "1 " + CUT_MESSAGE]


def test_past_excels_row_limit_nothing_is_lost(tmp_path):
    # 1,048,576 rows a sheet, the header included: 1,048,575 detail rows fit, the next goes to 明细 (2)
    path = tmp_path / "big.xlsx"
    writer = BookWriter(path)
    total = 1_048_576
    for start in range(0, total, 65_536):
        writer.add([], [[n] for n in range(start, min(total, start + 65_536))])
    writer.finish(Summary(file="大.xlsx", year=None))
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["汇总", "申请人", "明细", "明细 (2)", "拟兑现名单", "拨付明细", "错误", "重复"]
    first = book.get_sheet_by_name("明细").to_python()
    second = book.get_sheet_by_name("明细 (2)").to_python()
    assert len(first) == 1_048_576 and len(second) == 2
    assert first[1][0] == 0 and first[-1][0] == 1_048_574 and second[1][0] == 1_048_575
    assert all(row[0] == n for n, row in enumerate(first[1:]))


def test_nothing_but_the_workbook_is_left_beside_it(tmp_path):
    write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fast.xlsx"]  # the row spools are gone


class Blank:
    def __str__(self) -> str:
        return ""


def test_a_value_that_prints_as_nothing_is_an_empty_cell(tmp_path):
    path, _ = write(tmp_path, applicant_rows=[[2, Blank(), "x", "有效", 1, 1, 0, 0, None]])
    assert values(path, "申请人")[1] == [2, None, "x", "有效", 1, 0.0001, 1, 0, 0]  # 1 yuan is 0.0001 万元


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    # the library reads records by position under the first record's keys: two equal keys would merge two columns
    with pytest.raises(ValueError, match="twice"):
        Table("x", ["a", "a"], [None, None], tmp_path)


def test_a_sheet_of_its_own_table_writes_with_save(tmp_path):
    table = Table("表", ["甲", "乙"], [None, "#,##0"], tmp_path)
    table.add([["x", 1_234_567]])
    save(tmp_path / "t.xlsx", [table])
    table.close()
    sheet = load_workbook(tmp_path / "t.xlsx")["表"]
    assert (sheet["A2"].value, sheet["B2"].value, sheet["B2"].number_format) == ("x", 1_234_567, "#,##0")
    assert EXCEL_ROWS == 1_048_576


def test_without_the_library_it_fails_before_any_row(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)
    with pytest.raises(ImportError):
        BookWriter(tmp_path / "x.xlsx")


def test_rows_come_back_in_order_across_batches_and_a_cut_spool_is_an_error(tmp_path):
    table = Table("表", ["甲", "乙"], [None, None], tmp_path)
    table.add([["一", 1], ["二", 2]])
    table.add([["三", None]])
    assert list(table.rows()) == [["一", 1], ["二", 2], ["三", None]]
    assert list(table.rows()) == [["一", 1], ["二", 2], ["三", None]]  # read again from the start
    table.spool.seek(0, 2)
    table.spool.truncate(table.spool.tell() - 1)  # the last batch lost its last byte
    with pytest.raises(OSError, match="ends inside a batch"):
        list(table.rows())
    table.spool.truncate(3)  # inside the first batch's length
    with pytest.raises(OSError, match="length"):
        list(table.rows())
    table.close()
