"""Rows of graduates (9.1) and hires (9.2) as a facts file gives them, with
defaults that qualify: a test states only what it changes."""

from __future__ import annotations

from typing import Any


def grad(name: str = "张三", **over: Any) -> dict[str, Any]:
    item = {
        "name": name,
        "degree": "bachelor",
        "full_time": True,
        "graduated": "2025-06-30",
        "contract_start": "2025-07-01",
        "insured_months": 12,
    }
    item.update(over)
    return {k: v for k, v in item.items() if v is not None}


def hire(name: str = "陈七", **over: Any) -> dict[str, Any]:
    item = {
        "name": name,
        "graduated": "2026-06-30",
        "hired": "2026-07-15",
        "status_before": "graduation_year",
        "contract_months": 12,
        "employer_contributions": 6_000,
        "contribution_months": 6,
    }
    item.update(over)
    return {k: v for k, v in item.items() if v is not None}
