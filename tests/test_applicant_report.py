"""`jzai check FILE --report applicant.html`: one printable page with the
applicant's awards, caps, missing facts and documents, self-contained, drawn
and printed to one A4 page by headless Chromium.

examples/ai-software-firm.toml, by hand (its header): 3.3 500,000; 6.1 cut by
每年不超过100万元 to 1,000,000; 9.1 and 9.2 as listed there: 1,539,000 sure.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from headless import chromium
from typer.testing import CliRunner

from jzai_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("applicant")
    target = folder / "applicant.html"
    result = runner.invoke(app, ["check", str(ROOT / "examples" / "ai-software-firm.toml"), "--report", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_the_page_holds_the_totals_awards_and_documents(page):
    text = page.read_text(encoding="utf-8")
    assert '<strong id="total-sure">1,539,000</strong>' in text  # the example's hand-computed total
    assert "焦作智算软件有限公司" in text and "征求意见稿" in text
    assert "算力券奖励" in text and "触及的上限" in text  # 6.1 cut by its yearly cap
    assert "申报材料" in text and "算力资源使用合同、付款凭证及发票" in text
    assert "草案未规定：" in text and "受理部门" in text


def test_the_page_needs_no_network_and_runs_no_script(page):
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text
    assert not re.search(r"(src|href)=", text)


def test_input_text_is_escaped(tmp_path):
    facts = tmp_path / "facts.toml"
    facts.write_text(
        'year = 2026\n[applicant]\nname = "甲<script>alert(1)</script>"\nkind = "enterprise"\n', encoding="utf-8"
    )
    target = tmp_path / "a.html"
    assert runner.invoke(app, ["check", str(facts), "--report", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "&lt;script&gt;" in text


def test_english_page(tmp_path):
    target = tmp_path / "en.html"
    result = runner.invoke(
        app, ["check", str(ROOT / "examples" / "ai-park.toml"), "--report", str(target), "--lang", "en"]
    )
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "Documents to hand in" in text and "Not stated by the draft" in text
    assert "申报材料" not in text


def test_an_existing_report_is_kept_unless_force(tmp_path):
    target = tmp_path / "a.html"
    target.write_text("mine", encoding="utf-8")
    example = str(ROOT / "examples" / "ai-park.toml")
    kept = runner.invoke(app, ["check", example, "--report", str(target)])
    assert kept.exit_code == 2 and "--force" in kept.stderr and kept.stdout == ""
    assert target.read_text(encoding="utf-8") == "mine"
    assert runner.invoke(app, ["check", example, "--report", str(target), "--force"]).exit_code == 0
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")


def test_the_report_may_not_be_the_input(tmp_path):
    facts = tmp_path / "facts.toml"
    shutil.copy(ROOT / "examples" / "ai-park.toml", facts)
    before = facts.read_bytes()
    result = runner.invoke(app, ["check", str(facts), "--report", str(facts), "--force"])
    assert result.exit_code == 2
    assert facts.read_bytes() == before


def test_it_prints_on_one_a4_page_in_headless_chromium(page, tmp_path):
    pdf = tmp_path / "applicant.pdf"
    chromium(page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1
