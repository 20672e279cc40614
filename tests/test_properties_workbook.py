"""Property tests through the workbook reader: a workbook and the facts it
was written from agree, and the order of rows changes no applicant's awards."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from batch_helpers import code
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import POLICY, facts_dicts

from jzai_cli import batch
from jzai_cli.engine import evaluate
from jzai_cli.money import UNITS
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.readers.workbook import DETAILS, MAIN
from jzai_cli.render import facts_workbook
from jzai_cli.render.json_doc import result_doc

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


class Collect:
    def __init__(self) -> None:
        self.outcomes: list[batch.Outcome] = []

    def applicant(self, outcome: batch.Outcome) -> None:
        self.outcomes.append(outcome)

    def finish(self, summary: batch.Summary) -> None:
        self.summary = summary


def with_codes(dicts: list[dict]) -> list:
    """Valid facts, each applicant with its own credit code (the workbook's link)."""
    out = []
    for n, data in enumerate(dicts, start=1):
        data = {**data, "applicant": {**data["applicant"], "credit_code": code(n)}}
        out.append(facts_from_dict(data, "<hypothesis>"))
    return out


UNIT_NAMES = list(UNITS) + ["万", "百万", "亿"]
DATE_FORMS = ["cell", "iso", "slash", "chinese", "dots", "serial", "full_width"]
MONEY_FORMS = ["number", "text", "text_with_unit"]


def spell_date(date: dt.date, form: str):
    """One date in one of the spellings a workbook may hold."""
    if form == "cell":
        return date
    if form == "serial":  # Excel's 1900 system: days since 1899-12-30
        return (date - dt.date(1899, 12, 30)).days
    text = {
        "iso": date.isoformat(),
        "slash": f"{date.year}/{date.month}/{date.day}",
        "chinese": f"{date.year}年{date.month}月{date.day}日",
        "dots": f"{date.year}.{date.month}.{date.day}",
        "full_width": date.isoformat().translate(str.maketrans("0123456789-", "０１２３４５６７８９－")),
    }
    return text[form]


def spell_money(yuan, unit: str, form: str):
    """An amount in yuan written in a column headed （unit）: as a number of that
    unit, as its text, or as text carrying the unit (which keeps it)."""
    scale = UNITS.get(unit) or UNITS[unit + "元"]
    amount = Decimal(yuan) / scale
    if form == "number" and len(amount.normalize().as_tuple().digits) <= 15:
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    if form == "text_with_unit":
        return f"{amount.normalize():f}{unit}"
    return f"{amount.normalize():f}"


def respell(sheets: dict[str, list[list]], unit: str, date_form: str, money_form: str) -> dict[str, list[list]]:
    """The same sheets with every money column headed （unit） and its values
    in that unit, and every date in one spelling."""
    specs = {spec.title: spec for spec in (MAIN, *DETAILS)}
    out = {}
    for title, rows in sheets.items():
        columns = [next(c for c in specs[title].columns if c.title == header) for header in rows[0]]
        head = [c.title.replace("（元）", f"（{unit}）") if c.kind == "money" else c.title for c in columns]
        body = []
        for row in rows[1:]:
            cells = []
            for column, value in zip(columns, row, strict=False):
                if value is not None and column.kind == "money":
                    value = spell_money(value, unit, money_form)
                elif isinstance(value, dt.date) and column.kind == "date":
                    value = spell_date(value, date_form)
                cells.append(value)
            body.append(cells)
        out[title] = [head, *body]
    return out


def through_workbook(
    facts: list, shuffle: random.Random | None = None, spelling: tuple[str, str, str] | None = None
) -> dict[str, dict]:
    """Each applicant's result document as `jzai batch` computes it, by credit code."""
    sheets = facts_workbook.sheets_of(facts)
    if spelling is not None:
        sheets = respell(sheets, *spelling)
    if shuffle is not None:
        for rows in sheets.values():
            body = rows[1:]
            shuffle.shuffle(body)
            rows[1:] = body
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applicants.xlsx"
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(path)
        sink = Collect()
        batch.run(path, POLICY, sink)
    assert len(sink.outcomes) == len(facts)  # every row accounted for
    return {o.credit_code: result_doc(o.result, POLICY) for o in sink.outcomes if o.result is not None}


def per_clause(document: dict) -> dict[str, int]:
    totals: dict[str, int] = {}
    for award in document["awards"]:
        totals[award["clause"]] = totals.get(award["clause"], 0) + award["amount_yuan"]
    return totals


@SETTINGS
@given(st.lists(facts_dicts, min_size=1, max_size=3), st.randoms(use_true_random=False))
def test_a_workbook_agrees_with_its_facts_and_row_order_changes_no_award(dicts, rnd):
    facts = with_codes(dicts)
    direct = {f.applicant.credit_code: result_doc(evaluate(POLICY, f), POLICY) for f in facts}
    assert through_workbook(facts) == direct
    # Shuffled rows, main and detail sheets alike: the same amounts per clause
    # for every applicant (only the order of events within a clause may move).
    shuffled = through_workbook(facts, shuffle=rnd)
    assert {k: per_clause(v) for k, v in shuffled.items()} == {k: per_clause(v) for k, v in direct.items()}
    assert {k: v["total_yuan"] for k, v in shuffled.items()} == {k: v["total_yuan"] for k, v in direct.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.lists(facts_dicts, min_size=1, max_size=2),
    st.sampled_from(UNIT_NAMES),
    st.sampled_from(DATE_FORMS),
    st.sampled_from(MONEY_FORMS),
)
def test_a_workbook_agrees_with_its_facts_in_every_unit_and_date_spelling(dicts, unit, date_form, money_form):
    facts = with_codes(dicts)
    direct = {f.applicant.credit_code: result_doc(evaluate(POLICY, f), POLICY) for f in facts}
    assert through_workbook(facts, spelling=(unit, date_form, money_form)) == direct


def test_every_unit_and_date_spelling_is_drawn():
    # the strategies above cover every unit of money.py and every spelling of docs/workbook.md
    assert set(UNITS) <= set(UNIT_NAMES)
    assert spell_money(52_000_000, "百万元", "text_with_unit") == "52百万元"  # 52,000,000 / 1,000,000
    assert spell_money(1_234, "千元", "number") == 1.234  # 1,234 / 1,000
    assert spell_date(dt.date(2026, 3, 1), "serial") == 46082  # 2026-03-01 − 1899-12-30


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(facts_dicts)
def test_facts_written_as_toml_read_back_as_the_same_facts(data):
    from jzai_cli.readers.toml_reader import read_facts
    from jzai_cli.render.facts_toml import toml_of_facts

    facts = facts_from_dict(data, "<hypothesis>")
    text = toml_of_facts(facts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.toml"
        path.write_text(text, encoding="utf-8")
        assert read_facts(path) == facts
