"""Inputs as offices write them, and the same thing claimed twice across the
applicants of a batch. Every amount is computed by hand from the policy text.

9.1: "…分别按照每人每月2000元、1500元、1000元标准申领3年的生活补贴。"
4.1: "新引进企业在两年内升规的，每户给予引荐企业10万元一次性奖励…"
8.7: "对企业年度数据交易额达到200万元…分别给予最高5万元…的奖励。"
"""

from __future__ import annotations

import pytest
from conftest import facts
from people import grad

from jzai_cli import batch
from jzai_cli import policy as policy_mod
from jzai_cli.errors import InputError
from jzai_cli.readers.toml_reader import read_facts

ID_A = "11010519491231002X"  # a valid resident identity number (check digit X)


class _Keep:
    def __init__(self) -> None:
        self.outcomes: list = []

    def applicant(self, outcome) -> None:
        self.outcomes.append(outcome)

    def finish(self, summary) -> None:
        pass


def _code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91410800MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def _run_batch(tmp_path, sheets, name="book.xlsx"):
    from batch_helpers import write_xlsx

    path = write_xlsx(tmp_path / name, sheets)
    return batch.run(path, policy_mod.load(), _Keep())


def _sheets(applicants):
    from jzai_cli.render import facts_workbook

    return {title: [list(row) for row in rows] for title, rows in facts_workbook.sheets_of(applicants).items()}


# --- 1. the amount at risk counts every row of an applicant's own -----------------


@pytest.mark.parametrize(
    ("renewal_from", "first_pays"),
    [
        # renewal insured from January 2026: 12 × 1,000 = 12,000 for 甲
        ("2026-01-01", 12_000),
        # renewal insured from July 2026: July–December = 6 × 1,000 = 6,000 for 甲
        ("2026-07-01", 6_000),
    ],
)
def test_a_person_on_two_rows_of_one_applicant_counts_both_rows_at_risk(tmp_path, renewal_from, first_pays):
    # 甲 lists the graduate twice: the first contract ended 2025-12-31 (pays nothing in 2026),
    # the renewal pays `first_pays`; 乙 employs the same person (same identity number) all of 2026:
    # 12 × 1,000 = 12,000. The person's months are the person's, whoever employs them: the group pays
    # first_pays + 12,000, at risk beyond its largest single claim (12,000): first_pays.
    first = grad(
        id_number=ID_A,
        contract_end="2025-12-31",
        insured_from="2025-07-01",
        insured_to="2025-12-31",
        insured_months=None,
    )
    renewal = grad(id_number=ID_A, contract_start=renewal_from, insured_from=renewal_from, insured_months=None)
    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, graduates=[first, renewal])
    b = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, graduates=[grad(id_number=ID_A)])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    (group,) = [g for g in summary.duplicates if g.kind == "graduate"]
    assert [r.amount_yuan for r in group.rows] == [first_pays, 12_000]
    assert group.amount_at_risk == first_pays  # first_pays + 12,000 − 12,000
    assert summary.duplicate_risk_yuan == first_pays
    assert summary.clauses["9.1"].sure_yuan == first_pays + 12_000  # flagged only: every row still paid


# --- 2. the same applicant twice, its code written another way ----------------------


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


@pytest.mark.parametrize(
    "spelling",
    [str.lower, _fullwidth, lambda c: f"{c[:6]}-{c[6:]}"],
    ids=["lower-case", "full-width", "hyphen"],
)
def test_the_same_applicant_with_its_code_written_another_way_is_a_duplicate_group(tmp_path, spelling):
    # Both rows are invalid (the reader cannot tell whose detail rows are whose), so neither pays
    # (0 + 0: nothing at risk), but the 重复 sheet must still list them as one applicant, as it does
    # for the code written alike.
    code = _code(1)
    a = facts(applicant={"name": "甲科技", "credit_code": code}, data_trading={"annual_volume": "300万"})
    sheets = _sheets([a, a])
    sheets["申请人信息"][2][2] = spelling(code)
    summary = _run_batch(tmp_path, sheets)
    assert summary.invalid == 2
    (group,) = summary.duplicates
    assert (group.kind, group.key, len(group.rows)) == ("applicant", f"信用代码 {code}", 2)
    assert group.amount_at_risk == 0


# --- 3. one year given twice in [years] ---------------------------------------------

