"""`jzai plan`: one applicant over several years (registered on the app by cli.py)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .cli import CheckFormat, Lang, LangOption, LimitOption, PolicyOption, ReadingOption, app, fail, limits_of, load_policy


@app.command()
def plan(
    file: Annotated[str, typer.Argument(metavar="FILE", help="企业事实 TOML 文件（- 表示标准输入）或申请人工作簿. The facts file or an applicants' workbook.")],
    years: Annotated[str, typer.Option("--years", metavar="FIRST-LAST", help="测算的年度范围，如 2026-2028（最多10年）. The years, e.g. 2026-2028.")],
    assume: Annotated[Optional[list[str]], typer.Option("--assume", metavar="'YEAR: FACT=VALUE'", help="假设某年度的逐年事实，如 \"2027: main_business_revenue_prev_year=5000万\" 或 \"2028: annual_volume+10%\"（可重复）. Assume a yearly fact (repeatable).")] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="table（默认）或 json.")] = CheckFormat.table,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    applicant: Annotated[Optional[str], typer.Option("--applicant", "-a", metavar="CODE|NAME", help="工作簿中的申请人. The workbook's applicant.")] = None,
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
    from .plan import PlanError, make_plan, parse_assumption, parse_years, plan_doc
    from .readers.pick import is_workbook

    policy = load_policy(policy_dir, reading, lang.value)
    try:
        span = parse_years(years)
    except PlanError as error:
        fail([Problem("--years", str(error))], lang.value)
    try:
        assumptions = [parse_assumption(item) for item in assume or []]
    except PlanError as error:
        fail([Problem("--assume", str(error))], lang.value)
    try:
        if is_workbook(file):
            from .readers.pick import read_applicant

            facts = read_applicant(file, applicant, limits_of(limit, lang.value)).facts
        else:
            from .readers.toml_reader import read_facts

            facts = read_facts("<stdin>", stdin_bytes=sys.stdin.buffer.read()) if file == "-" else read_facts(file)
    except InputError as error:
        fail(error.problems, lang.value)
    try:
        result = make_plan(policy, facts, span, assumptions)
    except PlanError as error:
        fail([Problem(file, str(error))], lang.value)
    if format is CheckFormat.json:
        from .render.json_doc import dumps

        sys.stdout.write(dumps(plan_doc(result, lang.value)) + "\n")
        return
    from .render.common import console
    from .render.plan import render_plan

    console().print(render_plan(result, lang.value))
