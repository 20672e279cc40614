"""Workbooks of applicants (.xlsx, .xls, .ods) to `Facts`: no rules here.

The columns are not a second schema: they are the fields of `facts.Facts`
with their Chinese `title` as the header (the English field name is accepted
too). The main sheet 申请人信息 holds one applicant per row (the applicant,
the assessment year and the data trading of 第八条); every list of `Facts`
has a sheet named by its title, one item per row, linked to the applicant by
统一社会信用代码. Sheets are found by name; hidden sheets are ignored and
reported.

Cells are normalised before validation: whole floats become `int`, other
floats `Decimal(repr(x))`, so money never passes through float arithmetic; a
money column headed （万元） is multiplied by 10,000; numbers in a date column
are Excel serials of the workbook's date system (1900 or 1904).

python-calamine aborts the process (it cannot be caught) when a sheet's
extent is huge, so the archive and the cell references of .xlsx sheets are
checked before calamine sees the file; calamine itself does not trust the
declared dimensions. Not checked: the extent of .ods (repeated cells) and of
.xls sheets, which are only bounded by the file size.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem, problems_from_exception, problems_from_validation
from ..facts import Applicant, DataTrading, Facts
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import MB, Limits, exceeded
from ..money import WAN, YI, AmountError, normalise_text, parse_amount
from ..vocab import Choice

# --- limits checked before the reader sees the file: see limits.py ----------------

RATIO_FLOOR = 1024 * 1024  # members smaller than this are not held to the ratio limit
HEADER_SCAN_ROWS = 10

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

# --- the columns, derived from the facts model --------------------------------

MAIN_SHEET = "申请人信息"
MAIN_SHEET_NAMES = ("申请人信息", "申请人", "applicants", "applicant")
INSTRUCTION_SHEET_NAMES = ("说明", "填表说明", "填写说明", "instructions", "readme")
LINK_TITLE = "统一社会信用代码"
LINK_NAME = "applicant_credit_code"
TOTAL_WORDS = {"合计", "总计", "小计", "共计", "total", "totals", "sum", "grandtotal"}
LIST_SEPARATORS = re.compile(r"[、,，;；/|\n]+")
NONE_WORDS = {"无", "none", "-", "—"}


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
        return tuple(dict.fromkeys((sheet_key(self.title), sheet_key(self.name), sheet_key(self.name.replace("_", " ")))))


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The bare type of an annotation and whether it is a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType")):
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
        out.append(Column(section, name, info.title or name, info.description or "", kind, info.is_required(), choices))
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
    link = Column("", LINK_NAME, LINK_TITLE, "The applicant's unified social credit code (links the row to 申请人信息).", "link", True)
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


# --- cells to values ------------------------------------------------------------

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


# --- what the reader returns ---------------------------------------------------


@dataclass(slots=True)
class Located:
    """Where a value came from: sheet, row as Excel shows it, header as written."""

    sheet: str
    row: int
    headers: dict[str, str]  # field name → the header as written in the file


@dataclass
class ApplicantRow:
    """One applicant row of the main sheet, with its detail rows attached."""

    row: int
    data: dict[str, Any]
    where: Located
    name: str = ""
    code_text: str = ""
    code_key: str | None = None
    details: dict[str, list[tuple[Located, dict[str, Any]]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Workbook:
    """The applicant rows in input order, and the problems not tied to one applicant."""

    file: str
    applicants: list[ApplicantRow]
    notices: list[Problem]  # sheet-level problems and rows that belong to no applicant
    sheets_read: list[str]
    count: int = 0  # applicant rows (with `stream`: rows below the header, an upper bound)


# --- the reader ------------------------------------------------------------------


_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, and any encrypted Office file


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: zip, cfb, html, xml2003 or other."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_CFB):
        return "cfb"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<") and (b"<html" in text or b"<table" in text or b"<!doctype html" in text):
        return "html"
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml2003"
    return "other"


def check_archive(path: Path, name: str, limits: Limits = DEFAULT_LIMITS, notices: list[Problem] | None = None) -> bool:
    """Refuse what would make the reader abort; return the 1904 date system flag.
    Cells holding a formula error are added to `notices` (the reader gives
    them as blank, so a row would otherwise only say a value is missing).

    The entry count is read from the end-of-directory record before zipfile
    parses the directory; sizes and ratios are those the directory declares
    (a member that inflates beyond its declared size fails its read in
    zipfile and in calamine alike).
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(problems_from_exception(error, name)) from None
    if size > limits.file_mb * MB:
        raise InputError([Problem(name, exceeded(limits, "file_mb", f"{size / MB:,.1f} MB"))])
    with path.open("rb") as handle:
        end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]  # what is_zipfile uses
    if end is None:
        with path.open("rb") as handle:
            head = handle.read(4)
        if head.startswith(b"PK"):
            raise InputError([Problem(name, "文件不完整，压缩包目录缺失，可能在下载或复制时被截断 (the zip directory is missing: the file is truncated)")])
        return False
    entries = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]
    if entries > limits.entries:
        raise InputError([Problem(name, exceeded(limits, "entries", f"{entries:,}"))])
    archive = zipfile.ZipFile(path)  # errors are told by read_workbook
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise InputError([Problem(name, exceeded(limits, "ratio", f"{ratio:,.0f}", info.filename, "，疑似压缩炸弹 (a zip bomb?)"))])
        if total > limits.unpacked_mb * MB:
            raise InputError([Problem(name, exceeded(limits, "unpacked_mb", f"{total / MB:,.0f} MB"))])
        date1904 = False
        if "xl/workbook.xml" in archive.namelist():
            head = archive.read("xl/workbook.xml")
            date1904 = re.search(rb'date1904="(1|true)"', head) is not None
        sheet_names = _sheet_names(archive)
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                errors: list[tuple[str, str]] = []
                rows, cols = _sheet_extent(archive, info, errors)
                if notices is not None:
                    sheet = sheet_names.get(info.filename, info.filename)
                    for cell, value in errors:
                        row = int(re.sub(r"[A-Z]", "", cell))
                        notices.append(Problem(name, f"单元格 {cell} 是公式错误值 {value}，按空白读取 (cell {cell} holds the formula error {value}: read as blank)", sheet=sheet, row=row))
                for limit, value in (("cells", rows * cols), ("rows", rows), ("columns", cols)):
                    if value > getattr(limits, limit):
                        raise InputError([Problem(name, exceeded(
                            limits, limit, f"{value:,}", info.filename, f"，范围 {rows:,} 行 × {cols:,} 列，可能有远处的零散单元格 (a stray far-away cell?)",
                        ))])
        return date1904


