"""Target evaluation: values, statuses, pace and outlook of the 2025-2030 targets. Rules:
docs/targets.md; the words are dangbo.vocab's.

Pure functions over small DataFrames from the named queries; no Streamlit here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import config, fmt
from ..vocab import (
    AT_RISK_WORDS,
    CHUA_DAT,
    CHUA_DAT_TIEN_DO,
    DAT,
    DAT_TIEN_DO,
    NO_DATA,
    RANK,
    STATUSES,
    VUOT,
    threshold_words,
    value_words,
)

RECORD_MEASURES = {"member_rating_good_share", "org_rating_good_share", "member_violation_share", "admissions_count",
                   "inspection_share_dang_uy", "inspection_share_ubkt", "cell_rating_good_share",
                   "member_rating_pass_share"}
# Measures whose value within a year only grows (so a running year can be judged against pace).
CUMULATIVE_IN_YEAR = {"inspection_share_dang_uy", "inspection_share_ubkt"}


def meets(value: float, comparator: str, threshold: float) -> bool:
    if comparator == ">=":
        return value >= threshold
    if comparator == ">":
        return value > threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == "<":
        return value < threshold
    raise ValueError(f"comparator {comparator!r}")


def finished_status(value: float | None, comparator: str, threshold: float | None, *,
                    qualitative_met: bool | None = None, rating: str | None = None,
                    threshold_rating: str | None = None) -> str:
    """Status of a finished period: Vượt, Đạt, Chưa đạt, or Chưa có số liệu."""
    if comparator == "qualitative":
        return NO_DATA if qualitative_met is None else (DAT if qualitative_met else CHUA_DAT)
    if comparator == "rating_at_least":
        if not rating:
            return NO_DATA
        got, need = config.RATINGS.index(rating), config.RATINGS.index(threshold_rating)
        return VUOT if got < need else DAT if got == need else CHUA_DAT
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    if not meets(value, comparator, threshold):
        return CHUA_DAT
    # Met: exactly at the threshold is Đạt; strictly better than the threshold's number is Vượt
    # (a share of 100% cannot do better than a 100% target, so it is Đạt).
    return DAT if value == threshold else VUOT


def running_status(value: float | None, comparator: str, threshold: float, elapsed: float) -> str:
    """Status of a period still running, for a value that accumulates: met already, on pace, behind."""
    if value is None:
        return NO_DATA
    if meets(value, comparator, threshold):
        return DAT
    if comparator in (">=", ">") and value >= threshold * elapsed:
        return DAT_TIEN_DO
    return CHUA_DAT_TIEN_DO


def worst(statuses: list[str]) -> str:
    known = [s for s in statuses if s != NO_DATA]
    return min(known, key=RANK.get) if known else NO_DATA


# ------------------------------------------------------------------ whole-term pace and outlook


@dataclass(frozen=True)
class Pace:
    cumulative: float
    threshold: float
    elapsed_years: float
    term_years: float

    @property
    def pace_value(self) -> float:
        """Where a steady path to the threshold would stand today."""
        return self.threshold * self.elapsed_years / self.term_years

    @property
    def projection(self) -> float | None:
        """The end-of-term value at the run rate so far."""
        if self.elapsed_years <= 0:
            return None
        return self.cumulative / self.elapsed_years * self.term_years

    @property
    def remaining_years(self) -> float:
        return max(self.term_years - self.elapsed_years, 0.0)

    @property
    def needed_per_year(self) -> float | None:
        """What is still needed per remaining year (0 once met; None when the term is over)."""
        missing = max(self.threshold - self.cumulative, 0.0)
        if missing == 0:
            return 0.0
        return missing / self.remaining_years if self.remaining_years > 0 else None

    def status(self) -> str:
        if self.elapsed_years <= 0:
            return NO_DATA       # the term has not started on the as-of date
        if self.cumulative >= self.threshold:
            return VUOT if self.remaining_years == 0 and self.cumulative > self.threshold else DAT
        if self.remaining_years == 0:
            return CHUA_DAT
        return DAT_TIEN_DO if self.cumulative >= self.pace_value else CHUA_DAT_TIEN_DO


def term_fraction(term: config.Term, as_of: date) -> tuple[float, float]:
    """(elapsed years, term years) of a term on a date."""
    total = (term.ends_on - term.starts_on).days + 1
    done = min(max((as_of - term.starts_on).days + 1, 0), total)
    return done / 365.25, total / 365.25


def year_fraction(year: int, as_of: date, term: config.Term) -> float:
    """How much of a year (within the term) has passed on the as-of date."""
    start, end = max(date(year, 1, 1), term.starts_on), date(year, 12, 31)
    if as_of >= end:
        return 1.0
    return max((as_of - start).days + 1, 0) / ((end - start).days + 1)


# ------------------------------------------------------------------ evaluation of one target part


@dataclass
class PeriodValue:
    period: str                  # a year, or the term id
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    text: str | None = None      # a rating or reported words
    qualitative_met: bool | None = None
    running: bool = False        # the year is not over yet
    status: str = NO_DATA
    source: str = ""
    is_demo: bool = False


@dataclass
class PartResult:
    indicator_id: str
    item_id: str
    part: str
    label: str
    comparator: str
    threshold: float | None
    threshold_rating: str | None
    unit: str | None
    periodicity: str
    measure: str
    owner: str           # who the target belongs to: config.COMMITTEE, config.HDND or a predecessor unit
    values: list[PeriodValue] = field(default_factory=list)
    pace: Pace | None = None
    status: str = NO_DATA
    status_words: str = NO_DATA
    sentence: str = ""
    years_met: int = 0
    years_elapsed: int = 0
    trend: str = ""

    @property
    def is_demo(self) -> bool:
        return any(v.is_demo for v in self.values)

    @property
    def computed(self) -> bool:
        return self.measure in RECORD_MEASURES

    @property
    def history_words(self) -> str:
        """How an annual part did in the finished years, and its trend (" Đạt 1/1 năm đã kết thúc.")."""
        out = f" Đạt {self.years_met}/{self.years_elapsed} năm đã kết thúc." \
            if self.periodicity == "annual" and self.years_elapsed else ""
        return out + (f" Xu hướng: {self.trend}." if self.trend else "")


@dataclass
class TargetResult:
    item_id: str
    owner: str           # config.COMMITTEE, config.HDND or a predecessor unit
    stt: str
    wording: str
    source: str
    parts: list[PartResult]

    @property
    def status(self) -> str:
        return worst([p.status for p in self.parts])

    @property
    def status_words(self) -> str:
        """As `status`, but an annual target behind pace in a running year reads "Có nguy cơ"."""
        if self.status == CHUA_DAT_TIEN_DO and all(p.periodicity == "annual" for p in self.parts):
            return AT_RISK_WORDS
        return self.status

    @property
    def partial_data(self) -> bool:
        return any(p.status == NO_DATA for p in self.parts) and self.status != NO_DATA

    @property
    def sentence(self) -> str:
        return " ".join(p.sentence for p in self.parts)


def sentence(p: PartResult) -> str:
    """One sentence in the reports' own phrasing."""
    if p.pace is not None:
        pc = p.pace
        pct = pc.cumulative / pc.threshold * 100 if pc.threshold else 0
        s = (f"{p.label}: {fmt.number(pc.cumulative)}/{fmt.number(pc.threshold)} {p.unit} "
             f"(đạt {fmt.number(pct)}%)")
        if pc.remaining_years > 0 and pc.projection is not None:
            s += f"; theo nhịp hiện nay, cuối nhiệm kỳ ước đạt {fmt.number(pc.projection)}"
            if pc.needed_per_year:
                s += f"; còn cần bình quân {fmt.smart(pc.needed_per_year, 1)}/năm"
        return s + "."
    last = latest(p)
    if last is None:
        return f"{p.label} ({threshold_words(p.comparator, p.threshold, p.unit, p.threshold_rating)}): chưa có số liệu."
    frac = ""
    if last.numerator is not None and last.denominator:
        frac = f" ({fmt.number(last.numerator)}/{fmt.number(last.denominator)})"
    when = f"năm {last.period}" + (" (đến nay)" if last.running else "")
    words = value_words(last.value, p.unit, text=last.text, qualitative_met=last.qualitative_met)
    return (f"{p.label} {when}: {words}{frac}; chỉ tiêu "
            f"{threshold_words(p.comparator, p.threshold, p.unit, p.threshold_rating)}.")


