"""`jzai readings`: the draft's unclear passages (D1–D18) and the readings of
each — as a rich table, Markdown or JSON."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from .. import i18n
from ..policy import Policy, Reading, ReadingOption
from .common import plain

t = i18n.section(
    "readings",
    {
        "title": ("对草案不明之处的解读", "Readings of the draft's unclear passages"),
        "id": ("编号", "Id"),
        "clauses": ("条款", "Clauses"),
        "quote": ("原文", "Quoted text"),
        "issue": ("问题", "Issue"),
        "options": ("解读（*为默认）", "Readings (* default)"),
        "default": ("默认", "default"),
        "in_force": ("采用", "in force"),
        "all": ("全文", "whole draft"),
        "single": ("单一解读", "single reading"),
        "switch": ("切换：--reading {id}=选项", "switch with --reading {id}=OPTION"),
    },
)


def ordered(policy: Policy) -> list[Reading]:
    return sorted(policy.readings.values(), key=lambda r: int(r.id[1:]))


def clauses_text(reading: Reading, lang: str) -> str:
    return ", ".join(reading.clauses) if reading.clauses else t("all", lang)


def patch_text(option: ReadingOption) -> str:
    """What an option changes in the clause data: `8.4 amounts.1 = 5元`."""
    return "; ".join(f"{p.clause} {p.param} = {p.value}" for p in option.patch)


def option_text(option: ReadingOption, lang: str) -> str:
    label = i18n.pick(option.label, option.label_en, lang)
    patch = patch_text(option)
    return i18n.say("bracketed", lang, text=label, inner=patch) if patch else label


def note(reading: Reading, lang: str) -> str:
    return i18n.pick(reading.note, reading.note_en, lang)


def reading_doc(policy: Policy, reading: Reading, lang: str) -> dict[str, Any]:
    in_force = policy.reading(reading.id)
    return {
        "id": reading.id,
        "clauses": list(reading.clauses),
        "quote": reading.quote,
        "issue": i18n.pick(reading.issue, reading.issue_en, lang),
        "note": note(reading, lang) or None,
        "default": reading.default,
        "in_force": in_force,
        "alternatives": len(reading.options) > 1,
        "options": [
            {
                "id": o.id,
                "label": i18n.pick(o.label, o.label_en, lang),
                "default": o.id == reading.default,
                "in_force": o.id == in_force,
                "patch": [{"clause": p.clause, "param": p.param, "value": plain(p.value)} for p in o.patch],
            }
            for o in reading.options
        ],
    }


def readings_doc(policy: Policy, lang: str = "zh") -> dict[str, Any]:
    return {
        "schema_version": 1,
        "policy": {"id": policy.meta.id, "version": policy.meta.version, "status": policy.meta.status},
        "readings": [reading_doc(policy, r, lang) for r in ordered(policy)],
    }


def render_readings(policy: Policy, lang: str = "zh") -> Table:
    table = Table(title=t("title", lang), title_justify="left", show_lines=True)
    table.add_column(t("id", lang), no_wrap=True)
    table.add_column(t("clauses", lang), overflow="fold", ratio=1)
    table.add_column(t("quote", lang), overflow="fold", ratio=2)
    table.add_column(t("issue", lang), overflow="fold", ratio=2)
    table.add_column(t("options", lang), overflow="fold", ratio=3)
    for reading in ordered(policy):
        in_force = policy.reading(reading.id)
        lines = []
        for option in reading.options:
            mark = "*" if option.id == reading.default else " "
            switched = ""
            if option.id == in_force and in_force != reading.default:
                switched = f" [{t('in_force', lang)}]"
            lines.append(f"{mark} {option.id}: {i18n.pick(option.label, option.label_en, lang)}{switched}")
            if option.patch:
                lines.append(f"    → {patch_text(option)}")
        if len(reading.options) == 1 and note(reading, lang):
            lines.append(note(reading, lang))
        table.add_row(
            reading.id,
            clauses_text(reading, lang),
            f"“{reading.quote}”",
            i18n.pick(reading.issue, reading.issue_en, lang),
            "\n".join(lines),
        )
    return table


def md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reading_md(policy: Policy, reading: Reading, lang: str) -> list[str]:
    in_force = policy.reading(reading.id)
    head = "### " + i18n.say("bracketed", lang, text=reading.id, inner=clauses_text(reading, lang))
    lines = [head, "", f"> {reading.quote}", "", i18n.pick(reading.issue, reading.issue_en, lang), ""]
    for option in reading.options:
        marks = []
        if option.id == reading.default:
            marks.append(t("default", lang))
        if option.id == in_force and in_force != reading.default:
            marks.append(t("in_force", lang))
        mark = i18n.say("bracketed", lang, text="", inner=i18n.say("sep.comma", lang).join(marks)) if marks else ""
        lines.append(f"- `{option.id}`{mark}: {option_text(option, lang)}")
    if len(reading.options) == 1 and note(reading, lang):
        lines += ["", note(reading, lang)]
    lines.append("")
    return lines


def readings_md(policy: Policy, lang: str = "zh") -> str:
    lines = [f"## {t('title', lang)}", ""]
    for reading in ordered(policy):
        lines += reading_md(policy, reading, lang)
    return "\n".join(lines).rstrip() + "\n"
