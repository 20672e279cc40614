"""The terminal summary of `jzai batch`: counts, totals per article, time."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from .. import i18n
from ..batch import Summary
from ..i18n import fmt_amount
from ..policy import chinese_number
from .common import safe

t = i18n.section(
    "batch_summary",
    {
        "title": ("批量计算结果", "batch results"),
        "read": ("读入申请人", "applicants read"),
        "valid": ("有效（含需复核）", "valid (review included)"),
        "invalid": ("无效", "invalid"),
        "needs_review": ("需复核", "needs review"),
        "problems": ("问题", "problems"),
        "duplicates": ("重复（需复核）", "duplicates (review)"),
        "duplicate_groups": ("{n} 组，风险金额 {amount}", "{n} groups, at risk {amount}"),
        "article": ("第{number}条", "article {n}"),
        "up_to": (" + 最高 {amount}", " + up to {amount}"),
        "review": ("（需复核 {amount}）", " (review {amount})"),
        "sure_total": ("合计（确定）", "grand total (sure)"),
        "ceiling_total": ("合计（最高）", "grand total (up to)"),
        "review_total": ("需复核金额", "held for review"),
        "elapsed": ("用时", "elapsed"),
        "rate": ("速度", "rate"),
        "per_second": ("{rate} 人/秒", "{rate} applicants/s"),
        "written": ("结果文件", "written"),
        "note": ("注意", "note"),
        "bars": ("各条成本（确定＋最高）", "cost per article (sure + up to)"),
        "problems_none": ("输入没有问题", "no problem in the input"),
        "problems_in_book": (
            "输入有 {n} 处问题，全部列于结果工作簿 {file} 的“错误”工作表；前 {shown} 处：",
            "{n} problem(s) in the input, all listed on the errors sheet of the results workbook {file}; the first {shown}:",
        ),
        "problems_in_json": (
            "输入有 {n} 处问题，全部列于输出的 problems；前 {shown} 处：",
            "{n} problem(s) in the input, all listed under problems in the output; the first {shown}:",
        ),
        "problems_in_csv": (
            "输入有 {n} 处问题，无效行的问题写在输出的“说明”列；前 {shown} 处：",
            "{n} problem(s) in the input; an invalid row's problems are in the notes column of the output; the first {shown}:",
        ),
        "problems_here": ("输入有 {n} 处问题；前 {shown} 处：", "{n} problem(s) in the input; the first {shown}:"),
    },
)


def cost_bars(summary: Summary, lang: str = "zh", width: int = 40) -> Table:
    """Cost per article (sure + up to) as horizontal bars."""
    from rich.bar import Bar

    rows = [(article, sure + ceiling) for article, sure, ceiling, _review in summary.articles()]
    top = max((cost for _, cost in rows), default=0)
    table = Table(title=t("bars", lang), title_justify="left", show_header=False, box=None)
    table.add_column()
    table.add_column(width=width)
    table.add_column(justify="right")
    for article, cost in rows:
        label = t("article", lang, number=chinese_number(article), n=article)
        bar = Bar(size=top or 1, begin=0, end=cost, width=width, color="cyan")
        table.add_row(label, bar, fmt_amount(cost, lang))
    return table


FIRST_PROBLEMS = 3  # problems shown inline under the summary; the output lists them all


def render_summary(summary: Summary, written: str | None, lang: str = "zh", output_format: str = "xlsx"):
    """Counts, totals per article with bars, time and rate, then how many
    problems the input has, where they are listed, and the first few."""
    from rich.console import Group

    return Group(
        _counts(summary, written, lang), cost_bars(summary, lang), problems_block(summary, written, lang, output_format)
    )


def problems_block(summary: Summary, written: str | None, lang: str = "zh", output_format: str = "xlsx") -> Text:
    """How many problems, where they all are, and the first few with row and field."""
    problems = summary.problems
    if not problems:
        return Text(t("problems_none", lang), style="green")
    shown = problems[:FIRST_PROBLEMS]
    if output_format == "xlsx" and written:
        key = "problems_in_book"
    elif output_format in ("json", "ndjson"):
        key = "problems_in_json"
    elif output_format == "csv":
        key = "problems_in_csv"
    else:
        key = "problems_here"
    text = Text(t(key, lang, n=len(problems), shown=len(shown), file=safe(written or "")) + "\n", style="bold yellow")
    for problem in shown:
        text.append(f"  {safe(problem.where(lang))}: ", style="bold")
        text.append(safe(problem.text(lang)) + "\n")
    return text


def _counts(summary: Summary, written: str | None, lang: str = "zh") -> Table:
    table = Table(title=t("title", lang), show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        (t("read", lang), f"{summary.read:,}"),
        (t("valid", lang), f"{summary.valid:,}"),
        (t("invalid", lang), f"{summary.invalid:,}"),
        (t("needs_review", lang), f"{summary.needs_review:,}"),
        (t("problems", lang), f"{len(summary.problems):,}"),
    ]
    if summary.duplicates:
        rows.append(
            (
                t("duplicates", lang),
                t(
                    "duplicate_groups",
                    lang,
                    n=f"{len(summary.duplicates):,}",
                    amount=fmt_amount(summary.duplicate_risk_yuan, lang),
                ),
            )
        )
    for article, sure, ceiling, review in summary.articles():
        value = fmt_amount(sure, lang)
        if ceiling:
            value += t("up_to", lang, amount=fmt_amount(ceiling, lang))
        if review:
            value += t("review", lang, amount=fmt_amount(review, lang))
        rows.append((t("article", lang, number=chinese_number(article), n=article), value))
    rows.append((t("sure_total", lang), fmt_amount(summary.sure_yuan, lang)))
    rows.append((t("ceiling_total", lang), fmt_amount(summary.ceiling_yuan, lang)))
    rows.append((t("review_total", lang), fmt_amount(summary.review_yuan, lang)))
    rows.append((t("elapsed", lang), f"{summary.seconds_total:.2f} s"))
    rows.append((t("rate", lang), t("per_second", lang, rate=f"{summary.rate:,.0f}")))
    if written:
        rows.append((t("written", lang), safe(written)))
    for problem in summary.problems:  # about the file as a whole (read as .xls, text cut): shown here too
        if problem.sheet is None and problem.row is None:
            rows.append((t("note", lang), safe(problem.text(lang))))
    for label, value in rows:
        table.add_row(Text(label), Text(value))
    return table
