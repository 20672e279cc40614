"""JSON Schema (draft 2020-12) of the facts file and of the JSON documents
jzai writes, generated from pydantic models.

The facts schema comes from the input model itself (`facts.Facts`, in its
input form: amounts as numbers or text such as "5000万", dates as text). The
documents of `jzai check --format json` (render/json_doc.py), `jzai batch
--format json` (render/workbook_out.py `JsonSink`) and `jzai plan --format
json` (plan.py `plan_doc`) are described by the models below, with the
meanings of docs/json.md; they describe the documents and do not build them.

`python -m jzai_cli.schema` writes jzai_cli/schemas/*.json, which ship in the
package and which `jzai schema NAME` prints; a test checks that the files are
current and that every document the tests produce validates.
"""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema

from .policy import Clause
from .result import Status
from .vocab import ApplicantKind, Size

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
NAMES = ("facts", "check", "batch", "plan")

KINDS = typing.get_args(Clause.model_fields["kind"].annotation)
RECIPIENTS = typing.get_args(Clause.model_fields["recipient"].annotation)


class _Doc(BaseModel):
    """Every key is always written; no other key is."""

    model_config = ConfigDict(extra="forbid", json_schema_mode_override="serialization")


def _always(schema: dict[str, Any]) -> None:
    """Every property is present in the document (null where it has no value)."""
    schema["required"] = list(schema.get("properties", {}))


class _Always(_Doc):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_always)


def doc(description: str, **kw: Any) -> Any:
    return Field(description=description, **kw)


# A fact value as the documents carry it: integers, decimal strings ("12.5"),
# text, true/false, ISO dates, lists and tables of those; never a float.
FACT_VALUE = {"type": ["integer", "string", "boolean", "null", "array", "object"]}
EXACT_NUMBER = {"type": ["integer", "string"]}  # an integer, or a decimal string such as "12.5"


# --- the check document -------------------------------------------------------------


class PolicyDoc(_Always):
    """Which policy, which version, and that it is a draft."""

    id: str = doc("The policy's id, `jiaozuo-ai-measures`.")
    title: str = doc("The policy's title.")
    version: str = doc("The version of the policy data.")
    status: str = doc('`"draft"` for the draft for comment.')
    status_label: str = doc("The status in words (征求意见稿), following --lang.")


class ApplicantDoc(_Always):
    """Who applies."""

    name: str = doc("The applicant's name.")
    credit_code: str | None = doc("统一社会信用代码, or null.")
    kind: Literal[tuple(m.value for m in ApplicantKind)] = doc("The applicant kind.")  # type: ignore[valid-type]  # built from the values: the JSON Schema lists them
    size: Literal[tuple(m.value for m in Size)] | None = doc("The enterprise size, or null.")  # type: ignore[valid-type]  # built from the values: the JSON Schema lists them


class CapDoc(_Always):
    """A cap applied to an award."""

    name: str = doc("`per_project`, `ceiling`, `yearly`, `cumulative`, `per_person`, `max_months` or `top_up`.")
    limit_yuan: int = doc("The cap, in yuan.", ge=0)
    before_yuan: int = doc("The amount before the cap, in yuan.", ge=0)
    after_yuan: int = doc("The amount after the cap, in yuan.", ge=0)
    cut: bool = doc("Whether the cap cut the amount.")


class LimitDoc(_Always):
    """The state of a yearly, cumulative or per-person limit."""

    clause: str = doc('The clause id, `"6.1"`.')
    scope: str = doc("`yearly` (6.1), `cumulative` (4.1) or `per_person` (9.1/9.2).")
    subject: str = doc("What it is counted for: the year, the applicant or the person.")
    unit: str = doc("`yuan` or `months`.")
    limit: int = doc("The limit, in the unit.", ge=0)
    used_before: int = doc("Used by awards received before, in the unit.", ge=0)
    this_award: int = doc("Used by this award, in the unit.", ge=0)
    remaining: int = doc("What remains, in the unit.", ge=0)


