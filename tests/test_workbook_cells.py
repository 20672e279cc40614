"""Every workbook cell is read right or refused out loud (the cells of
`tests/workbook_cells.py`): units, hidden rows, formulas, numbers in date
columns, odd cell types, total and note rows, line breaks, merged ranges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import workbook_cells as wc
from batch_helpers import MAIN_HEAD, code, main_row, write_xlsx

from jzai_cli import batch
from jzai_cli import policy as policy_mod
from jzai_cli.engine import evaluate
from jzai_cli.errors import InputError
from jzai_cli.readers.workbook import read_workbook, validate

POLICY = policy_mod.load()


def read(path: Path):
    """The workbook, and each applicant row's facts (None when invalid)."""
    book = read_workbook(path)
    return book, [validate(row, str(path)) for row in book.applicants]


def messages(row) -> str:
    return " | ".join(p.message for p in row.problems)


# --- units ------------------------------------------------------------------------

# 3 in a column headed with the unit: 3 × the unit in yuan
UNIT_CASES = [
    ("元", 3),  # 3 × 1
    ("千元", 3_000),  # 3 × 1,000
    ("万元", 30_000),  # 3 × 10,000
    ("十万元", 300_000),  # 3 × 100,000
    ("百万元", 3_000_000),  # 3 × 1,000,000
    ("千万元", 30_000_000),  # 3 × 10,000,000
    ("亿元", 300_000_000),  # 3 × 100,000,000
    ("万", 30_000),  # 万 without 元
    ("单位：百万元", 3_000_000),
    ("人民币万元", 30_000),
]


@pytest.mark.parametrize("unit,yuan", UNIT_CASES)
def test_every_unit_of_a_header_is_read_exactly(tmp_path, unit, yuan):
    _, [facts] = read(wc.one_column(tmp_path / "a.xlsx", f"当年应税收入（{unit}）", [3]))
    assert facts.applicant.taxable_revenue == Decimal(yuan)


@pytest.mark.parametrize(
    "text,yuan",
    [
        ("3.5百万元", 3_500_000),  # 3.5 × 1,000,000
        ("12千元", 12_000),  # 12 × 1,000
        ("2十万元", 200_000),  # 2 × 100,000
        ("1.5千万", 15_000_000),  # 1.5 × 10,000,000
        ("0.52亿元", 52_000_000),  # 0.52 × 100,000,000
        ("5,200万元", 52_000_000),  # 5,200 × 10,000
    ],
)
def test_every_unit_in_a_cell_is_read_exactly(tmp_path, text, yuan):
    # text with its own unit keeps it, whatever the header says
    for header in ("当年应税收入（元）", "当年应税收入（万元）"):
        _, [facts] = read(wc.one_column(tmp_path / "a.xlsx", header, [text]))
        assert facts.applicant.taxable_revenue == Decimal(yuan)


@pytest.mark.parametrize("unit", ["万美元", "美元", "港元", "欧元", "USD", "千港币"])
def test_a_foreign_currency_header_refuses_each_cell(tmp_path, unit):
    book, facts = read(wc.one_column(tmp_path / "a.xlsx", f"当年应税收入（{unit}）", [3, "4"]))
    assert facts == [None, None]
    for row in book.applicants:
        [problem] = row.problems
        assert (problem.sheet, problem.row, problem.header) == ("申请人信息", row.row, f"当年应税收入（{unit}）")
        assert "外币" in problem.message and "foreign currency" in problem.message


@pytest.mark.parametrize("text", ["5万美元", "USD 500", "$500", "500港元", "3欧元"])
def test_a_foreign_currency_in_a_cell_is_refused(tmp_path, text):
    book, [facts] = read(wc.one_column(tmp_path / "a.xlsx", "当年应税收入（元）", [text]))
    assert facts is None
    [problem] = book.applicants[0].problems
    assert problem.header == "当年应税收入（元）" and "外币" in problem.message


