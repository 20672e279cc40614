"""The prototype results writer on rustpy-xlsxwriter writes every cell as given.

Each test writes a workbook with `FastBookWriter` and reads it back with
openpyxl (types, formats, panes, widths) and python-calamine (values), cell
by cell. Skipped when rustpy-xlsxwriter is not installed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("rustpy_xlsxwriter")

from openpyxl import load_workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from jzai_cli.batch import ClauseTotals, Summary  # noqa: E402
from jzai_cli.errors import Problem  # noqa: E402
from jzai_cli.render.workbook_out import (  # noqa: E402
    APPLICANT_HEADERS,
    AWARD_HEADERS,
    CUT_MESSAGE,
    FORMULA_START,
    BookWriter,
)
from jzai_cli.render.xlsx_fast import FastBookWriter, text_width  # noqa: E402

FORMULA_TEXTS = [start + "1+1" for start in FORMULA_START]  # the ten starts a spreadsheet could run


def applicants() -> list[list]:
    rows = [
        [2, "焦作智算软件有限公司", "91410800MA0000001X", "有效", 1_500_000, 2_000_000, 0, 1, "缺少事实：获得日期\n按上一年度实际支付的算力资源使用费"],
        [3, "=HYPERLINK(\"http://x\",\"点击\")", "91410800MA0000002X", "无效", None, None, None, None, "申请人名称: 应为文本"],
        [4, "河南怀川数据有限公司", "", "需复核", 999_999_999_999_999, 10**15, -5, 0, ""],
    ]
    rows += [[5 + i, text, "91410800MA000000%dX" % i, "有效", i, None, None, None, None] for i, text in enumerate(FORMULA_TEXTS)]
    return rows


def awards() -> list[list]:
    return [
        [2, "焦作智算软件有限公司", "91410800MA0000001X", "5.2", "算力券", "购买智能算力服务", "符合", 300_000, "算力券", "申请人",
         "按上一年度实际支付的算力资源使用费，给予不超过百分之三十的补贴"],
        [2, "焦作智算软件有限公司", "91410800MA0000001X", "8.5", "晋级补差", "升规入统", "待定", None, "奖励", "申请人", "-开头的说明"],
        [4, True, False, Decimal("1.5"), None, "", "＝SUM(A1:A9)", 0, "补贴", "毕业生本人", "@SUM(A1)"],
    ]


def summary() -> Summary:
    result = Summary(file="申请.xlsx", year=2025, read=3, valid=2, invalid=1, needs_review=1)
    result.clauses["5.2"] = ClauseTotals("5.2", 5, "算力券", "compute vouchers", eligible=1, sure_yuan=300_000, ceiling_yuan=300_000)
    result.clauses["8.5"] = ClauseTotals("8.5", 8, "晋级补差", "step-up", review=1, review_yuan=500_000, caps_hit=1, near_misses=2)
    result.problems.append(Problem("申请.xlsx", "应为数字 (expected a number)", sheet="申请人", row=3, header="当年应税收入（元）",
                                   value="=cmd|' /C calc'!A0"))
    result.problems.append(Problem("申请.xlsx", "应为日期 (expected a date)", sheet="认定与获奖", row=7, header="获得日期", value=20250101))
    return result


def expected(value):
    """A cell as the results workbook holds it (BookWriter's rules)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) and abs(value) < 10**15:
        return value
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


def write(tmp_path, name="fast.xlsx", writer_class=FastBookWriter, applicant_rows=None, award_rows=None, lang="zh"):
    path = tmp_path / name
    writer = writer_class(path, lang)
    applicant_rows = applicants() if applicant_rows is None else applicant_rows
    award_rows = awards() if award_rows is None else award_rows
    writer.add(applicant_rows[:2], award_rows[:1])  # in two calls, as the batch sends them
    writer.add(applicant_rows[2:], award_rows[1:])
    cut = writer.finish(summary())
    return path, cut


def test_every_cell_reads_back_as_written(tmp_path):
    path, cut = write(tmp_path)
    assert cut == 0
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "申请人", "明细", "错误"]
    assert values(path, "申请人") == [[zh for zh, _ in APPLICANT_HEADERS]] + trimmed(applicants())
    assert values(path, "明细") == [[zh for zh, _ in AWARD_HEADERS]] + trimmed(awards())
    sheet = book["申请人"]
    # whole yuan stay numbers; 10**15 and more are text, as BookWriter writes them
    assert sheet["E2"].data_type == "n" and sheet["E2"].value == 1_500_000
    assert sheet["E4"].value == 999_999_999_999_999 and sheet["F4"].data_type == "s" and sheet["F4"].value == "1000000000000000"
    assert sheet["G4"].value == -5
    assert book["明细"]["B4"].value == "是" and book["明细"]["C4"].value == "否" and book["明细"]["D4"].value == "1.5"
    # CJK text and line breaks intact
    assert sheet["B2"].value == "焦作智算软件有限公司"
    assert sheet["I2"].value == "缺少事实：获得日期\n按上一年度实际支付的算力资源使用费"


def test_the_same_cells_as_the_current_writer(tmp_path):
    fast, _ = write(tmp_path)
    slow, _ = write(tmp_path, "slow.xlsx", BookWriter)
    for title in ("汇总", "申请人", "明细", "错误"):
        assert values(fast, title) == values(slow, title), title


