"""What `review`, `diff` and the readings say a passage of the draft costs,
checked against `batch` and `check` on the same facts and against the policy
text by hand.

Each test names the input, the number jzai showed and the number the text
gives, with the arithmetic in a comment.
"""

from __future__ import annotations

import json
from pathlib import Path

from applicants_xlsx import CODES, write
from openpyxl import load_workbook
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()

FIRM = {"申请人名称": "甲软件公司", "统一社会信用代码": CODES[0]}
SME_2026 = [CODES[0], "专精特新中小企业", "省级", "专精特新", "2026-03-01", None]


def with_award_received(path: Path, clause: str) -> Path:
    """甲: provincial 专精特新 of 2026 (3.3, 50万元), and a 已获奖励 row whose
    clause is `clause`."""
    write(path, [FIRM], [SME_2026])
    book = load_workbook(path)
    sheet = book.create_sheet("已获奖励")
    sheet.append(["统一社会信用代码", "条款", "对应事项", "年度", "金额（元）", "月数"])
    sheet.append([CODES[0], clause, "专精特新", 2026, 500_000, None])
    book.save(path)
    return path


def json_of(args: list[str]) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_review_and_diff_leave_out_an_applicant_that_batch_refuses_for_an_unknown_clause(tmp_path):
    # 已获奖励 names clause "3.8", which the policy does not have (3.1 … 3.5):
    # batch (and check) refuse the row, so the applicant is invalid and costs 0.
    # review and diff read the same workbook: 0 valid, 1 invalid, 0 yuan — not
    # 3.3's 500,000 paid as if nothing had been received.
    book = with_award_received(tmp_path / "book.xlsx", "3.8")
    batch = json_of(["batch", str(book), "--format", "json", "-q"])
    assert batch["summary"]["valid"] == 0 and batch["summary"]["invalid"] == 1
    assert batch["summary"]["total_yuan"] == 0

    review = json_of(["review", "--batch", str(book), "--format", "json"])
    assert (review["batch"]["applicants"], review["batch"]["invalid"]) == (0, 1)
    assert review["batch"]["cost"]["total_yuan"] == 0

    diff = json_of(["diff", "draft", "draft", "--batch", str(book), "--format", "json"])
    assert (diff["cost"]["old_total_yuan"], diff["cost"]["new_total_yuan"]) == (0, 0)


def test_review_refuses_a_toml_facts_file_that_check_refuses_for_an_unknown_clause(tmp_path):
    # The same applicant as a TOML file: check exits 2 naming awards_received[1].clause;
    # review --batch of the file (or of its folder) must not price it at 500,000.
    facts = tmp_path / "firm.toml"
    facts.write_text(
        """year = 2026
[applicant]
name = "甲软件公司"
credit_code = "91410800MA9K3T2B51"
kind = "enterprise"
size = "small"
sectors = ["intelligent_software"]
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
[[events]]
type = "specialised_sme"
level = "provincial"
name = "专精特新"
date = 2026-03-01
[[awards_received]]
clause = "3.8"
event = "专精特新"
year = 2026
amount = 500000
""",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["check", str(facts)]).exit_code == 2
    for batch in (facts, tmp_path):
        result = runner.invoke(app, ["review", "--batch", str(batch), "--format", "json"])
        assert result.exit_code == 2, result.output
        assert "awards_received[1].clause" in result.output


def test_forecast_leaves_out_an_applicant_that_batch_refuses_for_an_unknown_clause(tmp_path):
    # The workbook above: the low end of 2026 is 0 (no valid applicant), not 500,000.
    book = with_award_received(tmp_path / "book.xlsx", "3.8")
    doc = json_of(["forecast", str(book), "--years", "2026", "--format", "json"])
    assert doc["invalid"] == 1
    assert doc["total"]["low_yuan"] == 0


