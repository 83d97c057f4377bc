"""The action programme and the quotas as tables, charts and the tracking document: small view-model
functions (codes to words, dates in the Vietnamese format) so a page only draws."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .. import config, fmt, vocab
from .. import schedule as plan
from ..programme import tracking
from ..programme.tracking import Followed, Quotas
from ..query.scope import Scope
from . import figures, official, views


def _day(x) -> str:
    return "" if x is None or fmt.missing(x) else fmt.day(x)


def period_words(p: str) -> str:
    """A period of an item in words: "Cả thời hạn", "Quý 3/2026", "Năm 2026"."""
    if not p:
        return "Cả thời hạn"
    return f"Quý {p[-1]}/{p[:4]}" if "-Q" in p else f"Năm {p}"


def _demo_title(title: str, demo: bool) -> str:
    return f"{title} (demo)" if demo else title


ITEM_COLUMNS = ["item_id", "title", "status", "percent", "period", "lead_name", "due_on", "recurrence", "reported_on",
                "parent_title"]


def items_table(items: pd.DataFrame, *, with_parent: bool = True) -> pd.DataFrame:
    """Every item with its status: code, work, status, progress of its current period, lead, deadline,
    recurrence, last report and (with_parent) what it serves."""
    cols = ITEM_COLUMNS if with_parent else ITEM_COLUMNS[:-1]
    if items.empty:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame({
        "item_id": items.item_id, "title": [_demo_title(t, d) for t, d in zip(items.title, items.is_demo, strict=True)],
        "status": items.status.map(vocab.PROGRAMME_STATUS), "percent": items.percent,
        "period": items.period.map(period_words), "lead_name": items.lead_name, "due_on": items.due_on.map(_day),
        "recurrence": items.recurrence.map(vocab.RECURRENCE), "reported_on": items.reported_on.map(_day),
        "parent_title": [f"{p} · {fmt.clip(t, 70)}" if isinstance(t, str) else p
                         for p, t in zip(items.parent_id, items.parent_title, strict=True)]})[cols]


def occurrences_table(occ: pd.DataFrame, on: date) -> pd.DataFrame:
    """Late or due-soon occurrences: work, lead, period, deadline, progress, days late (negative: left)."""
    return pd.DataFrame({
        "item_id": occ.item_id, "title": [_demo_title(t, d) for t, d in zip(occ.title, occ.is_demo, strict=True)],
        "lead_name": occ.lead_name, "period": occ.period.map(period_words), "due_on": occ.due_on.map(_day),
        "percent": occ.percent, "days": [(on - d).days for d in occ.due_on],
        "status": occ.status.map(vocab.PROGRAMME_STATUS)},
        columns=["item_id", "title", "lead_name", "period", "due_on", "percent", "days", "status"])


def sections(items: pd.DataFrame, resolution: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """Items grouped by what they serve, in the documents' order (tasks, breakthroughs, solutions, then
    targets): (key, heading, table)."""
    out = []
    order = list(resolution.item_id)
    for parent in sorted(items.parent_id.unique(), key=lambda p: (order.index(p) if p in order else len(order), p)):
        g = items[items.parent_id == parent]
        kind = vocab.PARENT_KINDS.get(g.parent_kind.iloc[0], "") if isinstance(g.parent_kind.iloc[0], str) else ""
        title = g.parent_title.iloc[0] if isinstance(g.parent_title.iloc[0], str) else ""
        out.append((parent, f"{kind} {parent}: {title}".strip(), items_table(g, with_parent=False)))
    return out


def status_by_lead(items: pd.DataFrame) -> pd.DataFrame:
    """How many items each lead unit has at each status (`status_by_lead_figure` draws it)."""
    return (items.assign(status_words=items.status.map(vocab.PROGRAMME_STATUS))
            .groupby(["lead_name", "status_words"]).size().rename("items").reset_index())


def status_by_lead_table(counts: pd.DataFrame) -> pd.DataFrame:
    return counts.rename(columns={"lead_name": "drill_unit", "status_words": "status"})


def status_by_lead_figure(counts: pd.DataFrame) -> go.Figure:
    """Items by lead unit and status (stacked bars, worst status first)."""
    order = list(counts.groupby("lead_name")["items"].sum().sort_values().index)
    colors = {vocab.PROGRAMME_STATUS[k]: c for k, c in vocab.PROGRAMME_COLORS.items()}
    fig = figures.bars(counts, "lead_name", "items", color="status_words", horizontal=True,
                       color_map=colors, category_orders={"lead_name": order,
                                                          "status_words": [vocab.PROGRAMME_STATUS[s] for s in plan.STATUSES]},
                       height=max(300, 34 * len(order) + 120))
    return fig


def pending_deadlines(occ: pd.DataFrame, items: pd.DataFrame, on: date) -> pd.DataFrame:
    """The occurrences not done, from the oldest late one to a year ahead, with their items' titles and
    lead units (`timeline_figure` draws them, `timeline_table` lists them)."""
    pending = occ[~occ.status.isin(plan.DONE) & (occ.due_on <= date(on.year + 1, on.month, min(on.day, 28)))]
    data = pending.merge(items[["item_id", "title", "lead_name"]], on="item_id")
    return data.assign(status_words=data.status.map(vocab.PROGRAMME_STATUS), due_text=data.due_on.map(_day))


def timeline_table(data: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"item_id": data.item_id, "title": data.title, "lead_name": data.lead_name,
                         "period": data.period.map(period_words), "due_on": data.due_text, "status": data.status_words})


def timeline_figure(data: pd.DataFrame, on: date) -> go.Figure:
    """The deadlines of `pending_deadlines`, one marker each (colour = status), and a line at today."""
    fig = go.Figure(layout=figures.layout(height=max(320, 26 * data.lead_name.nunique() + 140)))
    for code in plan.STATUSES:
        g = data[data.status == code]
        if g.empty:
            continue
        fig.add_scatter(x=[pd.Timestamp(d) for d in g.due_on], y=g.lead_name, mode="markers", name=vocab.PROGRAMME_STATUS[code],
                        marker={"size": 12, "color": vocab.PROGRAMME_COLORS[code], "symbol": "diamond"},
                        customdata=list(zip(g.item_id, g.title, g.due_text, strict=True)),
                        hovertemplate="%{customdata[0]} · %{customdata[1]}<br>Hạn: %{customdata[2]}<extra></extra>")
    fig.add_vline(x=pd.Timestamp(on).value / 1e6, line={"color": "#546E7A", "dash": "dot"})
    fig.add_annotation(x=pd.Timestamp(on), y=1.0, yref="paper", text=f"Hôm nay {fmt.day(on)}", showarrow=False,
                       yanchor="bottom", font={"size": 12, "color": "#546E7A"})
    fig.update_xaxes(tickformat="%m/%Y")
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0})
    fig.update_yaxes(tickformat=None, title=None)
    return fig


# ------------------------------------------------------------------ quotas


def quota_balance(q: Quotas) -> pd.DataFrame:
    labels = dict(zip(q.targets.indicator_id, q.targets.label, strict=True))
    return pd.DataFrame({"target_name": q.balance.indicator_id.map(lambda i: f"{i} · {labels.get(i, i)}"),
                         "threshold": q.balance.threshold, "assigned": q.balance.assigned,
                         "difference": q.balance.difference})


def balance_sentences(q: Quotas) -> list[str]:
    """One sentence a count target whose quotas do not add up to it, saying by how much."""
    out = []
    for r in q.balance.itertuples(index=False):
        if r.difference:
            way = "vượt" if r.difference > 0 else "thiếu"
            out.append(f"Tổng chỉ tiêu giao của {r.indicator_id} là {fmt.smart(r.assigned)}, {way} "
                       f"{fmt.smart(abs(r.difference))} so với chỉ tiêu {fmt.smart(r.threshold)} của Nghị quyết.")
    return out


def quota_standing(q: Quotas) -> pd.DataFrame:
    """Each organisation's result against its quota, the organisations behind first."""
    labels = dict(zip(q.targets.indicator_id, q.targets.label, strict=True))
    units = dict(zip(q.targets.indicator_id, q.targets.unit, strict=True))
    rank = {s: i for i, s in enumerate(("cham", "chua_dat", "dung_tien_do", "dat", "chua_co_so_lieu"))}
    s = q.standing.assign(rank=q.standing.status.map(rank)).sort_values(["rank", "indicator_id", "grassroots_id"])
    reasons = (q.assigned[q.assigned.adjusted].groupby(["indicator_id", "grassroots_id"]).reason
               .agg(lambda r: "; ".join(dict.fromkeys(r))))
    return pd.DataFrame({
        "target_name": s.indicator_id.map(lambda i: f"{i} · {labels.get(i, i)}"),
        "org_name": s.grassroots_id.map(lambda o: q.names.get(o, o)),
        "quota": [_value(v, units.get(i)) for v, i in zip(s.quota, s.indicator_id, strict=True)],
        "due_so_far": [_value(v, units.get(i)) for v, i in zip(s.due_so_far, s.indicator_id, strict=True)],
        "result": [_value(v, units.get(i)) for v, i in zip(s.result, s.indicator_id, strict=True)],
        "year": s.year.map(lambda y: "" if fmt.missing(y) else str(int(y))),
        "status": s.status.map(vocab.QUOTA_STATUS),
        "reason": [reasons.get((i, o), "") for i, o in zip(s.indicator_id, s.grassroots_id, strict=True)]},
        columns=["target_name", "org_name", "quota", "due_so_far", "result", "year", "status", "reason"])


