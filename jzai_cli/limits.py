"""The limits a workbook is checked against before any reader parses it.

python-calamine aborts the whole process (Python cannot catch it) when it
cannot allocate a sheet, so what it would allocate is bounded from the zip
directory and the cell references first. Each limit has a default fit for
the largest bureau workbooks (100,000 applicants are about 35 MB) and is
raised with `--limit NAME=VALUE` on `jzai batch` and `jzai review --batch`;
the error that a limit causes names it and the option.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .said import Said

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a workbook may be; see `LIMITS` for each one's name and meaning."""

    file_mb: int = 256  # the input file's size
    unpacked_mb: int = 2048  # the archive's declared uncompressed size, all members
    ratio: int = 200  # uncompressed / compressed of one member over 1 MB
    entries: int = 10_000  # members of the archive
    rows: int = 1_048_576  # rows of one sheet (Excel's own maximum)
    columns: int = 4_096  # cells per row (the extent's columns)
    cells: int = 12_000_000  # rows × columns of one sheet's extent (calamine allocates 32 bytes a cell):
    # 666,665 applicants on a main sheet of the template's 18 columns, the largest batch read without --limit

    @staticmethod
    def option(name: str) -> str:
        """How to raise one limit, for an error message and --help."""
        return f"--limit {name}=N"


LIMITS = {
    "file_mb": ("输入文件大小（MB）", "input file size (MB)"),
    "unpacked_mb": ("解压后总大小（MB，按压缩包声明）", "declared uncompressed size of the archive (MB)"),
    "ratio": ("单个成员的压缩比", "compression ratio of one member"),
    "entries": ("压缩包成员数", "members of the archive"),
    "rows": ("每张工作表的行数", "rows per sheet"),
    "columns": ("每行的单元格数（列数）", "cells per row (columns)"),
    "cells": ("每张工作表的单元格数（行 × 列）", "cells of one sheet's extent (rows × columns)"),
}

DEFAULT = Limits()


def parse_limits(items: list[str] | None) -> Limits:
    """`["rows=2000000", "file-mb=512"]` → Limits; raises ValueError with a readable message."""
    limits = DEFAULT
    names = {f.name for f in fields(Limits)}
    for item in items or []:
        key, sep, value = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep or key not in names:
            known = "、".join(f"{n}（{LIMITS[n][0]}，默认 {getattr(DEFAULT, n):,}）" for n in LIMITS)
            known_en = "; ".join(f"{n}: {LIMITS[n][1]}, default {getattr(DEFAULT, n):,}" for n in LIMITS)
            raise ValueError(
                Said(
                    f"未知的上限 {item!r}，应为 名称=数值；可用：{known}",
                    f"unknown limit {item!r}; expected NAME=VALUE; known: {known_en}",
                )
            )
        try:
            number = int(value.strip().replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(
                Said(f"上限 {key} 应为正整数，实际为 {value!r}", f"expected a positive whole number, got {value!r}")
            ) from None
        if number < 1:
            raise ValueError(
                Said(f"上限 {key} 应为正整数，实际为 {value!r}", f"expected a positive whole number, got {value!r}")
            )
        limits = replace(limits, **{key: number})
    return limits


def exceeded(
    limits: Limits, name: str, found: str, where: str = "", hint: str | Said = "", split: int | None = None
) -> Said:
    """The message of a limit that the input exceeds: which limit, its value,
    how to raise it, and with `split` (the data rows one file may have) how
    to go on without raising it."""
    zh, en = LIMITS[name]
    hint, hint_en = (hint.zh, hint.en) if isinstance(hint, Said) else (hint, "")
    at = f"（{where}）" if where else ""
    most = f"{getattr(limits, name):,}"
    split_zh = f"；或把文件拆成每个不超过 {split:,} 行数据的几个工作簿分批计算" if split else ""
    split_en = f"; or split the file into workbooks of at most {split:,} data rows each" if split else ""
    at_en = f" ({where})" if where else ""
    return Said(
        f"超过上限 {name}（{zh}）：实际 {found}{at}，上限 {most}{hint}；确认文件可信后可用 {limits.option(name)} 调高{split_zh}",
        f"over the {name} limit, {en}: {found}{at_en}, limit {most}{hint_en}; raise it with {limits.option(name)}{split_en}",
    )


def rows_within(limits: Limits, columns: int) -> int:
    """The data rows (below one header row) that a sheet of `columns` columns may have."""
    return max(0, min(limits.rows, limits.cells // max(columns, 1)) - 1)
