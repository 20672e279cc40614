"""money.py — exact amounts from every spelling, and display in 万元."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jzai_cli.i18n import fmt_amount
from jzai_cli.money import WAN, AmountError, fmt_wan, fmt_yuan, parse_amount, to_yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1200", Decimal(1200)),
        ("1,200", Decimal(1200)),  # thousands separator
        ("1,234,567", Decimal(1_234_567)),
        ("1200元", Decimal(1200)),
        ("5000万", Decimal(50_000_000)),  # 5,000 × 10,000
        ("5000万元", Decimal(50_000_000)),
        ("5,000万元", Decimal(50_000_000)),
        ("0.5亿", Decimal(50_000_000)),  # 0.5 × 100,000,000
        ("1亿元", Decimal(100_000_000)),
        ("1.5万", Decimal(15_000)),  # 1.5 × 10,000
        ("５０００万", Decimal(50_000_000)),  # full-width digits
        ("１，２００", Decimal(1200)),  # full-width digits and comma
        (" 5000 万 ", Decimal(50_000_000)),  # spaces
        ("5000\u3000万", Decimal(50_000_000)),  # ideographic space
        ("0", Decimal(0)),
        ("12.5", Decimal("12.5")),
    ],
)
def test_every_spelling_of_an_amount_reads_exactly(text, yuan):
    assert parse_amount(text) == yuan


def test_an_amount_is_a_decimal_never_a_float():
    value = parse_amount("0.1万")
    # 0.1 × 10,000 = 1,000 exactly
    assert isinstance(value, Decimal)
    assert value == 1000


def test_an_int_and_a_decimal_are_taken_as_yuan():
    assert parse_amount(1200) == 1200
    assert parse_amount(Decimal("1200.50")) == Decimal("1200.50")


def test_a_bare_number_takes_the_column_unit_but_a_written_unit_wins():
    # a column headed 万元: 5 → 50,000
    assert parse_amount(5, unit=WAN) == 50_000
    assert parse_amount("5", unit=WAN) == 50_000
    # the written 元 overrides the column's 万元: 5 yuan
    assert parse_amount("5元", unit=WAN) == 5


@pytest.mark.parametrize("value", ["-1", "-1,200", "-5万", -1, Decimal("-0.01")])
def test_a_negative_amount_is_refused(value):
    with pytest.raises(AmountError, match="负"):
        parse_amount(value)


@pytest.mark.parametrize("value", [1200.0, 0.1])
def test_a_float_is_refused(value):
    with pytest.raises(AmountError, match="float"):
        parse_amount(value)


@pytest.mark.parametrize("value", ["1,20", "1,2000", ",120", "1.2.3", "12万万", "万", "", "abc", "1e5", "五千万"])
def test_a_malformed_amount_is_refused(value):
    with pytest.raises(AmountError):
        parse_amount(value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")])
def test_a_non_finite_decimal_is_refused(value):
    with pytest.raises(AmountError, match="finite"):
        parse_amount(value)


@pytest.mark.parametrize("value", [True, False, None, [1], {"a": 1}])
def test_other_types_are_refused(value):
    with pytest.raises(AmountError):
        parse_amount(value)


def test_an_amount_error_is_a_value_error_so_pydantic_reports_it():
    assert issubclass(AmountError, ValueError)


@pytest.mark.parametrize(
    ("amount", "yuan"),
    [
        (Decimal("246913.4"), 246_913),
        (Decimal("246913.5"), 246_914),  # half up
        (Decimal("0.5"), 1),
        (Decimal("0.49"), 0),
        (Decimal("9999.5"), 10_000),
    ],
)
def test_to_yuan_rounds_half_up(amount, yuan):
    assert to_yuan(amount) == yuan


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        (500_000, "50"),  # 500,000 / 10,000 = 50
        (15_000, "1.5"),
        (1_000_000, "100"),
        (100_000_000, "10,000"),  # no exponent notation; digits grouped
        (2_000_000_000, "200,000"),
        (18_006_000, "1,800.6"),
        (10_000, "1"),
        (5, "0.0005"),
        (0, "0"),
        (12_345, "1.2345"),
    ],
)
def test_fmt_wan_shows_wan_without_trailing_zeros(yuan, wan):
    assert fmt_wan(yuan) == wan


def test_fmt_yuan_and_fmt_amount_group_thousands():
    assert fmt_yuan(1_234_567) == "1,234,567"
    assert fmt_amount(500_000) == "500,000 元（50 万元）"
    assert fmt_amount(15_000, "en") == "CNY 15,000 (1.5 wan)"
