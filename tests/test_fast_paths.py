"""The batch's fast paths give exactly what the slow paths give.

The engine, for the batch, builds no trace (`evaluate(..., trace=False)`)
and runs only the clauses the facts can reach (`engine._runnable`, worked
out once per shape of facts). Over every hand-computed case of
tests/cases and every example: the slow path — every clause's rule run,
nothing remembered, every step recorded — gives the very `Result` the
engine gives, steps and all (so `jzai check --trace` loses no step); and
the result without the trace is the same with its steps left out.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import batch_helpers
import pytest
from test_cases import CASE_FILES, _policy, _read

from jzai_cli import engine
from jzai_cli.policy import load
from jzai_cli.readers.facts_file import read_facts
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.result import Result

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _inputs():
    """(id, policy, facts, year) of every case and example."""
    out = []
    for path in CASE_FILES:
        for case in _read(path).cases:
            facts = facts_from_dict(case.facts, case.name)
            out.append(pytest.param(_policy(case.readings), facts, case.year, id=f"{path.stem}: {case.name}"))
    for path in EXAMPLES:
        out.append(pytest.param(load(), read_facts(path), None, id=path.name))
    return out


INPUTS = _inputs()


def _slow(policy, facts, year) -> Result:
    """The engine as it was: every clause's rule run, nothing remembered."""
    plan = engine._plan(policy)
    saved = plan.runnable.copy(), plan.routed.copy()
    original = engine._runnable
    engine._runnable = lambda plan, facts, types: (list(enumerate(plan.steps)), ())
    plan.runnable.clear()
    plan.routed.clear()
    try:
        return engine.evaluate(policy, facts, year)
    finally:
        engine._runnable = original
        plan.runnable.clear()
        plan.runnable.update(saved[0])
        plan.routed.clear()
        plan.routed.update(saved[1])


def _without_steps(result: Result) -> Result:
    return dataclasses.replace(result, awards=[dataclasses.replace(a, steps=[]) for a in result.awards])


@pytest.mark.parametrize(("policy", "facts", "year"), INPUTS)
def test_the_fast_engine_gives_the_slow_engines_result_and_trace(policy, facts, year):
    slow = _slow(policy, facts, year)
    first = engine.evaluate(policy, facts, year)  # the shape worked out
    again = engine.evaluate(policy, facts, year)  # and taken as remembered
    assert first == slow
    assert again == slow
    assert all(award.steps for award in slow.awards), "every award records its steps"
    assert [len(a.steps) for a in first.awards] == [len(a.steps) for a in slow.awards]


@pytest.mark.parametrize(("policy", "facts", "year"), INPUTS)
def test_without_the_trace_only_the_steps_are_left_out(policy, facts, year):
    traced = engine.evaluate(policy, facts, year)
    plain = engine.evaluate(policy, facts, year, trace=False)
    assert all(type(award.steps) is list and award.steps == [] for award in plain.awards)
    assert plain == _without_steps(traced)


def test_the_cases_reach_every_clause_and_skip_some():
    """The comparison above is worth something: the cases run every clause
    of the policy somewhere, and skip clauses elsewhere."""
    ran: set[str] = set()
    skipped = 0
    for param in INPUTS:
        policy, facts, year = param.values
        result = engine.evaluate(policy, facts, year)
        ran.update(a.clause for a in result.awards)
        skipped += len(result.not_claimed)
    assert ran == {c.id for c in load().clauses}
    assert skipped > 0


# --- cells: a cell seen before in its column is converted once ---------------------

MAIN_HEAD = [
    *batch_helpers.MAIN_HEAD,
    "当年应税收入（元）",
    "上一年度主营业务销售收入（万元）",
    "首次挂牌日期",
]
EVENT_HEAD = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期"]


def _tricky_book(path: Path) -> Path:
    """Rows whose cells repeat down their columns, alike and nearly alike:
    equal floats of two signs, a whole number beside a float and a boolean
    of the same value, a size that is no size twice (refused on each row),
    a list of sectors, dates as dates, as serial numbers and as text."""
    import datetime as dt

    from batch_helpers import code, write_xlsx

    sizes = ["小型", "巨型", "小型", "巨型", "微型", " 小型 "]
    revenues = ["1,200万", 0.0, -0.0, 1, True, 1.0, "1,200万", "abc", "abc", 5e-324, 1e16]
    dates = [dt.date(2026, 5, 20), 46162, "2026-05-20", 46162.0, dt.date(2026, 5, 20), 2026]
    main, events = [MAIN_HEAD], [EVENT_HEAD]
    for n in range(30):
        c = code(n + 1)
        main.append(
            [
                2026,
                f"焦作第{n}号智能科技有限公司",
                c,
                "企业",
                sizes[n % len(sizes)],
                "智能软件、融合应用" if n % 2 else "智能软件",
                ("是", "否", True, 1, "Y")[n % 5],
                "是",
                "是",
                revenues[n % len(revenues)],
                revenues[(n + 3) % len(revenues)],
                dates[n % len(dates)],
            ]
        )
        events.append([c, "专精特新中小企业", ("省级", "市级")[n % 2], f"事项{n % 3}", dates[(n + 1) % len(dates)]])
    return write_xlsx(path, {"申请人信息": main, "认定与获奖": events})


