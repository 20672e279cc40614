"""The extent the pre-scan finds: exact, whatever the sheet hides and wherever.

The pre-scan reads a block whose references are all written as Excel writes
them (` r="B17"`) by its last references and one search for anything beyond
them; these sheets put the reference that decides the extent where that
shortcut would miss it if it were wrong, and compare the extent with the one
found by reading every reference of the sheet.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from jzai_cli.readers.archive import column_number, scan_sheet

ROWS = 60_000  # about 5 MB of sheet: more than one block of the scan (4 MiB)


def sheet(rows: int = ROWS, odd: dict[int, str] | None = None) -> bytes:
    """A sheet of `rows` rows of cells A…P, each row as Excel writes it, with
    row number → the row's XML replaced by `odd`."""
    odd = odd or {}
    parts = ['<?xml version="1.0"?><worksheet xmlns="x" xmlns:r="y"><sheetData>']
    for r in range(1, rows + 1):
        if r in odd:
            parts.append(odd[r])
            continue
        cells = "".join(f'<c r="{chr(65 + c)}{r}" t="n"><v>{c}</v></c>' for c in range(16))
        parts.append(f'<row r="{r}" spans="1:16">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


def scanned(xml: bytes):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(data) as archive:
        return scan_sheet(archive, archive.getinfo("xl/worksheets/sheet1.xml"))


def every_reference(xml: bytes) -> tuple[int, int]:
    """The extent by reading every reference of the sheet, in any spelling."""
    refs = re.findall(rb"""\sr\s*=\s*["']([A-Z]*)(\d*)["']""", xml)
    rows = max(int(digits.lstrip(b"0") or b"0") for _, digits in refs if digits)
    columns = max(column_number(letters) for letters, _ in refs)
    return rows, columns


def test_a_plain_sheet_has_the_extent_of_its_cells():
    found = scanned(sheet())
    # 60,000 rows of the 16 columns A…P
    assert (found.rows, found.columns) == (60_000, 16)


@pytest.mark.parametrize(
    ("name", "row", "xml", "extent"),
    [
        # a stray cell far to the right in an early row, in the first block: XFD is column 16,384
        ("far column early", 10, '<row r="10"><c r="XFD10"><v>1</v></c></row>', (60_000, 16_384)),
        # one letter past the last column P (Q = 17), in the middle of the second block
        ("one column more mid-block", 50_000, '<row r="50000"><c r="Q50000"><v>1</v></c></row>', (60_000, 17)),
        # a cell whose row is far below its row element, mid-block
        ("far row in a near row", 20_000, '<row r="20000"><c r="A1048576"><v>1</v></c></row>', (1_048_576, 16)),
        # a row one more than the last row, early on: as many digits, larger
        ("one row more, early", 5, '<row r="5"><c r="A60001"><v>1</v></c></row>', (60_001, 16)),
        # a row number with leading zeros: its value counts, not its length
        ("leading zeros", 30_000, '<row r="30000"><c r="B000000061234"><v>1</v></c></row>', (61_234, 16)),
        # the attribute spelled with spaces around the equals sign
        ("spaces around =", 40_000, '<row r="40000"><c r  =  "AB999999"><v>1</v></c></row>', (999_999, 28)),
        # single quotes
        ("single quotes", 45_000, "<row r='45000'><c r='ZZ45000'><v>1</v></c></row>", (60_000, 702)),
        # a tab before the attribute
        ("tab before r", 46_000, '<row r="46000"><c\tr="AAA7"><v>1</v></c></row>', (60_000, 703)),
        # a prefixed element
        ("prefixed", 47_000, '<x:row r="47000"><x:c r="AZ800000"><x:v>1</x:v></x:c></x:row>', (800_000, 52)),
    ],
)
def test_the_reference_that_decides_the_extent_is_found_wherever_it_is(name, row, xml, extent):
    data = sheet(odd={row: xml})
    found = scanned(data)
    assert (found.rows, found.columns) == extent == every_reference(data), name


def test_the_last_row_need_not_be_the_largest():
    # rows written out of order: the largest row number in the middle, a small one last
    odd = {59_999: '<row r="900000"><c r="A900000"><v>1</v></c></row>', 60_000: '<row r="3"><c r="A3"/></row>'}
    data = sheet(odd=odd)
    found = scanned(data)
    assert (found.rows, found.columns) == (900_000, 16) == every_reference(data)


def test_a_reference_without_its_row_bounds_nothing():
    # r="B" (letters, no row) in a block of odd spellings: the scan keeps the
    # extent of the other cells (before, int(b"") raised and the user read
    # "internal error"); python-calamine then refuses the sheet, naming it
    odd = {5: '<row r="5"><c r ="A5"><v>1</v></c><c r="B"><v>2</v></c></row>'}
    found = scanned(sheet(rows=10, odd=odd))
    assert (found.rows, found.columns) == (10, 16)


def test_a_workbook_with_a_reference_without_its_row_is_refused_by_name(tmp_path):
    from batch_helpers import MAIN_HEAD, code, main_row, write_xlsx
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    book = write_xlsx(tmp_path / "book.xlsx", {"申请人信息": [MAIN_HEAD, main_row("甲公司", code(1))]})
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<c r="B2"' in data
                data = data.replace(b'<c r="B2"', b'<c r="B"', 1)
            target.writestr(info, data)
    result = CliRunner().invoke(app, ["batch", str(broken), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert "无法读取工作簿" in result.output and "内部错误" not in result.output
    assert not (tmp_path / "out.xlsx").exists()
