"""Validation: an applicant row and its detail rows to `Facts`, each
pydantic problem located by sheet, row and header."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, problems_from_validation
from ..example import EXAMPLE
from ..example import EXAMPLE_CODE as _EXAMPLE_CODE
from ..facts import Facts
from ..i18n import halves
from ..said import Said
from .rows import ApplicantRow
from .schema import DETAILS, MAIN
from .toml_reader import unknown_clause_message, unknown_clauses


def validate(row: ApplicantRow, file: str, clauses: Collection[str] | None = None) -> Facts | None:
    """The row's facts, or None with the problems added to `row.problems`;
    with `clauses` (the policy's clause ids) an award received under another
    clause is a problem of its row in 已获奖励."""
    document = dict(row.data)
    document.setdefault("applicant", {})
    for section, items in row.details.items():
        document[section] = [data for _, data in items]
    try:
        facts = Facts.model_validate(document)
    except ValidationError as error:
        locs = [tuple(item["loc"]) for item in error.errors(include_url=False)]
        refused = {(p.sheet, p.row, p.header) for p in row.problems}  # a refused cell is not also "missing"
        for loc, problem in zip(locs, problems_from_validation(error, file, Facts), strict=False):
            located = _locate(row, loc, problem)
            if (located.sheet, located.row, located.header) not in refused:
                row.problems.append(located)
        return None
    if clauses is not None:
        for index, clause in unknown_clauses(facts, clauses):
            problem = Problem(
                file,
                unknown_clause_message(clause, clauses),
                field=f"awards_received[{index + 1}].clause",
                value=clause,
            )
            row.problems.append(_locate(row, ("awards_received", index, "clause"), problem))
    if facts.applicant.credit_code == _EXAMPLE_CODE and _is_template_example(facts):
        row.problems.append(
            Problem(
                file,
                Said(
                    f"此行是模板的示例行（“第2行为示例，填写前请删除”），不是申请人，未计入；请删除此行，"
                    f"以及其他工作表中统一社会信用代码为 {_EXAMPLE_CODE} 的示例行",
                    "this row is the template's example (row 2 of each sheet is an example), not an applicant: "
                    f"it is not counted; delete it, and the example rows of credit code {_EXAMPLE_CODE} in the other sheets",
                ),
                sheet=row.where.sheet,
                row=row.row,
                header=row.where.headers.get("name"),
                value=facts.applicant.name,
            )
        )
    if row.problems:
        return None
    return facts


_EXAMPLE_ROW: list[Facts] = []


def _is_template_example(facts: Facts) -> bool:
    """Whether the applicant row is the template's example row as `jzai
    template` writes it: the same year, applicant and data trading."""
    if not _EXAMPLE_ROW:
        _EXAMPLE_ROW.append(
            Facts.model_validate(
                {"year": EXAMPLE["year"], "applicant": EXAMPLE["applicant"], "data_trading": EXAMPLE["data_trading"]}
            )
        )
    example = _EXAMPLE_ROW[0]
    return (
        facts.year == example.year
        and facts.applicant == example.applicant
        and facts.data_trading == example.data_trading
    )


def _locate(row: ApplicantRow, loc: tuple[Any, ...], problem: Problem) -> Problem:
    """A pydantic location mapped back to sheet, row and header."""
    where, field_name = row.where, None
    spec = MAIN
    if loc and loc[0] in row.details and len(loc) >= 2 and isinstance(loc[1], int):
        items = row.details[loc[0]]
        if loc[1] < len(items):
            where = items[loc[1]][0]
        spec = next(s for s in DETAILS if s.name == loc[0])
        field_name = loc[2] if len(loc) > 2 else None
    elif loc and loc[0] in ("applicant", "data_trading"):
        field_name = loc[1] if len(loc) > 1 else None
    elif loc:
        field_name = loc[0]
    header = None
    message = problem.message
    if isinstance(field_name, str):
        header = where.headers.get(field_name) or next((c.title for c in spec.columns if c.name == field_name), None)
        merged = where.merged.get(field_name)
        if merged:
            zh, en = halves(message)[0], problem.text("en")
            message = Said(
                f"{zh}；该单元格在合并区域 {merged} 中，只有左上角单元格有值",
                f"{en}; the cell lies in the merged range {merged}: only its top-left cell holds a value",
            )
    return Problem(
        problem.file,
        message,
        field=problem.field,
        sheet=where.sheet,
        row=where.row,
        header=header,
        value=problem.value,
    )
