"""`jzai review`: the draft's defects and ambiguities (D1–D18), each with its
clauses, the quoted text and its readings; given applicants, what each
reading option would cost against the readings in force.

A reading with a single option changes no number: its `note` in
data/readings.toml says why no alternative is computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .costing import Applicants, Change, Cost, compare, cost_of
from .policy import Policy, Reading, ReadingOption, load


@dataclass
class OptionCost:
    option: ReadingOption
    default: bool
    in_force: bool
    cost: Cost | None = None
    change: Change | None = None  # against the readings in force; None for the option in force


@dataclass
class Defect:
    reading: Reading
    options: list[OptionCost]

    @property
    def alternatives(self) -> bool:
        """True when the reading has options that can change a number."""
        return len(self.options) > 1


@dataclass
class Review:
    policy: Policy
    defects: list[Defect]
    applicants: Applicants | None = None
    baseline: Cost | None = None
    year: int | None = None
    switched: dict[str, str] = field(default_factory=dict)


def build_review(
    data_dir: Path | None = None,
    chosen: Sequence[tuple[str, str]] = (),
    applicants: Applicants | None = None,
    year: int | None = None,
) -> Review:
    """The review of the policy at `data_dir` under the readings `chosen`; with
    `applicants`, each option of each reading is costed on them, all other
    readings as chosen."""
    chosen = tuple(chosen)
    policy = load(data_dir, chosen)
    baseline = None
    if applicants is not None:
        baseline = cost_of(policy, applicants.facts, year, applicants.labels)
    defects = []
    for reading in sorted(policy.readings.values(), key=lambda r: int(r.id[1:])):
        in_force = policy.reading(reading.id)
        options = []
        for option in reading.options:
            entry = OptionCost(option, option.id == reading.default, option.id == in_force)
            if applicants is not None and baseline is not None and len(reading.options) > 1:
                if entry.in_force:
                    entry.cost = baseline
                else:
                    other = dict(chosen)
                    other[reading.id] = option.id
                    variant = load(data_dir, tuple(sorted(other.items())))
                    entry.cost = cost_of(variant, applicants.facts, year, applicants.labels)
                    entry.change = compare(baseline, entry.cost)
            options.append(entry)
        defects.append(Defect(reading, options))
    switched = {rid: opt for rid, opt in chosen if policy.readings[rid].default != opt}
    return Review(policy, defects, applicants, baseline, year, switched)