def test_an_unknown_unit_of_money_is_refused(tmp_path):
    book, [facts] = read(wc.one_column(tmp_path / "a.xlsx", "当年应税收入（百元）", [3]))
    assert facts is None
    assert "无法识别的金额单位" in messages(book.applicants[0])


# --- hidden rows --------------------------------------------------------------------


@pytest.mark.parametrize("build,name", [(wc.hidden_withdrawn, "a.xlsx"), (wc.hidden_withdrawn_ods, "a.ods")])
def test_a_hidden_row_is_left_out_and_named(tmp_path, build, name):
    book, facts = read(build(tmp_path / name))
    assert [row.row for row in book.applicants] == [2, 4]  # the hidden 已撤回 row 3 is not paid
    assert all(facts)
    [notice] = [n for n in book.notices if "hidden rows" in n.message]
    assert notice.row is None and "第3行" in notice.message and "left out: 3" in notice.message


# --- formulas -------------------------------------------------------------------------


def test_a_formula_without_a_cached_value_names_its_cell(tmp_path):
    book, facts = read(wc.formula_cells(tmp_path / "a.xlsx", recalc=False))
    assert [f.applicant.taxable_revenue if f else None for f in facts] == [Decimal(200), None, Decimal(200)]
    [problem] = book.applicants[1].problems
    assert (problem.row, problem.header) == (3, "当年应税收入（元）")
    assert "没有缓存值" in problem.message and "without a cached value" in problem.message


def test_formulas_of_a_workbook_recalculated_on_load_are_named(tmp_path):
    book, facts = read(wc.formula_cells(tmp_path / "a.xlsx", recalc=True))
    assert facts[0] is None and facts[1] is None  # both formula cells cannot be trusted
    assert facts[2].applicant.taxable_revenue == Decimal(200)  # a plain number is read
    column = wc.col_name(len(MAIN_HEAD))
    assert f"{column}2" in messages(book.applicants[0]) and "fullCalcOnLoad" in messages(book.applicants[0])
    assert f"{column}3" in messages(book.applicants[1]) and "没有缓存值" in messages(book.applicants[1])


def test_a_cached_value_is_read_as_the_spreadsheet_shows_it(tmp_path):
    # 999.9999999999999 万元 to 15 significant digits is 1000 万元 = 10,000,000 yuan, 8.5's 达到1000万元
    _, [facts] = read(wc.cached_near_thousand(tmp_path / "a.xlsx"))
    assert facts.applicant.main_business_revenue_prev_year == Decimal(10_000_000)


# --- numbers in date columns -------------------------------------------------------


@pytest.mark.parametrize(
    "serial,date",
    [
        (46082, dt.date(2026, 3, 1)),  # 2026-03-01 − 1899-12-30 = 46,082 days
        (32874, dt.date(1990, 1, 1)),  # 2 days to 1900-01-01, then 90 × 365 + 22 leap days = 32,872
        (73415, dt.date(2100, 12, 31)),  # 2 + 201 × 365 + 49 leap days − 1 = 73,415
    ],
)
def test_a_serial_of_a_plausible_date_is_read(tmp_path, serial, date):
    _, [facts] = read(wc.one_column(tmp_path / "a.xlsx", "首次挂牌日期", [serial]))
    assert facts.data_trading.first_listing_date == date


@pytest.mark.parametrize("serial", [1, 59, 60, 61, 1989, 2101, 32873, 73416, 3_000_000])
def test_a_number_that_is_no_date_of_this_policy_is_refused(tmp_path, serial):
    # 32873 is 1989-12-31 and 73416 is 2101-01-01, one day outside 1990–2100
    book, [facts] = read(wc.one_column(tmp_path / "a.xlsx", "首次挂牌日期", [serial]))
    assert facts is None
    [problem] = book.applicants[0].problems
    assert (problem.row, problem.header) == (2, "首次挂牌日期")
    assert "1990–2100" in problem.message


