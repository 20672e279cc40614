"""Input problems and how they are told: where, what was found, what was expected.

Every reader raises `InputError` carrying `Problem`s; the CLI prints them as
one block and exits 2. Library exceptions are mapped to problems here and in
the readers, never shown as tracebacks.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError


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

    def where(self, lang: str = "zh") -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”" if lang == "zh" else f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"第{self.row}行" if lang == "zh" else f"row {self.row}")
        if self.line is not None:
            parts.append(f"第{self.line}行" if lang == "zh" else f"line {self.line}")
        if self.column is not None:
            parts.append(f"第{self.column}列" if lang == "zh" else f"column {self.column}")
        if self.header is not None:
            parts.append(f"列“{self.header}”" if lang == "zh" else f"column {self.header!r}")
        if self.field is not None:
            parts.append(self.field)
        return ", ".join(parts) if lang == "en" else "，".join(parts)


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
    return next((name for name, info in model.model_fields.items() if info.title and label_key(info.title) == wanted), None)


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
    "string_pattern_mismatch": ("格式不对，应如 \"8.5\"", "expected a clause id such as \"8.5\""),
    "bool_type": ("应为 是/否", "expected true/false"),
}


def problems_from_validation(error: ValidationError, file: str, model: type[BaseModel], locate=None) -> list[Problem]:
    """Pydantic errors as problems; `locate(loc)` may give (line, column)."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "value_error":
            message = str(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        elif kind == "extra_forbidden":
            owner = _model_at(model, loc)
            options = sorted(owner.model_fields) if owner else []
            labelled = _field_by_label(owner, str(loc[-1])) if owner else None
            close = [labelled] if labelled else difflib.get_close_matches(str(loc[-1]), options, n=1, cutoff=0.5)
            hint = f"；是否想写 {close[0]!r}？(did you mean {close[0]!r}?)" if close else ""
            if labelled:
                hint = f"；“{loc[-1]}”是中文标签，键名应为 {labelled} (that is the Chinese label of the key {labelled!r})"
            allowed = f"；可用的键 (known keys): {', '.join(options)}" if options and not close else ""
            message = f"未知的键 (unknown key) {loc[-1]!r}{hint}{allowed}"
        elif kind in ("too_long", "string_too_long"):
            most = item.get("ctx", {}).get("max_length")
            message = f"文本过长，最多 {most} 个字符 (too long; at most {most} characters)"
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message = f"超出范围 (out of range): {item['msg']}"
        elif kind in _EXPECT:
            zh, en = _EXPECT[kind]
            message = f"{zh} ({en})"
        else:
            message = item["msg"]
        line = column = None
        if locate is not None:
            line, column = locate(loc)
        value = item.get("input") if kind not in ("missing",) else None
        if isinstance(value, (dict, list)):
            value = None
        problems.append(Problem(file=file, message=message, line=line, column=column, field=loc_path(loc), value=value))
    return problems


# --- library exceptions to problems: the one place -----------------------------------

_CORRUPT = "文件已损坏，不是有效的工作簿"


def problems_from_exception(error: BaseException, file: str) -> list[Problem]:
    """What a reader's exception means for the user, as problems about `file`.

    Readers raise `InputError` for what they check themselves; everything a
    library raises (zipfile, zlib, XML parsers, python-calamine, tomllib,
    pydantic, the operating system) is told here, in one message that says
    what is wrong and what to do, never with a traceback and never quoting
    more than a short, sanitised part of the library's own text.
    """
    import tomllib
    import zipfile
    import zlib

    if isinstance(error, InputError):
        return error.problems
    if isinstance(error, ValidationError):
        from .facts import Facts

        return problems_from_validation(error, file, Facts)
    detail = _short(error)
    if isinstance(error, tomllib.TOMLDecodeError):
        import re

        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        return [Problem(file, f"TOML 语法错误 (syntax error): {reason}", line=int(found[1]) if found else None, column=int(found[2]) if found else None)]
    if isinstance(error, zipfile.BadZipFile):
        if "CRC" in str(error):
            return [Problem(file, f"{_CORRUPT}：压缩包成员校验和（CRC）不符 (a member fails its CRC check: the file is corrupt): {detail}")]
        return [Problem(file, f"{_CORRUPT}：压缩包结构错误，可能被截断 (a broken zip archive, perhaps truncated): {detail}")]
    if isinstance(error, zlib.error):
        return [Problem(file, f"{_CORRUPT}：压缩数据损坏 (corrupt compressed data): {detail}")]
    if isinstance(error, EOFError):
        return [Problem(file, f"{_CORRUPT}：文件意外结束，可能被截断 (unexpected end of file, perhaps truncated)")]
    if _is_xml_error(error):
        return [_xml_problem(file, str(error))]
    if type(error).__module__ == "python_calamine" or type(error).__name__.endswith("CalamineError"):
        return [_calamine_problem(error, file, detail)]
    if isinstance(error, UnicodeError):
        return [Problem(file, f"文本编码错误，请另存为 UTF-8 (not valid UTF-8 text: save it as UTF-8): {detail}")]
    if isinstance(error, RecursionError):
        return [Problem(file, "嵌套过深，无法读取 (nesting too deep to read)")]
    if isinstance(error, MemoryError):
        return [Problem(file, "内存不足，文件过大或内容异常 (out of memory: the file is too large or malformed)")]
    if isinstance(error, IsADirectoryError):
        return [Problem(file, "这是目录，不是文件 (a directory, not a file)")]
    if isinstance(error, FileNotFoundError):
        return [Problem(file, "文件不存在 (no such file)")]
    if isinstance(error, PermissionError):
        return [Problem(file, "没有读取权限 (permission denied)")]
    if isinstance(error, OSError):
        return [Problem(file, f"无法读取文件 (cannot read the file): {error.strerror or detail}")]
    return [Problem(file, f"读取时出现内部错误，请报告此问题 (internal error while reading; please report it): {type(error).__name__}: {detail}")]


def _short(error: BaseException, most: int = 160) -> str:
    """A library's message, one line, short: it must not carry the content of files."""
    text = " ".join(str(error).split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _is_xml_error(error: BaseException) -> bool:
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import ExpatError

    if isinstance(error, (ParseError, ExpatError)):
        return True
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is optional
        return False
    return isinstance(error, DefusedXmlException)


def _xml_problem(file: str, text: str) -> Problem:
    lowered = text.lower()
    if "entit" in lowered or "dtd" in lowered or "doctype" in lowered:
        return Problem(
            file,
            "工作簿的 XML 含有实体或 DTD 声明（可能是恶意构造的文件：实体扩展、外部实体），出于安全拒绝读取 "
            "(the workbook's XML declares entities or a DTD, as crafted files do: refused for safety)",
        )
    return Problem(file, f"{_CORRUPT}：XML 格式错误 (malformed XML in the workbook): {_short(Exception(text), 120)}")


def _calamine_problem(error: BaseException, file: str, detail: str) -> Problem:
    name = type(error).__name__
    lowered = str(error).lower()
    if name == "PasswordError" or "password" in lowered or "encrypt" in lowered:
        return Problem(file, "工作簿已加密（设有打开密码），请在 Excel 中去掉密码后另存 (the workbook is password-protected: remove the password and save it again)")
    if "declared" in lowered and "size" in lowered:
        return Problem(file, "压缩包成员解压后超过其声明的大小，疑似压缩炸弹，拒绝读取 (a member inflates beyond its declared size, as zip bombs do: refused)")
    if name == "XmlError" or "xml" in lowered:
        return _xml_problem(file, str(error))
    if name == "ZipError" or "zip" in lowered or "eocd" in lowered:
        return Problem(file, f"{_CORRUPT}：压缩包结构错误，可能被截断 (a broken zip archive, perhaps truncated): {detail}")
    if "detect" in lowered and "format" in lowered:
        return Problem(file, "无法识别文件格式，应为 .xlsx、.xls 或 .ods 工作簿 (not a workbook format jzai reads: expected .xlsx, .xls or .ods)")
    return Problem(file, f"无法读取工作簿 (cannot read the workbook): {detail}")
