"""Properties of the engine as a whole: purity, duplicates, event keys, notes."""

from __future__ import annotations

from conftest import one, only, run

from jzai_cli import policy as policy_mod
from jzai_cli.render.json_doc import result_doc


def test_the_same_named_event_listed_twice_is_paid_once():
    # 5.2: 新获批省级重点实验室 50万元 once per platform; the duplicate pays nothing.
    lab = {"type": "key_laboratory", "level": "provincial", "name": "焦作AI重点实验室", "date": "2026-05-01"}
    result = run(events=[lab, dict(lab)])
    awards = only(result, "5.2")
    assert [a.amount_yuan for a in awards] == [500_000, 0]
    assert awards[1].status.value == "not_eligible"
    assert result.total_yuan == 500_000


def test_the_same_prize_listed_twice_is_paid_once():
    # 8.3: national 二等奖 5万元 per project.
    prize = {"type": "data_elements_prize", "level": "national", "rank": 2, "name": "项目甲", "date": "2026-09-01"}
    assert [a.amount_yuan for a in only(run(events=[prize, dict(prize)]), "8.3")] == [50_000, 0]


def test_two_unnamed_laboratories_of_different_dates_are_two_events():
    # 5.2 twice: 2 × 500,000 = 1,000,000; their keys carry type and date.
    labs = [
        {"type": "key_laboratory", "level": "provincial", "date": "2026-05-01"},
        {"type": "key_laboratory", "level": "provincial", "date": "2026-09-01"},
    ]
    awards = only(run(events=labs), "5.2")
    assert [a.event for a in awards] == ["key_laboratory@2026-05-01", "key_laboratory@2026-09-01"]
    assert sum(a.amount_yuan for a in awards) == 1_000_000


def test_an_unnamed_event_already_received_by_its_type_and_date_is_not_paid_again():
    lab = {"type": "key_laboratory", "level": "provincial", "date": "2026-05-01"}
    received = [{"clause": "5.2", "event": "key_laboratory@2026-05-01", "year": 2026, "amount": "50万"}]
    assert one(run(events=[lab], awards_received=received), "5.2").amount_yuan == 0


def test_evaluating_twice_gives_identical_documents():
    policy = policy_mod.load()
    first = result_doc(run(events=[{"type": "little_giant", "level": "national", "date": "2026-01-01"}]), policy)
    second = result_doc(run(events=[{"type": "little_giant", "level": "national", "date": "2026-01-01"}]), policy)
    assert first == second


def test_an_event_that_matches_no_clause_is_noted():
    # A municipal key laboratory: art. 5 pays national and provincial only.
    result = run(events=[{"type": "key_laboratory", "level": "municipal", "date": "2026-05-01"}])
    assert not only(result, "5.1") and not only(result, "5.2")
    assert any(n.key == "event_matches_no_clause" for n in result.notes)


def test_an_award_received_under_an_unknown_clause_is_noted():
    result = run(awards_received=[{"clause": "11.1", "year": 2025, "amount": 1}])
    assert any(n.key == "unknown_clause_in_history" for n in result.notes)


def test_without_a_year_the_current_year_is_used_and_noted():
    import datetime as dt

    from jzai_cli.engine import evaluate
    from jzai_cli.readers.toml_reader import facts_from_dict

    facts = facts_from_dict({"applicant": {"name": "甲", "kind": "enterprise"}}, "<test>")
    result = evaluate(policy_mod.load(), facts, today=dt.date(2031, 5, 1))
    assert result.year == 2031 and result.year_source == "today"
    assert any(n.key == "year_from_today" for n in result.notes)


def test_what_remains_of_a_cumulative_or_yearly_limit_shows_without_a_claim_this_year():
    received = [
        {"clause": "4.1", "event": "甲", "year": 2024, "amount": "60万"},
        {"clause": "6.1", "year": 2026, "amount": "30万"},
        {"clause": "6.1", "year": 2025, "amount": "100万"},  # another year: not this year's cap
    ]
    limits = {(lim.clause, lim.scope): lim for lim in run(awards_received=received).remaining_limits}
    # 4.1 累计最高100万元: 1,000,000 − 600,000 = 400,000 left
    assert limits[("4.1", "cumulative")].remaining == 400_000
    # 6.1 每年不超过100万元: 1,000,000 − 300,000 received in 2026 = 700,000 left
    assert limits[("6.1", "yearly")].remaining == 700_000


def test_an_award_this_year_reports_the_later_state_of_the_same_limit():
    received = [{"clause": "4.1", "event": "甲", "year": 2024, "amount": "60万"}]
    referral = {"name": "乙", "introduced": "2025-01-01", "above_size": "2026-06-01"}
    limits = [
        lim for lim in run(awards_received=received, referrals=[referral]).remaining_limits if lim.clause == "4.1"
    ]
    # one entry: 1,000,000 − 600,000 − 100,000 = 300,000
    assert len(limits) == 1 and limits[0].remaining == 300_000
