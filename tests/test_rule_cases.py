"""Every rule has a case file with passing and failing cases, and behaves as its cases say."""

from __future__ import annotations

import pytest

from caselib import build_forms, load_cases
from jixiao.checks import ALL_RULES, check

CASES = load_cases()


@pytest.mark.parametrize(("code", "outcome", "case"), CASES,
                         ids=[f"{code}-{outcome}-{case['name']}" for code, outcome, case in CASES])
def test_rule_case(code: str, outcome: str, case: dict) -> None:
    forms = build_forms(case)
    found = [f for f in check(forms, ruleset=case.get("ruleset", "mof-2020"), select=[code]) if f.code == code]
    if outcome == "pass":
        assert found == [], [f.message for f in found]
        return
    assert found, f"{code} should fire on case {case['name']!r}"
    for expected in case.get("expect", []):
        matching = [f for f in found if all(_matches(f, key, value) for key, value in expected.items())]
        assert matching, (expected, [(f.field, f.forms, f.message) for f in found])
        if "count" in expected:
            assert len(matching) == expected["count"], (expected, [(f.field, f.message) for f in matching])


def _matches(finding, key: str, value) -> bool:
    if key == "message_contains":
        return str(value) in finding.message
    if key == "count":
        return True
    return getattr(finding, key) == value if key != "forms" else list(finding.forms) == list(value)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_rule_has_pass_and_fail_cases(rule) -> None:
    outcomes = {outcome for code, outcome, _ in CASES if code == rule.code}
    assert outcomes == {"pass", "fail"}, f"{rule.code} needs tests/cases/rules/{rule.code}.yaml with both"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_rule_is_documented(rule) -> None:
    sections = rule.sections()
    for name in ("Checks", "Why", "Example", "Fix"):
        assert sections.get(name), f"{rule.code} docstring lacks its {name}: section"
    assert rule.title and rule.title_en and rule.title != rule.title_en
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name


def test_codes_are_unique() -> None:
    codes = [code for rule in ALL_RULES for code in (rule.code, *rule.aliases)]
    assert len(codes) == len(set(codes))
