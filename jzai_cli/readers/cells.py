"""Cells to values as the facts model reads them: no rules here.

Floats are rounded to the 15 significant digits a spreadsheet shows and
held as `int` or `Decimal`, so money never passes through float arithmetic;
a money column headed with a unit (（万元）, （百万元）, … from `money.UNITS`)
is multiplied by it. Numbers in a date column are Excel serials of the
workbook's date system (1900 or 1904) when they fall in the years the facts
model takes, a year alone when the sheet has a year field, and refused
otherwise. A cell that cannot be what its column holds raises `CellError`,
which makes its row invalid, never the batch.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import typing
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from ..money import AmountError, normalise_text, parse_amount
from ..said import Said
from .schema import Column

LIST_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
NONE_WORDS = {"无", "none", "-", "—"}

_MISSING = object()
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)


def excel_date(serial: int | Decimal, date1904: bool) -> Any:
    """An Excel serial day number as a date (a fraction of a day is a time: refused by the model)."""
    if isinstance(serial, Decimal):
        if not serial.is_finite():
            return serial  # NaN or infinity: the model refuses it for this row only
        whole = int(serial)
        if serial != whole:
            return dt.datetime.combine(excel_date(whole, date1904), dt.time()) + dt.timedelta(
                days=float(serial - whole)
            )
        serial = whole
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=serial) if 0 <= serial < 2_957_003 else serial
    if serial == 60 or not 1 <= serial < 2_958_466:
        return serial  # 1900-02-29 does not exist; the model refuses a number
    return _EPOCH_1900 + dt.timedelta(days=serial if serial > 60 else serial + 1)


SIGNIFICANT = 15  # the digits a spreadsheet shows of a number (Excel's precision)


class CellError(ValueError):
    """A cell that cannot be read for its column; the message says why and what was expected."""


@dataclass(frozen=True)
class YearOnly:
    """A year alone in a date column whose sheet has a year field beside it."""

    year: int


def number(value: float) -> int | Decimal:
    """A float from the reader as the spreadsheet shows it, exactly: rounded to
    15 significant digits, so 5000.0 → 5000, 0.1 → Decimal('0.1') and the
    cached 999.9999999999999 of a formula → 1000."""
    if not math.isfinite(value):
        return Decimal(repr(value))
    exact = Decimal(repr(value))
    if exact:
        exact = exact.quantize(Decimal(1).scaleb(exact.adjusted() - SIGNIFICANT + 1), rounding=ROUND_HALF_EVEN)
    if exact == exact.to_integral_value():
        return int(exact)
    return exact.normalize()


def _year_bounds() -> tuple[int, int]:
    """The years a date of this policy may fall in: the facts model's `Year`."""
    from ..facts import Year

    low, high = 1990, 2100
    for meta in typing.get_args(Year)[1:]:
        for bound in getattr(meta, "metadata", []):
            low = getattr(bound, "ge", low)
            high = getattr(bound, "le", high)
    return low, high


YEARS = _year_bounds()
_EXPECTED = {  # what a column of each kind holds: (zh, en)
    "date": ("日期", "a date"),
    "money": ("金额", "an amount"),
    "decimal": ("数", "a number"),
    "flag": ("是/否", "yes or no"),
    "int": ("整数", "a whole number"),
    "choice": ("选项", "one of the choices"),
    "list": ("选项", "the choices"),
    "code": ("统一社会信用代码", "a credit code"),
    "link": ("统一社会信用代码", "a credit code"),
    "text": ("文本", "text"),
}


def _not_for(what_zh: str, what_en: str, kind: str) -> CellError:
    zh, en = _EXPECTED[kind]
    return CellError(Said(f"单元格是{what_zh}，应为{zh}", f"{what_en} where {en} was expected"))


