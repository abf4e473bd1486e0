"""The ``jixiao`` command: check, show, convert and rules, over the public API of the package.

Exit status: 0 no error finding · 1 an error finding · 2 an input could not be read, or the command
line named an unknown ruleset, format or rule · 3 jixiao itself failed (a defect; no traceback is
shown unless ``JIXIAO_DEBUG`` is set) · 141 the reader of a pipe went away (128 + SIGPIPE).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from jixiao import __version__
from jixiao.cli.convert import default_output, write_batch
from jixiao.cli.inputs import Batch, gather, split_codes
from jixiao.cli.render import BROKEN_PIPE_STATUS, make_console
from jixiao.cli.render_check import render_check, unreadable_lines
from jixiao.cli.render_layouts import render_layouts
from jixiao.cli.render_rules import find, render_rule_doc, render_rule_list
from jixiao.cli.render_show import render_show
from jixiao.i18n import t
from jixiao.layouts import all_layouts
from jixiao.model import codec
from jixiao.scoring import AUTO, RULESETS

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
CHECK_FORMATS = ("text", "json")
CONVERT_FORMATS = ("json", "xlsx", "docx", "html", "pdf", "csv", "parquet")


class Lang(StrEnum):
    zh = "zh"
    en = "en"


app = typer.Typer(
    name="jixiao", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="读取、评分并检查项目支出绩效自评表。 Read, score and check project expenditure performance "
         "self-evaluation forms (项目支出绩效自评表).",
)

Paths = Annotated[list[str], typer.Argument(metavar="FILE|DIR", help="自评表文件或目录 / form files or directories",
                                            show_default=False)]
LangOption = Annotated[Lang, typer.Option("--lang", "-l", envvar="JIXIAO_LANG",
                                          help="输出语言 / output language")]
RulesetOption = Annotated[str, typer.Option(
    "--ruleset", "-r", metavar="NAME",
    help=f"评分规则集（auto：按版式） / scoring ruleset (auto: the layout's): {AUTO}, {', '.join(RULESETS)}")]
LayoutOption = Annotated[str | None, typer.Option(
    "--layout", metavar="NAME", show_default=False,
    help="指定版式，不自动识别（见 jixiao layouts） / read every form with this layout instead of detecting it "
         "(see `jixiao layouts`)")]
WidthOption = Annotated[int | None, typer.Option("--width", min=40, max=1000, show_default=False,
                                                 help="输出宽度（默认：终端宽度，非终端时 120） / output width "
                                                      "(default: the terminal's, 120 when not a terminal)")]


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Run a command that returns its exit status; an unexpected exception becomes one line, status 3."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        lang = str(kwargs.get("lang", Lang.zh))
        try:
            status = command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            # The reader of a pipe (`| head`) went away: stop quietly with the status of SIGPIPE, as
            # other tools do; stdout is pointed at /dev/null so the final flush cannot fail again.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            status = BROKEN_PIPE_STATUS
        except Exception as error:
            if os.environ.get("JIXIAO_DEBUG"):
                raise
            typer.echo(t("internal_error", lang, error=repr(error)), err=True)
            status = EXIT_INTERNAL
        raise typer.Exit(status)

    return wrapper


def fail(key: str, lang: str, **fields: object) -> int:
    """A one-line usage problem on stderr; the status for an unusable command line."""
    typer.echo(f"jixiao: {t(key, lang, **fields)}", err=True)
    return EXIT_UNUSABLE


def usable(lang: str, ruleset: str, fmt: str | None = None, formats: tuple[str, ...] = (),
           layout: str | None = None) -> int | None:
    """None when the ruleset, format and layout are known; else the failing status, after saying why."""
    if ruleset != AUTO and ruleset not in RULESETS:
        return fail("unknown_ruleset", lang, name=ruleset, known=", ".join((AUTO, *RULESETS)))
    names = [item.name for item in all_layouts()]
    if layout is not None and layout not in names:
        return fail("unknown_layout", lang, name=layout, known=", ".join(names))
    if fmt is not None and fmt not in formats:
        return fail("unknown_format", lang, name=fmt, known=", ".join(formats))
    return None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                               help="显示版本 / show the version")] = False) -> None:
    """读取、评分并检查项目支出绩效自评表。 Read, score and check 项目支出绩效自评表."""


@app.command("check")
@guarded
def check_command(
    paths: Paths,
    lang: LangOption = Lang.zh,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="text|json", help="输出格式 / output format")] = "text",
    ruleset: RulesetOption = AUTO,
    layout: LayoutOption = None,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="CODE", show_default=False,
                                                     help="只报告这些代码（前缀，可重复或逗号分隔） / only these "
                                                          "codes (prefixes; repeat or comma-separate)")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODE", show_default=False,
                                                     help="不报告这些代码（前缀） / leave out these codes "
                                                          "(prefixes)")] = None,
    width: WidthOption = None,
) -> int:
    """检查自评表并报告问题 / check forms and report findings.

    退出状态 / exit status: 0 无错误 no error · 1 有错误 an error finding · 2 有文件无法读取 an input unreadable.
    """
    fmt = fmt.lower()
    if (status := usable(lang, ruleset, fmt, CHECK_FORMATS, layout)) is not None:
        return status
    batch = gather(paths, ruleset, select=split_codes(select), ignore=split_codes(ignore), layout=layout)
    if fmt == "json":
        typer.echo(codec.document_text(_document(batch)), nl=False)
        _report_unreadable(batch, lang)
    else:
        render_check(make_console(width), batch, lang)
    return batch.exit_status


@app.command("show")
@guarded
def show_command(paths: Paths, lang: LangOption = Lang.zh, ruleset: RulesetOption = AUTO,
                 layout: LayoutOption = None, width: WidthOption = None) -> int:
    """按表格显示自评表与复算过程 / print each form with its recomputed scores.

    填报与复算得分并列，并给出每个复算数字的计算过程。 Declared and recomputed scores side by side, with
    the arithmetic behind every recomputed number.
    """
    if (status := usable(lang, ruleset, layout=layout)) is not None:
        return status
    batch = gather(paths, ruleset, checks=False, layout=layout)
    console = make_console(width)
    render_show(console, batch.forms, batch.sheets, lang)
    for line in unreadable_lines(batch, lang):
        console.print(line, style="bold red")
    return EXIT_UNUSABLE if batch.unreadable else EXIT_OK


@app.command("convert")
@guarded
def convert_command(
    paths: Paths,
    to: Annotated[str, typer.Option("--to", "-t", metavar="FORMAT",
                                    help="目标格式 / target format: json, xlsx, docx, csv, parquet")] = "json",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="输出文件；csv/parquet 为目录或文件名前缀（json 默认标准输出，其余默认取第一个输入的文件名） / "
             "output file; a folder or name prefix for csv/parquet (json: stdout by default; others: "
             "named after the first input)")] = None,
    one_sheet: Annotated[bool, typer.Option("--one-sheet", help="xlsx：所有表写在一个工作表 / xlsx: all forms "
                                                                "on one sheet")] = False,
    mark_findings: Annotated[bool, typer.Option(
        "--mark-findings", help="html/pdf：在单元格上标出检查发现的问题（审核用） / html/pdf: mark each finding "
                                "at its cell (for review)")] = False,
    ruleset: RulesetOption = AUTO,
    layout: LayoutOption = None,
    lang: LangOption = Lang.zh,
) -> int:
    """把自评表转换为 JSON、官方版式的 Excel/Word，或 CSV/Parquet 数据表 / convert forms to JSON, the
    official layout in Excel or Word, or CSV/Parquet tables.

    JSON 含评分与读取问题（规则检查结果请用 check --format json）；CSV/Parquet 含检查结果表。 The JSON
    document holds the scores and reading problems (`check --format json` adds the rules' findings);
    CSV/Parquet include a findings table.
    """
    to = to.lower()
    if (status := usable(lang, ruleset, to, CONVERT_FORMATS, layout)) is not None:
        return status
    batch = gather(paths, ruleset, checks=to in ("csv", "parquet") or mark_findings, layout=layout)
    if to == "json" and output is None:
        typer.echo(codec.document_text(_document(batch)), nl=False)
    elif batch.forms:
        target = output or default_output(paths[0], to)
        try:
            write_batch(batch, to, target, _document, one_sheet=one_sheet, mark_findings=mark_findings, lang=lang)
        except OSError as error:
            return fail("write_failed", lang, path=target, reason=error.strerror or repr(error))
        typer.echo(t("written", lang, path=target, forms=t("forms_n", lang, n=len(batch.forms))), err=True)
    _report_unreadable(batch, lang)
    return EXIT_UNUSABLE if batch.unreadable else EXIT_OK


@app.command("rules")
@guarded
def rules_command(code: Annotated[str | None, typer.Argument(metavar="[CODE]", show_default=False,
                                                             help="规则代码 / rule code")] = None,
                  lang: LangOption = Lang.zh, width: WidthOption = None) -> int:
    """列出检查规则，或显示一条规则的说明 / list the rules, or print one rule's documentation."""
    console = make_console(width)
    if code is None:
        render_rule_list(console, lang)
        return EXIT_OK
    item = find(code)
    if item is None:
        return fail("unknown_rule", lang, code=code)
    render_rule_doc(console, item, lang)
    return EXIT_OK


@app.command("layouts")
@guarded
def layouts_command(lang: LangOption = Lang.zh, width: WidthOption = None) -> int:
    """列出可识别的自评表版式 / list the form layouts jixiao reads.

    每种版式是 jixiao/layouts/files 下的一个 TOML 文件；自动识别，也可用 --layout 指定。 Each layout is one
    TOML file in jixiao/layouts/files; it is detected automatically, or forced with --layout.
    """
    render_layouts(make_console(width), lang)
    return EXIT_OK


def _document(batch: Batch) -> dict[str, Any]:
    return codec.to_json(batch.forms, batch.findings, batch.sheets, inputs=batch.results, ruleset=batch.ruleset)


def _report_unreadable(batch: Batch, lang: str) -> None:
    """With machine output on stdout, the unreadable inputs are also named on stderr for the person."""
    for line in unreadable_lines(batch, lang):
        typer.echo(line, err=True)


def run() -> None:
    """The console-script entry point (``jixiao``; ``python -m jixiao``)."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot encode Chinese gets replacement marks, not a traceback.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    app(prog_name="jixiao")