def _value(v, unit) -> str:
    if v is None or fmt.missing(v):
        return ""
    return fmt.smart(v) + ("%" if unit == "%" else "")


def quota_years(q: Quotas, indicator_id: str, orgs: tuple[str, ...]) -> pd.DataFrame:
    """A count target's quotas per organisation (rows) and year (columns), with the term's total."""
    a = q.assigned[(q.assigned.indicator_id == indicator_id) & q.assigned.grassroots_id.isin(orgs)]
    if a.empty:
        return pd.DataFrame()
    wide = a.pivot_table(index="grassroots_id", columns="year", values="quota", aggfunc="sum").fillna(0)
    wide.columns = [str(c) for c in wide.columns]
    wide["Cả nhiệm kỳ"] = wide.sum(axis=1)
    wide.insert(0, "org_name", [q.names.get(o, o) for o in wide.index])
    return wide.reset_index(drop=True)


def scorecard_table(card: pd.DataFrame) -> pd.DataFrame:
    return card.assign(last_report=card.last_report.map(_day),
                       quotas_met=[f"{m}/{n}" if n else "" for m, n in zip(card.quotas_met, card.quotas, strict=True)]
                       )[["name", "items", "on_time", "slow", "late", "last_report", "quotas_met"]].rename(
        columns={"name": "org_name"})