def latest(p: PartResult) -> PeriodValue | None:
    with_data = [v for v in p.values if v.status != NO_DATA]
    return with_data[-1] if with_data else None


def _trend(values: list[PeriodValue], comparator: str) -> str:
    nums = [v.value for v in values if v.value is not None and not v.running]
    if len(nums) < 2:
        return ""
    better = nums[-1] > nums[-2] if comparator in (">=", ">") else nums[-1] < nums[-2]
    same = nums[-1] == nums[-2]
    return "không đổi" if same else ("cải thiện" if better else "giảm")


def finish_part(p: PartResult, as_of: date) -> PartResult:
    """Statuses per period, the part's own status, years met, trend and its sentence."""
    term = config.CURRENT_TERM
    if p.periodicity == "term":
        p.status = p.pace.status() if p.pace else NO_DATA
    else:
        for v in p.values:
            if v.running:
                if p.measure in CUMULATIVE_IN_YEAR and v.value is not None:
                    v.status = running_status(v.value, p.comparator, p.threshold, year_fraction(int(v.period), as_of, term))
                else:
                    v.status = NO_DATA
            else:
                v.status = finished_status(v.value, p.comparator, p.threshold, qualitative_met=v.qualitative_met,
                                           rating=v.text, threshold_rating=p.threshold_rating)
        done = [v for v in p.values if not v.running and v.status != NO_DATA]
        p.years_elapsed = len(done)
        p.years_met = sum(v.status in (DAT, VUOT) for v in done)
        last = latest(p)
        p.status = last.status if last else NO_DATA
        p.trend = _trend(p.values, p.comparator)
    p.status_words = AT_RISK_WORDS if (p.periodicity == "annual" and p.status == CHUA_DAT_TIEN_DO) else p.status
    p.sentence = sentence(p)
    return p


