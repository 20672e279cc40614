"""The facts of one applicant: the single input model of jzai.

A TOML file and a workbook row both become `Facts`. Every field carries its
Chinese label as `title` (the workbook header) and an English description;
`docs/facts.md` is generated from them.

A scalar left out is *unknown* (`None`), never false or zero: the engine
reports the clauses it leaves undetermined. A list or table left out means
nothing of that kind is declared.

Annotations are evaluated as the module runs (no `from __future__ import
annotations`): pydantic would otherwise compile every field's annotation
from its text at each start.
"""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from . import i18n
from .errors import inner_model
from .money import MAX_AMOUNT, label_key, normalise_text, parse_amount
from .said import Said
from .vocab import (
    ApplicantKind,
    Choice,
    Degree,
    EventType,
    HireStatus,
    Level,
    ProviderType,
    Sector,
    Size,
)

# --- value readers shared by TOML and workbook input -------------------------

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_TRUE = {"true", "yes", "y", "是", "1", "√", "✓", "t", "有"}
_FALSE = {"false", "no", "n", "否", "0", "×", "f", "无"}
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def read_date(value: Any) -> Any:
    """A date from a TOML date or text: 2026-03-01, 2026/3/1, 2026年3月1日."""
    if isinstance(value, dt.datetime):
        raise ValueError(
            Said("应为日期，不能带时间", f"expected a date such as 2026-03-01, got the date-time {value.isoformat()}")
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = normalise_text(value)
        match = _DATE_TEXT.match(text)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError as error:
                raise ValueError(Said(f"日期不存在：{value!r}", f"impossible date: {value!r}; {error}")) from None
        raise ValueError(
            Said(
                f"应为日期，如 2026-03-01、2026/3/1 或 2026年3月1日，实际为 {value!r}",
                f"expected a date, got {value!r}",
            )
        )
    raise ValueError(
        Said(f"应为日期，如 2026-03-01，实际为 {type(value).__name__}", f"expected a date, got {type(value).__name__}")
    )


def read_bool(value: Any) -> Any:
    """是/否, Y/N, TRUE/FALSE, true/false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        found = _FLAGS_READ.get(value)
        if found is not None:
            return found
        key = normalise_text(value).casefold()
        if key in _TRUE or key in _FALSE:
            found = key in _TRUE
            if len(_FLAGS_READ) < _READ_KEPT:
                _FLAGS_READ[value] = found
            return found
    raise ValueError(Said(f"应为 是/否，实际为 {value!r}", f"expected true/false, 是/否, Y/N, got {value!r}"))


def read_int(value: Any) -> Any:
    """A whole number; text digits (full-width too) are accepted."""
    if isinstance(value, bool):
        raise ValueError(Said(f"应为整数，实际为 {value!r}", f"expected a whole number, got {value!r}"))
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        text = normalise_text(value).replace(",", "")
        if re.fullmatch(r"-?\d+", text):
            return int(text)
    raise ValueError(Said(f"应为整数，实际为 {value!r}", f"expected a whole number, got {value!r}"))


def read_number(value: Any) -> Any:
    """A quantity that is not money (PFLOPS): an integer, a TOML decimal
    (read exactly as written, `1.5` or `1.8e6`) or text digits; finite,
    not negative, at most 10^15."""
    if isinstance(value, (bool, float)):
        raise ValueError(Said(f"应为数，实际为 {value!r}", f"expected a number, got {value!r}"))
    if isinstance(value, str):
        text = normalise_text(value).replace(",", "")
        if not re.fullmatch(r"\d+(?:\.\d+)?", text):
            raise ValueError(
                Said(f"应为数，如 50 或 12.5，实际为 {value!r}", f"expected a number such as 50 or 12.5, got {value!r}")
            )
        value = Decimal(text)
    if isinstance(value, int):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        raise ValueError(
            Said(f"应为数，实际为 {type(value).__name__}", f"expected a number, got {type(value).__name__}")
        )
    if not value.is_finite():
        raise ValueError(Said(f"应为有限的数，实际为 {value}", f"expected a finite number, got {value}"))
    if value < 0:
        raise ValueError(Said(f"不能为负：{value}", f"must not be negative, got {value}"))
    if value > MAX_AMOUNT:
        raise ValueError(
            Said(f"数过大，超过 10^15：{str(value)[:40]}", f"too large; at most 10^15, got {str(value)[:40]}")
        )
    return value


def read_credit_code(value: Any) -> Any:
    """统一社会信用代码: 18 characters of GB 32100-2015 with a valid check digit.

    python-stdnum computes the check digit; its `validate` also insists that the first eight characters
    are digits, which refuses real codes issued by other registration bodies
    (N…, Y…, A…), so the format is checked here.
    """
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise ValueError(
            Said(
                f"统一社会信用代码被存成了数字，数字已丢失，请以文本格式填写：{value}",
                f"the credit code was stored as a number and its digits were lost; enter it as text, got {value}",
            )
        )
    if not isinstance(value, str):
        raise ValueError(
            Said(
                f"应为18位统一社会信用代码，实际为 {type(value).__name__}",
                f"expected an 18-character credit code, got {type(value).__name__}",
            )
        )
    code = normalise_text(value).replace("-", "").upper()
    if len(code) != 18 or any(ch not in _USCC_ALPHABET for ch in code):
        raise ValueError(
            Said(
                f"应为18位统一社会信用代码，实际为 {value!r}",
                f"expected 18 characters of 0-9 and A-Y without I, O, S, V, Z, got {value!r}",
            )
        )
    if not code[2:8].isdigit():
        raise ValueError(
            Said(
                f"统一社会信用代码第3–8位应为行政区划代码数字：{value!r}",
                f"characters 3–8 must be digits, got {value!r}",
            )
        )
    from stdnum.cn import uscc

    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValueError(Said(f"统一社会信用代码校验位错误：{value!r}", f"the check digit is wrong, got {value!r}"))
    return code


def read_id_number(value: Any) -> Any:
    """居民身份证号码: 18 characters (17 digits and a check digit 0-9 or X), the
    check digit and the birth date verified with python-stdnum. The place code
    is not looked up: its table lags behind the codes in use."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError as NumberError

    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise ValueError(
            Said(
                f"身份证号码被存成了数字，请以文本格式填写：{value}",
                f"the identity number was stored as a number; enter it as text, got {value}",
            )
        )
    if not isinstance(value, str):
        raise ValueError(
            Said(
                f"应为18位居民身份证号码，实际为 {type(value).__name__}",
                f"expected an 18-character resident identity number, got {type(value).__name__}",
            )
        )
    number = normalise_text(value).replace(" ", "").upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValueError(
            Said(
                f"应为18位居民身份证号码：17位数字加校验位，实际为 {value!r}",
                f"expected 17 digits and a check digit 0-9 or X, got {value!r}",
            )
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValueError(Said(f"身份证号码校验位错误：{value!r}", f"the check digit is wrong, got {value!r}"))
    try:
        ric.get_birth_date(number)
    except NumberError:
        raise ValueError(
            Said(
                f"身份证号码中的出生日期不存在：{value!r}",
                f"the birth date in the identity number is impossible, got {value!r}",
            )
        ) from None
    return number


# Texts read before as a flag or a choice, and what they read as: the batch
# reads the same few (是, 小型, 省级) in every row. What is refused is not kept.
_READ_KEPT = 10_000
_FLAGS_READ: dict[str, bool] = {}


def _choice_reader(enum: type[Choice]):
    known: dict[str, Choice] = {}

    def read(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        if isinstance(value, str):
            found = known.get(value)
            if found is not None:
                return found
            table = enum.lookup()
            key = normalise_text(value).casefold()
            if key in table:
                if len(known) < _READ_KEPT:
                    known[value] = table[key]
                return table[key]
            from difflib import get_close_matches

            close = get_close_matches(key, list(table), n=1, cutoff=0.6)
            zh_hint = f"；是否想写“{table[close[0]].zh}”（{table[close[0]].value}）？" if close else ""
            en_hint = f"; did you mean {table[close[0]].value!r}?" if close else ""
            zh_options = "、".join(f"{m.zh}（{m.value}）" for m in enum)
            en_options = ", ".join(m.value for m in enum)
            raise ValueError(
                Said(
                    f"应为以下之一：{zh_options}；实际为 {value!r}{zh_hint}",
                    f"expected one of: {en_options}, got {value!r}{en_hint}",
                )
            )
        raise ValueError(Said(f"应为文本，实际为 {type(value).__name__}", f"expected text, got {type(value).__name__}"))

    return read


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


# --- the input form in JSON Schema (`jzai schema facts`) --------------------
# The readers accept more spellings than a schema can list (full-width digits,
# any case, spaces); each type's schema accepts every value its reader accepts
# and says in its description what is expected. jzai checks the rest itself
# and names the place of each problem.

_MONEY_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": int(MAX_AMOUNT)},
        {"type": "string", "minLength": 1},
    ],
    "description": 'An amount in yuan: a number (a fraction is kept exactly, never as a binary float) or text such as "1,200", "5000万", "0.5亿", "5,000万元".',
    "examples": [1200, "5000万", "1.6万", "0.5亿"],
}
_DATE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "description": "A date: 2026-03-01, 2026/3/1 or 2026年3月1日 (in TOML also a date without quotes).",
    "examples": ["2026-03-01", "2026/3/1", "2026年3月1日"],
}
_FLAG_SCHEMA = {
    "anyOf": [{"type": "boolean"}, {"type": "string", "minLength": 1}],
    "description": "true/false, or text: 是/否, yes/no, Y/N, 1/0, 有/无, √/× (any case).",
}
_CREDIT_CODE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "description": "统一社会信用代码: 18 characters of 0-9 and A-Y without I, O, S, V, Z, check digit verified; hyphens, spaces and full-width characters are ignored. Never a number.",
    "examples": ["91410800MA9K3T2B51"],
}
_TEXT_SCHEMA = {
    "type": ["string", "number"],
    "minLength": 1,
    "description": "Text of 1 to 500 characters once leading and trailing spaces are removed; a number is taken as its digits.",
}
_CAPACITY_SCHEMA = {
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "minLength": 1}],
    "description": 'A quantity: a number (a fraction is kept exactly) or its digits as text, e.g. "99.9".',
}


