"""Who may apply, and how amounts are shown: each test names the input, the
figure jzai showed and the figure the policy text gives, with the arithmetic
in a comment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import code
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()

GATE = """
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
sectors = ["intelligent_software"]
"""

TWO_PURCHASES = f"""
year = 2026
[applicant]
name = "焦作测试科技有限公司"
kind = "enterprise"
{GATE}
[[compute_purchases]]
provider = "国家超级计算郑州中心"
provider_type = "supercomputing_centre"
self_built = false
fees = "12342.50"

[[compute_purchases]]
provider = "某人工智能计算中心"
provider_type = "supercomputing_centre"
self_built = false
fees = "12342.50"
"""


def check_json(path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["check", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_6_1_remaining_limit_adds_up_to_the_cap_with_fractions_of_a_yuan(tmp_path):
    # Two purchases of 12,342.50 元: 20% = 2,468.50 each, 4,937 exact together,
    # rounded once per clause: 2,469 + 2,468 = 4,937 (the awards).
    # 6.1's yearly cap 100万元 = 1,000,000: left 1,000,000 − 4,937 = 995,063.
    # The limit of the second award: used before 2,469 (the first award as
    # paid), this award 2,468 (what it pays), remaining 995,063:
    # 2,469 + 2,468 + 995,063 = 1,000,000. jzai showed this award 2,469, so
    # 2,469 + 2,469 + 995,063 = 1,000,001; and for the first award alone
    # 0 + 2,469 + 997,532 = 1,000,001 (997,531.5 rounded on its own).
    path = tmp_path / "firm.toml"
    path.write_text(TWO_PURCHASES, encoding="utf-8")
    doc = check_json(path)
    assert [a["amount_yuan"] for a in doc["awards"]] == [2469, 2468]
    assert doc["total_yuan"] == 4937
    first, second = (a["limits"][0] for a in doc["awards"])
    assert (first["used_before"], first["this_award"], first["remaining"]) == (0, 2469, 997_531)
    assert (second["used_before"], second["this_award"], second["remaining"]) == (2469, 2468, 995_063)
    for limit in (first, second, *doc["remaining_limits"]):
        assert limit["used_before"] + limit["this_award"] + limit["remaining"] == limit["limit"] == 1_000_000
    table = runner.invoke(app, ["check", str(path)])
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if "每年上限" in line)
    assert "2,469" in row and "2,468" in row and "995,063" in row


def test_wan_cells_of_the_results_workbook_show_the_yuan_exactly(tmp_path):
    # Five applicants, each one purchase of 12,342.50 元: 20% = 2,468.50 → 2,469
    # 元 each; 5 × 2,469 = 12,345 元 = 1.2345 万元. Each 万元 cell is 0.2469; at
    # two places it showed 0.25 (= 2,500 元, not the 2,469 computed), and the
    # column read 5 × 0.25 = 1.25 beside a total of 1.2345 (约 1.23 万元).
    # Shown to up to four places each reads 0.2469 and they add up: 5 × 0.2469 = 1.2345.
    book = Workbook()
    main = book.active
    main.title = "申请人信息"
    main.append(
        ["评估年度", "申请人名称", "统一社会信用代码", "申请人类型", "企业规模", "人工智能领域"]
        + ["在焦作市正常经营", "依法纳税", "纳入焦作统计"]
    )
    codes = [code(n) for n in range(1, 6)]
    for n, credit in enumerate(codes):
        main.append([2026, f"焦作测试{n}有限公司", credit, "企业", "小型", "智能软件", "是", "是", "是"])
    buys = book.create_sheet("算力使用")
    buys.append(
        ["统一社会信用代码", "算力服务商", "服务商类型", "算力规模（PFLOPS）", "标准机架数", "自建自用"]
        + ["算力资源使用费（元）"]
    )
    for credit in codes:
        buys.append([credit, "国家超级计算郑州中心", "超算中心", None, None, "否", "12342.50"])
    book.save(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["batch", str(tmp_path / "in.xlsx"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    results = load_workbook(out)
    sheet = results["申请人"]
    header = [c.value for c in sheet[1]]
    yuan_col, wan_col = header.index("确定金额（元）"), header.index("确定金额（万元）")
    rows = list(sheet.iter_rows(min_row=2, max_row=6))
    assert [r[yuan_col].value for r in rows] == [2469] * 5
    for r in rows:
        cell = r[wan_col]
        assert cell.value == pytest.approx(0.2469)
        # what the format shows: the 万元 of the yuan exactly — at least two places, up to four
        assert cell.number_format == "#,##0.00##"
        assert f"{cell.value:,.4f}" == "0.2469"
    notice = results["拟兑现名单"]
    header = [c.value for c in notice[1]]
    assert notice.cell(2, header.index("金额（万元）") + 1).number_format == sheet.cell(2, wan_col + 1).number_format


def test_9_1_an_individual_applicant_is_paid_its_own_subsidy_only(tmp_path):
    # The applicant is an individual, 张三 (kind individual: 9.1 lets graduates
    # claim for themselves, 申领). Two graduate rows: 张三 himself, master, insured
    # all 12 months of 2026 → 1,500 × 12 = 18,000; and 李四, PhD, 2,000 × 12 =
    # 24,000. An individual claims his own living subsidy, not another
    # person's: 18,000 sure, 李四's row not paid. jzai showed 42,000
    # (18,000 + 24,000) with no message.
    graduate = """
