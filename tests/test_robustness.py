"""Input jixiao must survive: every bad file gives a finding that names it — never a traceback, never a hang.

Each input goes the whole way (load, score under both rulesets, every check); hang guards are
hypothesis deadlines and generous wall-clock bounds, far above what a linear reader needs.
"""

from __future__ import annotations

import codecs
import random
import time
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao
from jixiao import settings as jixiao_settings
from jixiao.ingest.loader import load_bytes
from jixiao.model import Finding

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SAMPLE_LINES = SAMPLE_TEXT.split("\n")


def run_everything(result: jixiao.LoadResult) -> list[Finding]:
    """Score and check whatever was read, as ``jixiao check`` would; every finding, reading ones included."""
    for ruleset in ("mof-2020", "local-strict"):
        for form in result.forms:
            jixiao.score(form, ruleset)
    return [*result.findings, *jixiao.check(result.forms)]


def codes(findings: list[Finding]) -> set[str]:
    return {finding.code for finding in findings}


def assert_unreadable(result: jixiao.LoadResult, code: str, path: Path | str, words: str) -> None:
    assert not result.readable
    assert result.forms == []
    finding = result.findings[-1]
    assert finding.code == code
    assert str(path) in finding.message and str(path) in finding.message_en
    assert words in finding.message_en
    assert finding.location.file == str(path)


# --- files that cannot be read -----------------------------------------------------------------

def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_unreadable(jixiao.load_path(path), "R001", path, "empty")


