"""One way to translate: every word of the interface is read from the message
catalogue (`jzai_cli/i18n.py`), never chosen by comparing a language code in
place, and no message is written as one "中文 (English)" string."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jzai_cli"
# The catalogue, and its `Said` (kept in a module of its own so that the
# lowest modules, `money`, can tell a problem in both languages).
CATALOGUE = {PACKAGE / "i18n.py", PACKAGE / "said.py"}

# The modules that may call `i18n.chinese(lang)`: they hand it to their HTML
# template, which still picks its own punctuation and lang attribute by it.
TEMPLATE_RENDERERS = {"render/applicant_html.py", "render/report_html.py", "render/forecast.py"}


def _is_language(node: ast.AST) -> bool:
    """ "zh", "en", Lang.zh, Lang.en, or a tuple/list/set of them."""
    if isinstance(node, ast.Constant):
        return node.value in ("zh", "en")
    if isinstance(node, ast.Attribute):
        return node.attr in ("zh", "en") and isinstance(node.value, ast.Name) and node.value.id == "Lang"
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_language(item) for item in node.elts)
    return False


def language_comparisons(source: str) -> list[str]:
    """Each comparison of a language code in `source`, as `line: code`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_is_language(o) for o in (node.left, *node.comparators)):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.match_case) and _is_language(getattr(node.pattern, "value", None) or ast.Pass()):
            found.append(f"{node.pattern.lineno}: case {ast.unparse(node.pattern)}")
    return found


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path not in CATALOGUE)


def test_the_guard_finds_a_comparison_of_a_language():
    source = (
        'a = "合计" if lang == "zh" else "total"\n'
        'b = lang != "en"\n'
        "c = lang is Lang.zh\n"
        'd = lang in ("zh",)\n'
        'match lang:\n    case "en":\n        pass\n'
        'e = kind == "zhang"\n'
    )
    assert sorted(int(line.split(":")[0]) for line in language_comparisons(source)) == [1, 2, 3, 4, 6]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_compares_a_language_code(path):
    # A label or sentence goes in the module's i18n.section (a rule's in its
    # i18n.register) and is read with t(key, lang) / i18n.say; a value the
    # policy data holds in both languages is chosen with i18n.pick.
    found = language_comparisons(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_template_renderers_ask_whether_a_language_is_chinese(path):
    relative = str(path.relative_to(PACKAGE))
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "chinese")
            or (isinstance(node.func, ast.Name) and node.func.id == "chinese")
        )
    ]
    if relative not in TEMPLATE_RENDERERS:
        assert not calls, f"{relative} lines {calls}: read the words from the catalogue instead"
