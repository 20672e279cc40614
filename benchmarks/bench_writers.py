"""Which library should write the results workbook: the same cells, each writer in turn.

    python benchmarks/bench_writers.py                      # 100,000 applicants and a streamed million rows, 3 runs
    python benchmarks/bench_writers.py --repeat 1 --applicants 10000 --stream 100000
    python benchmarks/bench_writers.py --writers xlsxwriter rustpy-xlsxwriter
    python benchmarks/bench_writers.py --features           # what each library does with the office's asks

Two cases, each writer run in a fresh process per run (the runs of all
writers are taken in turn, so a busy spell of the shared machine falls on all
of them):

- results: the cells of jzai's results workbook for N applicants — 申请人 with
  N rows × 9 columns and 明细 with 3N rows × 11 columns (Chinese names, credit
  codes, whole-yuan ints, reason sentences of 20–40 CJK characters, a few
  texts that begin with = + - @ or their full-width forms, some empty
  amounts), generated deterministically and held in lists before the clock
  starts, as jzai holds a batch of rows;
- stream: 1,000,000 rows × 11 columns of the 明细 kind, made by a generator
  while the writer takes them, so the peak memory is the writer's own.

Every writer writes the same workbook: a header row, frozen; an autofilter
over it; whole yuan with a thousands separator (#,##0) in the amount columns;
text that a spreadsheet could take for a formula kept as text (with Excel's
quote prefix where the library can set one).

Measured: the write's wall and CPU seconds inside the child (from the first
cell to the closed file, generation of the held rows excluded), the peak
resident memory of the child (os.wait4's rusage, the whole process), the
file size. "data only" is a child that builds the same rows and writes
nothing: its peak is what the rows themselves take. Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout

WRITERS = ("xlsxwriter", "pyexcelerate", "rustpy-xlsxwriter", "rvgsrust-xlsxwriter", "openpyxl", "fast-book")
MODULES = {
    "xlsxwriter": "xlsxwriter",
    "pyexcelerate": "pyexcelerate",
    "rustpy-xlsxwriter": "rustpy_xlsxwriter",
    "rvgsrust-xlsxwriter": "rvgsrust_xlsxwriter",
    "openpyxl": "openpyxl",
    "fast-book": "rustpy_xlsxwriter",
}
DISTRIBUTIONS = {
    "xlsxwriter": "XlsxWriter",
    "pyexcelerate": "PyExcelerate",
    "rustpy-xlsxwriter": "rustpy-xlsxwriter",
    "rvgsrust-xlsxwriter": "rvgsrust-xlsxwriter",
    "openpyxl": "openpyxl",
}

APPLICANT_HEADERS = (
    "行号",
    "申请人名称",
    "统一社会信用代码",
    "状态",
    "确定金额（元）",
    "最高金额（元）",
    "需复核金额（元）",
    "待定奖励数",
    "说明",
)
AWARD_HEADERS = (
    "行号",
    "申请人名称",
    "统一社会信用代码",
    "条款",
    "条款名称",
    "事项",
    "状态",
    "金额（元）",
    "方式",
    "领取人",
    "原因",
)
APPLICANT_MONEY = frozenset({4, 5, 6})
AWARD_MONEY = frozenset({7})
NUMBER_COLUMNS = {"行号", "待定奖励数"}  # whole numbers that are not money
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# --- the cells --------------------------------------------------------------------

PLACES = "焦作解放山阳中站马村修武博爱武陟温县沁阳孟州"
WORDS = (
    "智算",
    "数智",
    "云图",
    "算力",
    "智联",
    "星河",
    "天工",
    "太行",
    "怀川",
    "丹河",
    "云台",
    "神农",
    "竹林",
    "覃怀",
    "智造",
    "数据",
    "视觉",
    "语言",
    "机器",
    "光启",
)
TRADES = ("软件", "信息技术", "人工智能", "数据服务", "科技", "网络科技", "智能装备", "算力服务")
FORMS = ("有限公司", "股份有限公司", "有限责任公司")
CLAUSES = (
    ("3.1", "人工智能企业落户奖励"),
    ("5.2", "算力券"),
    ("7.1", "人才引进补贴"),
    ("8.5", "晋级补差"),
    ("4.3", "数据标注基地奖励"),
    ("6.2", "场景应用示范奖励"),
)
EVENTS = (
    "首次认定为国家高新技术企业",
    "购买智能算力服务",
    "引进全日制硕士研究生",
    "入选省级人工智能示范场景",
    "首次挂牌数据交易平台",
    "升规入统",
)
STATUS = ("符合", "需复核", "不符合", "待定")
KINDS = ("奖励", "补贴", "算力券")
RECIPIENTS = ("申请人", "毕业生本人", "算力服务商")
PHRASES = (
    "按上一年度实际支付的算力资源使用费",
    "给予不超过百分之三十的补贴",
    "单个企业每年最高不超过五百万元",
    "已在本市正常经营且依法纳税",
    "纳入焦作统计口径的规模以上企业",
    "首次获得认定的给予一次性奖励",
    "与已享受的同类奖励按就高原则不重复享受",
    "缺少获得日期无法判断是否在有效期内",
)
# texts a spreadsheet could take for a formula, kept as text by every writer
HOSTILE = ("=1+1", "+8613900000000", "-开头的说明", "@SUM(A1)", "＝SUM(A1:A9)", '=HYPERLINK("http://x","点击")')


def credit_code(n: int) -> str:
    body = f"91410800MA{n:07d}"
    return body + "0123456789ABCDEFGHJKLMNPQRTUWXY"[n % 31]


def name(n: int) -> str:
    return (
        PLACES[n % 10 * 2 : n % 10 * 2 + 2]
        + WORDS[n // 10 % 20]
        + WORDS[n // 200 % 20]
        + TRADES[n // 4000 % 8]
        + FORMS[n // 32000 % 3]
        + ("" if n < 96_000 else f"第{n // 96_000}分公司")
    )


def reason(n: int) -> str:
    # 20-40 CJK characters: two or three phrases
    parts = [PHRASES[n % 8], PHRASES[(n // 8 + 3) % 8]]
    if n % 3 == 0:
        parts.append(PHRASES[(n // 64 + 5) % 8][:6])
    return "，".join(parts)[:40]


def applicant_rows(count: int):
    for n in range(count):
        invalid = n % 20 == 7
        notes = "" if n % 5 else "缺少事实：获得日期\n" + reason(n)
        if n % 997 == 3:
            notes = HOSTILE[n % len(HOSTILE)]
        if invalid:
            yield [n + 2, name(n), credit_code(n), "无效", None, None, None, None, "申请人名称: 应为文本"]
        else:
            sure = (n * 7919) % 500 * 10_000
            yield [
                n + 2,
                name(n),
                credit_code(n),
                "有效" if n % 9 else "需复核",
                sure,
                sure + (n % 7) * 50_000,
                (n % 9 == 0) * 200_000,
                n % 3,
                notes,
            ]


def award_row(n: int, k: int) -> list:
    clause, title = CLAUSES[(n + k) % 6]
    status = STATUS[(n * 3 + k) % 4]
    amount = None if status == "待定" else (n * 31 + k * 17) % 1000 * 1_000
    text = HOSTILE[n % len(HOSTILE)] if n % 1009 == 5 else reason(n * 3 + k)
    return [
        n + 2,
        name(n),
        credit_code(n),
        clause,
        title,
        EVENTS[(n + k * 2) % 6],
        status,
        amount,
        KINDS[k % 3],
        RECIPIENTS[(n + k) % 3],
        text,
    ]


def award_rows(count: int):
    for n in range(count):
        for k in range(3):
            yield award_row(n, k)


def stream_rows(count: int):
    for i in range(count):
        yield award_row(i // 3, i % 3)


def sheets_for(case: str, size: int) -> list[tuple[str, tuple, frozenset, object]]:
    if case == "results":
        return [
            ("申请人", APPLICANT_HEADERS, APPLICANT_MONEY, list(applicant_rows(size))),
            ("明细", AWARD_HEADERS, AWARD_MONEY, list(award_rows(size))),
        ]
    return [("明细", AWARD_HEADERS, AWARD_MONEY, stream_rows(size))]


# --- the writers: the same workbook each -------------------------------------------------


def write_xlsxwriter(path: str, sheets) -> None:
    """What jzai uses today (BookWriter): constant memory, string conversions off, cell by cell."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        path,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    quoted = book.add_format({"quote_prefix": True})
    money = book.add_format({"num_format": "#,##0"})
    chars = "".join(FORMULA_START)
    for title, headers, money_cols, rows in sheets:
        sheet = book.add_worksheet(title)
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header)
        sheet.freeze_panes(1, 0)
        write_string, write_number = sheet.write_string, sheet.write_number
        row = 0
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    if not value:
                        continue
                    if value[0] in chars:
                        write_string(row, col, value, quoted)
                    else:
                        write_string(row, col, value)
                elif col in money_cols:
                    write_number(row, col, value, money)
                else:
                    write_number(row, col, value)
        sheet.autofilter(0, 0, row, len(headers) - 1)
    book.close()


