"""One way to translate: every word of the interface is read from the message
catalogue (`jzai_cli/i18n.py`), never chosen by comparing a language code in
place, and no message is written as one "中文 (English)" string."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jzai_cli"
# The catalogue, and its `Said` (kept in a module of its own so that the
# lowest modules, `money`, can tell a problem in both languages).
CATALOGUE = {PACKAGE / "i18n.py", PACKAGE / "said.py"}

TEMPLATES = sorted((PACKAGE / "render" / "templates").glob("*.j2"))


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


def _template_choices(text: str) -> list[int]:
    """Lines of a template that choose a word by the language: `'…' if zh else '…'`,
    or a script comparing `d.lang`."""
    return [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if re.search(r"\bzh\b|(?<![\w-])en(?![\w-])|lang\s*===?", line) and "L.html_lang" not in line
    ]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_chooses_its_words_by_the_language(path):
    # an HTML template takes every word from the catalogue (`L`, and its
    # charts' labels in `d.chart`)
    found = _template_choices(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} lines {found}: read the words from the catalogue instead"


def test_the_template_guard_finds_a_choice():
    assert TEMPLATES  # the templates are where the guard looks
    planted = (
        "<h1>{{ L.title }}</h1>\n<p>{{ '无' if zh else 'none' }}</p>\n<script>var zh = d.lang === \"zh\";</script>"
    )
    assert _template_choices(planted) == [2, 3]


# --- no "中文 (English)" in one string -----------------------------------------

# Chinese, then an English translation in brackets: "无法写入 (cannot write)". An
# English sentence that quotes a Chinese word ("第二条: pays taxes (hard condition)")
# is not one: its words before the bracket are English.
BRACKETED_ENGLISH = re.compile(r"\s?\((?=[A-Za-z'\"\[-][^()]*[A-Za-z]{2})")
CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


def _mixed(text: str) -> bool:
    for found in BRACKETED_ENGLISH.finditer(text):
        before = text[: found.start()]
        if CJK.search(before) and not ENGLISH_WORD.search(before):
            return True
    return False


# Files whose text is for both readers at once, not a message told in one language:
# the TOML a user fills in (its comments carry both), and the reference of docs/facts.md.
BOTH_READERS = {"render/facts_toml.py", "render/template.py", "facts_doc.py"}


def mixed_literals(source: str) -> list[str]:
    """Each string literal of `source` (docstrings, and the help, title and
    description of options and fields, aside) that writes Chinese with its
    English in brackets, as `line: text`."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.keyword) and node.arg in ("help", "title", "description"):
            skipped.update(id(sub) for sub in ast.walk(node.value))
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(value) for value in node.values)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if _mixed(text):
            found.append(f"{node.lineno}: {text[:80]}")
    return sorted(set(found))


def test_the_guard_finds_a_mixed_message():
    source = (
        'a = "无法写入 (cannot write)"\n'
        'b = f"应为整数 (expected a whole number), got {value!r}"\n'
        'c = Said("无法写入", "cannot write")\n'
        'd = "第八条 (8.5)"\n'
        'e = f"{zh}（{inner}）"\n'
    )
    assert [line.split(":")[0] for line in mixed_literals(source)] == ["1", "2"]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_message_mixes_chinese_with_bracketed_english(path):
    # A problem is an i18n.Said (or i18n.both(key)) with its two languages apart.
    if str(path.relative_to(PACKAGE)) in BOTH_READERS:
        return
    found = mixed_literals(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: {found}"


# --- the lines the guarded group prints itself ----------------------------------


@pytest.mark.parametrize(
    "args,lang",
    [
        (["check", "a.toml", "--lang", "en"], "en"),
        (["check", "a.toml", "-l", "en"], "en"),
        (["check", "a.toml", "--lang=en"], "en"),
        (["check", "a.toml", "-len"], "en"),
        (["check", "a.toml"], "zh"),
        (["check", "a.toml", "--lang", "fr"], "zh"),  # refused later by the option itself
        (["check", "a.toml", "--lang"], "zh"),
    ],
)
def test_the_language_of_a_command_line_not_yet_parsed(args, lang):
    from jzai_cli.cli_app import lang_of

    assert lang_of(args) == lang


@pytest.mark.parametrize(
    "raised,code,zh,en",
    [
        ("memory", 1, "内存不足", "error: out of memory: split the input into smaller files"),
        ("stop", 130, "已中断", "interrupted: no output file was written"),
    ],
)
def test_interrupted_and_out_of_memory_follow_lang(raised, code, zh, en, monkeypatch):
    from typer.testing import CliRunner

    from jzai_cli import policy
    from jzai_cli.cli import app
    from jzai_cli.cli_app import Stopped

    def load(*args, **kwargs):
        raise MemoryError if raised == "memory" else Stopped(2)

    monkeypatch.setattr(policy, "load", load)
    firm = str(ROOT / "examples" / "ai-software-firm.toml")
    under_en = CliRunner().invoke(app, ["check", firm, "--lang", "en"])
    under_zh = CliRunner().invoke(app, ["check", firm])
    assert under_en.exit_code == under_zh.exit_code == code
    assert under_en.stderr.strip() == en  # the English alone
    assert zh in under_zh.stderr and en in under_zh.stderr  # Chinese, then the English in brackets
