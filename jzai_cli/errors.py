"""Input problems and how they are told: where, what was found, what was expected.

Every reader raises `InputError` carrying `Problem`s; the CLI prints them as
one block and exits 2. Library exceptions are mapped to problems by
`readers.exceptions`, never shown as tracebacks.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .said import Said


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None  # a facts path such as events[2].date (1-based)
    sheet: str | None = None
    row: int | None = None
    header: str | None = None
    value: Any = None

    def text(self, lang: str = "zh") -> str:
        """The message in `lang`: under zh the Chinese with the English in
        brackets, under en the English alone (a `Said`); a plain message (a
        path, a library's own words) as written."""
        return self.message.text(lang) if isinstance(self.message, Said) else str(self.message)

    def where(self, lang: str = "zh") -> str:
        from .i18n import say

        parts = [self.file]
        if self.sheet is not None:
            parts.append(say("where.sheet", lang, sheet=self.sheet, quoted=repr(self.sheet)))
        if self.row is not None:
            parts.append(say("where.row", lang, n=self.row))
        if self.line is not None:
            parts.append(say("where.line", lang, n=self.line))
        if self.column is not None:
            parts.append(say("where.column", lang, n=self.column))
        if self.header is not None:
            parts.append(say("where.header", lang, header=self.header, quoted=repr(self.header)))
        if self.field is not None:
            parts.append(self.field)
        return say("where.sep", lang).join(parts)


class InputError(Exception):
    """The input cannot be read; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def loc_path(loc: tuple[Any, ...]) -> str:
    """('events', 1, 'date') → 'events[2].date' (items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that owns the last key of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_by_label(model: type[BaseModel], key: str) -> str | None:
    """The field of `model` whose Chinese label (title) `key` is, units in brackets aside."""
    from .money import label_key

    wanted = label_key(key)
    return next(
        (name for name, info in model.model_fields.items() if info.title and label_key(info.title) == wanted), None
    )


def inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


_EXPECT = {
    "missing": ("缺少必填项", "required but missing"),
    "int_type": ("应为整数", "expected a whole number"),
    "int_parsing": ("应为整数", "expected a whole number"),
    "string_type": ("应为文本", "expected text"),
    "list_type": ("应为列表（用 [[…]] 或 […] 写）", "expected a list ([[…]] tables or […])"),
    "model_type": ("应为表（用 […] 写）", "expected a table ([…])"),
    "dict_type": ("应为表（用 […] 写）", "expected a table ([…])"),
    "model_attributes_type": ("应为表（用 […] 写）", "expected a table ([…])"),
    "string_too_short": ("不能为空", "must not be empty"),
    "too_short": ("不能为空", "must not be empty"),
    "decimal_type": ("应为数", "expected a number"),
    "decimal_parsing": ("应为数", "expected a number"),
    "finite_number": ("应为有限的数", "expected a finite number"),
    "date_type": ("应为日期", "expected a date"),
    "date_parsing": ("应为日期", "expected a date"),
    "bool_parsing": ("应为 是/否", "expected true/false"),
    "int_from_float": ("应为整数", "expected a whole number"),
    "enum": ("不是可选值之一", "not one of the choices"),
    "string_pattern_mismatch": ('格式不对，应如 "8.5"', 'expected a clause id such as "8.5"'),
    "bool_type": ("应为 是/否", "expected true/false"),
}


def problems_from_validation(error: ValidationError, file: str, model: type[BaseModel], locate=None) -> list[Problem]:
    """Pydantic errors as problems; `locate(loc)` may give (line, column)."""
    from .i18n import message_of

    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "value_error":
            message = message_of(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        elif kind == "extra_forbidden":
            owner = _model_at(model, loc)
            options = sorted(owner.model_fields) if owner else []
            labelled = _field_by_label(owner, str(loc[-1])) if owner else None
            close = [labelled] if labelled else difflib.get_close_matches(str(loc[-1]), options, n=1, cutoff=0.5)
            zh, en = f"未知的键 {loc[-1]!r}", f"unknown key {loc[-1]!r}"
            if labelled:
                zh += f"；“{loc[-1]}”是中文标签，键名应为 {labelled}"
                en += f": that is the Chinese label of the key {labelled!r}"
            elif close:
                zh, en = zh + f"；是否想写 {close[0]!r}？", en + f"; did you mean {close[0]!r}?"
            elif options:
                zh, en = zh + f"；可用的键：{', '.join(options)}", en + f"; known keys: {', '.join(options)}"
            message = Said(zh, en)
        elif kind in ("too_long", "string_too_long"):
            most = item.get("ctx", {}).get("max_length")
            message = Said(f"文本过长，最多 {most} 个字符", f"too long; at most {most} characters")
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            ctx = item.get("ctx", {})
            zh, en, bound = {
                "greater_than_equal": ("应不小于", "at least", ctx.get("ge")),
                "less_than_equal": ("应不大于", "at most", ctx.get("le")),
                "greater_than": ("应大于", "more than", ctx.get("gt")),
                "less_than": ("应小于", "less than", ctx.get("lt")),
            }[kind]
            message = Said(f"超出范围，{zh} {bound}", f"out of range: {en} {bound}")
        elif kind in _EXPECT:
            zh, en = _EXPECT[kind]
            message = Said(zh, en)
        else:
            message = Said(f"无效的值：{item['msg']}", f"invalid value: {item['msg']}")
        line = column = None
        if locate is not None:
            line, column = locate(loc)
        value = item.get("input") if kind not in ("missing",) else None
        if isinstance(value, (dict, list)):
            value = None
        problems.append(Problem(file=file, message=message, line=line, column=column, field=loc_path(loc), value=value))
    return problems
