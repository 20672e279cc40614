"""Input problems as one readable block for the terminal."""

from __future__ import annotations

from rich.text import Text

from ..errors import Problem
from .common import safe

MAX_SHOWN = 50


def render_problems(problems: list[Problem], lang: str = "zh", output: bool = False) -> Text:
    """Problems of the input, or with `output` of an output refused before the run."""
    text = Text()
    if output:
        head = "错误：不能写到此输出" if lang == "zh" else "error: refused to write this output"
    else:
        head = (
            f"错误：输入有 {len(problems)} 处问题"
            if lang == "zh"
            else f"error: {len(problems)} problem(s) in the input"
        )
    text.append(head + "\n", style="bold red")
    for problem in problems[:MAX_SHOWN]:
        text.append(f"  {safe(problem.where(lang))}: ", style="bold")
        text.append(safe(problem.text(lang)))
        if problem.value is not None:
            shown = safe(repr(problem.value))
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text.append(f"  ({'值' if lang == 'zh' else 'value'}: {shown})")
        text.append("\n")
    if len(problems) > MAX_SHOWN:
        more = len(problems) - MAX_SHOWN
        text.append(f"  …另有 {more} 处问题\n" if lang == "zh" else f"  … and {more} more\n")
    return text


def render_notes(problems: list[Problem], lang: str = "zh") -> Text:
    """Notices that do not stop the command (a workbook's ignored sheets or columns)."""
    head = (
        f"注意：工作簿有 {len(problems)} 处提示"
        if lang == "zh"
        else f"note: {len(problems)} notice(s) about the workbook"
    )
    text = render_problems(problems, lang)
    first = text.plain.index("\n")
    out = Text(head, style="bold yellow")
    out.append_text(text[first:])
    return out
