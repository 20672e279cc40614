"""Library exceptions to problems: the one place.

Everything a library raises while a file is read (zipfile, zlib, XML
parsers, python-calamine, tomllib, pydantic, the operating system) becomes
one `Problem` that says what is wrong and what to do.
"""

from __future__ import annotations

from pydantic import ValidationError

from ..errors import InputError, Problem, problems_from_validation
from ..said import Said

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
        from ..facts import Facts

        return problems_from_validation(error, file, Facts)
    detail = _short(error)
    if isinstance(error, tomllib.TOMLDecodeError):
        import re

        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        return [
            Problem(
                file,
                Said(f"TOML 语法错误：{reason}", f"syntax error: {reason}"),
                line=int(found[1]) if found else None,
                column=int(found[2]) if found else None,
            )
        ]
    if isinstance(error, zipfile.BadZipFile):
        if "CRC" in str(error):
            return [
                Problem(
                    file,
                    Said(
                        f"{_CORRUPT}：压缩包成员校验和（CRC）不符：{detail}",
                        f"a member fails its CRC check: the file is corrupt: {detail}",
                    ),
                )
            ]
        return [
            Problem(
                file,
                Said(
                    f"{_CORRUPT}：压缩包结构错误，可能被截断：{detail}",
                    f"a broken zip archive, perhaps truncated: {detail}",
                ),
            )
        ]
    if isinstance(error, zlib.error):
        return [Problem(file, Said(f"{_CORRUPT}：压缩数据损坏：{detail}", f"corrupt compressed data: {detail}"))]
    if isinstance(error, EOFError):
        return [
            Problem(file, Said(f"{_CORRUPT}：文件意外结束，可能被截断", "unexpected end of file, perhaps truncated"))
        ]
    if _is_xml_error(error):
        return [_xml_problem(file, str(error))]
    if type(error).__module__ == "python_calamine" or type(error).__name__.endswith("CalamineError"):
        return [_calamine_problem(error, file, detail)]
    if isinstance(error, UnicodeError):
        return [
            Problem(
                file,
                Said(f"文本编码错误，请另存为 UTF-8：{detail}", f"not valid UTF-8 text: save it as UTF-8: {detail}"),
            )
        ]
    if isinstance(error, RecursionError):
        return [Problem(file, Said("嵌套过深，无法读取", "nesting too deep to read"))]
    if isinstance(error, MemoryError):
        return [
            Problem(file, Said("内存不足，文件过大或内容异常", "out of memory: the file is too large or malformed"))
        ]
    if isinstance(error, IsADirectoryError):
        return [Problem(file, Said("这是目录，不是文件", "a directory, not a file"))]
    if isinstance(error, FileNotFoundError):
        return [Problem(file, Said("文件不存在", "no such file"))]
    if isinstance(error, PermissionError):
        return [Problem(file, Said("没有读取权限", "permission denied"))]
    if isinstance(error, OSError):
        return [
            Problem(
                file,
                Said(f"无法读取文件：{error.strerror or detail}", f"cannot read the file: {error.strerror or detail}"),
            )
        ]
    return [
        Problem(
            file,
            Said(
                f"读取时出现内部错误，请报告此问题：{type(error).__name__}: {detail}",
                f"internal error while reading; please report it: {type(error).__name__}: {detail}",
            ),
        )
    ]


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
            Said(
                "工作簿的 XML 含有实体或 DTD 声明（可能是恶意构造的文件：实体扩展、外部实体），出于安全拒绝读取",
                "the workbook's XML declares entities or a DTD, as crafted files do: refused for safety",
            ),
        )
    return Problem(
        file,
        Said(
            f"{_CORRUPT}：XML 格式错误：{_short(Exception(text), 120)}",
            f"malformed XML in the workbook: {_short(Exception(text), 120)}",
        ),
    )


def _calamine_problem(error: BaseException, file: str, detail: str) -> Problem:
    name = type(error).__name__
    lowered = str(error).lower()
    if name == "PasswordError" or "password" in lowered or "encrypt" in lowered:
        return Problem(
            file,
            Said(
                "工作簿已加密（设有打开密码），请在 Excel 中去掉密码后另存",
                "the workbook is password-protected: remove the password and save it again",
            ),
        )
    if "declared" in lowered and "size" in lowered:
        return Problem(
            file,
            Said(
                "压缩包成员解压后超过其声明的大小，疑似压缩炸弹，拒绝读取",
                "a member inflates beyond its declared size, as zip bombs do: refused",
            ),
        )
    if name == "XmlError" or "xml" in lowered:
        return _xml_problem(file, str(error))
    if name == "ZipError" or "zip" in lowered or "eocd" in lowered:
        return Problem(
            file,
            Said(
                f"{_CORRUPT}：压缩包结构错误，可能被截断：{detail}",
                f"a broken zip archive, perhaps truncated: {detail}",
            ),
        )
    if "detect" in lowered and "format" in lowered:
        return Problem(
            file,
            Said(
                "无法识别文件格式，应为 .xlsx、.xls 或 .ods 工作簿",
                "not a workbook format jzai reads: expected .xlsx, .xls or .ods",
            ),
        )
    return Problem(file, Said(f"无法读取工作簿：{detail}", f"cannot read the workbook: {detail}"))
