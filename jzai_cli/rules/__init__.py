"""The rules of the payable clauses: one function per way of paying.

Several clauses pay the same way (every recognition award of articles 3, 4,
5, 7 and 8 is "a fixed sum, once, for a new event"), so a rule serves every
clause whose data names it; the numbers come from the clause's parameters.
Each rule returns one `Award` per event it looked at and records its steps.
The article-2 gate and the applicant kinds are applied by the engine.

One module per way of paying: its parameter model, its computation, its
description for `explain` and its standing limits. `RULES` maps the
`rule` named by each clause of the policy data to it.
"""

from __future__ import annotations

from typing import Any

from . import (
    compute,
    cross_border,
    graduate_hire,
    graduate_living,
    listing,
    prize,
    recognition,
    referral,
    step_up,
    trade_volume,
)
from .base import Context, History, Rule, refuse, unknown  # noqa: F401 - for the engine
from .referral import referral_identity  # noqa: F401 - for the batch: one referred enterprise

RULES: dict[str, Rule[Any]] = {
    module.__name__.rsplit(".", 1)[-1]: module.RULE
    for module in (
        recognition,
        prize,
        referral,
        compute,
        step_up,
        listing,
        trade_volume,
        cross_border,
        graduate_living,
        graduate_hire,
    )
}
