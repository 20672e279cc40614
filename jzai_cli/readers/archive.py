"""The file before any reader sees it: kind, size, archive and sheet extent.

python-calamine aborts the process (it cannot be caught) when a sheet's
extent is huge, so the archive and the cell references of .xlsx sheets are
checked before calamine sees the file (every reference, whatever its
length or spelling); calamine itself does not trust the declared dimensions.
Not checked: the extent of .ods (repeated cells) and of .xls sheets, which
are only bounded by the file size.

The same pass finds what calamine does not tell: hidden rows (.xlsx and
.ods), merged ranges, formulas without a cached value, whether the workbook
asks to be recalculated on load, and cells holding a formula error. The file
is read once; calamine is given those bytes.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ..errors import InputError, Problem
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import MB, Limits, exceeded, rows_within
from ..said import Said

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


@dataclass
class SheetScan:
    """What the pre-scan of one worksheet found (1-based rows and columns)."""

    rows: int = 0
    columns: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[str, int, int, int, int]] = field(
        default_factory=list
    )  # ref, first row, first column, last row, last column
    formulas: list[tuple[str, int, int]] = field(
        default_factory=list
    )  # cell, row, column of each formula (at most MAX_FORMULA_CELLS)
    formulas_overflow: bool = False  # more formulas than MAX_FORMULA_CELLS
    uncached_overflow: bool = False  # more formulas without a cached value than MAX_FORMULA_CELLS
    uncached: list[tuple[str, int, int]] = field(default_factory=list)  # formulas without a cached value
    errors: list[tuple[str, str]] = field(default_factory=list)  # cell, error value (#DIV/0!, …)


@dataclass
class Scan:
    """What the pre-scan of an .xlsx found: the date system, whether the
    workbook asks to be recalculated on load, and each sheet by its name."""

    date1904: bool = False
    full_calc_on_load: bool = False
    sheets: dict[str, SheetScan] = field(default_factory=dict)


def check_archive(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, notices: list[Problem] | None = None
) -> Scan:
    """Refuse what would make the reader abort; return what the sheets hold
    that the reader does not tell (hidden rows, merged cells, formulas).
    Cells holding a formula error are added to `notices` (the reader gives
    them as blank, so a row would otherwise only say a value is missing).

    `data` is the whole file, read once: what is checked is what the reader
    gets. The entry count is read from the end-of-directory record before
    zipfile parses the directory; sizes and ratios are those the directory
    declares (a member that inflates beyond its declared size fails its
    read in zipfile and in calamine alike).
    """
    if len(data) > limits.file_mb * MB:
        raise InputError([Problem(name, exceeded(limits, "file_mb", f"{len(data) / MB:,.1f} MB"))])
    handle = io.BytesIO(data)
    end = zipfile._EndRecData(handle)  # type: ignore[attr-defined]  # what is_zipfile uses
    if end is None:
        if data.startswith(b"PK"):
            raise InputError(
                [
                    Problem(
                        name,
                        Said(
                            "文件不完整，压缩包目录缺失，可能在下载或复制时被截断",
                            "the zip directory is missing: the file is truncated",
                        ),
                    )
                ]
            )
        return Scan()
    entries = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]  # zipfile's own index, private
    if entries > limits.entries:
        raise InputError([Problem(name, exceeded(limits, "entries", f"{entries:,}"))])
    archive = zipfile.ZipFile(handle)  # errors are told by read_workbook
    scan = Scan()
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise InputError(
                    [
                        Problem(
                            name,
                            exceeded(
                                limits, "ratio", f"{ratio:,.0f}", info.filename, Said("，疑似压缩炸弹", "; a zip bomb?")
                            ),
                        )
                    ]
                )
        if total > limits.unpacked_mb * MB:
            raise InputError([Problem(name, exceeded(limits, "unpacked_mb", f"{total / MB:,.0f} MB"))])
        if "xl/workbook.xml" in archive.namelist():
            head = archive.read("xl/workbook.xml")
            scan.date1904 = re.search(rb"""date1904\s*=\s*["'](1|true)["']""", head) is not None
            scan.full_calc_on_load = re.search(rb"""fullCalcOnLoad\s*=\s*["'](1|true)["']""", head) is not None
        if "content.xml" in archive.namelist() and "xl/workbook.xml" not in archive.namelist():
            scan.sheets.update(scan_ods(archive, archive.getinfo("content.xml")))
        sheet_names = _sheet_names(archive)
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                sheet = sheet_names.get(info.filename, info.filename)
                found = scan_sheet(archive, info)
                scan.sheets[sheet] = found
                if notices is not None:
                    for cell, error_value in found.errors:
                        row = int(re.sub(r"[A-Z]", "", cell))
                        notices.append(
                            Problem(
                                name,
                                Said(
                                    f"单元格 {cell} 是公式错误值 {error_value}，按空白读取",
                                    f"cell {cell} holds the formula error {error_value}: read as blank",
                                ),
                                sheet=sheet,
                                row=row,
                            )
                        )
                if (found.formulas_overflow and scan.full_calc_on_load) or found.uncached_overflow:
                    raise InputError(
                        [
                            Problem(
                                name,
                                Said(
                                    f"工作表中需核对的公式单元格（fullCalcOnLoad 或无缓存值）超过 {MAX_FORMULA_CELLS:,} 个，无法逐一核对；"
                                    "请在 Excel、WPS 或 LibreOffice 中打开并保存后再读",
                                    f"more than {MAX_FORMULA_CELLS:,} formula cells to check, the workbook "
                                    "being recalculated on load (fullCalcOnLoad) or the formulas lacking cached values: "
                                    "open and save it in a spreadsheet, then read it again",
                                ),
                                sheet=sheet,
                            )
                        ]
                    )
                rows, cols = found.rows, found.columns
                for limit, value in (("cells", rows * cols), ("rows", rows), ("columns", cols)):
                    if value > getattr(limits, limit):
                        memory = "；读取时每个单元格约占 32 字节内存" if limit == "cells" else ""
                        memory_en = (
                            "; each cell takes about 32 bytes of memory as it is read" if limit == "cells" else ""
                        )
                        raise InputError(
                            [
                                Problem(
                                    name,
                                    exceeded(
                                        limits,
                                        limit,
                                        f"{value:,}",
                                        sheet,
                                        Said(
                                            f"，范围 {rows:,} 行 × {cols:,} 列，可能有远处的零散单元格{memory}",
                                            f"; {rows:,} rows × {cols:,} columns: a stray far-away cell?{memory_en}",
                                        ),
                                        split=rows_within(limits, cols) if limit != "columns" else None,
                                    ),
                                )
                            ]
                        )
    return scan


MAX_LISTED_CELLS = 1000  # error cells per sheet; more are not listed one by one
MAX_FORMULA_CELLS = 1_000_000  # formula cells per sheet, each checked: a sheet with more is refused when they matter
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*?\bt="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>.*?</f>)?<v>([^<]{1,16})</v>'
)
# Every reference of a cell or row, whatever its element's prefix, its
# attribute order or quotes and its length: the extent calamine allocates.
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]*)(\d*)["']""")
# How Excel, WPS, LibreOffice and the libraries write them: found faster; a
# block where `r=` occurs other than so is read with `_REF`.
_CANONICAL_REF = re.compile(rb' r="([A-Z]*)(\d*)"')
_ODD_EQUALS = re.compile(rb"r[ \t\r\n]+=")  # `r =`: whitespace before the equals sign
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*>")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_MERGE = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref\s*=\s*["']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?["']""")
# A cell holding a formula, and whether a cached value <v> follows it.
_FORMULA_CELL = re.compile(
    rb"""<(?:[\w.-]+:)?c\b[^>]*?\sr\s*=\s*["']([A-Z]+)(\d+)["'][^>]*>\s*<(?:[\w.-]+:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:[\w.-]+:)?f>)\s*(<(?:[\w.-]+:)?v\b)?"""
)


