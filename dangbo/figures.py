"""Figure builders: one style for every chart, the same colour for a predecessor unit everywhere,
Vietnamese number separators on axes and hover labels."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import config

UNIT_COLORS = {p.short: p.color for p in config.PREDECESSORS}
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


def style(fig: go.Figure, *, height: int = 380, y_title: str | None = None, x_title: str | None = None,
          percent: bool = False) -> go.Figure:
    fig.update_layout(
        template="dangbo", height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None, "traceorder": "normal"},
    )
    fig.update_yaxes(title=y_title, tickformat=",.4~f" if percent else ",d", ticksuffix="%" if percent else "")
    fig.update_xaxes(title=x_title)
    return fig


def with_unit_names(df: pd.DataFrame, col: str = "predecessor_id") -> pd.DataFrame:
    out = df.copy()
    out["Đơn vị"] = out[col].map(lambda u: config.PREDECESSOR_BY_ID[u].short if u in config.PREDECESSOR_BY_ID else u)
    return out


def _order(values: pd.Series, given: list | None) -> list:
    seen = list(dict.fromkeys(values.dropna()))
    if not given:
        return seen
    return [v for v in given if v in set(seen)] + [v for v in seen if v not in set(given)]


def bars(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, horizontal: bool = False,
         barmode: str = "stack", text: bool = True, y_title: str | None = None, percent: bool = False,
         height: int = 380, color_map: dict | None = None, category_orders: dict | None = None) -> go.Figure:
    """Bars of `y` per category `x`, one trace per value of `color`. Built with graph_objects
    directly (plotly express costs about 0,1 s a figure, too slow for a page of a dozen charts)."""
    orders = category_orders or {}
    cmap = color_map or (UNIT_COLORS if color == "Đơn vị" else {})
    cats = _order(df[x], orders.get(x))
    groups = _order(df[color], orders.get(color) or (list(UNIT_COLORS) if color == "Đơn vị" else None)) \
        if color else [None]
    num = ",.4~f" if percent else ",d"
    fig = go.Figure()
    for i, grp in enumerate(groups):
        part = df if grp is None else df[df[color] == grp]
        vals = part.groupby(x, sort=False)[y].sum().reindex(cats)
        axis_val = "x" if horizontal else "y"
        hover = (f"{x}: %{{{'y' if horizontal else 'x'}}}<br>" + (f"{color}: {grp}<br>" if grp is not None else "")
                 + f"{y}: %{{{axis_val}:{num}}}{'%' if percent else ''}<extra></extra>")
        kw = {"x": vals.to_numpy(), "y": cats, "orientation": "h"} if horizontal else {"x": cats, "y": vals.to_numpy()}
        fig.add_trace(go.Bar(
            name=str(grp) if grp is not None else y, showlegend=grp is not None,
            marker_color=cmap.get(grp, PALETTE[i % len(PALETTE)]),
            texttemplate=f"%{{{axis_val}:{num}}}" if text else None, textposition="auto",
            hovertemplate=hover, **kw))
    fig.update_layout(barmode=barmode)
    totals = df.groupby(x)[y].sum() if barmode == "stack" else df[y]
    small_counts = not percent and len(df) and float(totals.max()) < 10
    style(fig, height=height, y_title=None if horizontal else y_title, percent=percent and not horizontal)
    if horizontal:
        fig.update_xaxes(tickformat=num, ticksuffix="%" if percent else "", title=y_title)
        fig.update_yaxes(tickformat=None, ticksuffix="", type="category", autorange="reversed")
    else:
        fig.update_xaxes(type="category")
    if small_counts:   # whole numbers only: no 0,5 ticks printed as a repeated integer
        (fig.update_xaxes if horizontal else fig.update_yaxes)(dtick=1, tick0=0)
    return fig


def lines(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, y_title: str | None = None,
          height: int = 380) -> go.Figure:
    fig = go.Figure()
    groups = _order(df[color], list(UNIT_COLORS) if color == "Đơn vị" else None) if color else [None]
    for i, grp in enumerate(groups):
        part = df if grp is None else df[df[color] == grp]
        fig.add_trace(go.Scatter(x=part[x], y=part[y], mode="lines+markers", name=str(grp) if grp is not None else y,
                                 line_color=UNIT_COLORS.get(grp, PALETTE[i % len(PALETTE)])))
    style(fig, height=height, y_title=y_title)
    fig.update_xaxes(type="category")
    return fig


def threshold_line(fig: go.Figure, value: float, label: str, horizontal: bool = False) -> go.Figure:
    if horizontal:
        fig.add_vline(x=value, line_dash="dash", line_color="#333", annotation_text=label, annotation_position="top")
    else:
        fig.add_hline(y=value, line_dash="dash", line_color="#333", annotation_text=label,
                      annotation_position="top right", annotation_bgcolor="rgba(255,255,255,0.85)")
    return fig
