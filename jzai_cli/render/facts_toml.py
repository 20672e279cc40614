"""Validated `Facts` as a commented TOML facts file (`jzai template --toml --from`).

The file is written from the model, not from the cells: amounts are whole
numbers or exact decimal strings (never binary floats), dates are TOML
dates, choices are their ids with the Chinese label in a comment, and a
value that is unknown (`None`) is left out. Each key carries the field's
Chinese label as a comment. What is written reads back, through
`read_facts`, as the same `Facts` (`toml_of_facts` checks this).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import typing
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..facts import Facts
from ..vocab import Choice

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CONTROL = re.compile(r'["\\\x00-\x1f\x7f]')
_COMMENT_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class RoundTripError(RuntimeError):
    """The TOML written does not read back as the same facts (a bug in this module)."""


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return '"' + _CONTROL.sub(lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04X}"), text) + '"'


def comment(text: str) -> str:
    """Text safe inside a TOML comment (one line, no control characters)."""
    return _COMMENT_UNSAFE.sub("\ufffd", text)


def _number(value: Decimal | int) -> str:
    """An exact number: an integer literal, or a decimal string such as "1234.5"."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return toml_string(format(value.normalize(), "f"))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return toml_string(str(value.value))
    if isinstance(value, (int, Decimal)):
        return _number(value)
    if isinstance(value, dt.datetime):  # pragma: no cover - the model holds dates only
        raise TypeError("a date-time is not a facts value")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a facts value")


def _label(info: Any, value: Any) -> str:
    """The comment of a key: its Chinese label, and the labels of its choices."""
    text = str(info.title or "")
    if isinstance(value, Choice):
        text += f"：{value.zh}"
    elif isinstance(value, list) and value and all(isinstance(v, Choice) for v in value):
        text += "：" + "、".join(v.zh for v in value)
    elif isinstance(value, list) and not value:
        text += "：无"
    return comment(text)


def _is_model_list(annotation: Any) -> bool:
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is list:
            inner = typing.get_args(arg)[0]
            return isinstance(inner, type) and issubclass(inner, BaseModel)
    return False


def _keys(model: BaseModel) -> list[str]:
    """`key = value  # label` for every known scalar field of `model`."""
    lines = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if (
            value is None
            or isinstance(value, BaseModel)
            or (isinstance(value, list) and value and isinstance(value[0], BaseModel))
        ):
            continue
        lines.append(f"{name} = {toml_value(value)}  # {_label(info, value)}")
    return lines


def toml_of_facts(
    facts: Facts, source: list[str] | None = None, item_sources: dict[str, list[str]] | None = None
) -> str:
    """`facts` as a commented TOML facts file.

    `source` are comment lines about where the facts came from;
    `item_sources[field][i]` a comment for the i-th item of a list (its sheet
    and row). The result is checked to read back as `facts`.
    """
    lines = ["# jzai 申请人事实文件 (facts file) — 用 `jzai check 文件名.toml` 计算 (check it with jzai check)。"]
    lines += [f"# {comment(line)}" for line in source or []]
    lines += [
        "# 省略的项表示“未知”，不是“否”或0。A key left out means unknown, not false or zero.",
        '# 金额以元计，写整数或 "1234.5" 这样的精确小数 (amounts in yuan, whole numbers or exact decimal strings).',
        "",
    ]
    fields = Facts.model_fields
    # Top-level scalars, and lists declared empty, come before any table.
    for name, info in fields.items():
        value = getattr(facts, name)
        if value is None or isinstance(value, BaseModel):
            continue
        if _is_model_list(info.annotation):
            if not value and name != "awards_received":
                lines.append(f"{name} = []  # {_label(info, value)}")
            continue
        lines.append(f"{name} = {toml_value(value)}  # {_label(info, value)}")
    for name, info in fields.items():
        value = getattr(facts, name)
        if isinstance(value, BaseModel):
            lines += ["", f"[{name}]  # {comment(str(info.title or ''))}"]
            lines += _keys(value)
    for name, info in fields.items():
        value = getattr(facts, name)
        if not (_is_model_list(info.annotation) and value):
            continue
        notes = (item_sources or {}).get(name, [])
        for index, item in enumerate(value):
            where = f"，{notes[index]}" if index < len(notes) and notes[index] else ""
            lines += ["", f"# {comment(f'{info.title}第{index + 1}项{where}')}", f"[[{name}]]"]
            lines += _keys(item)
    text = "\n".join(lines) + "\n"
    _check_round_trip(text, facts)
    return text


def _check_round_trip(text: str, facts: Facts) -> None:
    from ..errors import InputError
    from ..readers.toml_reader import facts_from_dict

    try:
        again = facts_from_dict(tomllib.loads(text, parse_float=Decimal), "<facts>")
    except (tomllib.TOMLDecodeError, InputError) as error:  # pragma: no cover - a bug here
        raise RoundTripError(f"the TOML written does not read back: {error}") from error
    if again != facts:  # pragma: no cover - a bug here
        raise RoundTripError("the TOML written reads back as different facts")


def applicant_toml(picked: Any) -> str:
    """The TOML of an applicant chosen from a workbook (`readers.pick.Picked`),
    with the file, sheet and row of each part in comments."""
    row = picked.row
    source = [
        f"转自 (converted from) {picked.file}，工作表“{row.where.sheet}”第{row.row}行 (sheet {row.where.sheet!r}, row {row.row})",
    ]
    items = {name: [f"工作表“{where.sheet}”第{where.row}行" for where, _ in rows] for name, rows in row.details.items()}
    return toml_of_facts(picked.facts, source, items)
