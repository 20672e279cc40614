"""The hand-computed cases of tests/cases/*.toml, one file per article, run
by one parametrised test (the format is in tests/cases/README.md).

Each case gives the facts in the user's own TOML format, read by the same
code as `jzai check`, the readings in force, and the expected status and
amount of each clause; the arithmetic is a comment in the case file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jzai_cli import policy as policy_mod
from jzai_cli.engine import evaluate
from jzai_cli.errors import InputError
from jzai_cli.money import to_yuan
from jzai_cli.readers.toml_reader import facts_from_dict, parse
from jzai_cli.result import Award, Result

CASES_DIR = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES_DIR.glob("art*.toml"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expectation(_Strict):
    """The award(s) of one clause (and event, when given)."""

    clause: str
    event: str | None = None
    status: Literal["eligible", "needs_review", "undetermined", "not_eligible", "absent"]
    yuan: int | None = Field(None, ge=0)
    potential_yuan: int | None = Field(None, ge=0)
    missing: list[str] = []

    @property
    def label(self) -> str:
        return f"{self.clause}" + (f" [{self.event}]" if self.event else "")


class LimitLeft(_Strict):
    """What remains of a cumulative, yearly or per-person limit after the case's awards."""

    clause: str
    subject: str | None = None  # the person (9.1, 9.2) or the year (6.1); any when left out
    left: int = Field(ge=0)  # yuan, or months for 9.2


class Case(_Strict):
    name: str = Field(min_length=10)
    year: int
    readings: dict[str, str] = {}
    facts: dict[str, Any]
    expect: list[Expectation] = Field(min_length=1)
    exhaustive: bool = False
    total_yuan: int | None = None
    ceiling_total_yuan: int | None = None
    review_total_yuan: int | None = None
    caps_hit: list[str] | None = None  # clause ids whose cap cut an award, in order
    limits: list[LimitLeft] = []
    xfail: str | None = Field(None, min_length=10)

    @model_validator(mode="after")
    def _paying_needs_an_amount(self) -> Case:
        """An award that pays states its amount, unless a total says it."""
        totals = (self.total_yuan, self.ceiling_total_yuan, self.review_total_yuan)
        for want in self.expect:
            if want.status in ("eligible", "needs_review") and want.yuan is None and all(t is None for t in totals):
                raise ValueError(f"clause {want.clause}: status {want.status} needs `yuan` (or a total of the case)")
        return self


class CaseFile(_Strict):
    cases: list[Case] = Field(min_length=1)


def _read(path: Path) -> CaseFile:
    return CaseFile.model_validate(parse(path.read_text(encoding="utf-8"), str(path)))


def _collect() -> list[Any]:
    params = []
    for path in CASE_FILES:
        try:
            cases = _read(path).cases
        except (ValidationError, InputError):
            continue  # reported by test_every_case_file_is_valid
        for case in cases:
            marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
            params.append(pytest.param(path.stem, case, id=f"{path.stem}: {case.name}", marks=marks))
    return params


def _policy(readings: dict[str, str]):
    return policy_mod.load(chosen=tuple(sorted(readings.items())))


def _matching(result: Result, want: Expectation) -> list[Award]:
    return [a for a in result.awards if a.clause == want.clause and (want.event is None or a.event == want.event)]


def _describe(awards: list[Award]) -> str:
    return "; ".join(f"{a.clause} [{a.event}] {a.status.value} {a.amount_yuan:,}" for a in awards) or "no award at all"


def _compare(want: Expectation, award: Award) -> list[str]:
    failures = []
    at = f"clause {want.clause} [{award.event}]"
    got = award.status.value, award.amount_yuan
    if want.yuan is None and want.status in ("eligible", "needs_review"):  # the case's totals say the amount
        if got[0] != want.status:
            failures.append(f"{at}: expected {want.status}, jzai gives {got[0]} {got[1]:,} yuan")
    elif got != (want.status, want.yuan or 0):
        failures.append(f"{at}: expected {want.status} {want.yuan or 0:,} yuan, jzai gives {got[0]} {got[1]:,} yuan")
    if want.potential_yuan is not None and (award.potential is None or to_yuan(award.potential) != want.potential_yuan):
        failures.append(f"{at}: expected {want.potential_yuan:,} yuan at stake, jzai gives {award.potential}")
    absent = [fact for fact in want.missing if fact not in award.missing]
    if absent:
        failures.append(f"{at}: expected the missing facts {absent} to be named, jzai names {award.missing}")
    return failures


