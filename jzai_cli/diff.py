"""`jzai diff`: what changes between two versions of the policy data.

Clauses are matched by id. For each clause present in both, every field and
every parameter is compared and the change is classed as `amount`, `cap`,
`rate`, `threshold`, `condition`, `kind`, `scope`, `wording` or `reading`.
Articles' text is reported only where the clauses' quotes do not already
account for the change; readings are compared by id, default and options.
With applicants, `costing.compare` gives the change in cost per article and
the applicants who gain or lose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .policy import Amount, Clause, Policy, Rate, Threshold, default_data_dir

if TYPE_CHECKING:
    from .costing import Applicants, Change

DRAFT = "draft"

# Clause fields and their class of change.
FIELD_CATEGORY = {
    "title": "wording",
    "title_en": "wording",
    "condition": "wording",
    "condition_en": "wording",
    "quote": "wording",
    "rule": "kind",
    "kind": "kind",
    "once": "kind",
    "recipient": "scope",
    "applicant_kinds": "scope",
    "readings": "reading",
}


@dataclass(frozen=True)
class FieldChange:
    """One difference: where (clause, article or reading), what, old and new."""

    where: str  # clause id "3.3", "article 3", or reading id "D1"
    field: str  # "params.amount", "quote", "added", …
    category: str  # added, removed, amount, cap, rate, threshold, condition, kind, scope, wording, reading
    old: str | None
    new: str | None
    old_yuan: int | None = None  # for amounts and caps
    new_yuan: int | None = None


def data_dir_of(name: str | Path) -> Path:
    """A policy data folder; the word `draft` is the shipped draft."""
    return default_data_dir() if str(name) == DRAFT else Path(name)


def _flat(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, (Amount, Rate, Threshold)):
        yield path, value
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _flat(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(item, f"{path}.{key}")
    else:
        yield path, value


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Threshold):
        return f"{value.text}（{'含' if value.inclusive else '不含'}本数 {value.value:,}）"
    if isinstance(value, (Amount, Rate)):
        return value.text
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def _param_category(path: str, value: Any) -> str:
    leaf = path.split(".")[1] if "." in path else path
    if isinstance(value, Threshold):
        return "threshold"
    if isinstance(value, Rate):
        return "rate"
    if isinstance(value, Amount):
        return "cap" if leaf.startswith("cap") or leaf == "ceiling" else "amount"
    return "condition"


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Amount) and isinstance(new, Amount):
        return old.text == new.text and old.yuan == new.yuan
    return bool(old == new)


def clause_changes(old: Clause, new: Clause) -> list[FieldChange]:
    changes = []
    for name, category in FIELD_CATEGORY.items():
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            changes.append(FieldChange(old.id, name, category, _show(a), _show(b)))
    old_params = dict(_flat(old.params, "params"))
    new_params = dict(_flat(new.params, "params"))
    for path in list(old_params) + [p for p in new_params if p not in old_params]:
        a, b = old_params.get(path), new_params.get(path)
        if _same(a, b):
            continue
        sample = b if b is not None else a
        category = _param_category(path, sample)
        change = FieldChange(old.id, path, category, _show(a), _show(b))
        if category in ("amount", "cap"):
            change = FieldChange(
                old.id,
                path,
                category,
                _show(a),
                _show(b),
                int(a.yuan) if isinstance(a, Amount) else None,
                int(b.yuan) if isinstance(b, Amount) else None,
            )
        changes.append(change)
    return changes


def _article_changes(old: Policy, new: Policy) -> list[FieldChange]:
    changes = []
    new_articles = {a.number: a for a in new.articles}
    for article in old.articles:
        other = new_articles.get(article.number)
        if other is None:
            changes.append(FieldChange(f"article {article.number}", "added", "removed", article.title, None))
            continue
        if article.title != other.title:
            changes.append(FieldChange(f"article {article.number}", "title", "wording", article.title, other.title))
        if article.gate != other.gate:
            changes.append(
                FieldChange(
                    f"article {article.number}",
                    "gate",
                    "scope",
                    _show([g.text for g in article.gate]),
                    _show([g.text for g in other.gate]),
                )
            )
        text = article.text
        # The quotes of changed clauses account for their part of the text.
        new_clauses = {c.id: c for c in other.clauses}
        for clause in article.clauses:
            if clause.id in new_clauses and clause.quote != new_clauses[clause.id].quote:
                text = text.replace(clause.quote.rstrip("。"), new_clauses[clause.id].quote.rstrip("。"))
        if text != other.text:
            changes.append(FieldChange(f"article {article.number}", "text", "wording", article.text, other.text))
    old_numbers = {a.number for a in old.articles}
    for article in new.articles:
        if article.number not in old_numbers:
            changes.append(FieldChange(f"article {article.number}", "added", "added", None, article.title))
    return changes


def _reading_changes(old: Policy, new: Policy) -> list[FieldChange]:
    changes = []
    for rid, reading in old.readings.items():
        other = new.readings.get(rid)
        if other is None:
            changes.append(FieldChange(rid, "reading", "removed", reading.issue, None))
            continue
        for name in ("clauses", "quote", "issue", "default"):
            a, b = getattr(reading, name), getattr(other, name)
            if a != b:
                changes.append(FieldChange(rid, name, "reading", _show(a), _show(b)))
        old_opts = {o.id: o for o in reading.options}
        new_opts = {o.id: o for o in other.options}
        for oid in list(old_opts) + [o for o in new_opts if o not in old_opts]:
            a, b = old_opts.get(oid), new_opts.get(oid)
            if a != b:
                changes.append(
                    FieldChange(rid, f"options.{oid}", "reading", a.label if a else None, b.label if b else None)
                )
    for rid, reading in new.readings.items():
        if rid not in old.readings:
            changes.append(FieldChange(rid, "reading", "added", None, reading.issue))
    return changes


def diff_policies(old: Policy, new: Policy) -> list[FieldChange]:
    """Every difference between two policies, clauses in clause order first."""
    changes: list[FieldChange] = []
    new_clauses = {c.id: c for c in new.clauses}
    old_ids = {c.id for c in old.clauses}
    for clause in old.clauses:
        other = new_clauses.get(clause.id)
        if other is None:
            changes.append(FieldChange(clause.id, "clause", "removed", clause.title, None))
        else:
            changes.extend(clause_changes(clause, other))
    for clause in new.clauses:
        if clause.id not in old_ids:
            changes.append(FieldChange(clause.id, "clause", "added", None, clause.title))
    changes.extend(_article_changes(old, new))
    changes.extend(_reading_changes(old, new))
    return changes


@dataclass
class PolicyDiff:
    old: Policy
    new: Policy
    old_name: str
    new_name: str
    changes: list[FieldChange]
    change: Change | None = None  # the cost change on the applicants, if given
    applicants: Applicants | None = None


def build_diff(
    old_name: str,
    new_name: str,
    chosen: tuple[tuple[str, str], ...] = (),
    applicants: Applicants | None = None,
    year: int | None = None,
) -> PolicyDiff:
    """Compare two policy data folders (or `draft`) under the same readings."""
    from .costing import compare, cost_of
    from .policy import load

    old = load(data_dir_of(old_name), chosen)
    new = load(data_dir_of(new_name), chosen)
    result = PolicyDiff(old, new, str(old_name), str(new_name), diff_policies(old, new))
    if applicants is not None:
        result.applicants = applicants
        result.change = compare(
            cost_of(old, applicants.facts, year, applicants.labels),
            cost_of(new, applicants.facts, year, applicants.labels),
        )
    return result
