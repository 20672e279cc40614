"""`jzai forecast`: what the policy costs over several years, for a batch.

Every applicant is planned year by year (plan.make_plan), so each year's
awards count as received in the years after it; the cost of each year and
article is then given as a range:

- low: the sure amounts of eligible awards;
- central: low, plus "up to" amounts (最高: 8.6, 8.7, 8.8) at their ceiling
  and amounts held for review (第二条's 原则上 condition);
- high: central, plus what undetermined awards would pay if their missing
  facts turn out favourably (`Award.potential`); an event whose level is
  unknown counts once, at the level that would pay most; awards under one
  yearly or cumulative cap (6.1, 4.1) together no more than the cap has left
  (`Award.shared_room`), so the high end is a sum the caps can pay.

So low ≤ central ≤ high, and the articles add up to the totals. Each year of
the forecast equals a one-year batch of that year with the earlier years'
awards as received.

Over several years an undetermined award is undetermined again every year
(it is not received while it is not decided), so each year's high end counts
it. Added up over the years, what can be paid once is counted once: an award
paid once per applicant or per tier (`Clause.once`: "applicant", "tier") at
the most any year puts at stake, one per event or unit ("event", "unit") at
the most each of them does, and a cumulative cap (4.1) no more than it had
left in the first year. What the years' high ends count beyond that is the
forecast's `repeated` (per article), taken off the high end of the totals
over the years (`article_total`, `total`) and shown as a row of its own, so
the rows still add up; a year's own figures are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import i18n
from .facts import Facts
from .money import to_yuan
from .plan import make_plan
from .policy import Policy
from .result import Award, Result, Status

ZERO = Decimal(0)


@dataclass
class Range:
    """Whole yuan: low, central, high (see the module's docstring)."""

    low: int = 0
    central: int = 0
    high: int = 0

    def add(self, award: Award) -> None:
        if award.status is Status.ELIGIBLE:
            if not award.ceiling:
                self.low += award.amount_yuan
            self.central += award.amount_yuan
        elif award.status is Status.NEEDS_REVIEW:
            self.central += award.amount_yuan
        if award.status in (Status.ELIGIBLE, Status.NEEDS_REVIEW):
            self.high += award.amount_yuan  # and what undetermined awards put at stake: see add_result

    def __iadd__(self, other: Range) -> Range:
        self.low += other.low
        self.central += other.central
        self.high += other.high
        return self


@dataclass
class Forecast:
    file: str
    years: list[int]
    articles: list[int]
    cost: dict[tuple[int, int], Range] = field(default_factory=dict)  # (year, article) → range
    applicants: int = 0
    invalid: int = 0
    unpriced: dict[int, int] = field(
        default_factory=dict
    )  # year → undetermined awards with no estimate (not in `high`)
    # article → whole yuan the years' high ends count more than once (see the module's docstring)
    repeated: dict[int, int] = field(default_factory=dict)

    def year_total(self, year: int) -> Range:
        total = Range()
        for article in self.articles:
            total += self.cost[(year, article)]
        return total

    def article_total(self, article: int) -> Range:
        """The article over all the years: what can be paid once counted once (`repeated`)."""
        total = Range()
        for year in self.years:
            total += self.cost[(year, article)]
        total.high -= self.repeated.get(article, 0)
        return total

    @property
    def total(self) -> Range:
        total = Range()
        for year in self.years:
            total += self.year_total(year)
        total.high -= sum(self.repeated.values())
        return total


@dataclass
class _Stake:
    """What one applicant's undetermined awards of one clause put at stake, year by year."""

    article: int
    by_year: dict[int, int] = field(default_factory=dict)  # year → whole yuan added to the year's high end
    items: dict[tuple[Any, int], Decimal] = field(default_factory=dict)  # (event, its occurrence) → most at stake
    paid: Decimal = ZERO  # what the clause pays over the years, exactly, from the first year of a cumulative room
    cumulative_room: Decimal | None = None  # a cumulative cap's room in the first year it shows


def _repeated(stakes: dict[str, _Stake], once: Mapping[str, str]) -> dict[int, int]:
    """Article → whole yuan that one applicant's years count beyond what can be paid (the module's docstring)."""
    out: dict[int, int] = {}
    for clause, stake in stakes.items():
        counted = sum(stake.by_year.values())
        if not counted:
            continue
        bound = counted
        kind = once.get(clause)
        if kind in ("applicant", "tier"):
            bound = max(stake.by_year.values())
        elif kind in ("event", "unit") and stake.items:
            bound = min(bound, to_yuan(sum(stake.items.values(), ZERO)))
        if stake.cumulative_room is not None:
            bound = min(bound, max(to_yuan(stake.cumulative_room - stake.paid), 0))
        if bound < counted:
            out[stake.article] = out.get(stake.article, 0) + counted - bound
    return out


def add_result(forecast: Forecast, year: int, result: Result, stakes: dict[str, _Stake] | None = None) -> None:
    """Add one applicant's year; `stakes` (per clause, kept across the applicant's years) collects
    what its undetermined awards put at stake, for what the years count more than once."""
    # An event whose level is unknown is undetermined under the clause of each
    # level; it can be at one level only, so only the largest counts as high.
    alternatives: dict[str, Award] = {}
    counted: list[Award] = []
    for award in result.awards:
        level = next((m for m in award.missing if m.startswith("events[") and m.endswith("].level")), None)
        if level is not None and award.status is Status.UNDETERMINED and award.potential:
            best = alternatives.get(level)
            if best is None or award.potential > (best.potential or 0):  # a kept one has a potential
                alternatives[level] = award
            continue
        counted.append(award)
        if award.status is Status.UNDETERMINED and not award.potential:
            forecast.unpriced[year] = forecast.unpriced.get(year, 0) + 1
    counted += alternatives.values()
    # What undetermined awards put at stake, per clause: summed exactly and
    # rounded once with what the clause pays; awards sharing a cap together no
    # more than the cap has left (each alone is at most that, but not all of them).
    stake: dict[str, list[Any]] = {}  # clause → [article, paid exactly, at stake exactly, room of a shared cap]
    seen: dict[tuple[str, Any], int] = {}  # (clause, event) → undetermined awards of it so far this year
    for award in counted:
        forecast.cost[(year, award.article)].add(award)
        entry = stake.setdefault(award.clause, [award.article, ZERO, ZERO, None])
        if award.status in (Status.ELIGIBLE, Status.NEEDS_REVIEW):
            entry[1] += award.amount
        elif award.status is Status.UNDETERMINED and award.potential:
            entry[2] += award.potential
            if stakes is not None:
                occurrence = seen[(award.clause, award.event)] = seen.get((award.clause, award.event), 0) + 1
                items = stakes.setdefault(award.clause, _Stake(award.article)).items
                key = (award.event, occurrence)
                items[key] = max(items.get(key, ZERO), award.potential)
        if award.shared_room is not None:
            entry[3] = max(award.shared_room[1], ZERO)
            if stakes is not None and award.shared_room[0].endswith(" cumulative"):  # 4.1 累计
                kept = stakes.setdefault(award.clause, _Stake(award.article))
                if kept.cumulative_room is None:
                    kept.cumulative_room = entry[3]
    for clause, (article, paid, at_stake, room) in stake.items():
        if room is not None:
            at_stake = max(min(at_stake, room - paid), ZERO)
        added = to_yuan(paid + at_stake) - to_yuan(paid)
        forecast.cost[(year, article)].high += added
        if stakes is not None:
            kept = stakes.setdefault(clause, _Stake(article))
            kept.by_year[year] = added
            if kept.cumulative_room is not None:
                kept.paid += paid


def forecast_of(
    policy: Policy,
    applicants: Iterable[Facts | None],
    years: range,
    file: str = "",
    progress: Callable[[int], None] | None = None,
) -> Forecast:
    """Plan every applicant over `years` and add up the cost; `None` stands
    for an invalid row (counted, not costed)."""
    articles = sorted({c.article for c in policy.clauses})
    once = {c.id: c.once for c in policy.clauses}
    out = Forecast(file, list(years), articles, {(y, a): Range() for y in years for a in articles})
    for index, facts in enumerate(applicants, start=1):
        if facts is None:
            out.invalid += 1
            continue
        out.applicants += 1
        stakes: dict[str, _Stake] = {}
        for plan_year in make_plan(policy, facts, years).years:
            add_result(out, plan_year.year, plan_year.result, stakes)
        for article, yuan in _repeated(stakes, once).items():
            out.repeated[article] = out.repeated.get(article, 0) + yuan
        if progress is not None and index % 200 == 0:
            progress(index)
    return out


def read_batch(
    path: str | Path, limits=None, clauses: Collection[str] | None = None
) -> tuple[str, Iterable[Facts | None]]:
    """The applicants of a workbook (as `jzai batch` reads it), a TOML or JSON
    facts file or a folder of them, one at a time; None for an invalid row. With
    `clauses` (the policy's clause ids) an award received under another
    clause is refused, as `jzai batch` refuses it."""
    from .costing import FACTS_SUFFIXES, facts_files
    from .readers.facts_file import read_facts

    source = Path(path)
    if source.is_dir():
        return str(path), (read_facts(str(f), clauses=clauses) for f in facts_files(source))
    if source.suffix.lower() in FACTS_SUFFIXES:
        return str(path), iter([read_facts(str(source), clauses=clauses)])
    from .readers.workbook import read_workbook, validate

    book = read_workbook(source, limits, stream=True)
    return book.file, (validate(row, book.file, clauses) for row in book.applicants)


# --- documents ---------------------------------------------------------------------


def forecast_rows(forecast: Forecast, lang: str = "zh") -> list[list]:
    """year, article, low, central, high — per year and article, then per year, then overall (after a
    row taking off what the years' high ends count more than once, when they do)."""
    from .policy import chinese_number

    def name(article: int) -> str:
        return t("article", lang, cn=chinese_number(article), n=article)

    total = t("total", lang)
    rows = []
    for year in forecast.years:
        for article in forecast.articles:
            cost = forecast.cost[(year, article)]
            rows.append([year, name(article), cost.low, cost.central, cost.high])
        cost = forecast.year_total(year)
        rows.append([year, total, cost.low, cost.central, cost.high])
    span = f"{forecast.years[0]}–{forecast.years[-1]}"
    repeated = sum(forecast.repeated.values())
    if repeated:  # so that the rows add up: the years' high ends, less what they count more than once
        rows.append([span, t("repeated", lang), 0, 0, -repeated])
    cost = forecast.total
    rows.append([span, total, cost.low, cost.central, cost.high])
    return rows


t = i18n.section(
    "forecast",
    {
        "article": ("第{cn}条", "article {n}"),
        "total": ("合计", "total"),
        "repeated": ("减：各年重复计入的待定金额", "less: undetermined amounts counted in more than one year"),
        "title": (
            "{title}（{status}）政策成本预测：{first}–{last}",
            "Cost forecast {first}–{last} ({status_en})",
        ),
        "caption": (
            "申请人 {applicants}（无效行 {invalid}，未计入）",
            "{applicants} applicants ({invalid} invalid rows, not costed)",
        ),
        "unpriced": (
            "\n待定且无法估计金额的奖励（未计入“高”）：",
            "\nundetermined awards with no estimate (not in high): ",
        ),
        "sheet": ("预测", "forecast"),
        "book_title": ("{title}（{status}）", "{title_en} ({status_en})"),
        "book_line": (
            "政策成本预测 {first}–{last}；输入 {file}；申请人 {applicants}，无效行 {invalid}",
            "cost forecast {first}–{last}; input {file}; {applicants} applicants, {invalid} invalid rows",
        ),
    },
)

HEADERS = (
    ("年度", "year"),
    ("条", "article"),
    ("低（确定金额）", "low"),
    ("中（含最高限额与需复核）", "central"),
    ("高（含待定可能金额）", "high"),
)


def forecast_doc(forecast: Forecast, policy: Policy, lang: str = "zh") -> dict:
    from .render.json_doc import SCHEMA_VERSION, policy_doc

    return {
        "schema_version": SCHEMA_VERSION,
        "policy": policy_doc(policy, lang),
        "file": forecast.file,
        "years": forecast.years,
        "applicants": forecast.applicants,
        "invalid": forecast.invalid,
        "cost": [
            {"year": year, "article": article, **_range(forecast.cost[(year, article)])}
            for year in forecast.years
            for article in forecast.articles
        ],
        "by_year": [
            {"year": year, **_range(forecast.year_total(year)), "unpriced": forecast.unpriced.get(year, 0)}
            for year in forecast.years
        ],
        "by_article": [
            {
                "article": article,
                **_range(forecast.article_total(article)),
                "repeated_high_yuan": forecast.repeated.get(article, 0),
            }
            for article in forecast.articles
        ],
        "repeated_high_yuan": sum(forecast.repeated.values()),
        "total": _range(forecast.total),
    }


def _range(cost: Range) -> dict:
    return {"low_yuan": cost.low, "central_yuan": cost.central, "high_yuan": cost.high}