BASE = """\
year = 2026
[applicant]
name = "测试科技有限公司"
kind = "enterprise"
sectors = ["intelligent_software"]
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
"""


def _ceiling_87(path, year):
    from jzai_cli.engine import evaluate

    result = evaluate(policy_mod.load(), read_facts(path), year)
    return [(a.status.value, a.amount_yuan) for a in result.awards if a.clause == "8.7"]


@pytest.mark.parametrize("spelling", ['"2027年"', '"2027年度"', '"2027"'])
def test_one_year_given_under_two_spellings_is_refused(tmp_path, spelling):
    # Before: the later table silently replaced the earlier: 300万 (8.7: 达到200万元, up to 50,000)
    # was dropped for 100万 (not eligible), with no message.
    path = tmp_path / "twice.toml"
    path.write_text(
        BASE
        + '[years.2027.data_trading]\nannual_volume = "300万"\n'
        + f'[years.{spelling}.data_trading]\nannual_volume = "100万"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_facts(path)
    assert "2027" in str(caught.value)


@pytest.mark.parametrize(
    ("volume", "expected"),
    [
        ('"200万"', [("eligible", 50_000)]),  # 2,000,000 达到200万元 (inclusive): up to 50,000
        ("1999999.99", [("not_eligible", 0)]),  # 0.01 short
        ('"200.0001万"', [("eligible", 50_000)]),  # 2,000,001: above
    ],
)
def test_a_year_spelt_once_as_text_is_read(tmp_path, volume, expected):
    path = tmp_path / "once.toml"
    path.write_text(BASE + f'[years."2027年".data_trading]\nannual_volume = {volume}\n', encoding="utf-8")
    assert _ceiling_87(path, 2027) == expected


# --- 4. one thing, its identifier given by one applicant and not by the other --------


def test_a_referred_enterprise_with_its_code_and_without_it_is_flagged(tmp_path):
    # 甲 and 乙 both refer 甲公司 (introduced 2025-03-01, 升规 2026-05-20, within 两年内): 100,000 each.
    # 甲 gives its credit code, 乙 only its name. Within one applicant such rows are held as undetermined;
    # across applicants the group should be listed: 100,000 + 100,000 − 100,000 = 100,000 at risk.
    referral = {"name": "甲公司", "introduced": "2025-03-01", "above_size": "2026-05-20"}
    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, referrals=[{**referral, "credit_code": _code(9)}])
    b = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, referrals=[referral])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    assert summary.clauses["4.1"].sure_yuan == 200_000
    assert summary.duplicate_risk_yuan == 100_000


def test_a_graduate_with_the_identity_number_and_without_it_is_flagged(tmp_path):
    # The same bachelor (张三, graduated 2025-06-30), 12 insured months of 2026 with each of 甲 and 乙:
    # 12 × 1,000 = 12,000 each; at risk 12,000 + 12,000 − 12,000 = 12,000.
    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, graduates=[grad(id_number=ID_A)])
    b = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, graduates=[grad()])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    assert summary.clauses["9.1"].sure_yuan == 24_000
    assert summary.duplicate_risk_yuan == 12_000


# --- a sheet of the format under a name the reader does not know -------------------


def _book_with_received(path, sheet_title: str, headers: list[str]) -> None:
    # 3.3 "新获得省认定的“专精特新”中小企业，给予50万元一次性奖励": 500,000, unless the award
    # was already received (the 已获奖励 row below): then 0.
    import openpyxl

    book = openpyxl.Workbook()
    main = book.active
    main.title = "申请人信息"
    main.append(["评估年度", "申请人名称", "统一社会信用代码", "申请人类型", "企业规模", "人工智能领域"])
    main.append([2026, "甲科技有限公司", _code(7), "企业", "小型", "智能软件"])
    for title in ("在焦作市正常经营", "依法纳税", "纳入焦作统计"):
        column = main.max_column + 1
        main.cell(1, column).value = title
        main.cell(2, column).value = "是"
    events = book.create_sheet("认定与获奖")
    events.append(["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期"])
    events.append([_code(7), "专精特新中小企业", "省级", "专精特新", "2026-05-01"])
    received = book.create_sheet(sheet_title)
    received.append(headers)
    received.append([_code(7), "3.3", "专精特新", 2026, 500_000][: len(headers)])
    book.save(path)


RECEIVED_HEADERS = ["统一社会信用代码", "条款", "对应事项", "年度", "金额（元）"]


