"""JSON facts files to `Facts`: the same model, keys and value spellings as
a TOML file ("5000万", dates as "2026-03-01"), read the way the TOML reader
reads (size limit, UTF-8 with or without BOM, exact numbers).

Numbers with a fraction become `Decimal`, never float. NaN and Infinity are
not JSON and are refused; so is a key written twice in one object (JSON
readers would keep only one of the two). Problems name the place as a
JSONPath with items counted from 0 (`$.graduates[1].graduated`, as jq and
JSON Pointer count) and give the line and column of the key in the file.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from collections.abc import Callable, Collection
from decimal import Decimal
from json.decoder import scanstring  # type: ignore[attr-defined]  # there since Python 2.6; typeshed leaves it out
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import _EXPECT, InputError, Problem, problems_from_validation
from ..facts import Facts
from ..said import Said
from .toml_reader import (
    MAX_TOML_BYTES,
    decode,
    number_too_long,
    position,
    read_bytes,
    unknown_clause_message,
    unknown_clauses,
)

MAX_JSON_BYTES = MAX_TOML_BYTES
MAX_DEPTH = 100  # far deeper than facts go (four levels); deeper is refused

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A string, or a constant that Python's json accepts and JSON does not.
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')

# The TOML reader's words for a list and a table, said the JSON way.
_JSON_WORDS = {
    "list_type": Said("应为数组 […]", "expected an array […]"),
    "model_type": Said("应为对象 {…}", "expected an object {…}"),
    "dict_type": Said("应为对象 {…}", "expected an object {…}"),
    "model_attributes_type": Said("应为对象 {…}", "expected an object {…}"),
}
_TOML_WORDS = {f"{_EXPECT[kind][0]} ({_EXPECT[kind][1]})": words for kind, words in _JSON_WORDS.items()}


# The json module's reasons, in Chinese (the English stays beside them).
_REASONS = (
    ("Expecting property name enclosed in double quotes", "键名应加英文双引号（或 } 之前多了一个逗号）"),
    ("Expecting ',' delimiter", "缺少逗号“,”"),
    ("Expecting ':' delimiter", "键之后应有冒号“:”"),
    ("Expecting value", "缺少值，或值的写法不对（文本须加英文双引号，数组最后不能有逗号）"),
    ("Unterminated string", "字符串缺少结尾的引号"),
    ("Invalid control character", "字符串中含有控制字符（如换行）"),
    ("Invalid \\escape", "反斜杠转义不对"),
    ("Invalid \\uXXXX escape", "反斜杠转义不对"),
    ("Extra data", "JSON 对象结束之后还有内容"),
)


class _NotJson(ValueError):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


class _Duplicate(ValueError):
    pass


def _constant(token: str) -> Any:
    raise _NotJson(token)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def json_path(loc: tuple[Any, ...]) -> str:
    """('graduates', 1, 'graduated') → '$.graduates[1].graduated' (items from 0)."""
    out = "$"
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            out += f".{part}"
        else:
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


def parse(text: str, name: str) -> dict[str, Any]:
    """JSON to a dict; numbers with a fraction become `Decimal`, never float."""
    try:
        value = json.loads(text, parse_float=Decimal, parse_constant=_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        zh = next((zh for start, zh in _REASONS if error.msg.startswith(start)), "写法不对")
        raise InputError(
            [
                Problem(
                    name,
                    Said(f"JSON 语法有误：{zh}", f"syntax error: {error.msg}"),
                    line=error.lineno,
                    column=error.colno,
                )
            ]
        ) from None
    except _NotJson as error:
        line = column = None
        for found in _CONSTANT.finditer(text):
            if found[1]:
                line, column = position(text, found.start(1))
                break
        raise InputError(
            [
                Problem(
                    name,
                    Said(f"{error.token} 不是 JSON 数值，请写出有限的数", "not a JSON number: write a finite number"),
                    line=line,
                    column=column,
                )
            ]
        ) from None
    except _Duplicate as error:
        where = Positions(text).duplicate
        loc, offset = where if where else ((error.args[0],), None)
        line, column = position(text, offset) if offset is not None else (None, None)
        raise InputError(
            [
                Problem(
                    name,
                    Said(f"键 {loc[-1]!r} 重复", "the key is written twice; keep one"),
                    line=line,
                    column=column,
                    field=json_path(loc),
                )
            ]
        ) from None
    except RecursionError:
        raise InputError([Problem(name, Said("JSON 嵌套过深", "nesting too deep"))]) from None
    except ValueError:  # an integer of more digits than Python converts
        raise number_too_long(text, name) from None
    if not isinstance(value, dict):
        raise InputError(
            [
                Problem(
                    name,
                    Said(
                        f"JSON 顶层应为对象 {{…}}，却是{_kind(value)[0]}",
                        f"the top level must be an object {{…}}, not {_kind(value)[1]}",
                    ),
                    line=1,
                    column=1,
                    field="$",
                )
            ]
        )
    return value


def _kind(value: Any) -> tuple[str, str]:
    if isinstance(value, list):
        return "数组", "an array"
    if isinstance(value, str):
        return "文本", "text"
    return "数值或常量", "a number or constant"


class Positions:
    """Where each key and item of a JSON text starts: its pydantic location
    (keys and 0-based indices) → offset. Walked once, and only when a
    problem needs a place; `duplicate` is the first key written twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[tuple[Any, ...], int] = {}
        self.duplicate: tuple[tuple[Any, ...], int] | None = None
        self._decoder = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)
        try:
            self._value(self._skip(0), (), 0)
        except (ValueError, IndexError, RecursionError, _Stop):  # a text that does not parse: what was found stays
            pass

    def _skip(self, at: int) -> int:
        match = _WHITESPACE.match(self.text, at)
        assert match is not None  # the pattern matches the empty text
        return match.end()

    def _value(self, at: int, loc: tuple[Any, ...], depth: int) -> int:
        text = self.text
        if depth > MAX_DEPTH:
            raise _Stop
        if text[at] == "{":
            at = self._skip(at + 1)
            if text[at] == "}":
                return at + 1
            while True:
                start = at
                key, at = scanstring(text, at + 1)
                here = (*loc, key)
                if here in self.offsets:
                    if self.duplicate is None:
                        self.duplicate = (here, start)
                    raise _Stop
                self.offsets[here] = start
                at = self._skip(at)
                at = self._skip(at + 1)  # the colon
                at = self._skip(self._value(at, here, depth + 1))
                if text[at] == "}":
                    return at + 1
                at = self._skip(at + 1)  # the comma
        if text[at] == "[":
            at = self._skip(at + 1)
            if text[at] == "]":
                return at + 1
            index = 0
            while True:
                self.offsets[(*loc, index)] = at
                at = self._skip(self._value(at, (*loc, index), depth + 1))
                if text[at] == "]":
                    return at + 1
                at = self._skip(at + 1)
                index += 1
        return self._decoder.raw_decode(text, at)[1]


