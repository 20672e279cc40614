"""Rows of one person (9.1, 9.2) that contradict each other never pay
silently, and the outcome is the same whatever the order of the rows. A
person is identified by the identity number where it is given, by the name
alone where it is not. Every amount is computed by hand from the policy text.

9.1: "…分别按照每人每月2000元、1500元、1000元标准申领3年的生活补贴。"
9.2: "…按企业实际缴纳社保费给予最长不超过1年的补贴。"
"""

from __future__ import annotations

import pytest
from conftest import only, run
from people import grad, hire

from jzai_cli.result import Status

ID_A = "11010519491231002X"  # valid resident identity numbers (check digits verified)
ID_B = "410802199801010019"


def outcome(result, clause):
    """Each award of the clause as (status, whole yuan, reason), in row order."""
    return [(a.status, a.amount_yuan, a.reason.key) for a in only(result, clause)]


def both_orders(clause, section, rows, **kw):
    """The outcome for the rows as given and reversed (reversed back to the rows' order)."""
    forward = outcome(run(**{section: rows}, **kw), clause)
    backward = outcome(run(**{section: list(reversed(rows))}, **kw), clause)
    return forward, list(reversed(backward))


# --- 9.1: one person, rows that disagree -----------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "fields"),
    [
        # no identity number: the name is the person; two graduation dates contradict.
        # Before: two people, 12 × 1,000 + 12 × 1,000 = 24,000 for what may be one person.
        (grad(), grad(graduated="2024-06-30"), ["graduated"]),
        # one identity number, two degrees: 12 × 2,000 = 24,000 or 12 × 1,000 = 12,000 by row order
        (grad(id_number=ID_A, degree="phd"), grad(id_number=ID_A), ["degree"]),
        # one contract listed twice with two counts of insured months: 12,000 or 6,000 by row order
        (grad(), grad(insured_months=6), ["insured_months"]),
    ],
)
def test_contradicting_rows_of_one_graduate_pay_nothing_in_either_order(first, second, fields):
    forward, backward = both_orders("9.1", "graduates", [first, second])
    assert forward == backward
    assert [s for s, _, _ in forward] == [Status.UNDETERMINED, Status.UNDETERMINED]
    assert [y for _, y, _ in forward] == [0, 0]
    result = run(graduates=[first, second])
    for index, award in enumerate(only(result, "9.1"), start=1):
        assert award.reason.key == "rows_contradict"
        assert award.reason.values["rows"] == [2 if index == 1 else 1]
        assert [str(f) for f in award.reason.values["fields"]] == fields
        assert {f"graduates[{index}].{f}" for f in fields} <= set(award.missing)


def test_the_contradiction_is_said_in_both_languages_with_the_rows_and_fields():
    from jzai_cli import i18n

    award = only(run(graduates=[grad(), grad(graduated="2024-06-30")]), "9.1")[0]
    zh, en = i18n.text(award.reason, "zh"), i18n.text(award.reason, "en")
    assert "第2项" in zh and "毕业日期" in zh and "身份证号码" in zh
    assert "item 2" in en and "graduated" in en and "identity number" in en


def test_two_rows_of_one_contract_that_agree_are_paid_once_in_either_order():
    # the same contract twice, word for word: 12 × 1,000 = 12,000 once
    for given in ([grad(), grad()], [grad(id_number=ID_A), grad(id_number=ID_A)]):
        assert outcome(run(graduates=given), "9.1") == [
            (Status.ELIGIBLE, 12_000, "monthly"),
            (Status.NOT_ELIGIBLE, 0, "months_already_counted"),
        ]


# --- 9.2: one person, rows that disagree -----------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "fields"),
    [
        # one hire listed twice with two amounts: 6,000 or 9,000 by row order
        (hire(), hire(employer_contributions=9_000), ["employer_contributions"]),
        # no identity number, two graduation dates: before, two people, 6,000 + 6,000
        (hire(), hire(graduated="2025-06-30", status_before="unemployed"), ["graduated", "status_before"]),
    ],
)
def test_contradicting_rows_of_one_hire_pay_nothing_in_either_order(first, second, fields):
    forward, backward = both_orders("9.2", "graduate_hires", [first, second])
    assert forward == backward
    assert [(s, y) for s, y, _ in forward] == [(Status.UNDETERMINED, 0)] * 2
    for award in only(run(graduate_hires=[first, second]), "9.2"):
        assert award.reason.key == "rows_contradict"
        assert [str(f) for f in award.reason.values["fields"]] == fields


