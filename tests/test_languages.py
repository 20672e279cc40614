"""Both languages, whole: every command renders under --lang en with no
Chinese of the interface (the policy's own words, quotes and names and the
applicant's data aside; no 、 and no full-width brackets either), and under
--lang zh with no English words of the interface (ids, units, JSON keys,
file paths and the English half of a bad-input message aside)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from jzai_cli import policy as policy_mod
from jzai_cli import vocab
from jzai_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIRM = str(EXAMPLES / "ai-software-firm.toml")
PLAN = str(EXAMPLES / "plan" / "three-year-plan.toml")
runner = CliRunner()

BAD_TOML = {  # the mistakes a person makes in a facts file
    "unquoted.toml": 'year = 2026\n[applicant]\nname = "甲公司"\nkind = "enterprise"\ntaxable_revenue = 3200万元\n',
    "unknown.toml": 'year = 2026\n[applicant]\nname = "甲公司"\nkind = "enterprise"\nsize = "huge"\nfoo = 1\n',
    "label_key.toml": 'year = 2026\n[applicant]\nname = "甲公司"\n"当年应税收入" = 1\n',
}

# (name, arguments, how the output is read: text, json, csv)
COMMANDS = [
    ("check table", ["check", FIRM], "text"),
    ("check json", ["check", FIRM, "--format", "json", "--trace"], "json"),
    ("check trace", ["check", FIRM, "--trace"], "text"),
    ("check report", ["check", FIRM, "--report", "{out}/applicant.html"], "text"),
    ("explain index", ["explain"], "text"),
    ("explain clause", ["explain", "8.5"], "text"),
    ("explain article", ["explain", "9"], "text"),
    ("batch workbook", ["batch", "{tmp}/applicants.xlsx", "-o", "{out}/results.xlsx"], "text"),
    ("batch csv", ["batch", "{tmp}/applicants.xlsx", "--format", "csv", "--quiet"], "csv"),
    ("batch json", ["batch", "{tmp}/applicants.xlsx", "--format", "json", "--quiet"], "json"),
    ("readings", ["readings"], "text"),
    ("readings md", ["readings", "--format", "md"], "text"),
    ("review", ["review"], "text"),
    ("review batch", ["review", "--batch", "{tmp}/applicants.xlsx"], "text"),
    ("diff", ["diff", "draft", "draft"], "text"),
    ("plan", ["plan", PLAN, "--years", "2026-2028"], "text"),
    ("forecast", ["forecast", "{tmp}/applicants.xlsx", "--years", "2026-2027"], "text"),
    ("template toml", ["template", "--toml", "-o", "-"], "text"),
    ("template workbook", ["template", "-o", "{out}/template.xlsx"], "text"),
    ("policy export", ["policy", "export", "{out}/policy"], "text"),
    ("bad: unquoted amount", ["check", "{tmp}/unquoted.toml"], "text"),
    ("bad: unknown key and choice", ["check", "{tmp}/unknown.toml"], "text"),
    ("bad: label as key", ["check", "{tmp}/label_key.toml"], "text"),
    ("bad: no such file", ["check", "{tmp}/nofile.toml"], "text"),
    ("bad: no such clause", ["explain", "99"], "text"),
    ("bad: unknown reading", ["check", FIRM, "-r", "D99=x"], "text"),
    ("bad: output exists", ["batch", "{tmp}/applicants.xlsx", "-o", "{tmp}/applicants.xlsx.out", "--quiet"], "text"),
    ("bad: no such applicant", ["check", "{tmp}/applicants.xlsx", "--applicant", "nobody"], "text"),
    ("bad: which applicant", ["check", "{tmp}/applicants.xlsx"], "text"),
    ("bad: reversed years", ["plan", PLAN, "--years", "2028-2026"], "text"),
    ("bad: unknown limit", ["batch", "{tmp}/applicants.xlsx", "--limit", "foo=1", "--quiet"], "text"),
    (
        "forecast report",
        ["forecast", "{tmp}/applicants.xlsx", "--years", "2026-2027", "--report", "{out}/f.html"],
        "text",
    ),
]

CJK = re.compile(r"[\u3400-\u9fff]")
FULL_WIDTH = re.compile(r"[、（）【】]")
HUMAN_KEYS = {
    "reason",
    "title",
    "text",
    "notes",
    "message",
    "label",
    "document",
    "not_stated",
    "status_label",
    "kind_label",
}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _param_texts(value):
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from _param_texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _param_texts(item)


@pytest.fixture(scope="module")
def own_words() -> list[str]:
    """The policy's own words (its text, quotes, amounts as written, names in
    “…”) and the applicant's data: Chinese that --lang en may print."""
    policy = policy_mod.load()
    words = set()
    for clause in policy.clauses:
        words.add(clause.quote)
        words.update(_param_texts(clause.params))
    for reading in policy.readings.values():
        words.add(reading.quote)
    words.update(article.title for article in policy.articles)
    from jzai_cli.render.template import EXAMPLE

    words.update(_strings(EXAMPLE))  # the worked example of the template is an applicant's data
    for line in policy.source_text.splitlines():
        words.update(piece.strip() for piece in re.split(r"(?<=[。；，])", line) if piece.strip())
        words.update(re.findall(r"“([^”]+)”", line))
    words.update(["以上", "超过", "达到", "以内", "不超过", "最高"])  # a threshold's word, quoted in the trace
    for path in EXAMPLES.rglob("*.toml"):
        words.update(_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    for sheet in openpyxl.load_workbook(EXAMPLES / "applicants.xlsx", read_only=True).worksheets:
        words.update(v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str))
    for text in BAD_TOML.values():
        words.update(re.findall(r"[\u3400-\u9fff][^\s\"=]*", text))
    # What a user may write as input, named as such in the help of a form: 5000万, 0.5亿, 2026年3月1日.
    # and the policy's article names that the facts' descriptions cite (第二条, its 原则上).
    words.update(
        [
            "（万元）",
            "5000万",
            "0.5亿",
            "2026年3月1日",
            "万元",
            "万",
            "亿",
            "大型/中型/小型/微型",
            "原则上",
            "一等奖",
            "二等奖",
            "三等奖",
        ]
    )
    words.update(f"第{policy_mod.chinese_number(n)}条" for n in range(1, 11))
    for (
        reading
    ) in policy.readings.values():  # patches write amounts as the policy does (5元); English notes quote its words (内)
        for option in reading.options:
            words.update(
                re.findall(
                    r"[\u3400-\u9fff]\S*",
                    json.dumps([step.model_dump() for step in option.patch], ensure_ascii=False, default=str),
                )
            )
        words.update(
            re.findall(
                r"[\u3400-\u9fff]+", " ".join(str(v) for k, v in reading.model_dump().items() if k.endswith("_en"))
            )
        )
    return sorted((w for w in words if CJK.search(w)), key=len, reverse=True)


