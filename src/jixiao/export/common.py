"""Helpers every writer shares: scoring the forms once, and writing files whole or not at all."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from jixiao.model import Form, codec
from jixiao.scoring import ScoreSheet, score

DEFAULT_RULESET = "mof-2020"


def scored(forms: Sequence[Form], ruleset: str = DEFAULT_RULESET) -> list[tuple[Form, ScoreSheet]]:
    return [(form, score(form, ruleset)) for form in forms]


def save_all(files: Mapping[Path, bytes | str]) -> None:
    """Several files of one export. Everything is built in memory before this is called, so an error
    while building writes nothing; each file is then replaced atomically (``codec.save``)."""
    for path, data in files.items():
        codec.save(data, path)


def rewrite_package(package: bytes, edits: Mapping[str, Callable[[bytes], bytes]]) -> bytes:
    """An office package (zip) with some parts rewritten by ``edits`` (part name → function of its
    bytes); every other part is copied as it was, in its order."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