def test_two_hires_of_one_person_use_the_months_in_the_order_of_hiring():
    # 6 of the 12 months were subsidised in 2025, 6 are left. Hired 2026-01-05 for
    # 4 months (4,000), hired again 2026-06-01 for 6 months (12,000). In the order
    # of hiring: 4 months → 4,000; then 2 of 6 months → 12,000 × 2 / 6 = 4,000
    # (an estimate, held for review). Before, the reversed rows paid 12,000 and 0.
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 6_000, "months": 6}]
    early = hire(
        hired="2026-01-05",
        graduated="2025-06-30",
        status_before="unemployed",
        employer_contributions=4_000,
        contribution_months=4,
    )
    late = hire(
        hired="2026-06-01",
        graduated="2025-06-30",
        status_before="unemployed",
        employer_contributions=12_000,
        contribution_months=6,
    )
    forward, backward = both_orders("9.2", "graduate_hires", [early, late], awards_received=history)
    assert forward == backward
    assert [(s, y) for s, y, _ in forward] == [(Status.ELIGIBLE, 4_000), (Status.NEEDS_REVIEW, 4_000)]


# --- two people of one name ---------------------------------------------------------


def test_two_people_of_one_name_each_have_their_own_limit():
    # two identity numbers: two people, 12 × 1,000 = 12,000 each, each of their own
    # 36 × 1,000 = 36,000 (before, the second showed 12,000 of the first as used)
    result = run(graduates=[grad(id_number=ID_A), grad(id_number=ID_B)])
    awards = only(result, "9.1")
    assert [a.amount_yuan for a in awards] == [12_000, 12_000]
    (first,), (second,) = (a.limits for a in awards)
    assert first.subject != second.subject
    assert (first.used_before, second.used_before) == (0, 0)
    left = {limit.subject: limit.remaining for limit in result.remaining_limits if limit.clause == "9.1"}
    assert sorted(left.values()) == [24_000, 24_000]  # 36,000 − 12,000 each


def test_an_award_received_by_a_name_two_people_share_is_not_charged_to_both():
    # 9.2: 陈七 (two identity numbers) received 12 months in 2025 under the name alone:
    # whose 12 months they were cannot be told. Before, both were refused as used up.
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 12_000, "months": 12}]
    rows = [hire(id_number=ID_A), hire(id_number=ID_B)]
    for award in only(run(graduate_hires=rows, awards_received=history), "9.2"):
        assert award.status is Status.UNDETERMINED
        assert "awards_received[1].event" in award.missing
        assert award.reason.key == "received_by_shared_name"


def test_a_row_without_an_identity_number_of_a_name_with_one_is_undetermined():
    # 张三 with an identity number and 张三 without: the second may be the first or
    # another person; 12,000 for the first, the second is not guessed
    forward, backward = both_orders("9.1", "graduates", [grad(id_number=ID_A), grad()])
    assert forward == backward
    assert [(s, y) for s, y, _ in forward] == [(Status.ELIGIBLE, 12_000), (Status.UNDETERMINED, 0)]
    award = only(run(graduates=[grad(id_number=ID_A), grad()]), "9.1")[1]
    assert award.reason.key == "person_unclear"
    assert "graduates[2].id_number" in award.missing


def test_a_plan_carries_each_namesakes_award_on_their_own_identity_number():
    from conftest import facts

    from jzai_cli import policy as policy_mod
    from jzai_cli.plan import make_plan

    # two people named 张三, insured from July 2025 on: 12 × 1,000 = 12,000 each in 2026 and in
    # 2027 (window July 2025 … June 2028), 48,000 in all; the 2026 awards, carried into 2027,
    # are each the person's own and do not leave the other's in doubt
    rows = [grad(id_number=i, insured_months=None, insured_from="2025-07-01") for i in (ID_A, ID_B)]
    plan = make_plan(policy_mod.load(), facts(graduates=rows), range(2026, 2028))
    for year in plan.years:
        assert [(a.status, a.amount_yuan) for a in only(year.result, "9.1")] == [(Status.ELIGIBLE, 12_000)] * 2


