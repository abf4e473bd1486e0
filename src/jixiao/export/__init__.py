"""Writers: the forms in the official layout (.xlsx, .docx, .html, .pdf) and as flat tables (.csv, .parquet)."""

from jixiao.export.docx import write_docx
from jixiao.export.html import html_text, write_html
from jixiao.export.pdf import PdfUnavailable, write_pdf
from jixiao.export.tables import SCHEMAS, build_tables, write_csv, write_parquet
from jixiao.export.xlsx import write_xlsx

__all__ = ["SCHEMAS", "PdfUnavailable", "build_tables", "html_text", "write_csv", "write_docx", "write_html",
           "write_parquet", "write_pdf", "write_xlsx"]
