"""`jzai batch`: every applicant of a workbook through the engine, and the
policy's cost per clause and article.

Rows are validated and evaluated one at a time and handed to a sink (the
results workbook, CSV or JSON), which keeps what it writes and lets the facts
and results go, so memory does not grow with the applicants. A bad row never
stops the batch: it is counted as invalid with its problems.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol

from .engine import evaluate
from .errors import Problem
from .limits import Limits
from .near_miss import clauses_missed
from .policy import Policy
from .readers.workbook import ApplicantRow, read_workbook, validate
from .result import Result, Status

VALID = "valid"
NEEDS_REVIEW = "needs_review"
INVALID = "invalid"


@dataclass
class Outcome:
    """One applicant row of the input and what became of it."""

    row: int
    name: str
    credit_code: str
    status: str  # valid, needs_review, invalid
    result: Result | None
    problems: list[Problem]


@dataclass
class ClauseTotals:
    clause: str
    article: int
    title: str
    title_en: str
    eligible: int = 0  # applicants with an eligible award of the clause
    review: int = 0  # applicants with an award held for review
    sure_yuan: int = 0
    ceiling_yuan: int = 0  # "up to" amounts (最高)
    review_yuan: int = 0
    caps_hit: int = 0
    near_misses: int = 0  # applicants with a threshold of the clause just out of reach


@dataclass
class Summary:
    file: str
    year: int | None
    read: int = 0
    valid: int = 0
    invalid: int = 0
    needs_review: int = 0
    clauses: dict[str, ClauseTotals] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    seconds_total: float = 0.0

    @property
    def sure_yuan(self) -> int:
        return sum(c.sure_yuan for c in self.clauses.values())

    @property
    def ceiling_yuan(self) -> int:
        return sum(c.ceiling_yuan for c in self.clauses.values())

    @property
    def review_yuan(self) -> int:
        return sum(c.review_yuan for c in self.clauses.values())

    def articles(self) -> list[tuple[int, int, int, int]]:
        """(article, sure, up to, review) in article order."""
        out: dict[int, list[int]] = {}
        for totals in self.clauses.values():
            row = out.setdefault(totals.article, [0, 0, 0])
            row[0] += totals.sure_yuan
            row[1] += totals.ceiling_yuan
            row[2] += totals.review_yuan
        return [(article, *values) for article, values in sorted(out.items())]

    @property
    def rate(self) -> float:
        return self.read / self.seconds_total if self.seconds_total else 0.0


class Sink(Protocol):
    def applicant(self, outcome: Outcome) -> None: ...

    def finish(self, summary: Summary) -> None: ...


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during the bulk pass: models and awards
    hold no cycles, and the collector walking 100,000 live rows costs more
    than the pass itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(
    path: str | Path,
    policy: Policy,
    sink: Sink,
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    limits: Limits | None = None,
) -> Summary:
    """Read, validate and evaluate every applicant of the workbook at `path`."""
    started = time.perf_counter()
    with collector_paused():
        book = read_workbook(path, limits, stream=True)  # rows are built as they are taken
        summary = Summary(file=book.file, year=year, sheets=book.sheets_read)
        for clause in policy.clauses:
            summary.clauses[clause.id] = ClauseTotals(clause.id, clause.article, clause.title, clause.title_en)
        row_problems: list[Problem] = []
        count = book.count
        index = 0
        for index, row in enumerate(book.applicants, start=1):
            outcome = _one(row, book.file, policy, year)
            _add(summary, outcome)
            row_problems.extend(outcome.problems)
            sink.applicant(outcome)
            if progress is not None and index % 500 == 0:
                progress(index, max(count, index))
        if progress is not None:
            progress(index, index)
        order = {name: n for n, name in enumerate(book.sheets_read)}
        problems = book.notices + row_problems
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
        summary.problems = problems
        summary.seconds_total = time.perf_counter() - started
        sink.finish(summary)
        summary.seconds_total = time.perf_counter() - started
    return summary


def _one(row: ApplicantRow, file: str, policy: Policy, year: int | None) -> Outcome:
    facts = validate(row, file, {clause.id for clause in policy.clauses})
    if facts is None:
        return Outcome(row.row, row.name, row.code_text, INVALID, None, row.problems)
    result = evaluate(policy, facts, year)
    status = NEEDS_REVIEW if any(a.status is Status.NEEDS_REVIEW for a in result.awards) else VALID
    return Outcome(row.row, facts.applicant.name, facts.applicant.credit_code or "", status, result, [])


def _add(summary: Summary, outcome: Outcome) -> None:
    summary.read += 1
    if outcome.status == INVALID:
        summary.invalid += 1
        return
    summary.valid += 1
    if outcome.status == NEEDS_REVIEW:
        summary.needs_review += 1
    eligible: set[str] = set()
    review: set[str] = set()
    for award in outcome.result.awards:
        totals = summary.clauses.get(award.clause)
        if totals is None:
            continue
        if award.status is Status.ELIGIBLE:
            eligible.add(award.clause)
            if award.ceiling:
                totals.ceiling_yuan += award.amount_yuan
            else:
                totals.sure_yuan += award.amount_yuan
        elif award.status is Status.NEEDS_REVIEW:
            review.add(award.clause)
            totals.review_yuan += award.amount_yuan
        totals.caps_hit += sum(1 for cap in award.caps if cap.cut)
    for clause in clauses_missed(outcome.result):
        if clause in summary.clauses:
            summary.clauses[clause].near_misses += 1
    for clause in eligible:
        summary.clauses[clause].eligible += 1
    for clause in review:
        summary.clauses[clause].review += 1


def default_output(source: Path) -> Path:
    """Results go next to the input, named after it: applicants.xlsx → applicants-results.xlsx."""
    return source.with_name(f"{source.stem}-results.xlsx")