def write_pyexcelerate(path: str, sheets) -> None:
    """PyExcelerate: the whole sheet in memory, column styles; a string starting with = is a formula
    unless the cell's style says it is text, so those cells get a style of their own."""
    from pyexcelerate import Format, Panes, Style, Workbook
    from pyexcelerate.DataTypes import DataTypes

    book = Workbook()
    money = Style(format=Format("#,##0"))
    text = Style(data_type=DataTypes.INLINE_STRING, quote_prefix=True)
    chars = "".join(FORMULA_START)
    for title, headers, money_cols, rows in sheets:
        data = [list(headers)]
        risky = []
        for values in rows:
            data.append(values)
            for col, value in enumerate(values):
                if isinstance(value, str) and value and value[0] in chars:
                    risky.append((len(data), col + 1))
        sheet = book.new_sheet(title, data=data)
        for col in money_cols:
            sheet.set_col_style(col + 1, money)
        for row, col in risky:
            sheet.set_cell_style(row, col, text)
        sheet.panes = Panes(0, 1)
        sheet.auto_filter = True
    book.save(path)


def write_rustpy(path: str, sheets) -> None:
    """rustpy-xlsxwriter: records (dicts, in header order) from a generator; column formats."""
    import rustpy_xlsxwriter as rx

    book = rx.FastExcel(path).freeze(row=1)
    for title, headers, money_cols, rows in sheets:
        formats = [
            rx.Format().set_num_format("#,##0")
            if col in money_cols
            else None
            if header in NUMBER_COLUMNS
            else rx.Format().set_quote_prefix()
            for col, header in enumerate(headers)
        ]
        book.sheet(title, records(headers, rows), column_formats=formats, autofilter=True)
    book.save()


