"""Figure builders: one style for every chart, the same colour for a predecessor unit everywhere,
Vietnamese number separators on axes and hover labels."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .. import config, timeline, vocab

UNIT_COLORS = {p.short: p.color for p in config.PREDECESSORS}
UNIT = "unit_name"      # the column views.prepare adds; a chart coloured by it uses the units' colours
PALETTE = ["#B71C1C", "#1565C0", "#2E7D32", "#EF6C00", "#6A1B9A", "#00838F", "#8D6E63", "#546E7A"]
# A small template of our own: assigning plotly's large built-in ones costs about 40 ms a figure.
pio.templates["dangbo"] = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white", "colorway": PALETTE, "separators": ",.",
    "font": {"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#2a2a2a"},
    "xaxis": {"gridcolor": "#EBEBEB", "linecolor": "#BDBDBD", "zeroline": False, "automargin": True},
    "yaxis": {"gridcolor": "#EBEBEB", "linecolor": "#BDBDBD", "zerolinecolor": "#BDBDBD", "automargin": True},
    "hoverlabel": {"font": {"family": "DejaVu Sans, Arial"}},
})
FORM_COLORS = {"Khiển trách": "#F9A825", "Cảnh cáo": "#EF6C00", "Cách chức": "#8E24AA", "Khai trừ": "#4E342E"}
RATING_COLORS = dict(zip(config.RATINGS, ["#1B5E20", "#66BB6A", "#FBC02D", "#C62828"], strict=True))


def layout(*, height: int = 380, y_title: str | None = None, x_title: str | None = None,
           percent: bool = False, **extra) -> dict:
    """The common layout as a plain dict: a figure is then constructed (and validated) once, which
    is about six times faster than building it and restyling it with update_* calls."""
    return {
        "template": "dangbo", "height": height, "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        # the legend under the chart (the plot area shrinks to make room): on a phone the tool bar of the
        # chart's top right no longer covers it, and a wrapped legend pushes nothing off the top
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0, "title": None,
                   "traceorder": "normal"},
        "yaxis": {"title": y_title, "tickformat": ",.4~f" if percent else ",d", "ticksuffix": "%" if percent else ""},
        "xaxis": {"title": x_title},
        **extra,
    }


def _order(values: pd.Series, given: list | None) -> list:
    seen = list(dict.fromkeys(values.dropna()))
    if not given:
        return seen
    return [v for v in given if v in set(seen)] + [v for v in seen if v not in set(given)]


def bars(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, horizontal: bool = False,
         barmode: str = "stack", text: bool = True, y_title: str | None = None, percent: bool = False,
         height: int = 380, color_map: dict | None = None, category_orders: dict | None = None) -> go.Figure:
    """Bars of `y` per category `x`, one trace per value of `color` (plotly express costs about
    0,1 s a figure, too slow for a page of a dozen charts)."""
    orders = category_orders or {}
    cmap = color_map or (UNIT_COLORS if color == UNIT else {})
    cats = _order(df[x], orders.get(x))
    groups = _order(df[color], orders.get(color) or (list(UNIT_COLORS) if color == UNIT else None)) \
        if color else [None]
    num = ",.4~f" if percent else ",d"
    suffix = "%" if percent else ""
    value_axis = "x" if horizontal else "y"
    traces = []
    for i, grp in enumerate(groups):
        part = df if grp is None else df[df[color] == grp]
        vals = part.groupby(x, sort=False)[y].sum().reindex(cats).tolist()
        hover = (f"{vocab.label(x)}: %{{{'y' if horizontal else 'x'}}}<br>"
                 + (f"{vocab.label(color)}: {grp}<br>" if grp is not None else "")
                 + f"{vocab.label(y)}: %{{{value_axis}:{num}}}{suffix}<extra></extra>")
        trace = {"type": "bar", "name": str(grp) if grp is not None else vocab.label(y), "showlegend": grp is not None,
                 "marker": {"color": cmap.get(grp, PALETTE[i % len(PALETTE)])}, "hovertemplate": hover,
                 "textposition": "auto"}
        if text:
            trace["texttemplate"] = f"%{{{value_axis}:{num}}}"
        trace.update({"x": vals, "y": cats, "orientation": "h"} if horizontal else {"x": cats, "y": vals})
        traces.append(trace)
    totals = df.groupby(x)[y].sum() if barmode == "stack" else df[y]
    whole = {"dtick": 1, "tick0": 0} if not percent and len(df) and float(totals.max()) < 10 else {}
    value_fmt = {"tickformat": num, "ticksuffix": suffix, **whole}
    lay = layout(height=height, barmode=barmode)
    if horizontal:
        lay["xaxis"] = {"title": y_title, **value_fmt}
        lay["yaxis"] = {"type": "category", "autorange": "reversed"}
    else:
        lay["yaxis"] = {"title": y_title, **value_fmt}
        lay["xaxis"] = {"type": "category"}
    return go.Figure(data=traces, layout=lay)


def lines(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, y_title: str | None = None,
          height: int = 380) -> go.Figure:
    groups = _order(df[color], list(UNIT_COLORS) if color == UNIT else None) if color else [None]
    traces = []
    for i, grp in enumerate(groups):
        part = df if grp is None else df[df[color] == grp]
        traces.append({"type": "scatter", "mode": "lines+markers", "x": part[x].tolist(), "y": part[y].tolist(),
                       "name": str(grp) if grp is not None else vocab.label(y),
                       "line": {"color": UNIT_COLORS.get(grp, PALETTE[i % len(PALETTE)])}})
    lay = layout(height=height, y_title=y_title)
    lay["xaxis"] = {"type": "category"}
    return go.Figure(data=traces, layout=lay)


def threshold_line(fig: go.Figure, value: float, label: str, horizontal: bool = False) -> go.Figure:
    """A dashed line at the threshold, labelled; one layout update (add_hline costs ~10 ms)."""
    if horizontal:
        shape = {"type": "line", "xref": "x", "yref": "paper", "x0": value, "x1": value, "y0": 0, "y1": 1}
        note = {"xref": "x", "yref": "paper", "x": value, "y": 1, "yanchor": "bottom"}
    else:
        shape = {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": value, "y1": value}
        note = {"xref": "paper", "yref": "y", "x": 1, "y": value, "xanchor": "right", "yanchor": "bottom"}
    shape["line"] = {"dash": "dash", "color": "#333", "width": 1.5}
    note.update({"text": label, "showarrow": False, "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 12}})
    fig.update_layout(shapes=list(fig.layout.shapes) + [shape], annotations=list(fig.layout.annotations) + [note])
    return fig


def shares_vs_threshold(shares: pd.DataFrame) -> go.Figure:
    """The 2020-2025 share targets: each result beside its threshold, one row a target."""
    return bars(shares, "target_name", "pct", color="series", barmode="group", horizontal=True, percent=True,
                height=120 + 19 * max(len(shares), 2), color_map={"Ngưỡng": "#9E9E9E", "Kết quả": "#B71C1C"})


def counts_achieved(counts: pd.DataFrame) -> go.Figure:
    """The 2020-2025 count targets: the share of each achieved, against the 100% line."""
    fig = bars(counts, "target_name", "achieved_pct", color=UNIT, horizontal=True, percent=True,
               height=120 + 40 * max(len(counts), 1))
    return threshold_line(fig, 100, "100% chỉ tiêu", horizontal=True)


EVENT_COLOR = "#455A64"


def mark_events(fig: go.Figure, events, over: str) -> go.Figure:
    """A dotted vertical line at each event within the chart's time axis (`over`: "year" or "day"),
    numbered at its top; the numbers are said above the chart ("1 · 01/07/2025 Hợp nhất ba Đảng bộ"),
    one line each, so that no label covers a bar or another label however narrow the chart (a phone).
    The figure's categories are its axis's own order, else its traces' x values in order."""
    given = fig.layout.xaxis.categoryarray
    cats = list(given) if given else \
        list(dict.fromkeys(x for trace in fig.data for x in (trace.x if trace.x is not None else ())))
    marks = timeline.positions(cats, events, over)
    if not marks:
        return fig
    shapes, notes = list(fig.layout.shapes), list(fig.layout.annotations)
    font = {"size": 12, "color": EVENT_COLOR}
    at: dict[float, list[int]] = {}            # events of the same day share one line and one box
    for k, (x, _) in enumerate(marks, start=1):
        at.setdefault(round(x, 6), []).append(k)
    for x, ks in at.items():
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"dash": "dot", "color": EVENT_COLOR, "width": 1.5}, "layer": "above"})
        notes.append({"xref": "x", "yref": "paper", "x": x, "y": 1, "yanchor": "bottom", "text": ", ".join(map(str, ks)),
                      "hovertext": "<br>".join(marks[k - 1][1].label for k in ks), "showarrow": False, "font": font,
                      "bgcolor": "white", "bordercolor": EVENT_COLOR, "borderpad": 1})
    notes.append({"xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "left", "yanchor": "bottom",
                  "yshift": 22, "align": "left", "showarrow": False, "font": font,
                  "text": "<br>".join(f"{k} · {e.label}" for k, (_, e) in enumerate(marks, start=1))})
    top = (fig.layout.margin.t if fig.layout.margin.t is not None else 30) + 22 + 17 * len(marks)
    fig.update_layout(shapes=shapes, annotations=notes, margin={"t": top})
    return fig
