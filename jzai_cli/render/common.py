"""Shared pieces of the renderers: safe text, consoles, status styles."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any

# C0/C1 controls (ESC included), DEL, and the bidirectional overrides and
# isolates that can reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

STATUS_STYLE = {
    "eligible": "green",
    "needs_review": "yellow",
    "undetermined": "cyan",
    "not_eligible": "dim",
}


def safe(value: Any) -> str:
    """Text from the input, fit for a terminal: no escapes, no bidi tricks.

    Rich markup is not interpreted because callers wrap this in `Text`.
    """
    return _UNSAFE.sub("\ufffd", str(value))


def console(stderr: bool = False):
    """A rich console; colour off when not a TTY or when NO_COLOR is set."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(
        file=stream,
        width=None if is_tty or os.environ.get("COLUMNS") else 120,
        no_color=bool(os.environ.get("NO_COLOR")) or None,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )


def run_time() -> dt.datetime:
    """When this run happened, as an output prints it: now, or the moment
    `SOURCE_DATE_EPOCH` names (seconds since 1970, UTC; see
    reproducible-builds.org) when it is set, so two runs of the same input
    can write the same cells."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return dt.datetime.now()


def plain(value: Any) -> Any:
    """A value for JSON: Decimal as an exact string, dates ISO, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def page_words(
    lookup: Callable[..., str], entries: dict[str, tuple[str, str]], lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """An HTML template's words in `lang` from its renderer's `i18n.section`
    (`lookup`, registered with `entries`), and, apart, the labels of its
    charts (the entries named `chart_…`), which its script reads."""
    words = {key: lookup(key, lang) for key in entries if not key.startswith("chart_")}
    chart = {key.removeprefix("chart_"): lookup(key, lang) for key in entries if key.startswith("chart_")}
    return words, chart
