"""`jzai explain`: an article's text, its clauses and the readings touching it."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..i18n import label
from ..policy import CHINESE_NUMERALS, Article, Policy, chinese_number
from ..rules import RULES

_TARGET = re.compile(r"^(?:article[-_ ]?|art[-_ ]?)?(\d{1,2})(?:\.(\d{1,2}))?$", re.IGNORECASE)
_CHINESE = re.compile(r"^第?([一二三四五六七八九十]+)条?$")


def parse_target(policy: Policy, target: str) -> tuple[Article, str | None] | None:
    """`article-8`, `8`, `第八条`, `八` or a clause `8.5` → (article, clause id)."""
    text = target.strip()
    match = _TARGET.match(text)
    number = clause = None
    if match:
        number = int(match[1])
        clause = f"{match[1]}.{match[2]}" if match[2] else None
    else:
        chinese = _CHINESE.match(text)
        if chinese:
            numeral = chinese[1]
            if numeral == "十":
                number = 10
            elif len(numeral) == 1:
                number = CHINESE_NUMERALS.index(numeral)
    if number is None:
        return None
    try:
        article = policy.article(number)
    except KeyError:
        return None
    if clause is not None and clause not in {c.id for c in article.clauses}:
        return None
    return article, clause


t = i18n.section(
    "explain",
    {
        "policy": ("{title}（{status}）", "{title} ({status})"),
        "article": ("条", "Article"),
        "title": ("标题", "Title"),
        "clauses": ("条款", "Clauses"),
        "pays_nothing": ("不付款", "pays nothing"),
        "heading": ("{heading}（{title}）", "Article {number}: {title}"),
        "gate": ("适用条件（第二条）", "Conditions (article 2)"),
        "condition": ("条件", "Condition"),
        "fact": ("事实", "Fact"),
        "nature": ("性质", "Nature"),
        "soft": ("原则上：不满足则需复核", "soft: review when unmet"),
        "hard": ("必须满足", "hard"),
        "clause": ("款", "Clause"),
        "amount": ("金额", "Amount"),
        "kind": ("方式", "Kind"),
        "cap": ("上限", "Cap"),
        "recipient": ("领取人", "Paid to"),
        "applicants": ("适用对象", "Applicants"),
        "list_sep": ("、", ", "),
        "sources": ("原文依据", "Source sentences"),
        "readings": ("对草案不明之处的解读", "How jzai reads the unclear passages"),
        "id": ("编号", "Id"),
        "issue": ("问题", "Issue"),
        "default": ("默认解读", "Default reading"),
        "others": ("其他解读", "Other readings"),
    },
)


def valid_targets(policy: Policy) -> i18n.Said:
    """What `jzai explain` takes, in both languages (for the problem it reports)."""
    articles = ", ".join(f"{a.number}" for a in policy.articles)
    clauses = ", ".join(c.id for c in policy.clauses)
    return i18n.Said(
        f"条：{articles}（article-8、8、第八条）；款：{clauses}",
        f"articles: {articles} (article-8 or 8); clauses: {clauses}",
    )


def render_index(policy: Policy, lang: str = "zh") -> Table:
    table = Table(
        title=t(
            "policy",
            lang,
            title=i18n.pick(policy.meta.title, policy.meta.title_en, lang),
            status=i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang),
        ),
        title_justify="left",
    )
    for key in ("article", "title", "clauses"):
        table.add_column(t(key, lang))
    for article in policy.articles:
        clauses = ", ".join(c.id for c in article.clauses) or t("pays_nothing", lang)
        table.add_row(
            i18n.pick(f"{article.heading}", f"{article.number}", lang),
            i18n.pick(article.title, article.title_en, lang),
            clauses,
        )
    return table


def render_article(policy: Policy, article: Article, clause_id: str | None = None, lang: str = "zh") -> Group:
    parts: list[RenderableType] = []
    title = t(
        "heading",
        lang,
        heading=article.heading,
        number=article.number,
        title=i18n.pick(article.title, article.title_en, lang),
    )
    body = article.text.split(" ", 1)[-1]  # the heading 第N条 is the panel title
    parts.append(Panel(Text(body), title=title, title_align="left"))
    summary = i18n.pick(article.summary, article.summary_en, lang)
    if summary:
        parts.append(Text(summary))
    if article.gate:
        gate = Table(title=t("gate", lang), title_justify="left")
        for key in ("condition", "fact", "nature"):
            gate.add_column(t(key, lang))
        for condition in article.gate:
            nature = t("soft" if condition.soft else "hard", lang)
            gate.add_row(i18n.pick(condition.text, condition.text_en, lang), f"applicant.{condition.fact}", nature)
        parts.append(gate)
    clauses = [c for c in article.clauses if clause_id in (None, c.id)]
    if clauses:
        table = Table(title=t("clauses", lang), title_justify="left", show_lines=True)
        for key in ("clause", "condition", "amount", "kind", "cap", "recipient", "applicants"):
            table.add_column(t(key, lang), overflow="fold")
        from ..vocab import ApplicantKind

        for clause in clauses:
            amount, cap = RULES[clause.rule].describe(clause.params)
            kinds = t("list_sep", lang).join(ApplicantKind(k).label(lang) for k in clause.applicant_kinds)
            table.add_row(
                clause.id,
                i18n.pick(clause.condition, clause.condition_en, lang),
                amount[lang],
                label(clause.kind, lang),
                cap[lang],
                label(clause.recipient, lang),
                kinds,
            )
        parts.append(table)
        quotes = Text()
        for clause in clauses:
            quotes.append(f"{clause.id}  ", style="bold")
            quotes.append(f"“{clause.quote}”\n")
        parts.append(Panel(quotes, title=t("sources", lang), title_align="left"))
    reading_ids = set(article.readings)
    for clause in clauses:
        reading_ids.update(clause.readings)
    if reading_ids:
        table = Table(title=t("readings", lang), title_justify="left", show_lines=True)
        for key in ("id", "issue", "default", "others"):
            table.add_column(t(key, lang), overflow="fold")
        for reading_id in sorted(reading_ids, key=lambda r: int(r[1:])):
            reading = policy.readings[reading_id]
            in_force = reading.option(policy.reading(reading_id))
            others = [o for o in reading.options if o.id != in_force.id]
            table.add_row(
                reading_id,
                i18n.pick(reading.issue, reading.issue_en, lang),
                f"{in_force.id}: {i18n.pick(in_force.label, in_force.label_en, lang)}",
                "\n".join(f"{o.id}: {i18n.pick(o.label, o.label_en, lang)}" for o in others) or "—",
            )
        parts.append(table)
    return Group(*parts)


__all__ = ["chinese_number", "parse_target", "render_article", "render_index", "valid_targets"]
