"""The conventions of command-line tools: -h, shell completion, readable
metavars in --help."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from jzai_cli.cli import app

runner = CliRunner()
COMMANDS = ["check", "explain", "batch", "template", "readings", "review", "diff", "policy"]


@pytest.mark.parametrize("command", COMMANDS)
def test_dash_h_is_help(command):
    long, short = runner.invoke(app, [command, "--help"]), runner.invoke(app, [command, "-h"])
    assert short.exit_code == 0 and short.stdout == long.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_python_type_names(command):
    text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    assert "list[str]" not in text and "<int range>" not in text


def test_shell_completion_is_offered():
    text = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in text and "--show-completion" in text


@pytest.mark.parametrize("command", [["readings"], ["review"]])
def test_format_table_is_the_same_word_everywhere(command):
    table = runner.invoke(app, [*command, "--format", "table"], env={"COLUMNS": "120"})
    old = runner.invoke(app, [*command, "--format", "rich"], env={"COLUMNS": "120"})
    assert table.exit_code == 0 and table.stdout == old.stdout
    assert "table" in runner.invoke(app, [*command, "--help"]).stdout


def test_template_toml_offers_a_blank_form_that_names_what_to_fill_in(tmp_path):
    blank = runner.invoke(app, ["template", "--toml", "--blank", "-o", "-"])
    assert blank.exit_code == 0
    text = blank.stdout
    assert "# name = " in text and "# [[graduates]]" in text and '\nname = "' not in text  # no example values
    form = tmp_path / "form.toml"
    form.write_text(text, encoding="utf-8")
    unfilled = runner.invoke(app, ["check", str(form)])
    # left unfilled, check names the two facts every file needs
    assert unfilled.exit_code == 2 and "applicant.name" in unfilled.stderr and "applicant.kind" in unfilled.stderr
    example = runner.invoke(app, ["template", "--toml", "-o", "-"]).stdout
    assert "[[graduates]]\n" in example and '\nname = "' in example  # the worked example is still the default
