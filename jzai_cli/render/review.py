"""`jzai review`: the report on the draft — rich, Markdown (for a comment
letter) or JSON. Renders a `review.Review`; computes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..costing import Bucket, Change, Cost
from ..money import fmt_yuan
from ..policy import chinese_number
from ..review import Defect, Review
from .common import safe
from .json_doc import policy_doc
from .readings import clauses_text, md_escape, option_text, reading_doc, reading_md, render_readings

t = i18n.section(
    "review",
    {
        "changed_count": ("{n}（+{up} / −{down}）", "{n} (+{up} / −{down})"),
        "report": (
            "对《{title}》（{status}）的意见：缺陷、不明之处及其成本",
            "Review of the {title} ({status}): defects, ambiguities and their cost",
        ),
        "version": ("版本", "Version"),
        "defects": ("草案的缺陷与不明之处", "Defects and ambiguities of the draft"),
        "costs": ("各解读的成本（元）", "Cost of each reading (CNY)"),
        "reading": ("解读", "Reading"),
        "option": ("选项", "Option"),
        "total": ("合计", "Total"),
        "delta": ("与现行解读相比", "Change vs readings in force"),
        "by_article": ("分条变化", "Change per article"),
        "base_costs": ("现行解读下的分条成本（元）", "Cost per article under the readings in force (CNY)"),
        "article": ("条", "Article"),
        "sure": ("确定金额", "Sure"),
        "up_to": ("最高限额", "Up to"),
        "review": ("需复核", "Held for review"),
        "changed": ("受影响申请人", "Applicants changed"),
        "batch": ("申请人", "Applicants"),
        "valid": ("有效 {n} 个", "{n} valid"),
        "invalid": ("无效行 {n} 个（未计入）", "{n} invalid rows (not counted)"),
        "baseline": ("现行解读下合计", "Total under the readings in force"),
        "switched": ("已切换的解读", "Readings switched"),
        "none": ("无", "none"),
        "no_batch": ("未给出申请人（--batch），不计算成本。", "No applicants given (--batch): costs are not computed."),
        "single": ("单一解读，不改变金额", "single reading: no amount depends on it"),
        "in_force_mark": ("（现行）", " (in force)"),
        "cost_note": (
            "成本包括确定金额、最高限额（以审核为准）和需复核金额；“受影响申请人”指奖励金额或获奖条款发生变化的申请人（增/减）。",
            "Costs include sure amounts, up-to amounts (set on review) and amounts held for review; applicants changed are those whose awards change (up/down).",
        ),
    },
)


def article_label(number: int, lang: str) -> str:
    return i18n.say("article_short", lang, cn=chinese_number(number), n=number)


def signed(yuan: int) -> str:
    return f"+{fmt_yuan(yuan)}" if yuan > 0 else (f"−{fmt_yuan(-yuan)}" if yuan < 0 else "0")


def paying_articles(review: Review) -> list[int]:
    return [a.number for a in review.policy.articles if a.clauses]


def changed_text(change: Change | None, lang: str) -> str:
    if change is None:
        return "—"
    shifts = change.shifts
    up, down = len(change.gainers), len(change.losers)
    return t("changed_count", lang, n=len(shifts), up=up, down=down)


def cost_doc(cost: Cost) -> dict[str, Any]:
    def bucket(b: Bucket) -> dict[str, int]:
        return {"total_yuan": b.total, "sure_yuan": b.sure, "ceiling_yuan": b.up_to, "review_yuan": b.review}

    return {**bucket(cost.total), "by_article": {str(a): bucket(b) for a, b in sorted(cost.by_article.items())}}


def change_doc(change: Change) -> dict[str, Any]:
    return {
        "delta_yuan": change.delta,
        "delta_sure_yuan": change.delta_sure,
        "delta_ceiling_yuan": change.delta_up_to,
        "delta_review_yuan": change.delta_review,
        "by_article": {str(a): d for a, d in change.by_article.items()},
        "applicants_changed": len(change.shifts),
        "applicants": [
            {"index": s.index, "applicant": s.label, "before_yuan": s.before, "after_yuan": s.after}
            for s in change.shifts
        ],
    }


def review_doc(review: Review, lang: str = "zh") -> dict[str, Any]:
    policy = review.policy
    defects = []
    for defect in review.defects:
        doc = reading_doc(policy, defect.reading, lang)
        for option_doc, entry in zip(doc["options"], defect.options, strict=False):
            option_doc["cost"] = cost_doc(entry.cost) if entry.cost is not None else None
            option_doc["change"] = change_doc(entry.change) if entry.change is not None else None
        defects.append(doc)
    batch = None
    if review.applicants is not None and review.baseline is not None:
        batch = {
            "file": review.applicants.file,
            "applicants": len(review.applicants.facts),
            "invalid": review.applicants.invalid,
            "year": review.year,
            "cost": cost_doc(review.baseline),
        }
    return {
        "schema_version": 1,
        "policy": {**policy_doc(policy, lang), "note": i18n.pick(policy.meta.note, policy.meta.note_en, lang)},
        "readings_in_force": policy.readings_in_force,
        "switched": review.switched,
        "defects": defects,
        "batch": batch,
    }


def _header_lines(review: Review, lang: str, file: Callable[[str], str]) -> tuple[str, list[str]]:
    """The report's title and its lines of context; `file` formats the batch's file name."""
    meta = review.policy.meta
    title = t(
        "report",
        lang,
        title=i18n.pick(meta.title, meta.title_en, lang),
        status=i18n.pick(meta.status_zh, meta.status_en, lang),
    )
    sep = i18n.say("sep.colon", lang)
    lines = [f"{t('version', lang)}{sep}{meta.version}"]
    note = i18n.pick(meta.note, meta.note_en, lang)
    if note:
        lines.append(note)
    switched = ", ".join(f"{k}={v}" for k, v in review.switched.items()) or t("none", lang)
    lines.append(f"{t('switched', lang)}{sep}{switched}")
    if review.applicants is not None and review.baseline is not None:
        apps = review.applicants
        comma = i18n.say("sep.comma", lang)
        counts = t("valid", lang, n=len(apps.facts)) + (
            f"{comma}{t('invalid', lang, n=apps.invalid)}" if apps.invalid else ""
        )
        lines.append(f"{t('batch', lang)}{sep}{file(apps.file)}{comma}{counts}")
        lines.append(f"{t('baseline', lang)}{sep}{fmt_yuan(review.baseline.total.total)}")
    return title, lines


def _header(review: Review, lang: str) -> Text:
    title, lines = _header_lines(review, lang, safe)
    head = Text(title, style="bold")
    for line in lines:
        head.append("\n" + line)
    return head


def article_deltas(change: Change | None, lang: str) -> str:
    if change is None:
        return "—"
    parts = [f"{article_label(a, lang)} {signed(d)}" for a, d in change.by_article.items()]
    return i18n.say("sep.semi", lang).join(parts) or "—"


def cost_rows(review: Review, lang: str) -> list[list[str]]:
    """Rows of the cost table: reading, option, total, change, change per article, applicants."""
    rows = []
    for defect in review.defects:
        if not defect.alternatives:
            continue
        for entry in defect.options:
            if entry.cost is None:
                continue
            name = (
                entry.option.id + ("*" if entry.default else "") + (t("in_force_mark", lang) if entry.in_force else "")
            )
            rows.append(
                [
                    defect.reading.id,
                    name,
                    fmt_yuan(entry.cost.total.total),
                    signed(entry.change.delta) if entry.change is not None else "—",
                    article_deltas(entry.change, lang),
                    changed_text(entry.change, lang),
                ]
            )
    return rows


def cost_headers(lang: str) -> list[str]:
    return [
        t("reading", lang),
        t("option", lang),
        t("total", lang),
        t("delta", lang),
        t("by_article", lang),
        t("changed", lang),
    ]


def baseline_rows(review: Review, lang: str) -> list[list[str]]:
    """The cost per article under the readings in force: article, sure, up to, review, total."""
    assert review.baseline is not None  # a review with applicants
    rows = []
    for number in paying_articles(review):
        b = review.baseline.by_article.get(number, Bucket())
        rows.append(
            [article_label(number, lang), fmt_yuan(b.sure), fmt_yuan(b.up_to), fmt_yuan(b.review), fmt_yuan(b.total)]
        )
    total = review.baseline.total
    rows.append(
        [t("total", lang), fmt_yuan(total.sure), fmt_yuan(total.up_to), fmt_yuan(total.review), fmt_yuan(total.total)]
    )
    return rows


def baseline_headers(lang: str) -> list[str]:
    return [t("article", lang), t("sure", lang), t("up_to", lang), t("review", lang), t("total", lang)]


def render_review(review: Review, lang: str = "zh") -> Group:
    parts: list[Any] = [Panel(_header(review, lang), expand=False)]
    defects = render_readings(review.policy, lang)
    defects.title = t("defects", lang)
    parts.append(defects)
    if review.baseline is None:
        parts.append(Text(t("no_batch", lang), style="dim"))
        return Group(*parts)
    base = Table(title=t("base_costs", lang), title_justify="left")
    for index, head in enumerate(baseline_headers(lang)):
        base.add_column(head, justify="left" if index == 0 else "right")
    for row in baseline_rows(review, lang):
        base.add_row(*row)
    parts.append(base)
    table = Table(title=t("costs", lang), title_justify="left")
    for index, head in enumerate(cost_headers(lang)):
        table.add_column(head, justify="right" if index in (2, 3) else "left", no_wrap=index in (2, 3), overflow="fold")
    for row in cost_rows(review, lang):
        table.add_row(*row)
    parts.append(table)
    parts.append(Text(t("cost_note", lang), style="dim"))
    return Group(*parts)


def review_md(review: Review, lang: str = "zh") -> str:
    title, head = _header_lines(review, lang, lambda name: f"`{name}`")
    lines = [f"# {title}", ""] + [f"- {line}" for line in head]
    if review.baseline is not None:
        lines += [
            "",
            f"## {t('base_costs', lang)}",
            "",
            "| " + " | ".join(baseline_headers(lang)) + " |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in baseline_rows(review, lang)]
    lines += ["", f"## {t('defects', lang)}", ""]
    for defect in review.defects:
        lines += reading_md(review.policy, defect.reading, lang)
        costed = [e for e in defect.options if e.cost is not None]
        if costed:
            headers = cost_headers(lang)[1:]
            lines.append("| " + " | ".join(headers) + " |")
            lines.append("|---|---:|---:|---|---|")
            for row in cost_rows(review, lang):
                if row[0] == defect.reading.id:
                    lines.append("| " + " | ".join(md_escape(cell) for cell in row[1:]) + " |")
            lines.append("")
    if review.baseline is None:
        lines += [t("no_batch", lang), ""]
    else:
        lines += [t("cost_note", lang), ""]
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["Defect", "clauses_text", "option_text", "render_review", "review_doc", "review_md"]
