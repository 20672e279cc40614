"""The rows of one sheet: the header row found, its columns matched, each
data row as the nested dict of its sheet; blank and total rows skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from ..errors import Problem
from ..money import WAN, YI, normalise_text
from .cells import _MISSING, cell_value
from .schema import MAIN, Column, SheetSpec, header_key, sheet_key

HEADER_SCAN_ROWS = 10
TOTAL_WORDS = {"合计", "总计", "小计", "共计", "total", "totals", "sum", "grandtotal"}

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

