"""Generated forms for property tests and benchmarks (合成自评表): random specs of any layout, written as
that layout's table, and what reading them must give back.

``random_form(layout, rng)`` draws a ``FormSpec``; ``layout_rows(spec, layout)`` writes it as rows of
cells (``jixiao.ingest.text.render`` then writes those in any text shape); ``expected(spec)`` and
``observed(form)`` flatten the spec and a form read back into ``{field path: value}``, and
``differences(spec, form)`` lists where they disagree, with the confidence the reader gave each value.

The modules: ``forms`` (the spec), ``draw`` (a random form, its head) with ``funding``, ``indicators`` and
``measures`` (its blocks and its targets and actuals), ``numbers``, ``style`` and ``words`` (how a layout's
table is drawn, and the texts), ``table`` (the spec as rows) and ``expect`` (what reading must give back).
"""

from jixiao.synth.draw import random_form
from jixiao.synth.expect import Difference, differences, expected, observed, undeclared
from jixiao.synth.forms import FormSpec, FundingLine, IndicatorSpec, Presentation
from jixiao.synth.style import Style, style_of
from jixiao.synth.table import layout_rows

__all__ = ["Difference", "FormSpec", "FundingLine", "IndicatorSpec", "Presentation", "Style", "differences",
           "expected", "layout_rows", "observed", "random_form", "style_of", "undeclared"]