MAX_ERROR_CELLS = 1000  # per sheet; more are not listed one by one
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]{1,16})</v>')


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member → sheet name, from xl/workbook.xml and its relationships."""
    import html

    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {rid.decode(): target.decode() for rid, target in re.findall(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels)}
    targets.update({rid.decode(): target.decode() for target, rid in re.findall(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)})
    names = {}
    for sheet_name, rid in re.findall(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"', book):
        target = targets.get(rid.decode(), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[member] = html.unescape(sheet_name.decode("utf-8", "replace"))
    return names


_LETTERS_DIGITS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)


def _sheet_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo, errors: list[tuple[str, str]] | None = None) -> tuple[int, int]:
    """The rows and columns a reader would allocate for a sheet, from every cell reference.

    `errors` collects (cell, value) of cells holding a formula error
    (#DIV/0!, #REF!, …), which the reader returns as blank.

    The longest references are found on a translated copy (letters → A,
    digits → 0) so that only they are parsed; equal-length digit strings
    compare as bytes.
    """
    best_row = b""
    best_col = b"A"
    tail = b""
    with archive.open(info) as stream:
        while True:
            block = stream.read(1 << 22)
            chunk = tail + block
            if not block:
                if not chunk:
                    break
            else:
                cut = chunk.rfind(b">") + 1
                chunk, tail = chunk[:cut], chunk[cut:]
            if errors is not None and b't="e"' in chunk and len(errors) < MAX_ERROR_CELLS:
                for cell, value in _ERROR_CELL.findall(chunk)[: MAX_ERROR_CELLS - len(errors)]:
                    errors.append((cell.decode(), value.decode("utf-8", "replace")))
            shape = chunk.translate(_LETTERS_DIGITS)
            for width in (3, 2, 1):
                if shape.find(b'<c r="' + b"A" * width + b"0") >= 0:
                    found = max(re.findall(rb'<c r="([A-Z]{%d})\d' % width, chunk))
                    if (len(found), found) > (len(best_col), best_col):
                        best_col = found
                    break
            for digits in range(7, 0, -1):
                if shape.find(b'A' + b"0" * digits + b'"') >= 0 or shape.find(b'r="' + b"0" * digits + b'"') >= 0:
                    refs = re.findall(rb'<c r="[A-Z]{1,3}(\d{%d})"' % digits, chunk)
                    refs += re.findall(rb'<row r="(\d{%d})"' % digits, chunk)
                    if refs:
                        found = max(refs)
                        if (len(found), found) > (len(best_row), best_row):
                            best_row = found
                        break
            if not block:
                break
    column = 0
    for letter in best_col.decode():
        column = column * 26 + ord(letter) - 64
    return int(best_row or b"0"), column


def read_workbook(path: str | Path, limits: Limits | None = None, stream: bool = False) -> Workbook:
    """Every applicant row of a workbook, with detail rows attached; raises
    `InputError` only when the workbook as a whole cannot be read (every
    library exception is told by `problems_from_exception`).

    With `stream`, `applicants` is an iterator that builds each row as it is
    taken (and `count` the rows below the main sheet's header, blank ones
    included); `notices` is complete once it is exhausted."""
    try:
        return _read_workbook(path, limits or DEFAULT_LIMITS, stream)
    except InputError:
        raise
    except Exception as error:  # zipfile, zlib, calamine (also lazily, sheet by sheet), OSError
        raise InputError(problems_from_exception(error, str(path))) from None


def _open(file: Path, name: str, limits: Limits, notices: list[Problem]):
    """The calamine workbook, once the file's size, kind and extent are checked."""
    import python_calamine

    suffix = file.suffix.lower()
    size = file.stat().st_size
    if size == 0:
        raise InputError([Problem(name, "文件为空（0 字节） (the file is empty)")])
    if size > limits.file_mb * MB:
        raise InputError([Problem(name, exceeded(limits, "file_mb", f"{size / MB:,.1f} MB"))])
    with file.open("rb") as handle:
        kind = sniff(handle.read(4096))
    if kind == "html":
        raise InputError([Problem(name, "这是网页（HTML）文件，只是扩展名为工作簿；请在 Excel 中打开后另存为 .xlsx (an HTML page with a workbook's name: open it in Excel and save it as .xlsx)")])
    if kind == "xml2003":
        raise InputError([Problem(name, "这是 Excel 2003 XML 表格，请在 Excel 中另存为 .xlsx (an Excel 2003 XML spreadsheet: save it as .xlsx)")])
    expected = "cfb" if suffix == ".xls" else "zip"
    date1904 = check_archive(file, name, limits, notices) if kind == "zip" else False
    if kind == expected:
        return python_calamine.CalamineWorkbook.from_path(str(file)), date1904
    if kind == "cfb" and _encrypted(file):
        raise InputError([Problem(name, "工作簿已加密（设有打开密码），请在 Excel 中去掉密码后另存 (the workbook is password-protected: remove the password and save it again)")])
    if kind in ("zip", "cfb") and suffix != ".ods":
        with file.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)  # by content; an encrypted file raises here
        real = ".xls" if kind == "cfb" else ".xlsx"
        notices.append(Problem(name, f"文件实为 {real} 格式，扩展名却是 {suffix}，已按 {real} 读取 (the file is really {real}: read as such)"))
        return book, date1904
    raise InputError([Problem(name, f"不是有效的 {suffix} 工作簿：文件内容不是 Excel 或 ODS 格式，可能已损坏或被截断，或是改了扩展名的其他文件 (not a workbook: corrupt, truncated, or another kind of file renamed)")])


