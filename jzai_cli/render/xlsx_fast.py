"""The results workbook written by rustpy-xlsxwriter (a binding of rust_xlsxwriter): a prototype.

`FastBookWriter` takes the same calls as `workbook_out.BookWriter` —
`add(applicant_rows, award_rows)` as results come, `finish(summary)` once —
and writes the same sheets (汇总, 申请人, 明细, 错误) with the same cells. The
library takes each sheet whole, from an iterator, when the file is saved, so
the rows are converted as they come and spooled to an unnamed temporary file
(marshal, one record per call); `finish` streams them back into the sheets.
Memory stays flat in the number of applicants.

What it adds to the cells:

- text that a spreadsheet could take for a formula (starting with = + - @, a
  tab, a carriage return or their full-width forms) stays text: every cell is
  typed (text is an inline string, never a formula), and a column holding such
  text carries Excel's quote prefix, so editing the cell keeps it text;
- money columns (headers ending in （元） / `_yuan`) show a thousands separator
  (#,##0); the header row is bold and frozen; data sheets have an autofilter;
- column widths from the longest line of each column, a CJK character counting
  two; columns holding line breaks wrap;
- 明细 continues on 明细 (2), 明细 (3) … past Excel's 1,048,576 rows a sheet.

Whole numbers up to 10**15 are numbers (the library stores them as doubles,
exact far beyond that); larger ones and other values are written as text, as
BookWriter does. Not wired into the command line.
"""

from __future__ import annotations

import marshal
import tempfile
from itertools import islice
from pathlib import Path
from typing import Any, Iterator

from ..policy import chinese_number
from .workbook_out import (
    APPLICANT_HEADERS,
    AWARD_HEADERS,
    CUT_MESSAGE,
    FORMULA_CHARS,
    MAX_CELL_TEXT,
    PROBLEM_HEADERS,
    SUMMARY_HEADERS,
    counts,
    problem_row,
    summary_rows,
)

EXCEL_ROWS = 1_048_576  # rows of one sheet, the header included
MONEY_FORMAT = "#,##0"
MAX_WIDTH = 60  # characters of a column, wider text wraps or runs on
MIN_WIDTH = 6


def text_width(text: str) -> int:
    """Display width of the longest line: a CJK (three-byte UTF-8) character counts two, ASCII one."""
    if "\n" in text:
        return max(text_width(line) for line in text.split("\n"))
    return (len(text.encode("utf-8")) + len(text)) // 2


class _Sheet:
    """One sheet's spooled rows and what was seen in each column."""

    def __init__(self, title: str, headers: tuple[tuple[str, str], ...], lang: str, where: Path, table: bool = True) -> None:
        self.title = title
        self.keys = [zh if lang == "zh" else en for zh, en in headers]
        self.money = [zh.endswith("（元）") or en.endswith("_yuan") for zh, en in headers]
        self.table = table  # autofilter over the header
        self.widths = [text_width(k) + 2 for k in self.keys]  # room for the filter button
        self.risky = [False] * len(headers)  # holds text that starts like a formula
        self.wrap = [False] * len(headers)  # holds text with line breaks
        self.count = 0
        self.spool = tempfile.TemporaryFile(prefix=".jzai-rows-", dir=where)  # beside the workbook, not in RAM-backed /tmp

    def close(self) -> None:
        self.spool.close()

    def rows(self) -> Iterator[list[Any]]:
        self.spool.seek(0)
        load, spool = marshal.load, self.spool
        while True:
            try:
                batch = load(spool)
            except EOFError:
                return
            yield from batch