def test_a_hire_whose_months_an_earlier_undetermined_hire_could_take_is_not_sure():
    # 陈七 had 6 of the 12 months in 2025: 6 are left. Hired 2026-01-05 for 6 months (600 in all,
    # status before the hire not given), hired again 2026-07-01 for 6 months (6,000). If the
    # first hire qualifies it takes the 6 months (600) and the second pays 0; if not, the second
    # pays 6,000. Before, the second showed a sure 6,000 whatever the first turned out to be.
    history = [{"clause": "9.2", "event": "陈七", "year": 2025, "amount": 6_000, "months": 6}]
    early = hire(
        hired="2026-01-05",
        graduated="2025-06-30",
        status_before=None,
        employer_contributions=600,
        contribution_months=6,
    )
    late = hire(
        hired="2026-07-01",
        graduated="2025-06-30",
        status_before="unemployed",
        employer_contributions=6_000,
        contribution_months=6,
    )
    for rows in ([early, late], [late, early]):
        result = run(graduate_hires=rows, awards_received=history)
        by_hire = {a.facts["hired"].month: a for a in only(result, "9.2")}
        first, second = by_hire[1], by_hire[7]
        assert (first.status, first.potential) == (Status.UNDETERMINED, 600)
        assert (second.status, second.amount_yuan, second.potential) == (Status.UNDETERMINED, 0, 6_000)
        where = rows.index(early) + 1
        assert f"graduate_hires[{where}].status_before" in second.missing
        assert second.reason.key == "waits_on_earlier_hire"
        assert result.total_yuan == 0


def test_what_an_unplaced_count_puts_at_stake_stops_at_what_the_persons_limit_leaves():
    # 2028: the window July 2025 … June 2028 leaves January–June open (6 months); 8 insured
    # months given as a count cannot be placed, so 9.1 is undetermined. At stake: 6 × 1,000 =
    # 6,000, but 张三 has received 9,000 + 12,000 + 12,000 = 33,000 of the 36 × 1,000 = 36,000:
    # 3,000 is the most it can pay (before: 6,000)
    history = [
        {"clause": "9.1", "event": "张三", "year": 2025, "amount": 9_000, "months": 6},
        {"clause": "9.1", "event": "张三", "year": 2026, "amount": 12_000, "months": 12},
        {"clause": "9.1", "event": "张三", "year": 2027, "amount": 12_000, "months": 12},
    ]
    (award,) = only(run(year=2028, graduates=[grad(insured_months=8)], awards_received=history), "9.1")
    assert award.status is Status.UNDETERMINED
    assert award.reason.key == "insured_months_ambiguous"
    assert award.potential == 3_000


def test_a_years_count_for_a_person_with_two_contracts_in_that_year_is_refused():
    from conftest import facts

    from jzai_cli.errors import InputError

    # 2027: the first contract runs to 2027-06-30, the renewal from 2027-07-01; [years.2027]
    # gives 张三's 8 insured months by name. Put on both contracts, each took its 6 months:
    # 12 × 1,000 = 12,000 for 8 insured months (at most 8,000). Which months of which
    # contract cannot be told from a count given by name: the file is refused.
    rows = [grad(contract_end="2027-06-30"), grad(contract_start="2027-07-01")]
    with pytest.raises(InputError) as caught:
        facts(graduates=rows, years={2027: {"graduates": [{"name": "张三", "insured_months": 8}]}})
    assert "years.2027.graduates[1].name" in str(caught.value.problems[0].message)
    # a renewal that starts after the year: one contract runs in 2027, the count is its own
    later = [grad(contract_end="2027-12-31"), grad(contract_start="2028-01-01")]
    assert facts(graduates=later, years={2027: {"graduates": [{"name": "张三", "insured_months": 8}]}})
