"""Near misses across results: the thresholds applicants just failed.

`check` shows each award's `NearMiss`; a batch counts, per clause, the
applicants who just missed it (汇总 and the HTML report).
"""

from __future__ import annotations

from typing import Iterable

from .result import Result


def clauses_missed(result: Result) -> set[str]:
    """The clauses of which this applicant just missed a threshold."""
    return {a.clause for a in result.awards if a.near_miss is not None}


def count_by_clause(results: Iterable[Result | None]) -> dict[str, int]:
    """How many applicants just missed each clause (one count per applicant
    and clause, however many events missed it); clauses in clause order.
    `None` (an invalid row) is skipped."""
    counts: dict[str, int] = {}
    for result in results:
        if result is None:
            continue
        for clause in clauses_missed(result):
            counts[clause] = counts.get(clause, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: tuple(int(x) for x in item[0].split("."))))
