"""Scoring: rulesets and the engine that applies them, recording every step as an explanation."""

from jixiao.scoring.engine import execution_basis, score
from jixiao.scoring.result import Achievement, Adjustment, ItemScore, Method, ScoreSheet
from jixiao.scoring.ruleset import QualitativeBand, Ruleset
from jixiao.scoring.rulesets import RULESETS, UnknownRuleset, get_ruleset

__all__ = [
    "RULESETS", "Achievement", "Adjustment", "ItemScore", "Method", "QualitativeBand", "Ruleset", "ScoreSheet",
    "UnknownRuleset", "execution_basis", "get_ruleset", "score",
]
