"""The HTML cost report of a batch: one self-contained file (Chart.js inline,
no network needed) built from a Jinja2 template.

`ReportSink` sits in front of the batch's own sink (workbook, CSV or JSON):
it passes every applicant on, keeps only small tallies (award sizes, near
misses, readings, invalid rows) and, at the end, writes the report from the
same `Summary` the results workbook is written from, so their totals agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .. import i18n
from ..batch import INVALID, Outcome, Summary
from ..policy import Policy, chinese_number
from ..result import Status
from .common import page_words

MAX_INVALID_SHOWN = 200  # rows listed in the report; the workbook lists them all


# The page's words (report.html.j2); `chart_…` are the labels of its charts, read by its script.
_WORDS = {
    "html_lang": ("zh-CN", "en"),
    "open": ("（", " ("),
    "close": ("）", ")"),
    "cost_report": ("政策成本报告", "cost report"),
    "cost_report_heading": ("政策成本报告", "Cost report"),
    "version": ("版本", "version"),
    "input": ("输入", "input"),
    "year": ("评估年度", "year"),
    "sure_cny": ("确定金额（元）", "Sure (CNY)"),
    "up_to_cny": ("最高金额（元）", "Up to (CNY)"),
    "held_for_review_cny": ("需复核金额（元）", "Held for review (CNY)"),
    "applicants_valid_invalid": ("申请人：有效 / 无效", "Applicants: valid / invalid"),
    "cost_per_article_cny": ("各条成本（元）", "Cost per article (CNY)"),
    "applicants_by_amount": ("申请人所获金额分布（元）", "Applicants by amount received (CNY)"),
    "caps_hit": ("触及上限（次）", "Caps hit"),
    "none": ("无", "none"),
    "near_misses_applicants": ("差一点够上（申请人数）", "Near misses (applicants)"),
    "per_clause": ("分条款", "Per clause"),
    "clause": ("条款", "Clause"),
    "title": ("名称", "Title"),
    "eligible": ("符合", "Eligible"),
    "review_applicants": ("需复核（人）", "Held for review"),
    "sure": ("确定金额", "Sure"),
    "up_to": ("最高金额", "Up to"),
    "review": ("需复核", "Review"),
    "caps_hit_count": ("触及上限", "Caps hit"),
    "near_misses": ("差一点够上", "Near misses"),
    "total": ("合计", "Total"),
    "readings_used": ("采用的解读", "Readings used"),
    "id": ("编号", "Id"),
    "reading": ("解读", "Reading"),
    "applicants_touched": ("涉及申请人", "Applicants touched"),
    "switched": ("已切换", "switched"),
    "duplicates_heading": (
        "重复（仅提示复核，未从合计中扣除）",
        "Duplicates (flagged for review, not taken out of the totals)",
    ),
    "kind": ("类别", "Kind"),
    "who_or_what": ("对象", "Who or what"),
    "rows_applicant_amount": ("行（申请人：金额）", "Rows (applicant: amount)"),
    "at_risk": ("风险金额", "At risk"),
    "total_at_risk": ("风险金额合计", "Total at risk"),
    "invalid_rows": ("无效行", "Invalid rows"),
    "row": ("行", "Row"),
    "applicant": ("申请人", "Applicant"),
    "problems": ("问题", "Problems"),
    "and_more": ("另有", "and"),
    "more_rows": ("行，见结果工作簿。", "more rows: see the results workbook."),
    "draft_footer": (
        "本政策为征求意见稿，金额可能随正式文本变化。由 jzai 生成；图表：Chart.js（MIT 许可）。",
        "The policy is a draft for public comment; amounts may change in the final text. Made by jzai; charts: Chart.js (MIT licence).",
    ),
    "chart_sure": ("确定金额", "sure"),
    "chart_up_to": ("最高金额", "up to"),
    "chart_review": ("需复核", "held for review"),
    "chart_applicants": ("申请人数", "applicants"),
    "chart_times": ("次数", "times"),
}
_t = i18n.section("report_html", _WORDS)


@dataclass
class Tally:
    """What the report needs from each applicant, kept as the batch runs."""

    totals: list[int] = field(default_factory=list)  # per valid applicant: sure + up to + review
    readings_used: dict[str, int] = field(default_factory=dict)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    lang: str = "zh"

    def add(self, outcome: Outcome) -> None:
        self.put(self.piece(outcome, self.lang))

    @staticmethod
    def piece(outcome: Outcome, lang: str = "zh") -> tuple:
        """What `put` keeps of one applicant (pure, small: may be made in a worker process)."""
        if outcome.status == INVALID or outcome.result is None:
            return ("invalid", outcome.row, outcome.name, [p.text(lang) for p in outcome.problems])
        result = outcome.result
        total = sum(a.amount_yuan for a in result.awards if a.status in (Status.ELIGIBLE, Status.NEEDS_REVIEW))
        return ("valid", total, list(result.readings_used))

    def put(self, piece: tuple) -> None:
        if piece[0] == "invalid":
            if len(self.invalid) < MAX_INVALID_SHOWN:
                self.invalid.append({"row": piece[1], "name": piece[2], "problems": piece[3]})
            return
        self.totals.append(piece[1])
        for reading in piece[2]:
            self.readings_used[reading] = self.readings_used.get(reading, 0) + 1


def size_bins(totals: list[int], lang: str) -> list[tuple[str, int]]:
    """Applicants by the order of magnitude of what they receive: 0, 1–9,
    10–99, … yuan (bins follow the data, not the policy's amounts)."""
    if not totals:
        return []
    top = max(len(str(t)) for t in totals)
    counts = [0] * (top + 1)
    for total in totals:
        counts[0 if total == 0 else len(str(total))] += 1
    labels = ["0"] + [f"{10 ** (d - 1):,}–{10**d - 1:,}" for d in range(1, top + 1)]
    return list(zip(labels, counts, strict=False))


def _clause_order(clause: str) -> tuple[int, ...]:
    return tuple(int(x) for x in clause.split("."))


def report_data(summary: Summary, tally: Tally, policy: Policy, lang: str = "zh") -> dict[str, Any]:
    """Everything the template shows, as plain JSON-ready values."""
    articles = [
        {
            "article": number,
            "label": i18n.say("article_short", lang, cn=chinese_number(number), n=number),
            "sure": sure,
            "up_to": up_to,
            "review": review,
        }
        for number, sure, up_to, review in summary.articles()
    ]
    clauses = [
        {
            "clause": c.clause,
            "title": i18n.pick(c.title, c.title_en, lang),
            "eligible": c.eligible,
            "review": c.review,
            "sure": c.sure_yuan,
            "up_to": c.ceiling_yuan,
            "review_yuan": c.review_yuan,
            "caps_hit": c.caps_hit,
            "near_misses": c.near_misses,
        }
        for c in sorted(summary.clauses.values(), key=lambda c: _clause_order(c.clause))
    ]
    readings = []
    for reading in sorted(policy.readings.values(), key=lambda r: int(r.id[1:])):
        option = reading.option(policy.reading(reading.id))
        readings.append(
            {
                "id": reading.id,
                "option": option.id,
                "label": i18n.pick(option.label, option.label_en, lang),
                "switched": option.id != reading.default,
                "applicants": tally.readings_used.get(reading.id, 0),
            }
        )
    return {
        "lang": lang,
        "title": i18n.pick(policy.meta.title, policy.meta.title_en, lang),
        "status": i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang),
        "version": policy.meta.version,
        "file": summary.file,
        "year": summary.year,
        "counts": {
            "read": summary.read,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "needs_review": summary.needs_review,
            "problems": len(summary.problems),
        },
        "totals": {
            "sure": summary.sure_yuan,
            "up_to": summary.ceiling_yuan,
            "review": summary.review_yuan,
            "all": summary.sure_yuan + summary.ceiling_yuan + summary.review_yuan,
        },
        "articles": articles,
        "clauses": clauses,
        "sizes": [{"label": label, "count": count} for label, count in size_bins(tally.totals, lang)],
        "caps": [{"clause": c["clause"], "count": c["caps_hit"]} for c in clauses if c["caps_hit"]],
        "near_misses": [{"clause": c["clause"], "count": c["near_misses"]} for c in clauses if c["near_misses"]],
        "readings": readings,
        "duplicates": _duplicates(summary, lang),
        "duplicate_risk": summary.duplicate_risk_yuan,
        "invalid": tally.invalid,
        "invalid_more": max(0, summary.invalid - len(tally.invalid)),
        "problems": [
            {"sheet": p.sheet, "row": p.row, "message": p.text(lang)} for p in summary.problems if p.row is None
        ][:MAX_INVALID_SHOWN],
    }


