"""Workbooks that plant one odd cell each, made by code (no office suite needed).

Each builder writes a file and returns its path. Typed cells (times,
durations, formula errors) are written with xlsxwriter; what is about the
XML itself (hidden rows, merged ranges, formulas without a cached value,
fullCalcOnLoad, prefixed or quoted references) is written part by part
with `hostile.write_parts`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from batch_helpers import MAIN_HEAD, code, main_row
from hostile import MAIN, RawCell, col_name, sheet_xml, write_parts

EVENTS = "认定与获奖"
EVENT_HEAD = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期", "获得年度"]

# The odd things python-calamine hands back for a cell, by how xlsxwriter writes them.
ODD_CELLS: dict[str, Any] = {
    "float": 0.5,
    "int": 7,
    "bool": True,
    "str": "不知道",
    "date": dt.date(2026, 3, 1),
    "datetime": dt.datetime(2026, 3, 1, 12, 30),
    "time": dt.time(12, 0),
    "timedelta": dt.timedelta(hours=36),
    "error": "#DIV/0!",
}


class Time:
    """A time of day or a duration, written as the number a spreadsheet stores with its format."""

    def __init__(self, days: float, format: str) -> None:
        self.days = days
        self.format = format


def write_typed(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An .xlsx with typed cells: times and durations by their format, "#…!" as a formula error."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    formats = {
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, formats["datetime"])
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), formats["date"])
                elif isinstance(value, dt.time):
                    sheet.write_number(
                        r, c, (value.hour * 60 + value.minute) / 1440, book.add_format({"num_format": "hh:mm"})
                    )
                elif isinstance(value, dt.timedelta):
                    sheet.write_number(r, c, value.total_seconds() / 86400, book.add_format({"num_format": "[h]:mm"}))
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif isinstance(value, str) and re.fullmatch(r"#[A-Z/0!?]+[!?A]", value):
                    sheet.write_formula(r, c, "=1/0", None, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return path


def odd_cells(path: Path) -> tuple[Path, list[tuple[str, str, str, int]]]:
    """Every odd cell type in every column of the main sheet and of 认定与获奖,
    one planted cell per row; returns the file and (sheet, header, type, row)
    of each plant."""
    main = [MAIN_HEAD + ["当年应税收入（万元）", "首次挂牌日期", "数据标注企业"]]
    events = [EVENT_HEAD + ["获奖等次", "牵头单位"]]
    planted = []
    n = 0
    for index, header in enumerate(main[0]):
        for kind, value in ODD_CELLS.items():
            n += 1
            row = main_row(f"甲{n}公司", code(n)) + [100, dt.date(2026, 3, 1), "是"]
            row[index] = value
            main.append(row)
            planted.append((MAIN, header, kind, len(main)))
    holder = code(n + 1)
    main.append(main_row("持有事项公司", holder) + [100, dt.date(2026, 3, 1), "是"])
    for index, header in enumerate(events[0]):
        if index == 0:
            continue  # the link: an odd credit code matches no applicant, told as such
        for kind, value in ODD_CELLS.items():
            row = [holder, "专精特新中小企业", "省级", f"事项{len(events)}", dt.date(2026, 5, 20), None, None, None]
            row[index] = value
            events.append(row)
            planted.append((EVENTS, header, kind, len(events)))
    return write_typed(path, {MAIN: main, EVENTS: events}), planted


def with_member(path: Path, member: str, change) -> Path:
    """Rewrite one member of a zip in place: `change(bytes) -> bytes`."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[member] = change(members[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def money_head(unit: str) -> list[str]:
    return MAIN_HEAD + [f"当年应税收入（{unit}）"]


def one_column(path: Path, header: str, values: list[Any], *, hidden_rows=(), extra: str = "") -> Path:
    """The main sheet with one more column: an applicant per value."""
    rows = [MAIN_HEAD + [header]] + [main_row(f"甲{i}公司", code(i)) + [v] for i, v in enumerate(values, start=1)]
    return write_parts(path, [(MAIN, sheet_xml(rows, hidden_rows=hidden_rows, extra=extra), False)])


def hidden_withdrawn(path: Path) -> Path:
    """Rows 2 and 4 are applicants; row 3, hidden, is one marked 已撤回."""
    rows = [MAIN_HEAD, main_row("甲公司", code(1)), main_row("已撤回", code(2)), main_row("丙公司", code(3))]
    return write_parts(path, [(MAIN, sheet_xml(rows, hidden_rows=[3]), False)])