# ------------------------------------------------------------------ values from records


def _share(num, den) -> float | None:
    return None if not den else round(num / den * 100, 2)


MEASURE_ROWS = {  # record measure -> (measure, key) rows of the target_values query
    "member_rating_good_share": ("member_good", None), "member_rating_pass_share": ("member_pass", None),
    "org_rating_good_share": ("org_good", "grassroots"), "cell_rating_good_share": ("org_good", "cell"),
    "member_violation_share": ("violation", None),
    "inspection_share_dang_uy": ("inspection", "Đảng ủy"), "inspection_share_ubkt": ("inspection", "Ủy ban Kiểm tra"),
}


def index_values(values: pd.DataFrame) -> dict:
    """The target_values rows as {(measure, key, year): (numerator, denominator)} for quick look-ups."""
    out = {}
    for m, k, y, num, den in zip(values.measure, values.key, values.year, values.numerator, values.denominator,
                                 strict=True):
        out[(m, k if isinstance(k, str) else None, int(y))] = (num, den)
    return out


def record_values(measure: str, lookup: dict, years: list[int], as_of: date, snapshot_id: str) -> list[PeriodValue]:
    """Per year values of a record-based share, from index_values() of the target_values query."""
    name, key = MEASURE_ROWS[measure]
    out = []
    for y in years:
        num, den = lookup.get((name, key, y), (None, None))
        if num is None or den is None or pd.isna(den):
            num = den = None
        else:
            num, den = int(num), int(den)
        out.append(PeriodValue(str(y), _share(num, den) if num is not None else None, num, den,
                               running=as_of < date(y, 12, 31), is_demo=True,
                               source=f"Tính từ hồ sơ (bản dữ liệu {snapshot_id})"))
    return out


