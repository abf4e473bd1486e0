"""Reading forms out of text whose rows are lost (a token stream), under a declared layout.

``read_stream(stream, layout, first_index, reading=...)`` is the entry point: the loader gives it the
``Stream`` of ``jixiao.ingest.text.read_shaped`` and the layout ``detect_layout`` found. The modules:

* ``vocab``: the words a layout knows, as one linear-time matcher (and scrambled labels as anagrams);
* ``lexer``: a stream's tokens as labels and values, in each shape of text;
* ``walk``: the state machine through a form's blocks, one draft per form;
* ``values``, ``ends``, ``pieces``, ``plausible``, ``relations``, ``search``, ``fused``: splitting fused cells
  to columns — how each kind of cell is written and where its pieces can end, the pieces read with their own
  points, what a cell earns alone and what the cells earn together, the best-first search for the best one;
* ``fit``: fitting separated values to columns where empty cells left nothing (spaced text);
* ``rows``, ``rowparts``, ``scrambled``, ``fusedrows``, ``fusedrow``: indicator rows in each shape (fused
  text cut into rows, and one fused row read), and spans of rows flattened out of order;
* ``sums``: what the figures add up to (a lone total, and whether the rows read can be counted on);
* ``builder``, ``head``, ``funding``, ``goal``, ``indicators``, ``total``: each block of a form built from
  its draft, values with their confidences and the fields the text lost;
* ``reader``: ``read_stream``, and the form assembled from its blocks.
"""

from jixiao.ingest.stream.fit import fit_cells
from jixiao.ingest.stream.fused import Split, split_fused
from jixiao.ingest.stream.reader import read_stream
from jixiao.ingest.stream.values import Hints, OcrGlyphs
from jixiao.ingest.stream.vocab import Vocabulary, vocabulary

__all__ = ["Hints", "OcrGlyphs", "Split", "Vocabulary", "fit_cells", "read_stream", "split_fused", "vocabulary"]