class FastBookWriter:
    """Writes the results workbook to `temp`: rows spooled as they come, the file written by `finish`."""

    ROWS_PER_SHEET = EXCEL_ROWS - 1  # data rows under the header

    def __init__(self, temp: Path, lang: str = "zh") -> None:
        import rustpy_xlsxwriter  # noqa: F401 - fail here, before any row, when it is missing

        self.temp = temp
        self.lang = lang
        self.applicants = _Sheet("申请人", APPLICANT_HEADERS, lang, temp.parent)
        self.awards = _Sheet("明细", AWARD_HEADERS, lang, temp.parent)
        self.cut: list[tuple[str, int]] = []  # (sheet, row) of cells whose text was cut

    def _convert(self, sheet: _Sheet, rows: list[list[Any]], first_row: int) -> list[list[Any]]:
        """The cells as written: None for empty, str, or int (|n| < 10**15)."""
        width = len(sheet.keys)
        widths, risky, wrap, money = sheet.widths, sheet.risky, sheet.wrap, sheet.money
        out = []
        for offset, values in enumerate(rows):
            if len(values) > width:
                raise ValueError(f"{sheet.title}: {len(values)} cells in a row of {width} columns")
            cells = []
            for col, value in enumerate(values):
                if value is None:
                    cells.append(None)
                    continue
                if type(value) is not str:
                    if isinstance(value, bool):
                        value = "是" if value else "否"
                    elif isinstance(value, int) and abs(value) < 10**15:
                        if widths[col] < 21:  # 21: the widest such number, with separators
                            w = len(f"{value:,}" if money[col] else str(value))
                            if w > widths[col]:
                                widths[col] = w
                        cells.append(value)
                        continue
                    else:
                        value = str(value)  # larger whole numbers and anything else: text, as BookWriter writes them
                if value:
                    if len(value) > MAX_CELL_TEXT:
                        value = value[: MAX_CELL_TEXT - 1] + "…"
                        self.cut.append((self._sheet_name(sheet, first_row + offset), self._row_number(first_row + offset)))
                    if value[0] in FORMULA_CHARS:
                        risky[col] = True
                    if "\n" in value:
                        wrap[col] = True
                    if widths[col] < MAX_WIDTH and 2 * len(value) > widths[col]:  # no wider than two a character
                        w = text_width(value)
                        if w > widths[col]:
                            widths[col] = w
                    cells.append(value)
                else:
                    cells.append(None)
            cells.extend([None] * (width - len(cells)))
            out.append(cells)
        return out

    def _sheet_name(self, sheet: _Sheet, index: int) -> str:
        """The sheet that the index-th data row (0-based) of `sheet` lands on."""
        part = index // self.ROWS_PER_SHEET
        return sheet.title if part == 0 else f"{sheet.title} ({part + 1})"

    def _row_number(self, index: int) -> int:
        """Excel's row number of the index-th data row (0-based) on its sheet."""
        return index % self.ROWS_PER_SHEET + 2

    def _spool(self, sheet: _Sheet, rows: list[list[Any]]) -> None:
        if rows:
            marshal.dump(self._convert(sheet, rows, sheet.count), sheet.spool)
            sheet.count += len(rows)

    def add(self, applicants: list[list[Any]], awards: list[list[Any]]) -> None:
        self._spool(self.applicants, applicants)
        self._spool(self.awards, awards)

    def finish(self, summary) -> int:
        """Write and close the workbook; the number of cells whose text was cut."""
        import rustpy_xlsxwriter as rx

        head = _Sheet("汇总", SUMMARY_HEADERS, self.lang, self.temp.parent, table=False)
        errors = _Sheet("错误", PROBLEM_HEADERS, self.lang, self.temp.parent)
        try:
            self._spool(head, self._summary(summary) if summary is not None else [])
            problems = list(summary.problems) if summary is not None else []
            self._spool(errors, [problem_row(p) for p in problems])
            cut = list(self.cut)
            self._spool(errors, [[sheet, at, None, None, "1 " + CUT_MESSAGE] for sheet, at in cut[:100]])

            book = rx.FastExcel(str(self.temp)).freeze(row=1)
            bold = rx.Format().set_bold()
            for sheet, title, rows in self._parts(head, self.applicants, self.awards, errors):
                book.sheet(title, rows, header_format=bold, column_formats=self._formats(sheet, rx),
                           column_widths=[min(MAX_WIDTH, max(MIN_WIDTH, w + 1)) for w in sheet.widths],
                           autofilter=sheet.table)
            book.save()
            return len(cut)
        finally:
            for sheet in (head, self.applicants, self.awards, errors):
                sheet.close()

    def _parts(self, *sheets: _Sheet) -> Iterator[tuple[_Sheet, str, Iterator[dict[str, Any]]]]:
        """(sheet, title, records) for every sheet of the book, a long one cut into parts.
        The library takes the sheets in order, so the parts share one iterator over the spool."""
        for sheet in sheets:
            rows = sheet.rows()
            parts = max(1, -(-sheet.count // self.ROWS_PER_SHEET))
            for part in range(parts):
                title = sheet.title if part == 0 else f"{sheet.title} ({part + 1})"
                yield sheet, title, self._records(sheet, islice(rows, self.ROWS_PER_SHEET))

    @staticmethod
    def _records(sheet: _Sheet, rows) -> Iterator[dict[str, Any]]:
        keys = sheet.keys
        empty = True
        for cells in rows:
            empty = False
            yield dict(zip(keys, cells))
        if empty:  # the library takes the header from the first record: an empty sheet still gets one
            yield dict.fromkeys(keys)

    @staticmethod
    def _formats(sheet: _Sheet, rx) -> list[Any]:
        formats = []
        for money, risky, wrap in zip(sheet.money, sheet.risky, sheet.wrap):
            if not (money or risky or wrap):
                formats.append(None)
                continue
            fmt = rx.Format()
            if money:
                fmt.set_num_format(MONEY_FORMAT)
            if risky:
                fmt.set_quote_prefix()
            if wrap:
                fmt.set_text_wrap()
            formats.append(fmt)
        return formats

    def _summary(self, summary) -> list[list[Any]]:
        """The 汇总 sheet under its header, as BookWriter lays it out."""
        zh = self.lang == "zh"
        rows: list[list[Any]] = list(summary_rows(summary, self.lang))
        rows.append(["合计" if zh else "total", None, None, None, None, summary.sure_yuan, summary.ceiling_yuan,
                     summary.review_yuan, sum(c.caps_hit for c in summary.clauses.values()),
                     sum(c.near_misses for c in summary.clauses.values())])
        rows.append([])
        rows.append(["第N条" if zh else "article", None, None, None, None, "确定金额（元）", "最高金额（元）", "需复核金额（元）"])
        for article, sure, ceiling, review in summary.articles():
            rows.append([f"第{chinese_number(article)}条" if zh else str(article), article, None, None, None, sure, ceiling, review])
        rows.append([])
        for label, value in counts(summary, self.lang):
            rows.append([label, value])
        return rows
