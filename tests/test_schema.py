"""The JSON Schemas: shipped and current, printed by `jzai schema`, and every
document and facts file of the examples validates against them."""

from __future__ import annotations

import datetime as dt
import functools
import json
import tomllib
import typing
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import BaseModel, BeforeValidator, WithJsonSchema
from typer.testing import CliRunner

from jzai_cli import facts as facts_mod
from jzai_cli import schema
from jzai_cli.cli import app
from jzai_cli.policy import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))


def shipped(name: str) -> dict:
    return json.loads((files("jzai_cli") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(shipped(name), format_checker=FormatChecker())


def errors(name: str, document) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(name).iter_errors(document)]


def as_json(value):
    """TOML data as a JSON file carries it: dates as ISO text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- shipped and current ------------------------------------------------------------


@pytest.mark.parametrize("name", schema.NAMES)
def test_the_shipped_schema_is_generated_from_the_models(name):
    # Regenerated from the models: a field added to facts.py or a key to a
    # document model changes the schema, and `python -m jzai_cli.schema`
    # must be run.
    path = ROOT / "jzai_cli" / "schemas" / f"{name}.schema.json"
    assert path.read_text(encoding="utf-8") == schema.text_of(name), "run: python -m jzai_cli.schema"


@pytest.mark.parametrize("name", schema.NAMES)
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    document = shipped(name)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", schema.NAMES)
def test_jzai_schema_prints_the_shipped_file(name):
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == shipped(name)


def test_jzai_schema_refuses_an_unknown_name():
    result = CliRunner().invoke(app, ["schema", "forecast"])
    assert result.exit_code == 2


def test_the_schema_module_reports_and_rewrites_a_stale_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(schema, "SCHEMAS_DIR", tmp_path)
    assert schema.main(["--check"]) == 1  # none written yet
    assert "stale" in capsys.readouterr().out
    assert schema.main([]) == 0
    assert schema.main(["--check"]) == 0
    assert (tmp_path / "facts.schema.json").read_text(encoding="utf-8") == schema.text_of("facts")


def test_every_facts_type_with_its_own_reader_has_its_own_json_schema():
    # A type read by a BeforeValidator accepts more than its Python type
    # ("5000万" for a Decimal); without WithJsonSchema its schema would refuse
    # what the reader accepts.
    def annotated(annotation):
        if typing.get_origin(annotation) is typing.Annotated:
            yield annotation
        for arg in typing.get_args(annotation):
            yield from annotated(arg)

    models = [
        m
        for m in vars(facts_mod).values()
        if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == facts_mod.__name__
    ]
    checked = 0
    for model in models:
        for name, info in model.model_fields.items():
            metadata = list(info.metadata)
            for item in annotated(info.annotation):
                metadata += list(typing.get_args(item)[1:])
            if any(isinstance(m, BeforeValidator) for m in metadata):
                checked += 1
                assert any(isinstance(m, WithJsonSchema) for m in metadata), f"{model.__name__}.{name}"
    assert checked > 40


# --- the facts schema ---------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_shipped_example_s_facts_validate(example):
    data = as_json(tomllib.loads(example.read_text(encoding="utf-8"), parse_float=Decimal))
    assert errors("facts", data) == []


MINIMAL = {"applicant": {"name": "测试科技有限公司", "kind": "enterprise"}}


@pytest.mark.parametrize(
    "section, key, value",
    [
        # each value is one the reader accepts (checked below): the schema accepts it too
        ("applicant", "taxable_revenue", "5000万"),
        ("applicant", "taxable_revenue", "５０００万元"),
        ("applicant", "taxable_revenue", 1200),
        ("applicant", "taxable_revenue", 1.5),
        ("applicant", "main_business_revenue_prev_year", "2,350万元"),
        ("applicant", "operates_in_jiaozuo", "是"),
        ("applicant", "operates_in_jiaozuo", True),
        ("applicant", "kind", "企业"),
        ("applicant", "kind", "Enterprise"),
        ("applicant", "size", "小型"),
        ("applicant", "credit_code", "91410800-MA9K3T2B51"),
        ("applicant", "name", 12345),
        ("year", None, "2026"),
        ("year", None, "２０２６"),
    ],
)
def test_the_facts_schema_accepts_what_the_reader_accepts(section, key, value):
    data = json.loads(json.dumps(MINIMAL))
    if key is None:
        data[section] = value
    else:
        data[section][key] = value
    facts_mod.Facts.model_validate(json.loads(json.dumps(data), parse_float=Decimal))  # the reader accepts it
    assert errors("facts", data) == []


@pytest.mark.parametrize(
    "key, value",
    [
        ("graduated", "2025年6月30日"),
        ("graduated", "2025/6/30"),
        ("insured_months", "12"),
        ("full_time", "Y"),
        ("degree", "硕士"),
    ],
)
def test_the_facts_schema_accepts_the_spellings_of_a_graduate(key, value):
    data = {**MINIMAL, "graduates": [{"name": "张三", key: value}]}
    facts_mod.Facts.model_validate(data)
    assert errors("facts", data) == []


@pytest.mark.parametrize(
    "data, where",
    [
        ({"applicant": {"name": "x"}}, "$.applicant"),  # kind is required
        ({"applicant": {"name": "x", "kind": "park", "nme": "y"}}, "$.applicant"),  # unknown key
        ({**MINIMAL, "grads": []}, "$"),
        ({**MINIMAL, "graduates": [{"name": "张三", "graduated": 20250630}]}, "$.graduates[0].graduated"),
        ({**MINIMAL, "year": 1989}, "$.year"),
        ({**MINIMAL, "year": 2101}, "$.year"),
        ({"applicant": {**MINIMAL["applicant"], "taxable_revenue": -1}}, "$.applicant.taxable_revenue"),
        ({"applicant": {**MINIMAL["applicant"], "credit_code": 91410800}}, "$.applicant.credit_code"),
        ({"applicant": {**MINIMAL["applicant"], "pays_taxes": 1}}, "$.applicant.pays_taxes"),
        ({**MINIMAL, "awards_received": [{"clause": "8", "year": 2025, "amount": 1}]}, "$.awards_received[0].clause"),
    ],
)
def test_the_facts_schema_refuses_what_the_reader_refuses(data, where):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        facts_mod.Facts.model_validate(data)
    found = list(validator("facts").iter_errors(data))

    def paths(error):  # an error and, inside anyOf, the errors of each branch
        yield error.json_path
        for inner in error.context or ():
            yield from paths(inner)

    assert found and any(where in paths(e) for e in found), [(e.json_path, e.message) for e in found]


def test_the_year_bounds_are_inclusive_in_the_schema_as_in_the_reader():
    for year in (1990, 2100):
        facts_mod.Facts.model_validate({**MINIMAL, "year": year})
        assert errors("facts", {**MINIMAL, "year": year}) == []


# --- the documents ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_s_check_document_validates(example, lang):
    result = CliRunner().invoke(app, ["check", str(example), "--format", "json", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert errors("check", json.loads(result.stdout)) == []


def _every_reading_option():
    policy = load()
    return [(r.id, o.id) for r in policy.readings.values() for o in r.options]


@pytest.mark.parametrize("reading", _every_reading_option(), ids=lambda r: f"{r[0]}={r[1]}")
def test_the_check_documents_under_every_reading_validate(reading):
    # The conftest wraps result_doc: each document is validated as it is made.
    for example in EXAMPLES:
        result = CliRunner().invoke(
            app, ["check", str(example), "--format", "json", "--reading", f"{reading[0]}={reading[1]}"]
        )
        assert result.exit_code == 0, result.output
    assert errors("check", json.loads(result.stdout)) == []


def test_an_undetermined_award_and_a_near_miss_validate():
    from conftest import run

    from jzai_cli.render.json_doc import result_doc

    result = run(
        applicant={"data_labelling": True, "main_business_revenue_prev_year": "990万"},
        events=[{"type": "data_labelling_case", "level": "provincial", "name": "案例"}],  # no date: undetermined
        compute_purchases=[
            {"provider": "甲", "provider_type": "ai_computing_centre", "pflops": "99.9", "fees": "12.5"}
        ],
    )
    document = result_doc(result, load())
    statuses = {a["status"] for a in document["awards"]}
    assert "undetermined" in statuses
    assert any(a["near_miss"] for a in document["awards"])
    assert errors("check", document) == []


def test_a_float_or_an_unknown_key_in_a_check_document_is_refused():
    document = json.loads(CliRunner().invoke(app, ["check", str(EXAMPLES[0]), "--format", "json"]).stdout)
    assert errors("check", document) == []
    award = document["awards"][0]
    for bad in (
        {**award, "amount_yuan": 1.5},
        {**award, "bonus": []},
        {k: v for k, v in award.items() if k != "reason"},
    ):
        assert errors("check", {**document, "awards": [bad]})
    assert errors("check", {**document, "awards": [{**award, "facts": {"fees": 0.1}}]})


def test_the_plan_document_of_the_shipped_plan_validates():
    plan = ROOT / "examples" / "plan" / "three-year-plan.toml"
    for options in ([], ["--lang", "en"], ["--assume", "2027: main_business_revenue_prev_year=5000万"]):
        result = CliRunner().invoke(app, ["plan", str(plan), "--years", "2026-2028", "--format", "json", *options])
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert [y["year"] for y in document["years"]] == [2026, 2027, 2028]
        assert errors("plan", document) == []


def test_the_batch_document_of_the_shipped_workbook_validates():
    result = CliRunner().invoke(app, ["batch", str(ROOT / "examples" / "applicants.xlsx"), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert errors("batch", document) == []
    assert len(document["applicants"]) == 4


def test_a_batch_document_with_invalid_rows_validates(tmp_path):
    from batch_helpers import CODE_A, MAIN_HEAD, main_row, write_xlsx

    bad = main_row("坏行公司", CODE_A)
    bad[0] = "明年"  # an assessment year that is no year
    path = write_xlsx(
        tmp_path / "in.xlsx",
        {"申请人信息": [MAIN_HEAD, main_row("好公司", "91410811MA9LX0QH2Q"), bad, ["", "", "", "企业"]]},
    )
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {a["status"] for a in document["applicants"]} >= {"valid", "invalid"}
    assert document["problems"]
    assert errors("batch", document) == []


def test_the_batch_document_of_an_empty_workbook_validates(tmp_path):
    from batch_helpers import MAIN_HEAD, write_xlsx

    path = write_xlsx(tmp_path / "in.xlsx", {"申请人信息": [MAIN_HEAD]})
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    document = json.loads(result.stdout)
    assert document["applicants"] == []
    assert errors("batch", document) == []


# --- what the reader accepts, the schema accepts (property) ----------------------------

from hypothesis import given, settings  # noqa: E402 - with the tests that use it
from hypothesis import strategies as st  # noqa: E402 - with the tests that use it

_BASES = {
    "applicant": ({"name": "甲", "kind": "enterprise"}, facts_mod.Applicant),
    "events": ({"type": "smart_factory"}, facts_mod.Event),
    "referrals": ({"name": "乙"}, facts_mod.Referral),
    "compute_purchases": ({"provider": "丙"}, facts_mod.ComputePurchase),
    "data_trading": ({}, facts_mod.DataTrading),
    "graduates": ({"name": "张三"}, facts_mod.Graduate),
    "graduate_hires": ({"name": "李四"}, facts_mod.GraduateHire),
    "awards_received": ({"clause": "8.5", "year": 2025, "amount": 1}, facts_mod.AwardReceived),
}
_PLACES = [(section, name) for section, (_, model) in _BASES.items() for name in model.model_fields] + [(None, "year")]
_SPELLINGS = [
    "5000万",
    "1,200",
    "0.5亿",
    "５０００万元",
    "2026",
    "２０２６",
    "2,026",
    "2026-03-01",
    "2026/3/1",
    "2026年3月1日",
    "是",
    "否",
    "Y",
    "n",
    "TRUE",
    "有",
    "企业",
    "Enterprise",
    "省级",
    "smart_factory",
    "phd",
    "硕士",
    " 8.5 ",
    "8.5",
    "91410800MA9K3T2B51",
    "91410800-ma9k3t2b51",
    "12",
    "1",
    "",
    " ",
    "x",
    "-1",
]
_VALUES = st.one_of(
    st.sampled_from(_SPELLINGS),
    st.text(max_size=12),
    st.integers(min_value=-10, max_value=10**16),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10, max_value=10**16, places=2),
    st.booleans(),
    st.none(),
)


def _as_json_parser_gives(value):
    """What a JSON parser other than jzai's gives for the value: floats."""
    return float(value) if isinstance(value, Decimal) else value


@settings(max_examples=400, deadline=None)
@given(place=st.sampled_from(_PLACES), value=_VALUES)
def test_whatever_the_reader_accepts_the_facts_schema_accepts(place, value):
    section, name = place
    data = {"applicant": dict(_BASES["applicant"][0])}
    if section is None:
        data[name] = value
    elif section in ("applicant", "data_trading"):
        data[section] = {**data.get(section, _BASES[section][0]), name: value}
    else:
        data[section] = [{**_BASES[section][0], name: value}]
    try:
        facts_mod.Facts.model_validate(data)
    except ValueError:  # refused by the reader: the schema may accept or refuse it
        return
    shown = json.loads(json.dumps(data, default=_as_json_parser_gives))
    assert errors("facts", shown) == [], (place, value)
