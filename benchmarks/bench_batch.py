"""Benchmark of `jzai batch` against the floor measured beside it.

    python benchmarks/bench_batch.py              # 1,000, 10,000 and 100,000 applicants
    python benchmarks/bench_batch.py 1000 10000   # chosen sizes
    python benchmarks/bench_batch.py --repeat 3   # medians of three runs of each
    python benchmarks/bench_batch.py --jobs 1     # evaluation in one process (default: jzai chooses)
    python benchmarks/bench_batch.py --text-up-to 10000   # CSV and JSON only up to 10,000 applicants
    python benchmarks/bench_batch.py --xlsxwriter-floor   # the floor write by xlsxwriter as well

For each size it generates (once, cached in benchmarks/.cache/) a workbook of
that many applicants with three detail rows each (an event, a compute
purchase and a graduate), then measures, each in a fresh process:

- jzai: `jzai batch FILE -o OUT --force`, wall time of the whole process
  (interpreter start-up included) and its peak resident memory: the peak of
  the main process plus the peak of the writer process it starts (the sum
  bounds what the two ever held at once; pages shared after the fork are
  counted twice);
- floor: a bare read of the same workbook by python-calamine (every sheet to
  Python values) plus a bare write, by rustpy-xlsxwriter (the fastest writer,
  the one jzai writes with) with the options jzai gives it, of the very cells
  jzai wrote (read back from its output beforehand, not timed). Both halves
  are timed inside their process, without start-up. The floor write's peak
  includes holding the cells it writes, read back in full. With
  `--xlsxwriter-floor` the same cells are also written by xlsxwriter in
  constant-memory mode (a column of its own; several times slower).

- for sizes up to `--text-up-to` (100,000), the same for `--format csv` and
  `--format json` (to a file with -o): the floor is the same read plus a bare
  write of the very rows or document jzai wrote, read back beforehand (the
  csv module; json.dumps one applicant a line, as jzai writes them).

It prints the command, the machine and Markdown tables: seconds, applicants
per second, peak MB (and the main process's alone), the CPU seconds of the
main process and of its children (the workers and the writer; the measure
that load on a shared machine moves least), floor seconds and the ratio
jzai / floor.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE.parent))  # run from a checkout
SIZES = (1_000, 10_000, 100_000)

MAIN = [
    "评估年度",
    "申请人名称",
    "统一社会信用代码",
    "申请人类型",
    "企业规模",
    "人工智能领域",
    "在焦作市正常经营",
    "依法纳税",
    "纳入焦作统计",
    "数据标注企业",
    "当年应税收入（元）",
    "上一年度主营业务销售收入（元）",
    "符合条件的数据交易平台",
    "首次挂牌日期",
    "挂牌服务费用（元）",
    "年度数据交易额（元）",
]
EVENTS = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期"]
COMPUTE = ["统一社会信用代码", "算力服务商", "服务商类型", "算力规模（PFLOPS）", "自建自用", "算力资源使用费（万元）"]
GRADUATES = ["统一社会信用代码", "毕业生姓名", "学历", "全日制", "毕业日期", "合同起始日期", "当年缴纳社保月数"]


def credit_code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91410800MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def generate(count: int, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheets = {name: book.add_worksheet(name) for name in ("申请人信息", "认定与获奖", "算力使用", "毕业生")}
    for name, headers in (("申请人信息", MAIN), ("认定与获奖", EVENTS), ("算力使用", COMPUTE), ("毕业生", GRADUATES)):
        for col, header in enumerate(headers):
            sheets[name].write_string(0, col, header)
    main, events, compute, graduates = sheets.values()
    day = dt.datetime(2026, 5, 20)
    for n in range(count):
        code = credit_code(n)
        r = n + 1
        main.write_number(r, 0, 2026)
        main.write_string(r, 1, f"焦作第{n}号智能科技有限公司")
        main.write_string(r, 2, code)
        main.write_string(r, 3, "企业")
        main.write_string(r, 4, ("小型", "微型", "中型")[n % 3])
        main.write_string(r, 5, "智能软件、融合应用")
        main.write_string(r, 6, "是")
        main.write_string(r, 7, "是")
        main.write_string(r, 8, "是" if n % 10 else "否")
        main.write_string(r, 9, "是" if n % 4 == 0 else "否")
        main.write_string(r, 10, f"{1000 + n % 9000:,}万元")
        main.write_number(r, 11, 1_000_000 + n * 37)
        main.write_string(r, 12, "是")
        main.write_datetime(r, 13, day, date_format)
        main.write_number(r, 14, 20_000 + n % 50_000)
        main.write_string(r, 15, "1,200万")
        events.write_string(r, 0, code)
        events.write_string(r, 1, "专精特新中小企业")
        events.write_string(r, 2, ("省级", "市级")[n % 2])
        events.write_string(r, 3, f"2026年专精特新{n}")
        events.write_datetime(r, 4, day, date_format)
        compute.write_string(r, 0, code)
        compute.write_string(r, 1, "国家超级计算郑州中心")
        compute.write_string(r, 2, ("超算中心", "人工智能计算中心")[n % 2])
        compute.write_number(r, 3, 120)
        compute.write_string(r, 4, "否")
        compute.write_number(r, 5, 50 + n % 400)
        graduates.write_string(r, 0, code)
        graduates.write_string(r, 1, f"毕业生{n}")
        graduates.write_string(r, 2, ("博士", "硕士", "本科")[n % 3])
        graduates.write_string(r, 3, "是")
        graduates.write_datetime(r, 4, dt.datetime(2025, 6, 30), date_format)
        graduates.write_datetime(r, 5, dt.datetime(2025, 7, 1), date_format)
        graduates.write_number(r, 6, 12)
    book.close()


# --- the measured parts, each run in its own process -----------------------------


def _peak_mb(children: bool = False) -> float:
    """Peak resident memory of this process; with `children`, plus the peak of
    its (waited-for) children: jzai writes the results from a second process,
    and the sum of the two peaks bounds what the pair ever held at once."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if children:
        peak += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 1024


