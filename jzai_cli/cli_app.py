"""The `jzai` app and what its commands share: the guarded group, the
options, the one way to fail (exit 2) and the policy loader of --policy and
--reading. The commands live in cli.py, cli_plan.py, cli_review.py and
cli_schema.py, which register themselves on `commands`; cli.py names them,
in the order `jzai --help` lists them, with what imports each (`lazy`). The
app builds only the command that runs (Typer turns a function's every
option into a click parameter when it builds it), all of them for
`jzai --help`; this module imports none of the command modules.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, MutableMapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name, get_group_from_info

from . import __version__
from .output import STDOUT, GuardedStream, OutputError, silence_stdout
from .said import Said

if TYPE_CHECKING:
    from .errors import Problem
    from .policy import Policy

INTERRUPTED = Said("已中断，未写出输出文件", "interrupted: no output file was written")
OUT_OF_MEMORY = Said(
    "错误：内存不足，无法完成；请拆分输入文件", "error: out of memory: split the input into smaller files"
)


def lang_of(args: list[str]) -> str:
    """The --lang of a command line not yet parsed (for the lines the guarded
    group prints itself); zh when none is given or it is not a language."""
    found = "zh"
    for index, arg in enumerate(args):
        if arg in ("--lang", "-l") and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.removeprefix("--lang=")
        elif arg.startswith("-l") and not arg.startswith("--") and len(arg) > 2:
            found = arg[2:]
    return found if found in {lang.value for lang in Lang} else "zh"


class Stopped(BaseException):
    """SIGINT or SIGTERM: unwinds like KeyboardInterrupt so that every
    `finally` and `except BaseException` cleans up, but is not one, so that
    no library turns it into a message of its own."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


commands = typer.Typer()  # where the command modules register; `app` builds from it
_LOADERS: dict[str, Callable[[], object] | None] = {}  # command → what imports its module (None: cli.py itself)


def lazy(loaders: dict[str, Callable[[], object] | None]) -> None:
    """Name the app's commands, in the order of `jzai --help`, each with the
    function that imports the module registering it (None when cli.py does)."""
    _LOADERS.update(loaders)


def _build(name: str):
    """The click command (or group) `name`, built from what is registered on `commands`."""
    for info in commands.registered_commands:
        if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == name:
            return get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
            )
    for group in commands.registered_groups:
        if group.name == name:
            return get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    raise LookupError(f"{name!r} is named in cli.py but registered by no command module")


class LazyCommands(MutableMapping):
    """The group's commands by name: every name known at once (for the usage
    error's suggestions), each command built when it is first looked up."""

    def __init__(self) -> None:
        self._built: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            if name not in _LOADERS:
                raise KeyError(name)
            load = _LOADERS[name]
            if load is not None:
                load()
            self._built[name] = _build(name)
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in _LOADERS or name in self._built

    def __setitem__(self, name: str, command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of jzai are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*_LOADERS, *self._built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*_LOADERS, *self._built]))


