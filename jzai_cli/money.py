"""Amounts of money: exact parsing of 元/千元/万元/十万元/百万元/千万元/亿元
spellings and display. The table of units is the one place both a
workbook's header （百万元） and a cell's text "3.5百万元" are read from.

Money is `Decimal` inside and whole yuan (`int`) outside; binary floats are
refused wherever they could reach an amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .said import Said

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
# No applicant's figure comes near 10^15 yuan (a thousand trillion); larger
# numbers are typing or encoding accidents such as 1e400.
MAX_AMOUNT = Decimal(10) ** 15

# The units of 人民币 a Chinese spreadsheet uses, in the header or the cell;
# each may be written without its 元 (万, 百万, 亿).
UNITS = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": WAN,
    "十万元": Decimal(100_000),
    "百万元": Decimal(1_000_000),
    "千万元": Decimal(10_000_000),
    "亿元": YI,
}
# Other currencies: refused, never read as yuan. Matched in the casefolded,
# half-width text of a header's unit or a cell.
FOREIGN = (
    "美元",
    "美金",
    "港元",
    "港币",
    "澳门元",
    "澳门币",
    "欧元",
    "日元",
    "英镑",
    "澳元",
    "加元",
    "韩元",
    "新台币",
    "台币",
    "卢布",
    "瑞郎",
    "法郎",
    "新加坡元",
    "新元",
    "外币",
    "usd",
    "us$",
    "hkd",
    "hk$",
    "eur",
    "jpy",
    "gbp",
    "aud",
    "cad",
    "krw",
    "twd",
    "sgd",
    "chf",
    "rub",
    "$",
    "€",
    "£",
)
_YUAN_WORDS = re.compile(r"^(?:单位[:：]?)?(?:人民币|rmb|cny|¥)?(?P<unit>.*?)(?:人民币|rmb|cny)?$")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT = re.compile(rf"^(?:人民币|rmb|cny|¥)?(?P<number>{_NUMBER})(?P<unit>[^\d]*)$")
_MONEYISH = re.compile(r"[元币千万亿百十]")
# Line breaks too: a cell typed with Alt+Enter after a code or 是 ends in one.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000 \t\r\n\v\f\x85\u2028\u2029"), None)
# The same characters as one pattern: a regex pass is 2-3x faster than
# str.translate on the Chinese text of a workbook's cells (the batch reads
# hundreds of thousands of them); the result is the same.
_INVISIBLE_RUN = re.compile("[" + "".join(map(chr, _INVISIBLE)) + "]+")


class AmountError(ValueError):
    """An amount that cannot be read; the message says what was expected."""


_NORMALISED: dict[str, str] = {}  # the texts that repeat down a column (是, 小型, 专精特新中小企业) normalised once
_NORMALISED_MAX = 20_000
_NORMALISED_LENGTH = 40


def normalise_text(value: str) -> str:
    """Full-width to half-width (NFKC) and no invisible or space characters."""
    found = _NORMALISED.get(value)
    if found is None:
        found = _INVISIBLE_RUN.sub("", unicodedata.normalize("NFKC", value))
        if len(value) <= _NORMALISED_LENGTH and len(_NORMALISED) < _NORMALISED_MAX:
            _NORMALISED[value] = found
    return found


_LABEL_UNIT = re.compile(r"[(\[【〔][^()\[\]【】〔〕]*[)\]】〕]$")


def label_key(text: str) -> str:
    """A Chinese label as compared: half-width, no spaces, no trailing unit in
    brackets (`当年应税收入（元）` and `当年应税收入` compare equal)."""
    return _LABEL_UNIT.sub("", normalise_text(text)).casefold()


def currency_of(text: str) -> str | None:
    """The foreign currency `text` names (美元, USD, $, …), or None."""
    key = normalise_text(text).casefold()
    return next((word for word in FOREIGN if word in key), None)


def unit_scale(text: str) -> Decimal | None:
    """The yuan one unit stands for: "万元" or "万" → 10,000, "（单位：百万元）"'s
    "单位：百万元" → 1,000,000; None when `text` names no unit of money (""
    or a word such as 含税). Another currency, or a unit of money that is
    not in `UNITS`, is an `AmountError` that says so."""
    key = normalise_text(text).casefold()
    foreign = currency_of(key)
    if foreign is not None:
        raise AmountError(
            Said(
                f"金额单位是外币“{text}”，jzai 只读人民币，请换算为元或万元后填写",
                f"the unit {text!r} is a foreign currency; jzai reads 人民币 only: convert it to 元 or 万元",
            )
        )
    match = _YUAN_WORDS.match(key)
    unit = match["unit"] if match else key
    if not unit:
        return Decimal(1) if key else None
    scale = UNITS.get(unit) or UNITS.get(unit + "元")
    if scale is not None:
        return scale
    if _MONEYISH.search(unit):
        known = "、".join(UNITS)
        raise AmountError(
            Said(
                f"无法识别的金额单位“{text}”，应为 {known} 之一",
                f"unknown unit of money {text!r}; expected one of {known}",
            )
        )
    return None


def parse_amount(value: object, unit: Decimal = Decimal(1)) -> Decimal:
    """Read an amount in yuan, exactly.

    Accepts an int, a Decimal, or a string such as "1,200", "5000万",
    "0.5亿", "5,000万元" or "５０００万". A bare number is multiplied by
    `unit` (10,000 for a column headed 万元). Floats are refused: they cannot
    carry money exactly (TOML is read with `parse_float=Decimal`).
    """
    if isinstance(value, bool):
        raise AmountError(Said("应为金额，不能是是/否", "expected an amount, not true/false"))
    if isinstance(value, int):
        number, scale = Decimal(value), unit
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(Said(f"应为有限金额，实际为 {value}", f"expected a finite amount, got {value}"))
        number, scale = value, unit
    elif isinstance(value, str):
        text = normalise_text(value).replace("，", ",").casefold()
        foreign = currency_of(text)
        if foreign is not None:
            raise AmountError(
                Said(
                    f"金额是外币（{foreign}），jzai 只读人民币，请换算为元或万元后填写：{value!r}",
                    f"a foreign currency, {foreign}: jzai reads 人民币 only; convert it to 元 or 万元: {value!r}",
                )
            )
        match = _AMOUNT.match(text)
        if match is None:
            if text.startswith("-"):
                raise AmountError(Said(f"金额不能为负：{value!r}", f"amount must not be negative: {value!r}"))
            raise AmountError(
                Said(
                    f"无法识别的金额：{value!r}",
                    f'expected an amount such as 1200, "1,200", "5000万", "3.5百万元", "0.5亿" or "5,000万元": {value!r}',
                )
            )
        try:
            number = Decimal(match["number"].replace(",", ""))
        except InvalidOperation as error:  # pragma: no cover - the regex admits only digits
            raise AmountError(f"无法识别的金额: {value!r}") from error
        try:
            named = unit_scale(match["unit"]) if match["unit"] else None
        except AmountError as error:
            said = error.args[0]
            if isinstance(said, Said):
                raise AmountError(Said(f"{said.zh}：{value!r}", f"{said.en}: {value!r}")) from None
            raise AmountError(f"{error}: {value!r}") from None
        if match["unit"] and named is None:
            raise AmountError(
                Said(f"无法识别的金额单位：{match['unit']!r}: {value!r}", f"unknown unit {match['unit']!r}: {value!r}")
            )
        scale = named if named is not None else unit
    elif isinstance(value, float):
        raise AmountError(Said("金额不能是二进制浮点数", f"expected an exact amount, got float {value!r}"))
    else:
        raise AmountError(
            Said(f"应为金额，实际为 {type(value).__name__}", f"expected an amount, got {type(value).__name__}")
        )
    if abs(number) > MAX_AMOUNT:
        raise AmountError(
            Said(
                f"金额过大，超过 10^15 元：{str(value)[:40]!r}",
                f"amount too large; at most 10^15 yuan: {str(value)[:40]!r}",
            )
        )
    amount = number * scale
    if amount < 0:
        raise AmountError(Said(f"金额不能为负：{value!r}", f"amount must not be negative: {value!r}"))
    if amount > MAX_AMOUNT:
        raise AmountError(
            Said(
                f"金额过大，超过 10^15 元：{str(value)[:40]!r}",
                f"amount too large; at most 10^15 yuan: {str(value)[:40]!r}",
            )
        )
    return amount


def to_yuan(amount: Decimal) -> int:
    """Whole yuan, rounding half up (the only rounding jzai does)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_yuan(yuan: int) -> str:
    """`1,234,567` — digits grouped by thousands."""
    return f"{yuan:,}"


def fmt_exact(amount: Decimal) -> str:
    """An exact quantity, digits grouped, its fraction kept (a near miss's
    shortfall of 0.01 PFLOPS is not 0): `1,234` or `0.01`."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.normalize():,f}"


def fmt_wan(yuan: int) -> str:
    """Yuan shown in 万元, digits grouped, no trailing zeros: 500000 → `50`,
    15000 → `1.5`, 2000000000 → `200,000`."""
    wan = (Decimal(yuan) / WAN).normalize()
    return f"{wan:,f}"