def _built(path: Path) -> list[str]:
    from jzai_cli.readers.workbook import read_workbook

    book = read_workbook(path, stream=True)
    out = []
    for task in book.tasks:
        row = book.build(task)
        out.append(repr((row.data, row.details, [(p.sheet, p.row, p.header, p.message) for p in row.problems])))
    return out


def test_cells_kept_per_column_convert_as_every_cell_converted_anew(tmp_path, monkeypatch):
    from jzai_cli.readers import rows

    path = _tricky_book(tmp_path / "tricky.xlsx")
    kept = _built(path)
    monkeypatch.setattr(rows, "_MEMO_MAX", 0)  # nothing kept: every cell converted
    assert _built(path) == kept
    assert sum("巨型" in row for row in kept) >= 10  # the refused size is told on each of its rows


def test_a_list_cell_kept_gives_each_row_its_own_list(tmp_path):
    from jzai_cli.readers.workbook import read_workbook

    book = read_workbook(_tricky_book(tmp_path / "tricky.xlsx"), stream=True)
    built = [book.build(task) for task in book.tasks]
    first, again = built[1].data["applicant"]["sectors"], built[3].data["applicant"]["sectors"]
    assert first == again and first is not again


# --- texts: formatted once per distinct message ---------------------------------------


def _messages():
    from decimal import Decimal

    from jzai_cli.result import FactName, LabelKey, Message

    values = [
        1,
        True,
        Decimal(1),
        Decimal("1.0"),
        Decimal("1000"),
        1000,
        Decimal("0.50"),
        Decimal("0.5"),
        Decimal("-0"),
        "taxable_revenue",
        FactName("taxable_revenue"),
        LabelKey("yearly"),
        "yearly",
        None,
        ["a", "b"],
        {"taxable_revenue": Decimal(5)},
    ]
    return [Message("below_threshold", {"threshold": "超过5000万元", "value": value}) for value in values] + [
        Message("cap_exhausted", {"limit": value}) for value in values
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_text_kept_is_the_text_made_anew(lang, monkeypatch):
    from jzai_cli import i18n

    messages = _messages()
    kept = [i18n.text(m, lang) for m in messages]
    again = [i18n.text(m, lang) for m in messages]  # taken as kept
    monkeypatch.setattr(i18n, "_TEXTS_KEPT", 0)
    i18n._TEXTS.clear()
    fresh = [i18n.text(m, lang) for m in messages]
    assert kept == again == fresh
    assert len(set(fresh)) > len(messages) // 3  # 1, True, Decimal(1) and a fact's name print apart
    assert fresh[0] != fresh[1]  # 1 and True
    assert fresh[4] != fresh[5]  # Decimal(1000) and 1000
    if lang == "zh":
        assert fresh[9] != fresh[10]  # a fact's name and the same text


def test_a_text_of_a_fact_follows_the_labels_in_use(monkeypatch):
    from jzai_cli import i18n
    from jzai_cli.result import FactName, Message

    message = Message("below_threshold", {"threshold": "超过5000万元", "value": FactName("taxable_revenue")})
    before = i18n.text(message)
    saved = i18n._fact_title
    try:
        i18n.use_fact_titles(lambda name: "某事实")
        assert "某事实" in i18n.text(message)
    finally:
        i18n.use_fact_titles(saved)
    assert i18n.text(message) == before


# --- flags and choices: a text read before reads as it did ---------------------------


def test_flags_and_choices_read_before_read_as_when_first_read():
    from jzai_cli import facts as facts_mod
    from jzai_cli.vocab import Level, Size

    size, level = facts_mod._choice_reader(Size), facts_mod._choice_reader(Level)
    texts = ["小型", " 小型", "small", "SMALL", "微型", "省级", "市级", "provincial", "是", "否", "Y", "n", "√", "无"]
    first = {}
    for reader in (size, level, facts_mod.read_bool):
        for text in texts:
            try:
                first[reader, text] = reader(text)
            except ValueError as error:
                first[reader, text] = str(error)
    for _ in range(2):  # now taken as kept
        for (reader, text), wanted in first.items():
            try:
                assert reader(text) is wanted
            except ValueError as error:
                assert str(error) == wanted  # refused again, in the same words
    assert first[facts_mod.read_bool, "否"] is False and first[facts_mod.read_bool, "是"] is True
    assert first[size, " 小型"] is Size.SMALL and isinstance(first[size, "省级"], str)