@pytest.mark.parametrize("title", ["已获得奖励", "已领奖励", "Sheet3"])
def test_a_sheet_of_awards_received_under_another_name_is_refused_not_ignored(tmp_path, title):
    # It was ignored with a notice on standard error only, and 3.3's 500,000 was paid again.
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "book.xlsx"
    _book_with_received(path, title, RECEIVED_HEADERS)
    for command in (["check", str(path)], ["batch", str(path), "-o", str(tmp_path / "out.xlsx")]):
        done = CliRunner().invoke(app, command)
        assert done.exit_code == 2, done.output
        assert f"工作表“{title}”的表头是“已获奖励”的列" in done.output
        assert not (tmp_path / "out.xlsx").exists()


def test_the_same_sheet_under_its_own_name_is_read(tmp_path):
    # named 已获奖励: 3.3 already received, nothing more (0); without the sheet 500,000
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "book.xlsx"
    _book_with_received(path, "已获奖励", RECEIVED_HEADERS)
    done = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    import json

    assert json.loads(done.stdout)["total_yuan"] == 0


@pytest.mark.parametrize(
    "headers",
    [
        ["统一社会信用代码", "条款"],  # two of the format's headers: not enough to say which sheet it is
        ["备注", "说明", "联系人"],  # a sheet of the office's own
    ],
)
def test_an_unknown_sheet_that_is_not_the_formats_is_still_only_a_notice(tmp_path, headers):
    # the sheet is ignored with a notice, and 3.3 pays its 500,000
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    path = tmp_path / "book.xlsx"
    _book_with_received(path, "备注", headers)
    done = CliRunner().invoke(app, ["check", str(path), "--format", "json"])
    assert done.exit_code == 0, done.output
    import json

    assert json.loads(done.stdout)["total_yuan"] == 500_000
    assert "未识别的工作表" in done.stderr


def test_a_graduate_without_the_number_before_the_one_with_it_is_flagged_too(tmp_path):
    # the rows of the previous test in the other order: 12,000 each, 12,000 at risk whatever the order
    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, graduates=[grad()])
    b = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, graduates=[grad(id_number=ID_A)])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    assert summary.clauses["9.1"].sure_yuan == 24_000
    assert summary.duplicate_risk_yuan == 12_000
    [group] = [g for g in summary.duplicates if g.kind == "graduate"]
    assert group.key == f"身份证 {ID_A}" and [r.amount_yuan for r in group.rows] == [12_000, 12_000]


def test_two_numbered_people_of_one_name_are_two_people_and_a_third_row_without_a_number_joins_neither(tmp_path):
    # 张三 (ID_A) at 甲 and 张三 (another number) at 乙, both graduated 2025-06-30: two people,
    # 12,000 each, nothing at risk. A third 张三 without a number at 丙 could be either of them:
    # it joins neither group (which one cannot be told), so nothing is said to be at risk by it.
    other = "410802199801010019"  # another valid number
    a = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, graduates=[grad(id_number=ID_A)])
    b = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, graduates=[grad(id_number=other)])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    assert summary.clauses["9.1"].sure_yuan == 24_000
    assert [g for g in summary.duplicates if g.kind == "graduate"] == []
    c = facts(applicant={"name": "丙科技", "credit_code": _code(3)}, graduates=[grad()])
    (tmp_path / "three").mkdir()
    summary = _run_batch(tmp_path / "three", _sheets([a, b, c]))
    assert summary.clauses["9.1"].sure_yuan == 36_000
    assert [g for g in summary.duplicates if g.kind == "graduate"] == []


def test_a_referred_enterprise_by_name_first_then_with_its_code_is_flagged(tmp_path):
    # 4.1: 乙 refers 甲公司 by name, then 甲 with its credit code: 100,000 each, 100,000 at risk
    referral = {"name": "甲公司", "introduced": "2025-03-01", "above_size": "2026-05-20"}
    a = facts(applicant={"name": "乙科技", "credit_code": _code(2)}, referrals=[referral])
    b = facts(applicant={"name": "甲科技", "credit_code": _code(1)}, referrals=[{**referral, "credit_code": _code(9)}])
    summary = _run_batch(tmp_path, _sheets([a, b]))
    assert summary.clauses["4.1"].sure_yuan == 200_000
    assert summary.duplicate_risk_yuan == 100_000