@pytest.fixture(scope="module")
def ids() -> set[str]:
    """Words that are ids, not English: choice values, reading options, fact names, units."""
    policy = policy_mod.load()
    found = {
        m.value
        for name in dir(vocab)
        if isinstance(getattr(vocab, name), type) and issubclass(getattr(vocab, name), vocab.Choice)
        for m in getattr(vocab, name)
    }
    for reading in policy.readings.values():
        found.update(option.id for option in reading.options)
    from jzai_cli import facts

    for model in (
        facts.Facts,
        facts.Applicant,
        facts.Event,
        facts.Referral,
        facts.ComputePurchase,
        facts.DataTrading,
        facts.Graduate,
        facts.GraduateHire,
        facts.AwardReceived,
    ):
        found.update(model.model_fields)  # keys of the facts file, named in messages
    from jzai_cli.limits import LIMITS

    found.update(LIMITS)  # the names of --limit, listed when one is unknown
    found.update(["applicant", "event", "unit", "person"])  # values of a clause's `once`, written in a reading's patch
    found.update(re.findall(r"[A-Za-z]+", " ".join(BAD_TOML.values())))  # what the user wrote
    found.update(["nobody", "foo"])  # the --applicant and --limit of the bad commands
    found.update(
        [
            "PFLOPS",
            "TOML",
            "JSON",
            "CSV",
            "HTML",
            "jzai",
            "xlsx",
            "draft",
            "Y",
            "N",
            "TRUE",
            "FALSE",
            "true",
            "false",
            "yes",
            "no",
            "explain",
        ]
    )
    return found


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("languages")
    shutil.copy(EXAMPLES / "applicants.xlsx", folder / "applicants.xlsx")
    shutil.copy(EXAMPLES / "applicants.xlsx", folder / "applicants.xlsx.out")  # an output that exists
    for name, text in BAD_TOML.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def render(args: list[str], work: Path, out: Path, lang: str, monkeypatch) -> tuple[str, str, dict[str, str]]:
    monkeypatch.setenv("COLUMNS", "3000")  # no cell wraps: a quote stays whole
    monkeypatch.setenv("NO_COLOR", "1")
    filled = [a.format(tmp=work, out=out) for a in args]
    done = runner.invoke(app, filled + ["--lang", lang])
    assert done.exit_code in (0, 2), (filled, done.output)
    files = {}
    for path in out.glob("*.html"):
        files[path.name] = re.sub(
            r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", path.read_text(encoding="utf-8"), flags=re.S
        )
    return done.stdout, done.stderr, files