def _encrypted(file: Path) -> bool:
    """An OLE file holding an EncryptionInfo stream: an Office file with a password to open."""
    needle = "EncryptionInfo".encode("utf-16-le")
    tail = b""
    with file.open("rb") as handle:
        while block := handle.read(1 << 20):
            if needle in tail + block:
                return True
            tail = block[-len(needle):]
    return False


def _read_workbook(path: str | Path, limits: Limits, stream: bool = False) -> Workbook:
    file = Path(path)
    name = str(path)
    if file.suffix.lower() not in EXTENSIONS:
        hint = "；一个申请人的 TOML 事实文件请用 jzai check (for one applicant's TOML facts use jzai check)" if file.suffix.lower() == ".toml" else ""
        raise InputError([Problem(name, f"不支持的文件类型 {file.suffix!r}，应为 .xlsx、.xls 或 .ods (expected .xlsx, .xls or .ods){hint}")])
    if not file.is_file():
        raise InputError([Problem(name, "这是目录，不是文件 (a directory, not a file)" if file.is_dir() else "文件不存在 (no such file)")])
    notices: list[Problem] = []
    book, date1904 = _open(file, name, limits, notices)
    import python_calamine

    found: dict[str, str] = {}  # spec name → sheet name in the file
    wanted = {key: spec for spec in SHEETS for key in spec.keys}
    for key in MAIN_SHEET_NAMES:
        wanted.setdefault(sheet_key(key), MAIN)
    for meta in book.sheets_metadata:
        key = sheet_key(meta.name)
        visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
        if not visible:
            notices.append(Problem(name, "隐藏的工作表，已忽略 (hidden sheet: ignored)", sheet=meta.name))
            continue
        spec = wanted.get(key)
        if spec is None:
            if key not in {sheet_key(k) for k in INSTRUCTION_SHEET_NAMES}:
                notices.append(Problem(name, "未识别的工作表，已忽略 (unknown sheet: ignored)", sheet=meta.name))
            continue
        if spec.name in found:
            notices.append(Problem(name, f"与工作表“{found[spec.name]}”重复，已忽略 (duplicate of sheet {found[spec.name]!r}: ignored)", sheet=meta.name))
            continue
        found[spec.name] = meta.name
    if MAIN.name not in found:
        names = "、".join(book.sheet_names)
        raise InputError([Problem(name, f"找不到工作表“{MAIN_SHEET}” (no sheet named {MAIN_SHEET} or applicants); 现有 (found): {names}")] + notices)

    # The credit codes of the main sheet first (duplicates are known before any
    # row is handed out), then the detail sheets grouped by credit code; the
    # main sheet's rows then take them one at a time, so a batch never holds
    # every applicant row at once.
    main_sheet = book.get_sheet_by_name(found[MAIN.name])
    first_row: dict[str, int] = {}  # credit code → its row in the main sheet
    shared: dict[str, list[int]] = {}  # credit code → rows, when more than one row has it
    count = 0
    for number, raw_code in _rows(book, found[MAIN.name], MAIN, name, date1904, [], sheet=main_sheet, keys_only=True):
        count += 1
        key = link_key(raw_code)
        if key is None:
            continue
        if key in first_row:
            shared.setdefault(key, [first_row[key]]).append(number)
        else:
            first_row[key] = number

    details: dict[str, dict[str, list[tuple[int, list[Any]]]]] = {}  # code → sheet → (row, cells)
    converters: dict[str, Callable[[int, list[Any]], tuple[Located, dict[str, Any]]]] = {}
    orphans: list[Problem] = []  # detail rows whose credit code has no applicant
    for spec in DETAILS:
        if spec.name not in found:
            continue
        sheet_name = found[spec.name]
        for where, (convert, cells), raw_link in _rows(book, sheet_name, spec, name, date1904, notices, lazy=True):
            key = link_key(raw_link)
            if key is None:
                message = (
                    "统一社会信用代码被存成了数字，数字已丢失，无法对应申请人 (the credit code was stored as a number and its digits were lost: matches no applicant)"
                    if isinstance(raw_link, (int, float, Decimal)) else
                    "缺少统一社会信用代码，无法对应申请人 (no credit code: the row matches no applicant)"
                )
                notices.append(Problem(name, message, sheet=where.sheet, row=where.row, header=where.headers.get(LINK_NAME, LINK_TITLE), value=raw_link))
                continue
            if key not in first_row:
                orphans.append(Problem(
                    name, "统一社会信用代码在“申请人信息”中找不到，此行未计入 (no applicant has this credit code: the row is not counted)",
                    sheet=where.sheet, row=where.row, header=where.headers.get(LINK_NAME, LINK_TITLE), value=raw_link,
                ))
            elif key not in shared:  # held as read; converted when its applicant is taken
                converters[spec.name] = convert
                details.setdefault(key, {}).setdefault(spec.name, []).append((where.row, cells))

    def applicants() -> Iterator[ApplicantRow]:
        try:
            yield from take()
        except InputError:
            raise
        except Exception as error:  # as read_workbook tells them, also when the rows are taken one by one
            raise InputError(problems_from_exception(error, name)) from None

    def take() -> Iterator[ApplicantRow]:
        for where, data, _ in _rows(book, found[MAIN.name], MAIN, name, date1904, notices, sheet=main_sheet):
            applicant = data.get("applicant", {})
            raw_code = applicant.get("credit_code")
            row = ApplicantRow(row=where.row, data=data, where=where)
            row.name = str(applicant.get("name", ""))
            row.code_text = "" if raw_code is None else str(raw_code)
            row.code_key = link_key(raw_code)
            if row.code_key:
                rows = shared.get(row.code_key)
                if rows:
                    others = "、".join(str(r) for r in rows)
                    row.problems.append(Problem(
                        name, f"统一社会信用代码重复（第{others}行），无法判断明细属于哪一行 (duplicate applicant: rows {others} share the credit code)",
                        sheet=row.where.sheet, row=row.row, header=row.where.headers.get("credit_code"), value=row.code_text,
                    ))
                else:
                    held = details.pop(row.code_key, {})
                    row.details = {sheet: [converters[sheet](n, cells) for n, cells in items] for sheet, items in held.items()}
            yield row
        notices.extend(orphans)

    if stream:
        return Workbook(name, applicants(), notices, list(found.values()), count)
    rows = list(applicants())
    return Workbook(name, rows, notices, list(found.values()), len(rows))


