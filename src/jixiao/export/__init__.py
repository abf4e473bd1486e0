"""Writers: the forms in the official layout (.xlsx, .docx) and as flat tables (.csv, .parquet)."""

from jixiao.export.docx import write_docx
from jixiao.export.tables import SCHEMAS, build_tables, write_csv, write_parquet
from jixiao.export.xlsx import write_xlsx

__all__ = ["SCHEMAS", "build_tables", "write_csv", "write_docx", "write_parquet", "write_xlsx"]
