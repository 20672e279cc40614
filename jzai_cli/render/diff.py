"""`jzai diff`: the changes between two policy versions and, with applicants,
their cost — rich, Markdown or JSON. Renders a `diff.PolicyDiff`."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..diff import FieldChange, PolicyDiff
from ..money import fmt_yuan
from .common import safe
from .readings import md_escape
from .review import article_label, change_doc, signed

t = i18n.section(
    "diff",
    {
        "title": ("政策版本比较", "Policy versions compared"),
        "old": ("旧版", "Old"),
        "new": ("新版", "New"),
        "changes": ("变化", "Changes"),
        "where": ("位置", "Where"),
        "field": ("字段", "Field"),
        "category": ("类别", "Kind of change"),
        "before": ("原为", "Before"),
        "after": ("改为", "After"),
        "no_change": ("两个版本没有差别。", "The versions do not differ."),
        "cost": ("成本变化（元）", "Change in cost (CNY)"),
        "article": ("条", "Article"),
        "total": ("合计", "Total"),
        "applicants": ("奖励变化的申请人", "Applicants whose awards change"),
        "applicant": ("申请人", "Applicant"),
        "delta": ("变化", "Change"),
        "version": ("{version}（{status}）", "{version} ({status})"),
        "summary": (
            "合计：{old} → {new}（{delta}）；{n} 个申请人受影响，增 {up}、减 {down}",
            "Total: {old} → {new} ({delta}); {n} applicants change, {up} gain, {down} lose",
        ),
    },
)

CATEGORY = {
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "amount": ("金额", "amount"),
    "cap": ("上限", "cap"),
    "rate": ("比例", "rate"),
    "threshold": ("门槛", "threshold"),
    "condition": ("条件", "condition"),
    "kind": ("方式", "kind"),
    "scope": ("适用对象", "scope"),
    "wording": ("文字", "wording"),
    "reading": ("解读", "reading"),
}


def category(name: str, lang: str) -> str:
    return i18n.pick(*CATEGORY.get(name, (name, name)), lang)


def _value(change: FieldChange, old: bool, lang: str = "zh") -> str:
    text = change.old if old else change.new
    yuan = change.old_yuan if old else change.new_yuan
    if text is None:
        return "—"
    if yuan is None:
        return text
    return i18n.say("bracketed", lang, text=text, inner=fmt_yuan(yuan))


def change_row(change: FieldChange) -> dict[str, Any]:
    return {
        "where": change.where,
        "field": change.field,
        "category": change.category,
        "old": change.old,
        "new": change.new,
        "old_yuan": change.old_yuan,
        "new_yuan": change.new_yuan,
    }


def diff_doc(diff: PolicyDiff, lang: str = "zh") -> dict[str, Any]:
    def meta(policy, name):
        return {"path": name, "id": policy.meta.id, "version": policy.meta.version, "status": policy.meta.status}

    doc: dict[str, Any] = {
        "schema_version": 1,
        "old": meta(diff.old, diff.old_name),
        "new": meta(diff.new, diff.new_name),
        "changes": [change_row(c) for c in diff.changes],
        "cost": None,
    }
    if diff.change is not None:
        doc["cost"] = {
            "file": diff.applicants.file if diff.applicants else None,
            "old_total_yuan": diff.change.old.total.total,
            "new_total_yuan": diff.change.new.total.total,
            **change_doc(diff.change),
            "gained": len(diff.change.gainers),
            "lost": len(diff.change.losers),
        }
    return doc


def _summary(diff: PolicyDiff, lang: str) -> str:
    change = diff.change
    assert change is not None  # told only with applicants
    return t(
        "summary",
        lang,
        old=fmt_yuan(change.old.total.total),
        new=fmt_yuan(change.new.total.total),
        delta=signed(change.delta),
        n=len(change.shifts),
        up=len(change.gainers),
        down=len(change.losers),
    )


def render_diff(diff: PolicyDiff, lang: str = "zh") -> Group:
    head = Text()
    head.append(t("title", lang), style="bold")
    sep = i18n.say("sep.colon", lang)
    head.append(
        f"\n{t('old', lang)}{sep}{safe(diff.old_name)}  {t('version', lang, version=diff.old.meta.version, status=diff.old.meta.status)}"
    )
    head.append(
        f"\n{t('new', lang)}{sep}{safe(diff.new_name)}  {t('version', lang, version=diff.new.meta.version, status=diff.new.meta.status)}"
    )
    parts: list[Any] = [Panel(head, expand=False)]
    if not diff.changes:
        parts.append(Text(t("no_change", lang)))
    else:
        table = Table(title=t("changes", lang), title_justify="left", show_lines=True)
        for key in ("where", "category", "field", "before", "after"):
            table.add_column(t(key, lang), overflow="fold")
        for field_change in diff.changes:
            table.add_row(
                field_change.where,
                category(field_change.category, lang),
                field_change.field,
                _value(field_change, True, lang),
                _value(field_change, False, lang),
            )
        parts.append(table)
    if diff.change is not None:
        cost = Table(title=t("cost", lang), title_justify="left")
        for key in ("article", "old", "new", "delta"):
            cost.add_column(t(key, lang), justify="left" if key == "article" else "right")
        change = diff.change
        for article in sorted(set(change.old.by_article) | set(change.new.by_article)):
            before = change.old.by_article[article].total if article in change.old.by_article else 0
            after = change.new.by_article[article].total if article in change.new.by_article else 0
            cost.add_row(article_label(article, lang), fmt_yuan(before), fmt_yuan(after), signed(after - before))
        cost.add_row(
            Text(t("total", lang), style="bold"),
            fmt_yuan(change.old.total.total),
            fmt_yuan(change.new.total.total),
            signed(change.delta),
        )
        parts.append(cost)
        if change.shifts:
            people = Table(title=t("applicants", lang), title_justify="left")
            for key in ("applicant", "old", "new", "delta"):
                people.add_column(t(key, lang), justify="left" if key == "applicant" else "right")
            for shift in change.shifts:
                people.add_row(
                    Text(safe(shift.label)), fmt_yuan(shift.before), fmt_yuan(shift.after), signed(shift.delta)
                )
            parts.append(people)
        parts.append(Text(_summary(diff, lang), style="bold"))
    return Group(*parts)


def diff_md(diff: PolicyDiff, lang: str = "zh") -> str:
    sep = i18n.say("sep.colon", lang)
    lines = [
        f"# {t('title', lang)}",
        "",
        f"- {t('old', lang)}{sep}`{diff.old_name}` {t('version', lang, version=diff.old.meta.version, status=diff.old.meta.status)}",
        f"- {t('new', lang)}{sep}`{diff.new_name}` {t('version', lang, version=diff.new.meta.version, status=diff.new.meta.status)}",
    ]
    lines += ["", f"## {t('changes', lang)}", ""]
    if not diff.changes:
        lines.append(t("no_change", lang))
    else:
        lines.append("| " + " | ".join(t(k, lang) for k in ("where", "category", "field", "before", "after")) + " |")
        lines.append("|---|---|---|---|---|")
        for field_change in diff.changes:
            cells = [
                field_change.where,
                category(field_change.category, lang),
                field_change.field,
                _value(field_change, True, lang),
                _value(field_change, False, lang),
            ]
            lines.append("| " + " | ".join(md_escape(c) for c in cells) + " |")
    if diff.change is not None:
        change = diff.change
        lines += [
            "",
            f"## {t('cost', lang)}",
            "",
            f"| {t('article', lang)} | {t('old', lang)} | {t('new', lang)} | {t('delta', lang)} |",
            "|---|---:|---:|---:|",
        ]
        for article in sorted(set(change.old.by_article) | set(change.new.by_article)):
            before = change.old.by_article[article].total if article in change.old.by_article else 0
            after = change.new.by_article[article].total if article in change.new.by_article else 0
            lines.append(
                f"| {article_label(article, lang)} | {fmt_yuan(before)} | {fmt_yuan(after)} | {signed(after - before)} |"
            )
        lines.append(
            f"| **{t('total', lang)}** | {fmt_yuan(change.old.total.total)} | {fmt_yuan(change.new.total.total)} | {signed(change.delta)} |"
        )
        if change.shifts:
            lines += [
                "",
                f"### {t('applicants', lang)}",
                "",
                f"| {t('applicant', lang)} | {t('old', lang)} | {t('new', lang)} | {t('delta', lang)} |",
                "|---|---:|---:|---:|",
            ]
            for shift in change.shifts:
                lines.append(
                    f"| {md_escape(shift.label)} | {fmt_yuan(shift.before)} | {fmt_yuan(shift.after)} | {signed(shift.delta)} |"
                )
        lines += ["", _summary(diff, lang)]
    return "\n".join(lines).rstrip() + "\n"
