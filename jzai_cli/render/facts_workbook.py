"""Facts back into the applicants' workbook format (docs/workbook.md).

The columns come from the batch reader's sheet specs, so what this writes is
what `jzai batch` reads. Used to build `examples/applicants.xlsx` from the
TOML examples:

    python -m jzai_cli.render.facts_workbook -o examples/applicants.xlsx examples/*.toml
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from ..facts import Facts
from ..readers.workbook import DETAILS, LINK_NAME, MAIN
from ..vocab import Choice


def cell(value: Any) -> Any:
    """A facts value as a workbook cell: labels for choices, 是/否, exact text for amounts."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Choice):
        return value.zh
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else str(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(cell(v)) for v in value)
    if isinstance(value, dt.date):
        return value
    return value


def sheets_of(applicants: Iterable[Facts]) -> dict[str, list[list[Any]]]:
    """Sheet title → rows (headers first) for the given applicants."""
    main_rows: list[list[Any]] = []
    detail_rows: dict[str, list[list[Any]]] = {spec.title: [] for spec in DETAILS}
    for facts in applicants:
        sections = {None: facts, "applicant": facts.applicant, "data_trading": facts.data_trading}
        main_rows.append(
            [
                cell(getattr(sections[c.section], c.name, None)) if sections[c.section] is not None else None
                for c in MAIN.columns
            ]
        )
        for spec in DETAILS:
            for item in getattr(facts, spec.name) or []:
                detail_rows[spec.title].append(
                    [
                        facts.applicant.credit_code if c.name == LINK_NAME else cell(getattr(item, c.name))
                        for c in spec.columns
                    ]
                )
    sheets = {MAIN.title: [[c.title for c in MAIN.columns], *main_rows]}
    for spec in DETAILS:
        if detail_rows[spec.title]:
            sheets[spec.title] = [[c.title for c in spec.columns], *detail_rows[spec.title]]
    return sheets


def write(path: Path, applicants: Iterable[Facts]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook has one sheet
    book.remove(first)
    for title, rows in sheets_of(applicants).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=2):
            for item in column:
                if isinstance(item.value, dt.date):
                    item.number_format = "yyyy-mm-dd"
    book.save(path)


if __name__ == "__main__":  # pragma: no cover
    import argparse

    from ..readers.toml_reader import read_facts

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write(args.output, [read_facts(f) for f in args.files])
    print(f"written: {args.output}")
