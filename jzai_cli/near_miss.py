"""Near misses across results: the thresholds applicants just failed.

`check` shows each award's `NearMiss`; a batch counts them per clause with
`count_by_clause` (for 汇总) and lists them with `rows`.
"""

from __future__ import annotations

from typing import Iterable

from .result import Award, NearMiss, Result


def rows(result: Result) -> list[tuple[Award, NearMiss]]:
    """The near misses of one applicant, in clause order."""
    return [(a, a.near_miss) for a in result.awards if a.near_miss is not None]


def count_by_clause(results: Iterable[Result | None]) -> dict[str, int]:
    """How many applicants just missed each clause (one count per applicant
    and clause, however many events missed it); clauses in clause order.
    `None` (an invalid row) is skipped."""
    counts: dict[str, int] = {}
    for result in results:
        if result is None:
            continue
        for clause in {a.clause for a, _ in rows(result)}:
            counts[clause] = counts.get(clause, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: tuple(int(x) for x in item[0].split("."))))