class NearMissDoc(_Always):
    """A threshold just out of reach."""

    threshold: str = doc("The threshold in the source's words, e.g. `5000万元`.")
    value: Any = doc(
        'The applicant\'s value: an integer, or a decimal string such as "12.5".', json_schema_extra=EXACT_NUMBER
    )
    shortfall: Any = doc(
        "How far the value is from the threshold, in the unit: an integer or a decimal string.",
        json_schema_extra=EXACT_NUMBER,
    )
    unit: str = doc("`yuan`, `PFLOPS`, `racks`, `days_late` or `months`.")
    would_pay_yuan: int | None = doc("What the award would pay at the threshold, in yuan, or null.", ge=0)
    fixed: bool = doc(
        "True when the miss is on a date that has passed (已过期): the applicant can no longer change it."
    )


class TraceStepDoc(_Always):
    """One step of an award's computation (`--trace`)."""

    kind: Literal["quote", "facts", "threshold", "reading", "cap", "gate", "outcome", "rounding"] = doc(
        "What the step is."
    )
    text: str = doc("The step in the output language.")
    value_yuan: int | None = doc(
        "The amount after this step, in whole yuan, when the step sets one; the last step's is what the award pays."
    )


def _always_but_trace(schema: dict[str, Any]) -> None:
    _always(schema)
    schema["required"].remove("trace")


class AwardDoc(_Doc):
    """One clause and event looked at."""

    clause: str = doc('Clause id, `"8.5"`.', pattern=r"^\d{1,2}\.\d{1,2}$")
    article: int = doc("The article, `8`.", ge=1)
    title: str = doc("The clause's title.")
    event: str | None = doc("The event, referral, purchase, graduate or tier it is for, or null.")
    status: Literal[tuple(s.value for s in Status)] = doc(  # type: ignore[valid-type]  # built from the values: the JSON Schema lists them
        "`eligible`, `needs_review`, `undetermined` or `not_eligible`."
    )
    amount_yuan: int = doc("What it pays, in whole yuan (0 unless eligible or needs_review).", ge=0)
    ceiling: bool = doc('True when the amount is an "up to" (最高) sum set on review.')
    potential_yuan: int | None = doc(
        "For undetermined awards: what it would pay if the missing facts turn out favourably; otherwise null.", ge=0
    )
    kind: Literal[KINDS] = doc("How the amount is computed.")  # type: ignore[valid-type]  # built from the values: the JSON Schema lists them
    recipient: Literal[RECIPIENTS] = doc("`applicant` or `individual`.")  # type: ignore[valid-type]  # built from the values: the JSON Schema lists them
    reason: str = doc("One sentence: why this status and amount (empty when there is none).")
    caps: list[CapDoc] = doc("Caps applied, in the order applied.")
    limits: list[LimitDoc] = doc("Limits touched by this award.")
    facts: dict[str, Any] = doc(
        "The facts the rule read, by name: integers, decimal strings, text, true/false, ISO dates, lists.",
        json_schema_extra={"additionalProperties": FACT_VALUE},
    )
    readings: list[str] = doc("Readings (D1–D14) that affected this award.")
    missing_facts: list[str] = doc("Facts needed to decide it, as facts paths counted from 1.")
    near_miss: NearMissDoc | None = doc("A threshold just out of reach, or null.")
    notes: list[str] = doc("The reason, then each reading used with its label.")
    trace: list[TraceStepDoc] | None = doc(
        "With `--trace` only: the steps that produced the award, in order.", default=None
    )

    model_config = ConfigDict(extra="forbid", json_schema_extra=_always_but_trace)


class CapHitDoc(_Always):
    """A cap that cut an award."""

    clause: str = doc("The clause id.")
    event: str | None = doc("The award's event, or null.")
    cap: str = doc("The cap's name, as in an award's `caps`.")
    limit_yuan: int = doc("The cap, in yuan.", ge=0)
    before_yuan: int = doc("The amount before the cap, in yuan.", ge=0)
    after_yuan: int = doc("The amount after the cap, in yuan.", ge=0)