def reports_table(reports: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The reports, newest first: when, work, period, progress, note, evidence, by whom."""
    r = reports.merge(items[["item_id", "title"]], on="item_id", how="left").iloc[::-1]
    return pd.DataFrame({
        "report_on": r.reported_on.map(_day), "item_id": r.item_id, "title": r.title,
        "period": r.period.map(period_words), "percent": r.percent, "note": r.note.fillna(""),
        "evidence_name": [e if isinstance(e, str) else (d if isinstance(d, str) else "")
                          for e, d in zip(r.evidence_name, r.doc_ref, strict=True)],
        "username": [f"{u} (demo)" if demo else u for u, demo in zip(r.username, r.is_demo, strict=True)]},
        columns=["report_on", "item_id", "title", "period", "percent", "note", "evidence_name", "username"])


# ------------------------------------------------------------------ the tracking document


COLUMNS = ("STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn", "Kết quả", "Đánh giá")
WIDTHS_CM = (1.2, 4.6, 2.8, 2.4, 3.3, 2.2)
ALIGN = ("center", "left", "left", "center", "left", "center")


KIND_ORDER = {"nhiem_vu": 0, "dot_pha": 1, "giai_phap": 2, "chi_tieu": 3}


def document_order(items: pd.DataFrame) -> pd.DataFrame:
    """Items in the documents' order: the committee's tasks, breakthroughs, solutions, targets; then the
    People's Council party committee's; by item within each."""
    hdnd = items.parent_id.str.startswith(("HDND", "HD-"))
    rank = items.parent_kind.map(KIND_ORDER).fillna(len(KIND_ORDER))
    return items.assign(_h=hdnd, _r=rank).sort_values(["_h", "_r", "parent_id", "item_id"]).drop(columns=["_h", "_r"])


def tracking_doc(f: Followed, filters: str, as_of: date, *, oldest: date | None = None) -> official.AnnexDoc:
    """The programme's tracking table in the committee's document layout (header blocks, STT, nội dung,
    đơn vị chủ trì, thời hạn, kết quả, đánh giá); `as_of` the records' date, the statuses on `f.on`."""
    last = f.reports.groupby("item_id").tail(1).set_index("item_id") if len(f.reports) else pd.DataFrame()
    rows = []
    for n, it in enumerate(document_order(f.items).itertuples(index=False), 1):
        content = f"{it.title}\n(Thuộc {it.parent_id}; sản phẩm: {it.product.lower()})"
        lead = it.lead_name + (f"\nPhối hợp: {it.support_ids}" if it.support_ids else "")
        when = _day(it.due_on) if it.recurrence == "once" else \
            f"{vocab.RECURRENCE[it.recurrence]} đến {_day(it.due_on)}"
        result = f"{period_words(it.period)}: {it.percent}%"
        if it.item_id in last.index:
            r = last.loc[it.item_id]
            note = r.note if isinstance(r.note, str) and r.note else ""
            proof = r.doc_ref if isinstance(r.doc_ref, str) else (r.evidence_name if isinstance(r.evidence_name, str)
                                                                  else "")
            result += f" (báo cáo {_day(r.reported_on)})" + (f". {note}" if note else "") + \
                (f" Minh chứng: {proof}." if proof else "")
        if it.is_demo and "demo" not in result:
            result += " (demo)"
        rows.append((str(n), content, lead, when, result, vocab.PROGRAMME_STATUS[it.status]))
    subtitle = (f"(Đảng bộ các cơ quan Đảng thành phố; đánh giá đến ngày {fmt.day(f.on)}"
                + ("; dữ liệu mẫu - demo)" if f.demo else ")"))
    return official.AnnexDoc("BIỂU THEO DÕI", "TIẾN ĐỘ THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG\nTHỰC HIỆN NGHỊ QUYẾT "
                             "ĐẠI HỘI ĐẢNG BỘ LẦN THỨ I", subtitle, tuple(rows), filters, as_of, oldest,
                             columns=COLUMNS, widths=WIDTHS_CM, align=ALIGN)


# ------------------------------------------------------------------ the page, prepared once


@dataclass(frozen=True)
class ProgrammeView:
    """Every table and chart frame of the page Nhiệm vụ nghị quyết for one scope, day and set of reports."""
    followed: Followed                                 # the items with their status, the reports
    late: pd.DataFrame
    due_soon: pd.DataFrame
    by_lead: pd.DataFrame                              # status_by_lead
    pending: pd.DataFrame                              # pending_deadlines
    scorecard: pd.DataFrame
    quotas_demo: bool
    sections: list[tuple[str, str, pd.DataFrame]]
    reports: pd.DataFrame
    resolution: dict[str, list[tuple[str, str, pd.DataFrame]]]     # owner -> the published sections
    doc: official.AnnexDoc


def programme_view(run, scope: Scope, stored: pd.DataFrame, on: date, visible: tuple[str, ...], filters: str,
                   as_of: date, oldest: date) -> ProgrammeView:
    """The page's frames from the named queries (`run`), the reports kept and the day: a pure function
    of its arguments, so the page computes it once for every session asking the same view (ui.derived)."""
    f = tracking.follow(run, scope, stored, on)
    q = tracking.follow_quotas(run, scope, on, visible)
    items = run("resolution_items", scope)
    return ProgrammeView(
        followed=f, late=occurrences_table(f.late(), on), due_soon=occurrences_table(f.due_soon(), on),
        by_lead=status_by_lead(f.items) if len(f.items) else pd.DataFrame(),
        pending=pending_deadlines(f.occurrences, f.items, on) if len(f.items) else pd.DataFrame(),
        scorecard=scorecard_table(tracking.scorecard(f, q, visible)), quotas_demo=q.demo,
        sections=sections(f.items, items), reports=reports_table(f.reports, f.items),
        resolution={owner: views.resolution_sections(items, owner) for owner in (config.COMMITTEE, config.HDND)},
        doc=tracking_doc(f, filters, as_of, oldest=oldest))
