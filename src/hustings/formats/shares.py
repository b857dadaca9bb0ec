"""Shares and percentages written by people (``0.6``, ``3/5``, ``5%``), read exactly as fractions.

Shared by the command line (``--threshold``, ``--constituency-share``, a method's fractional
``--option``) and the web (the same fields of the explorer and the API), so that both refuse the
same text with the same one-line message.
"""

from __future__ import annotations

from fractions import Fraction

from hustings.formats.limits import MAX_NUMBER_CHARS


class ShareError(ValueError):
    """A share or percentage that cannot be read; ``str()`` is the one-line message."""


def parse_share(text: str) -> Fraction:
    """A share written ``0.6``, ``3/5`` or ``60`` exactly; raises ``ValueError`` for anything else.

    Text longer than 1,000 characters or with an exponent (``1e999999999``, which
    :class:`Fraction` would expand digit by digit) is refused before parsing.
    """
    if len(text) > MAX_NUMBER_CHARS or "e" in text.lower():
        raise ValueError(text)
    return Fraction(text)


def parse_threshold(text: str | None, option: str = "--threshold") -> Fraction | None:
    """``5%`` or ``0.05`` as an exact share between 0 and 1; ``None`` stays ``None``.

    Raises :class:`ShareError` naming ``option`` (the field as the caller's user knows it).
    """
    if text is None:
        return None
    raw = text.strip()
    try:
        value = parse_share(raw[:-1].strip()) / 100 if raw.endswith("%") else parse_share(raw)
    except (ValueError, ZeroDivisionError):
        raise ShareError(f"{option} takes a percentage like 5% or a share like 0.05, got {text!r}") from None
    if not 0 <= value <= 1:
        raise ShareError(f"{option} must be between 0% and 100%, got {text!r}")
    return value


def parse_unit_share(text: str, option: str) -> Fraction:
    """A share between 0 and 1 (``0.6`` or ``3/5``); raises :class:`ShareError` naming ``option``."""
    try:
        value = parse_share(text)
    except (ValueError, ZeroDivisionError):
        raise ShareError(f"{option} takes a share like 0.6 or 3/5, got {text!r}") from None
    if not 0 <= value <= 1:
        raise ShareError(f"{option} must be between 0 and 1, got {text!r}")
    return value
