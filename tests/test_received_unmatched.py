"""An award already received that names none of the items listed may be an
item's own: a one-time award (一次性) is then not paid again without a word,
but held undetermined, naming the fact that would tell. Amounts by hand:

- 5.1 "对新获批国家……重点实验室……的，分别给予100万元……一次性奖励": 1,000,000.
- 8.3 "国家级……“数据要素×”大赛奖项的项目……一、二、三等奖分别奖励10万元、5万元、2万元":
  a second prize 50,000 (D15 once: a project is rewarded once).
- 4.1 "每户给予引荐企业10万元一次性奖励，单个企业奖励累计最高100万元": 100,000.
"""

from __future__ import annotations

import pytest
from conftest import one, run

from jzai_cli.result import Status

LAB = {"type": "key_laboratory", "level": "national", "date": "2026-03-01"}  # 5.1, obtained 2026


def received(clause: str, year: int, amount: int, event: str | None = None) -> dict:
    record = {"clause": clause, "year": year, "amount": amount}
    return record | ({"event": event} if event else {})


@pytest.mark.parametrize(
    ("name", "record", "status", "yuan", "missing"),
    [
        # nothing received: 1,000,000
        (None, None, Status.ELIGIBLE, 1_000_000, []),
        # the record names the laboratory by its type and date, the key an unnamed event has: not again
        (None, received("5.1", 2026, 1_000_000, "key_laboratory@2026-03-01"), Status.NOT_ELIGIBLE, 0, []),
        # a record under another name, the laboratory unnamed: it may be this one (it paid 1,000,000 again)
        (None, received("5.1", 2026, 1_000_000, "焦作AI重点实验室"), Status.UNDETERMINED, 0, ["events[1].name"]),
        # a record of the year after: an award can be received the year after the approval
        (None, received("5.1", 2027, 1_000_000, "焦作AI重点实验室"), Status.UNDETERMINED, 0, ["events[1].name"]),
        # a record of the year before the approval is not this laboratory's: 1,000,000
        (None, received("5.1", 2025, 1_000_000, "焦作AI重点实验室"), Status.ELIGIBLE, 1_000_000, []),
        # a record naming nothing, the laboratory unnamed: both facts would tell
        (
            None,
            received("5.1", 2026, 1_000_000),
            Status.UNDETERMINED,
            0,
            ["events[1].name", "awards_received[1].event"],
        ),
        # a named laboratory and a record naming nothing: it may be this one's
        ("乙实验室", received("5.1", 2026, 1_000_000), Status.UNDETERMINED, 0, ["awards_received[1].event"]),
        # a named laboratory and a record naming another: another laboratory's award, 1,000,000
        ("乙实验室", received("5.1", 2026, 1_000_000, "甲实验室"), Status.ELIGIBLE, 1_000_000, []),
        # the same name: already rewarded, not again
        ("乙实验室", received("5.1", 2026, 1_000_000, "乙实验室"), Status.NOT_ELIGIBLE, 0, []),
        # a record under another clause is not this clause's: 1,000,000
        (None, received("5.2", 2026, 500_000, "焦作AI重点实验室"), Status.ELIGIBLE, 1_000_000, []),
    ],
)
def test_a_one_time_award_received_for_no_listed_event_holds_the_event(name, record, status, yuan, missing):
    event = LAB | ({"name": name} if name else {})
    award = one(run(events=[event], awards_received=[record] if record else []), "5.1")
    assert award.status is status
    assert award.amount_yuan == yuan
    assert award.missing == missing
    if status is Status.UNDETERMINED:
        assert award.potential == 1_000_000  # what it pays if it is another laboratory
        assert award.reason.key == "maybe_received"


