"""`jzai check FILE --report applicant.html`: one printable page for the
applicant — awards, caps, limits left, missing facts, the documents to hand
in — self-contained (no script, no network), from the same `Result` as the
table and the JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import i18n
from ..guidance import checklist
from ..money import fmt_exact, fmt_wan, fmt_yuan, to_yuan
from ..policy import Policy
from ..result import Result, Status
from .check_table import UNITS, t
from .common import page_words
from .json_doc import documents_doc

# The page's words (applicant.html.j2), beside the check table's labels.
_WORDS = {
    "html_lang": ("zh-CN", "en"),
    "open": ("（", " ("),
    "close": ("）", ")"),
    "cny": ("元", "CNY"),
    "not_stated": ("草案未规定：", "Not stated by the draft: "),
    "colon": ("：", ": "),
    "semi": ("；", "; "),
    "version": ("版本", "version"),
    "list_sep": ("、", ", "),
    "sure_wan_note": ("（{wan} 万元）", ""),  # the 万元 figure beside the total: Chinese readers count in 万
    "missing_label": ("（{label}）", ""),  # a missing fact's Chinese label beside its path
}
_t = i18n.section("applicant_html", _WORDS)


def applicant_data(
    result: Result, policy: Policy, lang: str = "zh", source: str = "", today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the page shows, as plain values (amounts already formatted)."""
    from ..facts import label_of

    applicant = result.applicant
    awards = []
    for award in result.awards:
        amount = fmt_yuan(award.amount_yuan) if award.pays else "—"
        if award.pays and award.ceiling:
            amount = t("up_to_amount", lang, amount=amount)
        elif award.status is Status.UNDETERMINED and award.potential:
            maybe = "maybe_up_to" if award.ceiling else "maybe_amount"  # as the check table: 可能最高 for 8.6–8.8
            amount = t(maybe, lang, amount=fmt_yuan(to_yuan(award.potential)))
        awards.append(
            {
                "clause": award.clause,
                "title": i18n.pick(award.title, award.title_en, lang),
                "event": award.event or "",
                "status": award.status.value,
                "status_label": i18n.label(award.status.value, lang),
                "amount": amount,
                "reason": i18n.text(award.reason, lang),
            }
        )
    limits = [
        {
            "clause": limit.clause,
            "scope": i18n.label(limit.scope, lang),
            "subject": limit.subject,
            **{key: _limit(value, limit.unit, lang) for key, value in zip(LIMIT_KEYS, limit.shown(), strict=True)},
        }
        for limit in result.remaining_limits
    ]
    caps = [
        {
            "clause": award.clause,
            "event": award.event or "",
            "cap": i18n.label(cap.name, lang),
            "before": fmt_yuan(to_yuan(cap.before)),
            "after": fmt_yuan(award.after_yuan(cap)),
        }
        for award, cap in result.caps_hit
    ]
    near = [
        {
            "clause": award.clause,
            "event": award.event or "",
            "threshold": award.near_miss.threshold,
            "shortfall": f"{fmt_exact(award.near_miss.shortfall)} {i18n.pick(*UNITS.get(award.near_miss.unit, (award.near_miss.unit,) * 2), lang)}",
        }
        for award in result.awards
        if award.near_miss is not None
    ]
    readings = []
    for reading_id in result.readings_used:
        option = policy.readings[reading_id].option(result.readings[reading_id])
        readings.append({"id": reading_id, "label": i18n.pick(option.label, option.label_en, lang)})
    individual = sum(
        a.amount_yuan
        for a in result.awards
        if a.status is Status.ELIGIBLE and not a.ceiling and a.recipient == "individual"
    )
    # sure and up-to amounts alike may be held for review: as in the check table, say how much of it is up-to
    review_up_to = sum(a.amount_yuan for a in result.awards if a.status is Status.NEEDS_REVIEW and a.ceiling)
    return {
        "lang": lang,
        "title": i18n.pick(policy.meta.title, policy.meta.title_en, lang),
        "status": i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang),
        "version": policy.meta.version,
        "draft_note": t("draft", lang),
        "name": applicant.name,
        "credit_code": applicant.credit_code or "",
        "kind": applicant.kind.label(lang),
        "year": result.year,
        "source": source,
        "date": (today or dt.date.today()).isoformat(),
        "awards": awards,
        "totals": {
            "sure": fmt_yuan(result.total_yuan),
            "sure_wan": fmt_wan(result.total_yuan),
            "sure_wan_note": _t("sure_wan_note", lang, wan=fmt_wan(result.total_yuan)),
            "individual": fmt_yuan(individual) if individual else "",
            "up_to": fmt_yuan(result.ceiling_total_yuan),
            "review": fmt_yuan(result.review_total_yuan) if result.review_total_yuan else "",
            "review_of_which": t("review_of_which", lang, yuan=fmt_yuan(review_up_to)) if review_up_to else "",
        },
        "caps": caps,
        "limits": limits,
        "near": near,
        "missing": [
            {"path": m, "label": label_of(m), "note": _t("missing_label", lang, label=label_of(m))}
            for m in result.missing_facts
        ],
        "documents": documents_doc(checklist(result, policy), lang),
        "readings": readings,
        "notes": [i18n.text(n, lang) for n in result.notes],
        "labels": {
            key: t(key, lang)
            for key in (
                "awards",
                "clause",
                "title",
                "yuan",
                "status",
                "reason",
                "total",
                "ceiling_total",
                "review_total",
                "individual_part",
                "caps",
                "cap",
                "before",
                "after",
                "limits",
                "scope",
                "limit",
                "used",
                "this",
                "remaining",
                "missing",
                "near",
                "threshold",
                "shortfall",
                "notes",
                "readings",
                "year",
                "applicant",
                "none",
                "evidence",
                "evidence_all",
                "document",
            )
        },
    }


LIMIT_KEYS = ("limit", "used", "this", "remaining")  # the columns of Limit.shown()


def _limit(value: int, unit: str, lang: str) -> str:
    if unit == "months":
        return t("months", lang, n=value)
    return fmt_yuan(value)


def render_applicant_html(data: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("jzai_cli.render", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    words, _chart = page_words(_t, _WORDS, data["lang"])
    return env.get_template("applicant.html.j2").render(d=data, L={**data["labels"], **words})
