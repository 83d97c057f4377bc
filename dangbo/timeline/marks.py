"""Where an event falls on a chart over time whose x axis is categories: years ("2024", 2025, or
"2025 (đến nay)") or days ("31/12/2024", a date). Plotly places a shape on a category axis by the
category's index, so a position is a number: within its year's bar by the share of the year gone, or
between two days by the share of the time between them. An event outside the axis is not drawn."""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from .events import Event

YEAR = re.compile(r"^\s*(\d{4})\b")
DAY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _year(category) -> int | None:
    m = YEAR.match(str(category))
    return int(m.group(1)) if m else None


def _day(category) -> date | None:
    if isinstance(category, datetime):
        return category.date()
    if isinstance(category, date):
        return category
    m = DAY.match(str(category))
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    try:
        return date.fromisoformat(str(category)[:10])
    except ValueError:
        return None


def positions(categories: Sequence, events: Sequence[Event], over: str) -> list[tuple[float, Event]]:
    """(position on the axis, event) for each event within the axis; `over` is "year" or "day"."""
    out = []
    if over == "year":
        index = {y: i for i, y in enumerate(_year(c) for c in categories) if y is not None}
        for e in events:
            if e.on_date.year in index:
                first = date(e.on_date.year, 1, 1)
                days = (date(e.on_date.year + 1, 1, 1) - first).days
                out.append((index[e.on_date.year] - 0.5 + ((e.on_date - first).days + 0.5) / days, e))
    elif over == "day":
        days = [(_day(c), i) for i, c in enumerate(categories)]
        days = sorted((d, i) for d, i in days if d is not None)
        for e in events:
            for (d0, i0), (d1, i1) in zip(days, days[1:], strict=False):
                if d0 <= e.on_date <= d1:
                    out.append((i0 + (i1 - i0) * (e.on_date - d0).days / max((d1 - d0).days, 1), e))
                    break
            else:
                if len(days) == 1 and days[0][0] == e.on_date:
                    out.append((float(days[0][1]), e))
    else:
        raise ValueError(f"unknown axis kind {over!r}")
    return out
