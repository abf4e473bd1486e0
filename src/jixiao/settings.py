"""Defaults in one place: tolerances, thresholds and limits, each with the reason for its value."""

from __future__ import annotations

from decimal import Decimal

# --- arithmetic -------------------------------------------------------------------------------
# Scores are written with at most one or two decimals; differences below this are rounding.
SCORE_TOLERANCE = Decimal("0.05")
# A declared execution rate is usually rounded to a whole percent (or two decimals).
RATE_TOLERANCE_PERCENT = Decimal("0.5")
# Money is written in 万元 with up to four decimals (1 元 = 0.0001 万元).
MONEY_TOLERANCE = Decimal("0.005")

# --- policy -----------------------------------------------------------------------------------
# An execution rate below this must be explained (Sichuan's form says so; most provinces agree).
LOW_EXECUTION_RATE = Decimal("0.90")
# An actual at or above this multiple of its target asks for an analysis (GUIDE 1.2: A ÷ T ≥ 1.5).
FAR_ABOVE_TARGET_RATIO = Decimal("1.5")
# One indicator carrying more than this share of all indicator weight dominates the form.
DOMINANT_INDICATOR_SHARE = Decimal("0.5")
# Two indicator names at least this similar (0..1, difflib ratio of folded text) are near-duplicates.
NEAR_DUPLICATE_SIMILARITY = 0.85
# A goal text shorter than this is too short to call a copy when it repeats across projects.
MIN_SHARED_GOAL_CHARS = 20

# --- reading messy text ----------------------------------------------------------------------
# A value read with a confidence below this is doubted: the checks do not raise arithmetic errors
# on it (they say the reader doubts it instead), and the form says it was read with low confidence.
DOUBTED_BELOW = 0.75
# A form whose reading confidence (its weakest section) is below this is reported as read with low
# confidence (R007) in ``jixiao check`` and flagged in the JSON.
LOW_FORM_CONFIDENCE = 0.75

# --- input limits -----------------------------------------------------------------------------
# Text files larger than this are refused with a message rather than read into memory.
MAX_TEXT_BYTES = 64 * 1024 * 1024
# Cells longer than this are cut for display (the model keeps the whole text).
DISPLAY_CELL_CHARS = 60
# A number longer than this (digits, point and sign) is not a figure anyone wrote in a form; the cell
# is read as text, so that arithmetic on it can neither overflow nor crawl.
MAX_NUMBER_CHARS = 40

# --- office and web files -------------------------------------------------------------------------
# Any input file larger than this is refused before it is read.
MAX_INPUT_BYTES = 200 * 1024 * 1024
# A zip-based office file (.docx, .xlsx) may inflate to at most this many bytes in all ...
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
# ... with at most this ratio of inflated to packed size (real office files stay below ~30) ...
MAX_ZIP_RATIO = 200
# ... and at most this many members.
MAX_ZIP_MEMBERS = 10_000
# PDF pages read at most; a longer PDF is refused with a message (forms are one to a few pages).
MAX_PDF_PAGES = 500
# Cells read at most from one file, whatever its format.
MAX_CELLS = 2_000_000
# Seconds LibreOffice may take to turn one .doc into .docx.
OFFICE_CONVERT_SECONDS = 120
