"""The helpers the rules share: near-duplicate search, folding keys, placeholders, grouping across forms."""

from __future__ import annotations

from dataclasses import replace
from difflib import SequenceMatcher

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caselib import fixture_forms
from jixiao import settings
from jixiao.checks import check
from jixiao.checks.cells import text_key
from jixiao.checks.docgen import split_languages
from jixiao.checks.quality import near_pairs
from jixiao.checks.structure import placeholder_in
from jixiao.model.edit import with_value

names = st.lists(st.text(alphabet="走访乡镇建档立卡户的率完成时间", min_size=0, max_size=14), max_size=7)


@given(names)
def test_near_pairs_agrees_with_plain_difflib(keys: list[str]) -> None:
    keys = [key for key in keys if key]
    expected = set()
    for j, b in enumerate(keys):
        for i, a in enumerate(keys[:j]):
            ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
            if a == b or ratio >= settings.NEAR_DUPLICATE_SIMILARITY:
                expected.add((i, j))
    assert {(i, j) for i, j, _ in near_pairs(keys)} == expected


@pytest.mark.parametrize(("text", "key"), [
    ("走访昌吉州有建档立卡户乡镇 ", "走访昌吉州有建档立卡户乡镇"),
    ("调研．指导经费", "调研指导经费"),
    ("ＡＢＣ　１２３，", "abc123"),
    ("帮扶贫困人口实现＂两不愁，三保障\"", "帮扶贫困人口实现两不愁三保障"),
])
def test_text_key_keeps_letters_and_digits(text: str, key: str) -> None:
    assert text_key(text) == key


@pytest.mark.parametrize(("text", "prose", "found"), [
    ("对照年度目标，说明目标完成情况（100字以内）", True, "(100字以内)"),
    ("XX县扶贫项目", False, "XX"),
    ("ｘｘ项目", False, "ＸＸ"),
    ("……", True, "…"),
    ("……", False, "…"),
    ("推进……等工作", True, None),
    ("推进……等工作", False, "…"),
    ("请填写", False, "请填写"),
    ("35万", False, None),
    ("实施精准帮扶，确保稳定增收。", True, None),
    ("", False, None),
])
def test_placeholders(text: str, prose: bool, found: str | None) -> None:
    assert placeholder_in(text, prose=prose) == found


def test_docstring_sections_split_into_chinese_and_english() -> None:
    text = "GUIDE 1.2 依据财预〔2020〕10号：超额应分析。\n继续。\nUnder the rules\nan overrun is analysed."
    zh, en = split_languages(text)
    assert zh == "GUIDE 1.2 依据财预〔2020〕10号：超额应分析。继续。"
    assert en == "Under the rules an overrun is analysed."


def test_cross_form_rules_group_a_large_batch() -> None:
    """3,000 forms in 1,000 projects: one X001 per project and one X002 per shared text, no pair blow-up."""
    base = fixture_forms("founding_sample.txt")[0]
    forms = []
    for n in range(3000):
        form = with_value(base, "project_name", f"项目{n % 1000}")
        form = with_value(form, "funding.rows[0].initial_budget", str(n))
        forms.append(replace(form, id=f"batch#{n}"))
    findings = check(forms, select=["X"])
    assert sum(f.code == "X001" for f in findings) == 1000
    assert [len(f.forms) for f in findings if f.code == "X002"] == [3000, 3000]
