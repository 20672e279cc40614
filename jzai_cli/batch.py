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
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .engine import evaluate
from .errors import Problem
from .facts import Facts
from .limits import Limits
from .money import normalise_text
from .near_miss import clauses_missed
from .policy import Policy
from .readers.workbook import ApplicantRow, read_workbook, validate
from .result import Award, Result, Status
from .rules import referral_identity

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


# --- the same thing claimed by two applicants ------------------------------------
# Within one applicant the engine pays a person, a referred enterprise or an
# event once. Across applicants it cannot tell who is entitled, so a batch
# only flags each group for review (the totals are not changed) and gives the
# amount at risk: what the group pays beyond its largest single amount.

DUPLICATE_KINDS = {
    "applicant": ("同一申请人", "the same applicant"),
    "referral": ("同一被引荐企业", "the same referred enterprise"),
    "graduate": ("同一毕业生", "the same graduate"),
    "graduate_hire": ("同一招用毕业生", "the same hired graduate"),
    "lead_unit_event": ("同一赋能中心的牵头单位", "the same centre's lead unit"),
    "platform": ("同一平台", "the same platform"),
}


@dataclass(slots=True)
class DuplicateRow:
    row: int
    name: str  # the applicant's name
    amount_yuan: int  # what this row pays for the thing (the applicant's total for "applicant")


@dataclass
class DuplicateGroup:
    kind: str  # a key of DUPLICATE_KINDS
    clause: str  # "" for the applicant itself
    key: str  # who or what, as the facts give it
    rows: list[DuplicateRow]

    @property
    def amount_at_risk(self) -> int:
        """What the group pays beyond its largest single amount."""
        amounts = [r.amount_yuan for r in self.rows]
        return sum(amounts) - max(amounts, default=0)


class Duplicates:
    """Streaming: keeps, per key, only a hash and the first row that had it;
    a group is built when a key comes back."""

    def __init__(self, policy: Policy) -> None:
        self.first: dict[int, DuplicateRow] = {}
        self.groups: dict[int, DuplicateGroup] = {}
        # what a thing given with its number (a credit code, an identity number) is called
        # where a row gives no number: the weaker key's hash → the numbered key (kind, key,
        # clause), or None when two numbered things share that name
        self.aliases: dict[int, tuple[str, str, str] | None] = {}
        # clauses paid to the lead unit of an event (7.1's empowerment centre)
        self.lead_unit_clauses = {c.id for c in policy.clauses if getattr(c.params, "lead_unit", False)}
        # clauses paid for a thing of one holder (5.x's laboratories and centres)
        self.one_holder_clauses = {c.id for c in policy.clauses if getattr(c.params, "one_holder", False)}

    def see(self, kind: str, clause: str, key: str, row: int, name: str, amount: int, alias: str | None = None) -> None:
        digest = hash((kind, key))
        seen = DuplicateRow(row, name, amount)
        if alias is not None:  # the same thing may come on another applicant's row without its number
            weak = hash((kind, alias))
            if weak not in self.aliases:
                self.aliases[weak] = (kind, key, clause)
            elif self.aliases[weak] is not None and self.aliases[weak] != (kind, key, clause):
                self.aliases[weak] = None  # two numbered things of that name: which one cannot be told
        # One applicant row may claim the same thing on several rows of its
        # own (a person's renewed contract, a referral listed twice): its
        # amount for the thing is what all of them pay, not the first's.
        group = self.groups.get(digest)
        if group is not None:
            if group.rows[-1].row != row:
                group.rows.append(seen)
            else:
                group.rows[-1].amount_yuan += amount
            return
        first = self.first.get(digest)
        if first is None:
            self.first[digest] = seen
        elif first.row != row:
            self.groups[digest] = DuplicateGroup(kind, clause, key, [first, seen])
        else:
            first.amount_yuan += amount

    def add(self, outcome: Outcome, facts: Any) -> None:
        for claim in claims(outcome, facts, self.lead_unit_clauses, self.one_holder_clauses):
            self.see(*claim)

    def result(self) -> list[DuplicateGroup]:
        self._join_aliases()
        return sorted(self.groups.values(), key=lambda g: (g.rows[0].row, g.kind, g.key))

    def _take(self, digest: int) -> list[DuplicateRow]:
        """The rows seen under a key, taken out of the group or the first sighting that holds them."""
        if digest in self.groups:
            return self.groups.pop(digest).rows
        return [self.first.pop(digest)] if digest in self.first else []

    def _join_aliases(self) -> None:
        """Rows that give a thing without its number join the group of the one numbered thing of
        that name (a referred enterprise by its name, a graduate by name and graduation date)."""
        for weak, numbered in list(self.aliases.items()):
            if numbered is None:
                continue
            weak_rows = self._take(weak)
            if not weak_rows:
                continue
            kind, key, clause = numbered
            strong = hash((kind, key))
            rows = self._take(strong)
            merged: dict[int, DuplicateRow] = {}
            for row in sorted(rows + weak_rows, key=lambda r: r.row):
                if row.row in merged:  # one applicant row, with and without the number: what both pay
                    merged[row.row] = DuplicateRow(row.row, row.name, merged[row.row].amount_yuan + row.amount_yuan)
                else:
                    merged[row.row] = row
            if len(merged) > 1:
                self.groups[strong] = DuplicateGroup(kind, clause, key, list(merged.values()))
            else:
                self.first[strong] = next(iter(merged.values()))
        self.aliases.clear()


