"""Figures and tables built once and shared by every session of the server process.

A page's figure depends only on what it is built from (a builder and its arguments: small frames, labels,
a target's values, the view's events), so two leaders looking at the same view need the same figure.
`shared(build, *args, **kwargs)` keys the call by the *content* of its arguments (the frames' values,
columns and types, not their identity), builds the figure the first time and keeps its JSON text.

What is shared is that text: a Python string, immutable. Every run gets its own figure made from it
(`SharedFigure.figure()`, about 0,4 ms against 5-10 ms to build one), so nothing a session does to its
figure (a stamp on an export, events marked for its view) can reach another session's chart.
The same holds for a table as a page shows it (`Shelf` of the tables, filled by dangbo.ui.page): its rows
formatted in the Vietnamese way and made into what the browser is sent, once per content.
No Streamlit here: the cache belongs to the process, like the query cache.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

MAX_FIGURES = 1024          # a figure's text is 3-30 kB: at most a few tens of MB
MAX_TABLES = 512            # a table as shown: at most MAX_SHARED_ROWS rows of text
MAX_SHARED_ROWS = 5000      # a longer table (a national list) is prepared by the run that shows it


@dataclasses.dataclass(frozen=True)
class SharedFigure:
    """A figure as the cache keeps it: its content key and its JSON text."""
    key: str
    spec: str

    def figure(self) -> go.Figure:
        """A figure of this session's own, made from the shared text. It is not validated again: the
        text is what a validated figure wrote."""
        return go.Figure(json.loads(self.spec), _validate=False)


class Uncacheable(TypeError):
    """An argument whose content cannot be keyed (a figure would be shared on the wrong key)."""


_SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, decimal.Decimal, np.generic,
            pd.Timestamp, enum.Enum)


def _feed(h, value) -> None:
    """Write `value`'s content, with its type, into the hash `h`."""
    if isinstance(value, SharedFigure):
        h.update(b"F" + value.key.encode())
    elif isinstance(value, pd.DataFrame | pd.Series):
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        h.update((b"S" if isinstance(value, pd.Series) else b"D") + repr(
            (list(frame.columns), [str(t) for t in frame.dtypes], frame.shape, frame.index.names,
             str(frame.index.dtype))).encode())
        _feed_values(h, frame.index)
        for _, col in frame.items():
            _feed_values(h, col)
    elif isinstance(value, _SCALARS):
        h.update(b"V" + type(value).__name__.encode() + b":" + repr(value).encode())
    elif isinstance(value, list | tuple):
        h.update(b"L%d(" % len(value))
        for v in value:
            _feed(h, v)
        h.update(b")")
    elif isinstance(value, dict):
        h.update(b"M%d(" % len(value))
        for k in sorted(value, key=repr):
            _feed(h, k)
            _feed(h, value[k])
        h.update(b")")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(b"C" + type(value).__qualname__.encode() + b"(")
        for f in dataclasses.fields(value):
            h.update(f.name.encode() + b"=")
            _feed(h, getattr(value, f.name))
        h.update(b")")
    elif callable(value) and hasattr(value, "__qualname__") and "<" not in value.__qualname__:
        h.update(b"f" + f"{value.__module__}.{value.__qualname__}".encode())     # a module's function: its name
    else:
        raise Uncacheable(f"cannot key a shared figure or table on a {type(value).__name__}")


def _feed_values(h, values: pd.Index | pd.Series) -> None:
    """The values of a column (or an index), losslessly: numbers and times as their bytes, anything else as
    the pickle of its Python values (a quarter of the time of pandas' own hashing)."""
    if isinstance(values, pd.RangeIndex):
        h.update(b"R" + repr((values.start, values.stop, values.step)).encode())
        return
    if isinstance(values.dtype, pd.CategoricalDtype):          # its categories' order draws a chart's order
        h.update(b"C" + repr((values.dtype.categories.tolist(), values.dtype.ordered)).encode())
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biufcmM":
        h.update(b"N" + np.ascontiguousarray(values.to_numpy()).tobytes())
    else:
        try:
            h.update(b"P" + pickle.dumps(values.tolist(), protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError) as e:
            raise Uncacheable(f"cannot key a column of {values.dtype}: {e}") from e


def content_key(*parts) -> str:
    """A digest of the parts' content (frames by their values, columns and types)."""
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        _feed(h, p)
    return h.hexdigest()


class Shelf:
    """What was built, by content key, least recently used dropped first; safe for the server's script
    threads. Two sessions asking for a new entry at the same moment may both build it; the first one
    kept is the one shared. What it keeps is never changed by its readers (text, or frames only read)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, key: str, build: Callable[[], object]):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = build()
        with self._lock:
            self.builds += 1
            kept = self._items.setdefault(key, made)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return kept

    def __len__(self) -> int:
        return len(self._items)


FIGURES = Shelf(MAX_FIGURES)
TABLES = Shelf(MAX_TABLES)


def shared(build: Callable[..., go.Figure], *args, **kwargs) -> SharedFigure:
    """`build(*args, **kwargs)`, built once per content of its arguments for the whole process. A
    SharedFigure among the arguments reaches `build` as a figure of its own (a builder may change it:
    `shared(figures.mark_events, fig, events, "year")`)."""
    key = content_key(build, args, kwargs)

    def make() -> SharedFigure:
        def own(v):
            return v.figure() if isinstance(v, SharedFigure) else v
        fig = build(*(own(a) for a in args), **{k: own(v) for k, v in kwargs.items()})
        return SharedFigure(key, fig.to_json(validate=False))
    return FIGURES.get(key, make)
