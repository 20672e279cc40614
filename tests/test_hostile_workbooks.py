"""Hostile and broken workbooks: every file ends, in a separate process under
a 1 GB address-space limit (`ulimit -v 1000000`), in a
correct reading or in one readable message with exit code 2, no traceback,
nothing of other files echoed and no output file left behind.

The files are made by `tests/hostile.py`. A separate process is needed
because python-calamine aborts the process (uncatchably) on what it cannot
allocate: the limits must be checked before it sees the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import hostile
import pytest
import workbook_cells
from processes import ADDRESS_SPACE, Process

from jzai_cli.render.workbook_out import FORMULA_START, MAX_CELL_TEXT


def run_all(*commands: tuple[list[str], Path]) -> list[Process]:
    """Start every command at once, each in its own session under the
    address-space limit, then wait for all: no traceback, not killed by a
    signal (an abort is -6). A hang is caught by `processes.HANG`; how long a
    run takes is not asserted (the machine may be busy)."""
    started = [Process(args, cwd, address_space=ADDRESS_SPACE) for args, cwd in commands]
    runs = [process.wait() for process in started]
    for run in runs:
        assert "Traceback" not in run.stderr + run.stdout, run.stderr
        assert run.code in (0, 1, 2), (run.code, run.stderr)
    return runs


def leftovers(folder: Path, before: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in before)


def refused(run: Process, path: Path, *fragments: str) -> None:
    """Exit 2 and one readable message that names the file and the cause."""
    assert run.code == 2, (run.args, run.stderr)
    assert run.stdout == ""
    assert run.stderr.count("错误：") == 1, run.stderr
    assert path.name in run.stderr
    for fragment in fragments:
        assert fragment in run.stderr, (fragment, run.stderr)


# (builder, extra arguments, what the message must say)
REFUSED = {
    "billion_laughs": (hostile.billion_laughs, [], ["实体", "DTD"]),
    "quadratic_blowup": (hostile.quadratic_blowup, [], ["实体"]),
    "external_entity": (hostile.external_entity, [], ["外部实体"]),
    "zip_bomb": (hostile.zip_bomb, [], ["ratio", "--limit ratio=N", "xl/worksheets/sheet1.xml"]),
    "lying_size": (hostile.lying_size, [], ["声明的大小"]),
    "many_entries": (
        lambda p: hostile.many_entries(p, 300),
        ["--limit", "entries=100"],
        ["entries", "--limit entries=N"],
    ),
    "stray_far_cell": (hostile.stray_far_cell, [], ["cells", "零散单元格", "--limit cells=N"]),
    "eight_digit_ref": (
        lambda p: workbook_cells.far_reference(p, "eight_digits"),
        [],
        ["cells", "99,999,999 行", "--limit cells=N"],
    ),
    "prefixed_far_cell": (lambda p: workbook_cells.far_reference(p, "prefixed"), [], ["cells", "--limit cells=N"]),
    "too_many_rows": (
        lambda p: hostile.simple(p, hostile.good_rows(30)),
        ["--limit", "rows=20"],
        ["rows", "31", "--limit rows=N"],
    ),
    "too_many_columns": (hostile.dimension_too_small, ["--limit", "columns=5"], ["columns", "--limit columns=N"]),
    "file_too_large": (
        lambda p: (p.write_bytes(b"PK\x03\x04" + b"x" * (2 << 20)), p)[1],
        ["--limit", "file_mb=1"],
        ["file_mb", "--limit file_mb=N"],
    ),
    "unpacked_too_large": (
        lambda p: hostile.zip_bomb(p, 4),
        ["--limit", "ratio=100000", "--limit", "unpacked-mb=2"],
        ["unpacked_mb"],
    ),
    "not_a_zip": (hostile.not_a_zip, [], ["不是有效的 .xlsx 工作簿"]),
    "zero_bytes": (hostile.zero_bytes, [], ["文件为空"]),
    "truncated": (hostile.truncated, [], ["截断"]),
    "bad_crc": (hostile.bad_crc, [], ["CRC"]),
    "bad_deflate": (hostile.bad_deflate, [], ["压缩数据损坏"]),
    "encrypted": (hostile.encrypted, [], ["已加密", "去掉密码"]),
    "html_table": (hostile.html_table, [], ["HTML", "另存为 .xlsx"]),
    "no_sheets": (hostile.no_sheets, [], ["找不到工作表“申请人信息”"]),
}


# `review --batch` reads through the same reader: a sample of the cases (each run is a process)
ALSO_REVIEW = {
    "eight_digit_ref",
    "billion_laughs",
    "external_entity",
    "zip_bomb",
    "lying_size",
    "many_entries",
    "stray_far_cell",
    "encrypted",
    "not_a_zip",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_one_message(tmp_path, case):
    build, extra, fragments = REFUSED[case]
    path = build(tmp_path / f"{case}.xlsx")
    before = {p.name for p in tmp_path.iterdir()}
    commands = [(["batch", str(path), "-o", str(tmp_path / "out.xlsx"), *extra], tmp_path)]
    if case in ALSO_REVIEW:
        commands.append((["review", "--batch", str(path), "--format", "json", *extra], tmp_path))
    for run in run_all(*commands):
        refused(run, path, *fragments)
        assert hostile.SECRET not in run.stdout + run.stderr
    assert leftovers(tmp_path, before) == []


def test_an_over_limit_message_names_the_default_and_the_option(tmp_path):
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", megabytes=4)
    (run,) = run_all((["batch", str(path), "--format", "json"], tmp_path))
    refused(run, path, "上限 200", "--limit ratio=N")
    raised, bad = run_all(
        (["batch", str(path), "--format", "json", "--limit", "ratio=100000"], tmp_path),
        (["batch", str(path), "--format", "json", "--limit", "ratio=lots"], tmp_path),
    )
    assert raised.code == 0, raised.stderr  # raised, the bomb is read: 4 MB of comments and one applicant
    assert '"status": "valid"' in raised.stdout
    assert bad.code == 2 and "--limit" in bad.stderr and bad.stdout == ""


def test_a_file_name_cannot_inject_markup_or_escapes(tmp_path):
    path = hostile.not_a_zip(tmp_path / "[link=evil.example]x[red]\x1b[31m\u202e.xlsx")  # no "/" in a file name
    (run,) = run_all((["batch", str(path), "--format", "csv"], tmp_path))
    assert run.code == 2
    assert "\x1b" not in run.stderr and "\u202e" not in run.stderr
    assert "[link=evil.example]x[red]" in run.stderr  # shown as written, not taken as markup


def test_hostile_sheet_names_are_listed_safely(tmp_path):
    path = hostile.hostile_sheet_names(tmp_path / "sheets.xlsx")
    (run,) = run_all((["batch", str(path), "--format", "json"], tmp_path))
    refused(run, path, "[/]", "[link=https://evil.example]x")
    assert "\x1b" not in run.stderr and "\u202e" not in run.stderr


# --- read correctly --------------------------------------------------------------------


def check_output_cells(book_path: Path) -> dict[str, list[tuple]]:
    """Every cell of a results workbook: none is a formula, none that looks
    like one lacks the quote prefix, none is longer than a cell holds."""
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    sheets = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert len(cell.value) <= MAX_CELL_TEXT
                    if cell.value.startswith(FORMULA_START):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
        sheets[sheet.title] = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    return sheets


def check_csv_cells(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for value in row:
            if value.startswith(FORMULA_START):
                float(value)  # only a number may start so (none does today)
    return rows


def read_ok(tmp_path: Path, path: Path, *extra: str) -> dict[str, list[tuple]]:
    out = tmp_path / "out.xlsx"
    before = {p.name for p in tmp_path.iterdir()}
    (run,) = run_all((["batch", str(path), "-o", str(out), *extra], tmp_path))
    assert run.code == 0, run.stderr
    assert leftovers(tmp_path, before) == ["out.xlsx"]
    return check_output_cells(out)


def statuses(sheets) -> list[tuple[int, str]]:
    return [(row[0], row[3]) for row in sheets["申请人"]]


def test_declared_dimensions_are_not_trusted(tmp_path):
    small = read_ok(tmp_path, hostile.dimension_too_small(tmp_path / "small.xlsx"))
    assert statuses(small) == [(n, "有效") for n in range(2, 21)]  # A1:A1 declared, 19 applicants read
    (tmp_path / "out.xlsx").unlink()
    large = read_ok(tmp_path, hostile.dimension_too_large(tmp_path / "large.xlsx"))
    assert statuses(large) == [(2, "有效")]


def test_strict_ooxml_xls_renamed_merged_and_hidden(tmp_path):
    folders = {name: tmp_path / name for name in ("strict", "xls", "merged", "hidden")}
    for folder in folders.values():
        folder.mkdir()
    paths = {
        "strict": hostile.strict_ooxml(folders["strict"] / "in.xlsx"),
        "xls": hostile.xls_renamed(folders["xls"] / "in.xlsx"),
        "merged": hostile.merged_headers(folders["merged"] / "in.xlsx"),
        "hidden": hostile.hidden_parts(folders["hidden"] / "in.xlsx"),
    }
    runs = run_all(*[(["batch", str(paths[k]), "-o", str(folders[k] / "out.xlsx")], folders[k]) for k in paths])
    for run in runs:
        assert run.code == 0, run.stderr
    books = {k: check_output_cells(folders[k] / "out.xlsx") for k in paths}
    assert statuses(books["strict"]) == [(2, "有效")]
    assert statuses(books["xls"]) == [(2, "有效"), (3, "有效")]
    assert "按 .xls 读取" in runs[1].stderr  # told on the terminal
    assert statuses(books["merged"]) == [(3, "有效"), (4, "有效")]  # the merged title row is skipped
    # a hidden column is data like any other; a hidden row is left out and named; a hidden sheet is ignored and reported
    assert statuses(books["hidden"]) == [(2, "有效"), (4, "有效")]
    assert any(r[0] == "申请人信息" and "hidden rows left out: 3" in r[4] for r in books["hidden"]["错误"])
    assert any(r[0] == "旧数据" and "hidden sheet" in r[4] for r in books["hidden"]["错误"])


def test_formulas_with_and_without_cached_values_and_errors(tmp_path):
    sheets = read_ok(tmp_path, hostile.formulas(tmp_path / "f.xlsx"))
    # cached values are read; a formula without one and an error value are blank: the row lacks a required value
    assert statuses(sheets) == [(2, "有效"), (3, "无效"), (4, "无效"), (5, "无效")]
    problems = {r[1]: r for r in sheets["错误"]}
    assert all(problems[n][2] == "申请人类型" for n in (3, 4, 5))


def test_a_40000_character_cell_is_cut_with_a_warning(tmp_path):
    out = tmp_path / "out.xlsx"
    (run,) = run_all((["batch", str(hostile.long_cell(tmp_path / "long.xlsx")), "-o", str(out)], tmp_path))
    assert run.code == 0, run.stderr
    assert "32,767" in run.stderr  # the warning on the terminal
    sheets = check_output_cells(out)
    name = sheets["申请人"][0][1]
    assert len(name) == MAX_CELL_TEXT and name.endswith("…")
    assert statuses(sheets) == [(2, "无效"), (3, "有效")]  # a name is at most 500 characters
    assert any("32,767" in (r[4] or "") for r in sheets["错误"])


def test_hostile_names_reach_no_terminal_and_no_formula(tmp_path):
    path = hostile.hostile_names(tmp_path / "names.xlsx")
    out = tmp_path / "out.xlsx"
    book_run, csv_run, strict_run = run_all(
        (["batch", str(path), "-o", str(out)], tmp_path),
        (["batch", str(path), "--format", "csv"], tmp_path),
        (["batch", str(path), "--format", "json", "--strict"], tmp_path),
    )
    assert book_run.code == 0 and csv_run.code == 0, book_run.stderr + csv_run.stderr
    assert strict_run.code == 1  # one invalid row under --strict
    for run in (book_run, csv_run, strict_run):
        assert "\x1b" not in run.stderr and "\u202e" not in run.stderr and "\x07" not in run.stderr
    sheets = check_output_cells(out)
    names = [row[1] for row in sheets["申请人"]]
    assert len(names) == len(hostile.HOSTILE_NAMES) + 1
    assert "＝１＋１" in names and "[link=https://evil.example]点我[/link]" in names
    rows = check_csv_cells(csv_run.stdout)
    quoted = [row[1] for row in rows[1:] if row[1].startswith("'")]
    # every name that a spreadsheet could run, half- or full-width, behind an apostrophe
    # (a leading tab or CR may be trimmed by the reader; its name is then harmless)
    assert {
        "'＝１＋１",
        "'＋全角加号",
        "'－全角减号",
        "'＠全角",
        '\'=HYPERLINK("https://evil.example","x")',
        "'@SUM(1)",
        "'-2+3",
    } <= set(quoted)


def test_credit_codes_starting_with_a_letter_and_full_width(tmp_path):
    """Y1410800MA9XY2K3L… (a 民办非企业 code, letter first) and a code typed in
    full-width characters both read, and their detail rows find them."""
    sheets = read_ok(tmp_path, hostile.letter_codes(tmp_path / "codes.xlsx"))
    rows = sheets["申请人"]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (2, rows[0][2], "有效"),
        (3, hostile.code(7), "有效"),
    ]
    assert rows[0][2].startswith("Y1410800MA9XY2K3L") and len(rows[0][2]) == 18
    # 3.3 新获得省认定的“专精特新”中小企业 in 2026: 500,000 each, so the detail rows were linked
    assert [r[4] for r in rows] == [500_000, 500_000]
