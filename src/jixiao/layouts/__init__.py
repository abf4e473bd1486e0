"""Layouts (版式) of the self-evaluation form, declared as data: one TOML file per layout in ``files/``.

``all_layouts()`` lists them, ``get_layout(name)`` gives one, ``detect_layout(texts)`` says which one a
table's text looks like and how sure that is. See ``spec.py`` for what a file declares.
"""

from jixiao.layouts.detect import Detection, detect_layout
from jixiao.layouts.registry import DEFAULT_LAYOUT, UnknownLayout, all_layouts, get_layout
from jixiao.layouts.spec import Columns, Layout, LayoutFileError, Scoring

__all__ = ["DEFAULT_LAYOUT", "Columns", "Detection", "Layout", "LayoutFileError", "Scoring", "UnknownLayout",
           "all_layouts", "detect_layout", "get_layout"]
