"""`jzai check` for people: rich tables of awards, caps, limits and gaps."""

from __future__ import annotations

from rich.console import Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..guidance import Checklist, checklist
from ..i18n import label
from ..money import fmt_exact, fmt_wan, fmt_yuan, to_yuan
from ..policy import Policy
from ..result import Limit, Result, Status
from .common import STATUS_STYLE, safe

t = i18n.section(
    "check",
    {
        "awards": ("奖励", "Awards"),
        "clause": ("条款", "Clause"),
        "title": ("名称 / 事项", "Title / event"),
        "event": ("事项", "Event"),
        "yuan": ("金额（元）", "Amount (CNY)"),
        "wan": ("万元", "10k CNY"),
        "kind": ("方式", "Kind"),
        "recipient": ("领取人", "Paid to"),
        "status": ("状态", "Status"),
        "reason": ("说明", "Reason"),
        "total": ("确定金额合计", "Total of sure amounts"),
        "ceiling_total": ("最高限额合计（以审核为准）", "Total of up-to amounts (set on review)"),
        "review_total": ("需复核金额", "Amounts held for review"),
        "review_of_which": ("（其中最高限额 {yuan} 元）", " (of which up-to amounts: CNY {yuan})"),
        "individual_part": ("其中付给个人（9.1 毕业生）", "of which paid to individuals (9.1 graduates)"),
        "caps": ("触及的上限", "Caps that cut an award"),
        "cap": ("上限", "Cap"),
        "before": ("封顶前", "Before"),
        "after": ("封顶后", "After"),
        "limits": ("剩余额度", "Remaining limits"),
        "scope": ("范围", "Scope"),
        "limit": ("额度", "Limit"),
        "used": ("此前已用", "Used before"),
        "this": ("本次", "This award"),
        "remaining": ("剩余", "Remaining"),
        "missing": ("尚缺的事实", "Facts still needed"),
        "near": ("差一点够上", "Just out of reach"),
        "threshold": ("门槛", "Threshold"),
        "shortfall": ("差距", "Short by"),
        "would_pay": ("可得", "Would pay"),
        "notes": ("说明", "Notes"),
        "readings": ("采用的解读", "Readings used"),
        "not_claimed": ("未申报相关事实的条款", "Clauses with no declared facts"),
        "year": ("评估年度", "Assessment year"),
        "applicant": ("申请人", "Applicant"),
        "draft": (
            "本政策为征求意见稿，金额可能随正式文本变化。",
            "This policy is a draft for public comment; amounts may change in the final text.",
        ),
        "none": ("无", "none"),
        "evidence": ("申报材料", "Documents to hand in"),
        "evidence_all": ("全部申请", "Every claim"),
        "document": ("材料", "Document"),
        "not_stated": ("草案未规定：{items}", "Not stated by the draft: {items}"),
        "list_sep": ("、", ", "),
        "status_of": ("（{status}）", " ({status})"),
        "labelled": ("{label}：", "{label}: "),
        "up_to_amount": ("最高 {amount}", "up to {amount}"),
        "maybe_amount": ("可能 {amount}", "maybe {amount}"),
        "maybe_up_to": ("可能最高 {amount}", "maybe up to {amount}"),
        "total_amount": ("{yuan} 元（{wan} 万元）", "CNY {yuan}"),
        "amount": ("{yuan} 元", "CNY {yuan}"),
        "passed": ("（已过期，无法改变）", " (passed: cannot change)"),
        "missing_item": ("{path}（{label}）", "{path}"),
        "switched": (" [已切换]", " [switched]"),
        "months": ("{n} 个月", "{n} months"),
        "more": (
            "…另有 {left} 行未显示（共 {total} 行）；--format json 列出全部",
            "… {left} more rows not shown ({total} in all): --format json lists them all",
        ),
        "how_computed": ("计算过程", "How each amount was computed"),
        "outcome": (" — {status} {amount} 元", " — {status} {amount} yuan"),
    },
)

MAX_ROWS = 200  # rows of one table on the terminal; the rest are counted (rich lays out a table cell by cell: 35,000 rows took minutes)

UNITS = {
    "yuan": ("元", "CNY"),
    "PFLOPS": ("PFLOPS", "PFLOPS"),
    "racks": ("个机架", "racks"),
    "days_late": ("天", "days"),
    "months": ("个月", "months"),
}


def _limit_amount(limit: Limit, value: int, lang: str) -> str:
    if limit.unit == "months":
        return t("months", lang, n=value)
    return fmt_yuan(value)


def _more(shown: int, total: int, lang: str) -> Text:
    """The line under a table cut at MAX_ROWS."""
    return Text(t("more", lang, left=f"{total - shown:,}", total=f"{total:,}"), style="dim")