def test_a_year_alone_in_a_date_column_without_a_year_field_asks_for_the_date(tmp_path):
    book, [facts] = read(wc.one_column(tmp_path / "a.xlsx", "首次挂牌日期", [2026]))
    assert facts is None
    assert "完整日期" in messages(book.applicants[0]) and "write the full date" in messages(book.applicants[0])


def test_a_year_alone_in_an_event_date_goes_to_its_year(tmp_path):
    events = [
        wc.EVENT_HEAD,
        [code(1), "专精特新中小企业", "省级", "甲", 2026, None],
        [code(1), "专精特新中小企业", "省级", "乙", 2025, 2026],
    ]
    path = write_xlsx(
        tmp_path / "a.xlsx", {"申请人信息": [MAIN_HEAD, main_row("甲公司", code(1))], "认定与获奖": events}
    )
    book, [facts] = read(path)
    assert facts is None  # the second event's 2025 differs from its 获得年度 2026
    assert "不一致" in messages(book.applicants[0])
    events[2][5] = 2025
    book, [facts] = read(
        write_xlsx(tmp_path / "b.xlsx", {"申请人信息": [MAIN_HEAD, main_row("甲公司", code(1))], "认定与获奖": events})
    )
    assert [(e.date, e.year) for e in facts.events] == [(None, 2026), (None, 2025)]


def test_a_date_cell_far_from_this_policy_is_refused(tmp_path):
    # 2026 formatted as a date is 1905-07-18
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"申请人信息": [MAIN_HEAD + ["首次挂牌日期"], main_row("甲", code(1)) + [dt.date(1905, 7, 18)]]},
    )
    book, [facts] = read(path)
    assert facts is None and "1905-07-18" in messages(book.applicants[0])


# --- odd cell types never stop the batch -----------------------------------------


def test_every_odd_cell_in_every_column_makes_at_most_its_row_invalid(tmp_path):
    path, planted = wc.odd_cells(tmp_path / "odd.xlsx")
    book, facts = read(path)
    by_row = {row.row: (row, f) for row, f in zip(book.applicants, facts, strict=False)}
    for row in book.applicants:
        for problem in row.problems:
            assert "内部错误" not in problem.message and "internal error" not in problem.message, problem
            assert "TypeError" not in problem.message, problem
    for sheet, header, kind, number in planted:
        if sheet != wc.MAIN:
            continue
        row, f = by_row[number]  # an odd cell never loses its row
        if f is None:  # refused: the planted cell is named
            assert any(p.header == header for p in row.problems), (header, kind, row.problems)
    # a time, a duration, a date-time and a fraction in a date column are refused, never read as a date
    for kind in ("time", "timedelta", "datetime", "float"):
        number = next(n for s, h, k, n in planted if s == wc.MAIN and h == "首次挂牌日期" and k == kind)
        assert by_row[number][1] is None, kind
    # the xlsxwriter workbook asks to be recalculated on load: its formula-error cells are named too
    assert all(by_row[n][1] is None for s, h, k, n in planted if s == wc.MAIN and k == "error")
    sink = Collect()
    summary = batch.run(path, POLICY, sink)
    assert summary.read == len(book.applicants) == len(sink.outcomes)  # every row accounted for: the batch went on


@pytest.mark.parametrize("kind", ["float", "time", "timedelta", "datetime"])
def test_an_odd_cell_in_a_date_column_names_the_cell(tmp_path, kind):
    path = wc.write_typed(
        tmp_path / "a.xlsx",
        {"申请人信息": [MAIN_HEAD + ["首次挂牌日期"], main_row("甲", code(1)) + [wc.ODD_CELLS[kind]]]},
    )
    book, [facts] = read(path)
    assert facts is None
    [problem] = book.applicants[0].problems
    assert (problem.row, problem.header) == (2, "首次挂牌日期")
    assert "应为日期" in problem.message or "不能带时间" in problem.message


class Collect:
    def __init__(self) -> None:
        self.outcomes = []

    def applicant(self, outcome) -> None:
        self.outcomes.append(outcome)

    def finish(self, summary) -> None:
        self.summary = summary


