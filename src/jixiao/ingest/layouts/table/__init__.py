"""Reading a table (a ``Grid``) into ``Form``s under a declared layout (版式).

The reader finds each form by its title row, then reads the blocks by their row labels (项目名称,
主管部门, 项目资金, 年度总体目标, 绩效指标, 总分 — each with the synonyms its layout file declares)
and the columns by their header texts, so that a row with an extra or missing cell is still read
from the right columns. Merged level-1 and level-2 cells arrive as blanks and are filled down from
the row above. Nothing here is particular to one province: what differs is in ``jixiao/layouts/files``.

``extract_forms(grid, first_index, layout)`` is the entry point. The modules:

* ``reading``: the layout's words, a form's rows, and the reader that records where each value came from;
* ``forms``: where each form starts, and the walk through its rows (title, year, label rows, 总分);
* ``headers``: a block's column headers, joined by column where they span two rows;
* ``funding``, ``goal``, ``indicators``: one block each (项目资金, 年度总体目标, 绩效指标).
"""

from jixiao.ingest.layouts.table.forms import extract_forms
from jixiao.ingest.layouts.table.reading import Vocabulary, vocabulary

__all__ = ["Vocabulary", "extract_forms", "vocabulary"]
