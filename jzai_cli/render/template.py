"""Blank input files: `jzai template` (a workbook) and `jzai template --toml`.

Both are made from the facts model: the sheets, headers and their
explanations are the fields of `Facts` with their titles and descriptions,
so a new field appears here without an edit. One example applicant fills one
row of each sheet (and the TOML file).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import i18n
from ..example import EXAMPLE, EXAMPLE_CODE
from ..readers.workbook import DETAILS, INSTRUCTION_SHEET_NAMES, LINK_NAME, MAIN, Column, SheetSpec

t = i18n.section(
    "template",
    {
        "toml_field": ("# {title} — {description}", "# {description}"),
        "toml_choice": ("{value}（{label}）", "{value}"),
        "toml_kind": ("# {zh} ({en})", "# {en}"),
        "toml_table": ("# {title}", "# {name}"),
        "head": (
            "# jzai 申请人事实文件 (facts file) — 用 `jzai check 文件名.toml` 计算。",
            "# jzai facts file — compute with `jzai check FILE.toml`.",
        ),
        "unknown": (
            "# 省略的项表示“未知”，不是“否”或0。A key left out means unknown, not false or zero.",
            "# A key left out means unknown, not false or zero.",
        ),
        "values": (
            '# 金额可写 1200、"1,200"、"5000万"、"0.5亿"；日期写 2026-03-01。',
            '# Amounts: 1200, "1,200", "5000万", "0.5亿"; dates: 2026-03-01.',
        ),
        "blank": (
            "# 空白表单：去掉行首的 # 并填写；每个 [[…]] 段可复制多份。 A blank form: remove the # and fill in; copy a [[…]] part for each item.",
            "# A blank form: remove the # and fill in; copy a [[…]] part for each item.",
        ),
    },
)

KIND_HELP = {
    "text": ("文本", "text"),
    "code": ("18位统一社会信用代码，请设为文本格式", "18-character credit code, as text"),
    "link": ("申请人的统一社会信用代码（对应“申请人信息”）", "the applicant's credit code (links to 申请人信息)"),
    "money": (
        "金额：1200、1,200、5000万、0.5亿；列名写（万元）时按万元",
        "amount: 1200, 1,200, 5000万, 0.5亿; a header with （万元） means 万元",
    ),
    "decimal": ("数字", "number"),
    "date": ("日期：2026-03-01、2026/3/1 或 2026年3月1日", "date: 2026-03-01, 2026/3/1 or 2026年3月1日"),
    "flag": ("是/否（Y/N、TRUE/FALSE 亦可）", "yes/no (是/否, Y/N, TRUE/FALSE)"),
    "int": ("整数", "whole number"),
    "choice": ("从下拉列表中选择", "pick from the list"),
    "list": ("可填多项，用顿号“、”分隔；填“无”表示没有", "several values separated by 、; 无 for none"),
}


def example_items(spec: SheetSpec) -> list[dict[str, Any]]:
    """The example's values of one sheet, as flat {field: value} rows."""
    if spec is MAIN:
        row = {"year": EXAMPLE["year"], **EXAMPLE["applicant"], **EXAMPLE["data_trading"]}
        return [row]
    return [{LINK_NAME: EXAMPLE_CODE, **item} for item in EXAMPLE.get(spec.name, [])]


def cell_example(column: Column, value: Any) -> Any:
    """The example value as a person types it in the workbook."""
    if column.kind == "choice":
        assert column.choices is not None  # a choice column has its choices
        return column.choices(value).zh
    if column.kind == "list":
        return "、".join(column.choices(v).zh for v in value) if column.choices else "、".join(value)
    if column.kind == "flag":
        return "是" if value else "否"
    return value


def write_workbook(target: Path, force: bool = False) -> None:
    """The blank workbook, whole or not at all (`output.AtomicFile`)."""
    from ..output import write_with

    write_with(target, _write_workbook, force)


