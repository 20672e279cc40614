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
    out = CliRunner().invoke(app, ["plan", str(ROOT / "examples" / "plan" / "three-year-plan.toml"), "--years", "2026-2028", "-f", "json"]).stdout
    document = json.loads(out)
    assert set(document) <= documented, set(document) - documented
    for year in document["years"]:
        assert set(year) <= documented, set(year) - documented


def test_every_json_key_forecast_writes_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "json.md").read_text(encoding="utf-8"), re.M))
    out = CliRunner().invoke(app, ["forecast", str(ROOT / "examples" / "applicants.xlsx"), "--years", "2026-2027", "-f", "json"]).stdout
    document = json.loads(out)
    keys = set(document) | {k for row in document["cost"] for k in row} | set(document["total"])
    assert keys <= documented, keys - documented


def test_the_readme_shows_both_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "pip install '.[test]' && pytest"
    assert test_command in readme and test_command in ci
    assert "pip install . && jzai check examples/" in readme
