"""Workbooks made by code for the batch tests (no office suite needed).

.xlsx with xlsxwriter, .xls with xlwt (BIFF8, what old templates are), .ods
as hand-written OpenDocument XML in a zip, the way LibreOffice stores it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

CODE_A = "91410800MA9K3T2B51"


def code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91410800MA{n:07d}"
    return body + uscc.calc_check_digit(body)


MAIN_HEAD = [
    "评估年度",
    "申请人名称",
    "统一社会信用代码",
    "申请人类型",
    "企业规模",
    "人工智能领域",
    "在焦作市正常经营",
    "依法纳税",
    "纳入焦作统计",
]


def main_row(name: str, credit: Any, **extra: Any) -> list[Any]:
    return [2026, name, credit, "企业", "小型", "智能软件", "是", "是", "是"]


def write_xlsx(
    path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = (), date1904: bool = False
) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"date_1904": date1904, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        if name in hidden:
            sheet.hide()
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, (int, float, Decimal)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return path


def write_xls(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, dt.datetime.combine(value, dt.time()), date_style)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> Path:
    """An .ods as LibreOffice writes it: typed cells, a hidden sheet as a table style."""
    tables = []
    for name, rows in sheets.items():
        style = ' table:style-name="ta2"' if name in hidden else ' table:style-name="ta1"'
        xml_rows = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, bool):
                    cells.append(
                        f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}"><text:p>{"TRUE" if value else "FALSE"}</text:p></table:table-cell>'
                    )
                elif isinstance(value, dt.date):
                    cells.append(
                        f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>'
                    )
                elif isinstance(value, (int, float, Decimal)):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
                    )
                else:
                    cells.append(
                        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'
                    )
            xml_rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        # LibreOffice pads a sheet with a huge repeated empty row block.
        xml_rows.append(
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        tables.append(f'<table:table table:name="{escape(name)}"{style}>' + "".join(xml_rows) + "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles>"
        "<office:body><office:spreadsheet>"
        + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
