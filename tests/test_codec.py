"""The JSON codec: the contract keys, exact decimals, provenance, and read → to_json → from_json round trips."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao
from caselib import fixture_forms
from jixiao.model import SourceRef, codec
from jixiao.model.edit import with_indicator, with_value

SAMPLE = "founding_sample.txt"

FORM_KEYS = {"id", "source", "layout", "title", "year", "project_name", "competent_department", "implementing_unit",
             "funding", "goal", "indicators", "declared_total_weight", "declared_total_score", "declared_grade",
             "score"}
INDICATOR_KEYS = {"level1", "level2", "name", "target", "actual", "weight", "declared_score", "deviation_note"}
MEASURE_KEYS = {"raw", "kind", "operator", "number", "unit", "date", "deadline", "text", "source"}
SCORE_KEYS = {"ruleset", "declared_total", "computed_total", "grade", "complete", "explanation", "explanation_en",
              "execution", "indicators", "adjustments"}
FINDING_KEYS = {"code", "severity", "forms", "field", "message", "message_en", "location", "raw"}


@pytest.fixture(scope="module")
def forms():
    return list(fixture_forms(SAMPLE))


@pytest.fixture(scope="module")
def document(forms):
    return jixiao.to_json(forms, jixiao.check(forms))


def test_document_has_the_contract_keys(document):
    assert document["schema"] == codec.SCHEMA == "jixiao.form/1"
    assert {"schema", "forms", "findings"} <= document.keys()
    assert len(document["forms"]) == 4
    form = document["forms"][0]
    assert form.keys() >= FORM_KEYS
    assert {"path", "index", "first_line", "last_line"} <= form["source"].keys()
    assert {"rows", "weight", "declared_rate", "declared_score"} <= form["funding"].keys()
    assert {"label", "kind", "initial_budget", "full_year_budget", "executed"} <= form["funding"]["rows"][0].keys()
    assert {"expected", "achieved"} <= form["goal"].keys()
    indicator = form["indicators"][0]
    assert indicator.keys() >= INDICATOR_KEYS
    assert indicator["target"].keys() >= MEASURE_KEYS
    assert {"row", "column", "line"} <= indicator["target"]["source"].keys()
    assert form["score"].keys() >= SCORE_KEYS
    assert {"computed", "explanation", "explanation_en", "method"} <= form["score"]["indicators"][0].keys()


def test_findings_carry_code_severity_forms_field_messages_and_location(document):
    assert document["findings"], "the founding sample has findings"
    for finding in document["findings"]:
        assert finding.keys() >= FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["message"] and finding["message_en"]
        if finding["location"] is not None:
            assert {"file", "form_index", "row", "column", "line"} <= finding["location"].keys()


def test_amounts_are_exact_decimal_strings(document):
    form4 = document["forms"][3]
    assert form4["declared_total_score"]["value"] == "98.9"
    assert form4["declared_total_score"]["raw"].strip() == "98.9"
    assert form4["score"]["declared_total"] == "98.9"
    assert Decimal(form4["score"]["computed_total"]) == 99
    target = document["forms"][0]["indicators"][0]["target"]
    assert (target["kind"], target["number"], target["unit"]) == ("number", "5", "次")


def test_the_first_indicator_points_at_its_cell(document, forms):
    encoded = document["forms"][0]["indicators"][0]["actual"]["source"]
    source = forms[0].indicators[0].actual.source
    assert (encoded["row"], encoded["column"], encoded["line"]) == (source.row, source.column, source.line)


def test_read_to_json_from_json_gives_equal_forms(forms):
    text = codec.dumps(forms, sheets=[jixiao.score(form) for form in forms])
    assert codec.from_json(text) == forms
    assert codec.from_json(json.loads(text)) == forms


def test_provenance_survives_the_round_trip(forms):
    back = codec.from_json(jixiao.to_json(forms))
    for original, copy in zip(forms, back, strict=True):
        assert copy.source == original.source
        assert copy.indicators[0].target.source == original.indicators[0].target.source
        assert copy.funding.rows[0].executed.source == original.funding.rows[0].executed.source


def test_findings_round_trip(forms):
    findings = jixiao.check(forms)
    assert codec.findings_from_json(codec.dumps(forms, findings)) == findings


def test_a_source_in_another_file_is_written_out(forms):
    moved = with_value(forms[0], "project_name", "另一个项目")
    other = SourceRef(file="elsewhere.txt", form_index=7, row=1, column=2)
    moved = replace(moved, project_name=moved.project_name._replace(source=other))
    encoded = codec.to_json([moved])["forms"][0]["project_name"]["source"]
    assert encoded["file"] == "elsewhere.txt" and encoded["form_index"] == 7
    assert codec.from_json(codec.to_json([moved])) == [moved]


@pytest.mark.parametrize("schema", ["jixiao.form/2", "other/1", None, "jixiao.form"])
def test_unknown_schema_versions_are_refused(document, schema):
    with pytest.raises(codec.SchemaError):
        codec.from_json({**document, "schema": schema})


def test_additive_versions_and_unknown_keys_are_read(document, forms):
    extended = json.loads(json.dumps(document))
    extended["schema"] = "jixiao.form/1.4"
    extended["forms"][0]["added_later"] = {"anything": 1}
    assert codec.from_json(extended) == forms


def test_amounts_may_be_json_numbers(document):
    changed = json.loads(json.dumps(document))
    changed["forms"][3]["declared_total_score"]["value"] = 98.9
    assert codec.from_json(changed)[3].declared_total_score.value == Decimal("98.9")


def test_a_malformed_document_raises_schema_error(document):
    broken = json.loads(json.dumps(document))
    del broken["forms"][0]["funding"]
    with pytest.raises(codec.SchemaError):
        codec.from_json(broken)


def test_save_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    codec.save("old\n", target)
    assert target.read_text(encoding="utf-8") == "old\n"

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(codec.os, "replace", fail)
    with pytest.raises(OSError):
        codec.save("new\n", target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"], "the temporary file is removed"


def test_write_from_the_public_api(tmp_path, forms):
    target = tmp_path / "forms.json"
    jixiao.write(forms, target)
    assert jixiao.from_json(target.read_text(encoding="utf-8")) == forms


# --- property: any edit a preparer can make survives the round trip ----------------------------

EDIT_PATHS = [
    "project_name", "year", "implementing_unit", "goal.expected", "funding.weight", "funding.declared_rate",
    "funding.rows[0].initial_budget", "funding.rows[0].full_year_budget", "funding.rows[1].executed",
    "indicators[0].target", "indicators[0].actual", "indicators[2].weight", "indicators[3].declared_score",
    "indicators[4].target", "indicators[5].deviation_note", "declared_total_score", "declared_total_weight",
]
CELL_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["≥90%", "≤0.27万元", "2020年9月30日前", "年底前", "1,234.5元", "—", "确保", "98.9", "１０次"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, 3), edits=st.lists(st.tuples(st.sampled_from(EDIT_PATHS), CELL_TEXT), max_size=4),
       extra=st.none() | st.dictionaries(st.sampled_from(["name", "target", "actual", "weight"]), CELL_TEXT))
def test_edited_forms_round_trip(index, edits, extra):
    form = fixture_forms(SAMPLE)[index]
    for path, raw in edits:
        form = with_value(form, path, raw)
    if extra is not None:
        form = with_indicator(form, extra)
    assert codec.from_json(codec.dumps([form])) == [form]