# --- references, the file read once -----------------------------------------------


@pytest.mark.parametrize("form", ["eight_digits", "prefixed", "quoted", "attribute_after", "long_letters"])
def test_a_far_reference_in_any_form_is_refused_before_the_reader(tmp_path, form):
    path = wc.far_reference(tmp_path / "far.xlsx", form)
    with pytest.raises(InputError) as caught:
        read_workbook(path)  # calamine would abort the process: the check must come first
    assert "--limit" in caught.value.problems[0].message


def test_the_file_is_read_once(tmp_path, monkeypatch):
    import python_calamine

    path = wc.one_column(tmp_path / "a.xlsx", "当年应税收入（元）", [3])
    opened = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        if self == path:
            opened.append(args)
        return real_open(self, *args, **kwargs)

    def no_path(*args, **kwargs):  # pragma: no cover - must not be called
        raise AssertionError("calamine opened the file by its path")

    monkeypatch.setattr(Path, "open", counting_open)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", no_path)
    _, [facts] = read(path)
    assert facts.applicant.taxable_revenue == Decimal(3)
    assert len(opened) == 1


# --- total rows, notes, line breaks, merged ranges ------------------------------


def test_total_and_note_rows_are_left_out_and_told_once(tmp_path):
    book, facts = read(wc.totals_and_notes(tmp_path / "a.xlsx"))
    assert [row.row for row in book.applicants] == [2, 3]
    assert all(facts)  # 合计： with 甲's credit code does not make 甲 a duplicate
    [notice] = [n for n in book.notices if "total rows" in n.message]
    assert "4、5、6、7、8、9" in notice.message


def test_a_trailing_line_break_is_trimmed(tmp_path):
    _, [facts] = read(wc.line_breaks(tmp_path / "a.xlsx"))
    assert facts.applicant.credit_code == code(1)
    assert facts.applicant.operates_in_jiaozuo is True and facts.applicant.pays_taxes is True


def test_a_merged_range_is_named_in_the_message_it_causes(tmp_path):
    book, facts = read(wc.merged_data(tmp_path / "a.xlsx"))
    assert facts[0] is not None and facts[1] is None
    [problem] = book.applicants[1].problems
    assert problem.header == "申请人类型" and "D2:D3" in problem.message and "merged range" in problem.message
    assert any("D2:D3" in n.message for n in book.notices)


# --- the same files as LibreOffice saves them -------------------------------------


@pytest.mark.skipif(
    wc.libreoffice() is None, reason="LibreOffice (soffice) is not installed: re-saved copies are not checked"
)
def test_resaved_by_libreoffice(tmp_path):  # pragma: no cover - needs LibreOffice
    for build, check in [
        (wc.hidden_withdrawn, lambda book, facts: [r.row for r in book.applicants] == [2, 4]),
        (wc.totals_and_notes, lambda book, facts: [r.row for r in book.applicants] == [2, 3]),
        (
            wc.cached_near_thousand,
            lambda book, facts: facts[0].applicant.main_business_revenue_prev_year == Decimal(10_000_000),
        ),
    ]:
        original = build(tmp_path / f"{build.__name__}.xlsx")
        for suffix in ("xlsx", "ods"):
            copy = wc.resave(original, tmp_path / suffix, suffix)
            book, facts = read(copy)
            assert check(book, facts), (build.__name__, suffix)


def test_more_formulas_than_can_be_checked_refuse_a_recalculated_workbook(tmp_path, monkeypatch):
    from jzai_cli.readers import archive

    monkeypatch.setattr(archive, "MAX_FORMULA_CELLS", 1)  # the file holds two formulas
    with pytest.raises(InputError) as caught:
        read_workbook(wc.formula_cells(tmp_path / "a.xlsx", recalc=True))
    assert "fullCalcOnLoad" in caught.value.problems[0].message
    book, facts = read(
        wc.formula_cells(tmp_path / "b.xlsx", recalc=False)
    )  # not recalculated: read, the uncached one named
    assert facts[1] is None and "没有缓存值" in messages(book.applicants[1])


