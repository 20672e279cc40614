"""`jzai explain`: an article's text, its clauses and the readings touching it."""

from __future__ import annotations

import re

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .. import i18n
from ..i18n import label
from ..policy import Article, Policy, chinese_number, CHINESE_NUMERALS
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


def valid_targets(policy: Policy) -> "i18n.Said":
    """What `jzai explain` takes, in both languages (for the problem it reports)."""
    articles = ", ".join(f"{a.number}" for a in policy.articles)
    clauses = ", ".join(c.id for c in policy.clauses)
    return i18n.Said(f"条：{articles}（article-8、8、第八条）；款：{clauses}", f"articles: {articles} (article-8 or 8); clauses: {clauses}")


def render_index(policy: Policy, lang: str = "zh") -> Table:
    table = Table(title=f"{policy.meta.title}（{policy.meta.status_zh}）" if lang == "zh" else f"{policy.meta.title_en} ({policy.meta.status_en})", title_justify="left")
    table.add_column("条" if lang == "zh" else "Article")
    table.add_column("标题" if lang == "zh" else "Title")
    table.add_column("条款" if lang == "zh" else "Clauses")
    for article in policy.articles:
        clauses = ", ".join(c.id for c in article.clauses) or ("不付款" if lang == "zh" else "pays nothing")
        table.add_row(
            f"{article.heading}" if lang == "zh" else f"{article.number}",
            article.title if lang == "zh" else article.title_en,
            clauses,
        )
    return table


def render_article(policy: Policy, article: Article, clause_id: str | None = None, lang: str = "zh") -> Group:
    parts = []
    title = f"{article.heading}（{article.title}）" if lang == "zh" else f"Article {article.number}: {article.title_en}"
    body = article.text.split(" ", 1)[-1]  # the heading 第N条 is the panel title
    parts.append(Panel(Text(body), title=title, title_align="left"))
    summary = article.summary if lang == "zh" else article.summary_en
    if summary:
        parts.append(Text(summary))
    if article.gate:
        gate = Table(title="适用条件（第二条）" if lang == "zh" else "Conditions (article 2)", title_justify="left")
        gate.add_column("条件" if lang == "zh" else "Condition")
        gate.add_column("事实" if lang == "zh" else "Fact")
        gate.add_column("性质" if lang == "zh" else "Nature")
        for condition in article.gate:
            nature = ("原则上：不满足则需复核" if condition.soft else "必须满足") if lang == "zh" else ("soft: review when unmet" if condition.soft else "hard")
            gate.add_row(condition.text if lang == "zh" else condition.text_en, f"applicant.{condition.fact}", nature)
        parts.append(gate)
    clauses = [c for c in article.clauses if clause_id in (None, c.id)]
    if clauses:
        table = Table(title="条款" if lang == "zh" else "Clauses", title_justify="left", show_lines=True)
        for head in (("款", "Clause"), ("条件", "Condition"), ("金额", "Amount"), ("方式", "Kind"), ("上限", "Cap"), ("领取人", "Paid to"), ("适用对象", "Applicants")):
            table.add_column(head[0] if lang == "zh" else head[1], overflow="fold")
        from ..vocab import ApplicantKind

        for clause in clauses:
            amount, cap = RULES[clause.rule].describe(clause.params)
            kinds = ("、" if lang == "zh" else ", ").join(ApplicantKind(k).label(lang) for k in clause.applicant_kinds)
            table.add_row(
                clause.id,
                clause.condition if lang == "zh" else clause.condition_en,
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
        parts.append(Panel(quotes, title="原文依据" if lang == "zh" else "Source sentences", title_align="left"))
    reading_ids = set(article.readings)
    for clause in clauses:
        reading_ids.update(clause.readings)
    if reading_ids:
        table = Table(title="对草案不明之处的解读" if lang == "zh" else "How jzai reads the unclear passages", title_justify="left", show_lines=True)
        for head in (("编号", "Id"), ("问题", "Issue"), ("默认解读", "Default reading"), ("其他解读", "Other readings")):
            table.add_column(head[0] if lang == "zh" else head[1], overflow="fold")
        for reading_id in sorted(reading_ids, key=lambda r: int(r[1:])):
            reading = policy.readings[reading_id]
            in_force = reading.option(policy.reading(reading_id))
            others = [o for o in reading.options if o.id != in_force.id]
            table.add_row(
                reading_id,
                reading.issue if lang == "zh" else reading.issue_en,
                f"{in_force.id}: {in_force.label if lang == 'zh' else in_force.label_en}",
                "\n".join(f"{o.id}: {o.label if lang == 'zh' else o.label_en}" for o in others) or "—",
            )
        parts.append(table)
    return Group(*parts)


__all__ = ["parse_target", "render_article", "render_index", "valid_targets", "chinese_number"]
