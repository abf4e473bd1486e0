"""A digest of how generated texts read, to show that a change to the readers changed no reading.

    .venv/bin/python scripts/readings_digest.py before.tsv                      # every shape, 400 texts
    .venv/bin/python scripts/readings_digest.py after.tsv --compare before.tsv  # exit 1 on any difference
    .venv/bin/python scripts/readings_digest.py after.tsv --shapes fused spaced-flat --per 100

A speed change to a reader must leave every reading as it was: every value, every confidence, every
finding. This script reads ``--per`` generated texts per layout × text shape (``jixiao.synth``, seeded: the
same code gives the same texts), one form in most, two to five in every fourth, page chrome around every
tenth, and writes one line per text: the layout, the text's number, a SHA-1 of the forms and findings as
``jixiao.model.codec.dumps`` writes them, and the number of forms. Run it before the change (or on a
checkout of the commit before) and after it with ``--compare``: it prints, per shape, how many texts read
alike and the first that did not.

It is a tool for a change that means to keep the readings, not a test: a change that means to read
better changes the digest, and the golden files and property tests say whether it is right.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

from jixiao.ingest.loader import load_text
from jixiao.ingest.text.render import render
from jixiao.ingest.text.shapes import TextShape
from jixiao.layouts import all_layouts
from jixiao.model.codec import dumps
from jixiao.synth import layout_rows, random_form

# The seed of each layout × shape's texts: 777 + 31 × the layout's number + the shape's number.
SEED = 777


def main() -> int:
    options = _arguments()
    shapes = [TextShape(name) for name in options.shapes] if options.shapes else list(TextShape)
    lines = [line for shape in shapes for line in _digest(shape, options.per)]
    Path(options.out).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} texts digested into {options.out}")
    if options.compare is None:
        return 0
    return 1 if _report(lines, Path(options.compare).read_text(encoding="utf-8").splitlines()) else 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the digest to write (one line per text)")
    parser.add_argument("--shapes", nargs="*", choices=[str(shape) for shape in TextShape],
                        help="text shapes to read (default: all)")
    parser.add_argument("--per", type=int, default=400, help="texts per layout × shape (default 400)")
    parser.add_argument("--compare", help="a digest written before: report every text that reads otherwise")
    return parser.parse_args()


def _digest(shape: TextShape, per: int) -> list[str]:
    lines = []
    shape_number = list(TextShape).index(shape)
    for number, layout in enumerate(all_layouts()):
        rng = random.Random(SEED + 31 * number + shape_number)
        for index in range(per):
            count = 1 if index % 4 else rng.choice((2, 3, 5))
            rows = [row for _ in range(count) for row in layout_rows(random_form(layout, rng), layout)]
            text = render(rows, shape, rng=rng, chrome=index % 10 == 7)
            result = load_text(text, f"t{index}")
            digest = hashlib.sha1(dumps(result.forms, result.findings).encode()).hexdigest()
            lines.append(f"{shape}\t{layout.name}\t{index}\t{digest}\t{len(result.forms)}")
    return lines


def _report(after: list[str], before: list[str]) -> bool:
    """Print, per shape, the texts that read alike and the first that did not; True if any differ."""
    known = {tuple(line.split("\t")[:3]): line for line in before}
    differ = False
    for shape in dict.fromkeys(line.split("\t")[0] for line in after):
        mine = [line for line in after if line.startswith(f"{shape}\t")]
        changed = [line for line in mine if known.get(tuple(line.split("\t")[:3])) != line]
        differ = differ or bool(changed)
        first = f"; first: {' #'.join(changed[0].split(chr(9))[1:3])}" if changed else ""
        print(f"{shape:<17}{len(mine) - len(changed):>6} alike{len(changed):>6} differ{first}")
    return differ


if __name__ == "__main__":
    sys.exit(main())