def child_read(path: str) -> None:
    import python_calamine

    started, cpu = time.perf_counter(), time.process_time()
    book = python_calamine.CalamineWorkbook.from_path(path)
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
        del rows
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "cpu": time.process_time() - cpu,
                "peak_mb": _peak_mb(),
                "cells": cells,
            }
        )
    )


def _read_back(results: str) -> list[tuple[str, list[list]]]:
    """Every sheet of jzai's output as calamine gives it (the floor's input, not timed)."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(results)
    return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]


def child_write(results: str, out: str) -> None:
    """The floor write: the very cells jzai wrote, by rustpy-xlsxwriter (the
    library jzai writes with) with the options jzai gives it — a bold,
    wrapped, frozen header with an autofilter, a format per column (`#,##0`
    under （元）, `#,##0.00` under （万元）, wrap where a cell breaks a line, the
    cells aligned to the top), widths per column and the page setup. What
    jzai computes to choose them (widths, wraps) is computed here before the
    clock starts: the floor is the library's own work on those cells."""
    import rustpy_xlsxwriter as rx

    sheets = _read_back(results)
    prepared = []
    for name, rows in sheets:
        header = rows[0] if rows else []
        keys = []  # the first row is the header the library takes: each key unique, as written otherwise
        for value in header:
            key = str(value)
            while key in keys:
                key += "\u200b"
            keys.append(key)
        del rows[:1]
        body = rows
        for row in body:  # blank cells as the library takes them, in place (the floor holds the cells once)
            for c, value in enumerate(row):
                if value == "":
                    row[c] = None
        wrap = [any(isinstance(row[c], str) and "\n" in row[c] for row in body) for c in range(len(keys))]
        widths = [
            min(50, max([len(str(row[c])) for row in body[:1000] if row[c] is not None] + [len(keys[c]), 8]) + 2)
            for c in range(len(keys))
        ]
        prepared.append((name, keys, body, wrap, widths))
    started, cpu = time.perf_counter(), time.process_time()
    book = rx.FastExcel(out)
    header_format = rx.Format().set_bold().set_text_wrap().set_align("center").set_align("vcenter")
    for name, keys, body, wrap, widths in prepared:
        formats = []
        for key, wraps in zip(keys, wrap, strict=True):
            fmt = rx.Format().set_align("top")
            if key.endswith("（元）"):
                fmt.set_num_format("#,##0")
            elif key.endswith("（万元）"):
                fmt.set_num_format("#,##0.00")
            if wraps:
                fmt.set_text_wrap()
            formats.append(fmt)
        book.freeze(row=1, sheet=name)
        book.sheet(
            name,
            _records(keys, body),
            header_format=header_format,
            column_formats=formats,
            column_widths=widths,
            autofilter=True,
            page_setup={"landscape": True, "fit_to_pages": (1, 0), "repeat_rows": 0, "header": "&L&A"},
        )
    book.save()
    print(
        json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "peak_mb": _peak_mb()})
    )


