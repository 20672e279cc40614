"""Workbooks as offices fill them: the template's own example row left in
place, and headers retitled with another unit. Each expected amount is
worked out by hand from the policy text."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()

OURS = "91410811MA9LX0QH2Q"  # the applicant the office adds below the example
EXAMPLE_CODE = "91410800MA9K3T2B51"  # the template's example applicant


def _batch_json(path) -> dict:
    result = runner.invoke(app, ["batch", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _template(tmp_path):
    path = tmp_path / "template.xlsx"
    assert runner.invoke(app, ["template", "-o", str(path)]).exit_code == 0
    return path


def _add_our_applicant(path, keep_example: bool = True) -> None:
    """One real applicant below the example: a provincial 专精特新 SME of 2026 (3.3)."""
    book = openpyxl.load_workbook(path)
    main = book["申请人信息"]
    head = [c.value for c in main[1]]
    values = {
        "评估年度": 2026,
        "申请人名称": "焦作某某科技有限公司",
        "统一社会信用代码": OURS,
        "申请人类型": "企业",
        "企业规模": "小型",
        "人工智能领域": "智能软件",
        "在焦作市正常经营": "是",
        "依法纳税": "是",
        "纳入焦作统计": "是",
    }
    main.append([values.get(h) for h in head])
    events = book["认定与获奖"]
    head = [c.value for c in events[1]]
    event = {"统一社会信用代码": OURS, "事项类型": "专精特新中小企业", "级别": "省级", "事项名称": "我司专精特新"}
    events.append([event.get(h) for h in head])
    events.cell(events.max_row, head.index("获得日期") + 1).value = "2026-05-01"
    if not keep_example:
        for sheet in book.worksheets[1:]:
            sheet.delete_rows(2)
    book.save(path)


def test_the_templates_example_row_left_in_place_is_not_paid(tmp_path):
    # The template's 说明 said "第2行为示例，可删除". An office that fills in its
    # applicants below the example and forgets to delete it must not see the
    # example company's awards in its totals without a word.
    # Ours: 3.3 新获得省认定的“专精特新”中小企业 → 500,000; nothing else.
    # The example row (焦作智算软件有限公司) would add 990,000 sure and 10,000 up to.
    path = _template(tmp_path)
    _add_our_applicant(path)
    document = _batch_json(path)
    summary = document["summary"]
    assert summary["total_yuan"] == 500_000  # 3.3 of our applicant only
    assert summary["ceiling_total_yuan"] == 0
    example = next(a for a in document["applicants"] if a["credit_code"] == EXAMPLE_CODE)
    assert example["status"] == "invalid"
    assert any("示例" in p["message"] for p in example["problems"])


def test_the_template_without_its_example_row_pays_the_same(tmp_path):
    path = _template(tmp_path)
    _add_our_applicant(path, keep_example=False)
    summary = _batch_json(path)["summary"]
    assert summary["total_yuan"] == 500_000 and summary["read"] == 1


def test_a_row_that_differs_from_the_example_is_an_applicant(tmp_path):
    # The example's name and code with other figures (the shipped examples/applicants.xlsx
    # does so) is an applicant, computed as any other: not the template's row.
    path = _template(tmp_path)
    book = openpyxl.load_workbook(path)
    main = book["申请人信息"]
    head = [c.value for c in main[1]]
    main.cell(2, head.index("挂牌服务费用（元）") + 1).value = 16_000  # 50% = 8,000 up to (8.6)
    book.save(path)
    summary = _batch_json(path)["summary"]
    assert summary["valid"] == 1
    assert summary["ceiling_total_yuan"] == 8_000


def test_the_reader_knows_the_templates_example_code():
    from jzai_cli.readers import validation
    from jzai_cli.render import template

    assert validation._EXAMPLE_CODE == template.EXAMPLE_CODE == EXAMPLE_CODE


def _one_applicant(path, sheet: str, head: list[str], rows: list[list]) -> None:
    book = openpyxl.Workbook()
    main = book.active
    main.title = "申请人信息"
    main.append(["评估年度", "申请人名称", "统一社会信用代码", "申请人类型", "企业规模", "人工智能领域"])
    main.append([2026, "焦作某某科技有限公司", OURS, "企业", "小型", "智能软件"])
    for name, value in (("在焦作市正常经营", "是"), ("依法纳税", "是"), ("纳入焦作统计", "是")):
        main.cell(1, main.max_column + 1).value = name
        main.cell(2, main.max_column).value = value
    detail = book.create_sheet(sheet)
    detail.append(head)
    for row in rows:
        detail.append(row)
    book.save(path)


COMPUTE = ["统一社会信用代码", "算力服务商", "服务商类型", "算力规模（{unit}）", "自建自用", "算力资源使用费（元）"]


@pytest.mark.parametrize(
    ("unit", "capacity", "expected"),
    [
        # 100PFLOPS以上 (≥ 100): 20% × 1,000,000 = 200,000 at 100 and above, nothing at 99.9
        ("PFLOPS", 100, 200_000),
        ("PFLOPS", "99.9", 0),
        ("PFLOPS", "100.1", 200_000),
        ("P", 100, 200_000),
    ],
)
def test_compute_capacity_in_pflops(tmp_path, unit, capacity, expected):
    path = tmp_path / "c.xlsx"
    head = [h.format(unit=unit) for h in COMPUTE]
    _one_applicant(path, "算力使用", head, [[OURS, "某智算中心", "人工智能计算中心", capacity, "否", 1_000_000]])
    document = _batch_json(path)
    assert document["problems"] == []
    assert document["summary"]["total_yuan"] == expected


@pytest.mark.parametrize("unit", ["TFLOPS", "EFLOPS"])
def test_compute_capacity_in_another_unit_is_refused_not_read_as_pflops(tmp_path, unit):
    # 50,000 TFLOPS is 50 PFLOPS, under 100PFLOPS以上: 6.1 pays nothing. Read as
    # 50,000 PFLOPS it paid 20% × 1,000,000 = 200,000 without a word; 0.05 EFLOPS
    # (50 PFLOPS) read as 0.05 PFLOPS was refused for the wrong reason. The column
    # is refused, naming the header and the cell.
    path = tmp_path / "c.xlsx"
    head = [h.format(unit=unit) for h in COMPUTE]
    capacity = 50_000 if unit == "TFLOPS" else "0.05"
    _one_applicant(path, "算力使用", head, [[OURS, "某智算中心", "人工智能计算中心", capacity, "否", 1_000_000]])
    document = _batch_json(path)
    assert document["summary"]["total_yuan"] == 0
    [row] = document["applicants"]
    assert row["status"] == "invalid"
    assert any(p["header"] == f"算力规模（{unit}）" for p in document["problems"] + row["problems"])


HIRES = [
    "统一社会信用代码",
    "招用毕业生姓名",
    "毕业（离校）日期",
    "招用日期",
    "招用前状态",
    "劳动合同期限（{unit}）",
    "单位缴纳社保费（元）",
    "缴费月数",
]


@pytest.mark.parametrize(
    ("unit", "length", "expected"),
    [
        # 签订1年以上劳动合同 (≥ 12 months): the 6,000 actually paid for 6 months is reimbursed
        ("月", 12, 6_000),
        ("月", 11, 0),
        ("月", 13, 6_000),
        ("个月", 36, 6_000),
    ],
)
def test_hire_contract_in_months(tmp_path, unit, length, expected):
    path = tmp_path / "h.xlsx"
    head = [h.format(unit=unit) for h in HIRES]
    row = [OURS, "陈某", "2026-06-30", "2026-07-15", "毕业年度高校毕业生", length, 6_000, 6]
    _one_applicant(path, "招用毕业生", head, [row])
    document = _batch_json(path)
    assert document["problems"] == []
    assert document["summary"]["total_yuan"] == expected


def test_hire_contract_in_years_is_refused_not_read_as_months(tmp_path):
    # 劳动合同期限（年） = 3 is a 36-month contract (9.2 pays the 6,000 paid); read as
    # 3 months it was refused as "劳动合同3个月，未达1年以上" though the header said years.
    path = tmp_path / "h.xlsx"
    head = [h.format(unit="年") for h in HIRES]
    row = [OURS, "陈某", "2026-06-30", "2026-07-15", "毕业年度高校毕业生", 3, 6_000, 6]
    _one_applicant(path, "招用毕业生", head, [row])
    document = _batch_json(path)
    [applicant] = document["applicants"]
    assert applicant["status"] == "invalid"
    assert any(p["header"] == "劳动合同期限（年）" for p in document["problems"] + applicant["problems"])


def _check_json(path) -> dict:
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


COMPUTE_TOML = """year = 2026
[applicant]
name = "甲"
kind = "enterprise"
sectors = ["intelligent_software"]
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
[[compute_purchases]]
provider = "超算"
provider_type = "supercomputing_centre"
self_built = false
fees = {fees}
{received}
"""


@pytest.mark.parametrize(
    ("fees", "received", "amount", "reason"),
    [
        # no fees: 20% × 0 = 0, and the yearly cap of 1,000,000 is untouched
        (0, "", 0, "未支付算力资源使用费"),
        # 20% × 5 = 1 yuan
        (5, "", 1, "按使用费"),
        # 1,000,000 already received this year: 20% × 500,000 = 100,000 is cut to 0
        (500_000, '[[awards_received]]\nclause = "6.1"\nyear = 2026\namount = "100万"', 0, "已用完"),
    ],
)
def test_compute_with_no_fees_is_not_said_to_hit_the_yearly_cap(tmp_path, fees, received, amount, reason):
    path = tmp_path / "c.toml"
    path.write_text(COMPUTE_TOML.format(fees=fees, received=received), encoding="utf-8")
    [award] = _check_json(path)["awards"]
    assert award["amount_yuan"] == amount
    assert reason in award["reason"]


THEIRS = "91410800MA9K3T2B51"


def _two_applicants_and_a_little_giant(path, name_beside: str | None) -> None:
    book = openpyxl.Workbook()
    main = book.active
    main.title = "申请人信息"
    main.append(["评估年度", "申请人名称", "统一社会信用代码", "申请人类型", "人工智能领域"])
    main.append([2026, "焦作甲科技有限公司", THEIRS, "企业", "智能软件"])
    main.append([2026, "焦作乙数据有限公司", OURS, "企业", "智能软件"])
    for name in ("在焦作市正常经营", "依法纳税", "纳入焦作统计"):
        column = main.max_column + 1
        main.cell(1, column).value = name
        main.cell(2, column).value = main.cell(3, column).value = "是"
    events = book.create_sheet("认定与获奖")
    events.append(["统一社会信用代码", "申请人名称", "事项类型", "级别", "事项名称", "获得日期"])
    events.append([THEIRS, name_beside, "专精特新“小巨人”企业", "国家级", "小巨人", "2026-05-01"])
    book.save(path)


@pytest.mark.parametrize(
    "beside",
    [
        None,
        "焦作甲科技有限公司",
        " 焦作甲科技有限公司 ",
        "甲科技",
        "焦作甲科技 有限公司",
        "焦作市甲科技有限公司",  # the city written out
        "甲科技公司",  # without the place, a shorter legal form
        "河南省焦作市甲科技有限责任公司",
        "（焦作）甲科技股份有限公司",
    ],
)
def test_a_detail_row_named_as_its_applicant_is_paid(tmp_path, beside):
    # 3.4 获得国家级“小巨人”中小企业 → 1,000,000 to 甲, whose code the row gives
    path = tmp_path / "a.xlsx"
    _two_applicants_and_a_little_giant(path, beside)
    document = _batch_json(path)
    assert document["problems"] == []
    assert [a["result"]["total_yuan"] for a in document["applicants"]] == [1_000_000, 0]


@pytest.mark.parametrize("beside", ["焦作乙数据有限公司", "乙数据公司", "焦作市乙数据有限责任公司", "焦作有限公司"])
def test_a_detail_row_naming_another_applicant_than_its_code_is_not_paid_to_either(tmp_path, beside):
    # The row gives 甲's code beside 乙's name (or a name that is only a place and a
    # legal form): whose 小巨人 it is cannot be told.
    # It paid 1,000,000 to 甲 with no message; 甲 is now invalid, named at the row.
    path = tmp_path / "a.xlsx"
    _two_applicants_and_a_little_giant(path, beside)
    document = _batch_json(path)
    first, second = document["applicants"]
    assert first["status"] == "invalid" and second["result"]["total_yuan"] == 0
    assert document["summary"]["total_yuan"] == 0
    [problem] = first["problems"]
    assert problem["sheet"] == "认定与获奖" and problem["row"] == 2 and problem["value"] == beside
