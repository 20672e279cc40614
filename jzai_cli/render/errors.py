"""Input problems as one readable block for the terminal."""

from __future__ import annotations

from rich.text import Text

from .. import i18n
from ..errors import Problem
from .common import safe

t = i18n.section(
    "problems",
    {
        "refused_output": ("错误：不能写到此输出", "error: refused to write this output"),
        "head": ("错误：输入有 {n} 处问题", "error: {n} problem(s) in the input"),
        "value": ("值", "value"),
        "more": ("  …另有 {n} 处问题", "  … and {n} more"),
        "notes_head": ("注意：工作簿有 {n} 处提示", "note: {n} notice(s) about the workbook"),
    },
)

MAX_SHOWN = 50


def render_problems(problems: list[Problem], lang: str = "zh", output: bool = False) -> Text:
    """Problems of the input, or with `output` of an output refused before the run."""
    text = Text()
    head = t("refused_output", lang) if output else t("head", lang, n=len(problems))
    text.append(head + "\n", style="bold red")
    for problem in problems[:MAX_SHOWN]:
        text.append(f"  {safe(problem.where(lang))}: ", style="bold")
        text.append(safe(problem.text(lang)))
        if problem.value is not None:
            shown = safe(repr(problem.value))
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text.append(f"  ({t('value', lang)}: {shown})")
        text.append("\n")
    if len(problems) > MAX_SHOWN:
        more = len(problems) - MAX_SHOWN
        text.append(t("more", lang, n=more) + "\n")
    return text


def render_notes(problems: list[Problem], lang: str = "zh") -> Text:
    """Notices that do not stop the command (a workbook's ignored sheets or columns)."""
    head = t("notes_head", lang, n=len(problems))
    text = render_problems(problems, lang)
    first = text.plain.index("\n")
    out = Text(head, style="bold yellow")
    out.append_text(text[first:])
    return out