def _match_headers(cells: list[Any], spec: SheetSpec, file: str, sheet: str, row: int, notices: list[Problem]):
    """Columns of the header row: index → (column, unit scale, header as written)."""
    lookup = {key: column for column in spec.columns for key in column.header_keys}
    matched: dict[int, tuple[Column, Decimal | None, str]] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        written = str(cell).strip()
        key, unit = header_key(cell)
        column = lookup.get(key)
        if column is None and unit:
            column = lookup.get(header_key(f"{key}({unit})")[0])  # a bracket that is part of the title
        if column is None:
            if spec is not MAIN and key in (header_key("申请人名称")[0], "name", "applicantname"):
                continue  # a name beside the credit code, for the reader's eyes
            from difflib import get_close_matches

            close = get_close_matches(key, list(lookup), n=1, cutoff=0.6)
            hint = f"；是否想写“{lookup[close[0]].title}”？(did you mean {lookup[close[0]].title!r}?)" if close else ""
            notices.append(Problem(file, f"未知的列，已忽略 (unknown column: ignored){hint}", sheet=sheet, row=row, header=written))
            continue
        if column.name in seen:
            notices.append(Problem(file, f"列重复（与“{seen[column.name]}”），已忽略 (duplicate column: ignored)", sheet=sheet, row=row, header=written))
            continue
        seen[column.name] = written
        scale = None
        if column.kind == "money":
            scale = WAN if "万" in unit else YI if "亿" in unit else None
        matched[index] = (column, scale, written)
    return matched