class ByRecipientDoc(_Always):
    """The parts of `total_yuan` by who is paid."""

    applicant: int = doc("Paid to the applicant, in yuan.", ge=0)
    individual: int = doc("Paid to individuals (9.1 graduates), in yuan.", ge=0)


class EvidenceDoc(_Always):
    """A document to hand in."""

    document: str = doc("Its name (申报材料), following --lang.")
    facts: list[str] = doc("The facts it proves, as paths of the facts format.")


class ClauseEvidenceDoc(_Always):
    """The documents of one clause."""

    clause: str = doc("The clause id.")
    documents: list[EvidenceDoc] = doc("What to hand in for it.")


class DocumentsDoc(_Always):
    """What to hand in (申报材料, from the policy data)."""

    general: list[EvidenceDoc] = doc("For every claim (第二条).")
    by_clause: list[ClauseEvidenceDoc] = doc(
        "For each clause with an award that pays, needs review or is undetermined, in clause order."
    )
    not_stated: list[str] = doc("What the draft leaves open: 受理部门, 申报时间, 兑现方式.")


class ResultDoc(_Always):
    """One applicant's result: the check document without `documents`, as
    the batch document carries it for each applicant."""

    model_config = ConfigDict(title="jzai result")

    schema_version: Literal[1] = doc("1; raised when a key changes meaning or disappears.")
    policy: PolicyDoc = doc("Which policy, its version and that it is a draft.")
    applicant: ApplicantDoc = doc("The applicant.")
    year: int = doc("The assessment year.")
    year_source: Literal["option", "file", "today"] = doc(
        "`option` (--year), `file` (`year =` in the file) or `today`."
    )
    awards: list[AwardDoc] = doc("One object per clause and event looked at, in clause order.")
    total_yuan: int = doc("Sum of the sure amounts of eligible awards (all recipients), in yuan.", ge=0)
    ceiling_total_yuan: int = doc('Sum of the "up to" (最高) amounts of eligible awards: 8.6, 8.7, 8.8.', ge=0)
    review_total_yuan: int = doc("Amounts computed but held for review (art. 2's 原则上 condition).", ge=0)
    total_by_recipient: ByRecipientDoc = doc("The `applicant` and `individual` (9.1 graduates) parts of `total_yuan`.")
    caps_hit: list[CapHitDoc] = doc("Each cap that cut an award.")
    remaining_limits: list[LimitDoc] = doc("The last state of each limit.")
    missing_facts: list[str] = doc(
        "Facts still needed to decide a clause, as paths such as `events[2].date` (items counted from 1)."
    )
    not_claimed: list[str] = doc("Clause ids for which the file declares no facts.")
    readings: dict[str, str] = doc(
        "Every reading D1–D14 and the option in force.", json_schema_extra={"propertyNames": {"pattern": r"^D\d+$"}}
    )
    readings_used: list[str] = doc("The readings that affected some award.")
    notes: list[str] = doc("Notes on the whole result (draft status, D13, unmatched events, …).")


class CheckDocument(ResultDoc):
    """The document of `jzai check --format json` (docs/json.md)."""

    model_config = ConfigDict(title="jzai check document")

    documents: DocumentsDoc = doc("What to hand in: for every claim, per clause, and what the draft leaves unstated.")


# --- the batch document -------------------------------------------------------------


class ProblemDoc(_Always):
    """A problem of the input: where, and what was expected."""

    sheet: str | None = doc("The sheet, or null.")
    row: int | None = doc("The row of the sheet, or null.")
    header: str | None = doc("The column's header, or null.")
    field: str | None = doc("The facts path, such as `events[2].date` (items counted from 1), or null.")
    value: str | int | bool | None = doc("The value found, or null.")
    message: str = doc("What is wrong and what was expected, Chinese first with English.")


