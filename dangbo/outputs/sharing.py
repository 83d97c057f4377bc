"""Figures built once and shared by every session of the server process.

A page's figure depends only on what it is built from (a builder and its arguments: small frames, labels,
a target's values, the view's events), so two leaders looking at the same view need the same figure.
`shared(build, *args, **kwargs)` keys the call by the *content* of its arguments (the frames' values,
columns and types, not their identity), builds the figure the first time and keeps its JSON text.

What is shared is that text: a Python string, immutable. Every run gets its own figure made from it
(`SharedFigure.figure()`, about 0,4 ms against 5-10 ms to build one), so nothing a session does to its
figure (a stamp on an export, events marked for its view) can reach another session's chart.
No Streamlit here: the cache belongs to the process, like the query cache.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

MAX_FIGURES = 1024          # a figure's text is 3-30 kB: at most a few tens of MB


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
    elif isinstance(value, pd.DataFrame):
        h.update(b"D" + repr((list(value.columns), [str(t) for t in value.dtypes], value.shape)).encode())
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, pd.Series):
        h.update(b"S" + repr((value.name, str(value.dtype), len(value))).encode())
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
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
        raise Uncacheable(f"cannot key a figure on a {type(value).__name__}")


def content_key(*parts) -> str:
    """A digest of the parts' content (frames by their values, columns and types)."""
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        _feed(h, p)
    return h.hexdigest()


class FigureCache:
    """Least recently used figures by content key; safe for the server's script threads. Two sessions
    asking for a new figure at the same moment may both build it; the first one kept is the one shared."""

    def __init__(self, size: int = MAX_FIGURES):
        self.size = size
        self._items: OrderedDict[str, SharedFigure] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, key: str, build: Callable[[], go.Figure]) -> SharedFigure:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = SharedFigure(key, build().to_json(validate=False))
        with self._lock:
            self.builds += 1
            kept = self._items.setdefault(key, made)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return kept

    def __len__(self) -> int:
        return len(self._items)


FIGURES = FigureCache()


def shared(build: Callable[..., go.Figure], *args, **kwargs) -> SharedFigure:
    """`build(*args, **kwargs)`, built once per content of its arguments for the whole process. A
    SharedFigure among the arguments reaches `build` as a figure of its own (a builder may change it:
    `shared(figures.mark_events, fig, events, "year")`)."""
    key = content_key(build, args, kwargs)

    def make() -> go.Figure:
        def own(v):
            return v.figure() if isinstance(v, SharedFigure) else v
        return build(*(own(a) for a in args), **{k: own(v) for k, v in kwargs.items()})
    return FIGURES.get(key, make)
