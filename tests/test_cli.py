"""The ``jixiao`` command: golden outputs on the founding sample, exit codes, languages, filters, JSON."""

from __future__ import annotations

import difflib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jixiao
from caselib import FIXTURES
from jixiao.checks import ALL_RULES
from jixiao.cli import main as cli_main
from jixiao.ingest.problems import PROBLEMS
from jixiao.model import codec

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = FIXTURES / "founding_sample.txt"
_spec = importlib.util.spec_from_file_location("regen_golden", ROOT / "scripts" / "regen_golden.py")
assert _spec is not None and _spec.loader is not None
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)


def invoke(*arguments: str | Path):
    """Run ``jixiao ARGUMENTS`` in-process with the environment that golden files are made in."""
    return CliRunner().invoke(cli_main.app, [str(argument) for argument in arguments], env=regen.NEUTRAL_ENV)


def document_of(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)


def form_text(number: int, lines: list[str]) -> str:
    """The dump text of one form of the sample, cut out by the lines its provenance names."""
    form = jixiao.read(SAMPLE)[number - 1]
    return "".join(lines[form.source.first_line - 1: form.source.last_line])


# --- golden files -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(regen.GOLDEN))
def test_output_matches_its_golden_file(name):
    arguments, expected_status = regen.GOLDEN[name]
    status, output = regen.render(arguments)
    golden = (regen.GOLDEN_DIR / name).read_text(encoding="utf-8")
    if output != golden:
        diff = "".join(list(difflib.unified_diff(golden.splitlines(True), output.splitlines(True),
                                                 f"golden/{name}", "now", n=1))[:60])
        pytest.fail(f"`jixiao {' '.join(arguments)}` drifted from tests/golden/{name}.\n"
                    f"If the change is intended, run `.venv/bin/python scripts/regen_golden.py` and review "
                    f"`git diff tests/golden`.\n{diff}")
    assert status == expected_status


def test_golden_json_is_a_valid_document(monkeypatch):
    monkeypatch.chdir(ROOT)  # the golden document names the sample by its path relative to the root
    document = json.loads((regen.GOLDEN_DIR / "founding_sample.check.json").read_text(encoding="utf-8"))
    assert codec.from_json(document) == jixiao.read(Path(regen.SAMPLE))


# --- check: what it prints ----------------------------------------------------------------------

def test_check_prints_each_form_with_totals_and_findings():
    result = invoke("check", SAMPLE)
    assert result.exit_code == 1, "form 4's declared total 98.9 ≠ 99 is an error"
    out = result.stdout
    for label in ("项目名称", "实施单位", "年度", "填报总分", "复算总分", "等级"):
        assert out.count(label) >= 4
    assert "98.9" in out and "A001" in out and "declared_total_score" in out
    assert "合计：1 个文件，4 张自评表" in out
    assert "\x1b[" not in out, "no colour codes outside a terminal"


def test_check_in_english():
    out = invoke("check", SAMPLE, "--lang", "en").stdout
    assert "Summary: 1 file, 4 forms" in out and "recomputed total" in out
    assert "合计" not in out and "填报总分" not in out
    assert "Declared total 98.9" in out


def test_check_accepts_a_directory(tmp_path):
    (tmp_path / "b.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    document = document_of(invoke("check", tmp_path, "--format", "json"))
    assert [Path(item["path"]).relative_to(tmp_path).as_posix() for item in document["inputs"]] == ["a/one.txt",
                                                                                                    "b.txt"]
    assert len(document["forms"]) == 8


def test_the_bundled_examples_are_checked():
    result = invoke("check", ROOT / "src" / "jixiao" / "examples")
    assert result.exit_code in (0, 1)
    assert "4 张自评表" in result.stdout


# --- exit codes --------------------------------------------------------------------------------

def test_exit_0_when_no_finding_is_an_error(tmp_path, sample_lines):
    clean = tmp_path / "form2.txt"
    clean.write_text(form_text(2, sample_lines), encoding="utf-8")
    result = invoke("check", clean)
    assert result.exit_code == 0, result.stdout
    assert "1 张自评表" in result.stdout


def test_exit_1_when_a_finding_is_an_error(tmp_path, sample_lines):
    form4 = tmp_path / "form4.txt"
    form4.write_text(form_text(4, sample_lines), encoding="utf-8")
    assert invoke("check", form4, "--select", "A001").exit_code == 1


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\xff\xfe" * 50, b"no form in here\n"],
                         ids=["empty", "binary", "no-form"])
