"""Near misses across results: the thresholds applicants just failed.

`check` shows each award's `NearMiss`; a batch counts, per clause, the
applicants who just missed it (汇总 and the HTML report).
"""

from __future__ import annotations

from .result import Result


def clauses_missed(result: Result) -> set[str]:
    """The clauses of which this applicant just missed a threshold."""
    return {a.clause for a in result.awards if a.near_miss is not None}