[[graduates]]
name = "{name}"
degree = "{degree}"
full_time = true
graduated = 2025-06-30
contract_start = 2025-07-01
insured_months = 12
"""
    path = tmp_path / "person.toml"
    path.write_text(
        f'year = 2026\n[applicant]\nname = "张三"\nkind = "individual"\n{GATE}'
        + graduate.format(name="张三", degree="master")
        + graduate.format(name="李四", degree="phd"),
        encoding="utf-8",
    )
    doc = check_json(path)
    assert doc["total_yuan"] == 18_000
    li = next(a for a in doc["awards"] if a["event"] == "李四")
    assert li["status"] != "eligible" and li["amount_yuan"] == 0


@pytest.mark.parametrize(
    ("contributions", "shown"),
    [
        (13_201, "7,700.58"),  # 13,201 × 7/12 = 7,700.5833… → 7,700.58 元 shown (7,701 paid, rounded once)
        (13_200, "7,700"),  # 13,200 × 7/12 = 7,700 exactly
    ],
)
def test_an_equal_share_of_9_2_is_shown_to_the_fen_not_in_28_places(contributions, shown):
    # hired 2026-06-01 in the graduation year: June to December, 7 of the 12 months of
    # contributions, an equal share held for review; the reason printed 7,700.583333333333333333333333
    from conftest import one, run

    from jzai_cli import i18n

    hire = {
        "name": "陈某",
        "graduated": "2026-06-30",
        "hired": "2026-06-01",
        "status_before": "graduation_year",
        "contract_months": 36,
        "employer_contributions": contributions,
        "contribution_months": 12,
    }
    award = one(run(applicant={"size": "small"}, graduate_hires=[hire]), "9.2")
    assert f"按月均摊估算为 {shown} 元" in i18n.text(award.reason, "zh")
    assert f"estimated, {shown} yuan" in i18n.text(award.reason, "en")


def test_the_amount_held_for_review_says_how_much_of_it_is_up_to(tmp_path):
    # 纳入焦作统计 = false (原则上): every award held for review. 3.3: 500,000 (sure, held);
    # 8.6: 50% × 16,000 = 8,000 (最高1万元: up to, held). 需复核金额 508,000, of which up-to 8,000.
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "held.toml"
    path.write_text(
        "year = 2026\n[applicant]\n"
        'name = "测试科技有限公司"\ncredit_code = "91410800MA9K3T2B51"\nkind = "enterprise"\nsize = "small"\n'
        'sectors = ["intelligent_software"]\noperates_in_jiaozuo = true\npays_taxes = true\n'
        "in_jiaozuo_statistics = false\n"
        "[data_trading]\nplatform_qualified = true\nfirst_listing_date = 2026-03-10\nlisting_fee = 16000\n"
        '[[events]]\ntype = "specialised_sme"\nlevel = "provincial"\nname = "专精特新"\ndate = 2026-05-01\n',
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["check", str(path)]).stdout
    assert "508,000 元（其中最高限额 8,000 元）" in out
    out = CliRunner().invoke(app, ["check", str(path), "--lang", "en"]).stdout
    assert "CNY 508,000 (of which up-to amounts: CNY 8,000)" in out


def test_an_undetermined_up_to_award_says_up_to_beside_what_it_may_pay(tmp_path):
    # 8.6 with the platform's qualification not given: undetermined; 50% × 16,002 = 8,001 ≤ 最高1万元,
    # an up-to amount: "可能最高 8,001" (it read "可能 8,001"); a sure award keeps "可能".
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "open.toml"
    path.write_text(
        "year = 2026\n[applicant]\n"
        'name = "测试科技有限公司"\ncredit_code = "91410800MA9K3T2B51"\nkind = "enterprise"\nsize = "small"\n'
        'sectors = ["intelligent_software"]\noperates_in_jiaozuo = true\npays_taxes = true\n'
        "in_jiaozuo_statistics = true\n"
        "[data_trading]\nfirst_listing_date = 2026-03-10\nlisting_fee = 16002\n"
        '[[events]]\ntype = "specialised_sme"\nlevel = "provincial"\nname = "专精特新"\n',
        encoding="utf-8",
    )
    out = CliRunner().invoke(app, ["check", str(path)], terminal_width=200).stdout
    assert "可能最高 8,001" in out  # 8.6, up to
    assert "可能 500,000" in out  # 3.3 without its date: 50万元, a sure amount once known
