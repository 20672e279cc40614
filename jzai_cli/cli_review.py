"""The commands on the draft itself: `readings`, `review` and `diff`.

Imported by cli.py when one of its commands is built; each command reads
its input, calls a library function (review.py, diff.py) and renders.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_app import Lang, LangOption, LimitOption, PolicyOption, ReadingOption, commands, fail, limits_of, load_policy


class ReportFormat(str, Enum):
    table = "table"
    rich = "rich"  # the first name of `table`, still accepted
    md = "md"
    json = "json"


FormatOption = Annotated[
    ReportFormat,
    typer.Option("--format", "-f", metavar="table|md|json", help="table（默认，终端表格）、md（Markdown）或 json."),
]
BatchOption = Annotated[
    Path | None,
    typer.Option(
        "--batch",
        "-b",
        help="申请人工作簿（同 jzai batch），或 TOML/JSON 事实文件及其目录；用于计算成本. Applicants (a workbook as for `jzai batch`, or TOML or JSON facts) to cost.",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        min=1990,
        max=2100,
        metavar="YEAR",
        help="评估年度（默认取每个申请人的评估年度）. Assessment year.",
    ),
]


def _chosen(readings: list[str] | None) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in readings or []:
        reading_id, _, option = item.partition("=")
        pairs.append((reading_id.strip().upper(), option.strip()))
    return tuple(pairs)


def _applicants(batch: Path | None, lang: str, clauses: set[str], limit: list[str] | None = None):
    if batch is None:
        return None
    from .costing import read_applicants
    from .readers.exceptions import problems_from_exception

    limits = limits_of(limit, lang)
    try:
        return read_applicants(batch, limits, clauses)
    except Exception as error:  # noqa: BLE001 - InputError, or whatever a library raises: one message, no traceback
        fail(problems_from_exception(error, str(batch)), lang)


def _emit(format: ReportFormat, rich_fn, md_fn, json_fn, lang: str) -> None:
    if format is ReportFormat.json:
        from .render.json_doc import dumps

        sys.stdout.write(dumps(json_fn(lang)) + "\n")
    elif format is ReportFormat.md:
        sys.stdout.write(md_fn(lang))
    else:
        from .render.common import console

        console().print(rich_fn(lang))


@commands.command()
def readings(
    format: FormatOption = ReportFormat.table,
    lang: LangOption = Lang.zh,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
) -> None:
    """列出草案不明之处（D1–D18）：条款、原文、每种解读及其作用，标出默认解读。

    List the draft's unclear passages (D1–D18): clauses, quoted text, each
    reading and what it changes, the default marked with *.

    Example: jzai readings --format md
    """
    from .render.readings import readings_doc, readings_md, render_readings

    policy = load_policy(policy_dir, reading, lang.value)
    _emit(
        format,
        lambda lg: render_readings(policy, lg),
        lambda lg: readings_md(policy, lg),
        lambda lg: readings_doc(policy, lg),
        lang.value,
    )


@commands.command()
def review(
    batch: BatchOption = None,
    format: FormatOption = ReportFormat.table,
    lang: LangOption = Lang.zh,
    year: YearOption = None,
    reading: ReadingOption = None,
    policy_dir: PolicyOption = None,
    limit: LimitOption = None,
) -> None:
    """对草案本身的意见：每处缺陷或不明之处的条款、原文、解读；给出申请人时，各解读的成本（合计及分条）和受影响的申请人数。

    A report on the draft: each defect or ambiguity with its clause, quoted
    text and readings; with --batch, what each reading would cost (in total
    and per article) and how many applicants it changes. Markdown output is
    ready to paste into a comment letter.

    Example: jzai review --batch applicants.xlsx --format md
    """
    from .render.review import render_review, review_doc, review_md
    from .review import build_review

    policy = load_policy(policy_dir, reading, lang.value)  # validates --policy and --reading
    applicants = _applicants(batch, lang.value, {clause.id for clause in policy.clauses}, limit)
    result = build_review(policy_dir, _chosen(reading), applicants, year)
    _emit(
        format,
        lambda lg: render_review(result, lg),
        lambda lg: review_md(result, lg),
        lambda lg: review_doc(result, lg),
        lang.value,
    )


@commands.command()
def diff(
    old: Annotated[
        str,
        typer.Argument(help="旧版政策数据目录，或 draft（随附的征求意见稿）. The old policy data folder, or `draft`."),
    ],
    new: Annotated[str, typer.Argument(help="新版政策数据目录，或 draft. The new policy data folder, or `draft`.")],
    batch: BatchOption = None,
    format: FormatOption = ReportFormat.table,
    lang: LangOption = Lang.zh,
    year: YearOption = None,
    reading: ReadingOption = None,
) -> None:
    """比较两个政策版本：新增、删除、修改的条款（金额、门槛、上限、文字、方式）；给出申请人时，各条成本变化及增减奖励的申请人。

    Compare two versions of the policy data: clauses added, removed or
    changed (amounts, thresholds, caps, wording, kind); with --batch, the
    change in cost per article and the applicants who gain or lose.

    Example: jzai diff draft ./final-policy --batch applicants.xlsx
    """
    from .diff import build_diff, data_dir_of
    from .render.diff import diff_doc, diff_md, render_diff

    clauses: set[str] = set()  # an award received under a clause of either version is history
    for name in (old, new):
        version = load_policy(data_dir_of(name), reading, lang.value)  # validates both folders
        clauses.update(clause.id for clause in version.clauses)
    applicants = _applicants(batch, lang.value, clauses)
    result = build_diff(old, new, _chosen(reading), applicants, year)
    _emit(
        format,
        lambda lg: render_diff(result, lg),
        lambda lg: diff_md(result, lg),
        lambda lg: diff_doc(result, lg),
        lang.value,
    )
