"""facts.py and the TOML reader: what is accepted, what is refused, and
where a problem is reported (facts path counted from 1, line and column)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from jzai_cli.errors import InputError
from jzai_cli.readers.toml_reader import facts_from_dict, read_facts

VALID_CODE = "91410800MA9K3T2B51"
# GB 32100-2015 check: weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 over
# 9 1 4 1 0 8 0 0 M=21 A=10 9 K=19 3 T=26 2 B=11 5:
# 9+3+36+27+0+208+0+0+420+290+225+247+24+624+20+330+140 = 2603; 2603 mod 31 = 30;
# 31 − 30 = 1 → check character "1".
LETTER_CODE = "Y1410800MA9XY2K3LF"
# Y=30 1 4 1 0 8 0 0 M=21 A=10 9 X=29 Y=30 2 K=19 3 L=20:
# 30+3+36+27+0+208+0+0+420+290+225+377+240+48+190+90+560 = 2744; 2744 mod 31 = 16;
# 31 − 16 = 15 → the 15th character of 0-9A-Y (no I O S V Z) is "F".

APPLICANT = {"name": "测试科技有限公司", "kind": "enterprise"}


def problems(raw: dict) -> list:
    with pytest.raises(InputError) as caught:
        facts_from_dict(raw, "<test>")
    return caught.value.problems


def problem(raw: dict):
    found = problems(raw)
    assert len(found) == 1, found
    return found[0]


def with_applicant(**over) -> dict:
    return {"applicant": {**APPLICANT, **over}}


# --- unknown keys and wrong types ------------------------------------------------


def test_an_unknown_key_is_refused_with_a_did_you_mean():
    p = problem(with_applicant(credit_cod=VALID_CODE))
    assert p.field == "applicant.credit_cod"
    assert "credit_cod" in p.message
    assert "did you mean 'credit_code'" in p.message


def test_an_unknown_key_in_a_list_item_suggests_the_key_of_that_table():
    p = problem({**with_applicant(), "compute_purchases": [{"provider": "甲", "provider_typ": "data_centre"}]})
    assert p.field == "compute_purchases[1].provider_typ"
    assert "'provider_type'" in p.message


def test_an_unknown_key_far_from_any_lists_the_known_keys():
    p = problem({**with_applicant(), "xyzzy": 1})
    assert p.field == "xyzzy"
    assert "known keys" in p.message
    assert "compute_purchases" in p.message


def test_a_missing_required_field_is_reported():
    p = problem({"applicant": {"kind": "enterprise"}})
    assert p.field == "applicant.name"
    assert "missing" in p.message


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        ({**with_applicant(), "year": "abc"}, "year", "whole number"),
        ({**with_applicant(), "events": "x"}, "events", "expected a list"),
        (with_applicant(pays_taxes="maybe"), "applicant.pays_taxes", "true/false"),
        (with_applicant(size="中等"), "applicant.size", "expected one of"),
        (
            {**with_applicant(), "graduates": [{"name": "甲", "insured_months": 13}]},
            "graduates[1].insured_months",
            "out of range",
        ),
        (
            {**with_applicant(), "compute_purchases": [{"provider": "甲", "fees": True}]},
            "compute_purchases[1].fees",
            "true/false",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_its_path(raw, field, words):
    p = problem(raw)
    assert p.field == field
    assert words in p.message


def test_a_float_amount_is_refused():
    p = problem(with_applicant(taxable_revenue=1.5))
    assert p.field == "applicant.taxable_revenue"
    assert "float" in p.message


@pytest.mark.parametrize("value", ["-5", -5, "-5万"])
def test_a_negative_amount_is_refused(value):
    p = problem({**with_applicant(), "compute_purchases": [{"provider": "甲", "fees": value}]})
    assert p.field == "compute_purchases[1].fees"
    assert "负" in p.message


def test_yes_no_values_in_chinese_are_read_as_booleans():
    facts = facts_from_dict(with_applicant(pays_taxes="是", operates_in_jiaozuo="否"), "<test>")
    assert facts.applicant.pays_taxes is True
    assert facts.applicant.operates_in_jiaozuo is False


def test_chinese_labels_are_accepted_for_choices():
    facts = facts_from_dict(
        {
            "applicant": {**APPLICANT, "kind": "企业", "size": "微型"},
            "events": [{"type": "data_elements_prize", "level": "省级", "rank": "2"}],
        },
        "<test>",
    )
    assert facts.applicant.kind.value == "enterprise"
    assert facts.applicant.size.value == "micro"
    assert facts.events[0].level.value == "provincial"
    assert facts.events[0].rank == 2


def test_a_near_miss_choice_suggests_the_right_one():
    p = problem({**with_applicant(), "events": [{"type": "data_elements_case", "level": "provincal"}]})
    assert p.field == "events[1].level"
    assert "did you mean 'provincial'" in p.message


def test_an_amount_in_wan_is_read_in_yuan():
    facts = facts_from_dict(with_applicant(taxable_revenue="5,000万元"), "<test>")
    # 5,000 × 10,000 = 50,000,000
    assert facts.applicant.taxable_revenue == Decimal(50_000_000)


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-03-01", "2026/3/1", "2026年3月1日", "2026.03.01", "２０２６年３月１日"])
def test_dates_are_read_in_the_usual_spellings(text):
    facts = facts_from_dict({**with_applicant(), "events": [{"type": "data_elements_case", "date": text}]}, "<test>")
    assert facts.events[0].date == dt.date(2026, 3, 1)


def test_an_impossible_date_is_refused_with_its_one_based_path():
    p = problem(
        {
            **with_applicant(),
            "events": [
                {"type": "data_elements_case", "date": "2026-01-01"},
                {"type": "data_elements_case", "date": "2026-02-30"},
            ],
        }
    )
    assert p.field == "events[2].date"
    assert "impossible date" in p.message


def test_a_date_time_is_refused_where_a_date_is_expected():
    p = problem(
        {**with_applicant(), "events": [{"type": "data_elements_case", "date": dt.datetime(2026, 3, 1, 10, 0)}]}
    )
    assert p.field == "events[1].date"
    assert "date-time" in p.message


@pytest.mark.parametrize("text", ["2026-3", "03/01/2026", "明年", "2026-03-01 10:00"])
def test_text_that_is_not_a_date_is_refused(text):
    p = problem({**with_applicant(), "events": [{"type": "data_elements_case", "date": text}]})
    assert p.field == "events[1].date"
    assert "expected a date" in p.message


# --- credit codes --------------------------------------------------------------------


def test_a_valid_credit_code_is_accepted():
    assert facts_from_dict(with_applicant(credit_code=VALID_CODE), "<test>").applicant.credit_code == VALID_CODE


def test_a_credit_code_with_a_wrong_check_digit_is_refused():
    # the check character of 91410800MA9K3T2B5… is 1 (see VALID_CODE), so 2 is wrong
    p = problem(with_applicant(credit_code="91410800MA9K3T2B52"))
    assert p.field == "applicant.credit_code"
    assert "check digit" in p.message


def test_a_valid_credit_code_starting_with_a_letter_is_accepted():
    # registration bodies other than market regulation issue codes starting Y, N, A…
    assert facts_from_dict(with_applicant(credit_code=LETTER_CODE), "<test>").applicant.credit_code == LETTER_CODE


def test_full_width_lower_case_and_spaced_credit_codes_are_normalised():
    for text in ("９１４１０８００ＭＡ９Ｋ３Ｔ２Ｂ５１", "91410800ma9k3t2b51", " 91410800 MA9K3T2B51 "):
        assert facts_from_dict(with_applicant(credit_code=text), "<test>").applicant.credit_code == VALID_CODE


@pytest.mark.parametrize("text", ["91410800MA9K3T2B5", "91410800MA9K3T2B511", "91410800MA9K3T2BI1"])
def test_a_credit_code_of_the_wrong_length_or_alphabet_is_refused(text):
    p = problem(with_applicant(credit_code=text))
    assert p.field == "applicant.credit_code"
    assert "18" in p.message


def test_a_credit_code_stored_as_a_number_says_its_digits_were_lost():
    p = problem(with_applicant(credit_code=914108001234567890))
    assert p.field == "applicant.credit_code"
    assert "digits were lost" in p.message


# --- read_facts: files, lines and encodings -----------------------------------------------


GOOD_TOML = """\
year = 2026