_FORMULA_START = re.compile(rb"<f[\s>/]")
_PREFIXED_FORMULA = re.compile(rb"<[\w.-]+:f[\s>/]")
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']([A-Z]+)(\d+)["']""")


def _formulas(chunk: bytes, found: SheetScan) -> None:
    """The formula cells of a block, and those without a cached value.

    Each `<f` is found by a literal search and its cell read around it; a
    block with prefixed elements (`<x:f>`) is read with the general pattern."""
    if _PREFIXED_FORMULA.search(chunk):
        cells = [(col, row, bool(cached)) for col, row, cached in _FORMULA_CELL.findall(chunk)]
    else:
        cells = []
        for match in _FORMULA_START.finditer(chunk):
            at = match.start()
            start = chunk.rfind(b"<c", 0, at)
            ref = _CELL_REF.search(chunk, start, chunk.find(b">", start)) if start >= 0 else None
            if ref is None:
                continue
            end = chunk.find(b">", at)
            if chunk[end - 1 : end] != b"/":
                end = chunk.find(b"</f>", at) + 3
            cells.append((ref[1], ref[2], chunk[end + 1 : end + 64].lstrip().startswith(b"<v")))
    for col, row, cached in cells:
        cell = (col + row).decode(), int(row), column_number(col)
        if len(found.formulas) < MAX_FORMULA_CELLS:
            found.formulas.append(cell)
        else:
            found.formulas_overflow = True
        if not cached:
            if len(found.uncached) < MAX_FORMULA_CELLS:
                found.uncached.append(cell)
            else:
                found.uncached_overflow = True


def column_number(letters: str | bytes) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16,384."""
    column = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        column = column * 26 + ord(letter) - 64
    return column


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member → sheet name, from xl/workbook.xml and its relationships."""
    import html

    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {
        rid.decode(): target.decode()
        for rid, target in re.findall(rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels)
    }
    targets.update(
        {
            rid.decode(): target.decode()
            for target, rid in re.findall(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)
        }
    )
    names = {}
    for sheet_name, rid in re.findall(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"', book):
        target = targets.get(rid.decode(), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[member] = html.unescape(sheet_name.decode("utf-8", "replace"))
    return names


def scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> SheetScan:
    """The extent a reader would allocate for a sheet, from every cell and
    row reference; its hidden rows, merged ranges, formula cells (those
    without a cached value apart) and cells holding a formula error.

    The member is read in blocks cut after a row's end (or a tag's), so an
    element is never split between two blocks.
    """
    found = SheetScan()
    best_row = 0
    letters: set[bytes] = set()
    tail = b""
    with archive.open(info) as stream:
        while True:
            block = stream.read(1 << 22)
            chunk = tail + block
            if block:
                cut = chunk.rfind(b"</row>")
                cut = cut + 6 if cut >= 0 else chunk.rfind(b">") + 1
                chunk, tail = chunk[:cut], chunk[cut:]
            elif not chunk:
                break
            bounds = _within(chunk, best_row, letters)
            if bounds is not None:  # every reference of the block as Excel writes it, none beyond the bounds found
                best_row = bounds[0]
                letters.add(bounds[1])
            else:
                refs = _CANONICAL_REF.findall(chunk)
                if chunk.count(b"r=") != len(refs) or _ODD_EQUALS.search(chunk):
                    refs = _REF.findall(chunk)  # another spelling somewhere in the block: the general pattern
                if refs:
                    # a reference without its row (r="B") bounds nothing: the reader refuses it, naming it
                    best_row = max(best_row, *(_bounded(digits) for digits in set(map(itemgetter(1), refs)) if digits))
                    letters.update(map(itemgetter(0), refs))
            if b"hidden" in chunk:
                for tag in _ROW_TAG.findall(chunk):
                    number = _ROW_NUMBER.search(tag)
                    if number and _HIDDEN.search(tag):
                        found.hidden_rows.add(int(number[1]))
            if b"mergeCell" in chunk:
                for first_col, first_row, last_col, last_row in _MERGE.findall(chunk):
                    ref = (first_col + first_row + (b":" + last_col + last_row if last_col else b"")).decode()
                    r1, c1 = int(first_row), column_number(first_col)
                    found.merged.append(
                        (ref, r1, c1, int(last_row or first_row), column_number(last_col) if last_col else c1)
                    )
            if b"<f" in chunk or b":f" in chunk:
                _formulas(chunk, found)
            if b't="e"' in chunk and len(found.errors) < MAX_LISTED_CELLS:
                for cell, value in _ERROR_CELL.findall(chunk)[: MAX_LISTED_CELLS - len(found.errors)]:
                    found.errors.append((cell.decode(), value.decode("utf-8", "replace")))
            if not block:
                break
    found.rows = best_row
    found.columns = max((column_number(c[:7]) for c in letters), default=0)  # 7 letters already pass every limit
    return found


_ODS_TAG = re.compile(rb"<table:table(?:-row)?(?:[\s/][^>]*)?>|</table:table>")
_ODS_NAME = re.compile(rb"""\stable:name\s*=\s*["']([^"']*)["']""")
_ODS_REPEAT = re.compile(rb"""\stable:number-rows-repeated\s*=\s*["'](\d{1,9})["']""")
_ODS_HIDDEN = re.compile(rb"""\stable:visibility\s*=\s*["'](?:collapse|filter)["']""")
MAX_HIDDEN_ROWS = 100_000  # per sheet; a longer hidden block is LibreOffice's padding of empty rows


def scan_ods(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, SheetScan]:
    """The hidden rows of each sheet of an .ods (`table:visibility="collapse"`
    on a row, counted with its `number-rows-repeated`), by sheet name."""
    import html

    sheets: dict[str, SheetScan] = {}
    current: SheetScan | None = None
    row = 0
    tail = b""
    with archive.open(info) as stream:
        while True:
            block = stream.read(1 << 22)
            chunk = tail + block
            cut = chunk.rfind(b">") + 1 if block else len(chunk)
            chunk, tail = chunk[:cut], chunk[cut:]
            for tag in _ODS_TAG.findall(chunk):
                if tag.startswith(b"</"):
                    current = None
                elif tag.startswith(b"<table:table-row"):  # a row, or a block of equal rows
                    repeat = _ODS_REPEAT.search(tag)
                    count = int(repeat[1]) if repeat else 1
                    if (
                        current is not None
                        and _ODS_HIDDEN.search(tag)
                        and len(current.hidden_rows) + count <= MAX_HIDDEN_ROWS
                    ):
                        current.hidden_rows.update(range(row + 1, row + count + 1))
                    row += count
                else:
                    name = _ODS_NAME.search(tag)
                    current = sheets.setdefault(
                        html.unescape(name[1].decode("utf-8", "replace")) if name else "", SheetScan()
                    )
                    row = 0
            if not block:
                break
    return sheets


def _within(chunk: bytes, best_row: int, letters: set[bytes]) -> tuple[int, bytes] | None:
    """The largest row and column letters of a block's references, found
    without reading every reference, when the block writes them all as Excel
    does (` r="B17"`) — else None, and the caller reads every one.

    The candidates are the largest found so far and those of the block's last
    references (rows come in order); one search then looks for any reference
    beyond them (more digits or letters, or as many and larger), a row with
    a leading zero or no digits at all. Finding none, the candidates are the
    block's largest: exact, as reading every reference would be."""
    written, canonical = chunk.count(b"r="), chunk.count(b' r="')
    if written != canonical and written - chunk.count(b":r=") != canonical:  # `xmlns:r=` is no reference
        return None
    if _ODD_EQUALS.search(chunk):
        return None
    tail = _CANONICAL_REF.findall(chunk, max(0, len(chunk) - 4096))
    if not tail:
        return None
    rows = [best_row] + [_bounded(digits) for _, digits in tail if digits[:1] not in (b"", b"0")]
    row = max(rows)
    column = max([*letters, *(col for col, _ in tail)], key=lambda col: (len(col), col))
    if row == 0 or len(column) > 7:
        return None
    if _beyond(row, column).search(chunk):
        return None
    return row, column


@functools.lru_cache(maxsize=64)
def _beyond(row: int, column: bytes) -> re.Pattern[bytes]:
    """A reference past row `row` or column `column`, or one whose row has a
    leading zero or no digits. Built as a trie over the candidates' digits
    and letters, with possessive repeats, so that each reference is read
    once, whatever the candidates' length."""
    digits, letters = str(row), column.decode()

    def greater(text: str, at: int, kind: str, top: str) -> str:
        """Text of the same length as `text[at:]` and larger, as a pattern."""
        if at == len(text):
            return "(?!)"  # equal is not beyond
        rest = len(text) - at - 1
        here = text[at]
        options = [f"[{chr(ord(here) + 1)}-{top}]{kind}{{{rest}}}"] if here != top else []
        options.append(here + greater(text, at + 1, kind, top))
        return "(?:" + "|".join(options) + ")"

    wider, later = greater(letters, 0, "[A-Z]", "Z"), greater(digits, 0, r"\d", "9")
    more_columns = f"(?=[A-Z]{{{len(letters) + 1}}})|{wider}"  # more letters, or as many and later
    more_rows = rf"(?=\d{{{len(digits) + 1}}})|{later}|0|\D"  # more digits, or as many and larger; 0…; none
    pattern = rf' r="(?:{more_columns}|[A-Z]*+(?:{more_rows}))'
    return re.compile(pattern.encode())


def _bounded(digits: bytes) -> int:
    """A row number as written; beyond 12 digits (past every limit) 10^12."""
    digits = digits.lstrip(b"0")
    return int(digits) if len(digits) <= 12 else 10**12


def open_workbook(file: Path, name: str, limits: Limits, notices: list[Problem]):
    """The calamine workbook and the pre-scan, once the file's size, kind and
    extent are checked. The file is read once, into memory (it is at most
    `file_mb`): the bytes checked are the bytes calamine reads, so a file
    swapped on disk between the check and the read cannot reach it."""
    suffix = file.suffix.lower()
    with file.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limits.file_mb * MB:
            raise InputError([Problem(name, exceeded(limits, "file_mb", f"{size / MB:,.1f} MB"))])
        data = handle.read(limits.file_mb * MB + 1)
    if not data:
        raise InputError([Problem(name, Said("文件为空（0 字节）", "the file is empty"))])
    if len(data) > limits.file_mb * MB:  # grew while it was read
        raise InputError([Problem(name, exceeded(limits, "file_mb", f"{len(data) / MB:,.1f} MB"))])
    kind = sniff(data[:4096])
    if kind == "html":
        raise InputError(
            [
                Problem(
                    name,
                    Said(
                        "这是网页（HTML）文件，只是扩展名为工作簿；请在 Excel 中打开后另存为 .xlsx",
                        "an HTML page with a workbook's name: open it in Excel and save it as .xlsx",
                    ),
                )
            ]
        )
    if kind == "xml2003":
        raise InputError(
            [
                Problem(
                    name,
                    Said(
                        "这是 Excel 2003 XML 表格，请在 Excel 中另存为 .xlsx",
                        "an Excel 2003 XML spreadsheet: save it as .xlsx",
                    ),
                )
            ]
        )
    expected = "cfb" if suffix == ".xls" else "zip"
    scan = check_archive(data, name, limits, notices) if kind == "zip" else Scan()
    if kind == "cfb" and _encrypted(data):
        raise InputError(
            [
                Problem(
                    name,
                    Said(
                        "工作簿已加密（设有打开密码），请在 Excel 中去掉密码后另存",
                        "the workbook is password-protected: remove the password and save it again",
                    ),
                )
            ]
        )
    if kind == expected:
        return _calamine(data, kind, name), scan
    if kind in ("zip", "cfb") and suffix != ".ods":
        book = _calamine(data, kind, name)  # by content; an encrypted file raises here
        real = ".xls" if kind == "cfb" else ".xlsx"
        notices.append(
            Problem(
                name,
                Said(
                    f"文件实为 {real} 格式，扩展名却是 {suffix}，已按 {real} 读取",
                    f"the file is really {real}: read as such",
                ),
            )
        )
        return book, scan
    raise InputError(
        [
            Problem(
                name,
                Said(
                    f"不是有效的 {suffix} 工作簿：文件内容不是 Excel 或 ODS 格式，可能已损坏或被截断，或是改了扩展名的其他文件",
                    "not a workbook: corrupt, truncated, or another kind of file renamed",
                ),
            )
        ]
    )


def _calamine(data: bytes, kind: str, name: str):
    """python-calamine's workbook from the bytes read. It finds the format by
    trying each in turn and, when all fail, says only that it cannot tell
    the format; a zip member that inflates beyond its declared size is then
    named here."""
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        if kind == "zip" and _inflates_beyond_declared(data):
            raise InputError(
                [
                    Problem(
                        name,
                        Said(
                            "压缩包成员解压后超过其声明的大小，疑似压缩炸弹，拒绝读取",
                            "a member inflates beyond its declared size, as zip bombs do: refused",
                        ),
                    )
                ]
            ) from None
        raise


def _inflates_beyond_declared(data: bytes) -> bool:
    """Whether a deflated member of the zip inflates to more than its directory
    says (inflated a megabyte at a time, never more than that plus one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue
            name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_len + extra_len
            pending = data[start : start + info.compress_size]
            inflate = zlib.decompressobj(-15)
            total = 0
            try:
                while pending and total <= info.file_size:
                    total += len(inflate.decompress(pending, 1 << 20))
                    pending = inflate.unconsumed_tail
            except zlib.error:
                continue
            if total > info.file_size:
                return True
    return False


def _encrypted(data: bytes) -> bool:
    """An OLE file holding an EncryptionInfo stream: an Office file with a password to open."""
    return "EncryptionInfo".encode("utf-16-le") in data
