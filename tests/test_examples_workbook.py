"""examples/applicants.xlsx holds the four TOML examples, and batch totals them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.readers.toml_reader import read_facts
from jzai_cli.render import facts_workbook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TOMLS = ["ai-software-firm.toml", "data-labelling-firm.toml", "ai-park.toml", "smart-manufacturer.toml"]


def batch_json(path: Path) -> dict:
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_shipped_workbook_is_the_four_examples_and_totals_as_computed_by_hand():
    document = batch_json(EXAMPLES / "applicants.xlsx")
    # sure: 1,539,000 + 150,000 + 700,000 + 1,650,000 = 4,039,000; up to: 8.6 8,000 + 8.7 50,000
    totals = [(a["result"]["total_yuan"], a["result"]["ceiling_total_yuan"]) for a in document["applicants"]]
    assert totals == [(1_539_000, 0), (150_000, 58_000), (700_000, 0), (1_650_000, 0)]


def test_the_shipped_workbook_is_current_with_the_toml_examples(tmp_path):
    fresh = tmp_path / "applicants.xlsx"
    facts_workbook.write(fresh, [read_facts(EXAMPLES / name) for name in TOMLS])
    assert batch_json(fresh)["applicants"] == batch_json(EXAMPLES / "applicants.xlsx")["applicants"]


def test_written_cells_use_labels_yes_no_and_exact_amounts():
    assert facts_workbook.cell(True) == "是"
    from decimal import Decimal

    assert facts_workbook.cell(Decimal("12.50")) == "12.50"
    assert facts_workbook.cell(Decimal("500000")) == 500_000


# Written by LibreOffice Calc itself from examples/applicants.xlsx by
# tests/fixtures/libreoffice/make.sh (the files are committed beside it).
LIBREOFFICE = Path(__file__).resolve().parent / "fixtures" / "libreoffice"


def test_workbooks_saved_by_libreoffice_as_ods_xls_and_xlsx_read_as_the_original():
    original = batch_json(EXAMPLES / "applicants.xlsx")["applicants"]
    for suffix in ("ods", "xls", "xlsx"):
        assert batch_json(LIBREOFFICE / f"applicants-lo.{suffix}")["applicants"] == original, suffix
