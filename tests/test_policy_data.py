"""The policy data against the policy text: every quote stands in the source
and contains its numbers; thresholds say inclusive or exclusive as the
wording does; no amount is written in Python."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jzai_cli import policy as policy_mod
from jzai_cli.policy import Amount, Rate, Threshold
from jzai_cli.vocab import EventType

POLICY = policy_mod.load()
PACKAGE = Path(policy_mod.__file__).parent
ALL_CLAUSES = [
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "4.1",
    "4.2",
    "5.1",
    "5.2",
    "5.3",
    "5.4",
    "6.1",
    "7.1",
    "7.2",
    "7.3",
    "7.4",
    "7.5",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "8.5",
    "8.6",
    "8.7",
    "8.8",
    "9.1",
    "9.2",
]
NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3}


def numbers_in_params(value):
    """Every Amount, Rate and Threshold inside a clause's parameters."""
    if isinstance(value, (Amount, Rate, Threshold)):
        yield value
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from numbers_in_params(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers_in_params(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from numbers_in_params(item)


def test_the_data_holds_the_27_payable_clauses_of_the_brief():
    assert [c.id for c in POLICY.clauses] == ALL_CLAUSES


def test_all_ten_articles_are_there_with_their_text():
    assert [a.number for a in POLICY.articles] == list(range(1, 11))
    for article in POLICY.articles:
        assert article.text.startswith(f"第{policy_mod.chinese_number(article.number)}条"), article.number
        assert (
            article.text in POLICY.source_text.replace("\n", "\n")
            or article.text.split(" ", 1)[1] in POLICY.source_text
        )


def test_policy_metadata_says_it_is_a_draft():
    assert POLICY.meta.status == "draft"
    assert POLICY.meta.status_zh == "征求意见稿"
    assert POLICY.meta.version
    assert "征求意见稿" in POLICY.source_text


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_every_quote_stands_in_the_source_text(clause):
    assert clause.quote in POLICY.source_text


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_every_number_of_a_clause_is_written_in_its_quote(clause):
    for number in numbers_in_params(clause.params):
        assert number.text in clause.quote, f"{clause.id}: {number.text!r} not in its quote"
        if isinstance(number, Threshold):
            digits = re.search(r"\d+", number.text)
            if digits:
                written = Decimal(digits[0]) * (10_000 if "万" in number.text else 1)
                assert written == number.value, f"{clause.id}: {number.text} is not {number.value}"
            else:
                numeral = next(ch for ch in number.text if ch in NUMERALS)
                assert NUMERALS[numeral] == number.value


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_each_threshold_is_inclusive_or_exclusive_as_its_words_say(clause):
    for number in numbers_in_params(clause.params):
        if not isinstance(number, Threshold):
            continue
        text = number.text.replace("不超过", "以内")
        if "超过" in text or "低于" in text or "不满" in text:
            assert number.inclusive is False, f"{clause.id}: {text}"
        elif any(word in text for word in ("以上", "以下", "以内", "内", "不超过", "达到")):
            assert number.inclusive is True, f"{clause.id}: {text}"


def test_an_exclusive_threshold_is_missed_at_the_number_and_met_one_yuan_above():
    # 3.1: 超过5000万元 — 50,000,000 is not over 50,000,000; 50,000,001 is.
    threshold = POLICY.clause("3.1").params.taxable_revenue
    assert not threshold.met_by(Decimal(50_000_000))
    assert threshold.met_by(Decimal(50_000_001))
    assert threshold.shortfall(Decimal(50_000_000)) == 1


@pytest.mark.parametrize("clause", POLICY.clauses, ids=lambda c: c.id)
def test_every_clause_names_readings_that_exist(clause):
    for reading in clause.readings:
        assert reading in POLICY.readings


def test_every_reading_d1_to_d18_has_a_default_among_its_options_and_a_quote_in_the_source():
    assert sorted(POLICY.readings, key=lambda r: int(r[1:])) == [f"D{i}" for i in range(1, 19)]
    for reading in POLICY.readings.values():
        assert reading.default in {o.id for o in reading.options}
        assert reading.quote in POLICY.source_text, reading.id
        for clause in reading.clauses:
            assert clause in ALL_CLAUSES


def test_d1_literal_reading_makes_the_provincial_first_prize_five_yuan():
    # D1: "一、二、三等奖分别奖励5元" read literally → 5 yuan.
    literal = policy_mod.load(chosen=(("D1", "literal"),))
    assert literal.clause("8.4").params.amounts[1].yuan == 5
    assert POLICY.clause("8.4").params.amounts[1].yuan == 50_000


def test_every_event_type_routes_to_some_clause():
    routed = {t for c in POLICY.clauses if hasattr(c.params, "event_types") for t in c.params.event_types}
    assert routed == {e.value for e in EventType}


def test_no_policy_number_is_written_in_the_rule_code():
    # Calendar facts only: 12 months a year, 28 February; 0 and 1.
    allowed = {0, 1, 12, 28}
    modules = sorted(str(p.relative_to(PACKAGE)) for p in (PACKAGE / "rules").glob("*.py")) + ["engine.py"]
    assert len(modules) > 10  # every way of paying has its module
    for module in modules:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        indices = {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        for node in ast.walk(tree):
            if id(node) in indices:
                continue  # a tuple index, not a quantity
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)
            ):
                assert node.value in allowed, f"{module}:{node.lineno}: literal {node.value}"


def test_the_verbatim_policy_text_ships_with_the_data():
    text = (Path(policy_mod.default_data_dir()) / POLICY.meta.text).read_text(encoding="utf-8")
    assert text.startswith("焦作市促进人工智能产业发展若干措施")
    assert text.count("第") >= 10 and "第十条" in text


def test_no_message_writes_a_number_or_a_word_of_time_or_quantity_of_the_policy():
    # 两年, 三年, 36个月, 1年, 5万元, 20%: each comes from a clause's parameters
    # ({window}, {limit}, …), so a final text with other numbers prints them.
    from jzai_cli.i18n import LABELS, MESSAGES

    words = re.compile(
        r"(\d+|[一二两三四五六七八九十]+)\s*(年|个月|月|万元|元|%|PFLOPS|个标准机架)|\b(two|three|twelve|thirty-six|36|12)\b",
        re.I,
    )
    for key, texts in {**MESSAGES, **LABELS}.items():
        for text in texts:
            found = words.search(re.sub(r"\{[^}]*\}", "", text))
            assert found is None, f"{key}: {found[0]!r} in {text!r}"
