"""`jzai forecast` rendered: a terminal table, a workbook sheet, CSV and an
HTML page with a chart per year (Chart.js inline, no network)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from rich.table import Table
from rich.text import Text

from ..forecast import HEADERS, Forecast, forecast_rows
from ..money import fmt_yuan
from ..policy import Policy


def _head(lang: str) -> list[str]:
    return [zh if lang == "zh" else en for zh, en in HEADERS]


def render_forecast(forecast: Forecast, policy: Policy, lang: str = "zh") -> Table:
    zh = lang == "zh"
    title = (
        f"{policy.meta.title}（{policy.meta.status_zh}）政策成本预测：{forecast.years[0]}–{forecast.years[-1]}"
        if zh
        else f"Cost forecast {forecast.years[0]}–{forecast.years[-1]} ({policy.meta.status_en})"
    )
    table = Table(title=title, title_justify="left")
    for index, head in enumerate(_head(lang)):
        table.add_column(head, justify="right" if index >= 2 else "left")
    for row in forecast_rows(forecast, lang):
        total = row[1] in ("合计", "total")
        style = "bold" if total else ""
        table.add_row(*(Text(str(v) if i < 2 else fmt_yuan(v), style=style) for i, v in enumerate(row)))
    caption = (
        f"申请人 {forecast.applicants:,}（无效行 {forecast.invalid:,}，未计入）"
        if zh
        else f"{forecast.applicants:,} applicants ({forecast.invalid:,} invalid rows, not costed)"
    )
    unpriced = [f"{year}: {n:,}" for year, n in sorted(forecast.unpriced.items()) if n]
    if unpriced:
        caption += (
            "\n待定且无法估计金额的奖励（未计入“高”）："
            if zh
            else "\nundetermined awards with no estimate (not in high): "
        ) + "，".join(unpriced)
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

    zh = lang == "zh"
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    money_bold = book.add_format({"num_format": "#,##0", "bold": True})
    sheet = book.add_worksheet("预测" if zh else "forecast")
    sheet.write_string(
        0,
        0,
        f"{policy.meta.title}（{policy.meta.status_zh}）"
        if zh
        else f"{policy.meta.title_en} ({policy.meta.status_en})",
        bold,
    )
    sheet.write_string(
        1,
        0,
        (
            f"政策成本预测 {forecast.years[0]}–{forecast.years[-1]}；输入 {forecast.file}；申请人 {forecast.applicants:,}，无效行 {forecast.invalid:,}"
            if zh
            else f"cost forecast {forecast.years[0]}–{forecast.years[-1]}; input {forecast.file}; {forecast.applicants:,} applicants, {forecast.invalid:,} invalid rows"
        ),
    )
    top = 3
    for col, head in enumerate(_head(lang)):
        sheet.write_string(top, col, head, bold)
    for offset, row in enumerate(forecast_rows(forecast, lang), start=1):
        total = row[1] in ("合计", "total")
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

    zh = lang == "zh"
    data = forecast_doc(forecast, policy, lang)
    data["lang"] = lang
    data["title"] = policy.meta.title if zh else policy.meta.title_en
    data["status"] = policy.meta.status_zh if zh else policy.meta.status_en
    data["rows"] = forecast_rows(forecast, lang)
    data["headers"] = _head(lang)
    from ..policy import chinese_number

    data["article_labels"] = [f"第{chinese_number(a)}条" if zh else f"Art. {a}" for a in forecast.articles]
    env = Environment(
        loader=PackageLoader("jzai_cli.render", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    env.filters["yuan"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    chart_js = resources.files("jzai_cli.render").joinpath("assets/chart.umd.min.js").read_text(encoding="utf-8")
    return env.get_template("forecast.html.j2").render(d=data, zh=zh, chart_js=chart_js)