def claims(
    outcome: Outcome, facts: Any, lead_unit_clauses: Collection[str], one_holder_clauses: Collection[str]
) -> list[tuple[str, str, str, int, str, int, str | None]]:
    """What one applicant claims that another may claim too, as the
    arguments of `Duplicates.see`, in the order they are seen: a thing given
    with its number carries, last, what a row without the number calls it."""
    result = outcome.result
    if result is None or facts is None:  # an invalid row: its own problems say why; its name or code may repeat
        # the code as written (full-width, lower case, hyphens): compared as a valid row's code is read
        code = normalise_text(outcome.credit_code).replace("-", "").upper()
        key = f"信用代码 {code}" if code else f"名称 {outcome.name}"
        return [("applicant", "", key, outcome.row, outcome.name, 0, None)]
    applicant = facts.applicant
    total = result.total_yuan + result.ceiling_total_yuan + result.review_total_yuan
    key = f"信用代码 {applicant.credit_code}" if applicant.credit_code else f"名称 {applicant.name}"
    out: list[tuple[str, str, str, int, str, int, str | None]] = [
        ("applicant", "", key, outcome.row, applicant.name, total, None)
    ]
    by_clause: dict[str, list[Award]] = {}
    for award in result.awards:
        by_clause.setdefault(award.clause, []).append(award)

    def paid(clause: str, position: int) -> int:
        awards = by_clause.get(clause, [])
        return awards[position].amount_yuan if position < len(awards) and awards[position].pays else 0

    for position, ref in enumerate(facts.referrals or []):
        out.append(
            (
                "referral",
                "4.1",
                referral_identity(ref).split(":", 1)[1],
                outcome.row,
                applicant.name,
                paid("4.1", position),
                ref.name if ref.credit_code else None,
            )
        )
    for position, grad in enumerate(facts.graduates or []):
        out.append(
            (
                "graduate",
                "9.1",
                _person_text(grad),
                outcome.row,
                applicant.name,
                paid("9.1", position),
                _unnumbered(grad) if grad.id_number else None,
            )
        )
    for position, hire in enumerate(facts.graduate_hires or []):
        out.append(
            (
                "graduate_hire",
                "9.2",
                _person_text(hire),
                outcome.row,
                applicant.name,
                paid("9.2", position),
                _unnumbered(hire) if hire.id_number else None,
            )
        )
    for award in result.awards:
        # a thing of one holder: 7.1's centre has one lead unit, 5.x's platform one
        # holder; named as read half width (（焦作） and (焦作) are one), under any such clause
        kind = (
            "lead_unit_event"
            if award.clause in lead_unit_clauses
            else "platform"
            if award.clause in one_holder_clauses
            else None
        )
        if kind is not None and award.status is not Status.NOT_ELIGIBLE and award.event:
            amount = award.amount_yuan if award.pays else 0
            out.append((kind, award.clause, normalise_text(award.event), outcome.row, applicant.name, amount, None))
    return out