def test_the_same_cells_as_the_current_writer_in_english(tmp_path):
    fast, _ = write(tmp_path, lang="en")
    slow, _ = write(tmp_path, "slow.xlsx", BookWriter, lang="en")
    for title in ("汇总", "申请人", "明细", "错误"):
        assert values(fast, title) == values(slow, title), title
    assert values(fast, "申请人")[0][:2] == ["row", "name"]


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
    assert (awards_sheet["K3"].value, awards_sheet["K3"].data_type, awards_sheet["K3"].quotePrefix) == ("-开头的说明", "s", True)
    assert (awards_sheet["G4"].value, awards_sheet["G4"].quotePrefix) == ("＝SUM(A1:A9)", True)
    errors = book["错误"]
    assert (errors["D2"].value, errors["D2"].data_type, errors["D2"].quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    assert errors["D3"].value == 20250101 and errors["D3"].data_type == "n"
    # no formula anywhere in the file
    for ws in book:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # a column without such text carries no quote prefix
    assert not sheet["C2"].quotePrefix and not awards_sheet["B2"].quotePrefix


def test_layout_money_format_frozen_header_filter_and_widths(tmp_path):
    path, _ = write(tmp_path)
    book = load_workbook(path)
    sheet = book["申请人"]
    assert sheet.freeze_panes == "A2" and book["明细"].freeze_panes == "A2" and book["汇总"].freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I14" and book["明细"].auto_filter.ref == "A1:K4"
    assert book["汇总"].auto_filter.ref is None
    assert sheet["A1"].font.b and book["明细"]["K1"].font.b
    for cell in ("E2", "F2", "G4"):
        assert sheet[cell].number_format == "#,##0"
    assert book["明细"]["H2"].number_format == "#,##0" and book["汇总"]["F2"].number_format == "#,##0"
    assert sheet["A2"].number_format == "General" and sheet["H2"].number_format == "General"
    assert sheet["I2"].alignment.wrap_text and not sheet["B2"].alignment.wrap_text
    # 焦作智算软件有限公司 is 10 CJK characters: 20 wide, plus one
    assert sheet.column_dimensions["B"].width >= 21
    # the longest reason: 31 CJK characters (62) capped at 60
    assert 60 <= book["明细"].column_dimensions["K"].width < 62


def test_text_width_counts_cjk_double():
    assert text_width("abc") == 3
    assert text_width("焦作") == 4
    assert text_width("第1行\n焦作智算软件") == 12  # the longest line: 6 CJK characters


def test_the_summary_and_problems_sheets(tmp_path):
    path, _ = write(tmp_path)
    head = values(path, "汇总")
    assert head[0][:3] == ["条款", "条", "名称"]
    assert head[1] == ["5.2", 5, "算力券", 1, 0, 300_000, 300_000, 0, 0, 0]
    assert head[2] == ["8.5", 8, "晋级补差", 0, 1, 0, 0, 500_000, 1, 2]
    # 300,000 sure; 300,000 up to; 500,000 held for review; 1 cap; 2 near misses
    assert head[3] == ["合计", None, None, None, None, 300_000, 300_000, 500_000, 1, 2]
    assert head[4] == []
    assert head[5] == ["第N条", None, None, None, None, "确定金额（元）", "最高金额（元）", "需复核金额（元）"]
    assert head[6] == ["第五条", 5, None, None, None, 300_000, 300_000, 0]
    assert head[7] == ["第八条", 8, None, None, None, 0, 0, 500_000]
    assert ["读入申请人", 3] in head and ["输入文件", "申请.xlsx"] in head
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
    writer = FastBookWriter(path)
    writer.add([], [])
    assert writer.finish(Summary(file="空.xlsx", year=None)) == 0
    assert values(path, "申请人") == [[zh for zh, _ in APPLICANT_HEADERS]]
    assert values(path, "明细") == [[zh for zh, _ in AWARD_HEADERS]]
    assert values(path, "错误") == [["工作表", "行号", "列", "值", "问题"]]


def test_a_row_longer_than_its_header_is_refused(tmp_path):
    writer = FastBookWriter(tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="12 cells in a row of 11 columns"):
        writer.add([], [list(range(12))])


class SmallSheets(FastBookWriter):
    ROWS_PER_SHEET = 20  # more than the other sheets hold here


def test_detail_rows_continue_on_further_sheets_in_order(tmp_path):
    rows = [[n, f"申请人{n}", None, None, None, None, None, n * 1000, None, None, "焦" * (33_000 if n == 26 else 3)]
            for n in range(50)]
    path, cut = write(tmp_path, writer_class=SmallSheets, award_rows=rows)
    assert load_workbook(path, read_only=True).sheetnames == ["汇总", "申请人", "明细", "明细 (2)", "明细 (3)", "错误"]
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
    writer = FastBookWriter(path)
    total = 1_048_576
    for start in range(0, total, 65_536):
        writer.add([], [[n] for n in range(start, min(total, start + 65_536))])
    writer.finish(Summary(file="大.xlsx", year=None))
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["汇总", "申请人", "明细", "明细 (2)", "错误"]
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
    assert values(path, "申请人")[1] == [2, None, "x", "有效", 1, 1, 0, 0]


def test_without_the_library_it_fails_before_any_row(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rustpy_xlsxwriter", None)
    with pytest.raises(ImportError):
        FastBookWriter(tmp_path / "x.xlsx")
