"""Tables of a workbook written by rustpy-xlsxwriter (a binding of rust_xlsxwriter).

The library takes each sheet whole, from an iterator, when the file is
saved; the batch produces rows as it evaluates. A `Table` therefore converts
each row as it comes and spools it (marshal, a batch of rows at a time, each
batch after its length) to an unnamed temporary file beside the workbook;
`save` streams the rows back into the sheets. Memory stays flat in the number
of rows: what a table keeps is one width and a few flags per column.

What a table guarantees of its cells:

- a cell is empty (None), text, or a whole number below 10**15 (the library
  stores numbers as doubles, exact far beyond that); other values, larger
  numbers included, are written as their text; a boolean is 是/否;
- text that a spreadsheet could take for a formula (starting with = + - @, a
  tab, a carriage return or their full-width forms) stays text: every text
  is written as a text cell, never a formula, and a column holding such text
  carries Excel's quote prefix, so editing the cell keeps it text;
- text longer than a cell holds (32,767 characters) is cut, ending in …, and
  the cell is counted and named (sheet, row);
- a table longer than a sheet continues on `name (2)`, `name (3)`, …, each
  with the header, so the library's row limit is never reached;
- records are built from the table's own header in order, padded to its
  width (a longer row is refused), so the library's positional reading of
  records cannot shift a cell.

What it adds for reading and printing: a bold header, frozen and with an
autofilter (tables), money columns as `#,##0` (万元 columns `#,##0.00`),
column widths from the longest line written (a CJK character counting two,
capped), wrapped text where a column holds line breaks or runs past the cap,
and a page set up for printing: landscape, fitted to the page's width, the
header row repeated on every page, the sheet's name and the page numbers in
the header and footer.
"""

from __future__ import annotations

import marshal
import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from .. import i18n

EXCEL_ROWS = 1_048_576  # rows of one sheet, the header included
MAX_CELL_TEXT = 32_767  # what one cell of Excel holds; longer text is cut
MONEY_FORMAT = "#,##0"
WAN_FORMAT = "#,##0.00##"  # 万元 (ten thousand yuan): two places at least, four at most, the whole yuan exactly
MAX_WIDTH = 50  # characters of a column; longer text wraps
MIN_WIDTH = 6
LINE_HEIGHT = 15  # points: a line of the default font
MAX_LINES = 20  # a cell taller than this is cut on screen (its text is whole)
FORMULA_CHARS = (
    "=+-@\t\r＝＋－＠"  # and their full-width forms, which spreadsheets in CJK locales also take for formulas
)
LARGEST_NUMBER = 10**15  # whole numbers below this are numbers; larger ones text (a double is exact far beyond)


def text_width(text: str) -> int:
    """Display width of the longest line: a CJK (three-byte UTF-8) character counts two, ASCII one."""
    if "\n" in text:
        return max(text_width(line) for line in text.split("\n"))
    return (len(text.encode("utf-8")) + len(text)) // 2


def header_width(text: str) -> int:
    """The width a header needs: its text and two for the filter button."""
    return text_width(text) + 2