def write_rvgs(path: str, sheets) -> None:
    """rvgsrust-xlsxwriter, the other binding of rust_xlsxwriter: a worksheet written row by row in
    constant-memory mode (so sheets could be written while a batch evaluates, in any order); column formats."""
    import rvgsrust_xlsxwriter as rv

    book = rv.Workbook(path)
    for title, headers, money_cols, rows in sheets:
        sheet = book.add_worksheet(title, constant_memory=True)
        for col, header in enumerate(headers):
            if col in money_cols:
                sheet.set_column_format(col, book.add_format().set_num_format("#,##0"))
            elif header not in NUMBER_COLUMNS:
                sheet.set_column_format(col, book.add_format().set_quote_prefix())
        sheet.write_row(0, 0, list(headers))
        count = 0
        for values in rows:
            count += 1
            sheet.write_row(count, 0, values)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, count, len(headers) - 1)
    book.close()


def records(headers, rows):
    for values in rows:
        yield dict(zip(headers, values, strict=False))


def write_openpyxl(path: str, sheets) -> None:
    """openpyxl write-only: a cell object for each amount and each formula-like text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    chars = "".join(FORMULA_START)
    for title, headers, money_cols, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        count = 0
        sheet.append(list(headers))
        for values in rows:
            cells = list(values)
            for col, value in enumerate(values):
                if isinstance(value, str):
                    if value and value[0] in chars:
                        cell = WriteOnlyCell(sheet, value)
                        cell.data_type = "s"  # openpyxl takes any text starting with = for a formula
                        cell.quotePrefix = True
                        cells[col] = cell
                elif value is not None and col in money_cols:
                    cell = WriteOnlyCell(sheet, value)
                    cell.number_format = "#,##0"
                    cells[col] = cell
            sheet.append(cells)
            count += 1
        sheet.auto_filter.ref = f"A1:{chr(64 + len(headers))}{count + 1}"
    book.save(path)


def write_fast_book(path: str, sheets) -> None:
    """jzai's results writer, BookWriter (rustpy-xlsxwriter behind a spool, widths, formats, every sheet)."""
    from jzai_cli.batch import Summary
    from jzai_cli.render.workbook_out import BookWriter as FastBookWriter

    if len(sheets) == 1:  # the stream: detail rows only, in batches as jzai sends them
        writer = FastBookWriter(Path(path))
        batch = []
        for values in sheets[0][3]:
            batch.append(values)
            if len(batch) == 1500:
                writer.add([], batch)
                batch = []
        writer.add([], batch)
    else:
        writer = FastBookWriter(Path(path))
        applicants, awards = sheets[0][3], sheets[1][3]
        for start in range(0, len(applicants), 500):
            writer.add(applicants[start : start + 500], awards[3 * start : 3 * start + 1500])
    writer.finish(Summary(file="bench.xlsx", year=None))


