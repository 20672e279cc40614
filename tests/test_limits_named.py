"""The limits a large batch meets first are named, with the way past them:
the option that raises the limit, or the size of the files to split into."""

from __future__ import annotations

from batch_helpers import MAIN_HEAD, code, main_row, write_xlsx
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.limits import DEFAULT, Limits, exceeded, rows_within
from jzai_cli.readers.schema import MAIN


def test_the_largest_batch_of_the_template_is_named_by_the_cells_limit():
    # 12,000,000 cells ÷ 18 columns = 666,666 rows, one of them the header → 666,665 applicants
    assert len(MAIN.columns) == 18
    assert rows_within(DEFAULT, 18) == 666_665
    # 667,000 rows × 18 columns = 12,006,000 cells: one over the limit is refused
    assert DEFAULT.cells < 667_000 * 18
    # a sheet of few columns meets Excel's rows first: 1,048,576 rows, the header among them
    assert rows_within(DEFAULT, 2) == 1_048_575
    assert rows_within(Limits(cells=100), 18) == 4  # 100 // 18 = 5 rows, the header among them


def test_the_message_names_the_option_and_how_to_split():
    text = exceeded(DEFAULT, "cells", "12,006,000", "申请人信息", split=666_665)
    assert "--limit cells=N" in text and "666,665" in text
    assert (
        "拆成每个不超过 666,665 行数据" in text and "split the file into workbooks of at most 666,665 data rows" in text
    )
    assert "split" not in exceeded(DEFAULT, "ratio", "300")  # a zip bomb is not split


def test_a_main_sheet_over_the_cells_limit_is_refused_with_the_way_past_it(tmp_path):
    head = list(MAIN_HEAD) + ["数据标注企业"]  # 10 columns
    path = write_xlsx(
        tmp_path / "many.xlsx", {"申请人信息": [head] + [main_row(f"企业{n}", code(n)) + ["否"] for n in range(1, 12)]}
    )
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json", "--limit", "cells=100"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    # 12 rows × 10 columns = 120 cells > 100; 100 // 10 = 10 rows, the header among them → 9 data rows a file
    assert "120" in text and "--limit cells=N" in text and "9 data rows" in text and "申请人信息" in text
    assert "Traceback" not in result.output
