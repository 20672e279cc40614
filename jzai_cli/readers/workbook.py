"""Workbooks of applicants (.xlsx, .xls, .ods) to `Facts`: no rules here.

The package's face: `read_workbook` and `validate`, and the names of the
modules it is built from —

- `schema`: the columns, derived from the facts model (`MAIN`, `DETAILS`);
- `archive`: the file checked before python-calamine sees it;
- `cells`: cells to values as the facts model reads them;
- `rows`: header rows, data rows, total rows;
- `validation`: rows to `Facts`, problems located by sheet, row and header;
- `exceptions`: library exceptions to problems.

Sheets are found by name; hidden sheets are ignored and reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from pickle import HIGHEST_PROTOCOL, dumps, loads
from typing import Any, Literal, overload

from ..errors import InputError, Problem
from ..limits import DEFAULT as DEFAULT_LIMITS
from ..limits import Limits
from ..money import normalise_text
from ..said import Said
from .archive import RATIO_FLOOR, Scan, SheetScan, check_archive, open_workbook, sniff
from .cells import LIST_SEPARATORS, NONE_WORDS, cell_value, excel_date, link_key, number
from .exceptions import problems_from_exception
from .rows import HEADER_SCAN_ROWS, TOTAL_WORDS, ApplicantRow, Located, Task, Workbook, _rows
from .schema import (
    DETAILS,
    INSTRUCTION_SHEET_NAMES,
    LINK_NAME,
    LINK_TITLE,
    MAIN,
    MAIN_SHEET,
    MAIN_SHEET_NAMES,
    SHEETS,
    Column,
    SheetSpec,
    columns_of,
    header_key,
    sheet_key,
)
from .validation import validate

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

__all__ = [
    "DETAILS",
    "EXTENSIONS",
    "HEADER_SCAN_ROWS",
    "INSTRUCTION_SHEET_NAMES",
    "LINK_NAME",
    "LINK_TITLE",
    "LIST_SEPARATORS",
    "MAIN",
    "MAIN_SHEET",
    "MAIN_SHEET_NAMES",
    "NONE_WORDS",
    "RATIO_FLOOR",
    "SHEETS",
    "TOTAL_WORDS",
    "ApplicantRow",
    "Column",
    "Located",
    "Scan",
    "SheetScan",
    "SheetSpec",
    "Workbook",
    "cell_value",
    "check_archive",
    "columns_of",
    "excel_date",
    "header_key",
    "link_key",
    "number",
    "read_workbook",
    "sheet_key",
    "sniff",
    "validate",
]


def _headed_as(book: Any, sheet: str) -> SheetSpec | None:
    """The sheet of the format whose headers an unknown sheet's header row carries (at least
    three of them, and every column it requires), looked for in its first rows; None if none."""
    try:
        head = book.get_sheet_by_name(sheet).to_python(nrows=HEADER_SCAN_ROWS)
    except Exception:  # noqa: BLE001 - a sheet calamine cannot read is left to the notice
        return None
    best: tuple[int, SheetSpec] | None = None
    for spec in (MAIN, *SHEETS):
        for cells in head:
            keys = {header_key(cell)[0] for cell in cells if isinstance(cell, str) and cell.strip()}
            hits = sum(1 for column in spec.columns if keys & set(column.header_keys))
            required = all(keys & set(column.header_keys) for column in spec.columns if column.required)
            if hits >= 3 and required and (best is None or hits > best[0]):
                best = (hits, spec)
    return None if best is None else best[1]


def same_name(given: str, name: str) -> bool:
    """Whether a detail row's 申请人名称 names the applicant its credit code links
    it to: the same name once full-width characters and spaces are set aside,
    or one a part of the other (智算软件 for 焦作智算软件有限公司), or so once the
    place before the name and the legal form after it are set aside as well
    (焦作市智算软件有限公司 and 智算软件公司 for 焦作智算软件有限公司)."""
    a, b = normalise_text(given).casefold(), normalise_text(name).casefold()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    a, b = _core_name(a), _core_name(b)
    return bool(a) and bool(b) and (a in b or b in a)


# What a company's name is written with or without (the shortest last, so the longest is taken).
_NAME_PLACES = ("河南省", "河南", "焦作市", "焦作")
_NAME_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司", "集团")
_NAME_MARKS = re.compile(r"[()\[\]【】〔〕「」“”\"'·・.,、]")


def _core_name(text: str) -> str:
    """A normalised name without brackets and marks, the places it starts with (河南省焦作市…)
    and the legal form it ends with (…有限公司)."""
    text = _NAME_MARKS.sub("", text)
    stripped = True
    while stripped:
        stripped = False
        for place in _NAME_PLACES:
            if text.startswith(place) and len(text) > len(place):
                text, stripped = text[len(place) :], True
                break
    for form in _NAME_FORMS:
        if text.endswith(form) and len(text) > len(form):
            return text[: -len(form)]
    return text


@overload
def read_workbook(
    path: str | Path, limits: Limits | None = None, stream: Literal[False] = False
) -> Workbook[list[ApplicantRow]]: ...
@overload
def read_workbook(
    path: str | Path, limits: Limits | None = None, *, stream: Literal[True]
) -> Workbook[Iterator[ApplicantRow]]: ...
def read_workbook(path: str | Path, limits: Limits | None = None, stream: bool = False) -> Workbook[Any]:
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
    except Exception as error:  # noqa: BLE001 - zipfile, zlib, calamine (also lazily, sheet by sheet), OSError: one message
        raise InputError(problems_from_exception(error, str(path))) from None


def _read_workbook(path: str | Path, limits: Limits, stream: bool = False) -> Workbook[Any]:
    file = Path(path)
    name = str(path)
    if file.suffix.lower() not in EXTENSIONS:
        zh, en = f"不支持的文件类型 {file.suffix!r}，应为 .xlsx、.xls 或 .ods", "expected .xlsx, .xls or .ods"
        if file.suffix.lower() == ".toml":
            zh, en = (
                zh + "；一个申请人的 TOML 事实文件请用 jzai check",
                en + "; for one applicant's TOML facts use jzai check",
            )
        raise InputError([Problem(name, Said(zh, en))])
    if not file.is_file():
        raise InputError(
            [
                Problem(
                    name,
                    Said("这是目录，不是文件", "a directory, not a file")
                    if file.is_dir()
                    else Said("文件不存在", "no such file"),
                )
            ]
        )
    notices: list[Problem] = []
    book, scan = open_workbook(file, name, limits, notices)
    date1904 = scan.date1904
    import python_calamine

    found: dict[str, str] = {}  # spec name → sheet name in the file
    misnamed: list[Problem] = []  # sheets of the format under a name it does not know
    wanted = {key: spec for spec in SHEETS for key in spec.keys}
    for title in MAIN_SHEET_NAMES:
        wanted.setdefault(sheet_key(title), MAIN)
    for meta in book.sheets_metadata:
        sheet_id = sheet_key(meta.name)
        visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
        if not visible:
            notices.append(Problem(name, Said("隐藏的工作表，已忽略", "hidden sheet: ignored"), sheet=meta.name))
            continue
        spec = wanted.get(sheet_id)
        if spec is None:
            if sheet_id not in {sheet_key(k) for k in INSTRUCTION_SHEET_NAMES}:
                like = _headed_as(book, meta.name)
                if like is not None:  # a sheet of the format under another name: its rows would be lost
                    misnamed.append(
                        Problem(
                            name,
                            Said(
                                f"工作表“{meta.name}”的表头是“{like.title}”的列，但工作表名未识别，其中各行不会被读取"
                                f"（如已获奖励不读，已领的奖励会被再算一次）；请将工作表改名为“{like.title}”，或删除此表",
                                f"sheet {meta.name!r} has the headers of {like.title!r} ({like.name}) under a name "
                                f"that is not one of the format's, so its rows would not be read (awards received "
                                f"left unread are paid again): rename it {like.title!r}, or delete it",
                            ),
                            sheet=meta.name,
                        )
                    )
                    continue
                notices.append(Problem(name, Said("未识别的工作表，已忽略", "unknown sheet: ignored"), sheet=meta.name))
            continue
        if spec.name in found:
            notices.append(
                Problem(
                    name,
                    Said(
                        f"与工作表“{found[spec.name]}”重复，已忽略", f"duplicate of sheet {found[spec.name]!r}: ignored"
                    ),
                    sheet=meta.name,
                )
            )
            continue
        found[spec.name] = meta.name
    if misnamed:
        raise InputError(misnamed + notices)
    if MAIN.name not in found:
        names = "、".join(book.sheet_names)
        raise InputError(
            [
                Problem(
                    name,
                    Said(
                        f"找不到工作表“{MAIN_SHEET}”；现有：{names}",
                        f"no sheet named {MAIN_SHEET} or applicants; found: {names}",
                    ),
                )
            ]
            + notices
        )

    # The detail sheets first, grouped by credit code (a detail sheet may list
    # its rows in any order), each sheet freed when it is done; then the credit
    # codes of the main sheet (duplicates are known before any row is handed
    # out). The main sheet's rows then take their detail rows one at a time,
    # so a batch never holds every applicant row at once, nor the main sheet
    # beside a detail sheet in the reader.

    # credit code → its detail rows as read, each a pickled (sheet, row, cells,
    # link cell): a fifth of the memory of the cells as Python objects, and sent
    # to a worker process as they are
    details: dict[str, list[bytes]] = {}
    converters: dict[str, Callable[[int, list[Any]], tuple[Located, dict[str, Any]]]] = {}
    link_headers: dict[str, tuple[str, str]] = {}  # detail sheet's spec name → (sheet, the link column's header)
    for spec in DETAILS:
        if spec.name not in found:
            continue
        sheet_name = found[spec.name]
        rows = _rows(
            book,
            sheet_name,
            spec,
            name,
            date1904,
            notices,
            lazy=True,
            scan=scan.sheets.get(sheet_name),
            recalc=scan.full_calc_on_load,
        )
        for where, (convert, cells), raw_link in rows:
            key = link_key(raw_link)
            if key is None:
                message = (
                    Said(
                        "统一社会信用代码被存成了数字，数字已丢失，无法对应申请人",
                        "the credit code was stored as a number and its digits were lost: matches no applicant",
                    )
                    if isinstance(raw_link, (int, float, Decimal))
                    else Said("缺少统一社会信用代码，无法对应申请人", "no credit code: the row matches no applicant")
                )
                notices.append(
                    Problem(
                        name,
                        message,
                        sheet=where.sheet,
                        row=where.row,
                        header=where.headers.get(LINK_NAME, LINK_TITLE),
                        value=raw_link,
                    )
                )
                continue
            converters[spec.name] = convert  # held as read, packed; converted when its applicant is taken
            link_headers[spec.name] = (where.sheet, where.headers.get(LINK_NAME, LINK_TITLE))
            details.setdefault(key, []).append(dumps((spec.name, where.row, cells, raw_link), HIGHEST_PROTOCOL))
        del rows  # the sheet in the reader with it

    main_sheet = book.get_sheet_by_name(found[MAIN.name])
    first_row: dict[str, int] = {}  # credit code → its row in the main sheet
    shared: dict[str, list[int]] = {}  # credit code → rows, when more than one row has it
    count = 0
    main_scan = scan.sheets.get(found[MAIN.name])
    for row_number, raw_code in _rows(
        book, found[MAIN.name], MAIN, name, date1904, [], sheet=main_sheet, keys_only=True, scan=main_scan
    ):
        count += 1
        key = link_key(raw_code)
        if key is None:
            continue
        if key in first_row:
            shared.setdefault(key, [first_row[key]]).append(row_number)
        else:
            first_row[key] = row_number

    # detail rows whose credit code has no applicant, in sheet and row order;
    # those of a code that several applicants share are not attached to any
    unmatched: list[tuple[int, int, str, Any]] = []  # detail sheet's position, row, spec name, link cell
    order = {spec.name: n for n, spec in enumerate(DETAILS)}
    for key in [key for key in details if key not in first_row or key in shared]:
        held = details.pop(key)
        if key not in first_row:
            for packed in held:
                sheet, n, _, raw_link = loads(packed)
                unmatched.append((order[sheet], n, sheet, raw_link))
    unmatched.sort(key=lambda item: item[:2])
    orphans = [
        Problem(
            name,
            Said(
                "统一社会信用代码在“申请人信息”中找不到，此行未计入",
                "no applicant has this credit code: the row is not counted",
            ),
            sheet=link_headers[sheet][0],
            row=n,
            header=link_headers[sheet][1],
            value=raw_link,
        )
        for _, n, sheet, raw_link in unmatched
    ]
    del unmatched

    def guarded(rows: Iterator[Any]) -> Iterator[Any]:
        try:
            yield from rows
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - told as read_workbook tells them, also when the rows are taken one by one
            raise InputError(problems_from_exception(error, name)) from None

    def pick() -> Iterator[Task]:
        """The main sheet's rows, each with the raw cells of its detail rows,
        not converted yet (`build` converts them, in a worker process or here)."""
        rows = _rows(
            book,
            found[MAIN.name],
            MAIN,
            name,
            date1904,
            notices,
            sheet=main_sheet,
            lazy=True,
            keyed=True,
            scan=main_scan,
            recalc=scan.full_calc_on_load,
        )
        for where, (convert, cells), raw_code in rows:
            converters[MAIN.name] = convert
            key = link_key(raw_code)
            others = shared.get(key) if key else None
            held = details.pop(key, None) if key and not others else None
            yield where.row, cells, others, held
        notices.extend(orphans)

    def build(task: Task) -> ApplicantRow:
        number, cells, others, held = task
        where, data = converters[MAIN.name](number, cells)
        applicant = data.get("applicant", {})
        raw_code = applicant.get("credit_code")
        row = ApplicantRow(row=where.row, data=data, where=where)
        row.problems.extend(where.problems)
        row.name = str(applicant.get("name", ""))
        row.code_text = "" if raw_code is None else str(raw_code)
        row.code_key = link_key(raw_code)
        if others:
            listed = "、".join(str(r) for r in others)
            row.problems.append(
                Problem(
                    name,
                    Said(
                        f"统一社会信用代码重复（第{listed}行），无法判断明细属于哪一行",
                        f"duplicate applicant: rows {listed} share the credit code",
                    ),
                    sheet=row.where.sheet,
                    row=row.row,
                    header=row.where.headers.get("credit_code"),
                    value=row.code_text,
                )
            )
        elif held:
            for packed in held:
                sheet, n, cells, _ = loads(packed)
                row.details.setdefault(sheet, []).append(converters[sheet](n, cells))
            for items in row.details.values():
                for detail, _ in items:
                    row.problems.extend(detail.problems)
                    if detail.applicant_name is not None and not same_name(detail.applicant_name, row.name):
                        row.problems.append(
                            Problem(
                                name,
                                Said(
                                    f"此行的申请人名称“{detail.applicant_name}”与“申请人信息”第{row.row}行中"
                                    f"统一社会信用代码为 {row.code_text} 的申请人“{row.name}”不一致，"
                                    "无法确定此行属于哪个申请人，该申请人未计算；请核对信用代码或名称",
                                    f"the applicant's name {detail.applicant_name!r} on this row is not that of the "
                                    f"applicant of credit code {row.code_text}, {row.name!r} (row {row.row} of 申请人信息): "
                                    "whose row it is cannot be told, so the applicant is not computed; check the code or the name",
                                ),
                                sheet=detail.sheet,
                                row=detail.row,
                                header=detail.headers.get(LINK_NAME, LINK_TITLE),
                                value=detail.applicant_name,
                            )
                        )
        return row

    def applicants() -> Iterator[ApplicantRow]:
        for task in guarded(pick()):
            yield guarded_build(task)

    def guarded_build(task: Task) -> ApplicantRow:
        try:
            return build(task)
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - a library's error while a row is built: one message
            raise InputError(problems_from_exception(error, name)) from None

    if stream:
        return Workbook(name, applicants(), notices, list(found.values()), count, guarded(pick()), guarded_build)
    taken = list(applicants())
    return Workbook(name, taken, notices, list(found.values()), len(taken))