def _is_header(cells: list[Any], spec: SheetSpec) -> int:
    keys = {key for column in spec.columns for key in column.header_keys}
    return sum(1 for cell in cells if isinstance(cell, str) and header_key(cell)[0] in keys)


def _rows(
    book, sheet_name: str, spec: SheetSpec, file: str, date1904: bool, notices: list[Problem], sheet=None, keys_only: bool = False, lazy: bool = False,
) -> Iterator[tuple[Located, dict[str, Any], Any]]:
    """The data rows of one sheet as nested dicts; blank rows and total rows are skipped.

    `keys_only`: (row number, credit code cell as read) of every row below the header instead.
    `lazy`: the rows are not converted yet: (convert, cells) in place of the dict, and
    `convert(number, cells)` gives (Located, dict) when the row is needed."""
    if sheet is None:
        sheet = book.get_sheet_by_name(sheet_name)
    first_row = sheet.start[0] if sheet.start else 0
    rows = sheet.iter_rows()
    header_row = None
    for offset, cells in enumerate(rows):
        if offset >= HEADER_SCAN_ROWS:
            break
        if _is_header(cells, spec) >= 2 or (len(spec.columns) <= 3 and _is_header(cells, spec) >= 1):
            header_row = first_row + offset + 1
            break
    if header_row is None:
        notices.append(Problem(file, f"前{HEADER_SCAN_ROWS}行中找不到表头，整张表未读取 (no header row found in the first {HEADER_SCAN_ROWS} rows: sheet not read)", sheet=sheet_name))
        return
    matched = _match_headers(cells, spec, file, sheet_name, header_row, notices)
    headers = {column.name: written for column, _, written in matched.values()}
    missing = [c for c in spec.columns if c.required and c.name not in headers]
    for column in missing:
        notices.append(Problem(file, f"缺少必填列“{column.title}” (required column {column.title!r} / {column.name} is missing)", sheet=sheet_name, row=header_row))
    plan = [(index, column, scale) for index, (column, scale, _) in matched.items()]
    sections = {column.section for _, column, _ in plan}
    link_index = next((index for index, column, _ in plan if column.kind == "link"), None)
    key_index = link_index if link_index is not None else next((index for index, column, _ in plan if column.kind == "code"), None)
    if keys_only:
        key_column = next((column for index, column, _ in plan if index == key_index), None)
        for number, cells in enumerate(rows, start=header_row + 1):
            raw = cells[key_index] if key_column is not None and key_index < len(cells) else None
            value = None if raw == "" or raw is None else cell_value(raw, key_column, None, date1904)
            yield number, (None if value is _MISSING else value)  # type: ignore[misc]
        return
    shared: dict[tuple[type, Any], Any] = {}  # one object per repeated choice, flag or date

    def convert(number: int, cells: list[Any]) -> tuple[Located, dict[str, Any]]:
        return Located(sheet_name, number, headers), _row_data(cells, plan, sections, date1904, shared)[0]

    for number, cells in enumerate(rows, start=header_row + 1):
        if lazy:
            data, filled = None, _filled(cells, plan)
        else:
            data, filled = _row_data(cells, plan, sections, date1904, shared)
        keyless = key_index is None or key_index >= len(cells) or cells[key_index] in ("", None)
        if keyless and any(_is_total(c) for c in cells):
            notices.append(Problem(file, "合计行，已跳过 (a total row: skipped)", sheet=sheet_name, row=number))
            continue
        if not filled:
            if any(c not in ("", None) for c in cells):
                notices.append(Problem(file, "此行只有未知列的内容，已跳过 (the row has values only in unknown columns: skipped)", sheet=sheet_name, row=number))
            continue
        raw_link = cells[link_index] if link_index is not None and link_index < len(cells) else None
        if lazy:
            yield Located(sheet_name, number, headers), (convert, cells), raw_link
        else:
            yield Located(sheet_name, number, headers), data, raw_link