def test_whitespace_only(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n\r\n\u3000\n", encoding="utf-8")
    assert_unreadable(jixiao.load_path(path), "R001", path, "empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(random.Random(7).randbytes(200_000) + b"\x00\x01")
    assert_unreadable(jixiao.load_path(path), "R001", path, "binary")


def test_binary_without_nul_bytes_is_not_text_either(tmp_path: Path) -> None:
    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(b for b in random.Random(8).randbytes(50_000) if b) + b"\xff\xfe\xfd\x80")
    result = jixiao.load_path(path)
    assert not result.readable
    assert result.findings[-1].code in {"R001", "R002"}


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert_unreadable(jixiao.load_path(path), "R001", path, "does not exist")


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    assert_unreadable(jixiao.load_path(tmp_path), "R001", tmp_path, "not a regular file")


def test_a_file_name_too_long_for_the_system(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 400)
    result = jixiao.load_path(path)
    assert not result.readable and result.findings[-1].code == "R001"


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jixiao_settings, "MAX_TEXT_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    assert_unreadable(jixiao.load_path(path), "R001", path, "over the 2 MB limit")


def test_text_with_no_form(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("各位同事：\n\n\t下周一开会。\n\t请准时参加。\n", encoding="utf-8")
    assert_unreadable(jixiao.load_path(path), "R002", path, "no self-evaluation form")


# --- files that can be read, in other shapes ---------------------------------------------------

def sample_values(forms: list[jixiao.Form]) -> list[tuple]:
    return [(f.project_name.text, f.funding.total.executed.value, [i.target.raw for i in f.indicators],
             f.declared_total_score.value) for f in forms]


EXPECTED = sample_values(jixiao.load_path(SAMPLE).forms)


@pytest.mark.parametrize(("encoding", "prefix"), [("gbk", b""), ("gb18030", b""), ("utf-8", codecs.BOM_UTF8),
                                                  ("utf-16-le", codecs.BOM_UTF16_LE),
                                                  ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_other_encodings_read_the_same(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / f"sample.{encoding}.txt"
    path.write_bytes(prefix + SAMPLE_TEXT.encode(encoding))
    result = jixiao.load_path(path)
    assert result.readable
    assert sample_values(result.forms) == EXPECTED


def test_windows_line_ends_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"))
    result = jixiao.load_path(path)
    assert sample_values(result.forms) == EXPECTED
    assert result.forms[3].declared_total_score.source.line == 708


def test_a_form_cut_off_halfway(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text("\n".join(SAMPLE_LINES[:100]), encoding="utf-8")  # stops inside form 1's indicators
    result = jixiao.load_path(path)
    assert result.readable
    [form] = result.forms
    assert form.missing_sections == ("total",)
    assert len(form.indicators) == 2
    r003 = [f for f in result.findings if f.code == "R003"]
    assert len(r003) == 1 and r003[0].forms == (f"{path}#1",) and r003[0].location.file == str(path)
    assert "总分" in r003[0].message
    run_everything(result)


def test_a_form_cut_off_after_its_header(tmp_path: Path) -> None:
    result = jixiao.load_text("\n".join(SAMPLE_LINES[:12]), "head.txt")
    [form] = result.forms
    assert form.missing_sections == ("funding", "goal", "indicators", "total")
    assert form.project_name.text.startswith("昌吉州脱贫攻坚")
    assert "R003" in codes(run_everything(result))


def test_extra_and_missing_cells_in_rows() -> None:
    lines = list(SAMPLE_LINES)
    lines.insert(91, "\t")  # form 1, 指导县市开展工作: a surplus blank cell after its actual (line 91)
    del lines[102]  # form 1, 配合自治区…: its weight (line 102, one further down after the insert) goes
    result = jixiao.load_text("\n".join(lines), "cells.txt")
    r004 = [f for f in result.findings if f.code == "R004"]
    assert len(r004) == 3  # the two made here and the one already in the sample
    assert all(f.forms == ("cells.txt#1",) and f.location.file == "cells.txt" for f in r004)
    first, second = result.forms[0].indicators[:2]
    assert (first.actual.raw, first.weight.value, first.declared_score.value) == ("10次", 10, 10)
    # A missing cell cannot be placed: the cells after it move left, and R004 names the row to look at.
    assert (second.target.raw, second.actual.raw, second.weight.value) == ("2次", "2次", 10)
    assert second.declared_score.is_blank and second.deviation_note.is_blank
    run_everything(result)


def test_many_forms_in_a_10_mb_file(tmp_path: Path) -> None:
    copies = 10 * 1024 * 1024 // len(SAMPLE_TEXT.encode("utf-8")) + 1
    path = tmp_path / "ten_mb.txt"
    path.write_text("\n\n".join([SAMPLE_TEXT] * copies), encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    started = time.perf_counter()
    result = jixiao.load_path(path)
    assert len(result.forms) == 4 * copies
    assert result.forms[-1].id == f"{path}#{4 * copies}"
    assert [jixiao.score(form).computed_total for form in result.forms[-4:]] == [99, 99, 98, 99]
    assert time.perf_counter() - started < 60  # about a second when reading is linear


def test_a_10_mb_file_of_junk(tmp_path: Path) -> None:
    rng = random.Random(10)
    alphabet = "项目资金指标值总分自评表年度一二三 \t0123456789%≥≤／—abcXYZ，。"
    lines = []
    size = 0
    while size < 10 * 1024 * 1024:
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    path = tmp_path / "junk.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    started = time.perf_counter()
    result = jixiao.load_path(path)
    run_everything(result)
    assert time.perf_counter() - started < 60


def test_a_10_mb_file_of_one_line(tmp_path: Path) -> None:
    path = tmp_path / "one_line.txt"
    path.write_text("项目支出绩效自评表" + "数" * 3_500_000, encoding="utf-8")
    started = time.perf_counter()
    result = jixiao.load_path(path)
    assert_unreadable(result, "R002", path, "no self-evaluation form")
    assert time.perf_counter() - started < 30


def test_a_cell_continued_over_many_lines_is_read_in_linear_time() -> None:
    text = "项目支出绩效自评表\n" + "\n".join(f"没有制表符的第{n}行" for n in range(300_000))
    started = time.perf_counter()
    run_everything(jixiao.load_text(text, "lines.txt"))
    assert time.perf_counter() - started < 30  # minutes when each line re-copies the cell


def test_a_row_of_many_cells_is_aligned_in_linear_time() -> None:
    header_end = SAMPLE_TEXT.index("\t产出指标")
    row = "\t\n\t\n\t\n\t名称\n" + "\t\n" * 60_000 + "\t值\n" * 60_000
    started = time.perf_counter()
    result = jixiao.load_text(SAMPLE_TEXT[:header_end] + row, "wide.txt")
    run_everything(result)
    assert "R004" in codes(result.findings)
    assert time.perf_counter() - started < 30  # minutes when each surplus cell is found by a rescan


@pytest.mark.parametrize("where", ["\t扶贫指导项目经费  ", "\t指导县市开展工作次数", "\t≥1次", "\t确保稳定增收。",
                                   "\t贯彻执行国家", "\t0.27"])
def test_a_one_megabyte_cell(where: str) -> None:
    text = SAMPLE_TEXT.replace(where, "\t" + "长" * 1_000_000 + where[1:], 1)
    started = time.perf_counter()
    result = jixiao.load_text(text, "long.txt")
    assert len(result.forms) == 4
    run_everything(result)
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("cell", ["9" * 39, "1" + "0" * 1_000_000, "0." + "0" * 37 + "1"])
def test_absurd_numbers_are_scored_without_overflow(cell: str) -> None:
    for where in ("\t≥1次", "\t1次", "\t10\n\t10\n\t/", "\t0.27\n\t\n\t0.27"):
        text = SAMPLE_TEXT.replace(where, "\t" + cell + where[where.index("\n"):] if "\n" in where else "\t" + cell,
                                   1)
        findings = run_everything(jixiao.load_text(text, "numbers.txt"))
        assert "R005" not in codes(findings), [f.message for f in findings if f.code == "R005"]


# --- jixiao.read -------------------------------------------------------------------------------

def test_read_raises_read_error_with_its_finding(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "data.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    for source, code in ((empty, "R001"), (binary, "R001"), (tmp_path / "missing.txt", "R001"),
                         ("\t没有表\n\t只有字\n", "R002")):
        with pytest.raises(jixiao.ReadError) as raised:
            jixiao.read(source)
        assert raised.value.finding.code == code
        assert raised.value.finding.message in str(raised.value)


def test_read_takes_a_path_string_or_dump_text() -> None:
    assert len(jixiao.read(str(SAMPLE))) == 4
    assert len(jixiao.read(SAMPLE_TEXT)) == 4


def test_read_of_a_long_one_line_text_raises_read_error() -> None:
    with pytest.raises(jixiao.ReadError):
        jixiao.read("x" * 5000)


# --- arbitrary input -------------------------------------------------------------------------

@settings(deadline=timedelta(seconds=5), max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_arbitrary_unicode(text: str) -> None:
    result = jixiao.load_text(text, "any.txt")
    findings = run_everything(result)
    assert result.readable or findings[-1].code == "R002"
    assert "R005" not in codes(findings)


@settings(deadline=timedelta(seconds=5), max_examples=100)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data: bytes) -> None:
    result = load_bytes(data, "any.bin")
    findings = run_everything(result)
    assert result.readable or findings[-1].code in {"R001", "R002"}


# --- the founding sample, mutated ------------------------------------------------------------

mutation = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, len(SAMPLE_LINES) - 1), st.integers(1, 40)),
    st.tuples(st.just("duplicate"), st.integers(0, len(SAMPLE_LINES) - 1), st.integers(1, 40)),
    st.tuples(st.just("swap"), st.integers(0, len(SAMPLE_LINES) - 1), st.integers(0, len(SAMPLE_LINES) - 1)),
    st.tuples(st.just("empty"), st.integers(0, len(SAMPLE_LINES) - 1), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, len(SAMPLE_LINES) - 1),
              st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)),
    st.tuples(st.just("cut"), st.integers(0, len(SAMPLE_TEXT)), st.just(0)),
)


def mutate(lines: list[str], change: tuple) -> list[str]:
    kind, at, arg = change
    at = min(at, max(len(lines) - 1, 0))
    if not lines:
        return lines
    if kind == "drop":
        return lines[:at] + lines[at + arg:]
    if kind == "duplicate":
        return lines[:at + arg] + lines[at:at + arg] + lines[at + arg:]
    if kind == "swap":
        other = min(arg, len(lines) - 1)
        lines = list(lines)
        lines[at], lines[other] = lines[other], lines[at]
        return lines
    if kind == "empty":
        return [*lines[:at], "\t" if lines[at].startswith("\t") else "", *lines[at + 1:]]
    if kind == "insert":
        return [*lines[:at], arg, *lines[at:]]
    return "\n".join(lines)[:at].split("\n")  # cut


@settings(deadline=timedelta(seconds=5), max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=8))
def test_mutated_founding_sample(changes: list[tuple]) -> None:
    lines = SAMPLE_LINES
    for change in changes:
        lines = mutate(lines, change)
    result = jixiao.load_text("\n".join(lines), "mutated.txt")
    findings = run_everything(result)
    assert all(isinstance(finding, Finding) for finding in findings)
    assert result.readable or findings[-1].code == "R002"
    assert "R005" not in codes(findings), [f.message for f in findings if f.code == "R005"]
    for form in result.forms:
        assert form.id.startswith("mutated.txt#")
