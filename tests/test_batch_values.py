"""Every spelling of a value and of a header that a workbook may hold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from batch_helpers import CODE_A, MAIN_HEAD, code, main_row, write_ods, write_xls, write_xlsx

from jzai_cli.readers.workbook import excel_date, read_workbook, validate


def _facts(tmp_path, head, rows, date1904=False, details=None):
    sheets = {"申请人信息": [MAIN_HEAD + head] + [main_row(f"甲{n}", code(n)) + list(r) for n, r in enumerate(rows)]}
    sheets.update(details or {})
    path = write_xlsx(tmp_path / "a.xlsx", sheets, date1904=date1904)
    book = read_workbook(path)
    return book, [validate(row, str(path)) for row in book.applicants]


def test_an_amount_reads_the_same_in_every_spelling(tmp_path):
    # 52,000,000 yuan = 5,200 万元 = 0.52 亿元
    spellings = [52_000_000, "52,000,000", "5,200万元", "5200万", "0.52亿", "５２００万", "52000000元"]
    _, facts = _facts(tmp_path, ["当年应税收入（元）"], [[s] for s in spellings])
    assert [f.applicant.taxable_revenue for f in facts] == [Decimal(52_000_000)] * len(spellings)


def test_a_column_headed_wan_yuan_holds_wan_yuan(tmp_path):
    # 5,200 (万元) × 10,000 = 52,000,000 yuan; 0.5 万元 = 5,000; text with its own unit keeps it
    _, facts = _facts(tmp_path, ["当年应税收入（万元）"], [[5200], [0.5], ["5,200"], ["300元"]])
    assert [f.applicant.taxable_revenue for f in facts] == [
        Decimal(52_000_000),
        Decimal(5_000),
        Decimal(52_000_000),
        Decimal(300),
    ]


def test_a_float_cell_becomes_an_exact_decimal(tmp_path):
    # 0.1 stays 0.1 (not 0.1000000000000000055…); 1234.56 yuan exactly
    _, facts = _facts(tmp_path, ["当年应税收入（元）"], [[0.1], [1234.56]])
    assert [f.applicant.taxable_revenue for f in facts] == [Decimal("0.1"), Decimal("1234.56")]


@pytest.mark.parametrize(
    "yes,no",
    [("是", "否"), ("Y", "N"), ("y", "n"), ("TRUE", "FALSE"), ("true", "false"), (True, False), (1, 0), ("１", "０")],
)
def test_yes_and_no_in_every_spelling(tmp_path, yes, no):
    _, facts = _facts(tmp_path, ["数据标注企业"], [[yes], [no]])
    assert [f.applicant.data_labelling for f in facts] == [True, False]


@pytest.mark.parametrize(
    "value", [dt.date(2026, 3, 1), "2026-03-01", "2026/3/1", "2026年3月1日", "2026.3.1", 46082, "２０２６-０３-０１"]
)
def test_a_date_in_every_spelling(tmp_path, value):
    # 46082 is 2026-03-01 in Excel's 1900 system: 2026-03-01 − 1899-12-30 = 46,082 days
    _, facts = _facts(tmp_path, ["首次挂牌日期"], [[value]])
    assert facts[0].data_trading.first_listing_date == dt.date(2026, 3, 1)


def test_dates_of_a_1904_workbook(tmp_path):
    # a date cell is converted by the reader; a bare number is a serial of the 1904 system:
    # 2026-03-01 − 1904-01-01 = 44,620 days
    _, facts = _facts(tmp_path, ["首次挂牌日期"], [[dt.date(2026, 3, 1)], [44620]], date1904=True)
    assert [f.data_trading.first_listing_date for f in facts] == [dt.date(2026, 3, 1)] * 2


def test_excel_serials():
    assert excel_date(1, False) == dt.date(1900, 1, 1)
    assert excel_date(61, False) == dt.date(1900, 3, 1)
    assert excel_date(60, False) == 60  # 29 February 1900 never was: left for the model to refuse
    assert excel_date(0, True) == dt.date(1904, 1, 1)


def test_a_credit_code_stored_as_a_number_says_the_digits_were_lost(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"申请人信息": [MAIN_HEAD, main_row("甲", 914108001234567890)]})
    book = read_workbook(path)
    assert validate(book.applicants[0], str(path)) is None
    [problem] = book.applicants[0].problems
    assert "数字已丢失" in problem.message and "digits were lost" in problem.message
    assert (problem.sheet, problem.row, problem.header) == ("申请人信息", 2, "统一社会信用代码")


def test_a_bad_value_is_located_by_sheet_row_and_header(tmp_path):
    details = {
        "认定与获奖": [
            ["统一社会信用代码", "事项类型", "级别", "获得日期"],
            [code(0), "专精特新中小企业", "省级", "明年"],
        ]
    }
    book, facts = _facts(tmp_path, [], [[]], details=details)
    assert facts == [None]
    [problem] = book.applicants[0].problems
    assert (problem.sheet, problem.row, problem.header, problem.value) == ("认定与获奖", 2, "获得日期", "明年")
    assert "应为日期" in problem.message and "expected a date" in problem.message


@pytest.mark.parametrize(
    "header",
    [
        "当年应税收入（元）",
        "当年应税收入(元)",
        " 当年应税收入 ",
        "\ufeff当年应税收入",
        "当年\u200b应税收入（元）",
        "taxable_revenue",
        "Taxable Revenue",
        "当年应税收入【元】",
    ],
)
def test_header_variants(tmp_path, header):
    _, facts = _facts(tmp_path, [header], [[1000]])
    assert facts[0].applicant.taxable_revenue == Decimal(1000)


def test_english_headers_in_any_order(tmp_path):
    head = [
        "pays_taxes",
        "kind",
        "credit_code",
        "name",
        "operates_in_jiaozuo",
        "sectors",
        "size",
        "in_jiaozuo_statistics",
    ]
    row = ["是", "enterprise", CODE_A, "甲", "是", "intelligent_software、ai_applications", "small", "是"]
    path = write_xlsx(tmp_path / "a.xlsx", {"applicants": [head, row]})
    book = read_workbook(path)
    facts = validate(book.applicants[0], str(path))
    assert facts.applicant.name == "甲" and facts.applicant.credit_code == CODE_A
    assert [s.value for s in facts.applicant.sectors] == ["intelligent_software", "ai_applications"]


def test_xls_and_ods_are_read(tmp_path):
    sheets = {
        "申请人信息": [
            MAIN_HEAD + ["首次挂牌日期", "挂牌服务费用（元）"],
            main_row("甲", CODE_A) + [dt.date(2026, 3, 1), 30000],
        ],
        "认定与获奖": [
            ["统一社会信用代码", "事项类型", "级别", "获得日期"],
            [CODE_A, "专精特新中小企业", "省级", dt.date(2026, 5, 20)],
        ],
    }
    for path in (write_xls(tmp_path / "a.xls", sheets), write_ods(tmp_path / "a.ods", sheets, hidden=())):
        book = read_workbook(path)
        facts = validate(book.applicants[0], str(path))
        assert facts is not None, book.applicants[0].problems
        assert facts.data_trading.first_listing_date == dt.date(2026, 3, 1)
        assert facts.data_trading.listing_fee == Decimal(30000)
        assert facts.events[0].date == dt.date(2026, 5, 20)
