"""Property-based tests of the engine (hypothesis): caps hold, totals add
up, results are deterministic, history never raises a payment, and the
amounts that the text makes monotone are monotone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jzai_cli import policy as policy_mod
from jzai_cli.engine import evaluate
from jzai_cli.money import WAN, parse_amount
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.render.json_doc import result_doc
from jzai_cli.result import Status
from jzai_cli.vocab import Degree, EventType, HireStatus, Level, ProviderType

POLICY = policy_mod.load()
YEAR = 2026
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.integers(min_value=0, max_value=200_000_000)
day = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2027, 12, 31))


def maybe(s):
    return st.one_of(st.none(), s)


def drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


events = st.lists(
    st.builds(
        lambda t, lv, d, r, name, lead: drop_none(
            {"type": t, "level": lv, "date": d, "rank": r, "name": name, "lead_unit": lead}
        ),
        st.sampled_from([e.value for e in EventType]),
        maybe(st.sampled_from([level.value for level in Level])),
        maybe(day),
        maybe(st.integers(1, 3)),
        maybe(st.sampled_from(["甲", "乙", "丙"])),
        maybe(st.booleans()),
    ),
    max_size=6,
)
purchases = st.lists(
    st.builds(
        lambda t, pf, rk, sb, fee: drop_none(
            {"provider": "服务商", "provider_type": t, "pflops": pf, "racks": rk, "self_built": sb, "fees": fee}
        ),
        maybe(st.sampled_from([p.value for p in ProviderType])),
        maybe(st.integers(0, 300)),
        maybe(st.integers(0, 3000)),
        maybe(st.booleans()),
        maybe(money),
    ),
    max_size=4,
)
referrals = st.lists(
    st.builds(
        lambda n, a, b: drop_none({"name": f"企业{n}", "introduced": a, "above_size": b}),
        st.integers(0, 30),
        maybe(day),
        maybe(day),
    ),
    max_size=12,
)
graduates = st.lists(
    st.builds(
        lambda n, deg, g, c, months: drop_none(
            {
                "name": f"毕业生{n}",
                "degree": deg,
                "full_time": True,
                "graduated": g,
                "contract_start": c,
                "insured_months": months,
            }
        ),
        st.integers(0, 5),
        maybe(st.sampled_from([d.value for d in Degree])),
        maybe(day),
        maybe(day),
        maybe(st.integers(0, 12)),
    ),
    max_size=4,
)
hires = st.lists(
    st.builds(
        lambda n, g, h, s, cm, contrib, months: drop_none(
            {
                "name": f"员工{n}",
                "graduated": g,
                "hired": h,
                "status_before": s,
                "contract_months": cm,
                "employer_contributions": contrib,
                "contribution_months": months,
            }
        ),
        st.integers(0, 5),
        maybe(day),
        maybe(day),
        maybe(st.sampled_from([h.value for h in HireStatus])),
        maybe(st.integers(0, 48)),
        maybe(st.integers(0, 100_000)),
        maybe(st.integers(0, 12)),
    ),
    max_size=4,
)
clause_ids = [c.id for c in POLICY.clauses]
history = st.lists(
    st.builds(
        lambda c, e, y, a, m: drop_none({"clause": c, "event": e, "year": y, "amount": a, "months": m}),
        st.sampled_from(clause_ids),
        maybe(st.sampled_from(["甲", "乙", "企业1", "毕业生1", "员工1"])),
        st.integers(2020, 2026),
        st.integers(0, 2_000_000),
        maybe(st.integers(0, 12)),
    ),
    max_size=6,
)
trading = maybe(
    st.builds(
        lambda q, d, fee, vol, cd, cv: drop_none(
            {
                "platform_qualified": q,
                "first_listing_date": d,
                "listing_fee": fee,
                "annual_volume": vol,
                "first_cross_border_date": cd,
                "first_cross_border_volume": cv,
            }
        ),
        maybe(st.booleans()),
        maybe(day),
        maybe(money),
        maybe(money),
        maybe(day),
        maybe(money),
    )
)
applicant = st.builds(
    lambda kind, size, stats, dl, tax, rev: drop_none(
        {
            "name": "甲公司",
            "kind": kind,
            "size": size,
            "sectors": ["intelligent_software"],
            "operates_in_jiaozuo": True,
            "pays_taxes": True,
            "in_jiaozuo_statistics": stats,
            "data_labelling": dl,
            "taxable_revenue": tax,
            "main_business_revenue_prev_year": rev,
        }
    ),
    st.sampled_from(["enterprise", "park", "university", "individual"]),
    maybe(st.sampled_from(["large", "medium", "small", "micro"])),
    maybe(st.booleans()),
    maybe(st.booleans()),
    maybe(money),
    maybe(money),
)
facts_dicts = st.builds(
    lambda a, e, p, r, g, h, t, hist: drop_none(
        {
            "year": YEAR,
            "applicant": a,
            "events": e,
            "compute_purchases": p,
            "referrals": r,
            "graduates": g,
            "graduate_hires": h,
            "data_trading": t,
            "awards_received": hist,
        }
    ),
    applicant,
    events,
    purchases,
    referrals,
    graduates,
    hires,
    trading,
    history,
)


def evaluate_dict(data: dict):
    return evaluate(POLICY, facts_from_dict(data, "<hypothesis>"))


@SETTINGS
@given(facts_dicts)
def test_every_result_keeps_its_caps_and_limits_adds_up_exactly_and_repeats_identically(data):
    """One generated applicant, four properties (generation is the slow part)."""
    result = evaluate_dict(data)
    # No award is negative or beyond a cap it applied; only paying statuses pay.
    for award in result.awards:
        assert award.amount >= 0
        for cap in award.caps:
            assert cap.after <= cap.before
        assert award.amount <= max((c.after for c in award.caps), default=award.amount)
        if award.status in (Status.NOT_ELIGIBLE, Status.UNDETERMINED):
            assert award.amount == 0
    # Yearly, cumulative and per-person limits hold across awards.
    for limit in result.remaining_limits:
        assert limit.used_before + limit.this_award <= max(limit.limit, limit.used_before)
    # 6.1: this year's vouchers never exceed 每年不超过100万元 less what was received this year.
    cap = POLICY.clause("6.1").params.cap_yearly.yuan
    received = sum(
        Decimal(str(r["amount"])) for r in data.get("awards_received", []) if r["clause"] == "6.1" and r["year"] == YEAR
    )
    assert sum(a.amount for a in result.awards if a.clause == "6.1") <= max(cap - received, 0)
    # The totals are the exact sums of the awards.
    assert result.total_yuan == sum(
        a.amount_yuan for a in result.awards if a.status is Status.ELIGIBLE and not a.ceiling
    )
    assert result.ceiling_total_yuan == sum(
        a.amount_yuan for a in result.awards if a.status is Status.ELIGIBLE and a.ceiling
    )
    # Running twice gives identical JSON.
    assert result_doc(result, POLICY) == result_doc(evaluate_dict(data), POLICY)


@SETTINGS
@given(facts_dicts, history)
def test_adding_awards_already_received_never_raises_what_a_clause_pays(data, extra):
    def per_clause(result):
        totals: dict[str, Decimal] = {}
        for award in result.awards:
            totals[award.clause] = totals.get(award.clause, Decimal(0)) + award.amount
        return totals

    before = per_clause(evaluate_dict(data))
    after = per_clause(evaluate_dict({**data, "awards_received": data.get("awards_received", []) + extra}))
    for clause, amount in after.items():
        assert amount <= before.get(clause, Decimal(0)), clause


@SETTINGS
@given(facts_dicts, st.integers(1, 50_000_000))
def test_raising_revenue_fees_or_volume_never_lowers_an_award(data, more):
    def bump(d: dict) -> dict:
        d = {**d, "applicant": dict(d["applicant"])}
        for key in ("taxable_revenue", "main_business_revenue_prev_year"):
            if key in d["applicant"]:
                d["applicant"][key] += more
        if "compute_purchases" in d:
            d["compute_purchases"] = [
                {**p, "fees": p["fees"] + more} if "fees" in p else p for p in d["compute_purchases"]
            ]
        if "data_trading" in d:
            d["data_trading"] = {
                k: (v + more if k in ("listing_fee", "annual_volume", "first_cross_border_volume") else v)
                for k, v in d["data_trading"].items()
            }
        return d

    before = evaluate_dict(data)
    after = evaluate_dict(bump(data))
    assert after.total_yuan >= before.total_yuan
    assert after.ceiling_total_yuan >= before.ceiling_total_yuan


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**10), st.sampled_from(["", "元", "万", "万元", "亿", "亿元"]), st.booleans())
def test_amount_strings_round_trip(number, unit, grouped):
    text = f"{number:,}" if grouped else str(number)
    scale = {"": 1, "元": 1, "万": WAN, "万元": WAN, "亿": 10**8, "亿元": 10**8}[unit]
    assume(number * scale <= 10**15)  # larger amounts are refused by design
    assert parse_amount(text + unit) == Decimal(number) * scale


def test_the_brief_example_5000_wan_yuan_is_fifty_million():
    # "5,000万元" = 5,000 × 10,000 = 50,000,000
    assert parse_amount("5,000万元") == 50_000_000