def _duplicates(summary: Summary, lang: str) -> list[dict[str, Any]]:
    from ..batch import DUPLICATE_KINDS

    return [
        {
            "kind": i18n.pick(*DUPLICATE_KINDS[g.kind], lang),
            "clause": g.clause,
            "key": g.key,
            "at_risk": g.amount_at_risk,
            "rows": [{"row": r.row, "name": r.name, "amount": r.amount_yuan} for r in g.rows],
        }
        for g in summary.duplicates[:MAX_INVALID_SHOWN]
    ]


def render_html(data: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("jzai_cli.render", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    env.filters["yuan"] = lambda v: f"{v:,}"
    chart_js = resources.files("jzai_cli.render").joinpath("assets/chart.umd.min.js").read_text(encoding="utf-8")
    words, chart = page_words(_t, _WORDS, data["lang"])
    return env.get_template("report.html.j2").render(d={**data, "chart": chart}, L=words, chart_js=chart_js)


class ReportSink:
    """Passes applicants to `inner` and writes the HTML report at `finish`.

    Both files are put in place together at the end: the report is written
    under its temporary name first, then the inner output and the report are
    committed; a failure of either leaves neither."""

    def __init__(self, target: Path, policy: Policy, lang: str = "zh", inner: Any = None, force: bool = False) -> None:
        from ..output import AtomicFile

        self.target = Path(target)
        self.policy = policy
        self.lang = lang
        self.inner = inner
        self.tally = Tally(lang=lang)
        self.file = AtomicFile(self.target, force)  # now: a folder that cannot be written fails before the batch

    def applicant(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        if self.inner is not None:
            self.inner.applicant(outcome)

    @property
    def render(self):
        """Present when the inner sink can be fed from worker processes (see `batch.Sink`)."""
        inner = self.inner
        if inner is not None and not (hasattr(inner, "render") and hasattr(inner, "put")):
            raise AttributeError("render")

        def render(outcome: Outcome) -> tuple:
            return Tally.piece(outcome, self.tally.lang), (None if inner is None else inner.render(outcome))

        return render

    def put(self, rendered: tuple) -> None:
        piece, inner = rendered
        self.tally.put(piece)
        if self.inner is not None:
            self.inner.put(inner)

    def finish(self, summary: Summary) -> None:
        try:
            if self.inner is not None and hasattr(self.inner, "prepare"):
                self.inner.prepare(summary)
            elif self.inner is not None:
                self.inner.finish(summary)
            self.file.write(render_html(report_data(summary, self.tally, self.policy, self.lang)).encode("utf-8"))
            if self.inner is not None and hasattr(self.inner, "commit"):
                self.inner.commit()
            self.file.commit()
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        if self.inner is not None and hasattr(self.inner, "abort"):
            self.inner.abort()
        self.file.discard()
