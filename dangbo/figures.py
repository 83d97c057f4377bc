"""Figure builders: one style for every chart, the same colour for a predecessor unit everywhere,
Vietnamese number separators on axes and hover labels."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from . import config

UNIT_COLORS = {p.short: p.color for p in config.PREDECESSORS}
PALETTE = ["#B71C1C", "#1565C0", "#2E7D32", "#EF6C00", "#6A1B9A", "#00838F", "#8D6E63", "#546E7A"]
RATING_COLORS = dict(zip(config.RATINGS, ["#1B5E20", "#66BB6A", "#FBC02D", "#C62828"], strict=True))


def style(fig: go.Figure, *, height: int = 380, y_title: str | None = None, x_title: str | None = None,
          percent: bool = False) -> go.Figure:
    fig.update_layout(
        template="plotly_white", separators=",.", height=height,
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        hoverlabel={"font_family": "DejaVu Sans, Arial"},
    )
    fig.update_yaxes(title=y_title, tickformat=",.4~f" if percent else ",d", ticksuffix="%" if percent else "")
    fig.update_xaxes(title=x_title)
    return fig


def with_unit_names(df: pd.DataFrame, col: str = "predecessor_id") -> pd.DataFrame:
    out = df.copy()
    out["Đơn vị"] = out[col].map(lambda u: config.PREDECESSOR_BY_ID[u].short if u in config.PREDECESSOR_BY_ID else u)
    return out


def bars(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, horizontal: bool = False,
         barmode: str = "stack", text: bool = True, y_title: str | None = None, percent: bool = False,
         height: int = 380, color_map: dict | None = None, category_orders: dict | None = None) -> go.Figure:
    cmap = color_map or (UNIT_COLORS if color == "Đơn vị" else None)
    if color == "Đơn vị":
        present = set(df[color]) if color in df else set()
        category_orders = {"Đơn vị": [u for u in UNIT_COLORS if u in present], **(category_orders or {})}
    kw = {"x": y, "y": x, "orientation": "h"} if horizontal else {"x": x, "y": y}
    fig = px.bar(df, color=color, barmode=barmode, color_discrete_map=cmap, category_orders=category_orders,
                 color_discrete_sequence=PALETTE, text_auto=(",.4~f" if percent else ",d") if text else False, **kw)
    fig.update_traces(hovertemplate=None)
    style(fig, height=height, y_title=None if horizontal else y_title, percent=percent and not horizontal)
    if horizontal:
        fig.update_xaxes(tickformat=",.4~f" if percent else ",d", title=y_title)
        fig.update_yaxes(tickformat=None, ticksuffix="", autorange="reversed")
    fig.update_xaxes(type="category") if not horizontal and x in ("Năm",) else None
    return fig


def lines(df: pd.DataFrame, x: str, y: str, *, color: str | None = None, y_title: str | None = None,
          height: int = 380) -> go.Figure:
    cmap = UNIT_COLORS if color == "Đơn vị" else None
    fig = px.line(df, x=x, y=y, color=color, markers=True, color_discrete_map=cmap, color_discrete_sequence=PALETTE)
    style(fig, height=height, y_title=y_title)
    fig.update_xaxes(type="category")
    return fig


def threshold_line(fig: go.Figure, value: float, label: str, horizontal: bool = False) -> go.Figure:
    if horizontal:
        fig.add_vline(x=value, line_dash="dash", line_color="#333", annotation_text=label, annotation_position="top")
    else:
        fig.add_hline(y=value, line_dash="dash", line_color="#333", annotation_text=label, annotation_position="top left")
    return fig
