"""The columns of an applicants' workbook, derived from the facts model.

The columns are not a second schema: they are the fields of `facts.Facts`
with their Chinese `title` as the header (the English field name is accepted
too). The main sheet 申请人信息 holds one applicant per row (the applicant,
the assessment year and the data trading of 第八条); every list of `Facts`
has a sheet named by its title, one item per row, linked to the applicant by
统一社会信用代码.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..facts import Applicant, DataTrading, Facts
from ..money import normalise_text
from ..vocab import Choice

MAIN_SHEET = "申请人信息"
MAIN_SHEET_NAMES = ("申请人信息", "申请人", "applicants", "applicant")
INSTRUCTION_SHEET_NAMES = ("说明", "填表说明", "填写说明", "instructions", "readme")
LINK_TITLE = "统一社会信用代码"
LINK_NAME = "applicant_credit_code"


@dataclass(frozen=True)
class Column:
    """One column: where its value goes in `Facts` and how to read its cells."""

    section: str | None  # None: a field of Facts itself; "applicant", "data_trading"; or "" in a detail sheet
    name: str  # the English field name
    title: str  # the Chinese label (the header)
    description: str
    kind: str  # text, code, money, decimal, date, flag, int, choice, list, link
    required: bool
    choices: type[Choice] | None = None
    year_field: str | None = None  # a date column's sibling that takes a year alone (events: 获得年度)

    @property
    def header_keys(self) -> tuple[str, ...]:
        keys = (header_key(self.title)[0], header_key(self.name)[0], header_key(self.name.replace("_", " "))[0])
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the format: the main sheet or the sheet of one list of `Facts`."""

    name: str  # the English name (the Facts field, or "applicants")
    title: str  # the Chinese sheet name
    columns: tuple[Column, ...]
    model: type[BaseModel] | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys((sheet_key(self.title), sheet_key(self.name), sheet_key(self.name.replace("_", " "))))
        )


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The bare type of an annotation and whether it is a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            is_list = True
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, is_list


def _kind(name: str, annotation: Any) -> tuple[str, type[Choice] | None]:
    base, is_list = _unwrap(annotation)
    if is_list:
        return "list", base if isinstance(base, type) and issubclass(base, Choice) else None
    if isinstance(base, type) and issubclass(base, Choice):
        return "choice", base
    if base is Decimal:
        return ("money" if "元" in name else "decimal"), None
    if base is dt.date:
        return "date", None
    if base is bool:
        return "flag", None
    if base is int:
        return "int", None
    return "text", None


def columns_of(model: type[BaseModel], section: str | None) -> list[Column]:
    out = []
    for name, info in model.model_fields.items():
        kind, choices = _kind(info.title or name, info.annotation)
        if name == "credit_code":
            kind = "code"
        year_field = "year" if kind == "date" and "year" in model.model_fields else None
        out.append(
            Column(
                section, name, info.title or name, info.description or "", kind, info.is_required(), choices, year_field
            )
        )
    return out


def _build_sheets() -> tuple[SheetSpec, tuple[SheetSpec, ...]]:
    year = Facts.model_fields["year"]
    main = SheetSpec(
        "applicants",
        MAIN_SHEET,
        tuple(
            [Column(None, "year", year.title or "year", year.description or "", "int", False)]
            + columns_of(Applicant, "applicant")
            + columns_of(DataTrading, "data_trading")
        ),
    )
    link = Column(
        "",
        LINK_NAME,
        LINK_TITLE,
        "The applicant's unified social credit code (links the row to 申请人信息).",
        "link",
        True,
    )
    details = []
    for name, info in Facts.model_fields.items():
        base, is_list = _unwrap(info.annotation)
        if is_list and isinstance(base, type) and issubclass(base, BaseModel):
            details.append(SheetSpec(name, info.title or name, tuple([link] + columns_of(base, "")), base))
    return main, tuple(details)


def header_key(text: Any) -> tuple[str, str]:
    """A header for matching, and its unit: `" 当年应税收入（万元）"` → ("当年应税收入", "万元").

    Full-width characters, a BOM, zero-width characters and spaces do not
    count; case does not count; a trailing bracketed unit is split off.
    """
    key = normalise_text(str(text)).translate(_HEADER_DROP).casefold()
    unit = ""
    match = _UNIT_SUFFIX.match(key)
    if match:
        key, unit = match[1], match[2]
    return key, unit


def sheet_key(text: str) -> str:
    return normalise_text(text).translate(_HEADER_DROP).casefold()


_HEADER_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000 \t\r\n_-*"), None)
_UNIT_SUFFIX = re.compile(r"^(.+?)[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]$")

MAIN, DETAILS = _build_sheets()
SHEETS = (MAIN, *DETAILS)
