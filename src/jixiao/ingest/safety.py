"""Guards for hostile input: zip bombs, XML entity tricks, and files that are too big to read.

Office files are zip archives of XML. Before any parser sees them, ``open_zip`` checks what the
archive claims it will inflate to, and ``read_member`` enforces that claim while inflating (a
forged header cannot lie past it). ``xml_parser`` never resolves entities, never loads a DTD and
never touches the network, so XXE and "billion laughs" files are read as plain text or refused.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from jixiao import settings
from jixiao.ingest.readers.errors import ReaderError

_MB = 1024 * 1024


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive in ``data``, after its declared sizes passed the limits in settings."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ReaderError("文件已损坏或不完整（无法作为 zip 压缩包打开）。",
                          f"the file is damaged or truncated (not a readable zip archive: {error}).") from None
    if len(members) > settings.MAX_ZIP_MEMBERS:
        raise ReaderError(f"压缩包内文件过多（{len(members)} 个）。",
                          f"too many files in the archive ({len(members)}).")
    if any(member.flag_bits & 0x1 for member in members):
        raise ReaderError("文件已加密（设有密码），请先取消密码再读取。",
                          "the file is encrypted (password-protected); remove the password first.")
    total = sum(member.file_size for member in members)
    packed = max(sum(member.compress_size for member in members), 1)
    if total > settings.MAX_UNZIPPED_BYTES or total / packed > settings.MAX_ZIP_RATIO:
        raise ReaderError(
            f"文件解压后达 {total // _MB} MB（压缩比 {total // packed}），超过上限，疑为压缩炸弹。",
            f"the file inflates to {total // _MB} MB (ratio {total // packed}), over the limit: "
            "possibly a zip bomb.")
    return archive


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, inflated at most to the archive limit whatever its header says."""
    try:
        with archive.open(name) as stream:
            data = stream.read(settings.MAX_UNZIPPED_BYTES + 1)
    except KeyError:
        raise ReaderError(f"文件缺少必需的部分 {name}。", f"the file lacks its part {name}.") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ReaderError("文件已损坏（压缩数据无法解开）。", f"the file is damaged ({error}).") from None
    if len(data) > settings.MAX_UNZIPPED_BYTES:
        raise ReaderError("文件解压后超过上限，疑为压缩炸弹。",
                          "the file inflates past the limit: possibly a zip bomb.")
    return data


def xml_parser() -> etree.XMLParser:
    """An XML parser that resolves no entity, loads no DTD and opens no network or file."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                           dtd_validation=False, remove_comments=True)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """``data`` parsed safely; a document with a DTD (entity declarations) is refused outright."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise ReaderError(f"文件的 {part} 部分含有 DTD 或实体声明，出于安全原因拒绝读取。",
                          f"the file's part {part} declares a DTD or entities; refused for safety.")
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as error:
        raise ReaderError(f"文件的 {part} 部分不是有效的 XML。",
                          f"the file's part {part} is not valid XML ({error}).") from None