def _whole_schema(minimum: int, maximum: int) -> dict[str, Any]:
    return {
        "anyOf": [{"type": "integer", "minimum": minimum, "maximum": maximum}, {"type": "string", "minLength": 1}],
        "description": f"A whole number from {minimum} to {maximum}, or its digits as text (full-width digits and thousands commas are accepted).",
    }


def _whole(minimum: int, maximum: int) -> tuple[Any, ...]:
    """The metadata of a whole number from `minimum` to `maximum`: `Annotated[int, *_whole(1, 99)]`."""
    return BeforeValidator(read_int), Field(ge=minimum, le=maximum), WithJsonSchema(_whole_schema(minimum, maximum))


def read_year(value: Any) -> Any:
    """A year: 2026, "2026", "2026年" or "2026年度"."""
    if isinstance(value, str):
        value = re.sub(r"\s*年度?\s*$", "", normalise_text(value))
    return read_int(value)


Money = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    PlainSerializer(lambda v: str(v), return_type=str),
    WithJsonSchema(_MONEY_SCHEMA, mode="validation"),
]
Date = Annotated[dt.date, BeforeValidator(read_date), WithJsonSchema(_DATE_SCHEMA, mode="validation")]
Flag = Annotated[bool, BeforeValidator(read_bool), WithJsonSchema(_FLAG_SCHEMA)]
Count = Annotated[int, *_whole(0, 1_000_000)]
Year = Annotated[
    int,
    BeforeValidator(read_year),
    Field(ge=1990, le=2100),
    WithJsonSchema(
        {**_whole_schema(1990, 2100), "description": "A year from 1990 to 2100, or text: 2026, 2026年, 2026年度."}
    ),
]
CreditCode = Annotated[str, BeforeValidator(read_credit_code), WithJsonSchema(_CREDIT_CODE_SCHEMA)]
IdNumber = Annotated[
    str,
    BeforeValidator(read_id_number),
    WithJsonSchema({"type": "string", "description": "An 18-character resident identity number (居民身份证号码)."}),
]
Text = Annotated[
    str, BeforeValidator(_text), Field(min_length=1, max_length=500), WithJsonSchema(_TEXT_SCHEMA, mode="validation")
]
Capacity = Annotated[Decimal, BeforeValidator(read_number), WithJsonSchema(_CAPACITY_SCHEMA, mode="validation")]