WRITE = {
    "xlsxwriter": write_xlsxwriter,
    "pyexcelerate": write_pyexcelerate,
    "rustpy-xlsxwriter": write_rustpy,
    "rvgsrust-xlsxwriter": write_rvgs,
    "openpyxl": write_openpyxl,
    "fast-book": write_fast_book,
}


def child(writer: str, case: str, size: int, path: str) -> None:
    import resource

    sheets = sheets_for(case, size)
    wall, cpu = time.perf_counter(), time.process_time()
    if writer == "none":
        cells = sum(1 for _, _, _, rows in sheets for values in rows for _ in values)
    else:
        WRITE[writer](path, sheets)
        cells = None
    report = {
        "write_s": time.perf_counter() - wall,
        "write_cpu_s": time.process_time() - cpu,
        "self_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size_mb": os.path.getsize(path) / 1e6 if writer != "none" else None,
        "cells": cells,
    }
    print(json.dumps(report))


def run_child(writer: str, case: str, size: int, path: Path, timeout: float) -> dict:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", writer, case, str(size), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - start
    if process.returncode != 0:
        return {"error": (err.strip().splitlines() or [f"exit code {process.returncode}"])[-1]}
    report = json.loads(out.strip().splitlines()[-1])
    report["process_s"] = wall
    return report


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}, "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the start"
    )


def versions(writers) -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for writer in writers:
        dist = DISTRIBUTIONS.get(writer)
        if dist is None:
            continue
        try:
            out.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist} not installed")
    return ", ".join(out)


def available(writer: str) -> bool:
    import importlib.util

    return writer == "none" or importlib.util.find_spec(MODULES[writer]) is not None