def _records(keys: list[str], body: list[list]):
    """The records the library takes, from the rows held (an empty sheet: its header alone)."""
    if not body:
        yield dict.fromkeys(keys)
    for row in body:
        yield dict(zip(keys, row, strict=False))


def child_write_xlsxwriter(results: str, out: str) -> None:
    """The same cells by xlsxwriter in constant-memory mode (the floor before
    jzai moved to rustpy-xlsxwriter; with `--xlsxwriter-floor`: it takes about
    seven times as long)."""
    import xlsxwriter

    sheets = _read_back(results)
    started, cpu = time.perf_counter(), time.process_time()
    target = xlsxwriter.Workbook(
        out,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    for name, rows in sheets:
        sheet = target.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)
    target.close()
    print(
        json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "peak_mb": _peak_mb()})
    )


def child_text_write(kind: str, results: str, out: str) -> None:
    """The floor of `--format csv` or `json`: the very rows or document jzai
    wrote, read back beforehand (not timed), written again by the csv module
    or json.dumps (one applicant a line, as jzai writes them)."""
    import csv

    if kind == "csv":
        with open(results, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        started = time.perf_counter()
        with open(out, "w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")
            csv.writer(handle, lineterminator="\n").writerows(rows)
    else:
        with open(results, encoding="utf-8") as handle:
            document = json.load(handle)
        started = time.perf_counter()
        with open(out, "w", encoding="utf-8") as handle:
            applicants = document.pop("applicants")
            handle.write('{"schema_version": 1, "applicants": [\n')
            handle.write(",\n".join(json.dumps(a, ensure_ascii=False) for a in applicants))
            handle.write("\n], " + json.dumps(document, ensure_ascii=False, indent=1)[1:] + "\n")
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}))


def _cpu(who: int) -> float:
    import resource

    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child_jzai(path: str, out: str, *options: str) -> None:
    import resource

    started = time.perf_counter()
    from typer.testing import CliRunner  # noqa: F401 - the same imports as the console script

    from jzai_cli.cli import app

    try:
        app(["batch", path, "-o", out, "--force", *options], standalone_mode=False)
    finally:
        print(
            json.dumps(
                {
                    "seconds": time.perf_counter() - started,
                    "peak_mb": _peak_mb(children=True),
                    "main_mb": _peak_mb(),
                    "main_cpu": _cpu(resource.RUSAGE_SELF),
                    "children_cpu": _cpu(resource.RUSAGE_CHILDREN),
                }
            )
        )


def _child(*args: str) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["wall"] = time.perf_counter() - started
    return report


def machine() -> str:
    import os
    import platform

    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _median(reports: list[dict]) -> dict:
    """Each measure's median over the runs."""
    import statistics

    return {
        key: statistics.median(r[key] for r in reports)
        for key in reports[0]
        if isinstance(reports[0][key], (int, float))
    }