def _write_workbook(target: Path) -> None:
    """The blank workbook: instructions first, then one sheet per part of the facts."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(target), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    text_format = book.add_format({"num_format": "@"})
    guide = book.add_worksheet(INSTRUCTION_SHEET_NAMES[0])
    guide.set_column(0, 0, 16)
    guide.set_column(1, 1, 30)
    guide.set_column(2, 2, 26)
    guide.set_column(3, 3, 8)
    guide.set_column(4, 4, 60)
    guide.write_string(0, 0, "填表说明 (instructions)", head)
    lines = [
        "每个申请人在“申请人信息”中占一行；认定与获奖、引荐企业、算力使用、毕业生、招用毕业生、已获奖励各占一张表，一行一项，以统一社会信用代码对应申请人。",
        "One applicant per row of 申请人信息; each other sheet holds one item per row, linked to its applicant by 统一社会信用代码.",
        "列的顺序不限，表头可用中文或英文字段名；空白单元格表示“未知”，不是“否”或0。合计行与隐藏的工作表不会被读取。",
        "Columns in any order; headers in Chinese or the English field name; an empty cell means unknown, not no or zero. Total rows and hidden sheets are not read.",
        "第2行为示例，填写前请删除；留下的示例行不计入，报为错误。Row 2 of each sheet is an example: delete it (left in place, it is not counted and is reported as an error).",
    ]
    for n, line in enumerate(lines, start=1):
        guide.write_string(n, 0, line)
    row = len(lines) + 2
    for col, text in enumerate(
        ("工作表 (sheet)", "列名 (header)", "英文字段名 (field)", "必填", "填写说明 (what to enter)")
    ):
        guide.write_string(row, col, text, head)
    row += 1
    choice_ranges: dict[str, str] = {}
    choice_col = 6
    for spec in (MAIN, *DETAILS):
        for column in spec.columns:
            zh, en = KIND_HELP[column.kind]
            guide.write_string(row, 0, spec.title)
            guide.write_string(row, 1, column.title)
            guide.write_string(row, 2, column.name)
            guide.write_string(row, 3, "是" if column.required else "")
            guide.write_string(row, 4, f"{column.description}\n{zh} ({en})", wrap)
            row += 1
            if column.choices is not None and column.choices.__name__ not in choice_ranges:
                members = list(column.choices)
                guide.write_string(0, choice_col, f"{column.choices.__name__} 可选值", head)
                for n, member in enumerate(members, start=1):
                    guide.write_string(n, choice_col, member.zh)
                letter = xlsxwriter.utility.xl_col_to_name(choice_col)
                choice_ranges[column.choices.__name__] = f"='{guide.name}'!${letter}$2:${letter}${len(members) + 1}"
                guide.set_column(choice_col, choice_col, 24)
                choice_col += 1

    for spec in (MAIN, *DETAILS):
        sheet = book.add_worksheet(spec.title)
        sheet.freeze_panes(1, 0)
        items = example_items(spec)
        for col, column in enumerate(spec.columns):
            sheet.write_string(0, col, column.title, head)
            sheet.write_comment(
                0,
                col,
                f"{column.name}: {column.description}\n{KIND_HELP[column.kind][0]}",
                {"x_scale": 2, "y_scale": 1.5},
            )
            sheet.set_column(
                col,
                col,
                max(12, min(30, len(column.title) * 2 + 2)),
                text_format if column.kind in ("code", "link", "text") else None,
            )
            if column.kind == "choice":
                assert column.choices is not None  # a choice column has its choices
                sheet.data_validation(
                    1, col, 100_000, col, {"validate": "list", "source": choice_ranges[column.choices.__name__]}
                )
            elif column.kind == "flag":
                sheet.data_validation(1, col, 100_000, col, {"validate": "list", "source": ["是", "否"]})
            for n, item in enumerate(items, start=1):
                if column.name not in item:
                    continue
                value = cell_example(column, item[column.name])
                if isinstance(value, dt.date):
                    sheet.write_datetime(n, col, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                    sheet.write_number(n, col, value)
                else:
                    sheet.write_string(n, col, str(value))
    guide.activate()
    book.close()


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_fields(columns: tuple[Column, ...] | list[Column], values: dict[str, Any], lang: str = "zh") -> list[str]:
    lines = []
    for column in columns:
        if column.kind == "link":
            continue
        zh, en = KIND_HELP[column.kind]
        lines.append(t("toml_field", lang, title=column.title, description=column.description))
        if column.choices is not None:
            choices = (t("toml_choice", lang, value=m.value, label=m.zh) for m in column.choices)
            lines.append("# " + i18n.say("sep.list", lang).join(choices))
        else:
            lines.append(t("toml_kind", lang, zh=zh, en=en))
        if column.name in values:
            lines.append(f"{column.name} = {_toml_value(values[column.name])}")
        else:
            lines.append(f"# {column.name} = ")
    return lines


def toml_text(blank: bool = False, lang: str = "zh") -> str:
    """A commented TOML facts file: the example applicant, or with `blank` a
    form in which every key is there, commented out, to fill in."""
    lines = [t("head", lang), t("unknown", lang), t("values", lang)]
    if blank:
        lines.append(t("blank", lang))
    lines.append("")
    example: dict[str, Any] = {} if blank else EXAMPLE
    main_columns = list(MAIN.columns)
    lines += _toml_fields([c for c in main_columns if c.section is None], example, lang)
    lines += ["", "[applicant]"]
    lines += _toml_fields([c for c in main_columns if c.section == "applicant"], example.get("applicant", {}), lang)
    lines += ["", "[data_trading]"]
    lines += _toml_fields(
        [c for c in main_columns if c.section == "data_trading"], example.get("data_trading", {}), lang
    )
    for spec in DETAILS:
        for item in example.get(spec.name, []) or [{}]:
            lines += [
                "",
                t("toml_table", lang, title=spec.title, name=spec.name),
                f"# [[{spec.name}]]" if blank else f"[[{spec.name}]]",
            ]
            lines += _toml_fields(spec.columns, item, lang)
    return "\n".join(lines) + "\n"
