"""The terminal summary of `jzai batch`: counts, totals per article, time."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ..batch import Summary
from ..money import fmt_amount
from ..policy import chinese_number
from .common import safe


def cost_bars(summary: Summary, lang: str = "zh", width: int = 40) -> Table:
    """Cost per article (sure + up to) as horizontal bars."""
    from rich.bar import Bar

    zh = lang == "zh"
    rows = [(article, sure + ceiling) for article, sure, ceiling, _review in summary.articles()]
    top = max((cost for _, cost in rows), default=0)
    table = Table(title="各条成本（确定＋最高）" if zh else "cost per article (sure + up to)", title_justify="left", show_header=False, box=None)
    table.add_column()
    table.add_column(width=width)
    table.add_column(justify="right")
    for article, cost in rows:
        label = f"第{chinese_number(article)}条" if zh else f"article {article}"
        bar = Bar(size=top or 1, begin=0, end=cost, width=width, color="cyan")
        table.add_row(label, bar, fmt_amount(cost, lang))
    return table


def render_summary(summary: Summary, written: str | None, lang: str = "zh"):
    """Counts, totals per article with bars, time and rate."""
    from rich.console import Group

    return Group(_counts(summary, written, lang), cost_bars(summary, lang))


def _counts(summary: Summary, written: str | None, lang: str = "zh") -> Table:
    zh = lang == "zh"
    table = Table(title="批量计算结果" if zh else "batch results", show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("读入申请人" if zh else "applicants read", f"{summary.read:,}"),
        ("有效（含需复核）" if zh else "valid (review included)", f"{summary.valid:,}"),
        ("无效" if zh else "invalid", f"{summary.invalid:,}"),
        ("需复核" if zh else "needs review", f"{summary.needs_review:,}"),
        ("问题" if zh else "problems", f"{len(summary.problems):,}"),
    ]
    if summary.duplicates:
        rows.append((
            "重复（需复核）" if zh else "duplicates (review)",
            f"{len(summary.duplicates):,} {'组，风险金额' if zh else 'groups, at risk'} {fmt_amount(summary.duplicate_risk_yuan, lang)}",
        ))
    for article, sure, ceiling, review in summary.articles():
        label = f"第{chinese_number(article)}条" if zh else f"article {article}"
        value = fmt_amount(sure, lang)
        if ceiling:
            value += f" + {'最高' if zh else 'up to'} {fmt_amount(ceiling, lang)}"
        if review:
            value += f"（{'需复核' if zh else 'review'} {fmt_amount(review, lang)}）"
        rows.append((label, value))
    rows.append(("合计（确定）" if zh else "grand total (sure)", fmt_amount(summary.sure_yuan, lang)))
    rows.append(("合计（最高）" if zh else "grand total (up to)", fmt_amount(summary.ceiling_yuan, lang)))
    rows.append(("需复核金额" if zh else "held for review", fmt_amount(summary.review_yuan, lang)))
    rows.append(("用时" if zh else "elapsed", f"{summary.seconds_total:.2f} s"))
    rows.append(("速度" if zh else "rate", f"{summary.rate:,.0f} {'人/秒' if zh else 'applicants/s'}"))
    if written:
        rows.append(("结果文件" if zh else "written", safe(written)))
    for problem in summary.problems:  # about the file as a whole (read as .xls, text cut): shown here too
        if problem.sheet is None and problem.row is None:
            rows.append(("注意" if zh else "note", safe(problem.message)))
    for label, value in rows:
        table.add_row(Text(label), Text(value))
    return table
