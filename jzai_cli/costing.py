"""What a set of applicants costs under one or more policies, and the change.

`cost_of(policy, facts)` runs the engine on every applicant under a policy
(a reading option or another version of the policy) and adds up what the
awards pay, per article; `compare(old, new)` says how the bill changes and
which applicants gain or lose. `jzai review` and `jzai diff` are built on it.

The parts are those of `jzai batch`'s 汇总: "sure" amounts of eligible
awards, "up to" amounts (最高: 8.6, 8.7, 8.8, set on review) of eligible
awards, and amounts held for review under 第二条's 原则上 condition; `total`
is their sum, the most the policy could pay.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .engine import evaluate
from .facts import Facts
from .policy import Policy
from .result import Award, Result, Status
from .said import Said


@dataclass
class Bucket:
    """Amounts in whole yuan: sure, up to (最高), held for review."""

    sure: int = 0
    up_to: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        return self.sure + self.up_to + self.review

    def add(self, award: Award) -> None:
        if award.status is Status.NEEDS_REVIEW:
            self.review += award.amount_yuan
        elif award.ceiling:
            self.up_to += award.amount_yuan
        else:
            self.sure += award.amount_yuan


@dataclass
class Cost:
    """The bill of one policy for a list of applicants."""

    policy: Policy
    labels: list[str]
    results: list[Result]
    total: Bucket = field(default_factory=Bucket)
    by_article: dict[int, Bucket] = field(default_factory=dict)
    by_applicant: list[int] = field(default_factory=list)  # total yuan per applicant


@dataclass(frozen=True)
class Shift:
    """One applicant whose total changes between two costs."""

    index: int  # 1-based position in the batch
    label: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass
class Change:
    """How `new` differs from `old` for the same applicants."""

    old: Cost
    new: Cost

    @property
    def delta(self) -> int:
        return self.new.total.total - self.old.total.total

    @property
    def delta_sure(self) -> int:
        return self.new.total.sure - self.old.total.sure

    @property
    def delta_up_to(self) -> int:
        return self.new.total.up_to - self.old.total.up_to

    @property
    def delta_review(self) -> int:
        return self.new.total.review - self.old.total.review

    @property
    def by_article(self) -> dict[int, int]:
        """Change per article, for the articles whose cost changes."""
        articles = sorted(set(self.old.by_article) | set(self.new.by_article))
        deltas = {
            a: self.new.by_article.get(a, Bucket()).total - self.old.by_article.get(a, Bucket()).total for a in articles
        }
        return {a: d for a, d in deltas.items() if d}

    @property
    def shifts(self) -> list[Shift]:
        """Applicants whose awards change (their total, or which awards pay)."""
        out = []
        for index, (label, before, after, old_r, new_r) in enumerate(
            zip(
                self.old.labels,
                self.old.by_applicant,
                self.new.by_applicant,
                self.old.results,
                self.new.results,
                strict=False,
            ),
            start=1,
        ):
            if before != after or _paying(old_r) != _paying(new_r):
                out.append(Shift(index, label, before, after))
        return out

    @property
    def gainers(self) -> list[Shift]:
        return [s for s in self.shifts if s.delta > 0]

    @property
    def losers(self) -> list[Shift]:
        return [s for s in self.shifts if s.delta < 0]


def _paying(result: Result) -> list[tuple[str, str | None, int]]:
    return [(a.clause, a.event, a.amount_yuan) for a in result.awards if a.pays]


def applicant_label(facts: Facts) -> str:
    applicant = facts.applicant
    return f"{applicant.name}（{applicant.credit_code}）" if applicant.credit_code else applicant.name


def cost_of(
    policy: Policy, facts: Sequence[Facts], year: int | None = None, labels: Sequence[str] | None = None
) -> Cost:
    """Run `policy` on every applicant and add up what it pays."""
    cost = Cost(
        policy=policy, labels=list(labels) if labels is not None else [applicant_label(f) for f in facts], results=[]
    )
    for one in facts:
        result = evaluate(policy, one, year)
        cost.results.append(result)
        mine = 0
        for award in result.awards:
            if not award.pays:
                continue
            mine += award.amount_yuan
            cost.total.add(award)
            cost.by_article.setdefault(award.article, Bucket()).add(award)
        cost.by_applicant.append(mine)
    return cost


def compare(old: Cost, new: Cost) -> Change:
    return Change(old, new)


@dataclass
class Applicants:
    """The valid applicants of a batch, with labels; invalid rows are counted."""

    file: str
    facts: list[Facts]
    labels: list[str]
    invalid: int = 0


FACTS_SUFFIXES = (".toml", ".json")  # a facts file, as `jzai check` reads it


def facts_files(folder: Path) -> list[Path]:
    """The facts files of a folder (TOML and JSON), in the order of their names."""
    return sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in FACTS_SUFFIXES)


def read_applicants(path: str | Path, limits=None, clauses: Collection[str] | None = None) -> Applicants:
    """Applicants from a workbook (.xlsx/.xls/.ods, as `jzai batch` reads it),
    a TOML or JSON facts file, or a folder of them. Raises `InputError`
    when the input as a whole cannot be read; a bad workbook row is counted
    as invalid and left out, as `jzai batch` does. With `clauses` (the
    policy's clause ids) an award received under another clause is refused
    as `jzai check` and `jzai batch` refuse it."""
    from .errors import InputError, Problem
    from .readers.facts_file import read_facts

    source = Path(path)
    if source.is_dir():
        files = facts_files(source)
        if not files:
            raise InputError(
                [
                    Problem(
                        str(path),
                        Said("目录中没有 .toml 或 .json 事实文件", "no .toml or .json facts files in the folder"),
                    )
                ]
            )
        facts = [read_facts(str(f), clauses=clauses) for f in files]
        return Applicants(
            str(path), facts, [f"{f.name}: {applicant_label(x)}" for f, x in zip(files, facts, strict=False)]
        )
    if source.suffix.lower() in FACTS_SUFFIXES:
        one = read_facts(str(source), clauses=clauses)
        return Applicants(str(path), [one], [applicant_label(one)])
    from .readers.workbook import read_workbook, validate

    book = read_workbook(source, limits)
    out = Applicants(book.file, [], [])
    for row in book.applicants:
        valid = validate(row, book.file, clauses)
        if valid is None:
            out.invalid += 1
            continue
        out.facts.append(valid)
        out.labels.append(f"#{row.row} {applicant_label(valid)}")
    return out