[applicant]
name = "测试科技有限公司"
kind = "enterprise"
credit_code = "91410800MA9K3T2B51"
"""


def write(tmp_path: Path, text: str | bytes, name: str = "facts.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def read_problems(path: Path) -> list:
    with pytest.raises(InputError) as caught:
        read_facts(path)
    return caught.value.problems


def test_a_good_file_is_read_with_its_values(tmp_path):
    facts = read_facts(write(tmp_path, GOOD_TOML))
    assert facts.year == 2026
    assert facts.applicant.credit_code == VALID_CODE


def test_a_problem_in_a_file_gives_its_field_and_line(tmp_path):
    text = (
        GOOD_TOML
        + """
[[events]]
type = "data_elements_case"
date = 2026-01-01

[[events]]
type = "data_elements_case"
date = "2026-02-30"
"""
    )
    (p,) = read_problems(write(tmp_path, text))
    assert p.field == "events[2].date"
    assert p.line == 14  # the second [[events]]'s date line
    assert p.column == 1
    assert p.file.endswith("facts.toml")


def test_an_unknown_key_in_a_file_gives_its_line(tmp_path):
    text = GOOD_TOML.replace('credit_code = "91410800MA9K3T2B51"', 'credit_cod = "91410800MA9K3T2B51"')
    (p,) = read_problems(write(tmp_path, text))
    assert p.field == "applicant.credit_cod"
    assert p.line == 6
    assert "did you mean 'credit_code'" in p.message


def test_a_toml_date_time_is_refused_where_a_date_is_expected(tmp_path):
    text = GOOD_TOML + '\n[[events]]\ntype = "data_elements_case"\ndate = 2026-03-01T10:00:00\n'
    (p,) = read_problems(write(tmp_path, text))
    assert p.field == "events[1].date"
    assert p.line == 10
    assert "date-time" in p.message


def test_an_impossible_toml_date_is_a_syntax_error_with_line_and_column(tmp_path):
    text = GOOD_TOML + '\n[[events]]\ntype = "data_elements_case"\ndate = 2026-02-30\n'
    (p,) = read_problems(write(tmp_path, text))
    assert "syntax error" in p.message
    assert p.line == 10
    assert p.column is not None


def test_a_toml_syntax_error_gives_line_and_column(tmp_path):
    text = GOOD_TOML.replace('kind = "enterprise"', 'kind = "enterprise')
    (p,) = read_problems(write(tmp_path, text))
    assert "syntax error" in p.message
    assert p.line == 5
    assert p.column is not None


def test_an_unquoted_chinese_key_gets_a_hint_to_quote_it(tmp_path):
    (p,) = read_problems(write(tmp_path, GOOD_TOML + "名称 = 1\n"))
    assert p.line == 7
    assert "quoted" in p.message


def test_a_fraction_in_toml_is_read_exactly(tmp_path):
    text = (
        GOOD_TOML + '\n[[compute_purchases]]\nprovider = "甲"\nprovider_type = "ai_computing_centre"\npflops = 99.9\n'
    )
    facts = read_facts(write(tmp_path, text))
    assert facts.compute_purchases[0].pflops == Decimal("99.9")


def test_a_fractional_toml_fee_is_exact_not_a_float(tmp_path):
    text = GOOD_TOML + '\n[[compute_purchases]]\nprovider = "甲"\nfees = 0.1\n'
    facts = read_facts(write(tmp_path, text))
    assert facts.compute_purchases[0].fees == Decimal("0.1")


def test_a_gbk_file_is_refused_with_a_utf8_hint(tmp_path):
    (p,) = read_problems(write(tmp_path, GOOD_TOML.encode("gbk")))
    assert "GBK" in p.message
    assert "UTF-8" in p.message
    assert p.line == 4  # the first Chinese text is on the name line


def test_a_utf16_file_with_bom_is_refused_with_a_utf8_hint(tmp_path):
    (p,) = read_problems(write(tmp_path, GOOD_TOML.encode("utf-16")))
    assert "UTF-16" in p.message
    assert "UTF-8" in p.message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_bom_is_refused_with_a_utf8_hint(tmp_path, encoding):
    (p,) = read_problems(write(tmp_path, GOOD_TOML.encode(encoding)))
    assert "UTF-16" in p.message
    assert "UTF-8" in p.message


def test_a_utf8_file_with_bom_is_accepted(tmp_path):
    facts = read_facts(write(tmp_path, b"\xef\xbb\xbf" + GOOD_TOML.encode("utf-8")))
    assert facts.applicant.name == "测试科技有限公司"


def test_a_missing_file_is_reported():
    (p,) = read_problems(Path("/nonexistent/facts.toml"))
    assert "no such file" in p.message


def test_standard_input_is_read():
    facts = read_facts("-", stdin_bytes=GOOD_TOML.encode("utf-8"))
    assert facts.applicant.kind.value == "enterprise"


def test_a_binary_file_with_a_stray_nul_byte_is_not_taken_for_utf16(tmp_path):
    (p,) = read_problems(write(tmp_path, GOOD_TOML.encode("utf-8") + b"\x00abc\n"))
    assert "NUL" in p.message
    assert p.line == 7  # the NUL follows the six lines of GOOD_TOML


def test_every_chinese_label_the_template_offers_reads_back_as_its_choice():
    # The workbook dropdowns offer the labels; "预备技师（技师）" has full-width
    # parentheses, which input normalisation turns half-width.
    from jzai_cli.facts import _choice_reader
    from jzai_cli.vocab import ApplicantKind, Degree, EventType, HireStatus, Level, ProviderType, Sector, Size

    for enum in (ApplicantKind, Size, Sector, Level, EventType, ProviderType, Degree, HireStatus):
        read = _choice_reader(enum)
        for member in enum:
            assert read(member.zh) is member, member
            assert read(member.value) is member, member


def test_an_event_whose_date_is_not_in_its_year_is_refused_naming_the_year():
    # 2026-03-01 given with 获得年度 2025: one of the two is wrong, and which year
    # counts decides D5 (a 2026 event pays 3.3's 500,000 in 2026, a 2025 one nothing)
    event = {"type": "specialised_sme", "level": "provincial", "name": "专精特新", "date": "2026-03-01", "year": 2025}
    p = problem({**with_applicant(), "events": [event]})
    assert p.field == "events[1].year"
    assert "2026-03-01" in p.message and "2025" in p.message
    # at the year's edges: 2025-12-31 with 2026 is refused, 2026-01-01 with 2026 is read
    assert (
        problem({**with_applicant(), "events": [{**event, "date": "2025-12-31", "year": 2026}]}).field
        == "events[1].year"
    )
    facts = facts_from_dict({**with_applicant(), "events": [{**event, "date": "2026-01-01", "year": 2026}]}, "<test>")
    assert facts.events[0].obtained_year == 2026


def _graduate(name: str, graduated: str, start: str) -> dict:
    return {
        "name": name,
        "degree": "bachelor",
        "full_time": True,
        "graduated": graduated,
        "contract_start": start,
        "insured_months": 6,
    }


def test_a_years_graduate_is_one_person_found_by_name():
    # 9.1 in 2027 pays the months given under [years.2027] to the graduate of that name:
    # given twice, the last silently won (two people of 12 and 3 months were both paid 3)
    rows = [_graduate("张三", "2025-06-30", "2025-07-01"), _graduate("李四", "2026-06-30", "2026-07-01")]
    twice = {
        **with_applicant(),
        "year": 2026,
        "graduates": rows,
        "years": {2027: {"graduates": [{"name": "张三", "insured_months": 12}, {"name": "张三", "insured_months": 3}]}},
    }
    p = problem(twice)
    assert "years.2027.graduates[2].name" in p.message and "twice" in p.message
    # a name that is no row of [[graduates]]: its months would go to nobody
    typo = {**twice, "years": {2027: {"graduates": [{"name": "张叁", "insured_months": 12}]}}}
    assert "years.2027.graduates[1].name" in problem(typo).message
    # two people of the same name (other graduation dates): a name cannot tell them apart
    namesakes = {
        **twice,
        "graduates": [rows[0], _graduate("张三", "2026-06-30", "2026-07-01")],
        "years": {2027: {"graduates": [{"name": "张三", "insured_months": 12}]}},
    }
    assert "two people" in problem(namesakes).message
    # the same person under a renewed contract is one person: read (the first contract ended
    # before 2027, so the year's months are the renewal's)
    renewed = {
        **namesakes,
        "graduates": [{**rows[0], "contract_end": "2026-06-30"}, _graduate("张三", "2025-06-30", "2026-07-01")],
    }
    assert facts_from_dict(renewed, "<test>").years[2027].graduates[0].insured_months == 12


def test_a_years_hire_is_one_person_found_by_name():
    hire = {
        "name": "陈七",
        "graduated": "2026-06-30",
        "hired": "2026-07-15",
        "status_before": "graduation_year",
        "contract_months": 12,
        "employer_contributions": 6000,
        "contribution_months": 6,
    }
    raw = {
        **with_applicant(),
        "year": 2026,
        "graduate_hires": [hire],
        "years": {
            2027: {
                "graduate_hires": [
                    {"name": "陈七", "employer_contributions": 6000},
                    {"name": "陈七", "employer_contributions": 1},
                ]
            }
        },
    }
    assert "years.2027.graduate_hires[2].name" in problem(raw).message


def test_a_years_contributions_for_a_person_hired_twice_name_no_one_hire():
    # 9.2: [years.2027] gives 陈七's contributions of the year by name; 陈七 was hired twice,
    # and the year's 6,000 went on both hires: 6,000 + 6,000 = 12,000 reimbursed for 6,000 paid
    first = {
        "name": "陈七",
        "graduated": "2025-06-30",
        "hired": "2026-01-05",
        "status_before": "unemployed",
        "contract_months": 12,
        "employer_contributions": 1000,
        "contribution_months": 1,
    }
    raw = {
        **with_applicant(),
        "year": 2026,
        "graduate_hires": [first, {**first, "hired": "2026-09-01"}],
        "years": {
            2027: {"graduate_hires": [{"name": "陈七", "employer_contributions": 6000, "contribution_months": 6}]}
        },
    }
    message = problem(raw).message
    assert "years.2027.graduate_hires[1].name" in message and "hired twice" in message