def _read_clause_id(value: Any) -> Any:
    """A clause id typed in full width reads as 8.5 does: half-width, without spaces."""
    return normalise_text(value) if isinstance(value, str) else value


ClauseId = Annotated[
    str,
    BeforeValidator(_read_clause_id),
    Field(pattern=r"^\d{1,2}\.\d{1,2}$"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\s*\d{1,2}\.\d{1,2}\s*$", "description": 'A clause id such as "8.5".'}
    ),
]


def _choice(enum: type[Choice]) -> tuple[Any, ...]:
    """The metadata of a choice of `enum`: `Annotated[Size, *_choice(Size)]`."""
    values = "; ".join(f"{m.value} ({m.zh})" for m in enum)
    schema = {
        "anyOf": [{"enum": [m.value for m in enum]}, {"type": "string", "minLength": 1}],
        "description": f"One of: {values}. The Chinese label or the English words are accepted too, in any case.",
    }
    return BeforeValidator(_choice_reader(enum)), WithJsonSchema(schema)


class _Model(BaseModel):
    # built when first validated, the nested models with the one that holds them
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


def field(title: str, description: str, default: Any = None, **kw: Any) -> Any:
    return Field(default, title=title, description=description, **kw)


# --- the model ---------------------------------------------------------------


class Applicant(_Model):
    """The applicant and the conditions of 第二条."""

    name: Text = Field(title="申请人名称", description="Name of the applicant as registered.")
    credit_code: CreditCode | None = field(
        "统一社会信用代码", "Unified social credit code (18 characters, check digit verified)."
    )
    kind: Annotated[ApplicantKind, *_choice(ApplicantKind)] = Field(
        title="申请人类型", description="enterprise, park, research_institute, university or individual."
    )
    size: Annotated[Size, *_choice(Size)] | None = field(
        "企业规模", "large, medium, small or micro (大型/中型/小型/微型); 9.2 needs small or micro."
    )
    sectors: list[Annotated[Sector, *_choice(Sector)]] | None = field(
        "人工智能领域", "第一条 sectors the applicant works in; an empty list means none (not in the AI industry)."
    )
    operates_in_jiaozuo: Flag | None = field(
        "在焦作市正常经营", "第二条: operates normally in Jiaozuo (hard condition)."
    )
    pays_taxes: Flag | None = field("依法纳税", "第二条: pays taxes according to law (hard condition).")
    in_jiaozuo_statistics: Flag | None = field(
        "纳入焦作统计", "第二条: counted in Jiaozuo's statistics (原则上: when false, awards need review)."
    )
    data_labelling: Flag | None = field("数据标注企业", "8.5: the applicant is a data-labelling enterprise.")
    taxable_revenue: Money | None = field(
        "当年应税收入（元）", "3.1/3.2: taxable revenue of the assessment year, in yuan (D4)."
    )
    main_business_revenue_prev_year: Money | None = field(
        "上一年度主营业务销售收入（元）",
        "8.5: main-business revenue of the year before the assessment year, statistics bureau figure, in yuan.",
    )


