"""Property tests through the workbook reader: a workbook and the facts it
was written from agree, and the order of rows changes no applicant's awards."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from batch_helpers import code
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import POLICY, facts_dicts

from jzai_cli import batch
from jzai_cli.engine import evaluate
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.render import facts_workbook
from jzai_cli.render.json_doc import result_doc

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


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


def through_workbook(facts: list, shuffle: random.Random | None = None) -> dict[str, dict]:
    """Each applicant's result document as `jzai batch` computes it, by credit code."""
    sheets = facts_workbook.sheets_of(facts)
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
