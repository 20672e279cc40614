"""`jzai plan` for people: one table per year, then how each limit runs down."""

from __future__ import annotations

from rich.console import Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..money import fmt_exact, fmt_yuan, to_yuan
from ..plan import Plan
from ..result import Status
from .check_table import STATUS_STYLE, t
from .common import safe

tt = i18n.section(
    "plan",
    {
        "plan": ("多年度测算", "Plan over several years"),
        "year_total": ("{year}年确定金额合计", "{year}: total of sure amounts"),
        "year_ceiling": ("{year}年最高限额合计", "{year}: total of up-to amounts"),
        "year_review": ("{year}年需复核金额合计", "{year}: total held for review"),
        "grand": ("各年度确定金额合计", "Sure amounts, all years"),
        "assumed": ("假设", "Assumed"),
        "assumptions": ("本年度的假设：{items}", "Assumptions this year: {items}"),
        "carried": ("已计入此前年度的 {n} 项奖励", "{n} awards of earlier years counted as received"),
        "runs_down": ("额度逐年变化（年末剩余）", "How the limits run down (left at the end of each year)"),
        "next_tier": (
            "{clause} 下一档：{threshold}，还差 {shortfall}，可再得 {gain} 元",
            "{clause} next tier: {threshold}, short by {shortfall}, would add {gain} yuan",
        ),
    },
)


def render_plan(plan: Plan, lang: str = "zh") -> Group:
    policy = plan.policy
    applicant = plan.facts.applicant
    head = Text()
    head.append(i18n.pick(policy.meta.title, policy.meta.title_en, lang), style="bold")
    head.append(t("status_of", lang, status=i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang)))
    head.append("\n" + t("labelled", lang, label=tt("plan", lang)))
    head.append(safe(applicant.name), style="bold")
    head.append(f"  {plan.years[0].year}–{plan.years[-1].year}")
    parts: list = [Panel(head, expand=False)]
    for plan_year in plan.years:
        result = plan_year.result
        table = Table(title=f"{plan_year.year}", title_justify="left")
        justify: JustifyMethod
        for key, justify in (
            ("clause", "left"),
            ("title", "left"),
            ("yuan", "right"),
            ("status", "left"),
            ("reason", "left"),
        ):
            table.add_column(
                t(key, lang), justify=justify, overflow="fold", no_wrap=key in ("clause", "yuan", "status")
            )
        if plan_year.assumptions:
            table.add_column(tt("assumed", lang), overflow="fold")
        for award in result.awards:
            amount = fmt_yuan(award.amount_yuan) if award.pays else "—"
            if award.pays and award.ceiling:
                amount = t("up_to_amount", lang, amount=amount)
            name = Text(i18n.pick(award.title, award.title_en, lang))
            if award.event:
                name.append(f"\n{safe(award.event)}", style="dim")
            cells: list[RenderableType] = [
                award.clause,
                name,
                amount,
                Text(i18n.label(award.status.value, lang), style=STATUS_STYLE[award.status.value]),
                Text(safe(i18n.text(award.reason, lang))),
            ]
            if plan_year.assumptions:
                cells.append("；".join(a.text for a in plan_year.assumed(award, policy)))
            table.add_row(*cells)
        parts.append(table)
        line = Text(tt("year_total", lang, year=plan_year.year) + f"  {fmt_yuan(result.total_yuan)}", style="bold")
        if result.ceiling_total_yuan:
            line.append(f"    {tt('year_ceiling', lang, year=plan_year.year)}  {fmt_yuan(result.ceiling_total_yuan)}")
        if result.review_total_yuan:  # not in the sure total: shown beside it, as `check` shows it
            line.append(
                f"    {tt('year_review', lang, year=plan_year.year)}  {fmt_yuan(result.review_total_yuan)}",
                style="yellow",
            )
        parts.append(line)
        if plan_year.assumptions:
            parts.append(
                Text(tt("assumptions", lang, items="；".join(a.text for a in plan_year.assumptions)), style="yellow")
            )
        if plan_year.carried:
            parts.append(Text(tt("carried", lang, n=len(plan_year.carried)), style="dim"))
    parts.append(Text(tt("grand", lang) + f"  {fmt_yuan(plan.grand_total)}", style="bold"))
    runs = _runs_down(plan, lang)
    if runs is not None:
        parts.append(runs)
    last = plan.years[-1].result
    for award in last.awards:
        miss = award.near_miss
        if award.kind == "step_up" and miss is not None and miss.would_pay:
            parts.append(
                Text(
                    tt(
                        "next_tier",
                        lang,
                        clause=award.clause,
                        threshold=miss.threshold,
                        shortfall=fmt_exact(miss.shortfall),
                        gain=fmt_yuan(to_yuan(miss.would_pay)),
                    )
                )
            )
    return Group(*parts)


def _runs_down(plan: Plan, lang: str) -> Table | None:
    """One row per limit (clause, scope, subject), one column per year: what is left."""
    rows: dict[tuple[str, str, str], dict[int, str]] = {}
    for year, limit in plan.limits:
        left = limit.shown()[3]
        shown = t("months", lang, n=left) if limit.unit == "months" else fmt_yuan(left)
        rows.setdefault((limit.clause, limit.scope, limit.subject), {})[year] = shown
    if not rows:
        return None
    table = Table(title=tt("runs_down", lang), title_justify="left")
    table.add_column(t("clause", lang))
    table.add_column(t("scope", lang))
    table.add_column(t("title", lang))
    for plan_year in plan.years:
        table.add_column(str(plan_year.year), justify="right")
    for (clause, scope, subject), by_year in rows.items():
        table.add_row(
            clause,
            i18n.label(scope, lang),
            Text(safe(i18n.label(subject, lang) if subject == "applicant" else subject)),
            *(by_year.get(y.year, "·") for y in plan.years),
        )
    return table


__all__ = ["Status", "render_plan"]
