"""Vietnamese number and date formats: 1.346 ; 98,21% ; 23/11/2026."""
from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime


def missing(x) -> bool:
    """None, NaN, NaT or pandas' NA. Pandas is imported only for values that are not None, a plain
    number, text or date: the server's start (which reads the snapshot manifest) does not wait for it."""
    if x is None:
        return True
    if isinstance(x, float):                      # numpy's float64 too
        return math.isnan(x)
    if isinstance(x, str | int) or type(x) in (date, datetime):   # pandas' NaT is a datetime subclass
        return False
    import pandas as pd
    return pd.api.types.is_scalar(x) and bool(pd.isna(x))


def number(x, decimals: int = 0) -> str:
    """1346 -> '1.346'; 98.214 (2) -> '98,21'; None -> '–'."""
    if missing(x):
        return "–"
    s = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,d}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def smart(x, max_decimals: int = 2) -> str:
    """Print as many decimals as the value has (up to max): 11.7 -> '11,7'; 100.0 -> '100'."""
    if missing(x):
        return "–"
    for d in range(max_decimals + 1):
        if round(float(x), d) == round(float(x), max_decimals):
            return number(x, d)
    return number(x, max_decimals)


def age(as_of, today: date | None = None) -> str:
    """How old figures standing at `as_of` are: "hôm nay", "cách đây 11 ngày"."""
    if isinstance(as_of, str):
        as_of = date.fromisoformat(as_of[:10])
    days = ((today or date.today()) - as_of).days
    return "hôm nay" if days <= 0 else f"cách đây {number(days)} ngày"


def freshness(as_of, today: date | None = None, newest=None) -> str:
    """What every export says of its data's age, on the day it is made: the oldest date of the
    organisations shown (`as_of`) and, when some stand at a later one, the newest."""
    today = today or date.today()
    later = f"; một số tổ chức đến ngày {day(newest)}" if newest and day(newest) != day(as_of) else ""
    return f"Số liệu đến ngày {day(as_of)} ({age(as_of, today)}{later}; xuất ngày {day(today)})"


def day(d) -> str:
    if missing(d):
        return "–"
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    if isinstance(d, datetime):
        d = d.date()
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def moment(iso: str) -> str:
    """An ISO time as dd/mm/yyyy HH:MM (the stored times are UTC)."""
    return f"{day(iso[:10])} {iso[11:16]}"


def epoch(ts: float | None) -> str:
    """Seconds since 1970 (the access store's times) as dd/mm/yyyy HH:MM UTC; "" for none."""
    if ts is None or ts != ts:           # None or NaN
        return ""
    return datetime.fromtimestamp(ts, UTC).strftime("%d/%m/%Y %H:%M UTC")


def clip(text, limit: int = 80) -> str:
    """A value from outside shortened for a message: at most `limit` characters, "…" where cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def code(value, limit: int = 80) -> str:
    """A value from outside (a URL, a file, a manifest) as it goes into a message: shortened with
    `clip` and set in a Markdown code span, whose content Markdown shows literally: never a link, an
    image, an autolinked address, a directive or HTML. The fence is longer than any run of
    backticks in the value (CommonMark), so the value cannot close it. Reads fine in a terminal too."""
    text = clip(value, limit)
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
