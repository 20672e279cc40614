"""The file before any reader sees it: kind, size, archive and sheet extent.

python-calamine aborts the process (it cannot be caught) when a sheet's
extent is huge, so the archive and the cell references of .xlsx sheets are
checked before calamine sees the file; calamine itself does not trust the
declared dimensions. Not checked: the extent of .ods (repeated cells) and of
.xls sheets, which are only bounded by the file size.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import InputError, Problem
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import MB, Limits, exceeded
from .exceptions import problems_from_exception

RATIO_FLOOR = 1024 * 1024  # members smaller than this are not held to the ratio limit

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

