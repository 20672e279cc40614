"""`jzai plan` and `jzai forecast`: several years of one applicant or a batch (imported by cli.py to build them)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_app import (
    CheckFormat,
    Lang,
    LangOption,
    LimitOption,
    PolicyOption,
    QuietOption,
    ReadingOption,
    commands,
    fail,
    limits_of,
    load_policy,
)


@commands.command()
def plan(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="企业事实 TOML 文件（- 表示标准输入）或申请人工作簿. The facts file or an applicants' workbook.",
        ),
    ],
    years: Annotated[
        str,
        typer.Option(
            "--years", metavar="FIRST-LAST", help="测算的年度范围，如 2026-2028（最多10年）. The years, e.g. 2026-2028."
        ),
    ],
    assume: Annotated[
        list[str] | None,
        typer.Option(
            "--assume",
            metavar="'YEAR: FACT=VALUE'",
            help='假设某年度的逐年事实或事项，如 "2027: main_business_revenue_prev_year=5000万"、"2028: annual_volume+10%"、"2027: event=little_giant@national"（可重复）. Assume a yearly fact or a future event (repeatable).',
        ),
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="table（默认）或 json.")] = CheckFormat.table,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    applicant: Annotated[
        str | None,
        typer.Option("--applicant", "-a", metavar="CODE|NAME", help="工作簿中的申请人. The workbook's applicant."),
    ] = None,
    limit: LimitOption = None,
) -> None:
    """逐年测算一个申请人多个年度的奖励：每年应得的奖励计入以后年度的已获奖励，各项上限逐年结转。

    Evaluate one applicant year by year: each year's awards count as received
    in the years after it, so 9.1's 36 months, 4.1's cumulative cap, 8.5's
    tiers and one-time awards carry over exactly. Facts that change by year
    come from [years.N] in the file or from --assume.

    Example: jzai plan examples/plan/three-year-plan.toml --years 2026-2028
    """
    from .errors import InputError, Problem
    from .i18n import message_of
    from .plan import PlanError, make_plan, parse_assumption, parse_years, plan_doc
    from .readers.pick import is_workbook

    policy = load_policy(policy_dir, reading, lang.value)
    try:
        span = parse_years(years)
    except PlanError as error:
        fail([Problem("--years", message_of(error))], lang.value)
    try:
        assumptions = [parse_assumption(item) for item in assume or []]
    except PlanError as error:
        fail([Problem("--assume", message_of(error))], lang.value)
    try:
        if is_workbook(file):
            from .readers.pick import read_applicant

            facts = read_applicant(file, applicant, limits_of(limit, lang.value)).facts
        else:
            from .readers.facts_file import read_facts  # TOML or JSON, as check reads them

            clauses = {clause.id for clause in policy.clauses}
            stdin = sys.stdin.buffer.read() if file == "-" else None
            facts = read_facts("<stdin>" if file == "-" else file, stdin_bytes=stdin, clauses=clauses)
    except InputError as error:
        fail(error.problems, lang.value)
    try:
        result = make_plan(policy, facts, span, assumptions)
    except PlanError as error:
        fail([Problem(file, message_of(error))], lang.value)
    if format is CheckFormat.json:
        from .render.json_doc import dumps

        sys.stdout.write(dumps(plan_doc(result, lang.value)) + "\n")
        return
    from .render.common import console
    from .render.plan import render_plan

    console().print(render_plan(result, lang.value))


class ForecastFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@commands.command()
def forecast(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="申请人工作簿（同 jzai batch），或 TOML/JSON 事实文件及其目录. The applicants (a workbook as for jzai batch, or TOML or JSON facts).",
        ),
    ],
    years: Annotated[
        str,
        typer.Option(
            "--years", metavar="FIRST-LAST", help="预测的年度范围，如 2026-2028（最多10年）. The years, e.g. 2026-2028."
        ),
    ],
    format: Annotated[
        ForecastFormat, typer.Option("--format", "-f", help="table（默认）、json 或 csv（写到标准输出或 -o）.")
    ] = ForecastFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="写到文件：.xlsx 工作簿，或 --format json/csv 的文本. Write to a file: a .xlsx workbook, or the JSON/CSV text.",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE.html",
            help="另写一份独立的 HTML 预测报告（每年一张图）. Also write a self-contained HTML report.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件. Replace existing output files.")] = False,
    plain_csv: Annotated[
        bool,
        typer.Option(
            "--plain-csv", help="CSV 不带 BOM（默认带 BOM 以便 Excel 识别中文）. CSV without the BOM Excel needs."
        ),
    ] = False,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    limit: LimitOption = None,
    quiet: QuietOption = False,
) -> None:
    """预测政策在多个年度的成本：每个申请人逐年测算（此前年度的奖励计入已获奖励），按年度和条给出低、中、高三档。

    Forecast the policy's cost over several years: every applicant is planned
    year by year, and each year and article gets a range — low (sure amounts),
    central (plus up-to amounts at their ceiling and amounts held for
    review), high (plus what undetermined awards would pay).

    Example: jzai forecast applicants.xlsx --years 2026-2028 -o forecast.xlsx
    """
    from .errors import Problem
    from .forecast import forecast_doc, forecast_of, read_batch
    from .i18n import message_of
    from .plan import PlanError, parse_years
    from .readers.exceptions import problems_from_exception
    from .render.common import console

    policy = load_policy(policy_dir, reading, lang.value)
    try:
        span = parse_years(years)
    except PlanError as error:
        fail([Problem("--years", message_of(error))], lang.value)
    from .output import refusal

    for target, others in ((output, ()), (report, (output,))):
        problem = None if target is None else refusal(target, force, (file,), others)
        if problem is not None:
            fail([Problem(str(target), problem)], lang.value, output=True)
    err = console(stderr=True)
    try:
        name, applicants = read_batch(file, limits_of(limit, lang.value), {clause.id for clause in policy.clauses})
        result = forecast_of(policy, applicants, span, name)
    except Exception as error:  # noqa: BLE001 - InputError, or whatever a reader library raises: one message, no traceback
        fail(problems_from_exception(error, str(file)), lang.value)
    from .output import write_text, write_with
    from .render.forecast import forecast_csv, forecast_html, render_forecast, write_forecast_workbook
    from .render.json_doc import dumps

    if report is not None:
        write_text(report, forecast_html(result, policy, lang.value), force)
    if format is ForecastFormat.table:
        if output is not None:
            write_with(output, lambda temp: write_forecast_workbook(result, policy, temp, lang.value), force)
        console().print(render_forecast(result, policy, lang.value))
        return
    text = (
        dumps(forecast_doc(result, policy, lang.value)) + "\n"
        if format is ForecastFormat.json
        else forecast_csv(result, lang.value, bom=not plain_csv)
    )
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text, force)
    if (output is not None or report is not None) and not quiet:
        from .i18n import say

        err.print(
            say(
                "cli.written",
                lang.value,
                path=say("sep.list", lang.value).join(str(p) for p in (output, report) if p is not None),
            )
        )
