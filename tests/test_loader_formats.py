"""The loader recognises each format from its bytes and gives the same forms, whatever the file is called."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from jixiao.ingest.loader import load_bytes, load_path
from test_readers_web import assert_same_forms
from web_fixtures import draw_tables, form_table, page_html, pdf_bytes

SAMPLE = Path(__file__).parent / "fixtures" / "founding_sample.txt"


@pytest.fixture(scope="module")
def dump_forms() -> list[jixiao.Form]:
    return jixiao.read(SAMPLE)


@pytest.fixture(scope="module")
def published(dump_forms: list[jixiao.Form]) -> dict[str, bytes]:
    """The four founding forms as a web page and as a PDF, made by the test helpers (not by jixiao)."""
    pages = draw_tables([form_table(form) for form in dump_forms], page_height=600, page_numbers=True)
    return {"html": page_html(dump_forms, charset="gb18030").encode("gb18030"), "pdf": pdf_bytes(pages)}


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_a_published_file_reads_to_the_dump_forms(tmp_path: Path, published: dict[str, bytes], kind: str,
                                                  dump_forms: list[jixiao.Form]) -> None:
    path = tmp_path / f"forms.{kind}"
    path.write_bytes(published[kind])
    result = load_path(path)
    assert result.readable
    assert [form.id for form in result.forms] == [f"{path}#{n}" for n in range(1, 5)]
    assert_same_forms(result.forms, dump_forms)
    assert [jixiao.score(form).computed_total for form in result.forms] == [99, 99, 98, 99]


def test_the_format_comes_from_the_content_not_the_name(published: dict[str, bytes]) -> None:
    # A PDF saved as .txt and a page saved as .xls are still read for what they are.
    assert len(load_bytes(published["pdf"], "renamed.txt").forms) == 4
    assert len(load_bytes(published["html"], "renamed.xls").forms) == 4


@pytest.mark.parametrize(("data", "name", "says"), [
    (b"PK\x03\x04" + b"\x00" * 60, "damaged.docx", "损坏"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "odd.doc", "旧版 Office"),
    (bytes(range(256)) * 8, "random.xlsx", "不是可识别的文本文件"),
    (b"%PDF-1.4\n%%EOF", "empty.pdf", "PDF"),
])
def test_unreadable_office_files_get_one_clear_r001(data: bytes, name: str, says: str) -> None:
    result = load_bytes(data, name)
    assert not result.readable and result.forms == []
    [finding] = result.findings
    assert finding.code == "R001" and finding.message.startswith(f"{name}：") and says in finding.message
    assert finding.message_en.startswith(f"{name}: ")


def test_check_reads_every_format_in_a_folder(tmp_path: Path, published: dict[str, bytes]) -> None:
    from typer.testing import CliRunner

    from jixiao.cli.main import app

    (tmp_path / "a.html").write_bytes(published["html"])
    (tmp_path / "b.pdf").write_bytes(published["pdf"])
    (tmp_path / "c.txt").write_bytes(SAMPLE.read_bytes())
    outcome = CliRunner().invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert outcome.exit_code == 1  # form 4's total (A001), in each of the three files
    import json

    document = json.loads(outcome.stdout)
    assert len(document["forms"]) == 12
    assert sum(f["code"] == "A001" for f in document["findings"]) == 3
