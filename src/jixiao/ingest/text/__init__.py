"""Published form text in its many shapes: page chrome off, the shape detected, grids or a token stream out."""

from jixiao.ingest.text.chrome import Cleaned, Removed, strip_chrome
from jixiao.ingest.text.shapes import ShapedText, ShapeGuess, Stream, TextShape, detect_shape, read_shaped
from jixiao.ingest.text.split import Token

__all__ = ["Cleaned", "Removed", "ShapeGuess", "ShapedText", "Stream", "TextShape", "Token", "detect_shape",
           "read_shaped", "strip_chrome"]
