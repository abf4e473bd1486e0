"""The forms as a PDF: the HTML page of ``export.html`` rendered by WeasyPrint, the Chinese as real text.

Why WeasyPrint. It is a Python library (pip ``weasyprint``) that lays out HTML and CSS for paged media
itself: ``@page`` size and margins, page breaks between forms, collapsed table borders, ``rowspan``
all as the print CSS says, so the PDF is the page the HTML writer makes and nothing is drawn twice.
It shapes text with Pango and embeds subsets of the fonts fontconfig finds, so every character is a
glyph with a Unicode mapping: pdfplumber, search and copy get the Chinese back. It runs in process,
needs no display, browser or office suite, and is quick (a few hundred ms for four forms). The
alternatives were weighed: LibreOffice reads HTML through its Writer/Web filter, which ignores
``@page`` and most table CSS and needs a subprocess with its own profile; headless Chromium prints
faithfully but is a 300 MB browser started per file. WeasyPrint needs the Debian libraries Pango
(``libpango-1.0-0``, ``libpangoft2-1.0-0``) and a CJK font (``fonts-wqy-zenhei`` or ``fonts-noto-cjk``).

Without a CJK font Pango would still write a PDF, its Chinese drawn as empty boxes, so the font is
checked first and its absence raised as ``PdfUnavailable``, an ``OSError`` (something missing from
the system, not a fault in the forms) whose message names the package to install, in Chinese and
English. The file is saved whole or not at all (``codec.save``): a failure leaves the old file.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from jixiao.export.common import DEFAULT_RULESET
from jixiao.export.html import html_text
from jixiao.model import Finding, Form, codec

FONT_PACKAGE = "fonts-wqy-zenhei"
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
FC_LIST_SECONDS = 20  # fc-list answers from its cache in milliseconds; the first run builds the cache


class PdfUnavailable(OSError):
    """The system lacks what a PDF needs (WeasyPrint, Pango, a CJK font); the message says what to install."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(errno.ENOENT, f"{zh} / {en}")
        self.message_zh, self.message_en = zh, en


def write_pdf(forms: Sequence[Form], path: str | Path, *, findings: Sequence[Finding] = (), lang: str = "zh",
              ruleset: str = DEFAULT_RULESET) -> None:
    """Write ``forms`` to ``path`` as a PDF, A4, one form per page (a long form runs on), with
    ``findings`` marked at their cells as on the HTML page."""
    codec.save(pdf_bytes(forms, findings=findings, lang=lang, ruleset=ruleset), path)


def pdf_bytes(forms: Sequence[Form], *, findings: Sequence[Finding] = (), lang: str = "zh",
              ruleset: str = DEFAULT_RULESET) -> bytes:
    require_cjk_font()
    return render(html_text(forms, findings=findings, lang=lang, ruleset=ruleset))


def render(page: str) -> bytes:
    """The PDF of the HTML ``page``. The page is self-contained, so no base URL is given and nothing
    can be fetched; WeasyPrint is imported here because it loads Pango, which only PDFs need."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the package is there but Pango is not
        raise PdfUnavailable(
            f"生成 PDF 需要 WeasyPrint 及 Pango：pip install weasyprint，并安装 Debian 包 {PANGO_PACKAGES}"
            f"（{error}）。",
            f"writing a PDF needs WeasyPrint and Pango: pip install weasyprint and the Debian packages "
            f"{PANGO_PACKAGES} ({error}).") from error
    return weasyprint.HTML(string=page).write_pdf()


def cjk_fonts() -> list[str]:
    """The font families fontconfig knows that cover Chinese (what Pango will choose from)."""
    command = shutil.which("fc-list")
    if command is None:  # no fontconfig tools: Pango (which needs fontconfig) is missing as well
        return []
    try:
        listing = subprocess.run([command, ":lang=zh", "family"], capture_output=True, text=True,
                                 timeout=FC_LIST_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({line.strip() for line in listing.stdout.splitlines() if line.strip()})


def require_cjk_font() -> None:
    if not cjk_fonts():
        raise PdfUnavailable(
            f"找不到中文字体，PDF 中的汉字将无法显示：请安装 Debian 包 {FONT_PACKAGE}"
            f"（apt-get install {FONT_PACKAGE}），或 fonts-noto-cjk。",
            f"no Chinese (CJK) font is installed, so the Chinese text would print as empty boxes: install "
            f"the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}) or fonts-noto-cjk.")
