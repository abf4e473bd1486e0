"""How well text without rows is read: per layout and lossy shape, what generated forms lose and get wrong.

    .venv/bin/python scripts/messy_text_quality.py                 # 100 forms per layout × shape
    .venv/bin/python scripts/messy_text_quality.py --forms 400 --seed 7

Forms are generated with ``jixiao.synth`` (the same seed, the same forms), drawn as their layout's table,
rendered in each shape that loses cell boundaries (spaced rows, spaced flat, fused) and read back with
``load_text``. For each layout × shape the script prints

* ``right``: the share of generated fields read as they were written (sure or doubted; the rows of a
  block whose count is lost are counted here when they are right, as they are shown to the user);
* ``doubted``: the share read otherwise, but with a doubt (confidence below ``settings.DOUBTED_BELOW``);
* ``lost``: the share reported unreadable (R006 / R003): left blank and named;
* ``count lost``: the share of forms whose indicator count the figures could not bear out (the whole
  ``indicators`` field reported unreadable);
* ``silent``: fields read wrong without a doubt or a report — this must be 0, and the property tests
  (``tests/test_layout_properties.py``) fail when it is not.

It is a measure of usefulness, not a test: the share of values read exactly is what a reader of messy text
gets, and the share lost is what a unit has to look up in the original.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass

from jixiao.ingest.loader import load_text
from jixiao.ingest.text.render import render
from jixiao.ingest.text.shapes import TextShape
from jixiao.layouts import Layout, all_layouts
from jixiao.settings import DOUBTED_BELOW
from jixiao.synth import differences, expected, layout_rows, random_form, undeclared

LOSSY_SHAPES = (TextShape.SPACED_ROWS, TextShape.SPACED_FLAT, TextShape.FUSED)


@dataclass
class Tally:
    forms: int = 0
    fields: int = 0
    doubted: int = 0
    lost: int = 0
    silent: int = 0
    count_lost: int = 0

    def line(self, layout: str, shape: str) -> str:
        right = self.fields - self.doubted - self.lost - self.silent
        return (f"{shape:<14}{layout:<20}{self.forms:>6}{_share(right, self.fields):>9}"
                f"{_share(self.doubted, self.fields):>9}{_share(self.lost, self.fields):>8}"
                f"{_share(self.count_lost, self.forms):>12}{self.silent:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=100, help="forms per layout and shape (default 100)")
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    print(f"{'shape':<14}{'layout':<20}{'forms':>6}{'right':>9}{'doubted':>9}{'lost':>8}{'count lost':>12}"
          f"{'silent':>8}")
    for shape in LOSSY_SHAPES:
        for layout in all_layouts():
            print(_tally(layout, shape, options.forms, options.seed).line(layout.name, str(shape)))


def _tally(layout: Layout, shape: TextShape, forms: int, seed: int) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    for _ in range(forms):
        spec = random_form(layout, rng)
        read = load_text(render(layout_rows(spec, layout), shape, rng=rng), "generated.txt").forms
        tally.forms += 1
        tally.fields += len(expected(spec))
        if len(read) != 1:
            tally.silent += len(expected(spec))  # a form not found at all, or found twice, is no reading
            continue
        form = read[0]
        found = differences(spec, form, blanks=False)
        silent = undeclared(found, form)
        owned = [difference for difference in found if difference not in silent]
        doubted = [difference for difference in owned
                   if difference.confidence is not None and difference.confidence < DOUBTED_BELOW]
        tally.silent += len(silent)
        tally.doubted += len(doubted)
        tally.lost += len(owned) - len(doubted)
        tally.count_lost += "indicators" in form.reading.unreadable
    return tally


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


if __name__ == "__main__":
    main()
