"""TOML facts files to `Facts`: encoding, syntax and validation problems with
their line and column."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem, problems_from_validation
from ..facts import Facts
from ..said import Said

MAX_TOML_BYTES = 5 * 1024 * 1024

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]|^\[\s*([A-Za-z0-9_.\-]+)\s*\]")
_KEY = re.compile(r"""^(?:([A-Za-z0-9_\-]+)|"([^"]+)"|'([^']+)')\s*=""")
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4300,}")  # past what int() converts (sys.get_int_max_str_digits)


def _utf16_without_bom(data: bytes) -> bool:
    """Text saved as UTF-16 without a BOM: NUL in most bytes of one parity."""
    if len(data) % 2:
        return False
    return any(half.count(0) * 2 > len(half) for half in (data[0::2], data[1::2]))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is accepted); GBK, UTF-16 and NUL bytes are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            [Problem(name, Said("文件是 UTF-16 编码，请另存为 UTF-8", "the file is UTF-16; save it as UTF-8"))]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        if _utf16_without_bom(data):
            raise InputError(
                [Problem(name, Said("文件是 UTF-16 编码，请另存为 UTF-8", "the file is UTF-16; save it as UTF-8"))]
            )
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    name,
                    Said("文件含有 NUL 字节，不是文本文件", "the file contains a NUL byte: not a text file"),
                    line=line,
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            data.decode("gbk")
            hint = Said("文件似乎是 GBK 编码，请另存为 UTF-8", "the file looks like GBK; save it as UTF-8")
        except UnicodeDecodeError:
            hint = Said("文件不是 UTF-8 文本，请另存为 UTF-8", "the file is not UTF-8 text; save it as UTF-8")
        raise InputError([Problem(name, hint, line=line)]) from None


