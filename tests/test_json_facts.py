"""Facts as JSON: the same model and spellings as TOML, the same output, and
problems located by JSONPath, line and column."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jzai_cli.cli import app
from jzai_cli.errors import InputError
from jzai_cli.readers import facts_file, json_reader, toml_reader

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))

GOOD = {
    "year": 2026,
    "applicant": {
        "name": "测试科技有限公司",
        "credit_code": "91410800MA9K3T2B51",
        "kind": "enterprise",
        "size": "small",
    },
}


def to_json(toml_text: str) -> str:
    """A TOML facts file as JSON: dates as ISO text, fractions as exact JSON numbers."""

    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return f"@decimal:{value}"
        return value

    text = json.dumps(plain(tomllib.loads(toml_text, parse_float=Decimal)), ensure_ascii=False, indent=2)
    return re.sub(r'"@decimal:([^"]+)"', r"\1", text)


def check(args: list[str], stdin: bytes | None = None):
    return CliRunner().invoke(app, ["check", *args], input=stdin)


def problems_of(text: str | bytes, name: str = "company.json") -> list:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        facts_file.read_facts(name, stdin_bytes=data, input_format="json")
    return caught.value.problems


# --- the same output as TOML ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_each_example_as_json_gives_the_same_document_as_its_toml(example, lang, tmp_path):
    json_file = tmp_path / example.with_suffix(".json").name
    json_file.write_text(to_json(example.read_text(encoding="utf-8")), encoding="utf-8")
    from_toml = check([str(example), "-f", "json", "--lang", lang])
    from_json = check([str(json_file), "-f", "json", "--lang", lang])
    assert from_toml.exit_code == 0 and from_json.exit_code == 0, from_json.output
    assert from_json.stdout == from_toml.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_each_example_as_json_on_standard_input_gives_the_same_document(example):
    from_toml = check([str(example), "-f", "json"])
    text = to_json(example.read_text(encoding="utf-8")).encode("utf-8")
    for options in ([], ["--input-format", "json"], ["--input-format", "auto"]):  # auto: it starts with {
        from_json = check(["-", "-f", "json", *options], stdin=text)
        assert from_json.exit_code == 0, from_json.output
        assert from_json.stdout == from_toml.stdout


def test_the_table_of_a_json_file_is_the_table_of_its_toml(tmp_path):
    example = ROOT / "examples" / "data-labelling-firm.toml"
    json_file = tmp_path / "firm.json"
    json_file.write_text(to_json(example.read_text(encoding="utf-8")), encoding="utf-8")
    assert check([str(json_file)]).stdout == check([str(example)]).stdout


def test_a_fraction_is_read_exactly_as_in_toml(tmp_path):
    # TOML reads `listing_fee = 1.5` as Decimal("1.5"); JSON reads 1.5 the same.
    toml_text = 'year = 2026\n[applicant]\nname = "甲"\nkind = "enterprise"\n[data_trading]\nlisting_fee = 16000.5\n[[compute_purchases]]\nprovider = "乙"\nfees = 0.1\n'
    json_text = to_json(toml_text)
    assert "16000.5" in json_text and "0.1" in json_text  # numbers, not text
    facts = facts_file.read_facts("x.json", stdin_bytes=json_text.encode(), input_format="json")
    assert facts.data_trading.listing_fee == Decimal("16000.5")
    assert facts.compute_purchases[0].fees == Decimal("0.1")
    assert facts == toml_reader.read_facts("x.toml", stdin_bytes=toml_text.encode())
    (tmp_path / "a.toml").write_text(toml_text, encoding="utf-8")
    (tmp_path / "a.json").write_text(json_text, encoding="utf-8")
    assert (
        check([str(tmp_path / "a.json"), "-f", "json"]).stdout == check([str(tmp_path / "a.toml"), "-f", "json"]).stdout
    )


def test_amounts_and_dates_are_written_the_toml_way():
    text = json.dumps(
        {
            **GOOD,
            "applicant": {**GOOD["applicant"], "taxable_revenue": "5000万"},
            "graduates": [{"name": "张三", "graduated": "2025年6月30日", "full_time": "是"}],
        },
        ensure_ascii=False,
    )
    facts = facts_file.read_facts("x.json", stdin_bytes=text.encode(), input_format="json")
    assert facts.applicant.taxable_revenue == Decimal(50_000_000)  # 5000 × 10,000
    assert facts.graduates[0].graduated == dt.date(2025, 6, 30)
    assert facts.graduates[0].full_time is True


def test_null_means_unknown_as_a_key_left_out():
    with_null = {**GOOD, "applicant": {**GOOD["applicant"], "size": None}}
    without = {**GOOD, "applicant": {k: v for k, v in GOOD["applicant"].items() if k != "size"}}

    def read(data):
        return facts_file.read_facts("x.json", stdin_bytes=json.dumps(data).encode(), input_format="json")

    assert read(with_null) == read(without)
    assert read(with_null).applicant.size is None


# --- which format -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, start, expected",
    [
        ("company.json", b"year = 2026", "json"),  # the name decides
        ("company.JSON", b"{}", "json"),
        ("company.toml", b"{}", "toml"),
        ("company.txt", b"\n  {", "json"),  # otherwise the first character
        ("company", b"year = 2026", "toml"),
        ("-", b"\xef\xbb\xbf {", "json"),
        ("-", b"[applicant]", "toml"),
        ("-", b"", "toml"),
    ],
)
def test_auto_tells_json_from_toml_by_the_name_then_the_first_character(name, start, expected):
    assert facts_file.format_of(name, start) == expected


def test_a_chosen_format_wins_over_the_name(tmp_path):
    path = tmp_path / "company.toml"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    assert check([str(path), "--input-format", "json", "-f", "json"]).exit_code == 0
    refused = check([str(path), "--input-format", "toml"])
    assert refused.exit_code == 2 and "TOML 语法有误" in refused.stderr


def test_standard_input_is_toml_unless_it_starts_with_a_brace():
    toml_text = (ROOT / "examples" / "ai-park.toml").read_bytes()
    assert check(["-", "-f", "json"], stdin=toml_text).exit_code == 0
    refused = check(["-", "--input-format", "json"], stdin=toml_text)
    assert refused.exit_code == 2 and "JSON 语法有误" in refused.stderr


def test_a_json_file_is_no_longer_refused_as_toml(tmp_path):
    path = tmp_path / "company.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    result = check([str(path)])
    assert result.exit_code == 0, result.output
    assert "TOML" not in result.stderr


# --- problems and their places ------------------------------------------------------------


def test_a_syntax_error_has_its_line_and_column():
    text = '{\n  "year": 2026,\n  "applicant": {"name": "甲", "kind": "enterprise",}\n}\n'
    (p,) = problems_of(text)
    assert "JSON 语法有误" in p.message and "syntax error: Expecting property name" in p.message
    # line 3: `  "applicant": {"name": "甲", "kind": "enterprise",}` — the `}` after the
    # trailing comma is character 51 of the line (2 spaces + 48 before it)
    assert (p.line, p.column) == (3, 51)


def test_a_wrong_type_is_named_by_its_json_path_with_line_and_column():
    text = (
        "{\n"
        '  "applicant": {"name": "甲", "kind": "enterprise"},\n'
        '  "graduates": [\n'
        '    {"name": "张三", "graduated": "2025-06-30"},\n'
        '    {"name": "李四", "graduated": 20250630}\n'
        "  ]\n"
        "}\n"
    )
    (p,) = problems_of(text)
    assert p.field == "$.graduates[1].graduated"  # the second graduate, counted from 0
    assert "应为日期" in p.message and "expected a date" in p.message
    assert (p.line, p.column) == (5, 20)  # `    {"name": "李四", ` is 4 + 15 = 19 characters, then "graduated"
    assert p.value == 20250630


def test_toml_names_the_same_place_counted_from_1():
    toml_text = '[applicant]\nname = "甲"\nkind = "enterprise"\n[[graduates]]\nname = "张三"\n[[graduates]]\nname = "李四"\ngraduated = 20250630\n'
    with pytest.raises(InputError) as caught:
        toml_reader.read_facts("x.toml", stdin_bytes=toml_text.encode())
    (p,) = caught.value.problems
    assert p.field == "graduates[2].graduated"
    (q,) = problems_of(to_json(toml_text))
    assert q.field == "$.graduates[1].graduated"
    assert q.message == p.message


def test_an_unknown_key_gets_did_you_mean_with_its_place():
    text = '{"applicant": {"name": "甲", "kind": "enterprise",\n  "credit_cod": "91410800MA9K3T2B51"}}'
    (p,) = problems_of(text)
    assert p.field == "$.applicant.credit_cod"
    assert "did you mean 'credit_code'" in p.message
    assert (p.line, p.column) == (2, 3)


def test_a_missing_key_is_placed_at_its_object():
    text = '{\n  "year": 2026,\n  "applicant": {"name": "甲"}\n}'
    (p,) = problems_of(text)
    assert p.field == "$.applicant.kind"
    assert "缺少必填项" in p.message
    assert (p.line, p.column) == (3, 3)


def test_a_table_written_as_something_else_is_told_in_json_words():
    (p,) = problems_of(json.dumps({**GOOD, "events": {"type": "smart_factory"}}))
    assert p.field == "$.events"
    assert "expected an array" in p.message and "[[" not in p.message
    (q,) = problems_of(json.dumps({**GOOD, "data_trading": [1]}))
    assert "expected an object" in q.message


def test_a_key_that_is_no_identifier_is_bracketed_in_the_path():
    (p,) = problems_of(json.dumps({**GOOD, "申请 人": 1}, ensure_ascii=False))
    assert p.field == '$["申请 人"]'


def test_a_key_written_twice_is_refused_with_its_place():
    text = '{"applicant": {"name": "甲", "kind": "enterprise",\n  "name": "乙"}}'
    (p,) = problems_of(text)
    assert "twice" in p.message
    assert p.field == "$.applicant.name"
    assert (p.line, p.column) == (2, 3)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(token):
    text = '{"applicant": {"name": "NaN", "kind": "enterprise",\n "taxable_revenue": ' + token + "}}"
    (p,) = problems_of(text)
    assert "not a JSON number" in p.message
    assert (p.line, p.column) == (
        2,
        21,
    )  # ` "taxable_revenue": ` is 1 + 17 + 2 = 20 characters; "NaN" as a name is text


@pytest.mark.parametrize("number", ["1e400", "1e15", "1000000000000001"])
def test_an_amount_over_10_to_the_15_is_refused_as_in_toml(number):
    # 10^15 yuan is the most money.py accepts; 1e15 itself is allowed, one more is not
    text = '{"applicant": {"name": "甲", "kind": "enterprise", "taxable_revenue": ' + number + "}}"
    if number == "1e15":
        facts = facts_file.read_facts("x.json", stdin_bytes=text.encode(), input_format="json")
        assert facts.applicant.taxable_revenue == Decimal(10) ** 15
        return
    (p,) = problems_of(text)
    assert "too large" in p.message
    toml_text = f'[applicant]\nname = "甲"\nkind = "enterprise"\ntaxable_revenue = {number}\n'
    with pytest.raises(InputError) as caught:
        toml_reader.read_facts("x.toml", stdin_bytes=toml_text.encode())
    assert caught.value.problems[0].message == p.message


@pytest.mark.parametrize("reader", ["json", "toml"])
def test_a_number_of_thousands_of_digits_is_refused_with_its_place(reader):
    digits = "1" * 5000
    text = ('{"year": ' + digits + "}") if reader == "json" else f"year = {digits}\n"
    with pytest.raises(InputError) as caught:
        facts_file.read_facts("x", stdin_bytes=text.encode(), input_format=reader)
    (p,) = caught.value.problems
    assert "too many digits" in p.message
    assert (p.line, p.column) == (1, 10 if reader == "json" else 8)


def test_deep_nesting_is_refused():
    (p,) = problems_of('{"applicant": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nesting too deep" in p.message or "expected" in p.message


@pytest.mark.parametrize("text, what", [("[1, 2]", "an array"), ('"x"', "text"), ("2026", "a number")])
def test_the_top_level_must_be_an_object(text, what):
    (p,) = problems_of(text)
    assert "the top level must be an object" in p.message and what in p.message
    assert p.field == "$"


# --- encoding and size, as TOML -------------------------------------------------------------


def test_a_utf8_bom_is_accepted():
    facts = facts_file.read_facts(
        "x.json", stdin_bytes=b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), input_format="auto"
    )
    assert facts.applicant.name == "测试科技有限公司"


@pytest.mark.parametrize("encoding, word", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("gbk", "GBK")])
def test_utf16_and_gbk_are_refused_with_a_utf8_hint(encoding, word):
    (p,) = problems_of(json.dumps(GOOD, ensure_ascii=False).encode(encoding))
    assert word in p.message and "UTF-8" in p.message


def test_the_size_limit_is_that_of_toml(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(GOOD) + " " * (5 * 1024 * 1024), encoding="utf-8")  # 5 MB is the default limit
    assert path.stat().st_size > 5 * 1024 * 1024
    assert check([str(path), "--max-file-mb", "6"]).exit_code == 0
    refused = check([str(path)])
    assert refused.exit_code == 2 and "--max-file-mb" in refused.stderr
    stdin = check(["-", "--max-file-mb", "1"], stdin=path.read_bytes())
    assert stdin.exit_code == 2 and "--max-file-mb" in stdin.stderr


def test_a_bad_json_file_exits_2_with_one_block_and_no_traceback(tmp_path):
    path = tmp_path / "company.json"
    path.write_text('{"applicant": {"name": "甲", "kind": "公园"}}', encoding="utf-8")
    result = check([str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"{path}, line 1, column 29, $.applicant.kind" in result.stderr


def test_the_positions_are_found_once_and_only_for_a_problem(monkeypatch):
    walked = []
    real = json_reader.Positions.__init__

    def counting(self, text):
        walked.append(1)
        real(self, text)

    monkeypatch.setattr(json_reader.Positions, "__init__", counting)
    facts_file.read_facts("x.json", stdin_bytes=json.dumps(GOOD).encode(), input_format="json")
    assert walked == []
    problems_of(json.dumps({**GOOD, "a": 1, "b": 2, "c": 3}))
    assert walked == [1]
