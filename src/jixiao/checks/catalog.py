"""The catalogue: every rule module, in the order its family is reported. Add a module here to ship it."""

from __future__ import annotations

from jixiao.checks import arithmetic, crossform, policy, quality, recompute, structure
from jixiao.checks.registry import Rule, rules_in

RULE_MODULES = (structure, arithmetic, recompute, policy, quality, crossform)

ALL_RULES: tuple[Rule, ...] = tuple(rule for module in RULE_MODULES for rule in rules_in(module))
RULES_BY_CODE: dict[str, Rule] = {
    code: rule for rule in ALL_RULES for code in (rule.code, *rule.aliases)
}