def parse(text: str, name: str) -> dict[str, Any]:
    """TOML to a dict; numbers with a fraction become `Decimal`, never float."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _AT.search(message)
        line = int(found[1]) if found else None
        column = int(found[2]) if found else None
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message).strip()
        zh = next((zh for start, zh in _REASONS if reason.startswith(start)), "写法不对")
        en = reason
        if line is not None:
            lines = text.splitlines()
            source = lines[line - 1] if line <= len(lines) else ""
            fix = syntax_fix(source)
            if fix is not None:
                mistake_zh, mistake_en, fixed = fix
                zh, en = f"{mistake_zh}，应写作 {fixed}", f"{mistake_en}; write {fixed}"
        raise InputError(
            [Problem(name, Said(f"TOML 语法有误：{zh}", f"syntax error: {en}"), line=line, column=column)]
        ) from None
    except RecursionError:
        raise InputError([Problem(name, Said("TOML 嵌套过深", "nesting too deep"))]) from None
    except ValueError:  # an integer of more digits than Python converts
        raise number_too_long(text, name) from None


def number_too_long(text: str, name: str) -> InputError:
    """A number of more digits than Python converts (4,300), with its place."""
    found = _LONG_NUMBER.search(text)
    line, column = position(text, found.start()) if found else (None, None)
    return InputError([Problem(name, Said("数字过长", "a number with too many digits"), line=line, column=column)])


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of an offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


# tomllib's reasons, in Chinese (the English stays beside them).
_REASONS = (
    ("Expected newline or end of document after a statement", "一行只能写一个“键 = 值”，值之后不能再有内容"),
    ("Invalid value", "值的写法不对"),
    ("Invalid statement", "无法识别的语句"),
    ("Expected '=' after a key", "键之后应有“=”"),
    ("Unterminated string", "字符串缺少结尾的引号"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表写了两次"),
    ("Invalid date or datetime", "日期不存在或写法不对"),
    ("Invalid initial character for a key part", "键的写法不对"),
    ("Illegal character", "含有不允许的字符"),
    ("Unclosed array", "列表缺少结尾的“]”"),
    ("Unclosed inline table", "表缺少结尾的“}”"),
)
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_BARE_DATE = re.compile(r"^(\d{4})\s*[./年]\s*(\d{1,2})\s*[./月]\s*(\d{1,2})\s*日?$")
_BARE_YEAR = re.compile(r"^(\d{4})\s*年(?:度)?$")
_BARE_NUMBER_TEXT = re.compile(r"^[\d,，.]+\s*(?:[千万亿]|百万|千万|十万)?元?$")


def syntax_fix(source: str) -> tuple[str, str, str] | None:
    """What a person most likely meant by a TOML line that does not parse:
    (the mistake in Chinese, in English, the line as it should be), or None.

    The mistakes are those of a facts file written by hand in a Chinese
    editor: a full-width ＝, curly quotes, a date or an amount with a unit
    left unquoted, a Chinese word left unquoted, a Chinese key unquoted.
    """
    stripped = source.strip()
    if "=" not in stripped and "＝" in stripped:
        key, _, value = stripped.partition("＝")
        return "全角等号“＝”应为半角“=”", "a full-width ＝ must be a plain =", f"{key.strip()} = {value.strip()}"
    key, sep, value = stripped.partition("=")
    if not sep:
        return None
    key, value = key.strip(), value.split("#", 1)[0].strip()
    if key and not key.isascii() and not key.startswith(('"', "'")):
        from ..facts import field_for_label

        known = field_for_label(key)
        if known is not None:
            return (
                f"键“{key}”是中文标签，键名应为 {known}",
                f"{key!r} is the Chinese label of the key {known}",
                f"{known} = {value}",
            )
        return "中文键名须加引号", "a non-ASCII key must be quoted", f'"{key}" = {value}'
    if any(ch in value for ch in "“”‘’「」"):
        return "引号应为英文半角引号", "quotes must be plain straight quotes", f"{key} = {value.translate(_CURLY)}"
    if value.startswith(('"', "'", "[", "{")):
        return None
    date = _BARE_DATE.match(value)
    if date:
        return (
            "日期写法不对",
            "a date is written year-month-day",
            f"{key} = {int(date[1]):04d}-{int(date[2]):02d}-{int(date[3]):02d}",
        )
    year = _BARE_YEAR.match(value)
    if year:
        return "年度只写数字", "a year is a bare number", f"{key} = {year[1]}"
    if _BARE_NUMBER_TEXT.match(value) and not re.fullmatch(r"\d+(\.\d+)?", value):
        return (
            "带单位或千分位的金额须加引号",
            "an amount with a unit or separators must be quoted",
            f'{key} = "{value}"',
        )
    if value and not value.isascii():
        return "中文的值须加引号", "a Chinese value must be quoted", f'{key} = "{value}"'
    return None


def locator(text: str):
    """A function from a pydantic location to the (line, column) of its key."""
    lines = text.splitlines()

    def locate(loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
        keys = [p for p in loc if isinstance(p, str)]
        if not keys:
            return None, None
        table: tuple[Any, ...] = tuple(loc[:-1]) if isinstance(loc[-1], str) else tuple(loc)
        key = loc[-1] if isinstance(loc[-1], str) else None
        counts: dict[str, int] = {}
        current: tuple[Any, ...] = ()
        table_line = None
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            header = _HEADER.match(line)
            if header:
                if header[1]:
                    name = header[1]
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    current = (*name.split("."), index)
                else:
                    current = tuple(header[2].split("."))
                if current == table:
                    table_line = number
                continue
            found = _KEY.match(line)
            if found and current == table and (found[1] or found[2] or found[3]) == key:
                return number, raw.index(line) + 1
        return table_line, None

    return locate


def _too_large(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        [
            Problem(
                name,
                Said(
                    f"文件过大：{size:,} 字节，上限 {max_bytes:,} 字节，可用 --max-file-mb 调高",
                    f"file too large: {size:,} bytes, limit {max_bytes:,}; raise it with --max-file-mb",
                ),
            )
        ]
    )


def read_bytes(path: str | Path, *, stdin_bytes: bytes | None = None, max_bytes: int = MAX_TOML_BYTES) -> bytes:
    """The bytes of a facts file, or `stdin_bytes` for standard input, within `max_bytes`."""
    name = str(path)
    if stdin_bytes is not None:
        if len(stdin_bytes) > max_bytes:
            raise _too_large(name, len(stdin_bytes), max_bytes)
        return stdin_bytes
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        return file.read_bytes()
    except IsADirectoryError:
        raise InputError([Problem(name, Said("这是目录，不是文件", "a directory, not a file"))]) from None
    except FileNotFoundError:
        raise InputError([Problem(name, Said("文件不存在", "no such file"))]) from None
    except OSError as error:
        raise InputError(
            [Problem(name, Said(f"无法读取文件：{error.strerror}", f"cannot read the file: {error.strerror}"))]
        ) from None


def read_facts(
    path: str | Path,
    *,
    stdin_bytes: bytes | None = None,
    max_bytes: int = MAX_TOML_BYTES,
    clauses: Collection[str] | None = None,
) -> Facts:
    """Read a TOML facts file, or `stdin_bytes` for standard input; with
    `clauses` (the policy's clause ids) an award received under another
    clause is refused."""
    name = str(path)
    return facts_from_text(decode(read_bytes(path, stdin_bytes=stdin_bytes, max_bytes=max_bytes), name), name, clauses)


def facts_from_text(text: str, name: str, clauses: Collection[str] | None = None) -> Facts:
    """The facts of a TOML text."""
    return facts_from_dict(parse(text, name), name, locator(text), clauses)


def facts_from_dict(raw: dict[str, Any], name: str, locate=None, clauses: Collection[str] | None = None) -> Facts:
    try:
        facts = Facts.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_from_validation(error, name, Facts, locate)) from None
    if clauses is not None:
        problems = []
        for index, clause in unknown_clauses(facts, clauses):
            line, column = locate(("awards_received", index, "clause")) if locate else (None, None)
            problems.append(
                Problem(
                    name,
                    unknown_clause_message(clause, clauses),
                    line=line,
                    column=column,
                    field=f"awards_received[{index + 1}].clause",
                    value=clause,
                )
            )
        if problems:
            raise InputError(problems)
    return facts


def unknown_clauses(facts: Facts, clauses: Collection[str]) -> list[tuple[int, str]]:
    """(index from 0, clause id) of each award received under a clause the policy does not have."""
    return [
        (index, record.clause) for index, record in enumerate(facts.awards_received) if record.clause not in clauses
    ]


def unknown_clause_message(clause: str, clauses: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(clause, sorted(clauses), n=1, cutoff=0.6)
    return Said(
        f"条款“{clause}”不是本政策的条款，无法对应已获奖励" + (f"；是否想写“{close[0]}”？" if close else ""),
        f'"{clause}" is not a clause of this policy: the award received cannot be matched'
        + (f"; did you mean {close[0]!r}?" if close else ""),
    )
