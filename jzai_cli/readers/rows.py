"""The rows of one sheet: the header row found, its columns matched, each
data row as the nested dict of its sheet; blank and total rows skipped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar, overload

from ..errors import Problem
from ..i18n import halves, message_of
from ..money import AmountError, normalise_text, unit_scale
from ..said import Said
from .archive import SheetScan
from .cells import _MISSING, CellError, YearOnly, cell_value
from .schema import MAIN, Column, SheetSpec, header_key, sheet_key

HEADER_SCAN_ROWS = 10
TOTAL_WORDS = {
    "合计",
    "总计",
    "小计",
    "共计",
    "累计",
    "总合计",
    "本页合计",
    "本页小计",
    "本表合计",
    "全部合计",
    "total",
    "totals",
    "sum",
    "grandtotal",
    "subtotal",
}
# A note below the table: 注：…, 填表人：…, 审核人：…, 联系电话：…
NOTE_ROW = re.compile(
    r"^[*※]?(?:注|备注|附注|说明|填表说明|填表人|填报人|制表人|审核人|审核|复核人|负责人|单位负责人|经办人|联系人|联系电话|电话|"
    r"填表日期|填报日期|制表日期|日期|填报单位|填表单位|单位盖章|单位\(盖章\)|盖章)\d*[:：、.]"
)
MAX_MERGES = 1000  # merged ranges over data rows considered per sheet

# --- what the reader returns ---------------------------------------------------


@dataclass(slots=True)
class Located:
    """Where a value came from: sheet, row as Excel shows it, header as written."""

    sheet: str
    row: int
    headers: dict[str, str]  # field name → the header as written in the file
    problems: list[Problem] = field(default_factory=list)  # cells of the row refused as they were read
    merged: dict[str, str] = field(
        default_factory=dict
    )  # field name → the merged range its cell lies in (not its top-left cell)
    applicant_name: str | None = None  # a detail row's 申请人名称 beside the credit code, as written


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


# An applicant row as read, not converted: (row number, its cells, the other
# rows sharing its credit code or None, its detail rows, each a pickled
# (sheet, row number, cells), or None).
Task = tuple[int, list[Any], "list[int] | None", "list[bytes] | None"]
# A row's cells converted when the row is needed: (row number, cells) → (where, the nested dict).
Convert = Callable[[int, list[Any]], tuple[Located, dict[str, Any]]]
# The applicants of a workbook: a list, or with `stream` an iterator.
Rows = TypeVar("Rows", list[ApplicantRow], Iterator[ApplicantRow])


@dataclass
class Workbook(Generic[Rows]):
    """The applicant rows in input order, and the problems not tied to one applicant."""

    file: str
    applicants: Rows
    notices: list[Problem]  # sheet-level problems and rows that belong to no applicant
    sheets_read: list[str]
    count: int = 0  # applicant rows (with `stream`: rows below the header, an upper bound)
    # with `stream`, the same rows in two halves: `tasks` as read (plain values,
    # cheap to send to another process) and `build(task)`, the row converted;
    # take either `applicants` or `tasks`, not both (they share the detail rows held)
    tasks: Iterator[Task] | None = None
    build: Callable[[Task], ApplicantRow] | None = None


def _match_headers(
    cells: list[Any],
    spec: SheetSpec,
    file: str,
    sheet: str,
    row: int,
    notices: list[Problem],
    beside: dict[str, int] | None = None,
    sheet_unit: tuple[Decimal | AmountError, str] | None = None,
):
    """Columns of the header row: index → (column, unit scale, header as written);
    a detail sheet's 申请人名称 column, which is no field, goes to `beside["name"]`.
    `sheet_unit` is the unit a note at or above the header gives (单位：万元) and the note
    as written: a money column without a unit of its own takes it, one whose own
    unit is another is refused."""
    lookup = {key: column for column in spec.columns for key in column.header_keys}
    matched: dict[int, tuple[Column, Decimal | AmountError | None, str]] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        written = str(cell).strip()
        key, unit = header_key(cell)
        column = lookup.get(key)
        if column is None and unit:
            column = lookup.get(header_key(f"{key}({unit})")[0])  # a bracket that is part of the title
        if column is None and isinstance(cell, str) and _UNIT_NOTE.match(normalise_text(cell)):
            continue  # 单位：万元 beside the headers: the unit of the sheet (`_sheet_unit`), no column
        if column is None:
            if spec is not MAIN and key in (header_key("申请人名称")[0], "name", "applicantname"):
                if beside is not None:
                    beside.setdefault("name", index)
                continue  # a name beside the credit code: checked against the applicant's (workbook.build)
            from difflib import get_close_matches

            close = get_close_matches(key, list(lookup), n=1, cutoff=0.6)
            zh, en = "未知的列，已忽略", "unknown column: ignored"
            if close:
                title = lookup[close[0]].title
                zh, en = zh + f"；是否想写“{title}”？", en + f"; did you mean {title!r}?"
            notices.append(Problem(file, Said(zh, en), sheet=sheet, row=row, header=written))
            continue
        if column.name in seen:
            notices.append(
                Problem(
                    file,
                    Said(f"列重复（与“{seen[column.name]}”），已忽略", "duplicate column: ignored"),
                    sheet=sheet,
                    row=row,
                    header=written,
                )
            )
            continue
        seen[column.name] = written
        scale: Decimal | AmountError | None = None
        if column.kind == "money":
            try:
                scale = unit_scale(unit)
                if sheet_unit is not None and scale is None:
                    scale = sheet_unit[0]
                    if isinstance(scale, AmountError):
                        raise scale
                elif sheet_unit is not None and scale != sheet_unit[0]:
                    raise AmountError(
                        Said(
                            f"表头的单位“{unit}”与表头或表头上方的“{sheet_unit[1]}”不同，无法判断金额的单位；请只留一处单位",
                            f"the header's unit {unit!r} differs from the note {sheet_unit[1]!r} at or above the header: "
                            "the unit of the amounts cannot be told; keep one of them",
                        )
                    )
            except AmountError as error:
                scale = error  # every value of the column is refused, naming its cell
                notices.append(
                    Problem(
                        file,
                        Said(
                            f"{halves(message_of(error))[0]}；此列的值不予读取",
                            f"{halves(message_of(error))[1]}: the column's values are refused",
                        ),
                        sheet=sheet,
                        row=row,
                        header=written,
                    )
                )
        elif unit and (own := header_key(column.title)[1]) and unit not in SAME_UNIT.get(own, {own}):
            # a count or capacity in another unit (劳动合同期限（年）, 算力规模（TFLOPS）) would be
            # read as if in the column's own (3 years as 3 months): its values are refused
            said = Said(
                f"表头“{written}”的单位与本列（“{column.title}”）不同，此列的值不予读取；"
                f"请换算后填写，表头写作“{column.title}”",
                f"the header {written!r} names another unit than the column's ({column.title!r}): "
                f"the column's values are refused; convert them and head the column {column.title!r}",
            )
            scale = AmountError(said)
            notices.append(Problem(file, said, sheet=sheet, row=row, header=written))
        matched[index] = (column, scale, written)
    return matched


# The units a column that is not money may carry in its header, by the unit of
# its own title (header_key's spelling): any other unit is refused.
SAME_UNIT = {"月": {"月", "个月"}, "pflops": {"pflops", "p"}}


def _is_header(cells: list[Any], spec: SheetSpec) -> int:
    keys = {key for column in spec.columns for key in column.header_keys}
    return sum(1 for cell in cells if isinstance(cell, str) and header_key(cell)[0] in keys)


@overload
def _rows(
    book: Any,
    sheet_name: str,
    spec: SheetSpec,
    file: str,
    date1904: bool,
    notices: list[Problem],
    sheet: Any = None,
    *,
    keys_only: Literal[True],
    scan: SheetScan | None = None,
) -> Iterator[tuple[int, Any]]: ...
@overload
def _rows(
    book: Any,
    sheet_name: str,
    spec: SheetSpec,
    file: str,
    date1904: bool,
    notices: list[Problem],
    sheet: Any = None,
    *,
    lazy: Literal[True],
    scan: SheetScan | None = None,
    recalc: bool = False,
    keyed: bool = False,
) -> Iterator[tuple[Located, tuple[Convert, list[Any]], Any]]: ...
@overload
def _rows(
    book: Any,
    sheet_name: str,
    spec: SheetSpec,
    file: str,
    date1904: bool,
    notices: list[Problem],
    sheet: Any = None,
    *,
    scan: SheetScan | None = None,
    recalc: bool = False,
) -> Iterator[tuple[Located, dict[str, Any], Any]]: ...
def _rows(
    book,
    sheet_name: str,
    spec: SheetSpec,
    file: str,
    date1904: bool,
    notices: list[Problem],
    sheet=None,
    keys_only: bool = False,
    lazy: bool = False,
    scan: SheetScan | None = None,
    recalc: bool = False,
    keyed: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """The data rows of one sheet as nested dicts; blank, hidden, total and
    note rows are skipped (hidden, total and note rows are told once).

    `scan` is what the pre-scan found in the sheet (.xlsx): hidden rows,
    merged ranges, formulas; with `recalc` the workbook asks to be
    recalculated on load, so every formula's cached value is suspect.
    `keys_only`: (row number, credit code cell as read) of every row below the header instead.
    `lazy`: the rows are not converted yet: (convert, cells) in place of the dict, and
    `convert(number, cells)` gives (Located, dict) when the row is needed;
    with `keyed` as well, the last item is the credit code as `keys_only` reads it
    in place of the link cell."""
    if sheet is None:
        sheet = book.get_sheet_by_name(sheet_name)
    first_row = sheet.start[0] if sheet.start else 0
    first_column = sheet.start[1] if sheet.start else 0
    rows = sheet.iter_rows()
    header_row = None
    unit_notes: list[str] = []  # 单位：万元 in the rows at or above the header
    for offset, cells in enumerate(rows):
        if offset >= HEADER_SCAN_ROWS:
            break
        if _is_header(cells, spec) >= 2 or (len(spec.columns) <= 3 and _is_header(cells, spec) >= 1):
            header_row = first_row + offset + 1
            break
        unit_notes += _unit_notes(cells)
    if header_row is None:
        notices.append(
            Problem(
                file,
                Said(
                    f"前{HEADER_SCAN_ROWS}行中找不到表头，整张表未读取",
                    f"no header row found in the first {HEADER_SCAN_ROWS} rows: sheet not read",
                ),
                sheet=sheet_name,
            )
        )
        return
    beside: dict[str, int] = {}
    unit_notes += _unit_notes(cells)  # a note at the end of the header row itself
    sheet_unit = _sheet_unit(unit_notes)
    matched = _match_headers(cells, spec, file, sheet_name, header_row, notices, beside, sheet_unit)
    if sheet_unit is not None and not isinstance(sheet_unit[0], AmountError):
        applied = [
            written
            for column, scale, written in matched.values()
            if column.kind == "money" and not header_key(written)[1]
        ]
        if applied:
            notices.append(
                Problem(
                    file,
                    Said(
                        f"表头或表头上方注明“{sheet_unit[1]}”：无单位的金额列（{'、'.join(applied)}）按此单位读取",
                        f"the note {sheet_unit[1]!r} at or above the header: the money columns without a unit of their own "
                        f"({', '.join(applied)}) are read in it",
                    ),
                    sheet=sheet_name,
                    row=header_row,
                )
            )
    name_index = beside.get("name")
    headers = {column.name: written for column, _, written in matched.values()}
    missing = [c for c in spec.columns if c.required and c.name not in headers]
    for column in missing:
        notices.append(
            Problem(
                file,
                Said(f"缺少必填列“{column.title}”", f"required column {column.title!r} / {column.name} is missing"),
                sheet=sheet_name,
                row=header_row,
            )
        )
    plan = [(index, column, scale) for index, (column, scale, _) in matched.items()]
    sections = {column.section for _, column, _ in plan}
    link_index = next((index for index, column, _ in plan if column.kind == "link"), None)
    key_index = (
        link_index
        if link_index is not None
        else next((index for index, column, _ in plan if column.kind == "code"), None)
    )
    hidden = scan.hidden_rows if scan is not None else set()
    skipped: dict[str, list[int]] = {"hidden": [], "total": []}

    def skip(number: int, cells: list[Any]) -> str | None:
        if number in hidden:
            return "hidden"
        if _is_total_row(cells, key_index):
            return "total"
        return None

    key_column = next((column for index, column, _ in plan if index == key_index), None)

    def key_of(cells: list[Any]) -> Any:
        if key_column is None or key_index is None or key_index >= len(cells):
            return None
        raw = cells[key_index]
        try:
            value = None if raw == "" or raw is None else cell_value(raw, key_column, None, date1904)
        except CellError:
            value = None
        return None if value is _MISSING else value

    if keys_only:
        for number, cells in enumerate(rows, start=header_row + 1):
            if skip(number, cells):
                continue
            yield number, key_of(cells)
        return
    cell_notes = _cell_notes(scan, recalc, matched, first_column) if scan is not None else {}
    merges = (
        _data_merges(scan, header_row, matched, first_column, file, sheet_name, notices) if scan is not None else []
    )
    shared: dict[tuple[type, Any], Any] = {}  # one object per repeated choice, flag or date
    memos: dict[int, dict[Any, Any]] = {index: {} for index, column, _ in plan if column.kind not in _UNREPEATED_KINDS}

    def located(number: int, cells: list[Any], refused: list[tuple[int, Any, str]]) -> Located:
        where = Located(sheet_name, number, headers)
        if name_index is not None and name_index < len(cells):
            given = cells[name_index]
            if isinstance(given, str) and given.strip():
                where.applicant_name = given.strip()
        if not refused and not merges and number not in cell_notes:  # a row as most are: nothing to say
            return where
        for index, raw, message in refused + cell_notes.get(number, []):
            value = raw if isinstance(raw, (str, int, float, Decimal)) or raw is None else str(raw)
            where.problems.append(
                Problem(file, message, sheet=sheet_name, row=number, header=matched[index][2], value=value)
            )
        for ref, r1, c1, r2, c2 in merges:
            if r1 <= number <= r2:
                for index in range(c1, c2 + 1):
                    if index in matched and (number, index) != (r1, c1):
                        where.merged[matched[index][0].name] = ref
        return where

    def convert(number: int, cells: list[Any]) -> tuple[Located, dict[str, Any]]:
        data, _, refused = _row_data(cells, plan, sections, date1904, shared, memos)
        return located(number, cells, refused), data

    refused: list[tuple[int, Any, str]]
    for number, cells in enumerate(rows, start=header_row + 1):
        reason = skip(number, cells)
        if reason:
            skipped[reason].append(number)
            continue
        if lazy:
            data, filled, refused = None, _filled(cells, plan), []
        else:
            data, filled, refused = _row_data(cells, plan, sections, date1904, shared, memos)
        if not filled:
            if any(c not in ("", None) for c in cells):
                notices.append(
                    Problem(
                        file,
                        Said("此行只有未知列的内容，已跳过", "the row has values only in unknown columns: skipped"),
                        sheet=sheet_name,
                        row=number,
                    )
                )
            continue
        raw_link = cells[link_index] if link_index is not None and link_index < len(cells) else None
        if keyed:
            raw_link = key_of(cells)
        if lazy:
            yield Located(sheet_name, number, headers), (convert, cells), raw_link
        else:
            yield located(number, cells, refused), data, raw_link
    if skipped["hidden"]:
        listed, listed_en = _listed(skipped["hidden"])
        notices.append(
            Problem(  # about the sheet (no row): `jzai check` shows it too
                file,
                Said(
                    f"隐藏的行，未读取：第{listed}行；如需计入请取消隐藏",
                    f"hidden rows left out: {listed_en}; unhide them to have them read",
                ),
                sheet=sheet_name,
            )
        )
    if skipped["total"]:
        listed, listed_en = _listed(skipped["total"])
        notices.append(
            Problem(
                file,
                Said(
                    f"合计行或表尾注释行，已跳过：第{listed}行",
                    f"total rows or notes below the table skipped: {listed_en}",
                ),
                sheet=sheet_name,
            )
        )


# A note of the unit of the amounts above a table: 单位：万元, 金额单位：万元, （单位：元）.
# Also at the end of a title, in brackets: 焦作市人工智能企业申报汇总表（单位：万元）.
_UNIT_NOTE = re.compile(
    r"^(?:[^()\[\]【】〔〕]*[(\[【〔])?(?:金额|货币)?单位[:：](?P<unit>[^()\[\]【】〔〕]+)[)\]】〕]?$"
)


def _unit_notes(cells) -> list[str]:
    """The cells of a row that note the unit of the amounts, as written."""
    return [cell.strip() for cell in cells if isinstance(cell, str) and _UNIT_NOTE.match(normalise_text(cell))]


def _sheet_unit(notes: list[str]) -> tuple[Decimal | AmountError, str] | None:
    """The unit of money the notes above a header give, and the note as written; None
    when they name none (单位：人). Notes of two units, or of a unit that cannot be
    read (单位：万美元), give an `AmountError` that refuses the columns without a unit."""
    found: dict[Decimal, str] = {}
    for note in notes:
        match = _UNIT_NOTE.match(normalise_text(note))
        assert match is not None  # the notes were matched as they were taken
        try:
            scale = unit_scale(match["unit"])
        except AmountError as error:
            return error, note
        if scale is not None:
            found.setdefault(scale, note)
    if len(found) > 1:
        listed = "、".join(found.values())
        return (
            AmountError(
                Said(
                    f"表头或表头上方注明的单位不一致（{listed}），无法判断金额的单位",
                    f"the notes at or above the header name different units ({listed}): the unit of the amounts cannot be told",
                )
            ),
            listed,
        )
    return next(((scale, note) for scale, note in found.items()), None)


def _listed(rows: list[int], most: int = 20) -> tuple[str, str]:
    """`3、7、9` and `3, 7, 9` — at most `most` rows, then how many more."""
    zh, en = "、".join(str(r) for r in rows[:most]), ", ".join(str(r) for r in rows[:most])
    if len(rows) <= most:
        return zh, en
    return f"{zh} 等 {len(rows)} 行", f"{en} … ({len(rows)} rows)"


def _cell_notes(scan: SheetScan, recalc: bool, matched, first_column: int) -> dict[int, list[tuple[int, Any, str]]]:
    """Row → (column index, value, message) of the cells whose formula cannot be trusted."""
    notes: dict[int, list[tuple[int, Any, str]]] = {}
    uncached = {cell for cell, _, _ in scan.uncached}
    for cell, row, column in scan.uncached:
        index = column - 1 - first_column
        if index in matched:
            notes.setdefault(row, []).append(
                (
                    index,
                    None,
                    (
                        Said(
                            f"单元格 {cell} 的公式没有缓存值（文件未经电子表格计算保存），无法读取；请在 Excel、WPS 或 LibreOffice 中打开并保存后再读",
                            f"cell {cell} holds a formula without a cached value: open and save the file in a spreadsheet, then read it again",
                        )
                    ),
                )
            )
    if recalc:
        for cell, row, column in scan.formulas:
            index = column - 1 - first_column
            if index in matched and cell not in uncached:
                notes.setdefault(row, []).append(
                    (
                        index,
                        None,
                        (
                            Said(
                                f"工作簿要求打开时重新计算（fullCalcOnLoad），单元格 {cell} 的公式缓存值可能已过时；请在 Excel、WPS 或 LibreOffice 中打开并保存后再读",
                                f"the workbook asks to be recalculated on load: the cached value of the formula in {cell} may be stale; open and save it in a spreadsheet, then read it again",
                            )
                        ),
                    )
                )
    return notes


def _data_merges(
    scan: SheetScan, header_row: int, matched, first_column: int, file: str, sheet: str, notices: list[Problem]
):
    """The merged ranges over data rows and known columns (0-based column
    indices), each told once: only its top-left cell holds a value."""
    out: list[tuple[str, int, int, int, int]] = []
    for ref, r1, c1, r2, c2 in scan.merged:
        i1, i2 = c1 - 1 - first_column, c2 - 1 - first_column
        if r2 <= header_row or not any(i in matched for i in range(i1, i2 + 1)):
            continue
        if len(out) < MAX_MERGES:
            out.append((ref, r1, i1, r2, i2))
        notices.append(
            Problem(
                file,
                Said(
                    f"合并单元格 {ref}：只有左上角单元格有值，其余单元格读作空白；请取消合并并逐行填写",
                    f"merged cells {ref}: only the top-left cell holds a value, the others read as blank; unmerge them and fill every row",
                ),
                sheet=sheet,
                row=max(r1, header_row + 1),
            )
        )
    return out


def _row_data(
    cells: list[Any], plan, sections, date1904: bool, shared: dict, memos: dict[int, dict] | None = None
) -> tuple[dict[str, Any], bool, list[tuple[int, Any, str]]]:
    """A row's cells as the nested dict of its sheet, whether any known column
    was filled, and the cells refused: (column index, value, message).

    `memos` (column index → {(type, cell): value}) keeps the value of each
    cell of a column whose cells repeat (是, 小型, a date, 1,200万), so a cell
    seen before in its column is converted once; a refused cell is converted
    every time, so that its problem is told on its own row."""
    data: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {s: {} for s in sections if s}
    filled = False
    refused: list[tuple[int, Any, str]] = []
    years: list[tuple[int, Any, Column, int]] = []
    for index, column, scale in plan:
        if index >= len(cells):
            continue
        raw = cells[index]
        if raw == "" or raw is None:
            continue
        kind = raw.__class__
        memo = memos.get(index) if memos is not None and kind in _MEMO_TYPES else None
        key = (kind, repr(raw) if kind is float else raw)  # a float is read by its repr (`cells.number`)
        value = _UNSEEN if memo is None else memo.get(key, _UNSEEN)
        if value is _UNSEEN:
            try:
                value = cell_value(raw, column, scale, date1904)
            except CellError as error:
                filled = True
                refused.append((index, raw, message_of(error)))
                continue
            if (
                column.kind in _SHARED_KINDS
                and value is not _MISSING
                and not isinstance(value, YearOnly)
                and len(shared) < _SHARED_MAX
            ):
                value = shared.setdefault((type(value), value), value)
            if memo is not None and len(memo) < _MEMO_MAX:
                memo[key] = tuple(value) if type(value) is list else value
        elif type(value) is tuple:  # a list column's choices: each row its own list
            value = list(value)
        if value is _MISSING:
            continue
        filled = True
        if isinstance(value, YearOnly):
            years.append((index, raw, column, value.year))
            continue
        if column.kind == "link":
            continue
        if column.section:
            nested[column.section][column.name] = value
        else:
            data[column.name] = value
    for index, raw, column, year in years:  # a year alone goes to the year field beside the date
        assert column.year_field is not None  # the only columns that take a year alone
        target = nested[column.section] if column.section else data
        given = target.get(column.year_field)
        if given is not None and given != year and str(given).strip() != str(year):
            refused.append(
                (
                    index,
                    raw,
                    (
                        Said(
                            f"日期列中只有年份 {year}，与同行的年度 {given} 不一致",
                            f"a year alone in a date column, {year}, differs from the row's year {given}",
                        )
                    ),
                )
            )
        else:
            target.setdefault(column.year_field, year)
    for section, values in nested.items():
        if values:
            data[section] = values
    return data, filled, refused


def _filled(cells: list[Any], plan) -> bool:
    """Whether `_row_data` would find a known column filled, without converting the row."""
    for index, _, _ in plan:
        if index >= len(cells):
            continue
        raw = cells[index]
        if raw == "" or raw is None:
            continue
        if isinstance(raw, str) and (not raw.strip() or (not raw.isascii() and not normalise_text(raw))):
            continue  # what cell_value takes for an empty cell (ASCII is empty only if blank)
        return True
    return False


_SHARED_KINDS = ("choice", "flag", "date")  # immutable values that repeat down a column
_SHARED_MAX = 10_000
_UNREPEATED_KINDS = ("text", "code", "link")  # names and credit codes: a value for each row, nothing to keep
# Cells as read whose equal values convert alike: text, whole numbers, floats
# (by their repr), true/false and dates (not Decimal: 1.0 equals 1; not
# date-times: equal instants in two time zones print apart).
_MEMO_TYPES = frozenset({str, int, float, bool, dt.date})
_MEMO_MAX = 2_000  # cells kept per column
_UNSEEN = object()
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")


# What a cell `_is_total` may take begins with: T, t, S, s, or a space of any
# kind (str.isspace; `lstrip` takes it off first).
_TOTAL_FIRST = frozenset(
    "TtSs\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _is_total(cell: Any) -> bool:
    """合计, 合计：, 总计（万元）, 本页合计, Total."""
    if (
        not isinstance(cell, str)
        or not cell
        or len(cell) > 24
        or ("计" not in cell and cell.lstrip()[:1] not in "TtSs")
    ):
        return False  # the cells of a data row, quickly
    key = sheet_key(cell)
    return key in TOTAL_WORDS or _BRACKETED.sub("", key).rstrip(":：") in TOTAL_WORDS


def _is_total_row(cells: list[Any], key_index: int | None) -> bool:
    """A total row (a cell reads 合计 or the like), or a note below the table
    (its first cell starts 注：, 填表人：, …, and it has no credit code)."""
    # the cells `_is_total` might take (it is called for every row of every
    # sheet: the quick part of its test, inline, before the call)
    if any(
        _is_total(c) for c in [c for c in cells if isinstance(c, str) and c and ("计" in c or c[0] in _TOTAL_FIRST)]
    ):
        return True
    first = next((c for c in cells if c not in ("", None)), None)
    if not isinstance(first, str) or first.isascii():  # every note word is Chinese, and NFKC keeps ASCII ASCII
        return False
    keyless = (
        key_index is None or key_index >= len(cells) or cells[key_index] in ("", None) or cells[key_index] is first
    )
    return keyless and NOTE_ROW.match(normalise_text(first)) is not None
