"""The template's example applicant: the row `jzai template` writes into each
sheet (and the TOML template), and that the workbook reader recognises when it
is left in place (it is never an applicant). It imports nothing of jzai."""

from __future__ import annotations

import datetime as dt
from typing import Any

EXAMPLE_CODE = "91410800MA9K3T2B51"

# One applicant, in the model's own terms (English choices, dates, yuan).
EXAMPLE: dict[str, Any] = {
    "year": 2026,
    "applicant": {
        "name": "焦作智算软件有限公司",
        "credit_code": EXAMPLE_CODE,
        "kind": "enterprise",
        "size": "small",
        "sectors": ["intelligent_software"],
        "operates_in_jiaozuo": True,
        "pays_taxes": True,
        "in_jiaozuo_statistics": True,
        "data_labelling": False,
        "taxable_revenue": 52_000_000,
    },
    "data_trading": {
        "platform_qualified": True,
        "first_listing_date": dt.date(2026, 4, 10),
        "listing_fee": 30_000,
    },
    "events": [
        {
            "type": "specialised_sme",
            "level": "provincial",
            "name": "2026年河南省专精特新中小企业",
            "date": dt.date(2026, 5, 20),
        }
    ],
    "referrals": [
        {"name": "某智能装备有限公司", "introduced": dt.date(2025, 3, 1), "above_size": dt.date(2026, 6, 30)}
    ],
    "compute_purchases": [
        {
            "provider": "国家超级计算郑州中心",
            "provider_type": "supercomputing_centre",
            "self_built": False,
            "fees": 1_800_000,
        }
    ],
    "graduates": [
        {
            "name": "王博",
            "degree": "phd",
            "full_time": True,
            "graduated": dt.date(2024, 6, 30),
            "contract_start": dt.date(2024, 9, 1),
            "insured_months": 12,
        }
    ],
    "graduate_hires": [
        {
            "name": "陈某",
            "graduated": dt.date(2026, 6, 30),
            "hired": dt.date(2026, 7, 15),
            "status_before": "graduation_year",
            "contract_months": 36,
            "employer_contributions": 6_000,
            "contribution_months": 6,
        }
    ],
    "awards_received": [{"clause": "9.1", "event": "王博", "year": 2025, "amount": 24_000, "months": 12}],
}