def hidden_withdrawn_ods(path: Path) -> Path:
    """The same as an .ods, as LibreOffice stores a hidden row (table:visibility="collapse")."""
    from batch_helpers import write_ods

    write_ods(
        path, {MAIN: [MAIN_HEAD, main_row("甲公司", code(1)), main_row("已撤回", code(2)), main_row("丙公司", code(3))]}
    )

    def hide_the_third_row(xml: bytes) -> bytes:  # rows: header, 甲, 已撤回, 丙
        tag = b"<table:table-row>"
        at = -1
        for _ in range(3):
            at = xml.index(tag, at + 1)
        return xml[:at] + b'<table:table-row table:visibility="collapse">' + xml[at + len(tag) :]

    return with_member(path, "content.xml", hide_the_third_row)


def formula_cells(path: Path, *, recalc: bool) -> Path:
    """Row 2: a formula with a cached value in 当年应税收入; row 3: one
    without; row 4: a plain number. With `recalc` the workbook asks to be
    recalculated when it is opened (fullCalcOnLoad)."""
    cached = RawCell('<c r="{ref}"><f>100*2</f><v>200</v></c>')
    uncached = RawCell('<c r="{ref}"><f>100*2</f></c>')
    one_column(path, "当年应税收入（元）", [cached, uncached, 200])
    if recalc:
        with_member(
            path,
            "xl/workbook.xml",
            lambda xml: xml.replace(b"</sheets>", b'</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/>'),
        )
    return path


def cached_near_thousand(path: Path) -> Path:
    """8.5's 上一年度主营业务销售收入 as a formula whose cached value is
    999.9999999999999 万元 (what 0.1 added 10,000 times leaves), which Excel shows as 1000."""
    value = RawCell('<c r="{ref}"><f>SUM(X1:X10000)</f><v>999.9999999999999</v></c>')
    rows = [MAIN_HEAD + ["上一年度主营业务销售收入（万元）"], main_row("甲公司", code(1)) + [value]]
    return write_parts(path, [(MAIN, sheet_xml(rows), False)])


def far_reference(path: Path, form: str) -> Path:
    """One applicant and one stray cell at row 99,999,999 (B99999999) written as `form`."""
    cells = {
        "eight_digits": '<row r="99999999"><c r="B99999999" t="inlineStr"><is><t>x</t></is></c></row>',
        "prefixed": '<x:row r="3"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
        "quoted": "<row r='3'><c r='B99999999' t='inlineStr'><is><t>x</t></is></c></row>",
        "attribute_after": '<row r="3"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>',
        "long_letters": '<row r="3"><c r="AAAAA3" t="inlineStr"><is><t>x</t></is></c></row>',
    }
    xml = sheet_xml([MAIN_HEAD, main_row("甲公司", code(1))]).replace("</sheetData>", cells[form] + "</sheetData>")
    if form == "prefixed":
        xml = xml.replace(
            "<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        )
    return write_parts(path, [(MAIN, xml, False)])


def merged_data(path: Path) -> Path:
    """申请人类型 merged over rows 2–3 (D2:D3): row 3 has no kind of its own."""
    rows = [MAIN_HEAD, main_row("甲公司", code(1)), main_row("乙公司", code(2))]
    rows[2][3] = None
    return write_parts(
        path, [(MAIN, sheet_xml(rows, extra='<mergeCells count="1"><mergeCell ref="D2:D3"/></mergeCells>'), False)]
    )


def totals_and_notes(path: Path) -> Path:
    """Two applicants, then total rows in their spellings (one repeating the
    first applicant's credit code) and notes below the table."""
    width = len(MAIN_HEAD)
    blank = [None] * width

    def line(first: Any, *, at: int = 1, credit: str | None = None) -> list[Any]:
        row = list(blank)
        row[at] = first
        if credit:
            row[2] = credit
        return row

    rows = [
        MAIN_HEAD,
        main_row("甲公司", code(1)),
        main_row("乙公司", code(2)),
        line("合计"),
        line("合计：", credit=code(1)),
        line("总计（万元）"),
        line("本页合计", at=0),
        line("注：金额单位为元。", at=0),
        line("填表人：张三", at=0),
    ]
    return write_parts(path, [(MAIN, sheet_xml(rows), False)])


def line_breaks(path: Path) -> Path:
    """A credit code and a 是 typed with a trailing Alt+Enter (and a CR LF)."""
    row = main_row("甲公司", code(1) + "\n")
    row[6] = "是\n"
    row[7] = "是\r\n"
    return write_parts(path, [(MAIN, sheet_xml([MAIN_HEAD, row]), False)])


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave(path: Path, folder: Path, suffix: str = "xlsx") -> Path:
    """The file as LibreOffice saves it (headless convert)."""
    office = libreoffice()
    assert office is not None
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [office, "--headless", "--convert-to", suffix, "--outdir", str(folder), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{path.stem}.{suffix}"


__all__ = ["col_name"]
