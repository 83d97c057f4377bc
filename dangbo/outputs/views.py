"""Frames shaped for a chart or a table, beside the figure builders: pure pandas, no Streamlit.

Queries return codes; these functions add the words a person reads (unit names, dates as
dd/mm/yyyy) and the few reshapes a chart needs, so pages only call them and draw. Column labels
come from `dangbo.vocab.LABELS` when a page helper shows or exports a frame (`labelled`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import config, fmt, vocab

if TYPE_CHECKING:
    from .official import AnnexDoc

UNIT = "unit_name"          # the column with a predecessor unit's short name


def _unit_name(u) -> str:
    return config.PREDECESSOR_BY_ID[u].short if u in config.PREDECESSOR_BY_ID else u


def prepare(df: pd.DataFrame, unit_col: str = "predecessor_id", dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """A query's frame as pages use it: the unit's name beside its code, `dates` as dd/mm/yyyy."""
    out = df.copy()
    if unit_col in out.columns:
        out[UNIT] = out[unit_col].map(_unit_name)
    for c in dates:
        out[c] = days(out[c])
    return out


def days(col: pd.Series) -> pd.Series:
    """`fmt.day` of every value of a column, each distinct day formatted once (a national case list is
    tens of thousands of rows over a few hundred days)."""
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    words = np.array([fmt.day(u) for u in uniques] + ["–"], dtype=object)     # code -1 (missing): the last
    return pd.Series(words[codes], index=col.index, name=col.name, dtype="str")


def labelled(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The columns (default: all) in that order, renamed to the words of vocab.LABELS."""
    out = df[columns] if columns else df
    return out.rename(columns=lambda c: vocab.LABELS.get(c, c))


def structure_panels(struct: pd.DataFrame) -> list[tuple[str, pd.DataFrame, list[str]]]:
    """Member structure: one (dimension, rows, category order) a chart, in the statistical forms' order
    (age, gender, ethnicity, religion, education, political theory, membership), categories by their
    sort key then by size."""
    panels = []
    rank = {code: i for i, code in enumerate(vocab.STRUCTURE_DIMENSIONS)}
    groups = dict(list(struct.groupby("dimension", sort=False)))
    for code in sorted(groups, key=lambda c: rank.get(c, len(rank))):
        g, dim = groups[code], vocab.STRUCTURE_DIMENSIONS.get(code, code)
        totals = g.groupby("category")["members"].transform("sum")
        order = list(dict.fromkeys(g.assign(t=-totals).sort_values(["sort_key", "t", "category"]).category))
        panels.append((dim, g, order))
    return panels


FORM_COLS = ["admissions", "women", "ethnic_minority", "religious", "youth_union"]


def admissions_by_unit(adm: pd.DataFrame) -> pd.DataFrame:
    """Admissions in the period by unit, with the statistical forms' breakdown."""
    return adm.groupby(UNIT, as_index=False, sort=False)[FORM_COLS].sum()


def share_by(df: pd.DataFrame, value: str, *keys: str) -> pd.DataFrame:
    """`value` summed over the other columns, by `keys` (a chart of totals)."""
    return df.groupby(list(keys), as_index=False, sort=False)[value].sum()


def letters(let: pd.DataFrame) -> pd.DataFrame:
    """Letters with one column saying whether each was anonymous or impersonated."""
    out = let.copy()
    out["anonymity"] = (out.is_anonymous.map({True: "Nặc danh", False: ""}).fillna("")
                        + out.is_impersonated.map({True: "Mạo danh", False: ""}).fillna(""))
    return out


def comparison(cmp: pd.DataFrame) -> pd.DataFrame:
    """This period against the same period last year, with this period as a share of last year's."""
    out = cmp.copy()
    out["measure"] = out.measure.map(lambda m: vocab.COMPARISON_MEASURES.get(m, m))
    out["change_pct"] = (out.this_period / out.last_year.where(out.last_year > 0) * 100).round(2)
    return out


# The flows of the admission pipeline, in the order a candidate goes through them.
PIPELINE_FLOW = [vocab.PIPELINE_STAGES[s] for s in ("identified", "class_completed", "admitted", "stopped")]


