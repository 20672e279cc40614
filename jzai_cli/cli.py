"""The `jzai` command: Typer commands only — read, call, render.

Heavy modules (pydantic models, openpyxl, the renderers) are imported inside
the commands so that `jzai --version` and `jzai --help` start fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_app import (
    CheckFormat,
    InputFormat,
    Lang,
    LangOption,
    LimitOption,
    PolicyOption,
    QuietOption,
    ReadingOption,
    Stopped,
    app,  # noqa: F401  (the app, as `jzai_cli.cli.app`)
    commands,
    fail,
    lazy,
    limits_of,
    load_policy,
)
from .output import OutputError
from .said import Said


@commands.command()
def check(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="企业事实文件 TOML 或 JSON（- 表示标准输入）或申请人工作簿 .xlsx/.xls/.ods. The facts file (TOML or JSON; - reads stdin) or an applicants' workbook.",
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", min=1990, max=2100, metavar="YEAR", help="评估年度（默认取文件中的 year）. Assessment year."
        ),
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="table（默认）或 json.")] = CheckFormat.table,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    max_file_mb: Annotated[
        int,
        typer.Option(
            "--max-file-mb",
            min=1,
            metavar="MB",
            help="TOML/JSON 文件大小上限（MB）. Largest TOML or JSON file accepted.",
        ),
    ] = 5,
    applicant: Annotated[
        str | None,
        typer.Option(
            "--applicant",
            "-a",
            metavar="CODE|NAME",
            help="工作簿中的申请人：统一社会信用代码或完整名称. The workbook's applicant: credit code or exact name.",
        ),
    ] = None,
    limit: LimitOption = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE.html",
            help="另写一页可打印的 HTML 申报摘要（奖励、上限、尚缺事实、申报材料）. Also write a printable one-page HTML summary.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有的 --report 文件. Replace an existing --report file.")
    ] = False,
    trace: Annotated[
        bool,
        typer.Option(
            "--trace",
            help="逐项列出每笔奖励的计算过程（原文、事实、门槛、上限、取整）. Show the steps behind each amount.",
        ),
    ] = False,
    input_format: Annotated[
        InputFormat,
        typer.Option(
            "--input-format",
            metavar="auto|toml|json",
            help="auto（默认：按扩展名 .json/.toml，否则看首字符是否为 {）、toml 或 json. The facts file's format.",
        ),
    ] = InputFormat.auto,
) -> None:
    """列出申请人本年度可申请的全部奖励、金额、封顶与尚缺的事实。

    Show every award the applicant can claim for the assessment year: amount,
    caps that cut it, limits left, and facts still missing. The facts file is
    TOML or JSON (the same keys and values); a workbook is read as by
    `jzai batch`; --applicant picks one of its applicants.

    Example: jzai check examples/ai-software-firm.toml --format json
    """
    from .engine import evaluate
    from .errors import InputError, Problem
    from .readers.pick import is_workbook

    policy = load_policy(policy_dir, reading, lang.value)
    clauses = {clause.id for clause in policy.clauses}  # an award received under another clause is refused
    max_bytes = max_file_mb * 1024 * 1024
    if report is not None:
        from .output import refusal

        problem = refusal(report, force, [Path(file)] if file != "-" else [])
        if problem is not None:
            fail([Problem(str(report), problem)], lang.value, output=True)
    workbook = is_workbook(file) and input_format is InputFormat.auto  # --input-format toml|json reads any file as text
    if applicant is not None and not workbook:
        fail([Problem("--applicant", Said("只适用于工作簿 .xlsx/.xls/.ods", "only for a workbook"))], lang.value)
    try:
        if workbook:
            from .readers.pick import read_applicant

            picked = read_applicant(file, applicant, limits_of(limit, lang.value), clauses)
            facts = picked.facts
            if picked.notes:  # ignored sheets or columns: on stderr, the output stays as for TOML
                from .render.common import console
                from .render.errors import render_notes

                console(stderr=True).print(render_notes(picked.notes, lang.value), soft_wrap=True)
        else:
            from .readers.facts_file import read_facts

            stdin = sys.stdin.buffer.read(max_bytes + 1) if file == "-" else None
            facts = read_facts(
                "<stdin>" if file == "-" else file,
                input_format=input_format.value,
                stdin_bytes=stdin,
                max_bytes=max_bytes,
                clauses=clauses,
            )
    except InputError as error:
        fail(error.problems, lang.value)
    result = evaluate(policy, facts, year)
    if report is not None:
        from .output import write_text
        from .render.applicant_html import applicant_data, render_applicant_html

        write_text(report, render_applicant_html(applicant_data(result, policy, lang.value, source=file)), force)
    if format is CheckFormat.json:
        from .render.json_doc import dumps, result_doc

        sys.stdout.write(dumps(result_doc(result, policy, lang.value, trace=trace)) + "\n")
        return
    from .render.check_table import render_check, render_trace
    from .render.common import console

    out = console()
    out.print(render_check(result, policy, lang.value))
    if trace:
        out.print(render_trace(result, policy, lang.value))


@commands.command()
def explain(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="ARTICLE|CLAUSE",
            help="条或款：article-8、8、第八条、8.5；省略则列出全部十条. An article or clause.",
        ),
    ] = None,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
) -> None:
    """显示条文原文、各款条件、金额、上限及对不明之处的解读。

    Show an article's text, each clause's conditions, amounts and caps, and
    how jzai reads the draft's unclear passages.

    Example: jzai explain 8.5
    """
    from .errors import Problem
    from .render.common import console
    from .render.explain import parse_target, render_article, render_index, valid_targets

    policy = load_policy(policy_dir, reading, lang.value)
    out = console()
    if target is None:
        out.print(render_index(policy, lang.value))
        return
    found = parse_target(policy, target)
    if found is None:
        from .i18n import Said

        valid = valid_targets(policy)
        fail(
            [
                Problem(
                    "explain",
                    Said(
                        f"找不到 {target!r}；可用的{valid.zh}",
                        f"no such article or clause {target!r}; valid: {valid.en}",
                    ),
                )
            ],
            lang.value,
        )
    article, clause = found
    out.print(render_article(policy, article, clause, lang.value))


policy_app = typer.Typer(
    help="政策数据：导出随附的征求意见稿以便修改. The policy data: export the shipped draft to edit.",
    no_args_is_help=True,
)
commands.add_typer(policy_app, name="policy")


@policy_app.command("export")
def policy_export(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="写到此目录（须不存在或为空）. The folder to write (new or empty).")
    ],
    lang: LangOption = Lang.zh,
    quiet: QuietOption = False,
) -> None:
    """把随附的政策数据（原文、条款参数、解读）写到一个目录，修改后用 --policy 或 jzai diff 使用。

    Write the shipped policy data (text, clause parameters, readings) into a
    folder, to edit into another version and use with --policy or jzai diff;
    a folder that fails the checks is refused when it loads.

    Example: jzai policy export final-policy
    """
    from .errors import Problem
    from .policy import export

    try:
        files = export(folder)
    except FileExistsError:
        fail(
            [
                Problem(
                    str(folder),
                    Said("目录已存在且不为空，或不是目录", "the folder exists and is not empty, or is not a folder"),
                )
            ],
            lang.value,
        )
    except OSError as error:
        fail(
            [
                Problem(
                    str(folder),
                    Said(f"无法写入：{error.strerror or error}", f"cannot write: {error.strerror or error}"),
                )
            ],
            lang.value,
        )
    if not quiet:
        from .i18n import say

        typer.echo(say("cli.exported", lang.value, folder=str(folder), n=len(files)), err=True)


def run() -> None:  # pragma: no cover - the console script
    from .cli_app import run_app

    run_app()


class BatchFormat(str, Enum):
    xlsx = "xlsx"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"


@commands.command()
def batch(
    file: Annotated[
        Path, typer.Argument(help="申请人工作簿 .xlsx/.xls/.ods（格式见 docs/workbook.md）. The applicants' workbook.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="结果文件（默认：输入文件旁的 名称-results.xlsx；json 与 csv 默认写到标准输出）. The results file.",
        ),
    ] = None,
    format: Annotated[
        BatchFormat,
        typer.Option(
            "--format",
            "-f",
            help="xlsx（默认，写文件）、json、ndjson（每行一个申请人）或 csv（默认写到标准输出；CSV 带 BOM 以便 Excel 识别中文）.",
        ),
    ] = BatchFormat.xlsx,
    plain_csv: Annotated[
        bool, typer.Option("--plain-csv", help="CSV 不带 BOM. CSV without the byte-order mark Excel needs.")
    ] = False,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            min=1990,
            max=2100,
            metavar="YEAR",
            help="评估年度（默认取每行的评估年度）. Assessment year.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有的结果文件. Replace an existing results file.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="有无效行时退出码为 1. Exit 1 when any row is invalid.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="另写一份独立的 HTML 成本报告（含图表）. Also write a self-contained HTML cost report."
        ),
    ] = None,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    limit: LimitOption = None,
    quiet: QuietOption = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="用 N 个进程计算（默认：1,000 行起每个处理器一个；1 表示只用本进程）；结果与一个进程完全相同. Evaluate in N processes (default: one per processor from 1,000 rows; 1: this process only); the results are the same.",
        ),
    ] = None,
) -> None:
    """批量计算工作簿中每个申请人的奖励，并汇总各条款的政策成本。

    Compute the awards of every applicant in a workbook and the policy's cost
    per clause and article; bad rows are reported, never stop the batch.

    Example: jzai batch applicants.xlsx -o results.xlsx
    """
    from .batch import Sink, default_output
    from .batch import run as run_batch
    from .errors import Problem
    from .i18n import say
    from .output import TextFile, refusal
    from .readers.exceptions import problems_from_exception
    from .render.batch_summary import render_summary
    from .render.common import console
    from .render.workbook_out import CsvSink, FileSink, JsonSink, TextOut, WorkbookSink

    policy = load_policy(policy_dir, reading, lang.value)
    limits = limits_of(limit, lang.value)
    target = output or default_output(file) if format is BatchFormat.xlsx else output
    for path, others in ((target, ()), (report, (target,))):
        problem = None if path is None else refusal(path, force, (file,), others)
        if problem is not None:
            fail([Problem(str(path), problem)], lang.value, output=True)
    sink: Sink | None = None
    try:
        if format is BatchFormat.xlsx:
            assert target is not None  # the default output beside the input
            sink = WorkbookSink(target, lang.value, force=force, policy=policy)
        else:
            file_out = None if target is None else TextFile(target, force)
            out: TextOut = sys.stdout if file_out is None else file_out
            text_sink = (
                CsvSink(out, lang.value, bom=not plain_csv)
                if format is BatchFormat.csv
                else JsonSink(out, policy, lang.value, lines=format is BatchFormat.ndjson)
            )
            sink = text_sink if file_out is None else FileSink(text_sink, file_out)
        if report is not None:
            from .render.report_html import ReportSink

            sink = ReportSink(report, policy, lang.value, sink, force=force)
        err = console(stderr=True)
        with _progress(err, lang.value, quiet) as advance:
            try:
                summary = run_batch(file, policy, sink, year, advance, limits=limits, jobs=jobs)
            except (OutputError, Stopped):
                raise
            except Exception as error:  # noqa: BLE001 - InputError, or whatever a library raises while reading: one message, no traceback
                sink.abort()
                fail(problems_from_exception(error, str(file)), lang.value)
    except BaseException:  # a write error, Ctrl-C, SIGTERM: nothing of the outputs is left
        if sink is not None:
            sink.abort()
        raise
    written = [str(p) for p in (target, report) if p is not None]
    if not quiet:
        err.print(
            render_summary(
                summary,
                say("sep.list", lang.value).join(written) if written else None,
                lang.value,
                format.value,
            )
        )
    if strict and summary.invalid:
        raise typer.Exit(1)


def _progress(err, lang: str, quiet: bool = False):
    """A progress bar on stderr when it is a terminal (and not --quiet); otherwise nothing."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if quiet or not err.is_terminal:
            yield None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            from .i18n import say

            task = progress.add_task(say("cli.evaluating", lang), total=None)
            yield lambda done, total: progress.update(task, completed=done, total=total)

    return bar()