class ApplicantOutcomeDoc(_Always):
    """One applicant row of the workbook and what became of it."""

    row: int = doc("The applicant's row on the main sheet.")
    name: str = doc("The applicant's name as written (may be empty in an invalid row).")
    credit_code: str = doc("The credit code as written (may be empty in an invalid row).")
    status: Literal["valid", "needs_review", "invalid"] = doc("`valid`, `needs_review` or `invalid`.")
    problems: list[ProblemDoc] = doc("The row's problems (an invalid row has at least one).")
    result: ResultDoc | None = doc("The applicant's check document without `documents`, or null when invalid.")


class ClauseTotalsDoc(_Always):
    """The cost of one clause over the whole batch."""

    clause: str = doc("The clause id.")
    article: int = doc("The article.", ge=1)
    title: str = doc("The clause's title (English).")
    eligible: int = doc("Applicants with an eligible award of the clause.", ge=0)
    review: int = doc("Applicants with an award of the clause held for review.", ge=0)
    sure_yuan: int = doc("Sum of the sure amounts, in yuan.", ge=0)
    ceiling_yuan: int = doc('Sum of the "up to" (最高) amounts, in yuan.', ge=0)
    review_yuan: int = doc("Sum of the amounts held for review, in yuan.", ge=0)
    caps_hit: int = doc("Times a cap cut an award of the clause.", ge=0)
    near_misses: int = doc("Applicants with a threshold of the clause just out of reach.", ge=0)


class ArticleTotalsDoc(_Always):
    """The cost of one article over the whole batch."""

    article: int = doc("The article.", ge=1)
    total_yuan: int = doc("Sum of the sure amounts, in yuan.", ge=0)
    ceiling_total_yuan: int = doc('Sum of the "up to" amounts, in yuan.', ge=0)
    review_total_yuan: int = doc("Sum of the amounts held for review, in yuan.", ge=0)


class DuplicateRowDoc(_Always):
    """One applicant row of a duplicate group."""

    row: int = doc("The row in 申请人信息.", ge=1)
    name: str = doc("The applicant's name.")
    amount_yuan: int = doc("What this row's claim pays, in yuan.", ge=0)


class DuplicateGroupDoc(_Always):
    """The same thing claimed by several applicant rows."""

    kind: Literal["applicant", "referral", "graduate", "graduate_hire", "lead_unit_event", "platform"] = doc(
        "What is claimed twice: the same applicant, referred enterprise, graduate, hired graduate, or empowerment centre (its lead unit)."
    )
    clause: str | None = doc("The clause it is claimed under, or null for the same applicant twice.")
    key: str = doc("What identifies it: a credit code, a name, an identity number, name and graduation date.")
    amount_at_risk_yuan: int = doc("What the group pays beyond its largest single claim, in yuan.", ge=0)
    rows: list[DuplicateRowDoc] = doc("The applicant rows of the group.")


class SummaryDoc(_Always):
    """The batch as a whole."""

    file: str = doc("The input workbook.")
    read: int = doc("Applicant rows read.", ge=0)
    valid: int = doc("Valid applicants, those held for review included.", ge=0)
    invalid: int = doc("Invalid applicants.", ge=0)
    needs_review: int = doc("Applicants with an award held for review.", ge=0)
    total_yuan: int = doc("Sum of the sure amounts of all applicants, in yuan.", ge=0)
    ceiling_total_yuan: int = doc('Sum of the "up to" amounts of all applicants, in yuan.', ge=0)
    review_total_yuan: int = doc("Sum of the amounts held for review, in yuan.", ge=0)
    clauses: list[ClauseTotalsDoc] = doc("The cost per clause, in clause order.")
    articles: list[ArticleTotalsDoc] = doc("The cost per article.")
    duplicates: list[DuplicateGroupDoc] = doc(
        "What more than one applicant claims (the 重复 sheet): flagged for review, not taken out of the totals."
    )
    duplicate_risk_yuan: int = doc("The amount at risk over all duplicate groups, in yuan.", ge=0)


