"""A layout (版式) declared as data: the words a form of that layout uses, and the scoring it implies.

Each layout is one TOML file in ``jixiao/layouts/files/``. A file may ``extends`` another and then
gives only what differs: a province's variant of the national form is a few lines. Every list of
words is a list of synonyms, the preferred (official) wording first; matching is on folded text
(full-width forms, spaces and brackets normalised), so a file writes each word once, in any width.

The readers (``jixiao.ingest``) read grids and token streams with these words; the scoring
(``jixiao.scoring``) builds the layout's ruleset from ``[scoring]``; the writers use the column order.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.model import FundKind
from jixiao.model.parse import fold

# The fields each block of a form may have, in the national form's column order.
FUNDING_FIELDS = ("initial_budget", "full_year_budget", "executed", "weight", "rate", "score", "note")
GOAL_FIELDS = ("expected", "achieved")
INDICATOR_FIELDS = ("level1", "level2", "name", "operator", "target", "unit", "actual", "weight", "score", "note")
LABEL_FIELDS = ("project_name", "competent_department", "implementing_unit", "project_lead")
SECTIONS = ("funding", "goal", "indicators", "total", "closing")


class LayoutFileError(ValueError):
    """A layout file that cannot be used, with the file and the key at fault in the message."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Field name → the header words that name its column (folded), preferred wording first."""

    synonyms: tuple[tuple[str, tuple[str, ...]], ...]
    # The order the columns stand in on this layout's form (the official order, for streams and writers).
    order: tuple[str, ...]

    def words(self, name: str) -> tuple[str, ...]:
        return next((words for field_name, words in self.synonyms if field_name == name), ())

    def match(self, header_keys: list[str]) -> dict[str, int]:
        """Field name → column index. A header cell is the field whose word it starts with, or else
        the field whose word it contains, longest word first: ``得分(20分*执行率)`` is the score, not
        the rate, and ``年度指标值`` the target whatever shorter words it holds. A field takes the
        first cell that names it."""
        # Forms of one layout repeat the same header rows: the answer is kept per header, and the
        # column set is kept with it so that a new object at a reused address is not mistaken for it.
        key = (id(self), tuple(header_keys))
        cached = _MATCHES.get(key)
        if cached is not None and cached[0] is self:
            return dict(cached[1])
        mapping = self._match(header_keys)
        if len(_MATCHES) < _MATCH_CACHE_SIZE:
            _MATCHES[key] = (self, mapping)
        return dict(mapping)

    def _match(self, header_keys: list[str]) -> dict[str, int]:
        mapping: dict[str, int] = {}
        pairs = self._by_length
        for index, key in enumerate(header_keys):
            if not key:
                continue
            name = next((name for word, name in pairs if key.startswith(word) and name not in mapping), None)
            if name is None:
                name = next((name for word, name in pairs if word in key and name not in mapping), None)
            if name is not None:
                mapping[name] = index
        return mapping

    @property
    def _by_length(self) -> tuple[tuple[str, str], ...]:
        return _by_length(self.synonyms)


_MATCH_CACHE_SIZE = 4096
_MATCHES: dict[tuple[int, tuple[str, ...]], tuple[Columns, dict[str, int]]] = {}
_LENGTH_ORDERS: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]] = {}


def _by_length(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, str], ...]:
    """(word, field) pairs, longest word first; computed once per column set."""
    pairs = _LENGTH_ORDERS.get(synonyms)
    if pairs is None:
        flat = [(word, name) for name, words in synonyms for word in words]
        pairs = _LENGTH_ORDERS[synonyms] = tuple(sorted(flat, key=lambda pair: -len(pair[0])))
    return pairs


@dataclass(frozen=True, slots=True)
class Scoring:
    """What a layout's form is worth and how it is scored (the layout's ruleset, as data)."""

    base: str = "mof-2020"  # the ruleset this one varies
    execution_weight: Decimal = Decimal(10)  # 预算执行率 points
    indicator_points: Decimal = Decimal(90)  # 绩效指标 points in all
    # Level-1 class → default weight; empty when the layout leaves them free (Sichuan's 90 points).
    level1_weights: tuple[tuple[str, Decimal], ...] = ()
    weighted: bool = True  # each indicator has its own 分值 / 权重
    scored: bool = True  # the form has 得分 at all (county forms without weights have none)
    # The execution rate's denominator: 全年预算数 (adjusted budget), the MoF rule everywhere seen so far.
    execution_denominator: str = "full_year"