def test_two_laboratories_named_and_a_record_of_one_pay_the_other():
    # 甲 was rewarded (the record names it); 乙 is another laboratory: 1,000,000
    result = run(
        events=[LAB | {"name": "甲实验室"}, LAB | {"name": "乙实验室"}],
        awards_received=[received("5.1", 2026, 1_000_000, "甲实验室")],
    )
    awards = {a.event: a for a in result.awards if a.clause == "5.1"}
    assert awards["甲实验室"].status is Status.NOT_ELIGIBLE
    assert (awards["乙实验室"].status, awards["乙实验室"].amount_yuan) == (Status.ELIGIBLE, 1_000_000)


PRIZE = {"type": "data_elements_prize", "level": "national", "date": "2026-05-20", "rank": 2}  # 8.3


@pytest.mark.parametrize(
    ("name", "record", "status", "yuan"),
    [
        (None, None, Status.ELIGIBLE, 50_000),  # 二等奖 5万元
        # a prize received for a project under another name, this one unnamed: it may be this project
        (None, received("8.3", 2026, 50_000, "智慧医疗项目"), Status.UNDETERMINED, 0),
        # under D15 once a project is rewarded once, whatever the year: an earlier record may be this project
        (None, received("8.3", 2024, 20_000, "智慧医疗项目"), Status.UNDETERMINED, 0),
        ("智慧交通项目", received("8.3", 2026, 50_000, "智慧医疗项目"), Status.ELIGIBLE, 50_000),
        ("智慧交通项目", received("8.3", 2026, 50_000), Status.UNDETERMINED, 0),
    ],
)
def test_a_prize_received_for_no_listed_project_holds_the_project(name, record, status, yuan):
    event = PRIZE | ({"name": name} if name else {})
    award = one(run(events=[event], awards_received=[record] if record else []), "8.3")
    assert (award.status, award.amount_yuan) == (status, yuan)
    if status is Status.UNDETERMINED:
        assert award.potential == 50_000


def referral(name: str) -> dict:
    return {"name": name, "introduced": "2025-03-01", "above_size": "2026-05-20"}  # 升规 within two years


@pytest.mark.parametrize(
    ("record", "status", "yuan"),
    [
        (None, Status.ELIGIBLE, 100_000),
        # a 4.1 award received for another enterprise: this one is paid, 100,000
        (received("4.1", 2026, 100_000, "乙公司"), Status.ELIGIBLE, 100_000),
        # for this enterprise: not again
        (received("4.1", 2026, 100_000, "甲公司"), Status.NOT_ELIGIBLE, 0),
        # for no enterprise named, in the year of the 升规 or after: it may be this one's
        (received("4.1", 2026, 100_000), Status.UNDETERMINED, 0),
        (received("4.1", 2027, 100_000), Status.UNDETERMINED, 0),
        # for no enterprise named, before this one went 升规: another's, 100,000
        (received("4.1", 2025, 100_000), Status.ELIGIBLE, 100_000),
    ],
)
def test_a_referral_award_received_for_no_enterprise_holds_the_referral(record, status, yuan):
    award = one(run(referrals=[referral("甲公司")], awards_received=[record] if record else []), "4.1")
    assert (award.status, award.amount_yuan) == (status, yuan)
    if status is Status.UNDETERMINED:
        assert award.missing == ["awards_received[1].event"]
        # what it would pay: 100,000, within the 累计100万元 less the 100,000 received
        assert award.potential == 100_000


# --- 9.1, 9.2: an award received for no one listed -----------------------------------
#
# 9.1 "本科……每人每月……1000元标准申领3年的生活补贴": a bachelor 1,000 a month, 36 months
# (36,000) per person. 9.2 "按企业实际缴纳社保费给予最长不超过1年的补贴": 12 months.

ID = "410811199901011234"  # a number no row gives
GRADUATE = {  # insured all of 2026, inside the 36 months from 2025-07
    "name": "王博",
    "degree": "bachelor",
    "full_time": True,
    "graduated": "2025-06-30",
    "contract_start": "2025-07-01",
    "insured_months": 12,
}