# --- a note of the unit above the header ----------------------------------------------

NOTE_HEAD = MAIN_HEAD + ["符合条件的数据交易平台", "首次挂牌日期", "挂牌服务费用", "年度数据交易额"]


def noted(path: Path, above: list[list[str]], head: list[str] = NOTE_HEAD) -> Path:
    """A bureau's table: a title and 单位：… above the header, money columns without a unit."""
    row = main_row("甲公司", code(1)) + ["是", "2026-04-10", "1.6", "250"]
    return write_xlsx(path, {"申请人信息": [*above, head, row]})


@pytest.mark.parametrize("note", ["单位：万元", "金额单位：万元", "（单位：万元）", "单位:万元", "单位：万"])
def test_a_note_of_the_unit_above_the_header_is_the_unit_of_the_money_columns(tmp_path, note):
    book, [facts] = read(noted(tmp_path / "a.xlsx", [["焦作市人工智能企业申报汇总表"], ["填报单位：某局", "", note]]))
    trading = facts.data_trading
    assert trading.listing_fee == Decimal(16_000)  # 1.6 × 10,000
    assert trading.annual_volume == Decimal(2_500_000)  # 250 × 10,000
    [told] = [n for n in book.notices if "表头上方" in n.message]
    assert told.sheet == "申请人信息" and told.row == 3 and "挂牌服务费用" in told.message
    awards = {a.clause: a.amount_yuan for a in evaluate(POLICY, facts, 2026).awards}
    assert awards["8.6"] == 8_000  # 50% of the listing fee of 16,000 = 8,000, under the 10,000 ceiling
    assert awards["8.7"] == 50_000  # 2,500,000 ≥ 2,000,000: up to 50,000


def test_a_note_of_the_unit_against_the_headers_unit_refuses_the_column(tmp_path):
    # the template's headers say （元） and a title row says 单位：万元: which one the figures
    # are in cannot be told, so neither is taken
    head = MAIN_HEAD + ["符合条件的数据交易平台", "首次挂牌日期", "挂牌服务费用（元）", "年度数据交易额"]
    book, [facts] = read(noted(tmp_path / "a.xlsx", [["单位：万元"]], head))
    assert facts is None
    problems = book.applicants[0].problems
    assert [(p.sheet, p.row, p.header) for p in problems] == [("申请人信息", 3, "挂牌服务费用（元）")]
    assert "单位：万元" in problems[0].message and "不同" in problems[0].message


@pytest.mark.parametrize("above", [[["单位：万元"], ["单位：元"]], [["单位：万美元"]]])
def test_notes_of_two_units_or_a_foreign_one_refuse_the_money_columns(tmp_path, above):
    book, [facts] = read(noted(tmp_path / "a.xlsx", above))
    assert facts is None
    headers = {p.header for p in book.applicants[0].problems}
    assert headers == {"挂牌服务费用", "年度数据交易额"}


@pytest.mark.parametrize(
    "above,head",
    [
        ([["焦作市人工智能企业申报汇总表（单位：万元）"]], NOTE_HEAD),  # at the end of the title
        ([], [*NOTE_HEAD, "单位：万元"]),  # beside the headers
    ],
)
def test_a_note_of_the_unit_in_the_title_or_the_header_row_is_read_too(tmp_path, above, head):
    book, [facts] = read(noted(tmp_path / "a.xlsx", above, head))
    assert facts.data_trading.listing_fee == Decimal(16_000)  # 1.6 × 10,000
    assert not [n for n in book.notices if "未知的列" in n.message]  # the note is no column


def test_a_note_of_another_unit_than_money_changes_nothing(tmp_path):
    book, [facts] = read(noted(tmp_path / "a.xlsx", [["单位：人"]]))
    assert facts.data_trading.listing_fee == Decimal("1.6")  # the header names no unit: yuan
    assert not [n for n in book.notices if "表头上方" in n.message]
