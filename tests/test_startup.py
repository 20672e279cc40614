"""The app builds only the command that runs: what that must not change.

Every command is still listed by `jzai --help` in the same order with its
summary, every command's own help, the usage errors and their exit codes
stay as they were, and running one command imports no other command's
module. No timing is asserted here (benchmarks/startup.py measures it).
"""

from __future__ import annotations

import sys

import pytest
from processes import ROOT, run
from typer.main import get_command
from typer.testing import CliRunner

from jzai_cli import cli_app
from jzai_cli.cli import app

runner = CliRunner()

# `jzai --help` lists them in this order (the order they were registered in
# before they were built lazily): cli.py's, then cli_plan's, cli_review's,
# cli_schema's, then the `policy` group.
COMMANDS = [
    "check",
    "explain",
    "batch",
    "template",
    "plan",
    "forecast",
    "readings",
    "review",
    "diff",
    "schema",
    "policy",
]


def registered() -> list[str]:
    """Every command and group the command modules register, all of them imported."""
    from typer.main import get_command_name

    from jzai_cli import cli_plan, cli_review, cli_schema  # noqa: F401  (they register on import)

    names = [info.name or get_command_name(info.callback.__name__) for info in cli_app.commands.registered_commands]
    return names + [group.name for group in cli_app.commands.registered_groups]


def test_every_registered_command_is_named_once_and_every_named_one_is_registered():
    names = registered()
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(cli_app._LOADERS) == sorted(COMMANDS)
    assert list(cli_app._LOADERS) == COMMANDS


def test_help_lists_every_command_in_order_with_its_summary():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == COMMANDS
    group = get_command(app)
    for name in COMMANDS:
        summary = group.commands[name].get_short_help_str(limit=200)
        assert summary and any(line.split(None, 1)[1].startswith(summary[:20]) for line in listed if line.strip())


def test_no_arguments_shows_the_help_and_exits_2():
    result = runner.invoke(app, [])
    assert result.exit_code == 2
    assert "Commands:" in result.output and "check" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_its_own_help(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: jzai {name} ")
    if name == "policy":
        assert "export" in result.stdout
    else:
        assert "Example: jzai " + name in result.stdout


def test_the_policy_group_has_its_export_command():
    result = runner.invoke(app, ["policy", "export", "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: jzai policy export [OPTIONS] {DIR}")
    assert runner.invoke(app, ["policy"]).exit_code == 2  # no_args_is_help: the help, exit 2


def test_looking_up_one_command_builds_only_that_one():
    group = get_command(app)
    assert group.commands._built == {}
    assert "plan" in group.commands and "nosuch" not in group.commands  # names are known without building
    assert group.commands._built == {}
    check = group.commands["check"]
    assert check.name == "check" and list(group.commands._built) == ["check"]
    assert group.commands.get("check") is check
    assert group.commands.get("nosuch") is None


def test_an_unknown_command_is_refused_with_the_nearest_names_and_exit_2():
    result = runner.invoke(app, ["chek", "x.toml"])
    assert result.exit_code == 2
    assert "No such command 'chek'. Did you mean 'check', 'schema'?" in result.output
    result = runner.invoke(app, ["nosuch"])
    assert result.exit_code == 2 and "No such command 'nosuch'." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "Missing argument 'FILE'."),
        (["check", "x.toml", "--year", "1800"], "Input should be greater than or equal to 1990"),
        (["check", "x.toml", "--year", "abc"], "Input should be a valid integer"),
        (["check", "x.toml", "--format", "xml"], "Invalid value for '--format' / '-f'"),
        (["check", "x.toml", "--lang", "fr"], "Invalid value for '--lang' / '-l'"),
        (["check", "x.toml", "--max-file-mb", "0"], "Input should be greater than or equal to 1"),
        (["check", "x.toml", "--nosuch"], "No such option: --nosuch"),
        (["schema", "nosuch"], "'nosuch' is not one of 'facts', 'check', 'batch', 'plan'."),
        (["plan"], "Missing argument"),
        (["batch", "--jobs", "0", "x.xlsx"], "Input should be greater than or equal to 1"),
    ],
)
def test_a_usage_error_names_the_option_and_exits_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_version_builds_no_command():
    group = get_command(app)
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("jzai ")
    assert group.commands._built == {}


def test_running_check_imports_no_other_command_module():
    """In a process of its own: `jzai check` imports cli.py and cli_app.py, not the modules of plan, review or schema."""
    code = (
        "import sys\n"
        "from jzai_cli.cli import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('jzai_cli.cli')), file=sys.stderr)\n"
    )
    done = run(["-c", code, "check", "examples/ai-software-firm.toml"], command=[sys.executable], cwd=ROOT)
    assert done.code == 0, done.stderr
    assert "1,539,000" in done.stdout  # 3.3 500,000 + 6.1 (360,000 + 640,000) + 9.1 (24,000 + 9,000) + 9.2 6,000
    assert done.stderr.strip().splitlines()[-1] == "['jzai_cli.cli', 'jzai_cli.cli_app']"
