"""Converting a Word 97–2003 .doc into .docx with LibreOffice, when it is installed.

jixiao reads .docx itself; the old binary .doc format is left to LibreOffice, run headless in a
temporary folder with a time limit. Without LibreOffice the user is told what to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jixiao import settings
from jixiao.ingest.grid import Grid
from jixiao.ingest.readers.docx import read_docx
from jixiao.ingest.readers.errors import ReaderError

_OFFICE_COMMANDS = ("soffice", "libreoffice")


def office_command() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return next((found for name in _OFFICE_COMMANDS if (found := shutil.which(name))), None)


def doc_to_docx(data: bytes) -> bytes:
    """The .docx LibreOffice makes of ``data`` (a .doc file)."""
    command = office_command()
    if command is None:
        raise ReaderError("这是 Word 97–2003 的 .doc 文件，需要安装 LibreOffice（soffice）才能读取；"
                          "也可以在 Word 或 WPS 中另存为 .docx。",
                          "this is a Word 97–2003 .doc file: install LibreOffice (soffice) to read it, "
                          "or save it as .docx in Word or WPS.")
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as folder:
        source = Path(folder) / "input.doc"
        source.write_bytes(data)
        # A private profile folder: a LibreOffice already open on the desktop must not capture the job.
        profile = Path(folder, "profile").as_uri()
        try:
            subprocess.run([command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", folder, str(source)], capture_output=True, check=False,
                           timeout=settings.OFFICE_CONVERT_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ReaderError("LibreOffice 转换 .doc 文件失败或超时。",
                              f"LibreOffice failed or timed out converting the .doc file ({error}).") from None
        converted = Path(folder) / "input.docx"
        if not converted.is_file():
            raise ReaderError("LibreOffice 未能转换该 .doc 文件（文件可能已损坏或加密）。",
                              "LibreOffice could not convert the .doc file (it may be damaged or encrypted).")
        return converted.read_bytes()


def read_doc(data: bytes, path: str) -> list[Grid]:
    """The grids of a .doc file: converted to .docx by LibreOffice, then read as one."""
    return read_docx(doc_to_docx(data), path)
