"""Checks: the registry of documented rules and the runner that turns their hits into findings."""

from jixiao.checks.catalog import ALL_RULES, RULES_BY_CODE
from jixiao.checks.registry import Hit, Rule, RuleContext, Scope, hit, rule
from jixiao.checks.runner import check, select_rules

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Hit", "Rule", "RuleContext", "Scope", "check", "hit", "rule",
           "select_rules"]