def _clean(v):
    """A scalar from a query row: NaN/NA become None."""
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def reported_values(rows: list[dict], years: list[int], as_of: date) -> list[PeriodValue]:
    """Per year reported values of one indicator (rows of the `targets` query)."""
    by_period = {r["period"]: r for r in rows if _clean(r["period"]) is not None}
    out = []
    for y in years:
        r = by_period.get(str(y))
        running = as_of < date(y, 12, 31)
        if r is None:
            out.append(PeriodValue(str(y), None, running=running))
            continue
        value, met = _clean(r["value"]), _clean(r["qualitative_met"])
        out.append(PeriodValue(str(y), None if value is None else float(value), text=_clean(r["value_text"]),
                               qualitative_met=None if met is None else bool(met), running=running,
                               source=_clean(r["value_source"]) or "", is_demo=bool(_clean(r["is_demo"]))))
    return out


def evaluate(targets: pd.DataFrame, frames: pd.DataFrame, as_of: date, snapshot_id: str,
             hdnd_frames: pd.DataFrame | None = None) -> list[TargetResult]:
    """Evaluate every 2025-2030 target. `targets` is the `targets` query for term 2025-2030;
    `frames` the target_values query for the scope; `hdnd_frames` the same narrowed to the People's
    Council party committee (for its own targets)."""
    term = config.CURRENT_TERM
    end = min(as_of, term.ends_on)
    years = list(range(term.starts_on.year, end.year + 1))
    elapsed, total = term_fraction(term, as_of)
    lookups = {False: index_values(frames), True: index_values(hdnd_frames) if hdnd_frames is not None else None}
    src_note = f"Tính từ hồ sơ (bản dữ liệu {snapshot_id})"
    # Plain dicts: pandas row access per part and year cost ~0,1 s an evaluation.
    items: dict[str, dict[str, list[dict]]] = {}
    for row in targets.to_dict("records"):
        items.setdefault(row["item_id"], {}).setdefault(row["indicator_id"], []).append(row)
    results = []
    for item_id, parts_rows in items.items():
        parts = []
        for ind_id, rows in parts_rows.items():
            r = rows[0]
            lookup = lookups[r["owner"] == config.HDND and hdnd_frames is not None]
            p = PartResult(ind_id, item_id, r["part"], r["label"], r["comparator"], _clean(r["threshold"]),
                           _clean(r["threshold_rating"]), _clean(r["unit"]), r["periodicity"], r["measure"],
                           r["owner"])
            if r["measure"] == "admissions_count":
                per_year = {y: float(lookup.get(("admissions", None, y), (0, None))[0] or 0) for y in years}
                p.pace = Pace(sum(per_year.values()), p.threshold, elapsed, total)
                p.values = [PeriodValue(str(y), per_year[y], running=as_of < date(y, 12, 31), is_demo=True,
                                        source=src_note) for y in years]
            elif r["measure"] in RECORD_MEASURES:
                p.values = record_values(r["measure"], lookup, years, as_of, snapshot_id)
            else:
                p.values = reported_values(rows, years, as_of)
            parts.append(finish_part(p, as_of))
        first = next(iter(parts_rows.values()))[0]
        results.append(TargetResult(item_id, first["owner"], first["stt"], first["wording"], first["source"], parts))
    return results


def summary(results: list[TargetResult]) -> dict[str, int]:
    """How many targets stand at each status (for the overview)."""
    out = dict.fromkeys(STATUSES, 0)
    for t in results:
        out[t.status] += 1
    return out