def test_exit_2_when_an_input_cannot_be_read(tmp_path, content):
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    result = invoke("check", bad, SAMPLE)
    assert result.exit_code == 2
    assert "无法读取" in result.stdout and "bad.dat" in result.stdout
    assert "4 张自评表" in result.stdout, "the readable input is still reported"
    assert "Traceback" not in result.output


def test_exit_2_for_a_missing_path_says_why_in_the_language(tmp_path):
    result = invoke("check", tmp_path / "missing.txt", "--lang", "en")
    assert result.exit_code == 2
    assert "cannot read (R001)" in result.stdout and "does not exist" in result.stdout


def test_exit_2_for_an_empty_directory(tmp_path):
    result = invoke("check", tmp_path)
    assert result.exit_code == 2 and "目录中没有可读取的文件" in result.stdout


def test_unknown_ruleset_is_one_line_and_exit_2():
    result = invoke("check", SAMPLE, "--ruleset", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "nope" in result.stderr and "mof-2020" in result.stderr
    assert result.stdout == ""


def test_another_ruleset_scores_differently():
    document = document_of(invoke("check", SAMPLE, "--format", "json", "--ruleset", "local-strict"))
    assert document["ruleset"] == "local-strict"
    assert document["forms"][0]["score"]["adjustments"], "form 1's 200% actual costs 2 points under local rules"


def test_unknown_output_format_is_refused():
    result = invoke("check", SAMPLE, "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


def test_an_internal_failure_is_one_line_not_a_traceback(monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_main, "gather", explode)
    result = invoke("check", SAMPLE)
    assert result.exit_code == 3
    assert "boom" in result.stderr and "Traceback" not in result.output


# --- selection --------------------------------------------------------------------------------

def test_select_and_ignore_apply_to_rules_and_reading_problems():
    every = {f["code"] for f in document_of(invoke("check", SAMPLE, "--format", "json"))["findings"]}
    assert "R004" in every and "A001" in every
    selected = document_of(invoke("check", SAMPLE, "--format", "json", "--select", "R"))["findings"]
    assert selected and {f["code"] for f in selected} == {"R004"}
    ignored = document_of(invoke("check", SAMPLE, "--format", "json", "--ignore", "R", "--ignore", "a001"))
    assert not {"R004", "A001"} & {f["code"] for f in ignored["findings"]}
    assert invoke("check", SAMPLE, "--ignore", "A001").exit_code in (0, 1)
    comma = document_of(invoke("check", SAMPLE, "--format", "json", "--select", "A001,R004"))["findings"]
    assert {f["code"] for f in comma} == {"A001", "R004"}


def test_unreadable_inputs_are_reported_whatever_the_filter(tmp_path):
    result = invoke("check", tmp_path / "missing.txt", "--select", "A")
    assert result.exit_code == 2 and "R001" in result.stdout


# --- JSON output ------------------------------------------------------------------------------

def test_json_output_is_one_document_with_the_contract_keys(tmp_path):
    result = invoke("check", SAMPLE, tmp_path / "missing.txt", "--format", "json")
    assert result.exit_code == 2
    document = document_of(result)
    assert document["schema"].startswith("jixiao.form/")
    assert {"forms", "findings", "inputs", "summary", "ruleset"} <= document.keys()
    form = document["forms"][3]
    assert form["id"].endswith("#4") and form["score"]["declared_total"] == "98.9"
    assert [item["readable"] for item in document["inputs"]] == [True, False]
    assert "missing.txt" in result.stderr, "the person is told on stderr too"
    cross = [f for f in document["findings"] if len(f["forms"]) > 1]
    assert all(f["forms"][0].endswith("#1") for f in cross)


# --- show, convert, rules, version ------------------------------------------------------------

def test_show_prints_declared_and_recomputed_with_explanations():
    result = invoke("show", SAMPLE, "--lang", "en")
    assert result.exit_code == 0
    out = result.stdout
    assert "Funding" in out and "Annual goal" in out and "Indicators" in out
    assert "total 99 = 10 + 10" in out, "the total's explanation"
    assert "rate = 35 ÷ 35" in out and "actual 10 > target 5" in out
    assert "≠ 99" in out, "form 4: declared 98.9 against recomputed 99"


def test_show_lists_the_ruleset_adjustments():
    out = invoke("show", SAMPLE, "--ruleset", "local-strict").stdout
    assert "−2  indicators[0]" in out and "200%" in out


def test_show_on_a_narrow_terminal_uses_cards():
    out = invoke("show", SAMPLE, "--width", "70").stdout
    assert "年度指标值 5次 · 实际完成值 10次" in out
    assert all(len(line) <= 70 for line in out.splitlines())


def test_convert_writes_the_schema_atomically(tmp_path):
    target = tmp_path / "forms.json"
    result = invoke("convert", SAMPLE, "--to", "json", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert codec.from_json(target.read_text(encoding="utf-8")) == jixiao.read(SAMPLE)
    assert [path.name for path in tmp_path.iterdir()] == ["forms.json"]


def test_convert_to_stdout_and_refusals(tmp_path):
    assert codec.from_json(invoke("convert", SAMPLE).stdout) == jixiao.read(SAMPLE)
    refused = invoke("convert", SAMPLE, "--to", "odt")
    assert refused.exit_code == 2 and "odt" in refused.stderr
    unwritable = invoke("convert", SAMPLE, "-o", tmp_path / "no" / "such" / "dir.json")
    assert unwritable.exit_code == 2 and "Traceback" not in unwritable.output


def test_rules_lists_every_rule_and_reading_problem():
    result = invoke("rules", "--lang", "en")
    assert result.exit_code == 0
    for code in [rule.code for rule in ALL_RULES] + list(PROBLEMS):
        assert code in result.stdout


def test_rules_code_prints_its_documentation():
    result = invoke("rules", "a001")
    assert result.exit_code == 0
    for heading in ("检查内容", "依据", "示例", "改正方法"):
        assert heading in result.stdout
    assert invoke("rules", "R001", "--lang", "en").exit_code == 0


def test_unknown_rule_code_is_exit_2():
    result = invoke("rules", "ZZZ999")
    assert result.exit_code == 2 and "ZZZ999" in result.stderr


def test_version_in_process_and_as_a_module():
    assert invoke("--version").stdout.strip() == f"jixiao {jixiao.__version__}"
    completed = subprocess.run([sys.executable, "-m", "jixiao", "--version"], capture_output=True, text=True,
                               check=False, cwd=ROOT)
    assert completed.returncode == 0 and completed.stdout.strip() == f"jixiao {jixiao.__version__}"


@pytest.mark.parametrize("text", ["\t项目支出绩效自评表\n\n\t项目名称\n\t" + "长" * 100_000 + "\n",
                                  "\t项目名称\n\t\U0001f600\u202e\ufeff\n\n\t总分\n\t[bold]x[/bold]\n",
                                  "项目支出绩效自评表\n" * 1000])
def test_odd_inputs_never_raise(tmp_path, text):
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    for command in (["check"], ["show"], ["convert"], ["check", "--format", "json"]):
        result = invoke(*command, path)
        assert result.exit_code in (0, 1, 2), result.output[-2000:]
        assert "Traceback" not in result.output


def test_every_ui_string_has_chinese_and_english():
    from jixiao.i18n import LANGS, catalogue

    for key, entry in catalogue().items():
        assert set(entry) == set(LANGS), key
        for lang in LANGS:
            text = entry[lang]
            assert isinstance(text, str) or (isinstance(text, list) and len(text) == 2), (key, lang)
