"""The documentation matches the code it documents."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from jzai_cli import facts_doc
from jzai_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_docs_facts_md_is_generated_from_the_model():
    assert (ROOT / "docs" / "facts.md").read_text(encoding="utf-8") == facts_doc.markdown()


def test_every_json_key_check_writes_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "json.md").read_text(encoding="utf-8"), re.M))
    out = CliRunner().invoke(app, ["check", str(ROOT / "examples" / "ai-software-firm.toml"), "-f", "json"]).stdout
    document = json.loads(out)
    assert set(document) <= documented, set(document) - documented
    for award in document["awards"]:
        assert set(award) <= documented, set(award) - documented


def test_every_json_key_plan_writes_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "json.md").read_text(encoding="utf-8"), re.M))
    out = (
        CliRunner()
        .invoke(
            app,
            ["plan", str(ROOT / "examples" / "plan" / "three-year-plan.toml"), "--years", "2026-2028", "-f", "json"],
        )
        .stdout
    )
    document = json.loads(out)
    assert set(document) <= documented, set(document) - documented
    for year in document["years"]:
        assert set(year) <= documented, set(year) - documented


def test_every_json_key_forecast_writes_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "json.md").read_text(encoding="utf-8"), re.M))
    out = (
        CliRunner()
        .invoke(app, ["forecast", str(ROOT / "examples" / "applicants.xlsx"), "--years", "2026-2027", "-f", "json"])
        .stdout
    )
    document = json.loads(out)
    keys = set(document) | {k for row in document["cost"] for k in row} | set(document["total"])
    assert keys <= documented, keys - documented


def test_the_readme_shows_both_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "pip install '.[test]' && pytest"
    assert test_command in readme and test_command in ci
    assert "pip install . && jzai check examples/" in readme


def _documented_keys() -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "json.md").read_text(encoding="utf-8"), re.M))


def test_every_key_of_the_document_schemas_is_documented():
    from jzai_cli import schema

    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    documented = _documented_keys()
    for name in ("check", "batch", "plan"):
        for definition in [schema.schema_of(name), *schema.schema_of(name)["$defs"].values()]:
            for key in definition.get("properties", {}):
                # a key of a table's own row, or named in the row of the object holding it
                assert key in documented or f"`{key}`" in text, (name, definition.get("title"), key)


def test_the_json_facts_example_in_json_md_reads_and_validates():
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    from jzai_cli.readers.facts_file import read_facts

    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = text[text.index("## Facts as JSON") :]
    example = re.search(r"```json\n(.*?)```", section, re.S)[1]
    facts = read_facts("example.json", stdin_bytes=example.encode("utf-8"))
    assert facts.applicant.main_business_revenue_prev_year == 23_500_000  # 2,350 × 10,000
    schema = json.loads((files("jzai_cli") / "schemas" / "facts.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(json.loads(example))) == []


def test_the_error_shown_in_json_md_is_what_check_prints(tmp_path, monkeypatch):
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ jzai check company.json\n(.*?)```", text, re.S)[1]
    (tmp_path / "company.json").write_text(
        '{\n  "applicant": {"name": "甲", "kind": "enterprise"},\n  "graduates": [\n'
        '    {"name": "张三", "graduated": "2025-06-30"},\n    {"name": "李四", "graduated": 20250630}\n  ]\n}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "company.json"])
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n") == shown.rstrip("\n")
