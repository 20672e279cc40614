"""Cells to values as the facts model reads them: no rules here.

Whole floats become `int`, other floats `Decimal(repr(x))`, so money never
passes through float arithmetic; a money column headed （万元） is multiplied
by 10,000; numbers in a date column are Excel serials of the workbook's date
system (1900 or 1904).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..money import AmountError, normalise_text, parse_amount
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
            return dt.datetime.combine(excel_date(whole, date1904), dt.time()) + dt.timedelta(days=float(serial - whole))
        serial = whole
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=serial) if 0 <= serial < 2_957_003 else serial
    if serial == 60 or not 1 <= serial < 2_958_466:
        return serial  # 1900-02-29 does not exist; the model refuses a number
    return _EPOCH_1900 + dt.timedelta(days=serial if serial > 60 else serial + 1)


def number(value: float) -> int | Decimal:
    """A float from the reader as an exact number: 5000.0 → 5000, 0.1 → Decimal('0.1')."""
    if value.is_integer():
        return int(value)
    return Decimal(repr(value))


def cell_value(value: Any, column: Column, scale: Decimal | None, date1904: bool) -> Any:
    """A cell as the facts model reads it; `_MISSING` for an empty cell."""
    if value is None:
        return _MISSING
    kind = column.kind
    if isinstance(value, str):
        if not value.strip() or not normalise_text(value):
            return _MISSING
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
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        value = number(value)
    if isinstance(value, (int, Decimal)):
        if kind == "date":
            return excel_date(value, date1904)
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
        if kind in ("text", "choice") or value.time() != dt.time():
            return value if kind != "text" else value.isoformat(sep=" ")
        return value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if kind == "text" else value
    return str(value)


def link_key(value: Any) -> str | None:
    """The credit code that links a detail row to its applicant, as compared."""
    if isinstance(value, str):
        key = normalise_text(value).replace("-", "").upper()
        return key or None
    return None