@pytest.mark.parametrize(("stem", "case"), _collect())
def test_case(stem: str, case: Case):
    where = f"tests/cases/{stem}.toml, case {case.name!r}"
    facts = facts_from_dict(case.facts, f"{where}, facts")
    result = evaluate(_policy(case.readings), facts, case.year)
    failures = []
    matched: set[int] = set()
    groups: dict[tuple[str, str | None], list[Expectation]] = {}
    for want in case.expect:
        groups.setdefault((want.clause, want.event), []).append(want)
    for (clause, _event), wants in groups.items():
        awards = _matching(result, wants[0])
        matched.update(id(a) for a in awards)
        label = wants[0].label
        if wants[0].status == "absent":
            if awards:
                failures.append(f"clause {label}: expected no award, jzai gives {_describe(awards)}")
            continue
        if not awards:
            failures.append(
                f"clause {label}: expected {wants[0].status}, but jzai gives no such award "
                f"(awards of {clause}: {_describe([a for a in result.awards if a.clause == clause])})"
            )
            continue
        if len(wants) > 1 and len(awards) != len(wants):
            failures.append(f"clause {label}: expected {len(wants)} awards in order, jzai gives {_describe(awards)}")
            continue
        pairs = zip(wants, awards, strict=False) if len(wants) > 1 else ((wants[0], award) for award in awards)
        for want, award in pairs:
            failures.extend(_compare(want, award))
    if case.exhaustive:
        extra = [a for a in result.awards if id(a) not in matched and a.pays]
        if extra:
            failures.append(f"exhaustive: no other award should pay, but jzai pays {_describe(extra)}")
    for name in ("total_yuan", "ceiling_total_yuan", "review_total_yuan"):
        wanted = getattr(case, name)
        if wanted is not None and getattr(result, name) != wanted:
            failures.append(f"{name}: expected {wanted:,}, jzai gives {getattr(result, name):,}")
    if case.caps_hit is not None:
        hit = [award.clause for award, _ in result.caps_hit]
        if hit != case.caps_hit:
            failures.append(f"caps hit: expected {case.caps_hit}, jzai reports {hit}")
    for want_limit in case.limits:
        found = [
            limit
            for limit in result.remaining_limits
            if limit.clause == want_limit.clause and (want_limit.subject is None or limit.subject == want_limit.subject)
        ]
        left = [to_yuan(limit.remaining) for limit in found]
        if left != [want_limit.left]:
            failures.append(
                f"limit of {want_limit.clause} ({want_limit.subject or 'any subject'}): "
                f"expected {want_limit.left:,} left, jzai reports {left or 'no such limit'}"
            )
    assert not failures, f"{where}:\n  " + "\n  ".join(failures) + f"\n  (all awards: {_describe(result.awards)})"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_file_is_valid(path: Path):
    """Unknown keys are refused; facts read as `jzai check` reads them; clause
    ids and readings exist; names are unique within a file."""
    case_file = _read(path)  # raises on an unknown key, naming it
    policy = policy_mod.load()
    clause_ids = {c.id for c in policy.clauses}
    names = [case.name for case in case_file.cases]
    assert len(names) == len(set(names)), (
        f"{path.name}: duplicate case names {sorted({n for n in names if names.count(n) > 1})}"
    )
    for case in case_file.cases:
        where = f"{path.name}, case {case.name!r}"
        facts_from_dict(case.facts, where)
        for reading, option in case.readings.items():
            assert reading in policy.readings, f"{where}: unknown reading {reading}"
            policy.readings[reading].option(option)
        unknown = [want.clause for want in case.expect if want.clause not in clause_ids]
        assert not unknown, f"{where}: unknown clauses {unknown}"


def test_a_case_file_with_an_unknown_key_is_refused(tmp_path: Path):
    path = tmp_path / "art99.toml"
    path.write_text(
        '[[cases]]\nname = "a case with a misspelt key"\nyear = 2026\nfacts = {}\n'
        'expect = [{ clause = "3.3", status = "not_eligible", yuan = 0, amount = 1 }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="amount"):
        _read(path)


def test_every_article_with_payable_clauses_has_a_case_file():
    stems = {path.stem for path in CASE_FILES}
    assert {f"art{n:02d}" for n in range(2, 10)} <= stems


def test_every_clause_appears_in_a_case():
    covered = {
        want.clause
        for path in CASE_FILES
        for case in _read(path).cases
        for want in case.expect
        if want.status != "absent"
    }
    clauses = {c.id for c in policy_mod.load().clauses}
    assert clauses - covered == set(), f"clauses without a case: {sorted(clauses - covered)}"


def test_there_are_many_cases():
    assert len(_collect()) >= 120
