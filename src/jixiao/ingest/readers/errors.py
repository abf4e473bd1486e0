"""The one error a reader raises: the file cannot be read, said in Chinese and English."""

from __future__ import annotations


class ReaderError(Exception):
    """An input a reader cannot turn into grids (corrupt, encrypted, too large, a scan without text).

    The loader turns it into an R001 finding naming the file; ``message`` and ``message_en`` say
    why in words a preparer understands, without the file name (the loader adds it).
    """

    def __init__(self, message: str, message_en: str):
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
