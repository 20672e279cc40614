"""The message catalogue: every sentence jzai prints, in Chinese and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from .money import fmt_wan, fmt_yuan
from .result import FactName, LabelKey, Message
from .said import Said

MESSAGES: dict[str, tuple[str, str]] = {}
"""The catalogue: key → (Chinese, English). Each rule module registers its own
sentences (`register`), each renderer its labels (`section`); the engine's
notes and the sentences every part shares are registered here."""


def register(entries: dict[str, tuple[str, str]], prefix: str = "") -> dict[str, tuple[str, str]]:
    """Add `entries` to the catalogue (under `prefix.` when given); a key
    registered twice with other texts is a programming error."""
    for key, texts in entries.items():
        full = f"{prefix}.{key}" if prefix else key
        if MESSAGES.get(full, texts) != texts:
            raise ValueError(f"message {full!r} registered twice with different texts")
        MESSAGES[full] = texts
    return entries


def section(prefix: str, entries: dict[str, tuple[str, str]]) -> Callable[..., str]:
    """Register a renderer's labels under `prefix.` and return its lookup,
    `t(key, lang, **values)`."""
    register(entries, prefix)

    def lookup(key: str, lang: str = "zh", **values: Any) -> str:
        return say(f"{prefix}.{key}", lang, **values)

    return lookup


def _texts(key: str) -> tuple[str, str]:
    try:
        return MESSAGES[key]
    except KeyError:
        # A rule module registers its sentences when it is imported, which the
        # policy does as it loads: a key of a rule is asked for only after that.
        raise KeyError(f"{key!r} is not in the message catalogue (is the module that registers it imported?)") from None


# A fact's field name in a message is shown under zh by its Chinese label. The
# facts module, which holds the labels, sets this when it loads (a message
# names a fact only once facts have been read), so the catalogue needs no
# import of it.
_fact_title: Callable[[str], str] = str


def use_fact_titles(lookup: Callable[[str], str]) -> None:
    global _fact_title
    _fact_title = lookup
    _TEXTS.clear()  # a text naming a fact was made with the labels of before


def say(key: str, lang: str = "zh", **values: Any) -> str:
    """The sentence `key` in `lang`, its {placeholders} filled from `values`."""
    zh, en = _texts(key)
    template = zh if lang == "zh" else en
    return template.format(**{k: _value(v, lang) for k, v in values.items()}) if values else template


def both(key: str, **values: Any) -> Said:
    """The sentence `key` in both languages, for a `Problem`: its Chinese with
    the English in brackets under zh, the English alone under en."""
    return Said(say(key, "zh", **values), say(key, "en", **values))


_T = TypeVar("_T")


def pick(zh: _T, en: _T, lang: str = "zh") -> _T:
    """The Chinese or the English of a value held in both languages by the
    policy data or a table (a clause's `title` and `title_en`). A label or a
    sentence of jzai itself is not picked so: it goes in the catalogue."""
    return zh if lang == "zh" else en


def message_of(error: BaseException) -> str:
    """An exception's message, kept a `Said` when it was raised with one
    (`str(error)` would give the Chinese and English joined)."""
    return error.args[0] if len(error.args) == 1 and isinstance(error.args[0], Said) else str(error)


def halves(message: str) -> tuple[str, str]:
    """A message's Chinese and English: a `Said`'s two, a plain text twice."""
    return (message.zh, message.en) if isinstance(message, Said) else (str(message), str(message))


def in_lang(message: str, lang: str = "zh") -> str:
    """A problem's message as `lang` shows it (a plain `str` is shown as written)."""
    return message.text(lang) if isinstance(message, Said) else str(message)


# The engine's notes and the sentences every part shares.
register(
    {
        "none": ("", ""),
        "missing": ("缺少事实：{facts}", "missing facts: {facts}"),
        "kind_not_admitted": (
            "本条款不适用于申请人类型“{kind}”",
            'this clause does not admit applicants of kind "{kind}"',
        ),
        "not_highest": (
            "就高不重复（D13）：只享受金额最高的一项，即{clause}的 {amount} 元",
            "no double dipping (D13): only the largest award is paid, {clause} with {amount} yuan",
        ),
        "gate_failed": ("不符合第二条：{conditions}", "fails article 2: {conditions}"),
        "trace_gate_review": (
            "第二条“原则上”条件未满足或未知，金额需复核：{conditions}",
            "article 2's soft condition is not met or unknown: held for review ({conditions})",
        ),
        "trace_rounding": (
            "四舍五入到元（按条款合计一次）：{exact} → {yuan} 元",
            "rounded half up to whole yuan (once per clause): {exact} → {yuan} yuan",
        ),
        "year_from_today": ("未给出评估年度，按当前年度计算", "no assessment year given: the current year is used"),
        "gate_review": (
            "第二条“原则上”条件未满足或未知，奖励需复核：{conditions}",
            "article 2's soft condition is not met or unknown, awards need review: {conditions}",
        ),
        "unknown_clause_in_history": (
            "已获奖励第{index}项的条款“{clause}”不是本政策的条款，已忽略",
            'awards_received[{index}]: "{clause}" is not a clause of this policy and is ignored',
        ),
        "event_matches_no_clause": (
            "事项第{index}项（{type}，{level}）不对应任何条款",
            "events[{index}] ({type}, {level}) matches no clause",
        ),
        # punctuation between the parts of a line
        "sep.colon": ("：", ": "),
        "sep.comma": ("，", ", "),
        "sep.semi": ("；", "; "),
        "sep.list": ("、", ", "),
        "bracketed": ("{text}（{inner}）", "{text} ({inner})"),
        "article_short": ("第{cn}条", "Art. {n}"),
        "amount": ("{yuan} 元（{wan} 万元）", "CNY {yuan} ({wan} wan)"),
        "xlsx_footer": ("&C第 &P 页，共 &N 页", "&CPage &P of &N"),  # a printed sheet's footer
        # where a problem is: Problem.where
        "where.sheet": ("工作表“{sheet}”", "sheet {quoted}"),
        "where.row": ("第{n}行", "row {n}"),
        "where.line": ("第{n}行", "line {n}"),
        "where.column": ("第{n}列", "column {n}"),
        "where.header": ("列“{header}”", "column {quoted}"),
        "where.sep": ("，", ", "),
        # the command line
        "cli.written": ("已写出：{path}", "written: {path}"),
        "cli.exported": ("已写出：{folder}（{n} 个文件）", "written: {folder} ({n} files)"),
        "cli.evaluating": ("计算中", "evaluating"),
        "no_double_dipping_rule": (
            "草案未规定“就高不重复”，不同事项的奖励叠加计算（D13）",
            "the draft has no no-double-dipping rule: awards for different events stack (D13)",
        ),
    }
)


def _value(value: Any, lang: str) -> str:
    if isinstance(value, LabelKey):
        return label(value, lang)
    if isinstance(value, FactName):
        if lang == "zh":
            return _fact_title(value)
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(_value(v, lang) for v in value)
    if isinstance(value, dict):  # facts by name: their Chinese labels under zh
        if lang == "zh":
            return "；".join(f"{_fact_title(k)} = {_value(_zh_value(v), lang)}" for k, v in value.items())
        return "; ".join(f"{k} = {_value(v, lang)}" for k, v in value.items())
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "—" if lang == "zh" else "unknown"
    return str(value)


def _zh_value(value: Any) -> Any:
    """A fact's value as Chinese output shows it: 是/否 for true/false, a choice's label."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return getattr(value, "zh", value)


def text(message: Message, lang: str = "zh") -> str:
    """A recorded `Message` (a reason, a note, a step of the trace) in `lang`.

    A message whose values are all plain (text, numbers, dates, fact names)
    is formatted once per distinct message and kept (`_TEXTS`): a batch
    says the same reasons for many applicants."""
    key = _text_key(message, lang)
    if key is not None:
        try:
            found = _TEXTS.get(key)
        except TypeError:  # a value that cannot be hashed (a signalling NaN)
            key = found = None
        if found is not None:
            return found
    zh, en = _texts(message.key)
    template = zh if lang == "zh" else en
    said = template.format(**{k: _value(v, lang) for k, v in message.values.items()})
    if key is not None and len(_TEXTS) < _TEXTS_KEPT:
        _TEXTS[key] = said
    return said


# The types of value a kept text may be made of: each one's text depends on
# its value alone, and values of two of them never share a key (the type is
# part of it: 1, True and Decimal(1) are equal but print apart).
_PLAIN = frozenset({str, int, bool, Decimal, dt.date, type(None), FactName, LabelKey})
_TEXTS: dict[tuple, str] = {}
_TEXTS_KEPT = 50_000


def _text_key(message: Message, lang: str) -> tuple | None:
    """What a message's text depends on, or None when a value is not plain."""
    parts: list[Any] = [message.key, lang]
    for name, value in message.values.items():
        kind = type(value)
        if kind not in _PLAIN:
            return None
        parts += (name, kind, value)
    return tuple(parts)


def fmt_amount(yuan: int, lang: str = "zh") -> str:
    """`500,000 元（50 万元）` / `CNY 500,000 (50 wan)`."""
    return say("amount", lang, yuan=fmt_yuan(yuan), wan=fmt_wan(yuan))


# Labels of the output itself.
LABELS: dict[str, tuple[str, str]] = {
    "eligible": ("符合", "eligible"),
    "needs_review": ("需复核", "needs review"),
    "undetermined": ("待定", "undetermined"),
    "not_eligible": ("不符合", "not eligible"),
    "fixed": ("定额", "fixed"),
    "per_unit": ("按户", "per unit"),
    "proportional": ("按比例", "proportional"),
    "monthly": ("按月", "monthly"),
    "step_up": ("晋级补差", "step-up"),
    "ceiling": ("最高限额", "up to"),
    "reimbursement": ("据实补贴", "reimbursement"),
    "applicant": ("申请人", "applicant"),
    "individual": ("个人", "individual"),
    "per_project": ("每个项目最高", "per project"),
    "yearly": ("每年上限", "yearly cap"),
    "cumulative": ("累计上限", "cumulative cap"),
    "per_person": ("每人上限", "per person"),
    "max_months": ("月数上限", "months limit"),
    "top_up": ("晋级补差", "top-up"),
}


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang == "zh" else en
