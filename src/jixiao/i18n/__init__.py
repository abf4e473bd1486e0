"""UI strings of the command line, Chinese first and English second, kept in ``messages.json``.

Each entry maps a language to a ``str.format`` template. An English entry may be a pair
``[singular, plural]``, chosen by the ``n`` field, because Chinese needs no plural and English does.
Domain messages (findings, explanations) carry their own two languages and do not come from here.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@cache
def catalogue() -> dict[str, dict[str, str | list[str]]]:
    """Every UI string by key and language (read once from the package data)."""
    text = resources.files(__package__).joinpath("messages.json").read_text(encoding="utf-8")
    return json.loads(text)


def t(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The string ``key`` in ``lang`` (Chinese when the language is unknown), filled with ``fields``."""
    entry = catalogue()[key][lang if lang in LANGS else DEFAULT_LANG]
    if isinstance(entry, list):
        entry = entry[0] if fields.get("n") == 1 else entry[1]
    return entry.format(**fields)