def render_checklist(found: Checklist, lang: str = "zh") -> list:
    """The documents to hand in, per clause, and what the draft leaves unstated."""
    parts: list = []
    if found.by_clause:
        table = Table(title=t("evidence", lang), title_justify="left")
        table.add_column(t("clause", lang))
        table.add_column(t("document", lang), overflow="fold")
        for document in found.general:
            table.add_row(t("evidence_all", lang), document.label(lang))
        for clause, documents in found.by_clause:
            for document in documents:
                table.add_row(clause, document.label(lang))
        parts.append(table)
    if found.not_stated:
        items = t("list_sep", lang).join(label.label(lang) for label in found.not_stated)
        parts.append(Text(t("not_stated", lang, items=items), style="bold"))
    return parts


def render_check(result: Result, policy: Policy, lang: str = "zh") -> Group:
    parts: list[RenderableType] = []
    applicant = result.applicant
    head = Text()
    head.append(f"{i18n.pick(policy.meta.title, policy.meta.title_en, lang)}", style="bold")
    head.append(t("status_of", lang, status=i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang)))
    head.append("\n" + t("labelled", lang, label=t("applicant", lang)))
    head.append(safe(applicant.name), style="bold")
    if applicant.credit_code:
        head.append(f"  {applicant.credit_code}")
    head.append(f"  {applicant.kind.label(lang)}")
    head.append("\n" + t("labelled", lang, label=t("year", lang)) + str(result.year))
    parts.append(Panel(head, expand=False))

    table = Table(title=t("awards", lang), title_justify="left", show_lines=False)
    justify: JustifyMethod
    for key, justify in (
        ("clause", "left"),
        ("title", "left"),
        ("yuan", "right"),
        ("wan", "right"),
        ("kind", "left"),
        ("recipient", "left"),
        ("status", "left"),
        ("reason", "left"),
    ):
        table.add_column(
            t(key, lang), justify=justify, overflow="fold", no_wrap=key in ("yuan", "wan", "status", "clause")
        )
    for award in result.awards[:MAX_ROWS]:
        style = STATUS_STYLE[award.status.value]
        amount = award.amount_yuan
        yuan: str | Text = fmt_yuan(amount) if award.pays else "—"
        if award.pays and award.ceiling:
            yuan = t("up_to_amount", lang, amount=yuan)
        elif award.status is Status.UNDETERMINED and award.potential:
            maybe = "maybe_up_to" if award.ceiling else "maybe_amount"  # 最高 (8.6–8.8): up to it, set on review
            yuan = Text(t(maybe, lang, amount=fmt_yuan(to_yuan(award.potential))), style="dim")
        name = Text(i18n.pick(award.title, award.title_en, lang))
        if award.event:
            name.append(f"\n{safe(award.event)}", style="dim")
        table.add_row(
            award.clause,
            name,
            yuan,
            fmt_wan(amount) if award.pays else "—",
            label(award.kind, lang),
            label(award.recipient, lang),
            Text(label(award.status.value, lang), style=style),
            Text(safe(i18n.text(award.reason, lang))),
        )
    if result.awards:
        parts.append(table)
        if len(result.awards) > MAX_ROWS:
            parts.append(_more(MAX_ROWS, len(result.awards), lang))

    totals = Table.grid(padding=(0, 2))
    totals.add_column()
    totals.add_column(justify="right")
    totals.add_row(
        Text(t("total", lang), style="bold"),
        Text(t("total_amount", lang, yuan=fmt_yuan(result.total_yuan), wan=fmt_wan(result.total_yuan)), style="bold"),
    )
    individual = sum(
        a.amount_yuan
        for a in result.awards
        if a.status is Status.ELIGIBLE and not a.ceiling and a.recipient == "individual"
    )
    if individual:
        totals.add_row(t("individual_part", lang), t("amount", lang, yuan=fmt_yuan(individual)))
    totals.add_row(t("ceiling_total", lang), t("amount", lang, yuan=fmt_yuan(result.ceiling_total_yuan)))
    if result.review_total_yuan:
        # sure and up-to amounts alike may be held for review: the line says how much of it is up-to
        up_to = sum(a.amount_yuan for a in result.awards if a.status is Status.NEEDS_REVIEW and a.ceiling)
        held = t("amount", lang, yuan=fmt_yuan(result.review_total_yuan))
        if up_to:
            held += t("review_of_which", lang, yuan=fmt_yuan(up_to))
        totals.add_row(Text(t("review_total", lang), style="yellow"), held)
    parts.append(totals)

    if result.caps_hit:
        caps = Table(title=t("caps", lang), title_justify="left")
        for key in ("clause", "event", "cap", "limit", "before", "after"):
            caps.add_column(t(key, lang), justify="left" if key in ("clause", "event", "cap") else "right")
        caps_hit = result.caps_hit
        for award, cap in caps_hit[:MAX_ROWS]:
            caps.add_row(
                award.clause,
                Text(safe(award.event or "")),
                label(cap.name, lang),
                fmt_yuan(to_yuan(cap.limit)),
                fmt_yuan(to_yuan(cap.before)),
                fmt_yuan(award.after_yuan(cap)),
            )
        parts.append(caps)
        if len(caps_hit) > MAX_ROWS:
            parts.append(_more(MAX_ROWS, len(caps_hit), lang))

    remaining = result.remaining_limits
    if remaining:
        limits = Table(title=t("limits", lang), title_justify="left")
        for key in ("clause", "scope", "event", "limit", "used", "this", "remaining"):
            limits.add_column(t(key, lang), justify="left" if key in ("clause", "scope", "event") else "right")
        for limit in remaining[:MAX_ROWS]:
            limits.add_row(
                limit.clause,
                label(limit.scope, lang),
                Text(safe(label(limit.subject, lang) if limit.subject == "applicant" else limit.subject)),
                *(_limit_amount(limit, value, lang) for value in limit.shown()),
            )
        parts.append(limits)
        if len(remaining) > MAX_ROWS:
            parts.append(_more(MAX_ROWS, len(remaining), lang))

    near = [a for a in result.awards if a.near_miss is not None]
    if near:
        misses = Table(title=t("near", lang), title_justify="left")
        for key in ("clause", "event", "threshold", "shortfall", "would_pay"):
            misses.add_column(t(key, lang), justify="right" if key in ("shortfall", "would_pay") else "left")
        for award in near[:MAX_ROWS]:
            miss = award.near_miss
            assert miss is not None  # kept above for it
            unit = i18n.pick(*UNITS.get(miss.unit, (miss.unit, miss.unit)), lang)
            shortfall = f"{fmt_exact(miss.shortfall)} {unit}"
            gain = fmt_yuan(to_yuan(miss.would_pay)) if miss.would_pay is not None else "—"
            if miss.fixed:  # a date that has passed: told, not promised
                gain += t("passed", lang)
            misses.add_row(miss.clause, Text(safe(award.event or "")), miss.threshold, shortfall, gain)
        parts.append(misses)
        if len(near) > MAX_ROWS:
            parts.append(_more(MAX_ROWS, len(near), lang))

    missing = result.missing_facts
    block = Text()
    block.append(t("labelled", lang, label=t("missing", lang)), style="bold cyan")
    if missing:
        from ..facts import label_of

        block.append(t("list_sep", lang).join(t("missing_item", lang, path=m, label=label_of(m)) for m in missing))
    else:
        block.append(t("none", lang))
    parts.append(block)

    parts.extend(render_checklist(checklist(result, policy), lang))

    notes = Text()
    notes.append(t("labelled", lang, label=t("notes", lang)).rstrip() + "\n", style="bold")
    notes.append(f"• {t('draft', lang)}\n")
    for note in result.notes:
        notes.append(f"• {safe(i18n.text(note, lang))}\n")
    used = result.readings_used
    if used:
        notes.append("• " + t("labelled", lang, label=t("readings", lang)).rstrip() + "\n")
        for reading_id in used:
            reading = policy.readings[reading_id]
            option = reading.option(result.readings[reading_id])
            switched = "" if option.id == reading.default else t("switched", lang)
            notes.append(f"    {reading_id} {i18n.pick(option.label, option.label_en, lang)}{switched}\n")
    if result.not_claimed:
        notes.append("• " + t("labelled", lang, label=t("not_claimed", lang)) + ", ".join(result.not_claimed))
    parts.append(notes)
    return Group(*parts)


