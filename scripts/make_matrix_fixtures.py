"""Write the format matrix: the founding forms stored as txt, docx, xlsx, xls, html and pdf.

    .venv/bin/python scripts/make_matrix_fixtures.py           # (re)write tests/fixtures/matrix/ and
                                                               # tests/golden/matrix.expected.json
    .venv/bin/python scripts/make_matrix_fixtures.py --check   # rebuild in a temporary folder; exit 1 if
                                                               # anything reads differently (or the golden
                                                               # file is stale)

Every file is built from tests/fixtures/founding_sample.txt by the TEST builders (tests/office_fixtures.py,
tests/web_fixtures.py), never by jixiao's own writers, so a bug in a writer cannot hide the same bug in a
reader. The .xls is the builder's .xlsx converted by headless LibreOffice.

The golden file is the model of the .txt (``jixiao.to_json`` without provenance, see
``tests/test_format_matrix.py``); a person reviews it against the sample text (``git diff tests/golden``).

Output is made as repeatable as the libraries allow: the docProps dates of the .docx and .xlsx are
fixed, and every zip member gets one fixed timestamp. The txt, docx, xlsx, html and pdf are then
byte-for-byte repeatable. The .xls comes from LibreOffice, whose output we do not control (it was
repeatable with LibreOffice 7.4 here, but other builds may write other bytes); ``--check``
therefore compares what the files read to, and only reports whether the bytes are the same too.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import jixiao  # noqa: E402
from jixiao.model import codec  # noqa: E402
from office_fixtures import founding_docx, founding_xlsx  # noqa: E402
from web_fixtures import draw_tables, form_table, page_html, pdf_bytes  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "founding_sample.txt"
MATRIX_DIR = ROOT / "tests" / "fixtures" / "matrix"
GOLDEN = ROOT / "tests" / "golden" / "matrix.expected.json"
FORMATS = ("txt", "docx", "xlsx", "xls", "html", "pdf")
FIXED_ZIP_TIME = (2021, 3, 1, 0, 0, 0)
FIXED_CORE_DATE = "2021-03-01T00:00:00Z"
PDF_PAGE_HEIGHT = 600  # short pages: every form breaks across two pages, as long forms do in print
SOFFICE_TIMEOUT = 120  # seconds


def stable_zip(data: bytes) -> bytes:
    """``data`` (a .docx or .xlsx) with fixed docProps dates and one fixed timestamp on every member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _fixed_core(body.decode("utf-8")).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, body)
    return out.getvalue()


def _fixed_core(xml: str) -> str:
    """core.xml with its created and modified dates set to ``FIXED_CORE_DATE``."""
    for tag in ("dcterms:created", "dcterms:modified"):
        xml = re.sub(rf"(<{tag}\b[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{FIXED_CORE_DATE}\g<2>", xml)
    return xml


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def xlsx_to_xls(xlsx: bytes, workdir: Path) -> bytes:
    """The workbook converted to Excel 97–2003 by headless LibreOffice (its own throwaway profile)."""
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is needed to write the .xls fixture")
    source = workdir / "founding.xlsx"
    source.write_bytes(xlsx)
    profile = (workdir / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "xls",
                    "--outdir", str(workdir / "xls"), str(source)],
                   check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
    return (workdir / "xls" / "founding.xls").read_bytes()


def contents(formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """The bytes of founding.<format> for each of ``formats``."""
    forms = jixiao.read(SAMPLE)
    xlsx = stable_zip(founding_xlsx())
    makers = {
        "txt": SAMPLE.read_bytes,
        "docx": lambda: stable_zip(founding_docx()),
        "xlsx": lambda: xlsx,
        "html": lambda: page_html(forms).encode("utf-8"),
        "pdf": lambda: pdf_bytes(draw_tables([form_table(form) for form in forms], page_height=PDF_PAGE_HEIGHT,
                                             page_numbers=True)),
    }
    out: dict[str, bytes] = {}
    for kind in formats:
        if kind == "xls":
            with tempfile.TemporaryDirectory(prefix="jixiao-matrix-") as work:
                out[kind] = xlsx_to_xls(xlsx, Path(work))
        else:
            out[kind] = makers[kind]()
    return out


def build(out_dir: Path, formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """Write founding.<format> for each of ``formats`` into ``out_dir``; the paths by format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, data in contents(formats).items():
        paths[kind] = out_dir / f"founding.{kind}"
        paths[kind].write_bytes(data)
    return paths


def golden_text() -> str:
    """The expected model, as the test computes it from the .txt, as indented JSON."""
    from test_format_matrix import expected_document

    return codec.document_text(expected_document(MATRIX_DIR / "founding.txt"))


def check() -> int:
    """Rebuild into a temporary folder: 1 if a file would read differently or the golden is stale."""
    from test_format_matrix import plain_model

    stale = []
    with tempfile.TemporaryDirectory(prefix="jixiao-matrix-check-") as fresh_dir:
        for kind, path in build(Path(fresh_dir)).items():
            committed = MATRIX_DIR / path.name
            same_bytes = committed.is_file() and committed.read_bytes() == path.read_bytes()
            same_model = committed.is_file() and plain_model(committed) == plain_model(path)
            print(f"{kind:5} forms {'same' if same_model else 'DIFFER'}, bytes {'same' if same_bytes else 'differ'}")
            if not same_model:
                stale.append(path.name)
    if not GOLDEN.is_file() or GOLDEN.read_text(encoding="utf-8") != golden_text():
        stale.append(GOLDEN.name)
    print(f"stale: {', '.join(stale)}; run scripts/make_matrix_fixtures.py, then review git diff" if stale
          else "matrix up to date")
    return 1 if stale else 0


def main(argv: list[str]) -> int:
    if "--check" in argv:
        return check()
    for kind, path in build(MATRIX_DIR).items():
        print(f"{kind:5} {path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
    GOLDEN.write_text(golden_text(), encoding="utf-8")
    print(f"      {GOLDEN.relative_to(ROOT)}  (review it: git diff tests/golden)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
