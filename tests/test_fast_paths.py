"""The batch's fast paths give exactly what the slow paths give.

The engine, for the batch, builds no trace (`evaluate(..., trace=False)`)
and runs only the clauses the facts can reach (`engine._runnable`, worked
out once per shape of facts). Over every hand-computed case of
tests/cases and every example: the slow path — every clause's rule run,
nothing remembered, every step recorded — gives the very `Result` the
engine gives, steps and all (so `jzai check --trace` loses no step); and
the result without the trace is the same with its steps left out.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_cases import CASE_FILES, _policy, _read

from jzai_cli import engine
from jzai_cli.policy import load
from jzai_cli.readers.facts_file import read_facts
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.result import Result

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.toml"))


def _inputs():
    """(id, policy, facts, year) of every case and example."""
    out = []
    for path in CASE_FILES:
        for case in _read(path).cases:
            facts = facts_from_dict(case.facts, case.name)
            out.append(pytest.param(_policy(case.readings), facts, case.year, id=f"{path.stem}: {case.name}"))
    for path in EXAMPLES:
        out.append(pytest.param(load(), read_facts(path), None, id=path.name))
    return out


INPUTS = _inputs()


def _slow(policy, facts, year) -> Result:
    """The engine as it was: every clause's rule run, nothing remembered."""
    plan = engine._plan(policy)
    saved = plan.runnable.copy(), plan.routed.copy()
    original = engine._runnable
    engine._runnable = lambda plan, facts, types: (list(enumerate(plan.steps)), ())
    plan.runnable.clear()
    plan.routed.clear()
    try:
        return engine.evaluate(policy, facts, year)
    finally:
        engine._runnable = original
        plan.runnable.clear()
        plan.runnable.update(saved[0])
        plan.routed.clear()
        plan.routed.update(saved[1])


def _without_steps(result: Result) -> Result:
    return dataclasses.replace(result, awards=[dataclasses.replace(a, steps=[]) for a in result.awards])


@pytest.mark.parametrize(("policy", "facts", "year"), INPUTS)
def test_the_fast_engine_gives_the_slow_engines_result_and_trace(policy, facts, year):
    slow = _slow(policy, facts, year)
    first = engine.evaluate(policy, facts, year)  # the shape worked out
    again = engine.evaluate(policy, facts, year)  # and taken as remembered
    assert first == slow
    assert again == slow
    assert all(award.steps for award in slow.awards), "every award records its steps"
    assert [len(a.steps) for a in first.awards] == [len(a.steps) for a in slow.awards]


@pytest.mark.parametrize(("policy", "facts", "year"), INPUTS)
def test_without_the_trace_only_the_steps_are_left_out(policy, facts, year):
    traced = engine.evaluate(policy, facts, year)
    plain = engine.evaluate(policy, facts, year, trace=False)
    assert all(type(award.steps) is list and award.steps == [] for award in plain.awards)
    assert plain == _without_steps(traced)


def test_the_cases_reach_every_clause_and_skip_some():
    """The comparison above is worth something: the cases run every clause
    of the policy somewhere, and skip clauses elsewhere."""
    ran: set[str] = set()
    skipped = 0
    for param in INPUTS:
        policy, facts, year = param.values
        result = engine.evaluate(policy, facts, year)
        ran.update(a.clause for a in result.awards)
        skipped += len(result.not_claimed)
    assert ran == {c.id for c in load().clauses}
    assert skipped > 0
