"""Numbers as units write them in a form's cells."""

from __future__ import annotations

from decimal import Decimal

CENT = Decimal("0.01")


def fmt(value: Decimal) -> str:
    """A number as units write it: no trailing zeros, no exponent (``10``, ``9.5``, ``0.27``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