def render_trace(result: Result, policy: Policy, lang: str = "zh") -> Group:
    """`check --trace`: for each award, the steps its rule took, in order, as
    recorded while it computed (Award.steps), then the readings it used."""
    parts: list = [Text(t("how_computed", lang), style="bold")]
    for award in result.awards:
        head = Text(f"{award.clause} ", style="bold")
        head.append(i18n.pick(award.title, award.title_en, lang))
        if award.event:
            head.append(f" · {safe(award.event)}", style="dim")
        head.append(
            t("outcome", lang, status=label(award.status.value, lang), amount=fmt_yuan(award.amount_yuan)),
            style=STATUS_STYLE[award.status.value],
        )
        body = Table.grid(padding=(0, 1))
        body.add_column(justify="right", no_wrap=True)
        body.add_column(overflow="fold")
        for number, step in enumerate(award.steps, start=1):
            line = Text(safe(i18n.text(step.message, lang)))
            if step.value is not None and step.kind in ("cap", "outcome", "rounding", "gate"):
                line.append(f"  → {fmt_yuan(to_yuan(step.value))}", style="bold")
            body.add_row(f"  {number}.", line)
        for reading_id in dict.fromkeys(award.readings):
            option = policy.readings[reading_id].option(policy.reading(reading_id))
            body.add_row(
                "",
                Text(
                    t("labelled", lang, label=t("readings", lang))
                    + f"{reading_id} {i18n.pick(option.label, option.label_en, lang)}",
                    style="dim",
                ),
            )
        parts += [head, body]
    return Group(*parts)
