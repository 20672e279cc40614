"""The results workbook as LibreOffice prints it: converted to PDF headless, its pages to PNG.

Skipped where LibreOffice (soffice) is not installed, as on CI. The pages must
exist (every sheet prints) and the 汇总 page must carry the report's text.
The pictures are made from the PDF by pdftoppm (poppler): LibreOffice's
headless Calc has no PNG export of its own. docs/workbook-summary.png and
docs/workbook-awards.png are made the same way (docs/workbook.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest
from processes import HANG
from test_results_workbook import NAME_A, source
from typer.testing import CliRunner

from jzai_cli.cli import app

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF or PNG of the workbook"
)


def convert(path, to: str, profile) -> subprocess.CompletedProcess:
    """soffice --headless --convert-to, with a profile of its own (runs in parallel do not share one);
    a hang kills its whole process group."""
    args = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        to,
        "--outdir",
        str(path.parent),
        str(path),
    ]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def text_of(pdf, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=HANG
    ).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    out = folder / "results.xlsx"
    done = CliRunner().invoke(app, ["batch", str(source(folder)), "-o", str(out)])
    assert done.exit_code == 0, done.output
    profile = folder / "profile"
    pdf = convert(out, "pdf", profile)
    assert pdf.returncode == 0, pdf.stderr
    return out.with_suffix(".pdf")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")
def test_the_summary_page_reads_as_a_report(printed):
    pdf = printed
    first = text_of(pdf, 1)
    for text in (
        "焦作市促进人工智能产业发展若干措施",
        "征求意见稿",
        "draft-2026",
        "申请.xlsx",
        "读入申请人",
        "542,000",
        "约 54.20 万元",
        "见“错误”表：申请人信息 1 处",
        "合计",
        "第九条",
        "第 1 页",
    ):
        assert text in first, text
    # every sheet prints: 汇总, 申请人, 明细, 拟兑现名单, 拨付明细, 错误, 重复 — each at least a page, its name in the page header
    pages = text_of(pdf).split("\f")
    heads = [page.strip().splitlines()[0].strip() for page in pages if page.strip()]
    assert heads == ["汇总", "申请人", "明细", "拟兑现名单", "拨付明细", "错误", "重复"]
    assert NAME_A in pages[1] and "91410800" in pages[1]
    assert "王一" in pages[4] and "个人" in pages[4]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler) is not installed")
def test_the_summary_and_awards_pages_as_pictures(printed):
    pdf = printed
    for page in (1, 3):  # 汇总 and 明细
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(pdf.with_name(f"page{page}")),
            ],
            check=True,
            timeout=HANG,
        )
        data = pdf.with_name(f"page{page}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a page with text on it, not a blank