class _Stop(Exception):
    pass


def locator(text: str) -> Callable[[tuple[Any, ...]], tuple[int | None, int | None]]:
    """A function from a pydantic location to the (line, column) of its key,
    or of the nearest enclosing key when it is missing."""
    found: list[Positions] = []
    starts: list[int] = []

    def locate(loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
        if not found:
            found.append(Positions(text))
            starts.extend(m.end() for m in re.finditer("\n", text))
        offsets = found[0].offsets
        for end in range(len(loc), 0, -1):
            offset = offsets.get(tuple(loc[:end]))
            if offset is not None:
                line = bisect.bisect_right(starts, offset)
                return line + 1, offset - (starts[line - 1] if line else 0) + 1
        return (1, 1) if text.strip() else (None, None)

    return locate


def facts_from_text(text: str, name: str, clauses: Collection[str] | None = None) -> Facts:
    """The facts of a JSON text; problems carry JSONPaths and lines. With
    `clauses`, an award received under a clause the policy lacks is refused."""
    raw = parse(text, name)
    try:
        facts = Facts.model_validate(raw)
    except ValidationError as error:
        problems = problems_from_validation(error, name, Facts, locator(text))
        locs = [tuple(item["loc"]) for item in error.errors(include_url=False)]
        if len(locs) == len(problems):  # one problem per error: name each by its JSONPath
            problems = [
                dataclasses.replace(p, field=json_path(loc), message=_TOML_WORDS.get(p.message, p.message))
                for p, loc in zip(problems, locs, strict=False)
            ]
        raise InputError(problems) from None
    if clauses is not None:
        locate = locator(text)
        unknown = [
            Problem(
                name,
                unknown_clause_message(clause, clauses),
                *locate(("awards_received", index, "clause")),
                field=json_path(("awards_received", index, "clause")),
                value=clause,
            )
            for index, clause in unknown_clauses(facts, clauses)
        ]
        if unknown:
            raise InputError(unknown)
    return facts


def read_facts(
    path: str | Path,
    *,
    stdin_bytes: bytes | None = None,
    max_bytes: int = MAX_JSON_BYTES,
    clauses: Collection[str] | None = None,
) -> Facts:
    """Read a JSON facts file, or `stdin_bytes` for standard input."""
    name = str(path)
    return facts_from_text(decode(read_bytes(path, stdin_bytes=stdin_bytes, max_bytes=max_bytes), name), name, clauses)