def _person_text(item: Any) -> str:
    return f"身份证 {item.id_number}" if item.id_number else _unnumbered(item)


def _unnumbered(item: Any) -> str:
    """A person as a row without the identity number names them: name and graduation date."""
    return f"{item.name}（{item.graduated.isoformat()}毕业）" if item.graduated else item.name


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
    duplicates: list[DuplicateGroup] = field(default_factory=list)

    @property
    def duplicate_risk_yuan(self) -> int:
        return sum(g.amount_at_risk for g in self.duplicates)

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
        return [(article, sure, up_to, review) for article, (sure, up_to, review) in sorted(out.items())]

    @property
    def rate(self) -> float:
        return self.read / self.seconds_total if self.seconds_total else 0.0


class Sink(Protocol):
    """Where the batch's results go. `applicant(outcome)` takes one applicant;
    a sink that can also be fed from worker processes splits it in two:
    `render(outcome)`, pure and run in a worker, gives a small picklable
    value (the rows to write), and `put(rendered)` writes it, in input order."""

    def applicant(self, outcome: Outcome) -> None: ...

    def finish(self, summary: Summary) -> None: ...

    def abort(self) -> None:
        """Leave nothing of the output: the batch failed or was interrupted."""


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


PARALLEL_FROM = 1_000  # applicant rows from which worker processes pay for their start
CHUNK = 200  # applicants per chunk given to a worker
MAX_JOBS = 8


def choose_jobs(jobs: int | None, count: int, sink: Any) -> int:
    """How many processes evaluate: `jobs` as asked (1: this one), or by
    default one per available processor from PARALLEL_FROM rows on; one
    when the sink cannot render rows elsewhere or processes cannot fork."""
    from .workers import available_cpus, can_fork

    if not (hasattr(sink, "render") and hasattr(sink, "put")) or not can_fork():
        return 1
    if jobs is None:
        jobs = min(available_cpus(), MAX_JOBS) if count >= PARALLEL_FROM else 1
    return max(1, jobs)


@dataclass
class Part:
    """What a chunk of applicants leaves behind, small enough to send between
    processes: for each applicant the sink's rendering, its claims (see
    `claims`) and its problems; and the chunk's counts and clause totals."""

    applicants: list[tuple[Any, list[tuple], list[Problem]]]
    counts: tuple[int, int, int, int]  # read, valid, invalid, needs_review
    clauses: dict[str, tuple[int, ...]]  # clause → the numeric fields of ClauseTotals, in order


_TOTALS = ("eligible", "review", "sure_yuan", "ceiling_yuan", "review_yuan", "caps_hit", "near_misses")


class Evaluator:
    """The per-applicant function of the batch, over a chunk of rows:
    build the row, validate, evaluate, render what the sink writes. Pure:
    the same chunk gives the same `Part` in any process."""

    def __init__(
        self,
        build: Callable[[Any], ApplicantRow],
        file: str,
        policy: Policy,
        year: int | None,
        render: Callable[[Outcome], Any],
    ) -> None:
        self.build = build
        self.file = file
        self.policy = policy
        self.year = year
        self.render = render
        self.clause_ids = frozenset(clause.id for clause in policy.clauses)
        self.lead_unit_clauses = frozenset(c.id for c in policy.clauses if getattr(c.params, "lead_unit", False))
        self.one_holder_clauses = frozenset(c.id for c in policy.clauses if getattr(c.params, "one_holder", False))

    def __call__(self, tasks: list[Any]) -> Part:
        tally = Summary(file=self.file, year=self.year)
        for clause in self.policy.clauses:
            tally.clauses[clause.id] = ClauseTotals(clause.id, clause.article, clause.title, clause.title_en)
        out = []
        for task in tasks:
            outcome, facts = _one(self.build(task), self.file, self.policy, self.year, self.clause_ids)
            _add(tally, outcome)
            out.append(
                (
                    self.render(outcome),
                    claims(outcome, facts, self.lead_unit_clauses, self.one_holder_clauses),
                    outcome.problems,
                )
            )
        clauses = {
            cid: values
            for cid, totals in tally.clauses.items()
            if any(values := tuple(getattr(totals, name) for name in _TOTALS))
        }
        return Part(out, (tally.read, tally.valid, tally.invalid, tally.needs_review), clauses)


