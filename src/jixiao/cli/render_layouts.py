"""``jixiao layouts``: the declared layouts of the form, with what each is worth in points."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from jixiao.cli.render import TABLE_BOX
from jixiao.i18n import t
from jixiao.layouts import Layout, all_layouts
from jixiao.scoring.indicators import fmt


def render_layouts(console: Console, lang: str) -> None:
    table = Table(title=t("layouts_title", lang), title_justify="left", box=TABLE_BOX, pad_edge=False)
    for key in ("col_layout", "col_title", "col_region", "col_years", "col_scoring", "col_file"):
        table.add_column(t(key, lang), no_wrap=key in ("col_layout", "col_file"), overflow="fold")
    layouts = all_layouts()
    for layout in layouts:
        title = layout.title if lang == "zh" else layout.title_en
        table.add_row(layout.name, title, layout.region, layout.years, scoring_text(layout, lang), layout.source_file)
    console.print(table)
    console.print(t("layouts_count", lang, n=len(layouts), folder="jixiao/layouts/files"))


def scoring_text(layout: Layout, lang: str) -> str:
    scoring = layout.scoring
    if not scoring.scored:
        return t("scoring_none", lang)
    extra = "" if scoring.weighted else t("scoring_unweighted", lang)
    return t("scoring_summary", lang, execution=fmt(scoring.execution_weight),
             indicators=fmt(scoring.indicator_points), extra=extra)
