"""What an applicant hands in (申报指引): the documents behind the facts each
award read, from the policy data (data/evidence.toml), and what the draft
leaves unstated. The renderers print this; nothing here is a rule."""

from __future__ import annotations

from dataclasses import dataclass

from .policy import Evidence, Label, Policy
from .result import Result, Status

# The awards an applicant prepares documents for: those that pay, those held
# for review, and those still undetermined (the documents show the missing facts).
CLAIMABLE = (Status.ELIGIBLE, Status.NEEDS_REVIEW, Status.UNDETERMINED)


@dataclass(frozen=True)
class Checklist:
    """Documents for every claim, then per clause, in clause order."""

    general: tuple[Evidence, ...]  # 第二条: every applicant
    by_clause: tuple[tuple[str, tuple[Evidence, ...]], ...]
    not_stated: tuple[Label, ...]


def checklist(result: Result, policy: Policy) -> Checklist:
    """The documents to prepare for the awards of `result` that can be claimed."""
    clauses: dict[str, None] = {}
    for award in result.awards:
        if award.status in CLAIMABLE:
            clauses.setdefault(award.clause, None)
    by_clause = tuple((c, policy.clause(c).evidence) for c in clauses if policy.clause(c).evidence)
    general = policy.guidance.gate if clauses else ()
    return Checklist(general, by_clause, policy.guidance.not_stated)