def _chunks(tasks: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    path: str | Path,
    policy: Policy,
    sink: Sink,
    year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    limits: Limits | None = None,
    jobs: int | None = None,
) -> Summary:
    """Read, validate and evaluate every applicant of the workbook at `path`.

    With more than one job (see `choose_jobs`) the applicants are evaluated
    in worker processes, a chunk at a time, and their results taken back in
    input order: the output is the same as in one process."""
    started = time.perf_counter()
    with collector_paused():
        book = read_workbook(path, limits, stream=True)  # rows are built as they are taken
        assert book.tasks is not None and book.build is not None  # given with stream
        summary = Summary(file=book.file, year=year, sheets=book.sheets_read)
        for clause in policy.clauses:
            summary.clauses[clause.id] = ClauseTotals(clause.id, clause.article, clause.title, clause.title_en)
        row_problems: list[Problem] = []
        count = book.count
        index = 0
        duplicates = Duplicates(policy)
        jobs = choose_jobs(jobs, count, sink)
        render = getattr(sink, "render", None)
        put = getattr(sink, "put", None)
        if render is None or put is None:  # a sink that takes outcomes only
            render, put = (lambda outcome: outcome), sink.applicant
        evaluator = Evaluator(book.build, book.file, policy, year, render)
        tasks = iter(book.tasks)
        first = next(tasks, None)  # the main sheet's converter exists from its first row: workers are forked after it
        chunks = _chunks(tasks if first is None else _chain(first, tasks), CHUNK)
        pool = None
        if jobs > 1 and first is not None:
            from .workers import Workers

            pool = Workers(evaluator, jobs).__enter__()
        try:
            parts = pool.map(chunks) if pool is not None else map(evaluator, chunks)
            for part in parts:
                _merge(summary, part)
                for rendered, seen, problems in part.applicants:
                    index += 1
                    for claim in seen:
                        duplicates.see(*claim)
                    row_problems.extend(problems)
                    put(rendered)
                    if progress is not None and index % 500 == 0:
                        progress(index, max(count, index))
        finally:
            if pool is not None:
                pool.close()
        if progress is not None:
            progress(index, index)
        order: dict[str | None, int] = {name: n for n, name in enumerate(book.sheets_read)}
        problems = book.notices + row_problems
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0))
        summary.problems = problems
        summary.duplicates = duplicates.result()
        summary.seconds_total = time.perf_counter() - started
        sink.finish(summary)
        summary.seconds_total = time.perf_counter() - started
    return summary


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def _merge(summary: Summary, part: Part) -> None:
    read, valid, invalid, review = part.counts
    summary.read += read
    summary.valid += valid
    summary.invalid += invalid
    summary.needs_review += review
    for cid, values in part.clauses.items():
        totals = summary.clauses[cid]
        for name, value in zip(_TOTALS, values, strict=False):
            setattr(totals, name, getattr(totals, name) + value)


def _one(
    row: ApplicantRow, file: str, policy: Policy, year: int | None, clause_ids: Collection[str] | None = None
) -> tuple[Outcome, Facts | None]:
    facts = validate(row, file, clause_ids if clause_ids is not None else {clause.id for clause in policy.clauses})
    if facts is None:
        return Outcome(row.row, row.name, row.code_text, INVALID, None, row.problems), None
    result = evaluate(policy, facts, year, trace=False)  # the batch writes no trace
    status = NEEDS_REVIEW if any(a.status is Status.NEEDS_REVIEW for a in result.awards) else VALID
    return Outcome(row.row, facts.applicant.name, facts.applicant.credit_code or "", status, result, []), facts


def _add(summary: Summary, outcome: Outcome) -> None:
    summary.read += 1
    if outcome.status == INVALID:
        summary.invalid += 1
        return
    summary.valid += 1
    assert outcome.result is not None  # a row that is not invalid has its result
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