def _row_data(cells: list[Any], plan, sections, date1904: bool, shared: dict) -> tuple[dict[str, Any], bool]:
    """A row's cells as the nested dict of its sheet, and whether any known column was filled."""
    data: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {s: {} for s in sections if s}
    filled = False
    for index, column, scale in plan:
        if index >= len(cells):
            continue
        raw = cells[index]
        if raw == "" or raw is None:
            continue
        value = cell_value(raw, column, scale, date1904)
        if value is _MISSING:
            continue
        filled = True
        if column.kind in _SHARED_KINDS and len(shared) < _SHARED_MAX:
            value = shared.setdefault((type(value), value), value)
        if column.kind == "link":
            continue
        if column.section:
            nested[column.section][column.name] = value
        else:
            data[column.name] = value
    for section, values in nested.items():
        if values:
            data[section] = values
    return data, filled


def _filled(cells: list[Any], plan) -> bool:
    """Whether `_row_data` would find a known column filled, without converting the row."""
    for index, _, _ in plan:
        if index >= len(cells):
            continue
        raw = cells[index]
        if raw == "" or raw is None:
            continue
        if isinstance(raw, str) and (not raw.strip() or not normalise_text(raw)):
            continue  # what cell_value takes for an empty cell
        return True
    return False


_SHARED_KINDS = ("choice", "flag", "date")  # immutable values that repeat down a column
_SHARED_MAX = 10_000


