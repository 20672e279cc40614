"""One applicant of a workbook, for `jzai check` and `jzai template --from`.

The workbook is read by the batch reader (`read_workbook` and `validate`),
so a row means exactly what it means in `jzai batch`. An applicant is chosen
by its 统一社会信用代码 (full-width characters, hyphens and case do not
count) or by its exact name; a workbook of one applicant needs no key.

Everything that stops the choice is an `InputError` with one message: the
workbook holds several applicants and no key was given (how many, and the
first few), the key matches none (the closest ones) or several, or the
chosen row is invalid (its problems, with sheet, row and header, as in
batch). Problems of the other applicants are not reported.

This module imports the workbook reader (and through it python-calamine)
only when a workbook is read, so `jzai check FILE.toml` never loads it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Problem
from ..said import Said

if TYPE_CHECKING:  # pragma: no cover
    from ..facts import Facts
    from .workbook import ApplicantRow

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SHOWN = 5  # applicants listed when no key or an unknown key is given


def is_workbook(path: str | Path) -> bool:
    """Whether `path` names a workbook (by its suffix); `-` (stdin) is TOML."""
    return str(path) != "-" and Path(str(path)).suffix.lower() in WORKBOOK_SUFFIXES


@dataclass
class Picked:
    """The chosen applicant: its facts, its row, and the workbook's notes."""

    file: str
    facts: Facts
    row: ApplicantRow
    notes: list[Problem] = field(default_factory=list)  # problems of the workbook as a whole


def code_key(text: str) -> str:
    """A credit code as compared: half-width, no spaces or hyphens, upper case."""
    from ..money import normalise_text

    return normalise_text(text).replace("-", "").upper()


def name_key(text: str) -> str:
    from ..money import normalise_text

    return normalise_text(text).strip()


def describe(row: ApplicantRow) -> Said:
    """`第3行  焦作某某有限公司  91410800MA9K3T2B51` / `row 3  …` (row number, name, code)."""
    return Said(
        f"第{row.row}行  {row.name or '（无名称）'}  {row.code_text or '（无信用代码）'}",
        f"row {row.row}  {row.name or '(no name)'}  {row.code_text or '(no credit code)'}",
    )


def _listing(rows: list[ApplicantRow]) -> tuple[str, str]:
    """The rows, one a line, in Chinese and in English."""
    described = [describe(row) for row in rows]
    return "".join(f"\n    {d.zh}" for d in described), "".join(f"\n    {d.en}" for d in described)


def _told(zh: str, en: str, rows: list[ApplicantRow]) -> Said:
    """A message followed by a list of rows: under zh the Chinese and the
    English, then the list once; under en the English and the list."""
    listed_zh, listed_en = _listing(rows)
    return Said(zh + listed_zh, en + listed_en, both=f"{zh}\n    ({en}){listed_zh}")


def workbook_notes(notices: list[Problem]) -> list[Problem]:
    """The reader's notices that concern the workbook as a whole, not another
    applicant's row: hidden or unknown sheets, a sheet without a header row,
    unknown or duplicate columns, detail rows without a credit code."""
    return [p for p in notices if p.row is None or (p.header is not None and p.value is None)]


def choose(rows: list[ApplicantRow], key: str | None, file: str) -> ApplicantRow:
    """The applicant row that `key` names, or an `InputError` saying why there is none."""
    if not rows:
        raise InputError([Problem(file, Said("工作簿中没有申请人", "the workbook holds no applicant rows"))])
    if key is None or not key.strip():
        if len(rows) == 1:
            return rows[0]
        more_zh, more_en = (f"前 {SHOWN} 个", f"the first {SHOWN}") if len(rows) > SHOWN else ("它们是", "they are")
        raise InputError(
            [
                Problem(
                    file,
                    _told(
                        f"工作簿中有 {len(rows)} 个申请人，请用 --applicant 指定统一社会信用代码或名称；{more_zh}：",
                        f"the workbook holds {len(rows)} applicants: choose one with --applicant CODE or NAME; {more_en}:",
                        rows[:SHOWN],
                    ),
                )
            ]
        )
    wanted_code = code_key(key)
    wanted_name = name_key(key)
    by_code = [row for row in rows if row.code_text and code_key(row.code_text) == wanted_code]
    found = by_code or [row for row in rows if row.name and name_key(row.name) == wanted_name]
    if len(found) == 1:
        return found[0]
    if found:
        hint_zh, hint_en = (
            ("这些行的统一社会信用代码重复，请先修正工作簿", "these rows share the credit code: correct the workbook")
            if by_code
            else ("请改用统一社会信用代码", "use the credit code instead")
        )
        raise InputError(
            [
                Problem(
                    file,
                    _told(
                        f"有 {len(found)} 个申请人与 {key!r} 相符；{hint_zh}：",
                        f"{len(found)} applicants match {key!r}; {hint_en}:",
                        found[:SHOWN],
                    ),
                )
            ]
        )
    close = closest(rows, key)
    which_zh, which_en = (
        ("最接近的", "the closest") if close else ("没有相近的；前几个为", "none is close; the first ones")
    )
    raise InputError(
        [
            Problem(
                file,
                _told(
                    f"找不到申请人 {key!r}（按统一社会信用代码或完整名称查找，共 {len(rows)} 个）；{which_zh}：",
                    f"no applicant has this credit code or exact name; the workbook holds {len(rows)}; {which_en}:",
                    close or rows[:SHOWN],
                ),
            )
        ]
    )


def closest(rows: list[ApplicantRow], key: str, n: int = SHOWN) -> list[ApplicantRow]:
    """The rows whose name or credit code is closest to `key` (difflib), best first."""
    candidates: dict[str, list[ApplicantRow]] = {}
    for row in rows:
        if row.name:
            candidates.setdefault(name_key(row.name), []).append(row)
        if row.code_text:
            candidates.setdefault(code_key(row.code_text), []).append(row)
    matches = difflib.get_close_matches(name_key(key), list(candidates), n=n, cutoff=0.5)
    matches += difflib.get_close_matches(code_key(key), list(candidates), n=n, cutoff=0.5)
    scored = sorted(
        dict.fromkeys(matches),
        key=lambda text: (
            -max(difflib.SequenceMatcher(None, probe, text).ratio() for probe in (name_key(key), code_key(key)))
        ),
    )
    out: dict[int, ApplicantRow] = {}
    for text in scored:
        for row in candidates[text]:
            out.setdefault(id(row), row)
    return list(out.values())[:n]


def read_applicant(path: str | Path, key: str | None, limits=None, clauses=None) -> Picked:
    """Read the workbook at `path` (within `limits`) and validate the
    applicant `key` names (against the policy's clause ids `clauses`)."""
    from .exceptions import problems_from_exception
    from .workbook import read_workbook, validate

    try:
        book = read_workbook(path, limits)
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a reader library raises: one message, no traceback
        raise InputError(problems_from_exception(error, str(path))) from None
    notes = workbook_notes(book.notices)
    try:
        row = choose(book.applicants, key, book.file)
    except InputError as error:
        if not book.applicants:
            raise InputError(error.problems + notes) from None
        raise
    facts = validate(row, book.file, clauses)
    if facts is None:
        raise InputError(list(row.problems) + notes)
    return Picked(book.file, facts, row, notes)
