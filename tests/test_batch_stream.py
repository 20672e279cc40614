"""What makes the batch fast must not change what it computes.

- `read_workbook(stream=True)` hands out the same rows, details, problems and
  notices as the eager read (detail rows are converted when taken).
- The engine's plan skips clauses whose only list of facts is empty or holds
  no event of their types: the results equal those of running every rule.
"""

from __future__ import annotations

from pathlib import Path

from test_batch import EXAMPLES, messy_book

from jzai_cli import engine
from jzai_cli import policy as policy_mod
from jzai_cli.readers.toml_reader import read_facts
from jzai_cli.readers.workbook import read_workbook
from jzai_cli.render.json_doc import result_doc


def _rows(book) -> list:
    return [(r.row, r.data, r.details, r.problems, r.name, r.code_text, r.code_key) for r in book.applicants]


def test_streamed_rows_equal_the_eager_read(tmp_path):
    path = messy_book(tmp_path)
    eager = read_workbook(path)
    streamed = read_workbook(path, stream=True)
    assert not isinstance(streamed.applicants, list)
    rows = _rows(streamed)  # notices are complete once the rows are all taken
    assert rows == _rows(eager)
    assert streamed.notices == eager.notices
    assert streamed.sheets_read == eager.sheets_read
    assert streamed.count >= len(rows) == eager.count
    by_name = {r[4]: r for r in rows}
    assert by_name["好公司"][2]["events"][0][0].sheet == "认定与获奖"  # details come with where they were read
    assert by_name["重复甲"][2] == {} and by_name["重复乙"][2] == {}  # a shared credit code takes no details
    assert any("no applicant has this credit code" in n.message for n in streamed.notices)


def _all_results(policy) -> list:
    out = []
    for path in EXAMPLES:
        facts = read_facts(path)
        out.append(result_doc(engine.evaluate(policy, facts), policy, "en"))
    return out


def test_skipping_clauses_without_facts_changes_no_result(monkeypatch):
    policy = policy_mod.load()
    planned = _all_results(policy)
    monkeypatch.setattr(engine, "RULE_LIST_FACTS", {})  # every rule runs for every applicant
    monkeypatch.setattr(engine, "_PLANS", {})
    assert _all_results(policy) == planned
    assert Path(EXAMPLES[0]).exists() and len(planned) == len(EXAMPLES)


def test_a_nan_or_infinite_number_in_a_date_or_amount_column_is_that_rows_problem_only(tmp_path):
    import json as _json

    from batch_helpers import MAIN_HEAD, code, main_row, write_ods
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    # xlsxwriter refuses NaN; an OpenDocument cell may hold office:value="nan".
    path = tmp_path / "nan.ods"
    head = MAIN_HEAD + ["当年应税收入（元）"]
    write_ods(
        path,
        {
            "申请人信息": [head, main_row("甲", code(1)) + [1000], main_row("乙", code(2)) + [float("inf")]],
            "认定与获奖": [
                ["统一社会信用代码", "事项类型", "级别", "获得日期"],
                [code(1), "专精特新中小企业", "省级", float("nan")],
            ],
        },
    )
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {a["name"]: a for a in _json.loads(result.stdout)["applicants"]}
    assert set(rows) == {"甲", "乙"}  # every row accounted for
    assert rows["乙"]["status"] == "invalid"