def living(year: int, months: int, event: str | None = ID) -> dict:
    return received("9.1", year, 1_000 * months, event) | {"months": months}


@pytest.mark.parametrize(
    ("record", "status", "yuan", "missing"),
    [
        (None, Status.ELIGIBLE, 12_000, []),  # 12 × 1,000
        # another person's, by name: 12,000
        (living(2026, 6, "李四"), Status.ELIGIBLE, 12_000, []),
        # an identity number no row gives, of 2025: were it 王博's, 6,000 of 36,000 used leaves
        # 30,000 ≥ 12,000, and no month of 2026 was paid: 12,000 either way
        (living(2025, 6), Status.ELIGIBLE, 12_000, []),
        # 24 months of 2025: 36,000 − 24,000 = 12,000 left, still 12,000 (at the limit)
        (living(2025, 24), Status.ELIGIBLE, 12_000, []),
        # 25 months: 11,000 left were it his, against 12,000: whose it is decides
        (living(2025, 25), Status.UNDETERMINED, 0, ["graduates[1].id_number"]),
        # 6 months of 2026 already paid, were it his: 6,000 against 12,000
        (living(2026, 6), Status.UNDETERMINED, 0, ["graduates[1].id_number"]),
        # a record naming no one, of 2026: anyone's
        (living(2026, 1, None), Status.UNDETERMINED, 0, ["awards_received[1].event"]),
    ],
)
def test_a_living_subsidy_received_for_no_one_listed_holds_the_row_when_it_could_be_theirs(
    record, status, yuan, missing
):
    award = one(run(graduates=[GRADUATE], awards_received=[record] if record else []), "9.1")
    assert (award.status, award.amount_yuan) == (status, yuan)
    assert award.missing == missing
    if status is Status.UNDETERMINED:
        assert award.potential == 12_000


def test_a_row_with_its_identity_number_is_not_held_by_another_number():
    # the row gives its own number: a record of another number is another person's, 12 × 1,000
    award = one(
        run(graduates=[GRADUATE | {"id_number": "11010519491231002X"}], awards_received=[living(2026, 6)]), "9.1"
    )
    assert (award.status, award.amount_yuan) == (Status.ELIGIBLE, 12_000)


HIRE = {  # hired in 2026, the graduation year: 6 months of contributions, 6,000
    "name": "陈某",
    "graduated": "2026-06-30",
    "hired": "2026-07-15",
    "status_before": "graduation_year",
    "contract_months": 36,
    "employer_contributions": 6_000,
    "contribution_months": 6,
}


def hire_record(year: int, months: int, event: str | None = ID) -> dict:
    return received("9.2", year, 1_000 * months, event) | {"months": months}


@pytest.mark.parametrize(
    ("record", "status", "yuan"),
    [
        (None, Status.ELIGIBLE, 6_000),  # the 6,000 actually paid
        (hire_record(2026, 3, "李四"), Status.ELIGIBLE, 6_000),  # another person's
        # 6 months of another year, were they his: 12 − 6 = 6 months left, still the 6 of 2026
        (hire_record(2025, 6), Status.ELIGIBLE, 6_000),
        # 7 months: 5 left were they his, against 6: whose they are decides
        (hire_record(2025, 7), Status.UNDETERMINED, 0),
        # 3 months of 2026 already reimbursed, were they his: 3 of the 6 months left
        (hire_record(2026, 3), Status.UNDETERMINED, 0),
    ],
)
def test_a_hire_subsidy_received_for_no_one_listed_holds_the_hire_when_it_could_be_theirs(record, status, yuan):
    award = one(
        run(applicant={"size": "small"}, graduate_hires=[HIRE], awards_received=[record] if record else []), "9.2"
    )
    assert (award.status, award.amount_yuan) == (status, yuan)
    if status is Status.UNDETERMINED:
        assert award.missing == ["graduate_hires[1].id_number"]
        assert award.potential == 6_000
