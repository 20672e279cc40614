"""What a facts file says is read as it says or refused in the user's
language: TOML decimals, bounds, clauses of the policy, empty names."""

from __future__ import annotations

from decimal import Decimal

from batch_helpers import MAIN_HEAD, code, main_row, write_xlsx
from test_hostile_toml import HEAD, check, fails

from jzai_cli import batch
from jzai_cli import policy as policy_mod
from jzai_cli.readers.toml_reader import read_facts
from jzai_cli.readers.workbook import read_workbook, validate

POLICY = policy_mod.load()
CLAUSES = {clause.id for clause in POLICY.clauses}


def test_a_toml_decimal_is_read_exactly_as_written(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text(HEAD + "taxable_revenue = 1.8e6\nmain_business_revenue_prev_year = 1234.5\n", encoding="utf-8")
    facts = read_facts(path)
    # 1.8 × 10^6 = 1,800,000 yuan; 1234.5 stays 1234.5
    assert facts.applicant.taxable_revenue == Decimal(1_800_000)
    assert facts.applicant.main_business_revenue_prev_year == Decimal("1234.5")


def test_pflops_beyond_any_centre_is_refused(tmp_path):
    body = HEAD + '[[compute_purchases]]\nprovider = "甲"\npflops = 1e400\n'
    fails(check(tmp_path, body), "compute_purchases[1].pflops", "10^15", "too large", "第7行")


def test_pflops_at_the_bound_is_read(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text(HEAD + '[[compute_purchases]]\nprovider = "甲"\npflops = 1e15\n', encoding="utf-8")
    assert read_facts(path).compute_purchases[0].pflops == Decimal(10) ** 15


def test_an_award_under_a_clause_the_policy_lacks_is_refused_with_its_line(tmp_path):
    body = HEAD + '[[awards_received]]\nclause = "99.9"\nyear = 2025\namount = 100\n'
    fails(check(tmp_path, body), "第6行", "99.9", "不是本政策的条款", "is not a clause of this policy")
    english = check(tmp_path, body, "--lang", "en")
    assert english.exit_code == 2 and "line 6" in english.stderr


def test_an_award_under_a_misspelt_clause_suggests_the_clause(tmp_path):
    body = HEAD + '[[awards_received]]\nclause = "8.55"\nyear = 2025\namount = 100\n'
    fails(check(tmp_path, body), "8.55", "8.5")


def test_an_award_under_a_clause_of_the_policy_is_read(tmp_path):
    body = HEAD + '[[awards_received]]\nclause = "8.5"\nyear = 2025\namount = 100\n'
    assert check(tmp_path, body).exit_code == 0


def test_a_blank_name_says_it_must_not_be_empty(tmp_path):
    fails(check(tmp_path, HEAD.replace('"甲公司"', '"  "')), "applicant.name", "不能为空", "must not be empty")


def test_out_of_range_says_the_bound_in_both_languages(tmp_path):
    fails(check(tmp_path, HEAD.replace("year = 2026", "year = 1989")), "应不小于 1990", "at least 1990")


def test_a_workbook_award_under_an_unknown_clause_makes_the_row_invalid(tmp_path):
    awards = [
        ["统一社会信用代码", "条款", "年度", "金额（元）"],
        [code(1), "99.9", 2025, 100],
        [code(2), "8.5", 2025, 100],
    ]
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"申请人信息": [MAIN_HEAD, main_row("甲", code(1)), main_row("乙", code(2))], "已获奖励": awards},
    )
    book = read_workbook(path)
    first, second = book.applicants
    assert validate(first, str(path), CLAUSES) is None
    [problem] = first.problems
    assert (problem.sheet, problem.row, problem.header, problem.value) == ("已获奖励", 2, "条款", "99.9")
    assert validate(second, str(path), CLAUSES) is not None

    class Sink:
        def __init__(self) -> None:
            self.statuses = []

        def applicant(self, outcome) -> None:
            self.statuses.append(outcome.status)

        def finish(self, summary) -> None:
            pass

    sink = Sink()
    summary = batch.run(path, POLICY, sink)
    assert summary.invalid == 1 and len(sink.statuses) == 2