class Event(_Model):
    """A recognition, selection, title or prize (articles 3, 4, 5, 7, 8)."""

    type: Annotated[EventType, *_choice(EventType)] = Field(
        title="事项类型", description="What was obtained; see the list of event types."
    )
    level: Annotated[Level, *_choice(Level)] | None = field(
        "级别", "national, provincial or municipal (国家级/省级/市级)."
    )
    name: Text | None = field(
        "事项名称", "Name of the title, platform, case or project; identifies the event in the awards already received."
    )
    date: Date | None = field("获得日期", "Date obtained (认定/入选/获批/获奖).")
    year: Year | None = field("获得年度", "Year obtained, when the exact date is not known.")
    rank: Annotated[int, *_whole(1, 99)] | None = field(
        "获奖等次", "Prizes (8.3/8.4): 1 for 一等奖, 2 for 二等奖 …; the ranks a clause pays are in its data."
    )
    lead_unit: Flag | None = field("牵头单位", "7.1: the applicant is the lead unit of the empowerment centre.")
    taxable_revenue: Money | None = field(
        "获得当年应税收入（元）",
        "3.1/3.2: taxable revenue of the year this event was obtained, in yuan (D4); "
        "when left out, applicant.taxable_revenue is used for an event of the assessment year.",
    )

    @field_validator("year")
    @classmethod
    def _year_of_the_date(cls, value: int | None, info: ValidationInfo) -> int | None:
        day = info.data.get("date")
        if value is not None and day is not None and day.year != value:
            raise ValueError(
                Said(
                    f"获得日期{day.isoformat()}不在获得年度{value}年内，请只填其一或改正",
                    f"the date obtained, {day.isoformat()}, is not in the year obtained, {value}: give one of them, or correct it",
                )
            )
        return value

    @property
    def key(self) -> str:
        """How the awards already received refer to this event: its name, or
        type and date (year) when it has none."""
        if self.name:
            return self.name
        when = self.date.isoformat() if self.date else (str(self.year) if self.year else "")
        return f"{self.type.value}@{when}" if when else self.type.value

    @property
    def obtained_year(self) -> int | None:
        return self.date.year if self.date else self.year


class Referral(_Model):
    """第四条: an enterprise the applicant referred to Jiaozuo."""

    name: Text = Field(title="被引荐企业名称", description="Name of the referred enterprise.")
    credit_code: CreditCode | None = field("被引荐企业信用代码", "Its unified social credit code.")
    introduced: Date | None = field("引进日期", "Date it was introduced (registered or settled in Jiaozuo) (D9).")
    above_size: Date | None = field(
        "升规日期", "Date it entered the above-designated-size statistics; leave out if not yet."
    )

    @property
    def key(self) -> str:
        return self.name


