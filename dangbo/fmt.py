"""Vietnamese number and date formats: 1.346 ; 98,21% ; 23/11/2026."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd


def _missing(x) -> bool:
    return x is None or (pd.api.types.is_scalar(x) and bool(pd.isna(x)))


def number(x, decimals: int = 0) -> str:
    """1346 -> '1.346'; 98.214 (2) -> '98,21'; None -> '–'."""
    if _missing(x):
        return "–"
    s = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,d}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def smart(x, max_decimals: int = 2) -> str:
    """Print as many decimals as the value has (up to max): 11.7 -> '11,7'; 100.0 -> '100'."""
    if _missing(x):
        return "–"
    for d in range(max_decimals + 1):
        if round(float(x), d) == round(float(x), max_decimals):
            return number(x, d)
    return number(x, max_decimals)


def percent(x, decimals: int | None = None) -> str:
    """98.21 -> '98,21%' (x is already a percentage)."""
    if _missing(x):
        return "–"
    return (smart(x) if decimals is None else number(x, decimals)) + "%"


def day(d) -> str:
    if _missing(d):
        return "–"
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        d = d.date()
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


# d3-format locale for Plotly axis ticks and hover labels (separators: decimal ',', thousands '.').
PLOTLY_SEPARATORS = ",."