def human_text(stdout: str, how: str) -> str:
    """What a person reads of an output: JSON's sentences and labels, not its keys and ids."""
    if how == "json":
        doc = json.loads(stdout)
        found: list[str] = []

        def walk(value, key=None):
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, k)
            elif isinstance(value, list):
                for v in value:
                    walk(v, key)
            elif isinstance(value, str) and key in HUMAN_KEYS:
                found.append(value)

        walk(doc)
        return "\n".join(found)
    if how == "csv":
        rows = list(csv.reader(io.StringIO(stdout.lstrip("\ufeff"))))
        return "\n".join(row[-1] for row in rows[1:])  # the notes column; the header row is the keys
    return stdout


def chinese_left(text: str, own_words: list[str]) -> list[str]:
    for word in own_words:
        text = text.replace(word, "")
    text = text.replace("“”", "").replace('""', "")
    return re.findall(r"[\u3400-\u9fff、（）【】]+", text)


def english_left(text: str, ids: set[str]) -> list[str]:
    text = re.sub(
        r"\((?=[A-Za-z\-\[\"'])[^()]*(?:\([^()]*\)[^()]*)*\)", "", text
    )  # the English half of "中文 (English)"
    text = re.sub(r"\S*[/\\]\S*", "", text)  # paths
    text = re.sub(r"[A-Za-z0-9]*[_.\[\]=|-][A-Za-z0-9_.\[\]=|-]*", "", text)  # ids: fact paths, option=value, D1, 9.1
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w not in ids and not re.fullmatch(r"[A-Z0-9]+", w)]


@pytest.mark.parametrize("name,args,how", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_under_en_no_chinese_of_the_interface(name, args, how, work, own_words, tmp_path, monkeypatch):
    stdout, stderr, files = render(args, work, tmp_path, "en", monkeypatch)
    for where, text in [
        ("stdout", human_text(stdout, how) if stdout.strip() else ""),
        ("stderr", stderr),
        *files.items(),
    ]:
        if (
            name == "template toml"
        ):  # a key's description lists the Chinese a user may write instead: "(国家级/省级/市级)"
            text = re.sub(r"\([^()]*\)", "", text)
        left = chinese_left(text, own_words)
        assert not left, f"{name} {where}: {left[:10]}"


@pytest.mark.parametrize(
    "name,args,how",
    [c for c in COMMANDS if c[0] != "template toml"],
    ids=[c[0] for c in COMMANDS if c[0] != "template toml"],
)
def test_under_zh_no_english_of_the_interface(name, args, how, work, ids, tmp_path, monkeypatch):
    # The TOML template is left out: its comments carry each key's English
    # description from the facts schema beside the Chinese label, for both readers.
    stdout, stderr, files = render(args, work, tmp_path, "zh", monkeypatch)
    for where, text in [
        ("stdout", human_text(stdout, how) if stdout.strip() else ""),
        ("stderr", stderr),
        *files.items(),
    ]:
        left = english_left(text, ids)
        assert not left, f"{name} {where}: {sorted(set(left))[:20]}"


def test_a_problem_prints_english_alone_under_en_and_both_under_zh(work, tmp_path, monkeypatch):
    _, zh, _ = render(["check", "{tmp}/unknown.toml"], work, tmp_path, "zh", monkeypatch)
    _, en, _ = render(["check", "{tmp}/unknown.toml"], work, tmp_path, "en", monkeypatch)
    assert "未知的键" in zh and "unknown key" in zh  # 中文 (English), as bad input is told
    assert "unknown key 'foo'" in en and "未知" not in en