def lines_of(text: str) -> int:
    """Lines a wrapped cell takes in a column capped at MAX_WIDTH (a spreadsheet does not size rows
    itself: LibreOffice keeps the default height of a row that does not give one)."""
    # a CJK character counts two in widths but prints nearer 1.7 digits wide: nine tenths of the width
    return sum(-(-(text_width(line) * 9) // (10 * MAX_WIDTH)) or 1 for line in text.split("\n"))


def cell_text(value: Any) -> str:
    """A value that is neither text nor a number written as a number, as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class Table:
    """One table of the workbook: a header and rows, spooled as they come.

    `formats` gives each column's number format (None, MONEY_FORMAT,
    WAN_FORMAT). `banner` is what stands above the header (see `Banner`);
    `bold` the data rows (0-based) shown in bold; `table` puts an autofilter
    on the header and freezes it."""

    def __init__(
        self,
        title: str,
        keys: list[str],
        formats: list[str | None],
        where: Path,
        rows_per_sheet: int = EXCEL_ROWS - 1,
        table: bool = True,
    ) -> None:
        if len(set(keys)) != len(keys):
            raise ValueError(f"{title}: a header names a column twice")
        self.title = title
        self.keys = keys
        self.formats = formats
        self.rows_per_sheet = rows_per_sheet
        self.table = table
        self.banner: Banner | None = None
        self.bold: set[int] = set()
        self.widths = [header_width(k) for k in keys]
        self.risky = [False] * len(keys)  # holds text that starts like a formula
        self.wrap = [False] * len(keys)  # holds text with line breaks, or longer than a column shows
        self.count = 0
        self.tall: dict[int, int] = {}  # data rows (0-based) of more than one line: their lines
        self.cut = 0  # cells whose text was cut
        self.cut_at: list[tuple[str, int]] = []  # (sheet, row) of the first 100 of them
        self.spool = tempfile.TemporaryFile(  # noqa: SIM115 - kept open across calls, closed by close()
            prefix=".jzai-rows-", dir=where
        )  # beside the workbook, not in RAM-backed /tmp

    def add(self, rows: list[list[Any]]) -> None:
        if rows:
            blob = marshal.dumps(self._convert(rows))
            self.spool.write(len(blob).to_bytes(8, "little"))  # each batch with its length: see `rows`
            self.spool.write(blob)
            self.count += len(rows)

    def _convert(self, rows: list[list[Any]]) -> list[list[Any]]:
        """The cells as written: None for empty, str, or int (|n| < 10**15)."""
        width = len(self.keys)
        widths, risky, wrap, formats = self.widths, self.risky, self.wrap, self.formats
        out = []
        for offset, values in enumerate(rows):
            if len(values) > width:
                raise ValueError(f"{self.title}: {len(values)} cells in a row of {width} columns")
            cells: list[str | int | float | None] = []
            for col, value in enumerate(values):
                if value is None:
                    cells.append(None)
                    continue
                if type(value) is not str:
                    if type(value) is int and -LARGEST_NUMBER < value < LARGEST_NUMBER:
                        if widths[col] < 21:  # 21: the widest such number, with separators
                            w = len(f"{value:,}" if formats[col] else str(value))
                            if w > widths[col]:
                                widths[col] = w
                        cells.append(value)
                        continue
                    if type(value) is float and formats[col] == WAN_FORMAT:  # a 万元 figure, shown to up to four places
                        w = len(f"{value:,.4f}")
                        if w > widths[col]:
                            widths[col] = w
                        cells.append(value)
                        continue
                    value = cell_text(value)  # larger whole numbers and anything else: text
                if value:
                    if len(value) > MAX_CELL_TEXT:
                        value = value[: MAX_CELL_TEXT - 1] + "…"
                        self._note_cut(self.count + offset)
                    if value[0] in FORMULA_CHARS:
                        risky[col] = True
                    if "\n" in value:
                        wrap[col] = True
                    if widths[col] < MAX_WIDTH and 2 * len(value) > widths[col]:  # no wider than two a character
                        w = text_width(value)
                        if w > widths[col]:
                            widths[col] = w
                    if 2 * len(value) > MAX_WIDTH or "\n" in value:
                        lines = lines_of(value)
                        if lines > 1 and lines > self.tall.get(self.count + offset, 1):
                            self.tall[self.count + offset] = lines
                    cells.append(value)
                else:
                    cells.append(None)
            cells.extend([None] * (width - len(cells)))
            out.append(cells)
        return out

    def _note_cut(self, index: int) -> None:
        self.cut += 1
        if len(self.cut_at) < 100:
            self.cut_at.append((self.sheet_of(index), self.row_of(index)))

    def sheet_of(self, index: int) -> str:
        """The sheet that the index-th data row (0-based) lands on."""
        part = index // self.rows_per_sheet
        return self.title if part == 0 else f"{self.title} ({part + 1})"

    def row_of(self, index: int) -> int:
        """Excel's row number of the index-th data row (0-based) on its sheet."""
        return index % self.rows_per_sheet + self.header_row + 2

    @property
    def header_row(self) -> int:
        return len(self.banner.lines) + 1 if self.banner else 0  # a blank row between the banner and the header

    @property
    def sheets(self) -> list[str]:
        return [
            self.sheet_of(part * self.rows_per_sheet) for part in range(max(1, -(-self.count // self.rows_per_sheet)))
        ]

    def rows(self) -> Iterator[list[Any]]:
        """The rows spooled, in order. Each batch is read whole and loaded from bytes: `marshal.load`
        on a file calls its `readinto` for every value, ten times the cost of `loads` on the bytes."""
        self.spool.seek(0)
        read, loads = self.spool.read, marshal.loads
        while size := read(8):
            if len(size) != 8:
                raise OSError(f"{self.title}: the row spool ends inside a batch's length")
            length = int.from_bytes(size, "little")
            blob = read(length)
            if len(blob) != length:
                raise OSError(f"{self.title}: the row spool ends inside a batch")
            yield from loads(blob)

    def close(self) -> None:
        """Drop the spool (unnamed: nothing is left on disk); a buffer it cannot flush any more does not matter."""
        try:
            self.spool.close()
        except OSError:
            pass

    def column_widths(self) -> list[float]:  # whole numbers, as the writer takes them
        """Widths in Excel's unit (the width of a digit): the display width, a tenth more for letters wider
        than a digit (the capitals of a credit code), and a character of padding."""
        return [min(MAX_WIDTH, max(MIN_WIDTH, w + w // 10 + 1)) for w in self.widths]


class Banner:
    """Lines above a table's header (a report's title and facts), each line a
    list of (first column, last column, text, style) spans. A span covers at
    least two columns (Excel merges them) and holds text (the library writes
    a merged range's value as text); style is "title", "label" or None."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[int, int, Any, str | None]]] = []

    def line(self, *spans: tuple[int, int, Any, str | None]) -> None:
        self.lines.append(list(spans))


def save(path: Path, tables: list[Table], lang: str = "zh") -> None:
    """Write the workbook: every table, in order, each continued past its sheet."""
    import rustpy_xlsxwriter as rx

    book = rx.FastExcel(str(path))
    styles = _styles(rx)
    footer = i18n.say("xlsx_footer", lang)
    for table in tables:
        rows = table.rows()  # the parts of a long table share one iterator over its spool
        formats = _column_formats(table, rx)
        widths = table.column_widths()
        for part, title in enumerate(table.sheets):
            options: dict[str, Any] = {}
            header_row = table.header_row if part == 0 else 0
            heights = {}
            if any(text_width(key) > width - 2 for key, width in zip(table.keys, widths, strict=False)):
                heights[header_row] = (
                    30  # a header on two lines (it wraps; a spreadsheet does not size the row by itself)
                )
            first = part * table.rows_per_sheet
            for index, lines in table.tall.items():
                if first <= index < first + table.rows_per_sheet:
                    heights[header_row + 1 + index - first] = LINE_HEIGHT * min(lines, MAX_LINES)
            if part == 0 and table.banner is not None:
                options["header_row"] = header_row
                options["merge_ranges"] = [
                    (line, first, line, last, value, styles[style]) if style else (line, first, line, last, value)
                    for line, spans in enumerate(table.banner.lines)
                    for first, last, value, style in spans
                ]  # in row order: the library writes rows once, in order, and drops a write to a row behind it
                heights[0] = 28
            if heights:
                options["row_heights"] = heights
            if table.bold:
                options["row_formats"] = {header_row + 1 + index: styles["bold"] for index in sorted(table.bold)}
            if table.table:
                book.freeze(row=header_row + 1, sheet=title)
            book.sheet(
                title,
                _records(table.keys, islice(rows, table.rows_per_sheet)),
                header_format=styles["header"],
                column_formats=formats,
                column_widths=widths,
                autofilter=table.table,
                page_setup={
                    "landscape": True,
                    "fit_to_pages": (1, 0),
                    "repeat_rows": header_row,
                    "header": "&L&A",
                    "footer": footer,
                    "margins": {"left": 0.4, "right": 0.4},
                },
                **options,
            )
    book.save()


def _records(keys: list[str], rows) -> Iterator[dict[str, Any]]:
    empty = True
    for cells in rows:
        empty = False
        yield dict(zip(keys, cells, strict=False))
    if empty:  # the library takes the header from the first record: an empty sheet still gets one
        yield dict.fromkeys(keys)


def _styles(rx) -> dict[str, Any]:
    return {
        "header": rx.Format()
        .set_bold()
        .set_text_wrap()
        .set_align("center")
        .set_align("vcenter")
        .set_background_color("#DDEBF7")
        .set_border("thin"),
        "bold": rx.Format().set_bold(),
        "title": rx.Format().set_bold().set_font_size(15).set_align("vcenter"),
        "label": rx.Format().set_bold(),
    }


def _column_formats(table: Table, rx) -> list[Any]:
    """Each column's format: its number format, the quote prefix where it holds formula-like text,
    wrapping where its text runs long; every cell aligned to the top, so that a row with a wrapped
    cell still reads across."""
    formats = []
    for col, (number, risky) in enumerate(zip(table.formats, table.risky, strict=False)):
        fmt = rx.Format().set_align("top")
        if number:
            fmt.set_num_format(number)
        if risky:
            fmt.set_quote_prefix()
        if table.wrap[col] or table.widths[col] > MAX_WIDTH:
            fmt.set_text_wrap()
        formats.append(fmt)
    return formats