def pipeline(pipe: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The candidate pipeline split into the stock at the period's end and the flows within it, in words."""
    words = pipe.assign(measure=pipe.measure.map(lambda m: vocab.PIPELINE_MEASURES.get(m, m)),
                        stage=pipe.stage.map(lambda s: vocab.PIPELINE_STAGES.get(s, s)))
    return words[pipe.measure == "stock"], words[pipe.measure == "flow"]


def target_part_chart(p) -> tuple[str, object, pd.DataFrame] | None:
    """A target part's chart (title, figure, data) as the targets page and the briefing draw it: a
    whole-term count as cumulative values with the pace line and the projection; an annual share as
    one bar a year coloured by status with the threshold line; None for anything else."""
    made = target_part_data(p)
    return None if made is None else (made[0], target_part_figure(p, made[1]), made[1])


def target_part_data(p) -> tuple[str, pd.DataFrame] | None:
    """A target part chart's title and data (`target_part_chart`), without its figure."""
    if p.pace is not None:
        years = [v.period for v in p.values]
        cum = pd.Series([v.value or 0 for v in p.values]).cumsum()
        data = pd.DataFrame({"year": years, "cumulative": cum})
        return (f"{p.label}: lũy kế, đường tiến độ và dự báo",
                data.assign(target=p.threshold, projection=round(p.pace.projection or 0, 1)))
    rows = [v for v in p.values if v.value is not None]
    if not rows or p.unit != "%":
        return None
    return f"{p.label} theo năm", pd.DataFrame({
        "year": [v.period + (" (đến nay)" if v.running else "") for v in rows],
        "value_pct": [v.value for v in rows], "status": [v.status for v in rows]})


def target_part_figure(p, data: pd.DataFrame):
    """The figure of `target_part_data(p)`'s data."""
    from . import figures
    if p.pace is not None:
        term = config.CURRENT_TERM
        fig = figures.lines(data, "year", "cumulative", y_title=p.unit)
        end_year = str(term.ends_on.year)
        fig.add_scatter(x=[str(term.starts_on.year), end_year], y=[0, p.threshold], mode="lines",
                        name="Đường tiến độ", line={"dash": "dot", "color": "#757575"})
        if p.pace.projection is not None:
            fig.add_scatter(x=[data.year.iloc[-1], end_year], y=[data.cumulative.iloc[-1], p.pace.projection],
                            mode="lines+markers", name="Dự báo theo nhịp hiện nay",
                            line={"dash": "dash", "color": "#EF6C00"})
        figures.threshold_line(fig, p.threshold, f"Chỉ tiêu {fmt.number(p.threshold)}")
        fig.update_xaxes(categoryorder="array",
                         categoryarray=[str(y) for y in range(term.starts_on.year, term.ends_on.year + 1)])
        return fig
    fig = figures.bars(data, "year", "value_pct", color="status", color_map=vocab.COLORS, percent=True, height=260)
    fig.update_layout(bargap=0.75 if len(data) < 3 else 0.3)
    return figures.threshold_line(fig, p.threshold,
                                  f"Chỉ tiêu {vocab.threshold_words(p.comparator, p.threshold, p.unit)}")


def admissions_figure(adm: pd.DataFrame, target=None):
    """Admissions a year by unit, with the yearly average the term's target asks (a
    targets.tracking.CountTarget) when there is one."""
    from . import figures
    fig = figures.bars(adm, "year", "admissions", color=UNIT, y_title="Đảng viên kết nạp")
    if target is None:
        return fig
    return figures.threshold_line(fig, target.per_year, f"Bình quân {target.per_year:g}/năm để đạt chỉ tiêu "
                                                        f"≥ {target.threshold:g} trong nhiệm kỳ")


def origin(p) -> str:
    """Where a target part's values come from, in words."""
    return vocab.ORIGIN_RECORDS if p.computed else (vocab.ORIGIN_REPORTED_DEMO if p.is_demo else vocab.ORIGIN_REPORTED)


def tracking_table(results) -> pd.DataFrame:
    """The tracking table of the targets page: one row a part."""
    return pd.DataFrame([{"target": f"({t.stt})", "part": p.part or "–", "content": p.label,
                          "threshold": vocab.threshold_words(p.comparator, p.threshold, p.unit, p.threshold_rating),
                          "status": p.status_words, "explanation": p.sentence,
                          "data_source": "Hồ sơ (demo)" if p.computed else ("Báo cáo mẫu (demo)" if p.is_demo else "—")}
                         for t in results for p in t.parts])


def drill_rows(results, label: str) -> list[dict]:
    """One row a record-based part of the committee's targets, for one unit or organisation."""
    from ..targets import rules
    rows = []
    for t in results:
        for p in t.parts:
            if t.owner == config.COMMITTEE and p.computed:
                latest = rules.latest(p)
                rows.append({"drill_unit": label, "target": p.indicator_id, "content": p.label,
                             "period": "Lũy kế nhiệm kỳ" if p.pace else (latest.period if latest else "–"),
                             "value": p.pace.cumulative if p.pace else (latest.value if latest else None),
                             "status": p.status_words})
    return rows


# ---------------------------------------------------------------- 2020-2025 annexes

def annex_table(rc: pd.DataFrame) -> pd.DataFrame:
    """An annex as published, with the recomputed assessment and the flags beside it."""
    return pd.DataFrame({
        "stt": rc.stt, "wording": rc.wording, "annex_result": rc.result_text,
        "assessment_published": rc.assessment_published.fillna(""),
        "assessment_norm": rc.assessment_norm.fillna("Không đánh giá"),
        "recomputed": rc.recomputed.fillna("Không tính được"),
        "notes": [("⚠ " if f else "") + n for f, n in zip(rc.flagged, rc.notes, strict=True)],
    })


def _clean(v):
    return None if fmt.missing(v) else v


def annex_parts(a: pd.DataFrame) -> pd.DataFrame:
    """Each part of an annex row: its threshold and result in words, and its flags."""
    return pd.DataFrame({
        "indicator_id": a.indicator_id, "content": a.label,
        "threshold": [vocab.threshold_words(r.comparator, _clean(r.threshold), _clean(r.unit)) for r in a.itertuples()],
        "result": [vocab.value_words(_clean(r.value), _clean(r.unit), qualifier=_clean(r.value_qualifier),
                                     text=_clean(r.value_text) if fmt.missing(r.value) else None)
                   if not (fmt.missing(r.value) and fmt.missing(r.value_text)) else "–" for r in a.itertuples()],
        "notes": [", ".join(vocab.FLAG_WORDS[f] for f in (r.flags or "").split(",") if f) for r in a.itertuples()],
        "source": a.source,
    })


def _target_names(df: pd.DataFrame) -> pd.Series:
    return df.indicator_id + " " + df.label


def shares_vs_threshold(annex: pd.DataFrame) -> pd.DataFrame:
    """Percentage targets with a lower bound: threshold and result side by side (long form)."""
    num = prepare(annex[(annex.unit == "%") & annex.value.notna() & annex.comparator.isin([">=", ">"])], "owner")
    long = pd.concat([num.assign(series="Ngưỡng", pct=num.threshold), num.assign(series="Kết quả", pct=num.value)])
    return long.assign(target_name=_target_names(long))


def counts_achieved(annex: pd.DataFrame) -> pd.DataFrame:
    """Count targets: result as a share of the threshold, beside the share the document published."""
    cnt = prepare(annex[(annex.unit != "%") & annex.value.notna() & (annex.comparator == ">=")], "owner")
    return cnt.assign(achieved_pct=(cnt.value / cnt.threshold * 100).round(1), target_name=_target_names(cnt),
                      threshold_count=cnt.threshold, value_count=cnt.value)


TRAINING = {"lop_dao_tao_boi_duong": "Lớp", "hoc_vien": "Học viên"}


def training(tr: pd.DataFrame, units) -> pd.DataFrame:
    """Training classes and trainees by predecessor unit."""
    out = prepare(tr[tr.owner.isin(units) & tr.metric.isin(list(TRAINING))], "owner")
    return out.assign(indicator=out.metric.map(TRAINING), amount=out.value)


def houses(h: pd.DataFrame) -> pd.DataFrame:
    """Solidarity houses (published figures) as the table shows them."""
    return prepare(h, "owner").assign(content=h.category, unit_of_measure=h.unit)


def annex_sections(annex: pd.DataFrame) -> list[tuple[config.Predecessor, pd.DataFrame, pd.DataFrame]]:
    """Each predecessor unit's 2020-2025 annex, in the report's order: the unit, its rows with the
    assessment recomputed beside the published one (dangbo.targets.annex), and its parts."""
    from ..targets import annex as annexes
    recomputed = annexes.recompute_annex(annex)
    return [(config.PREDECESSOR_BY_ID[u], recomputed[recomputed.owner == u], annex[annex.owner == u])
            for u in config.PREDECESSOR_IDS if u in set(annex.owner)]


@dataclass(frozen=True)
class AnnexSection:
    """A predecessor unit's 2020-2025 annex as the page Kết quả shows it."""
    unit: config.Predecessor
    table: pd.DataFrame         # annex_table: as published, the recomputed assessment and flags beside it
    flagged: int                # rows whose published assessment differs or whose figures are unusual
    parts: pd.DataFrame         # annex_parts
    doc: AnnexDoc               # the annex as an official document (Word, PDF)


@dataclass(frozen=True)
class ResultsView:
    sections: list[AnnexSection]
    shares: pd.DataFrame        # shares_vs_threshold
    counts: pd.DataFrame        # counts_achieved


def results_view(run, scope, filters: str, as_of, oldest) -> ResultsView:
    """The annexes of the page Kết quả from the named queries (`run`): a pure function of its arguments,
    computed once for every session asking the same view (ui.derived)."""
    from . import official
    annex = run("annex_results", scope)
    sections = [AnnexSection(p, annex_table(rc), int(rc.flagged.sum()), annex_parts(parts),
                             official.annex_2020_2025(p.annex.upper(), rc, filters, as_of, oldest))
                for p, rc, parts in annex_sections(annex)]
    return ResultsView(sections, shares_vs_threshold(annex), counts_achieved(annex))


def resolution_sections(items: pd.DataFrame, owner: str) -> list[tuple[str, str, pd.DataFrame]]:
    """The congress's work of one owner (the committee or HĐND), one (key, heading, rows) a kind and
    group in the document's order; rows carry the document's marker, the item's title and full text."""
    words = vocab.RESOLUTION_KINDS if owner == config.COMMITTEE else vocab.HDND_RESOLUTION_KINDS
    mine = items[items.owner == owner]
    out = []
    for kind, heading in words.items():
        rows = mine[mine.kind == kind]
        for grp in dict.fromkeys(rows.grp):
            g = rows[rows.grp == grp].sort_values("ord")
            shown = g.assign(marker=[lab if lab != "-" else f"{i}." for i, lab in enumerate(g.label, 1)])
            key = f"{owner}-{kind}" + (f"-{list(dict.fromkeys(rows.grp)).index(grp) + 1}" if grp else "")
            out.append((key.lower(), heading + (f": {grp}" if grp else ""),
                        shown[["marker", "title", "text", "item_id", "source"]]))
    return out


def cells(df: pd.DataFrame) -> pd.DataFrame:
    """The cells of a view (cells_summary, prepared) with a label unique on a chart: the cell's name,
    and its organisation's where two organisations have cells of the same name."""
    out = df.copy()
    twice = out.cell_name.duplicated(keep=False)
    out["cell_label"] = out.cell_name.where(~twice, out.cell_name + " (" + out.grassroots_name + ")")
    return out


CHART_CELLS = 40        # bars on the cells' chart: a readable chart (the table below lists every cell)


def largest_cells(cells: pd.DataFrame, limit: int = CHART_CELLS) -> tuple[pd.DataFrame, str | None]:
    """The cells a chart shows (the `limit` with most members, in the view's order) and the sentence
    saying so when there are more: a predecessor unit of a national-scale snapshot has tens of thousands
    of cells, and a bar each made a chart a million pixels tall that no browser could draw."""
    if len(cells) <= limit:
        return cells, None
    top = cells.loc[cells.members.sort_values(ascending=False, kind="stable").index[:limit]].sort_index()
    return top, (f"Biểu đồ vẽ {fmt.number(limit)} chi bộ đông đảng viên nhất trong {fmt.number(len(cells))} chi bộ; "
                 "bảng dưới đây có đủ các chi bộ.")


def masked_members(df: pd.DataFrame) -> pd.DataFrame:
    """The member list for a role that may not see personal details: the id shortened to its last three
    characters, no gender or birth year, the year of admission instead of the day."""
    return pd.DataFrame({
        "member_id": ["•••" + str(m)[-3:] for m in df.member_id],
        "cell_name": df.cell_name, "grassroots_name": df.grassroots_name, "standing": df.standing,
        "admitted_year": df.admitted_on.astype(str).str[-4:]})         # dd/mm/yyyy as prepared
