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

from .base import (  # noqa: F401  (the helpers, for the engine and the tests)
    ZERO,
    _Params,
    History,
    Context,
    start,
    meets,
    refuse,
    unknown,
    pay,
    cap,
    near_miss,
    _room,
    missing_of,
    add_years,
    MONTHS_PER_YEAR,
    month_index,
    new_event,
    _zh_en,
    Rule,
)
from .recognition import (  # noqa: F401
    RecognitionParams,
    recognition,
    _once_readings,
    revenue_of_year,
    _IMPLIED,
    implied_level,
    _events,
    describe_recognition,
    RULE as _RECOGNITION,
)
from .prize import (  # noqa: F401
    PrizeParams,
    prize,
    describe_prize,
    RULE as _PRIZE,
)
from .referral import (  # noqa: F401
    ReferralParams,
    referral,
    referral_identity,
    describe_referral,
    referral_limits,
    RULE as _REFERRAL,
)
from .compute import (  # noqa: F401
    ComputeParams,
    compute,
    describe_compute,
    compute_limits,
    RULE as _COMPUTE,
)
from .step_up import (  # noqa: F401
    Tier,
    StepUpParams,
    step_up,
    describe_step_up,
    RULE as _STEP_UP,
)
from .listing import (  # noqa: F401
    ListingParams,
    listing,
    describe_listing,
    RULE as _LISTING,
)
from .trade_volume import (  # noqa: F401
    VolumeParams,
    trade_volume,
    describe_volume,
    RULE as _TRADE_VOLUME,
)
from .cross_border import (  # noqa: F401
    cross_border,
    RULE as _CROSS_BORDER,
)
from .graduate_living import (  # noqa: F401
    LivingParams,
    graduate_living,
    describe_living,
    RULE as _GRADUATE_LIVING,
)
from .graduate_hire import (  # noqa: F401
    HireParams,
    graduate_hire,
    _share,
    describe_hire,
    RULE as _GRADUATE_HIRE,
)

RULES: dict[str, Rule] = {
    "recognition": _RECOGNITION,
    "prize": _PRIZE,
    "referral": _REFERRAL,
    "compute": _COMPUTE,
    "step_up": _STEP_UP,
    "listing": _LISTING,
    "trade_volume": _TRADE_VOLUME,
    "cross_border": _CROSS_BORDER,
    "graduate_living": _GRADUATE_LIVING,
    "graduate_hire": _GRADUATE_HIRE,
}
