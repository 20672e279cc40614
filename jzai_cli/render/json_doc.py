"""The JSON document of `jzai check` (documented in docs/json.md)."""

from __future__ import annotations

import json
from typing import Any

from .. import i18n
from ..guidance import Checklist, checklist
from ..money import to_yuan
from ..policy import Policy
from ..result import Award, Limit, Result
from .common import plain

SCHEMA_VERSION = 1


def _yuan(value) -> int | None:
    return None if value is None else to_yuan(value)


def limit_doc(limit: Limit) -> dict[str, Any]:
    whole, used, this, remaining = limit.shown()
    return {
        "clause": limit.clause,
        "scope": limit.scope,
        "subject": limit.subject,
        "unit": limit.unit,
        "limit": whole,
        "used_before": used,
        "this_award": this,
        "remaining": remaining,
    }


def trace_doc(award: Award, lang: str) -> list[dict[str, Any]]:
    """The steps that produced the award, as recorded by its rule (`--trace`)."""
    return [
        {"kind": step.kind, "text": i18n.text(step.message, lang), "value_yuan": _yuan(step.value)}
        for step in award.steps
    ]


def award_doc(award: Award, policy: Policy, lang: str, trace: bool = False) -> dict[str, Any]:
    reason = i18n.text(award.reason, lang)
    notes = [reason] if reason else []
    for reading in award.readings:
        option = policy.readings[reading].option(policy.reading(reading))
        notes.append(f"{reading}: {i18n.pick(option.label, option.label_en, lang)}")
    doc = {
        "clause": award.clause,
        "article": award.article,
        "title": i18n.pick(award.title, award.title_en, lang),
        "event": award.event,
        "status": award.status.value,
        "amount_yuan": award.amount_yuan,
        "ceiling": award.ceiling,
        "potential_yuan": _yuan(award.potential),
        "kind": award.kind,
        "recipient": award.recipient,
        "reason": reason,
        "caps": [
            {
                "name": c.name,
                "limit_yuan": _yuan(c.limit),
                "before_yuan": _yuan(c.before),
                "after_yuan": award.after_yuan(c),
                "cut": c.cut,
            }
            for c in award.caps
        ],
        "limits": [limit_doc(limit) for limit in award.limits],
        "facts": plain(award.facts),
        "readings": list(dict.fromkeys(award.readings)),
        "missing_facts": list(award.missing),
        "near_miss": None
        if award.near_miss is None
        else {
            "threshold": award.near_miss.threshold,
            "value": plain(award.near_miss.value),
            "shortfall": plain(award.near_miss.shortfall),
            "unit": award.near_miss.unit,
            "would_pay_yuan": _yuan(award.near_miss.would_pay),
            "fixed": award.near_miss.fixed,
        },
        "notes": notes,
    }
    if trace:
        doc["trace"] = trace_doc(award, lang)
    return doc


def policy_doc(policy: Policy, lang: str = "zh") -> dict[str, Any]:
    """Which policy, which version, and that it is a draft."""
    return {
        "id": policy.meta.id,
        "title": policy.meta.title,
        "version": policy.meta.version,
        "status": policy.meta.status,
        "status_label": i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang),
    }


def result_doc(
    result: Result, policy: Policy, lang: str = "zh", documents: bool = True, trace: bool = False
) -> dict[str, Any]:
    """The check document; `documents=False` leaves out the list of documents
    to hand in (the batch JSON, where it would repeat for every applicant)."""
    applicant = result.applicant
    by_recipient = {"applicant": 0, "individual": 0}
    for award in result.awards:
        if award.status.value == "eligible" and not award.ceiling:
            by_recipient[award.recipient] += award.amount_yuan
    doc = {
        "schema_version": SCHEMA_VERSION,
        "policy": policy_doc(policy, lang),
        "applicant": {
            "name": applicant.name,
            "credit_code": applicant.credit_code,
            "kind": applicant.kind.value,
            "size": plain(applicant.size),
        },
        "year": result.year,
        "year_source": result.year_source,
        "awards": [award_doc(a, policy, lang, trace) for a in result.awards],
        "total_yuan": result.total_yuan,
        "ceiling_total_yuan": result.ceiling_total_yuan,
        "review_total_yuan": result.review_total_yuan,
        "total_by_recipient": by_recipient,
        "caps_hit": [
            {
                "clause": a.clause,
                "event": a.event,
                "cap": c.name,
                "limit_yuan": _yuan(c.limit),
                "before_yuan": _yuan(c.before),
                "after_yuan": a.after_yuan(c),
            }
            for a, c in result.caps_hit
        ],
        "remaining_limits": [limit_doc(limit) for limit in result.remaining_limits],
        "missing_facts": result.missing_facts,
        "not_claimed": result.not_claimed,
        "readings": result.readings,
        "readings_used": result.readings_used,
        "notes": [i18n.text(n, lang) for n in result.notes],
    }
    if documents:
        doc["documents"] = documents_doc(checklist(result, policy), lang)
    return doc


def documents_doc(found: Checklist, lang: str = "zh") -> dict[str, Any]:
    """What to hand in: for every claim, per clause, and what the draft leaves unstated."""

    def item(evidence) -> dict[str, Any]:
        return {"document": evidence.label(lang), "facts": list(evidence.facts)}

    return {
        "general": [item(e) for e in found.general],
        "by_clause": [
            {"clause": clause, "documents": [item(e) for e in documents]} for clause, documents in found.by_clause
        ],
        "not_stated": [label.label(lang) for label in found.not_stated],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