def measure(writers, repeat: int, applicants: int, stream: int, timeout: float) -> None:
    cases = [("results", applicants)] + ([("stream", stream)] if stream else [])
    print(f"`{' '.join([Path(sys.argv[0]).name] + sys.argv[1:])}` — {dt.date.today()}, {machine()}")
    print(versions(writers))
    with tempfile.TemporaryDirectory(prefix="bench-writers-") as tmp:
        for case, size in cases:
            runs: dict[str, list[dict]] = {w: [] for w in ["none", *writers]}
            for attempt in range(repeat):
                for writer in runs:  # in turn, so load falls on all of them alike
                    report = run_child(writer, case, size, Path(tmp) / f"{writer}.xlsx", timeout)
                    runs[writer].append(report)
                    shown = report.get("error") or f"{report['write_s']:.1f} s, {report['self_peak_mb']:.0f} MB"
                    print(f"  {case} run {attempt + 1} {writer}: {shown}", file=sys.stderr, flush=True)
            print()
            cells = runs["none"][0].get("cells")
            what = (
                f"{size:,} applicants: 申请人 {size:,} × 9 and 明细 {3 * size:,} × 11, held in lists"
                if case == "results"
                else f"{size:,} rows × 11 made by a generator while written"
            )
            print(f"**{case}** — {what}; {cells:,} cells; medians of {repeat}")
            print()
            print("| writer | write s | write CPU s | process s | peak MB | file MB | × fastest |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            rows = []
            for writer, reports in runs.items():
                good = [r for r in reports if "error" not in r]
                if not good:
                    rows.append((writer, None, reports[0]["error"]))
                    continue
                med = {
                    k: statistics.median(r[k] for r in good)
                    for k in ("write_s", "write_cpu_s", "process_s", "self_peak_mb")
                }
                med["size_mb"] = good[0]["size_mb"]
                rows.append((writer, med, None if len(good) == len(reports) else reports[0].get("error")))
            fastest = min(m["write_s"] for w, m, _ in rows if m and w != "none")
            for writer, med, error in rows:
                label = "data only (no writer)" if writer == "none" else writer
                if med is None:
                    print(f"| {label} | failed: {error} | | | | | |")
                    continue
                size_mb = "—" if med["size_mb"] is None else f"{med['size_mb']:.1f}"
                ratio = "—" if writer == "none" else f"{med['write_s'] / fastest:.1f}"
                print(
                    f"| {label} | {med['write_s']:.1f} | {med['write_cpu_s']:.1f} | {med['process_s']:.1f} | "
                    f"{med['self_peak_mb']:.0f} | {size_mb} | {ratio} |"
                )
            sys.stdout.flush()


# --- what each library does with the office's asks -----------------------------------------


def features() -> None:
    """Probe each library for the behaviour the results workbook needs; print what it did."""
    import importlib

    with tempfile.TemporaryDirectory(prefix="bench-writers-") as tmp:
        for writer in ("xlsxwriter", "pyexcelerate", "rustpy-xlsxwriter", "rvgsrust-xlsxwriter", "openpyxl"):
            if not available(writer):
                print(f"{writer}: not installed")
                continue
            path = str(Path(tmp) / f"{writer}.xlsx")
            rows = [[1, "=1+1", 1_234_567], [2, "＝SUM(A1)", None], [3, "焦作智算软件有限公司", 10**14]]
            sheets = [("明细", ("行号", "文本", "金额（元）"), frozenset({2}), rows)]
            try:
                WRITE[writer](path, sheets)
                print(f"{writer}: {readback(path)}")
            except Exception as error:  # noqa: BLE001 - reported, then the next writer
                print(f"{writer}: failed: {type(error).__name__}: {error}")
            # past the row limit: header + 1,048,576 rows
            limit_path = str(Path(tmp) / f"{writer}-limit.xlsx")
            try:
                WRITE[writer](limit_path, [("S", ("i",), frozenset(), ([i] for i in range(1_048_576)))])
                print(
                    f"  {writer} past 1,048,576 rows: no error; file {'exists' if os.path.exists(limit_path) else 'absent'}; "
                    f"rows read back {rows_in(limit_path)}"
                )
            except Exception as error:  # noqa: BLE001 - reported, then the next writer
                print(
                    f"  {writer} past 1,048,576 rows: {type(error).__name__}: {str(error)[:120]}; "
                    f"file {'left behind' if os.path.exists(limit_path) else 'not written'}"
                )
            importlib.invalidate_caches()


def check(writers, size: int) -> None:
    """Write the results case with each writer, read it back with openpyxl and python-calamine,
    compare every cell with what was written: numbers stay numbers, text stays text (never a
    formula), CJK intact, formula-like text carries the quote prefix."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    print(
        f"`{' '.join([Path(sys.argv[0]).name] + sys.argv[1:])}` — every cell of {size:,} applicants' results read back"
    )
    with tempfile.TemporaryDirectory(prefix="bench-writers-") as tmp:
        for writer in writers:
            if writer == "fast-book":
                continue  # tests/test_xlsx_fast.py reads it back
            path = str(Path(tmp) / f"{writer}.xlsx")
            WRITE[writer](path, sheets_for("results", size))
            wrong: list[str] = []
            cells = quoted = empty_text = 0
            book = load_workbook(path, read_only=True)
            calamine = CalamineWorkbook.from_path(path)
            for title, headers, _, rows in sheets_for("results", size):
                sheet = book[title]
                fast = calamine.get_sheet_by_name(title).to_python()
                if list(fast[0]) != list(headers):
                    wrong.append(f"{title} header {fast[0]!r}")
                got = sheet.iter_rows(min_row=2)
                for number, values in enumerate(rows, start=2):
                    line = next(got, ())
                    line = {c.column - 1: c for c in line if c.value is not None}
                    fast_line = fast[number - 1] if number - 1 < len(fast) else []
                    for col, value in enumerate(values):
                        cells += 1
                        cell = line.get(col)
                        fast_value = fast_line[col] if col < len(fast_line) else ""
                        if value is None or value == "":
                            if cell is not None and cell.value == "" and fast_value == "":
                                empty_text += 1  # an empty text cell, not a blank one
                            elif cell is not None or fast_value != "":
                                wrong.append(f"{title}!{number},{col + 1}: {value!r} read {cell and cell.value!r}")
                        elif isinstance(value, int):
                            if cell is None or cell.data_type != "n" or cell.value != value or fast_value != value:
                                wrong.append(
                                    f"{title}!{number},{col + 1}: {value!r} read {cell and (cell.value, cell.data_type)!r}"
                                )
                        else:
                            shown = (
                                cell.value.replace("_x000D_", "\r") if cell is not None else None
                            )  # openpyxl leaves the escape
                            if cell is None or cell.data_type != "s" or shown != value or fast_value != value:
                                wrong.append(
                                    f"{title}!{number},{col + 1}: {value!r} read {cell and (cell.value, cell.data_type)!r}"
                                )
                            elif value[0] in "".join(FORMULA_START):
                                quoted += 1
                                if not cell.style_array.quotePrefix:
                                    wrong.append(f"{title}!{number},{col + 1}: {value!r} without the quote prefix")
                if next(got, None) is not None:
                    wrong.append(f"{title}: rows past the last one written")
            print(
                f"- {writer}: {cells:,} cells, {quoted} formula-like texts; "
                + (f"{empty_text:,} empty texts written as empty text cells; " if empty_text else "")
                + (f"{len(wrong)} wrong, first: {wrong[:3]}" if wrong else "every cell as written")
            )
            book.close()


def readback(path: str) -> str:
    from openpyxl import load_workbook

    sheet = load_workbook(path)["明细"]
    cells = [
        (c.coordinate, c.value, c.data_type, bool(c.quotePrefix), c.number_format)
        for r in sheet.iter_rows(min_row=2)
        for c in r
        if c.value is not None
    ]
    return f"freeze {sheet.freeze_panes}, filter {sheet.auto_filter.ref}, cells {cells}"


def rows_in(path: str) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return sum(book.get_sheet_by_name(n).height for n in book.sheet_names)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        writer, case, size, path = sys.argv[2:6]
        child(writer, case, int(size), path)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each writer, taken in turn (median reported)")
    parser.add_argument("--applicants", type=int, default=100_000, help="applicants of the results case")
    parser.add_argument("--stream", type=int, default=1_000_000, help="rows of the streamed case (0: skip it)")
    parser.add_argument("--writers", nargs="+", choices=WRITERS, default=list(WRITERS))
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed")
    parser.add_argument("--features", action="store_true", help="probe what each library does, then stop")
    parser.add_argument(
        "--check", action="store_true", help="read every cell back with openpyxl and calamine, then stop"
    )
    args = parser.parse_args()
    if args.features:
        features()
        return
    writers = [w for w in args.writers if available(w)]
    missing = sorted(set(args.writers) - set(writers))
    if missing:
        print(f"not installed, skipped: {', '.join(missing)} (pip install -e '.[bench]')", file=sys.stderr)
    if args.check:
        check(writers, args.applicants)
        return
    measure(writers, args.repeat, args.applicants, args.stream, args.timeout)


if __name__ == "__main__":
    main()