class BatchDocument(_Always):
    """The document of `jzai batch --format json` (docs/json.md)."""

    model_config = ConfigDict(title="jzai batch document")

    schema_version: Literal[1] = doc("1; raised when a key changes meaning or disappears.")
    applicants: list[ApplicantOutcomeDoc] = doc("Every applicant row, in the order read.")
    problems: list[ProblemDoc] = doc("Every problem of the workbook: of the rows, and of the file as a whole.")
    summary: SummaryDoc = doc("Counts and the policy's cost per clause and article.")


# --- the plan document ---------------------------------------------------------------


class AssumedAwardDoc(_Always):
    """An award whose clause reads an assumed fact."""

    clause: str = doc("The clause id.")
    event: str | None = doc("The award's event, or null.")
    assumptions: list[str] = doc("The --assume items it reads, as written.")


class PlanYearDoc(_Always):
    """One year of the plan."""

    year: int = doc("The assessment year.")
    assumptions: list[str] = doc("The --assume items of that year, as written.")
    assumed_awards: list[AssumedAwardDoc] = doc("The awards of that year whose clause reads an assumed fact.")
    carried_in: int = doc("How many awards of earlier plan years count as received in that year.", ge=0)
    result: ResultDoc = doc("That year's check document, without `documents`.")


class PlanLimitDoc(LimitDoc):
    """The state of a limit at the end of a year of the plan."""

    year: int = doc("The year at whose end the limit stands so.")


class PlanDocument(_Always):
    """The document of `jzai plan --format json` (docs/json.md)."""

    model_config = ConfigDict(title="jzai plan document")

    schema_version: Literal[1] = doc("1; raised when a key changes meaning or disappears.")
    policy: PolicyDoc = doc("Which policy, its version and that it is a draft.")
    years: list[PlanYearDoc] = doc("One object per year, in order.")
    total_yuan: int = doc("The sum of the years' sure totals, in yuan.", ge=0)
    totals_by_year: dict[str, int] = doc(
        "Year → `total_yuan` of that year (sure amounts).", json_schema_extra={"propertyNames": {"pattern": r"^\d{4}$"}}
    )
    ceiling_totals_by_year: dict[str, int] = doc(
        'Year → `ceiling_total_yuan` of that year ("up to" amounts).',
        json_schema_extra={"propertyNames": {"pattern": r"^\d{4}$"}},
    )
    limits: list[PlanLimitDoc] = doc("The state of each limit at the end of each year.")


# --- generation ---------------------------------------------------------------------


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with the draft named."""

    def generate(self, schema, mode="validation"):
        out = super().generate(schema, mode=mode)
        return {"$schema": DRAFT, **out}


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema called `name` (facts, check, batch or plan)."""
    if name == "facts":
        from .facts import Facts

        schema = Facts.model_json_schema(schema_generator=_Generator, mode="validation")
        schema["title"] = "jzai facts"
        schema["description"] = (
            "Everything jzai knows about one applicant: a JSON facts file, or a TOML one read as data "
            "(whose dates may also be TOML dates). Values may be written every way the readers accept; "
            "jzai checks each value and names its place."
        )
        return schema
    documents: dict[str, type[BaseModel]] = {"check": CheckDocument, "batch": BatchDocument, "plan": PlanDocument}
    return documents[name].model_json_schema(schema_generator=_Generator, mode="serialization")


def text_of(name: str) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write jzai_cli/schemas/NAME.schema.json; with --check, only compare."""
    args = sys.argv[1:] if argv is None else argv
    stale = []
    for name in NAMES:
        path = SCHEMAS_DIR / f"{name}.schema.json"
        text = text_of(name)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.name)
        if "--check" not in args:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(("stale: " if "--check" in args else "written: ") + ", ".join(stale))
    return 1 if stale and "--check" in args else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
