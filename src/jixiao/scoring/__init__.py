"""Scoring: rulesets and the engine that applies them, recording every step as an explanation."""

from jixiao.scoring.engine import AUTO, execution_basis, resolve_ruleset, score
from jixiao.scoring.result import Achievement, Adjustment, ItemScore, Method, ScoreSheet
from jixiao.scoring.ruleset import QualitativeBand, Ruleset
from jixiao.scoring.rulesets import RULESETS, UnknownRuleset, get_ruleset, ruleset_for_layout

__all__ = [
    "AUTO", "RULESETS", "Achievement", "Adjustment", "ItemScore", "Method", "QualitativeBand", "Ruleset", "ScoreSheet",
    "UnknownRuleset", "execution_basis", "get_ruleset", "resolve_ruleset", "ruleset_for_layout", "score",
]