def _is_total(cell: Any) -> bool:
    return isinstance(cell, str) and bool(cell) and sheet_key(cell) in TOTAL_WORDS


# --- validation: rows to Facts ------------------------------------------------


def validate(row: ApplicantRow, file: str) -> Facts | None:
    """The row's facts, or None with the problems added to `row.problems`."""
    document = dict(row.data)
    document.setdefault("applicant", {})
    for section, items in row.details.items():
        document[section] = [data for _, data in items]
    try:
        facts = Facts.model_validate(document)
    except ValidationError as error:
        locs = [tuple(item["loc"]) for item in error.errors(include_url=False)]
        for loc, problem in zip(locs, problems_from_validation(error, file, Facts)):
            row.problems.append(_locate(row, loc, problem))
        return None
    if row.problems:
        return None
    return facts


def _locate(row: ApplicantRow, loc: tuple[Any, ...], problem: Problem) -> Problem:
    """A pydantic location mapped back to sheet, row and header."""
    where, field_name = row.where, None
    spec = MAIN
    if loc and loc[0] in row.details and len(loc) >= 2 and isinstance(loc[1], int):
        items = row.details[loc[0]]
        if loc[1] < len(items):
            where = items[loc[1]][0]
        spec = next(s for s in DETAILS if s.name == loc[0])
        field_name = loc[2] if len(loc) > 2 else None
    elif loc and loc[0] in ("applicant", "data_trading"):
        field_name = loc[1] if len(loc) > 1 else None
    elif loc:
        field_name = loc[0]
    header = None
    if isinstance(field_name, str):
        header = where.headers.get(field_name) or next((c.title for c in spec.columns if c.name == field_name), None)
    return Problem(
        problem.file, problem.message, field=problem.field, sheet=where.sheet, row=where.row, header=header, value=problem.value,
    )
