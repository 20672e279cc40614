"""Runs every clause of the policy on one applicant's facts for one year.

`evaluate` is a pure function of (policy, facts, year): the same inputs give
the same `Result`. It applies, around each clause's rule, the applicant kinds
the clause admits (with reading D6) and the gate of 第二条.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .facts import Facts, for_year
from .money import to_yuan
from .policy import Policy
from .result import Award, Message, Result, Status, Step
from .rules import RULES, Context, History, refuse, unknown
from .rules.base import UNTRACED, untraced

# 第二条 names enterprises and individuals; D6 lets clauses admit others.
SCOPE_KINDS = ("enterprise", "individual")

# One clause of a plan: (clause, its rule's run, the applicant kinds admitted,
# the list of facts it reads alone, the event types it routes by).
PlanStep = tuple[Any, Callable[..., list[Award]], tuple[str, ...], str | None, frozenset[str] | None]


@dataclass
class Gate:
    """The outcome of 第二条 for one applicant."""

    failed: list[str] = field(default_factory=list)  # hard conditions that are false
    missing: list[str] = field(default_factory=list)  # hard conditions unknown
    review: list[str] = field(default_factory=list)  # soft conditions false or unknown
    review_missing: list[str] = field(default_factory=list)


def check_gate(policy: Policy, facts: Facts) -> Gate:
    gate = Gate()
    applicant = facts.applicant
    for condition in policy.gate:
        value = getattr(applicant, condition.fact)
        if condition.fact == "sectors" and value is not None:
            value = bool(value)
        if condition.soft:
            if value is not True:
                gate.review.append(condition.text)
                if value is None:
                    gate.review_missing.append(f"applicant.{condition.fact}")
        elif value is None:
            gate.missing.append(f"applicant.{condition.fact}")
        elif value is False:
            gate.failed.append(condition.text)
    return gate


def admitted_kinds(policy: Policy, kinds: tuple[str, ...]) -> tuple[str, ...]:
    if policy.reading("D6") == "scope_only":
        return tuple(k for k in kinds if k in SCOPE_KINDS)
    return kinds


def resolve_year(facts: Facts, year: int | None, today: dt.date | None = None) -> tuple[int, str]:
    if year is not None:
        return year, "option"
    if facts.year is not None:
        return facts.year, "file"
    return (today or dt.date.today()).year, "today"


def evaluate(
    policy: Policy, facts: Facts, year: int | None = None, today: dt.date | None = None, trace: bool = True
) -> Result:
    """Every award of `policy` for `facts` in the assessment `year`; with
    `trace=False` the awards' steps are left empty (nothing else changes:
    the batch, which writes no trace, saves building them)."""
    if trace:
        return _evaluate(policy, facts, year, today)
    with untraced():
        result = _evaluate(policy, facts, year, today)
    for award in result.awards:
        award.steps = []
    return result


def _evaluate(policy: Policy, facts: Facts, year: int | None, today: dt.date | None) -> Result:
    plan = _plan(policy)
    year, year_source = resolve_year(facts, year, today)
    facts = for_year(facts, year)  # the facts that change by year, as they stand in `year`
    ctx = Context(policy=policy, facts=facts, year=year, history=History(facts.awards_received))
    gate = check_gate(policy, facts)
    kind = facts.applicant.kind.value
    in_scope = kind in SCOPE_KINDS
    event_types = {event.type.value for event in facts.events} if facts.events else set()
    awards: list[Award] = []
    to_run, skipped = _runnable(plan, facts, event_types)
    unclaimed = list(skipped)  # positions in the plan of the clauses with no declared facts
    runs: dict[str, tuple[PlanStep, list[Award]]] = {}  # clause id → its step and awards, in the order of their facts
    for position, step in to_run:
        clause, run, kinds, _section, _types = step
        items = run(clause, ctx)
        if not items:
            unclaimed.append(position)
            continue
        for award in items:
            _admit(award, kind, kinds, in_scope, gate)
        runs[clause.id] = (step, items)
        awards.extend(items)
    unclaimed.sort()
    not_claimed = [plan.steps[position][0].id for position in unclaimed]
    if plan.highest_only:
        keep_highest(awards, lambda award: _alone(ctx, runs, award, kind, in_scope, gate))
    settle_limits(awards)
    round_once(awards)
    standing = [limit for clause, limits in plan.limits for limit in limits(clause, ctx)]
    order = plan.order
    return Result(
        applicant=facts.applicant,
        year=year,
        year_source=year_source,
        awards=sorted(awards, key=lambda a: order.get(a.clause) or _clause_key(a.clause)),
        readings=dict(plan.readings),
        notes=_notes(plan, facts, gate, year_source),
        not_claimed=not_claimed,
        standing_limits=standing,
    )


def _runnable(
    plan: _Plan, facts: Facts, event_types: set[str] | None
) -> tuple[list[tuple[int, PlanStep]], tuple[int, ...]]:
    """The steps of the plan to run for these facts, with their positions,
    and the positions of those not run: a rule that reads only one list of
    facts (`RULE_LIST_FACTS`) finds nothing in an empty one, and one that
    reads events of some types finds nothing among events of other types.
    Which steps run depends only on which lists are empty and on the event
    types, so it is worked out once for each such shape of facts."""
    shape = (tuple(not getattr(facts, section) for section in plan.sections), frozenset(event_types or ()))
    found = plan.runnable.get(shape)
    if found is not None:
        return found
    to_run, skipped = [], []
    for position, step in enumerate(plan.steps):
        _clause, _run, _kinds, section, types = step
        if section is not None and (
            not getattr(facts, section) or (types is not None and types.isdisjoint(event_types or ()))
        ):
            skipped.append(position)
        else:
            to_run.append((position, step))
    found = (to_run, tuple(skipped))
    if len(plan.runnable) < len(plan.steps) * len(plan.steps):  # shapes kept: as many as clauses squared
        plan.runnable[shape] = found
    return found


def _admit(award: Award, kind: str, kinds: tuple[str, ...], in_scope: bool, gate: Gate) -> None:
    """What the engine adds around a clause's rule: the applicant kinds the
    clause admits (with D6) and the gate of 第二条."""
    if not in_scope:
        award.readings.insert(0, "D6")
    if kind not in kinds or gate.failed:
        award.near_miss = None  # nothing the applicant could reach would pay
    if award.status is Status.NOT_ELIGIBLE:
        return
    if kind not in kinds:
        refuse(award, "kind_not_admitted", kind=kind)
    elif gate.failed:
        refuse(award, "gate_failed", conditions=gate.failed)
    elif gate.missing:
        potential = award.amount if award.status in (Status.ELIGIBLE, Status.NEEDS_REVIEW) else award.potential
        unknown(award, gate.missing, potential)
    elif gate.review and award.status is Status.ELIGIBLE:
        award.status = Status.NEEDS_REVIEW
        if award.steps is not UNTRACED:
            award.steps.append(Step("gate", Message("trace_gate_review", {"conditions": gate.review}), award.amount))
        award.missing.extend(gate.review_missing)


# Rules whose awards share something within one run — a yearly or cumulative
# cap (6.1, 4.1) or a graduate's months (9.2) — so that an award can be cut by
# an earlier one of the same clause. Each returns one award per item of its
# list of facts (RULE_LIST_FACTS), in the list's order.
SHARED_WITHIN_RUN = frozenset({"compute", "referral", "graduate_hire"})


def _alone(
    ctx: Context, runs: dict[str, tuple[PlanStep, list[Award]]], award: Award, kind: str, in_scope: bool, gate: Gate
) -> Award:
    """The award as it would be if the applicant received nothing else this
    year (D13 highest_only): a rule whose awards share a cap or months within
    the run is run again on the one item the award comes from."""
    (clause, run, kinds, section, _types), siblings = runs[award.clause]
    if (
        clause.rule not in SHARED_WITHIN_RUN
        or section is None
        or len(siblings) <= 1
        or (award.status is Status.NOT_ELIGIBLE and award.reason.key in ENGINE_REFUSALS)
    ):
        return award
    position = next(i for i, a in enumerate(siblings) if a is award)
    items = getattr(ctx.facts, section)
    if len(items) != len(siblings):  # pragma: no cover - the rules return one award per item
        raise AssertionError(f"{clause.id}: {len(siblings)} awards for {len(items)} {section}")
    alone_ctx = replace(ctx, facts=ctx.facts.model_copy(update={section: [items[position]]}))
    (again,) = run(clause, alone_ctx)
    _admit(again, kind, kinds, in_scope, gate)
    return again


# The list of facts each rule reads, when it reads nothing else to find an
# award: with that list empty the rule returns no award, so it is not run.
# Recognition and prize read the events of their clause's types only.
RULE_LIST_FACTS = {
    "recognition": "events",
    "prize": "events",
    "referral": "referrals",
    "compute": "compute_purchases",
    "graduate_living": "graduates",
    "graduate_hire": "graduate_hires",
}


@dataclass
class _Plan:
    """What `evaluate` needs of a policy, worked out once per policy."""

    policy: Policy
    steps: list[PlanStep]
    limits: list[tuple[Any, Callable]]  # (clause, its standing-limits function)
    order: dict[str, tuple[int, ...]]  # clause id → sort key; its keys are the clause ids
    routes: list[tuple[tuple[str, ...], str]]  # (event types, level) of each event-reading clause
    readings: dict[str, str]
    highest_only: bool
    sections: tuple[str, ...] = ()  # the lists of facts some step reads alone
    runnable: dict[tuple, tuple[list[tuple[int, PlanStep]], tuple[int, ...]]] = field(default_factory=dict)
    routed: dict[tuple[str, str | None], bool] = field(default_factory=dict)  # (event type, level) → a clause pays it


_PLANS: dict[int, _Plan] = {}


def _plan(policy: Policy) -> _Plan:
    cached = _PLANS.get(id(policy))
    if cached is not None and cached.policy is policy:
        return cached
    steps = []
    for clause in policy.clauses:
        section = RULE_LIST_FACTS.get(clause.rule)
        types = None
        if section == "events":
            types = frozenset(getattr(clause.params, "event_types", ()) or ()) or None
            if types is None:
                section = None  # no event types to route by: always run
        steps.append((clause, RULES[clause.rule].run, admitted_kinds(policy, clause.applicant_kinds), section, types))
    plan = _Plan(
        policy=policy,
        steps=steps,
        limits=[(c, limits) for c in policy.clauses if (limits := RULES[c.rule].limits) is not None],
        order={c.id: _clause_key(c.id) for c in policy.clauses},
        routes=[(c.params.event_types, c.params.level) for c in policy.clauses if hasattr(c.params, "event_types")],
        readings=policy.readings_in_force,
        highest_only=policy.reading("D13") == "highest_only",
        sections=tuple(dict.fromkeys(step[3] for step in steps if step[3] is not None)),
    )
    _PLANS[id(policy)] = plan
    return plan


def _routed(plan: _Plan, event_type: str, level: str | None) -> bool:
    """Whether some clause reads an event of this type and level."""
    found = plan.routed.get((event_type, level))
    if found is None:
        found = any(event_type in types and (level is None or level == lvl) for types, lvl in plan.routes)
        plan.routed[(event_type, level)] = found  # as many as the choices of type and level: no bound needed
    return found


def _clause_key(clause_id: str) -> tuple[int, ...]:
    return tuple(int(x) for x in clause_id.split("."))


def keep_highest(awards: list[Award], alone: Callable[[Award], Award]) -> None:
    """D13 highest_only: of the awards paid to the applicant, only the largest
    stays. Each is weighed as it would pay on its own (`alone`): an award cut,
    or refused as over its limit, because of an earlier award of its clause
    that no longer pays is weighed in full (up to what the awards already
    received leave), and the one kept is paid so."""
    weighed = []
    for position, award in enumerate(awards):
        if award.recipient != "applicant" or award.status is Status.UNDETERMINED:
            continue
        candidate = alone(award)
        if candidate.pays:
            weighed.append((position, award, candidate))
    if not weighed:
        return
    kept_at, _, kept = max(weighed, key=lambda w: w[2].amount)  # the first of equal amounts, in clause order
    awards[kept_at] = kept
    kept.readings.append("D13")
    for position, award, _ in weighed:
        if position != kept_at:
            award.readings.append("D13")
            refuse(award, "not_highest", clause=kept.clause, amount=kept.amount)


# Refusals the engine makes after the clause's rule has run.
ENGINE_REFUSALS = frozenset({"kind_not_admitted", "gate_failed", "not_highest"})


def settle_limits(awards: list[Award]) -> None:
    """Only awards that pay (or are held for review) touch a cap or a limit.

    A rule records caps and limits as it computes; the gate, the applicant
    kinds and D13 may then refuse the award or leave it undetermined, so its
    caps and limits go, and each limit's use is chained again over the awards
    that remain. An award the rule itself refused because a limit is used up
    keeps that limit (it adds nothing to it)."""
    base: dict[tuple[str, str, str], Decimal] = {}
    for award in awards:
        for limit in award.limits:
            base.setdefault((limit.clause, limit.scope, limit.subject), limit.used_before)
        if award.status is Status.UNDETERMINED or award.reason.key in ENGINE_REFUSALS:
            award.caps.clear()
            award.limits.clear()
    used = dict(base)
    for award in awards:
        chained = []
        for limit in award.limits:
            key = (limit.clause, limit.scope, limit.subject)
            before = used[key]
            same = limit.used_before is before or (
                type(limit.used_before) is type(before) and str(limit.used_before) == str(before)
            )  # the same number written the same way: the limit as it stands
            chained.append(limit if same else replace(limit, used_before=before))
            used[key] = before + limit.this_award
        award.limits[:] = chained


def round_once(awards: list[Award]) -> None:
    """Whole yuan, rounded once per applicant and clause: the exact amounts of
    a clause's awards are summed, and each award's whole yuan are its share of
    the rounded running total, so the awards add up to the rounded sum; the
    exact `amount` stays."""
    running: dict[str, Decimal] = {}
    for award in awards:
        if award.status not in (Status.ELIGIBLE, Status.NEEDS_REVIEW) or award.amount == 0:
            continue
        before = running.get(award.clause, Decimal(0))
        after = before + award.amount
        running[award.clause] = after
        award.rounded_yuan = to_yuan(after) - to_yuan(before)
        if award.steps is UNTRACED:
            continue
        award.steps.append(
            Step(
                "rounding",
                Message("trace_rounding", {"exact": award.amount, "yuan": Decimal(award.rounded_yuan)}),
                Decimal(award.rounded_yuan),
            )
        )


def _notes(plan: _Plan, facts: Facts, gate: Gate, year_source: str) -> list[Message]:
    notes: list[Message] = []
    if year_source == "today":
        notes.append(Message("year_from_today"))
    if gate.review:
        notes.append(Message("gate_review", {"conditions": gate.review}))
    for index, record in enumerate(facts.awards_received, start=1):
        if record.clause not in plan.order:
            notes.append(Message("unknown_clause_in_history", {"index": index, "clause": record.clause}))
    for index, event in enumerate(facts.events or [], start=1):
        level = event.level.value if event.level else None
        if not _routed(plan, event.type.value, level):
            notes.append(Message("event_matches_no_clause", {"index": index, "type": event.type.value, "level": level}))
    if plan.readings.get("D13") == "stack":
        notes.append(Message("no_double_dipping_rule"))
    return notes
