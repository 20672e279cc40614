"""`jzai forecast` rendered: a terminal table, a workbook sheet, CSV and an
HTML page with a chart per year (Chart.js inline, no network)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from rich.table import Table
from rich.text import Text

from .. import i18n
from ..forecast import HEADERS, Forecast, forecast_rows, t
from ..money import fmt_yuan
from ..policy import Policy
from .common import page_words

# The page's words (forecast.html.j2); `chart_…` are the labels of its charts, read by its script.
_WORDS = {
    "html_lang": ("zh-CN", "en"),
    "open": ("（", " ("),
    "close": ("）", ")"),
    "cost_forecast": ("政策成本预测", "cost forecast"),
    "cost_forecast_heading": ("政策成本预测", "Cost forecast"),
    "input": ("输入", "input"),
    "applicants": ("申请人", "applicants"),
    "invalid_rows": ("无效行", "invalid rows"),
    "levels_explained": (
        "低：确定金额；中：另加最高限额（按上限）与需复核金额；高：另加待定奖励在所缺事实有利时的金额。",
        "Low: sure amounts; central: plus up-to amounts at their ceiling and amounts held for review; high: plus what undetermined awards would pay if their missing facts turn out favourably.",
    ),
    "draft_footer": (
        "本政策为征求意见稿，金额可能随正式文本变化。由 jzai 生成；图表：Chart.js（MIT 许可）。",
        "The policy is a draft for public comment; amounts may change in the final text. Made by jzai; charts: Chart.js (MIT licence).",
    ),
    "chart_low": ("低", "low"),
    "chart_central": ("中", "central"),
    "chart_high": ("高", "high"),
}
_t = i18n.section("forecast_html", _WORDS)


def _head(lang: str) -> list[str]:
    return [i18n.pick(zh, en, lang) for zh, en in HEADERS]


def render_forecast(forecast: Forecast, policy: Policy, lang: str = "zh") -> Table:
    title = t(
        "title",
        lang,
        title=policy.meta.title,
        status=policy.meta.status_zh,
        status_en=policy.meta.status_en,
        first=forecast.years[0],
        last=forecast.years[-1],
    )
    table = Table(title=title, title_justify="left")
    for index, head in enumerate(_head(lang)):
        table.add_column(head, justify="right" if index >= 2 else "left")
    for row in forecast_rows(forecast, lang):
        total = row[1] == t("total", lang)
        style = "bold" if total else ""
        table.add_row(*(Text(str(v) if i < 2 else fmt_yuan(v), style=style) for i, v in enumerate(row)))
    caption = t("caption", lang, applicants=f"{forecast.applicants:,}", invalid=f"{forecast.invalid:,}")
    unpriced = [f"{year}: {n:,}" for year, n in sorted(forecast.unpriced.items()) if n]
    if unpriced:
        caption += t("unpriced", lang) + "，".join(unpriced)
    table.caption = caption
    return table


def forecast_csv(forecast: Forecast, lang: str = "zh", bom: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_head(lang))
    writer.writerows(forecast_rows(forecast, lang))
    return ("\ufeff" if bom else "") + out.getvalue()


def write_forecast_workbook(forecast: Forecast, policy: Policy, path: Path, lang: str = "zh") -> None:
    """One sheet 预测: title lines, then year, article, low, central, high."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    money_bold = book.add_format({"num_format": "#,##0", "bold": True})
    sheet = book.add_worksheet(t("sheet", lang))
    meta = policy.meta
    sheet.write_string(
        0,
        0,
        t(
            "book_title",
            lang,
            title=meta.title,
            status=meta.status_zh,
            title_en=meta.title_en,
            status_en=meta.status_en,
        ),
        bold,
    )
    sheet.write_string(
        1,
        0,
        t(
            "book_line",
            lang,
            first=forecast.years[0],
            last=forecast.years[-1],
            file=forecast.file,
            applicants=f"{forecast.applicants:,}",
            invalid=f"{forecast.invalid:,}",
        ),
    )
    top = 3
    for col, head in enumerate(_head(lang)):
        sheet.write_string(top, col, head, bold)
    for offset, row in enumerate(forecast_rows(forecast, lang), start=1):
        total = row[1] == t("total", lang)
        sheet.write(top + offset, 0, row[0], bold if total else None)
        sheet.write_string(top + offset, 1, row[1], bold if total else None)
        for col in (2, 3, 4):
            sheet.write_number(top + offset, col, row[col], money_bold if total else money)
    sheet.set_column(0, 1, 14)
    sheet.set_column(2, 4, 24)
    sheet.freeze_panes(top + 1, 0)
    sheet.autofilter(top, 0, top + len(forecast_rows(forecast, lang)), 4)
    book.close()


def forecast_html(forecast: Forecast, policy: Policy, lang: str = "zh") -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..forecast import forecast_doc

    data = forecast_doc(forecast, policy, lang)
    data["lang"] = lang
    data["title"] = i18n.pick(policy.meta.title, policy.meta.title_en, lang)
    data["status"] = i18n.pick(policy.meta.status_zh, policy.meta.status_en, lang)
    data["rows"] = forecast_rows(forecast, lang)
    data["headers"] = _head(lang)
    # as the table's caption: undetermined awards with no estimate are not in the high end, say how many
    unpriced = [f"{year}: {n:,}" for year, n in sorted(forecast.unpriced.items()) if n]
    data["unpriced_note"] = (
        t("unpriced", lang).lstrip("\n") + i18n.pick("，", ", ", lang).join(unpriced) if unpriced else ""
    )
    from ..policy import chinese_number

    data["article_labels"] = [i18n.say("article_short", lang, cn=chinese_number(a), n=a) for a in forecast.articles]
    env = Environment(
        loader=PackageLoader("jzai_cli.render", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    env.filters["yuan"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    chart_js = resources.files("jzai_cli.render").joinpath("assets/chart.umd.min.js").read_text(encoding="utf-8")
    words, data["chart"] = page_words(_t, _WORDS, lang)
    return env.get_template("forecast.html.j2").render(d=data, L=words, chart_js=chart_js)