@dataclass(frozen=True, slots=True)
class Layout:
    """One layout of the form, as declared in its file."""

    name: str
    title: str
    title_en: str
    region: str
    years: str
    description: str
    source_file: str
    title_words: tuple[str, ...]
    markers: tuple[str, ...]
    labels: tuple[tuple[str, tuple[str, ...]], ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    funding_columns: Columns
    funding_rows: tuple[tuple[str, FundKind], ...]
    money_unit: str
    goal_columns: Columns
    indicator_columns: Columns
    level1_names: tuple[str, ...]
    level2_names: tuple[str, ...]
    sub_row_marks: tuple[str, ...]
    core_mark: str
    scoring: Scoring = field(default_factory=Scoring)
    # Blocks this layout's form does not have (Hubei's has no 年度总体目标): their absence is no R003.
    optional_sections: tuple[str, ...] = ()

    @property
    def required_sections(self) -> tuple[str, ...]:
        """The blocks a whole form of this layout has: a form without 得分 has no 总分 row either."""
        wanted = ("funding", "goal", "indicators", *(("total",) if self.scoring.scored else ()))
        return tuple(name for name in wanted if name not in self.optional_sections)

    def label_words(self, name: str) -> tuple[str, ...]:
        return next((words for label, words in self.labels if label == name), ())

    def section_words(self, name: str) -> tuple[str, ...]:
        return next((words for section, words in self.sections if section == name), ())

    @property
    def ruleset_name(self) -> str:
        return self.name


# --- loading ------------------------------------------------------------------------------------

_TOP_KEYS = {"name", "extends", "title", "title_en", "region", "years", "description", "detect", "labels",
             "sections", "funding", "goal", "indicators", "scoring"}
_FUND_KINDS = {kind.value: kind for kind in FundKind}


def read_layout_files(directory: Path) -> dict[str, Layout]:
    """Every layout declared in ``directory``, by name, each with what it ``extends`` merged in."""
    raw: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise LayoutFileError(f"{path.name}: 版式文件无法读取 / cannot read the layout file: {error}") from None
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise LayoutFileError(f"{path.name}: 未知的键 / unknown keys: {', '.join(sorted(unknown))}")
        if "name" not in data:
            raise LayoutFileError(f"{path.name}: 缺少 name / lacks 'name'")
        raw[data["name"]] = (path, data)
    return {name: _build(name, raw) for name in raw}


def _merged(name: str, raw: dict[str, tuple[Path, dict[str, Any]]], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The layout's data with its ancestors' underneath (tables merged key by key, lists replaced)."""
    path, data = raw[name]
    parent = data.get("extends")
    if parent is None:
        return data
    if parent not in raw:
        raise LayoutFileError(f"{path.name}: extends 未知的版式 / extends an unknown layout: {parent}")
    if parent in seen:
        raise LayoutFileError(f"{path.name}: extends 成环 / extends forms a cycle: {' → '.join((*seen, parent))}")
    return _deep_merge(_merged(parent, raw, (*seen, name)), data)


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        # An empty table replaces (``level1_weights = {}`` frees the classes); a filled one merges.
        if isinstance(value, dict) and value and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(name: str, raw: dict[str, tuple[Path, dict[str, Any]]]) -> Layout:
    path = raw[name][0]
    data = _merged(name, raw)
    where = path.name
    detect, funding, goal = data.get("detect", {}), data.get("funding", {}), data.get("goal", {})
    indicators, scoring = data.get("indicators", {}), data.get("scoring", {})
    return Layout(
        name=name, title=data.get("title", name), title_en=data.get("title_en", name),
        region=data.get("region", ""), years=str(data.get("years", "")), description=data.get("description", ""),
        source_file=where,
        title_words=_words(detect.get("title", []), where, "detect.title"),
        markers=_words(detect.get("markers", []), where, "detect.markers"),
        labels=_table(data.get("labels", {}), LABEL_FIELDS, where, "labels"),
        sections=_table({k: v for k, v in data.get("sections", {}).items() if k != "optional"}, SECTIONS, where,
                        "sections"),
        optional_sections=_optional(data.get("sections", {}).get("optional", []), where),
        funding_columns=_columns(funding.get("columns", {}), FUNDING_FIELDS, where, "funding.columns"),
        funding_rows=_fund_rows(funding.get("rows", {}), where),
        money_unit=funding.get("unit", "万元"),
        goal_columns=_columns(goal.get("columns", {}), GOAL_FIELDS, where, "goal.columns"),
        indicator_columns=_columns(indicators.get("columns", {}), INDICATOR_FIELDS, where, "indicators.columns"),
        level1_names=_words(indicators.get("level1", []), where, "indicators.level1"),
        level2_names=_words(indicators.get("level2", []), where, "indicators.level2"),
        sub_row_marks=_words(indicators.get("sub_rows", []), where, "indicators.sub_rows"),
        core_mark=indicators.get("core_mark", ""),
        scoring=_scoring(scoring, where),
    )


def _optional(values: Any, where: str) -> tuple[str, ...]:
    if not isinstance(values, list) or any(value not in SECTIONS for value in values):
        raise LayoutFileError(f"{where}: sections.optional 应为区块名列表 / must list block names of {SECTIONS}")
    return tuple(values)


def _words(values: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LayoutFileError(f"{where}: {key} 应为非空字符串列表 / must be a list of non-empty strings")
    return tuple(dict.fromkeys(fold(value) for value in values))


def _table(values: dict[str, Any], allowed: tuple[str, ...], where: str, key: str
           ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    unknown = set(values) - {*allowed, "order"}
    if unknown:
        raise LayoutFileError(f"{where}: {key} 中未知的字段 / unknown fields in {key}: {', '.join(sorted(unknown))}")
    return tuple((name, _words(values[name], where, f"{key}.{name}")) for name in allowed if name in values)


def _columns(values: dict[str, Any], allowed: tuple[str, ...], where: str, key: str) -> Columns:
    synonyms = _table(values, allowed, where, key)
    order = tuple(values.get("order", [name for name, _ in synonyms]))
    unknown = [name for name in order if name not in allowed]
    if unknown:
        raise LayoutFileError(f"{where}: {key}.order 中未知的字段 / unknown fields in {key}.order: {unknown}")
    return Columns(synonyms=synonyms, order=order)


def _fund_rows(values: dict[str, Any], where: str) -> tuple[tuple[str, FundKind], ...]:
    unknown = set(values) - set(_FUND_KINDS)
    if unknown:
        raise LayoutFileError(f"{where}: funding.rows 中未知的资金类别 / unknown fund kinds: {sorted(unknown)}")
    rows = [(word, _FUND_KINDS[kind]) for kind, words in values.items()
            for word in _words(words, where, f"funding.rows.{kind}")]
    # Longest label first: 其中:当年财政拨款 before 财政拨款, 年度资金总额 before 资金总额.
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


_SCORING_KEYS = {"base", "execution_weight", "indicator_points", "level1_weights", "weighted", "scored",
                 "execution_denominator"}


def _scoring(values: dict[str, Any], where: str) -> Scoring:
    unknown = set(values) - _SCORING_KEYS
    if unknown:
        raise LayoutFileError(f"{where}: scoring 中未知的键 / unknown keys in scoring: {sorted(unknown)}")
    if values.get("execution_denominator", "full_year") not in ("full_year", "initial"):
        raise LayoutFileError(f"{where}: scoring.execution_denominator 应为 full_year 或 initial")
    try:
        weights = tuple((fold(name), Decimal(str(points)))
                        for name, points in values.get("level1_weights", {}).items())
        return Scoring(
            base=values.get("base", "mof-2020"),
            execution_weight=Decimal(str(values.get("execution_weight", 10))),
            indicator_points=Decimal(str(values.get("indicator_points", 90))),
            level1_weights=weights, weighted=bool(values.get("weighted", True)),
            scored=bool(values.get("scored", True)),
            execution_denominator=values.get("execution_denominator", "full_year"))
    except (ArithmeticError, ValueError, AttributeError) as error:
        raise LayoutFileError(f"{where}: scoring 的数值无效 / invalid number in scoring: {error}") from None
