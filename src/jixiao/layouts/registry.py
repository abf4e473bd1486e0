"""The registry of layouts: every file in ``files/``, read once, by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jixiao.layouts.spec import Layout, read_layout_files

FILES = Path(__file__).resolve().parent / "files"
# The layout a form is read with when nothing points to another: the MoF 2020 form.
DEFAULT_LAYOUT = "national-2020"


class UnknownLayout(KeyError):
    """A layout name that no file declares."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


@cache
def _layouts() -> dict[str, Layout]:
    return read_layout_files(FILES)


def all_layouts() -> tuple[Layout, ...]:
    """Every declared layout, the default first, then by name."""
    layouts = _layouts()
    return (layouts[DEFAULT_LAYOUT], *(layouts[name] for name in sorted(layouts) if name != DEFAULT_LAYOUT))


def get_layout(name: str) -> Layout:
    try:
        return _layouts()[name]
    except KeyError:
        known = ", ".join(layout.name for layout in all_layouts())
        message = f"未知的版式 {name!r}（可用：{known}） / unknown layout {name!r} (known: {known})"
        raise UnknownLayout(message) from None