class ComputePurchase(_Model):
    """第六条: compute bought from a provider in the assessment year."""

    provider: Text = Field(title="算力服务商", description="Name of the compute provider.")
    provider_type: Annotated[ProviderType, *_choice(ProviderType)] | None = field(
        "服务商类型", "supercomputing_centre, ai_computing_centre, data_centre or other."
    )
    pflops: Capacity | None = field("算力规模（PFLOPS）", "AI computing centre: declared capacity in PFLOPS (D7).")
    racks: Count | None = field("标准机架数", "Data centre: number of standard racks.")
    self_built: Flag | None = field(
        "自建自用", "The provider is the applicant's own, built for its own use (excluded)."
    )
    fees: Money | None = field("算力资源使用费（元）", "Fees paid for the compute in the assessment year, in yuan.")


class DataTrading(_Model):
    """第八条: listing and trading on data-trading platforms."""

    platform_qualified: Flag | None = field(
        "符合条件的数据交易平台", "8.6: the listing platform is a qualified data-trading platform."
    )
    first_listing_date: Date | None = field("首次挂牌日期", "8.6: date the first data product was listed.")
    listing_fee: Money | None = field("挂牌服务费用（元）", "8.6: listing service fee paid, in yuan.")
    annual_volume: Money | None = field(
        "年度数据交易额（元）", "8.7: data-trading volume of the assessment year, in yuan."
    )
    first_cross_border_date: Date | None = field("首次跨境交易日期", "8.8: date of the first cross-border data trade.")
    first_cross_border_volume: Money | None = field(
        "首次跨境交易额（元）", "8.8: cross-border volume of the first year of cross-border trading, in yuan (D11)."
    )


def person_key(name: str, id_number: str | None) -> str:
    """Who a graduate row is: the identity number, else the name alone (rows of
    one name that disagree are held by the rules, not taken for two people)."""
    return f"id:{id_number}" if id_number else f"name:{name}"


def _not_before(value: dt.date | None, info: ValidationInfo, other: str, zh: str, en: str) -> dt.date | None:
    earlier = info.data.get(other)
    if value is not None and earlier is not None and value < earlier:
        raise ValueError(
            Said(
                f"{zh}（{value.isoformat()} < {earlier.isoformat()}）",
                f"{en}: {value.isoformat()} is before {earlier.isoformat()}",
            )
        )
    return value


