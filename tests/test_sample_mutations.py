"""Every published sample, mutated as copying and extraction mutate text, read without a crash or a hang.

The samples (``tests/fixtures/samples/NNN.txt``, and the founding sample) are cut into lines and each line
into cells at the separators its shape uses (a tab, a pipe, a run of spaces). Hypothesis then applies a few
of the mutations a published text suffers — a cell dropped, two cells merged (their separator lost), two
cells swapped, two lines swapped or one dropped, a line wrapped in the middle of a cell, noise inserted
(page markers, site banners, stray characters) — and the mutated text is read with ``load_text``, then
scored and checked as ``jixiao check`` would.

What must hold whatever the mutation:

* reading never raises, and no rule fails to run (R005);
* a text with no form says so (R002), and every form is numbered under the file's name;
* every confidence, of the form and of each value, lies in [0, 1], and a form read with low confidence
  says so (R007);
* every field the reader lists as unreadable is a field of the form, reported by an R006 or an R003, and
  stays blank;
* the forms survive the JSON codec unchanged (nothing half-built reaches the output).

A hang would show as hypothesis' deadline (generous here: it guards against a runaway, it times nothing).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.model import Finding, Form, codec
from jixiao.model.values import Amount, Measure, TextValue

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = {path.stem: path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "samples").glob("*.txt"))}
SAMPLES["founding"] = (FIXTURES / "founding_sample.txt").read_text(encoding="utf-8")

# A cell boundary in any of the samples' shapes: a tab, a pipe (and the spaces around it), a run of spaces.
SEPARATOR = re.compile(r"\t|\s*\|\s*| {2,}| ")
# Noise that published text carries: preview-site page markers, banners, metadata, stray marks and glyphs.
NOISE = ("1、", "12、", "第 3 页 共 9 页", "来源：某县人民政府网 | 打印本页 | 关闭窗口", "发布时间:2023-12-05 15:04",
         "【字体：大 中 小】", "……", "—", "/", "|", "||||", "\t", "  ", "(50分)", "合计", "总分", "得分", "自评表",
         "≥", "≤", "2", "W", "%", "万元", "指标1:", "其中：", "产出指标", "100", "0.5", "\u3000", "\r", "\x00")

mutation = st.one_of(
    st.tuples(st.sampled_from(("drop_cell", "merge_cells", "swap_cells", "wrap_line", "drop_line", "swap_lines",
                               "duplicate_line")),
              st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000)),
    st.tuples(st.just("noise"), st.integers(min_value=0, max_value=10_000),
              st.one_of(st.sampled_from(NOISE), st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                                        max_size=12))),
)


def mutate(lines: list[str], change: tuple) -> list[str]:
    """``lines`` with one ``change`` applied (positions are taken modulo the text's size)."""
    if not lines:
        return lines
    kind, at, arg = change
    index = at % len(lines)
    line = lines[index]
    if kind == "drop_line":
        return lines[:index] + lines[index + 1:]
    if kind == "duplicate_line":
        return [*lines[:index + 1], line, *lines[index + 1:]]
    if kind == "swap_lines":
        other = arg % len(lines)
        changed = list(lines)
        changed[index], changed[other] = changed[other], changed[index]
        return changed
    if kind == "wrap_line":
        cut = arg % (len(line) + 1)
        return [*lines[:index], line[:cut], line[cut:], *lines[index + 1:]]
    if kind == "noise":
        cut = (at // max(len(lines), 1)) % (len(line) + 1)
        return [*lines[:index], line[:cut] + arg + line[cut:], *lines[index + 1:]]
    return [*lines[:index], _mutate_cells(line, kind, arg), *lines[index + 1:]]


def _mutate_cells(line: str, kind: str, at: int) -> str:
    """A line with a cell dropped, two neighbours merged (the separator between them lost) or swapped."""
    cells = SEPARATOR.split(line)
    separators = SEPARATOR.findall(line)
    if len(cells) < 2:
        return "" if kind == "drop_cell" else line
    cell = at % (len(cells) - 1)
    if kind == "drop_cell":
        del cells[cell]
        del separators[min(cell, len(separators) - 1)]
    elif kind == "merge_cells":
        cells[cell:cell + 2] = [cells[cell] + cells[cell + 1]]
        del separators[cell]
    else:  # swap_cells
        cells[cell], cells[cell + 1] = cells[cell + 1], cells[cell]
    joined = [cells[0]]
    for separator, text in zip(separators, cells[1:], strict=True):
        joined.extend((separator, text))
    return "".join(joined)


def read_and_check(text: str, name: str) -> tuple[jixiao.LoadResult, list[Finding]]:
    result = jixiao.load_text(text, name)
    for form in result.forms:
        jixiao.score(form)
    return result, [*result.findings, *jixiao.check(result.forms)]


def assert_sound(result: jixiao.LoadResult, findings: list[Finding], name: str) -> None:
    codes = {finding.code for finding in findings}
    assert "R005" not in codes, [finding.message for finding in findings if finding.code == "R005"]
    assert result.forms or "R002" in codes
    reported = {finding.field for finding in findings if finding.code in ("R006", "R003")}
    for number, form in enumerate(result.forms, start=1):
        assert form.id == f"{name}#{number}"
        reading = form.reading
        assert 0.0 <= reading.confidence <= 1.0 and 0.0 <= reading.layout_confidence <= 1.0
        if reading.low_confidence:
            assert any(finding.code == "R007" and form.id in finding.forms for finding in findings)
        for value in _values(form):
            confidence = value.source.confidence if value.source is not None else None
            assert confidence is None or 0.0 <= confidence <= 1.0
        for path in reading.unreadable:
            assert _field_exists(form, path), path
        assert set(reading.unreadable) <= reported | _in_missing_sections(form) | {
            finding.field for finding in findings if finding.code == "R006" and form.id in finding.forms}
    assert codec.from_json(jixiao.to_json(result.forms)) == result.forms


def _values(form: Form) -> list[TextValue | Measure | Amount]:
    values: list[TextValue | Measure | Amount] = [form.project_name, form.goal.expected, form.goal.achieved,
                                                  form.declared_total_score, form.declared_total_weight]
    for row in form.funding.rows:
        values.extend((row.label, row.initial_budget, row.full_year_budget, row.executed))
    for indicator in [*form.indicators, *(part for parent in form.indicators for part in parent.parts)]:
        values.extend((indicator.level1, indicator.level2, indicator.name, indicator.target, indicator.actual,
                       indicator.weight, indicator.declared_score, indicator.deviation_note))
    return values


def _field_exists(form: Form, path: str) -> bool:
    """Whether ``path`` (``funding.rows[0].executed``, ``indicators``, ``goal.achieved`` …) names a field."""
    target: object = form
    for part in re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\[\d+\]", path):
        if part.startswith("["):
            items = target if isinstance(target, tuple) else ()
            index = int(part[1:-1])
            if index >= len(items):
                return False
            target = items[index]
        elif hasattr(target, part):
            target = getattr(target, part)
        else:
            return False
    return True


def _in_missing_sections(form: Form) -> set[str]:
    """Paths of blocks reported missing (R003): their fields are listed as unreadable under the form."""
    return set(form.reading.unreadable) if form.missing_sections else set()


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_reads_soundly_unmutated(name: str) -> None:
    result, findings = read_and_check(SAMPLES[name], f"{name}.txt")
    assert result.forms, name
    assert_sound(result, findings, f"{name}.txt")


@pytest.mark.parametrize("name", sorted(SAMPLES))
@settings(deadline=timedelta(seconds=20), max_examples=40, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(changes=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_samples_never_crash_or_hang(name: str, changes: list[tuple]) -> None:
    lines = SAMPLES[name].split("\n")
    for change in changes:
        lines = mutate(lines, change)
    result, findings = read_and_check("\n".join(lines), "mutated.txt")
    assert_sound(result, findings, "mutated.txt")


def test_the_mutations_do_what_they_say() -> None:
    line = "年度资金总额\t100\t90\t10"
    assert _mutate_cells(line, "drop_cell", 1) == "年度资金总额\t90\t10"
    assert _mutate_cells(line, "merge_cells", 1) == "年度资金总额\t10090\t10"
    assert _mutate_cells(line, "swap_cells", 0) == "100\t年度资金总额\t90\t10"
    assert _mutate_cells("a | b | c", "merge_cells", 0) == "ab | c"
    assert mutate(["ab", "cd"], ("wrap_line", 0, 1)) == ["a", "b", "cd"]
    assert mutate(["ab", "cd"], ("noise", 1, "1、")) == ["ab", "1、cd"]
    assert mutate(["ab", "cd"], ("swap_lines", 0, 1)) == ["cd", "ab"]
