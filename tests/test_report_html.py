"""The HTML cost report of a batch: self-contained (Chart.js inline), its
totals equal the results workbook's, and its charts are drawn in headless
Chromium.

The batch, all in 2026 (amounts by hand):
  甲 8.4 provincial first prize 5万元 = 50,000
  乙 3.3 500,000 + 3.5 100,000 = 600,000
  丙 8.6 listing fee 30,000 × 50% = 15,000, cut to 最高1万元 = up to 10,000 (a cap hit);
     8.7 volume 1,999,999, 1 yuan short of 达到200万元 (a near miss)
  丁 invalid: applicant kind 外星人
  sure 50,000 + 600,000 = 650,000; up to 10,000
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from applicants_xlsx import CODES, write
from headless import chromium
from openpyxl import load_workbook

from jzai_cli import batch as batch_mod
from jzai_cli.policy import load
from jzai_cli.render.report_html import ReportSink, size_bins
from jzai_cli.render.workbook_out import WorkbookSink


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    source = write(
        folder / "applicants.xlsx",
        [
            {"申请人名称": "甲数据公司", "统一社会信用代码": CODES[0]},
            {"申请人名称": "乙软件公司", "统一社会信用代码": CODES[1]},
            {
                "申请人名称": "丙科技公司",
                "统一社会信用代码": CODES[2],
                "年度数据交易额（元）": 1_999_999,
                "符合条件的数据交易平台": "是",
                "首次挂牌日期": "2026-04-10",
                "挂牌服务费用（元）": 30_000,
            },
            {"申请人名称": "丁<script>公司", "统一社会信用代码": CODES[3], "申请人类型": "外星人"},
        ],
        [
            [CODES[0], "“数据要素×”大赛奖项", "省级", "工业赛道", "2026-05-01", 1],
            [CODES[1], "专精特新中小企业", "省级", "专精特新", "2026-03-01", None],
            [CODES[1], "河南省数据企业", "省级", "数据企业", "2026-04-01", None],
        ],
    )
    policy = load()
    html, results = folder / "report.html", folder / "results.xlsx"
    summary = batch_mod.run(source, policy, ReportSink(html, policy, "zh", WorkbookSink(results, "zh", parallel=False)))
    return html, results, summary


def embedded(html: Path) -> dict:
    text = html.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="report-data" type="application/json">(.*?)</script>', text, re.S)[1])


def test_the_report_needs_no_network(report):
    text = report[0].read_text(encoding="utf-8")
    assert "Chart.js v4" in text
    assert not re.search(r"<(script|link)[^>]+(src|href)=", text)
    assert "http://" not in text.split("<script>")[0] and "https://" not in text.split("<script>")[0]


def test_the_reports_totals_equal_the_results_workbooks(report):
    html, results, _ = report
    data = embedded(html)
    summary_sheet = load_workbook(results)["汇总"]
    total = next(row for row in summary_sheet.iter_rows(values_only=True) if row[0] == "合计")
    assert (data["totals"]["sure"], data["totals"]["up_to"], data["totals"]["review"]) == tuple(total[5:8])
    assert (data["totals"]["sure"], data["totals"]["up_to"]) == (650_000, 10_000)
    assert [(a["label"], a["sure"], a["up_to"]) for a in data["articles"] if a["sure"] or a["up_to"]] == [
        ("第三条", 600_000, 0),
        ("第八条", 50_000, 10_000),
    ]
    assert data["caps"] == [{"clause": "8.6", "count": 1}]
    assert data["near_misses"] == [{"clause": "8.7", "count": 1}]
    assert data["counts"]["invalid"] == 1 and data["invalid"][0]["row"] == 5
    # 甲 50,000 and 丙 10,000 are five-digit totals; 乙 600,000 six digits
    assert [(s["label"], s["count"]) for s in data["sizes"]][-2:] == [("10,000–99,999", 2), ("100,000–999,999", 1)]


def test_input_text_is_escaped(report):
    text = report[0].read_text(encoding="utf-8")
    assert "丁<script>公司" not in text
    assert "丁&lt;script&gt;公司" in text


def test_size_bins_follow_the_data():
    assert size_bins([0, 5, 12_345], "zh") == [
        ("0", 1),
        ("1–9", 1),
        ("10–99", 0),
        ("100–999", 0),
        ("1,000–9,999", 0),
        ("10,000–99,999", 1),
    ]
    assert size_bins([], "zh") == []


def test_the_charts_are_drawn_in_headless_chromium(report, tmp_path):
    dom = chromium(report[0], tmp_path / "profile", "--dump-dom")
    assert 'data-charts="drawn"' in dom
    ink = dict(re.findall(r'<canvas id="([a-z-]+)"[^>]*data-ink="(\d+)"', dom))
    assert set(ink) == {"chart-articles", "chart-sizes", "chart-caps", "chart-near"}
    assert all(int(v) > 1000 for v in ink.values()), ink


def test_batch_report_option_writes_the_report_beside_the_results(tmp_path):
    from typer.testing import CliRunner

    from jzai_cli.cli import app

    source = write(
        tmp_path / "applicants.xlsx",
        [{"申请人名称": "乙软件公司", "统一社会信用代码": CODES[1]}],
        [
            [CODES[1], "专精特新中小企业", "省级", "专精特新", "2026-03-01", None],
        ],
    )
    html, results = tmp_path / "cost.html", tmp_path / "results.xlsx"
    runner = CliRunner()
    result = runner.invoke(app, ["batch", str(source), "-o", str(results), "--report", str(html)])
    assert result.exit_code == 0, result.output
    # 3.3: 新获得省认定的“专精特新”中小企业 50万元 = 500,000
    assert embedded(html)["totals"]["sure"] == 500_000
    assert results.exists()
    assert "各条成本" in result.stderr  # the bars of cost per article
    # An existing report is kept unless --force.
    again = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "r2.xlsx"), "--report", str(html)])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert not (tmp_path / "r2.xlsx").exists()


def test_the_summary_sheet_counts_near_misses_per_clause(report):
    _html, results, _summary = report
    sheet = load_workbook(results)["汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(n for n, row in enumerate(rows) if row[0] == "条款")  # the clause table, under the report's lines
    column = rows[head].index("差一点够上的申请人数")
    by_clause = {row[0]: row[column] for row in rows[head + 1 :] if row and isinstance(row[0], str) and "." in row[0]}
    # 丙: 8.7 volume 1,999,999 is 1 yuan short of 达到200万元 — one applicant.
    assert by_clause["8.7"] == 1
    assert by_clause["3.1"] == 0
    assert embedded(_html)["near_misses"] == [{"clause": "8.7", "count": 1}]