@commands.command()
def template(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="写到此文件（默认 jzai-template.xlsx 或 .toml；TOML 可用 - 表示标准输出）. Where to write.",
        ),
    ] = None,
    toml: Annotated[
        bool,
        typer.Option("--toml", help="写带注释的 TOML 事实文件而非工作簿. Write a commented TOML facts file instead."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有文件. Replace an existing file.")] = False,
    lang: LangOption = Lang.zh,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="与 --toml 同用：把此工作簿中一个申请人的事实写成 TOML. With --toml: write the facts of an applicant of this workbook.",
        ),
    ] = None,
    applicant: Annotated[
        str | None,
        typer.Option(
            "--applicant",
            "-a",
            help="与 --from 同用：统一社会信用代码或完整名称. With --from: credit code or exact name.",
        ),
    ] = None,
    limit: LimitOption = None,
    blank: Annotated[
        bool,
        typer.Option(
            "--blank",
            help="与 --toml 同用：写空白表单（每一项都注释掉，待填写），而非示例. With --toml: a blank form to fill in instead of the worked example.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """写出空白的申请人工作簿（含填表说明、下拉选项和一行示例），或 TOML 事实文件。

    Write a blank applicants' workbook (instructions, dropdowns, one example
    row) for `jzai batch`, or with --toml a commented facts file for `jzai check`;
    with --toml --from a workbook, the facts of one of its applicants
    (to standard output unless -o).

    Example: jzai template -o applicants.xlsx
    """
    from .errors import InputError, Problem
    from .output import refusal, write_text

    to_stdout = toml and output is not None and str(output) == "-"
    target = None if to_stdout else output or Path("jzai-template.toml" if toml else "jzai-template.xlsx")
    if source is not None or applicant is not None:
        if source is None or not toml:
            fail(
                [
                    Problem(
                        "--from" if source is None else "--toml",
                        Said(
                            "--from 与 --applicant 须与 --toml 同用",
                            "--from and --applicant go with --toml: jzai template --toml --from FILE.xlsx --applicant KEY",
                        ),
                    )
                ],
                lang.value,
            )
        target = output if output is not None and not to_stdout else None  # standard output unless -o
    problem = None if target is None else refusal(target, force, [source] if source is not None else [])
    if problem is not None:
        fail([Problem(str(target), problem)], lang.value, output=True)
    if source is not None:
        from .readers.pick import read_applicant
        from .render.facts_toml import applicant_toml

        try:
            picked = read_applicant(source, applicant, limits_of(limit, lang.value))
        except InputError as error:
            fail(error.problems, lang.value)
        if picked.notes:
            from .render.common import console
            from .render.errors import render_notes

            console(stderr=True).print(render_notes(picked.notes, lang.value), soft_wrap=True)
        text = applicant_toml(picked)
    elif toml:
        from .render.template import toml_text

        text = toml_text(blank=blank, lang=lang.value)
    else:
        from .render.template import write_workbook

        assert target is not None  # a workbook goes to a file, never to standard output
        write_workbook(target, force)
        _written(target, lang.value, quiet)
        return
    if target is None:
        sys.stdout.write(text)
        return
    write_text(target, text, force)
    _written(target, lang.value, quiet)


def _written(target, lang: str, quiet: bool) -> None:
    """The line on stderr that names what was written (none with --quiet)."""
    if not quiet:
        from .i18n import say

        typer.echo(say("cli.written", lang, path=str(target)), err=True)


def _plan() -> None:
    from . import cli_plan  # noqa: F401 - registers plan and forecast


def _review() -> None:
    from . import cli_review  # noqa: F401 - registers readings, review and diff


def _schema() -> None:
    from . import cli_schema  # noqa: F401 - registers schema


lazy(
    {
        "check": None,
        "explain": None,
        "batch": None,
        "template": None,
        "plan": _plan,
        "forecast": _plan,
        "readings": _review,
        "review": _review,
        "diff": _review,
        "schema": _schema,
        "policy": None,
    }
)