def test_d6_names_every_clause_whose_money_it_changes():
    # D6 scope_only (第二条: enterprises and individuals only) refuses every
    # clause that admits a park, institute or university: besides 4.2 and 5.x,
    # 6.1 (企业等), 7.1 (牵头单位), 7.2/7.3 (单位) and 8.3/8.4 (项目). A park leading
    # a provincial empowerment centre gets 7.1's 50万元 = 500,000 under the default
    # and 0 under scope_only, so review prices D6 at −500,000 in 第七条: the
    # reading (and explain of those articles) must name those clauses.
    from jzai_cli import policy as policy_mod
    from jzai_cli.engine import SCOPE_KINDS

    policy = policy_mod.load()
    d6 = policy.readings["D6"]
    admitting = {c.id for c in policy.clauses if set(c.applicant_kinds) - set(SCOPE_KINDS)}
    assert admitting == {"4.2", "5.1", "5.2", "5.3", "5.4", "6.1", "7.1", "7.2", "7.3", "8.3", "8.4"}
    assert admitting <= set(d6.clauses)
    assert all("D6" in policy.clause(c).readings for c in admitting)
    for article in ("6", "7", "8"):
        result = runner.invoke(app, ["explain", article], env={"COLUMNS": "200"})
        assert result.exit_code == 0 and "D6" in result.stdout, article


COMPUTE_NEAR_MISS = """year = 2026
[applicant]
name = "焦作戊智能有限公司"
kind = "enterprise"
size = "small"
sectors = ["intelligent_software"]
operates_in_jiaozuo = true
pays_taxes = true
in_jiaozuo_statistics = true
[[compute_purchases]]
provider = "某智算中心"
provider_type = "ai_computing_centre"
pflops = 99.99
self_built = false
fees = "100万"
"""


def test_a_near_miss_of_a_fraction_of_a_pflops_shows_that_fraction(tmp_path):
    # 6.1: 算力规模100PFLOPS以上 (inclusive); the centre declares 99.99 PFLOPS, so it
    # is short by 100 − 99.99 = 0.01 PFLOPS, and would pay 20% × 1,000,000 = 200,000.
    # The near-miss table showed "0 PFLOPS" (the shortfall rounded as if yuan).
    facts = tmp_path / "firm.toml"
    facts.write_text(COMPUTE_NEAR_MISS, encoding="utf-8")
    for lang, unit in (("zh", "PFLOPS"), ("en", "PFLOPS")):
        result = runner.invoke(app, ["check", str(facts), "--lang", lang], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert f"0.01 {unit}" in result.stdout
        assert f" 0 {unit}" not in result.stdout
    report = tmp_path / "firm.html"
    assert runner.invoke(app, ["check", str(facts), "--report", str(report)]).exit_code == 0
    assert "0.01 PFLOPS" in report.read_text(encoding="utf-8")


def test_a_folder_of_toml_and_json_facts_is_read_whole_by_review_and_forecast(tmp_path):
    # Two applicants, each with a 2026 provincial 专精特新 recognition: 3.3 "新获得省认定的
    # “专精特新”中小企业，给予50万元一次性奖励" → 500,000 each, 1,000,000 together. The JSON
    # file was left out (only .toml files were read): 500,000, and nothing said so.
    import json as json_module

    from conftest import BASE_APPLICANT

    from jzai_cli import costing
    from jzai_cli.forecast import forecast_of, read_batch
    from jzai_cli.policy import load

    event = {"type": "specialised_sme", "level": "provincial", "name": "专精特新", "date": "2026-05-20"}
    lines = ["year = 2026", "[applicant]"]
    lines += [f"{k} = {json_module.dumps(v, ensure_ascii=False)}" for k, v in BASE_APPLICANT.items()]
    lines += ["[[events]]"] + [f"{k} = {json_module.dumps(v, ensure_ascii=False)}" for k, v in event.items()]
    toml_text = "\n".join(lines) + "\n"
    (tmp_path / "a.toml").write_text(toml_text, encoding="utf-8")
    second = dict(BASE_APPLICANT, name="第二科技有限公司", credit_code="91410811MA9LX0QH2Q")
    (tmp_path / "b.json").write_text(
        json_module.dumps({"year": 2026, "applicant": second, "events": [event]}, ensure_ascii=False), encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("not facts", encoding="utf-8")  # neither TOML nor JSON: not read
    applicants = costing.read_applicants(tmp_path)
    assert len(applicants.facts) == 2
    name, rows = read_batch(tmp_path)
    forecast = forecast_of(load(), rows, range(2026, 2027), name)
    assert forecast.applicants == 2
    assert forecast.article_total(3).low == 1_000_000  # 2 × 500,000