def main(
    sizes: list[int], repeat: int = 1, jobs: str | None = None, text_up_to: int = 100_000, xlsxwriter: bool = False
) -> None:
    CACHE.mkdir(exist_ok=True)
    options = ["--jobs", jobs] if jobs else []
    rows, text_rows = [], []
    for count in sizes:
        source = CACHE / f"applicants-{count}.xlsx"
        if not source.exists():
            generate(count, source)
        out = CACHE / f"results-{count}.xlsx"
        runs = []
        for _ in range(repeat):  # jzai and the floor taken in turn, so that a busy spell hits both
            runs.append(
                (
                    _child("jzai", str(source), str(out), *options),
                    _child("read", str(source)),
                    _child("write", str(out), str(CACHE / f"floor-{count}.xlsx")),
                    _child("write-xlsxwriter", str(out), str(CACHE / f"floor-{count}-xlsxwriter.xlsx"))
                    if xlsxwriter
                    else {"seconds": float("nan"), "cpu": float("nan"), "peak_mb": 0.0},
                )
            )
        jzai, read, write, slow = (_median([run[i] for run in runs]) for i in range(4))
        floor = read["seconds"] + write["seconds"]
        rows.append(
            (
                count,
                jzai["wall"],
                count / jzai["wall"],
                jzai["peak_mb"],
                jzai["main_mb"],
                jzai["main_cpu"],
                jzai["children_cpu"],
                read["seconds"],
                write["seconds"],
                floor,
                max(read["peak_mb"], write["peak_mb"]),
                jzai["wall"] / floor,
                slow["seconds"],
            )
        )
        print(
            f"{count:,}: jzai {jzai['wall']:.2f} s, floor {floor:.2f} s; {json.dumps([jzai, read, write, slow])}",
            file=sys.stderr,
        )  # a long run's measures as they come
        if count > text_up_to:
            continue
        for kind in ("csv", "json"):
            text_out = CACHE / f"results-{count}.{kind}"
            runs = []
            for _ in range(repeat):
                runs.append(
                    (
                        _child("jzai", str(source), str(text_out), "--format", kind, *options),
                        _child("read", str(source)),
                        _child("text", kind, str(text_out), str(CACHE / f"floor-{count}.{kind}")),
                    )
                )
            jzai, read, write = (_median([run[i] for run in runs]) for i in range(3))
            floor = read["seconds"] + write["seconds"]
            text_rows.append(
                (
                    count,
                    kind,
                    jzai["wall"],
                    jzai["main_mb"],
                    jzai["peak_mb"],
                    jzai["main_cpu"],
                    jzai["children_cpu"],
                    read["seconds"],
                    write["seconds"],
                    floor,
                    jzai["wall"] / floor,
                )
            )
            print(
                f"{count:,} {kind}: jzai {jzai['wall']:.2f} s, floor {floor:.2f} s; {json.dumps([jzai, read, write])}",
                file=sys.stderr,
            )
    print(
        f"`python benchmarks/bench_batch.py {' '.join(str(n) for n in sizes)} --repeat {repeat}"
        + (f" --jobs {jobs}" if jobs else "")
        + f"` on {machine()}"
        + (f"; medians of {repeat} runs taken in turn" if repeat > 1 else "")
    )
    print()
    print(
        "| applicants | jzai batch s | applicants/s | peak MB (main + largest child) | main MB | main CPU s | children CPU s "
        "| floor read s | floor write s | floor s | floor peak MB | jzai / floor | xlsxwriter write s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, wall, rate, peak, main_mb, main_cpu, children_cpu, r, w, floor, fpeak, ratio, slow_write in rows:
        shown = "—" if slow_write != slow_write else f"{slow_write:.2f}"  # NaN: not measured
        print(
            f"| {count:,} | {wall:.2f} | {rate:,.0f} | {peak:,.0f} | {main_mb:,.0f} | {main_cpu:.1f} | {children_cpu:.1f} "
            f"| {r:.2f} | {w:.2f} | {floor:.2f} | {fpeak:,.0f} | {ratio:.2f} | {shown} |"
        )
    if text_rows:
        print()
        print(
            "| applicants | format | jzai batch s | main MB | peak MB (main + largest child) | main CPU s | children CPU s "
            "| floor read s | floor write s | floor s | jzai / floor |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for count, kind, wall, main_mb, peak, main_cpu, children_cpu, r, w, floor, ratio in text_rows:
            print(
                f"| {count:,} | {kind} | {wall:.2f} | {main_mb:,.0f} | {peak:,.0f} | {main_cpu:.1f} | {children_cpu:.1f} "
                f"| {r:.2f} | {w:.2f} | {floor:.2f} | {ratio:.2f} |"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "read":
        child_read(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "write":
        child_write(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "write-xlsxwriter":
        child_write_xlsxwriter(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "text":
        child_text_write(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "jzai":
        child_jzai(sys.argv[2], sys.argv[3], *sys.argv[4:])
    else:
        args = sys.argv[1:]
        slow_floor = "--xlsxwriter-floor" in args
        if slow_floor:
            args.remove("--xlsxwriter-floor")
        settings = {"--repeat": "1", "--jobs": None, "--text-up-to": "100000"}
        for name in settings:
            if name in args:
                at = args.index(name)
                settings[name] = args[at + 1]
                del args[at : at + 2]
        main(
            [int(a) for a in args] or list(SIZES),
            int(settings["--repeat"]),
            settings["--jobs"],
            int(settings["--text-up-to"]),
            slow_floor,
        )