def _date_of(value: int | Decimal, column: Column, date1904: bool) -> Any:
    """A number in a date column: an Excel serial of a plausible date, or a year alone."""
    low, high = YEARS
    if isinstance(value, Decimal) and (not value.is_finite() or value != value.to_integral_value()):
        raise CellError(
            Said(
                f"日期列中的数 {value} 带小数（时间或小数），应为日期，如 2026-03-01",
                "a number with a fraction, a time or a decimal, in a date column: expected a date such as 2026-03-01",
            )
        )
    whole = int(value)
    if low <= whole <= high:
        if column.year_field:
            return YearOnly(whole)
        raise CellError(
            Said(
                f"日期列中只有年份 {whole}，请填写完整日期，如 {whole}-03-01",
                f"a year alone in a date column: write the full date, such as {whole}-03-01",
            )
        )
    date = excel_date(whole, date1904)
    if not isinstance(date, dt.date) or not low <= date.year <= high:
        shown = f"（即 {date.isoformat()}）" if isinstance(date, dt.date) else ""
        raise CellError(
            Said(
                f"日期列中的数 {whole}{shown}不是 {low}–{high} 年间的日期，应为日期，如 2026-03-01",
                f"the number {whole} in a date column is no date between {low} and {high}: expected a date such as 2026-03-01",
            )
        )
    return date


def _check_year(date: dt.date) -> dt.date:
    low, high = YEARS
    if not low <= date.year <= high:
        raise CellError(
            Said(
                f"日期 {date.isoformat()} 不在 {low}–{high} 年间，单元格可能是设成日期格式的数字（如年份）；请填写完整日期",
                f"the date {date.isoformat()} is not between {low} and {high}: perhaps a number such as a year formatted as a date; write the full date",
            )
        )
    return date


def cell_value(value: Any, column: Column, scale: Decimal | AmountError | None, date1904: bool) -> Any:
    """A cell as the facts model reads it; `_MISSING` for an empty cell.

    `scale` is the unit of a money column's header (10,000 for （万元）), or
    the error of a header whose unit is refused (a foreign currency). A
    cell that cannot be what its column holds raises `CellError`."""
    if value is None:
        return _MISSING
    kind = column.kind
    if isinstance(value, str):
        if not value.strip() or not normalise_text(value):
            return _MISSING
        if isinstance(scale, AmountError):
            raise CellError(str(scale))
        if kind == "list":
            text = normalise_text(value)
            if text.casefold() in NONE_WORDS:
                return []
            return [part for part in LIST_SEPARATORS.split(value) if part.strip()]
        if kind == "money" and scale is not None:
            try:
                return parse_amount(value, scale)
            except AmountError:
                return value
        return value
    if isinstance(scale, AmountError):
        raise CellError(str(scale))
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        value = number(value)
    if isinstance(value, (int, Decimal)):
        if kind == "date":
            return _date_of(value, column, date1904)
        if kind == "money" and scale is not None:
            return Decimal(value) * scale
        if kind == "flag":
            return str(value)
        if kind == "list":
            return [str(value)]
        if kind == "text":
            return str(value)
        return value
    if isinstance(value, dt.datetime):
        if kind == "text":
            return value.isoformat(sep=" ")
        if kind == "date" and value.time() == dt.time():
            return _check_year(value.date())
        if kind == "date":
            return value  # the model refuses a date with a time, naming it
        raise _not_for(f"日期时间 {value.isoformat(sep=' ')}", f"a date-time, {value.isoformat(sep=' ')},", kind)
    if isinstance(value, dt.date):
        if kind == "text":
            return value.isoformat()
        if kind == "date":
            return _check_year(value)
        raise _not_for(f"日期 {value.isoformat()}", f"a date, {value.isoformat()},", kind)
    if isinstance(value, dt.time):
        if kind == "text":
            return value.isoformat()
        raise _not_for(f"时间 {value.isoformat()}", f"a time of day, {value.isoformat()},", kind)
    if isinstance(value, dt.timedelta):
        raise _not_for(f"时长 {value}", f"a duration, {value},", kind)
    if kind == "text":
        return str(value)
    raise _not_for(f"无法读取的类型 {type(value).__name__}", f"a cell of type {type(value).__name__}", kind)


def link_key(value: Any) -> str | None:
    """The credit code that links a detail row to its applicant, as compared."""
    if isinstance(value, str):
        if value.isascii() and value.isalnum():  # as most are: nothing to normalise or drop
            return value.upper()
        key = normalise_text(value).replace("-", "").upper()
        return key or None
    return None