class Graduate(_Model):
    """9.1: a graduate under contract with the applicant (paid to the graduate)."""

    name: Text = Field(title="毕业生姓名", description="The graduate's name.")
    degree: Annotated[Degree, *_choice(Degree)] | None = field(
        "学历", "phd, master, bachelor, preparatory_technician or other."
    )
    full_time: Flag | None = field("全日制", "Full-time study (全日制).")
    graduated: Date | None = field("毕业日期", "Graduation date.")
    contract_start: Date | None = field("合同起始日期", "Start of the contract with social insurance.")
    contract_end: Date | None = field("合同终止日期", "End of the contract; leave out if open-ended.")
    insured_months: Annotated[int, *_whole(0, 12)] | None = field(
        "当年缴纳社保月数",
        "Calendar months of the assessment year with social insurance under this contract (D10). "
        "A count only: when the 36 months or the graduation date cut into the year, give insured_from/insured_to instead.",
    )
    id_number: IdNumber | None = field(
        "身份证号码",
        "Resident identity number (18 characters, check digit verified); identifies the person across rows.",
    )
    insured_from: Date | None = field(
        "社保缴纳起始日期", "First day with social insurance under this contract; its calendar month counts in full."
    )
    insured_to: Date | None = field(
        "社保缴纳截止日期", "Last day with social insurance under this contract; leave out if still insured."
    )

    @field_validator("contract_end")
    @classmethod
    def _contract_ends_after_it_starts(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _not_before(
            value, info, "contract_start", "合同终止日期早于合同起始日期", "the contract ends before it starts"
        )

    @field_validator("insured_to")
    @classmethod
    def _insurance_ends_after_it_starts(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        return _not_before(
            value, info, "insured_from", "社保缴纳截止日期早于起始日期", "insurance ends before it starts"
        )

    @property
    def key(self) -> str:
        return self.name

    @property
    def person(self) -> str:
        return person_key(self.name, self.id_number)


class GraduateHire(_Model):
    """9.2: a graduate hired by a small or micro AI enterprise."""

    name: Text = Field(title="招用毕业生姓名", description="The hired graduate's name.")
    graduated: Date | None = field("毕业（离校）日期", "Graduation (leaving school) date.")
    hired: Date | None = field("招用日期", "Date of hiring.")
    status_before: Annotated[HireStatus, *_choice(HireStatus)] | None = field(
        "招用前状态", "graduation_year (毕业年度), unemployed (离校未就业) or employed_before."
    )
    contract_months: Count | None = field("劳动合同期限（月）", "Length of the labour contract in months.")
    employer_contributions: Money | None = field(
        "单位缴纳社保费（元）",
        "Social insurance the employer actually paid for this graduate in the assessment year, in yuan.",
    )
    contribution_months: Annotated[int, *_whole(0, 12)] | None = field(
        "缴费月数", "Months of the assessment year those contributions cover."
    )
    id_number: IdNumber | None = field(
        "身份证号码",
        "Resident identity number (18 characters, check digit verified); identifies the person across rows.",
    )

    @property
    def key(self) -> str:
        return self.name

    @property
    def person(self) -> str:
        return person_key(self.name, self.id_number)


class AwardReceived(_Model):
    """An award of this policy already received (so one-time awards are not paid twice)."""

    clause: ClauseId = Field(title="条款", description='Clause id such as "8.5".')
    event: Text | None = field("对应事项", "The event, referral, graduate or hire it was for (its name).")
    year: Year = Field(
        title="年度",
        description="The assessment year the award was for (usually the year it was received): yearly caps and months count it in that year.",
    )
    amount: Money = Field(title="金额（元）", description="Amount received, in yuan.")
    months: Count | None = field(
        "月数", "9.1/9.2: months the amount covered; 9.2 needs it to know what is left of the 12 months."
    )


class Facts(_Model):
    """Everything jzai knows about one applicant."""

    year: Year | None = field("评估年度", "The assessment year; --year overrides it.")
    applicant: Applicant = Field(title="申请人", description="The applicant.")
    events: list[Event] | None = field("认定与获奖", "Recognitions, selections, titles and prizes.")
    referrals: list[Referral] | None = field("引荐企业", "第四条: enterprises the applicant referred.")
    compute_purchases: list[ComputePurchase] | None = field(
        "算力使用", "第六条: compute purchases of the assessment year."
    )
    data_trading: DataTrading | None = field("数据交易", "第八条: data listing and trading.")
    graduates: list[Graduate] | None = field("毕业生", "9.1: graduates under contract.")
    graduate_hires: list[GraduateHire] | None = field("招用毕业生", "9.2: graduates hired.")
    awards_received: list[AwardReceived] = Field(
        default_factory=list, title="已获奖励", description="Awards of this policy already received."
    )
    years: dict[Year, "YearFacts"] | None = field(
        "其他年度",
        "The facts that change from year to year, for years other than `year`, which the file must then give "
        "(`[years.2027.applicant]` …): "
        "for `jzai plan` and `check --year`. A fact that changes by year and is not given for a year is unknown in that year.",
    )

    @field_validator("years", mode="before")
    @classmethod
    def _each_year_once(cls, value: Any) -> Any:
        """`[years.2027]` and `[years."2027年"]` are one year: given both, one
        would silently replace the other's facts."""
        if isinstance(value, dict):
            seen: dict[int, Any] = {}
            for key in value:
                try:
                    year = read_year(key)
                except ValueError:
                    continue  # refused with its own message below
                if year in seen:
                    raise ValueError(
                        Said(
                            f"年度 {year} 写了两次：[years.{seen[year]}] 与 [years.{key}]，请合并为一处",
                            f"the year {year} is given twice, as [years.{seen[year]}] and [years.{key}]: give it once",
                        )
                    )
                seen[year] = key
        return value

    @field_validator("years")
    @classmethod
    def _other_years_only(
        cls, value: "dict[int, YearFacts] | None", info: ValidationInfo
    ) -> "dict[int, YearFacts] | None":
        own = info.data.get("year")
        if value and own is None:
            # without `year` the top level's yearly facts belong to no year: `check --year N`
            # took them and [years.N] together, `plan` took [years.N] alone
            given = "、".join(f"[years.{year}]" for year in value)
            raise ValueError(
                Said(
                    f"文件给出了其他年度的事实（{given}），但未写明评估年度 year：顶层逐年变化的事实属于哪一年无法确定；"
                    "请在文件顶层写明 year",
                    f"the file gives facts of other years ({given}) but no `year`: which year the top-level "
                    "yearly facts are of cannot be told; give `year` at the top level",
                )
            )
        if value and own in value:
            raise ValueError(
                Said(
                    f"[years.{own}] 是文件本身的评估年度，其事实请写在文件顶层",
                    f"the file's own year {own}: give its facts at the top level, not under [years.{own}]",
                )
            )
        for year, facts in (value or {}).items():
            for section, title in (("graduates", "毕业生"), ("graduate_hires", "招用毕业生")):
                if section in info.data:  # rows that failed are reported on their own
                    _one_person_each(year, section, title, getattr(facts, section), info.data[section])
        return value

    @field_validator("data_trading")
    @classmethod
    def _an_empty_table_declares_nothing(cls, value: DataTrading | None) -> DataTrading | None:
        """`[data_trading]` with no fact in it means what leaving it out means
        (a workbook has no way to say the difference)."""
        if value is not None and all(getattr(value, name) is None for name in DataTrading.model_fields):
            return None
        return value


def _one_person_each(year: int, section: str, title: str, given: list[Any] | None, rows: list[Any] | None) -> None:
    """A person of `[[years.N.graduates]]` (or hires) is found by name: a name
    given twice, or naming no row or rows of two people, would put a year's
    months on the wrong person or on nobody."""
    people: dict[str, set[tuple[str, Any]]] = {}
    rows_of = Counter(row.name for row in rows or [])
    for row in rows or []:  # one name with two graduation dates: two people, or rows that contradict
        people.setdefault(row.name, set()).add((row.person, row.graduated))
    seen: set[str] = set()
    for index, item in enumerate(given or [], start=1):
        where = f"years.{year}.{section}[{index}].name"
        if item.name in seen:
            raise ValueError(
                Said(
                    f"{where}：{item.name!r} 在 [years.{year}] 的{title}中出现两次",
                    f"{item.name!r} is given twice for {year}",
                )
            )
        seen.add(item.name)
        if item.name not in people:
            raise ValueError(
                Said(f"{where}：[[{section}]] 中没有 {item.name!r}", f"no row of [[{section}]] is named {item.name!r}")
            )
        if len(people[item.name]) > 1:
            raise ValueError(
                Said(
                    f"{where}：[[{section}]] 中有两人同名 {item.name!r}，按姓名无法区分",
                    f"two people of [[{section}]] are named {item.name!r}: a name cannot tell them apart",
                )
            )
        running = [
            row
            for row in rows or []
            if section == "graduates"
            and row.name == item.name
            and (row.contract_start is None or row.contract_start.year <= year)
            and (row.contract_end is None or row.contract_end.year >= year)
        ]
        if len(running) > 1:
            raise ValueError(
                f"{where}：{item.name!r} 在 [[{section}]] 中有{len(running)}份合同在{year}年内，按姓名给出的当年社保月数无法确定属于哪一份合同，"
                f"请在各合同行填写社保缴纳起止日期 ({item.name!r} has {len(running)} contracts of [[{section}]] running in {year}: "
                f"insured months given by name cannot be put on one of them; give each contract's insured period)"
            )
        if section == "graduate_hires" and rows_of[item.name] > 1:
            raise ValueError(
                f"{where}：{item.name!r} 在 [[{section}]] 中被招用{rows_of[item.name]}次，该年度的缴费无法确定属于哪一次招用 "
                f"({item.name!r} is hired twice or more in [[{section}]]: the year's contributions cannot be put on one hire)"
            )


# --- facts that change from year to year ------------------------------------
# The file's facts describe its `year`; in another assessment year the facts
# below are unknown unless `[years.N]` gives them (never copied from another
# year). Everything else is dated or lasting (events, referrals, contracts).


class YearApplicant(_Model):
    """The applicant's figures of one year."""

    taxable_revenue: Money | None = field("当年应税收入（元）", "3.1/3.2: taxable revenue of that year, in yuan (D4).")
    main_business_revenue_prev_year: Money | None = field(
        "上一年度主营业务销售收入（元）",
        "8.5: main-business revenue of the year before, statistics bureau figure, in yuan.",
    )


class YearTrading(_Model):
    annual_volume: Money | None = field("年度数据交易额（元）", "8.7: data-trading volume of that year, in yuan.")


class YearGraduate(_Model):
    """A graduate of `[[graduates]]` (by name) in that year."""

    name: Text = Field(title="毕业生姓名", description="The graduate, as named in [[graduates]].")
    insured_months: Annotated[int, *_whole(0, 12)] | None = field(
        "当年缴纳社保月数", "Calendar months of that year with social insurance under this contract."
    )


class YearHire(_Model):
    """A hire of `[[graduate_hires]]` (by name) in that year."""

    name: Text = Field(title="招用毕业生姓名", description="The graduate, as named in [[graduate_hires]].")
    employer_contributions: Money | None = field(
        "单位缴纳社保费（元）", "Social insurance the employer paid for the graduate that year, in yuan."
    )
    contribution_months: Annotated[int, *_whole(0, 12)] | None = field(
        "缴费月数", "Months of that year those contributions cover."
    )


class YearFacts(_Model):
    """The facts of one more year: only those that change from year to year."""

    applicant: YearApplicant | None = field("申请人", "The applicant's figures of that year.")
    compute_purchases: list[ComputePurchase] | None = field("算力使用", "6.1: compute purchases of that year.")
    data_trading: YearTrading | None = field("数据交易", "8.7: that year's trading volume.")
    graduates: list[YearGraduate] | None = field("毕业生", "9.1: insured months of that year.")
    graduate_hires: list[YearHire] | None = field("招用毕业生", "9.2: contributions of that year.")


def for_year(facts: Facts, year: int) -> Facts:
    """The facts as they stand in the assessment `year`: the file's own when
    `year` is the file's year (or the file names none); otherwise the lasting
    facts, with those that change by year taken from `[years.N]` or unknown."""
    overlay = (facts.years or {}).get(year)
    if facts.year is None or facts.year == year:
        if overlay is None:
            return facts
        base = facts
    else:
        base = _without_yearly(facts)
    return _with_year(base, overlay) if overlay is not None else base


def _without_yearly(facts: Facts) -> Facts:
    applicant = facts.applicant.model_copy(update={"taxable_revenue": None, "main_business_revenue_prev_year": None})
    trading = facts.data_trading.model_copy(update={"annual_volume": None}) if facts.data_trading else None
    graduates = (
        [g.model_copy(update={"insured_months": None}) for g in facts.graduates] if facts.graduates else facts.graduates
    )
    hires = (
        [
            h.model_copy(update={"employer_contributions": None, "contribution_months": None})
            for h in facts.graduate_hires
        ]
        if facts.graduate_hires
        else facts.graduate_hires
    )
    return facts.model_copy(
        update={
            "applicant": applicant,
            "compute_purchases": None,
            "data_trading": trading,
            "graduates": graduates,
            "graduate_hires": hires,
        }
    )


def _with_year(facts: Facts, overlay: YearFacts) -> Facts:
    update: dict[str, Any] = {}
    if overlay.applicant is not None:
        given = {k: v for k, v in overlay.applicant if v is not None}
        update["applicant"] = facts.applicant.model_copy(update=given)
    if overlay.compute_purchases is not None:
        update["compute_purchases"] = overlay.compute_purchases
    if overlay.data_trading is not None and overlay.data_trading.annual_volume is not None:
        trading = facts.data_trading or DataTrading()
        update["data_trading"] = trading.model_copy(update={"annual_volume": overlay.data_trading.annual_volume})
    if overlay.graduates is not None and facts.graduates:
        months = {g.name: g.insured_months for g in overlay.graduates}
        update["graduates"] = [
            g.model_copy(update={"insured_months": months[g.name]}) if g.name in months else g for g in facts.graduates
        ]
    if overlay.graduate_hires is not None and facts.graduate_hires:
        paid = {h.name: h for h in overlay.graduate_hires}
        update["graduate_hires"] = [
            h.model_copy(
                update={
                    "employer_contributions": paid[h.name].employer_contributions,
                    "contribution_months": paid[h.name].contribution_months,
                }
            )
            if h.name in paid
            else h
            for h in facts.graduate_hires
        ]
    return facts.model_copy(update=update)


def title_of(name: str) -> str:
    """The Chinese label of a field by its name (`main_business_revenue_prev_year` →
    `上一年度主营业务销售收入（元）`); the name itself when no model has it."""
    for model in (Applicant, Event, ComputePurchase, DataTrading, Graduate, GraduateHire, Referral, AwardReceived):
        info = model.model_fields.get(name)
        if info is not None and info.title:
            return info.title
    return name


i18n.use_fact_titles(title_of)


def field_for_label(label: str, model: type[BaseModel] | None = None) -> str | None:
    """The field whose Chinese label `label` is (`当年应税收入` → `taxable_revenue`),
    in `model` or, without one, in any model of the facts."""
    models: list[type[BaseModel]] = (
        [model]
        if model is not None
        else [Facts, Applicant, Event, Referral, ComputePurchase, DataTrading, Graduate, GraduateHire, AwardReceived]
    )
    key = label_key(label)
    for candidate in models:
        for name, info in candidate.model_fields.items():
            if info.title and label_key(info.title) == key:
                return name
    return None


def label_of(path: str) -> str:
    """The Chinese label of a facts path: `events[2].date` → `认定与获奖第2项·获得日期`."""
    model: Any = Facts
    parts = []
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or name not in model.model_fields:
            return path
        info = model.model_fields[name]
        parts.append(f"{info.title}第{index}项" if index else str(info.title))
        model = inner_model(info.annotation)
    return "·".join(parts)