class Group(TyperGroup):
    """Every command runs guarded: Ctrl-C (exit 130) and SIGTERM (exit 143)
    print one line after the command has removed what it was writing; a
    write error names the output; a broken pipe ends quietly (exit 141);
    running out of memory is one message. Its commands are built when
    looked up (`LazyCommands`)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.commands = LazyCommands()

    def invoke(self, ctx):
        import signal
        import threading

        def stop(signum, frame):
            for each in (signal.SIGINT, signal.SIGTERM):
                signal.signal(each, signal.SIG_IGN)  # one message however often Ctrl-C is pressed
            raise Stopped(signum)

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for each in (signal.SIGINT, signal.SIGTERM):
                previous[each] = signal.signal(each, stop)
        lang = lang_of([*getattr(ctx, "protected_args", []), *ctx.args])
        stdout = sys.stdout
        sys.stdout = GuardedStream(stdout)
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except Stopped as stopped:
            typer.echo(INTERRUPTED.text(lang), err=True)
            raise typer.Exit(128 + stopped.signum) from None
        except OutputError as error:
            if error.path == STDOUT:
                silence_stdout()  # the flush at exit must not fail again
            if error.broken_pipe:
                raise typer.Exit(141) from None  # as `yes | head` ends: quietly
            from .i18n import halves
            from .render.common import safe

            path, (reason_zh, reason_en) = safe(error.path), halves(error.reason)
            said = Said(f"错误：无法写出 {path}：{reason_zh}", f"error: cannot write {path}: {reason_en}")
            typer.echo(said.text(lang), err=True)
            raise typer.Exit(1) from None
        except MemoryError:
            typer.echo(OUT_OF_MEMORY.text(lang), err=True)
            raise typer.Exit(1) from None
        finally:
            sys.stdout = stdout
            for each, handler in previous.items():
                signal.signal(each, handler)


def run_app() -> None:
    """The console script and `python -m jzai_cli`: the app, then no more
    Ctrl-C while the process ends, so that a second Ctrl-C during its last
    clean-up (the collection of the worker processes' pipes) prints nothing."""
    import signal

    try:
        app(prog_name="jzai")
    finally:
        for each in (signal.SIGINT, signal.SIGTERM):
            signal.signal(each, signal.SIG_IGN)


app = typer.Typer(
    cls=Group,
    name="jzai",
    help="焦作市促进人工智能产业发展若干措施（征求意见稿）资格与奖励计算器 — eligibility and award calculator for the Jiaozuo AI measures (draft).",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


class InputFormat(str, Enum):
    auto = "auto"
    toml = "toml"
    json = "json"


LangOption = Annotated[
    Lang, typer.Option("--lang", "-l", metavar="zh|en", help="输出语言 zh（默认）或 en. Output language.")
]
ReadingOption = Annotated[
    list[str] | None,
    typer.Option(
        "--reading",
        "-r",
        metavar="ID=OPTION",
        help="切换解读，如 D1=literal（可重复）. Switch a reading, e.g. D1=literal (repeatable); see `jzai explain`.",
    ),
]
PolicyOption = Annotated[
    Path | None,
    typer.Option(
        "--policy",
        metavar="DIR",
        help="政策数据目录（默认为随附的征求意见稿）. A policy data folder (default: the shipped draft).",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help='不显示进度、汇总和“已写出”（错误照常显示）. No progress, summary or "written" line (errors are still shown).',
    ),
]
LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        metavar="NAME=N",
        help="调高读取工作簿的上限，如 rows=2000000（可重复）：file_mb=256、unpacked_mb=2048、ratio=200、entries=10000、rows=1048576、columns=4096、cells=12000000. "
        "Raise a workbook limit, e.g. rows=2000000 (repeatable; defaults as listed).",
    ),
]


def limits_of(items: list[str] | None, lang: str):
    """The workbook limits of --limit, or exit 2 naming the bad item."""
    from .errors import Problem
    from .i18n import message_of
    from .limits import parse_limits

    try:
        return parse_limits(items)
    except ValueError as error:
        fail([Problem("--limit", message_of(error))], lang)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jzai {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """焦作市促进人工智能产业发展若干措施（征求意见稿）资格与奖励计算器."""


def fail(problems: list[Problem], lang: str, output: bool = False) -> NoReturn:
    """Print input problems (or with `output`, a refused output) as one block on stderr and exit 2."""
    from .render.common import console
    from .render.errors import render_problems

    console(stderr=True).print(render_problems(problems, lang, output), soft_wrap=True)  # paths stay whole
    raise typer.Exit(2)


def load_policy(path: Path | None, readings: list[str] | None, lang: str) -> Policy:
    from .errors import Problem
    from .policy import PolicyDataError, load

    chosen = []
    for item in readings or []:
        reading_id, _, option = item.partition("=")
        chosen.append((reading_id.strip().upper(), option.strip()))
    try:
        return load(path, tuple(chosen))
    except KeyError as error:
        from .policy import load as load_default

        known = load_default(path)
        options = "; ".join(f"{r.id}={'|'.join(o.id for o in r.options)}" for r in known.readings.values())
        fail(
            [
                Problem(
                    "--reading",
                    Said(
                        f"未知的解读：{error.args[0]!r}；可选：{options}",
                        f"unknown reading {error.args[0]!r}; expected one of: {options}",
                    ),
                )
            ],
            lang,
        )
    except PolicyDataError as error:
        from .i18n import halves

        folder = str(path or "policy")
        fail(
            [
                Problem(
                    folder,
                    Said(f"政策数据有误：{halves(p.message)[0]}", f"broken policy data: {halves(p.message)[1]}"),
                    field=" ".join(x for x in (p.where, p.field) if x) or None,
                )
                for p in error.problems
            ],
            lang,
        )
