"""Deterministic DEMO records: organisation structure, members, candidates, ratings, discipline,
complaint letters and inspections.

No record belongs to a real person. At scale 1 the records agree exactly with every aggregate the
documents publish (structure 13/5/103; admissions 44/09/46 in 2020-2025; the 19 discipline cases by
form and predecessor; the 15 letters by handling); elsewhere they are plausible and marked is_demo.
At a larger scale every published count is multiplied by the scale (rounded), and the cells are
replicated so that a cell keeps about 25 members.

Everything is drawn from one numpy Generator seeded with `seed`, in a fixed order, so the same
arguments give the same tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .. import config

DEFAULT_SEED = 20250701
DEFAULT_AS_OF = date(2026, 11, 20)

TERM1, TERM2 = config.PREVIOUS_TERM, config.CURRENT_TERM

# Published aggregates the records must reproduce (report, Phần I, footnotes 1-3).
ADMISSIONS_TERM1 = {"CT": 44, "HG": 9, "ST": 46}
DISCIPLINE_TERM1 = {
    "CT": {"Cảnh cáo": 1, "Khiển trách": 4},
    "ST": {"Khai trừ": 2, "Cảnh cáo": 3, "Khiển trách": 3},
    "HG": {"Khai trừ": 1, "Cảnh cáo": 2, "Khiển trách": 3},
}
# Handling as in footnote 3; group as in section I.2.5 (09 examined, 06 transferred). The body's
# totals only add up if the anonymous and impersonated letters were among the 06 transferred, so
# they are recorded so (docs/data-model.md, "Letters").
H_BASE = "Chuyển cấp ủy cơ sở xem xét giải quyết"
H_SELF = "Xem xét giải quyết"
H_AUTH = "Chuyển cơ quan có thẩm quyền xem xét giải quyết"
G_EXAMINED = "Xem xét, xử lý"
G_TRANSFERRED = "Chuyển cơ quan có thẩm quyền"
LETTERS_TERM1 = [  # (predecessor, handling, group, anonymous, impersonated, count)
    ("CT", H_BASE, G_EXAMINED, False, False, 5),
    ("CT", H_AUTH, G_TRANSFERRED, True, False, 1),
    ("CT", H_AUTH, G_TRANSFERRED, False, True, 2),
    ("ST", H_SELF, G_EXAMINED, False, False, 1),
    ("ST", H_AUTH, G_TRANSFERRED, False, False, 3),
    ("HG", H_SELF, G_EXAMINED, False, False, 3),
]
# Demo activity of the merged committee since 01/7/2025 (nothing published yet).
ADMISSIONS_TERM2 = {"CT": 7, "HG": 3, "ST": 6}
DISCIPLINE_TERM2 = [("CT", "Khiển trách", date(2025, 11, 14)), ("ST", "Cảnh cáo", date(2026, 5, 20))]
LETTERS_TERM2 = [("CT", H_SELF, G_EXAMINED, False, False, 1), ("HG", H_BASE, G_EXAMINED, False, False, 1)]
OPEN_CANDIDATES = {"CT": 12, "HG": 5, "ST": 9}
INSPECTIONS = [  # (year, body, kind, how many grassroots organisations, month)
    (2025, "Đảng ủy", "Kiểm tra", 1, 9), (2025, "Đảng ủy", "Giám sát chuyên đề", 1, 10),
    (2025, "Ủy ban Kiểm tra", "Kiểm tra", 1, 10), (2025, "Ủy ban Kiểm tra", "Giám sát chuyên đề", 1, 11),
    (2026, "Đảng ủy", "Kiểm tra", 1, 4), (2026, "Đảng ủy", "Giám sát chuyên đề", 2, 6),
    (2026, "Ủy ban Kiểm tra", "Giám sát chuyên đề", 1, 8),
]

GENDERS = ("Nam", "Nữ")
FEMALE_SHARE = {"CT": 0.48, "HG": 0.45, "ST": 0.46}
ETHNICITIES = config.ETHNICITIES
ETHNICITY_P = {"CT": (0.965, 0.015, 0.017, 0.003), "HG": (0.962, 0.028, 0.008, 0.002), "ST": (0.775, 0.17, 0.05, 0.005)}
RELIGIONS = config.RELIGIONS
RELIGION_P = {
    "CT": (0.90, 0.05, 0.005, 0.02, 0.01, 0.012, 0.003),
    "HG": (0.88, 0.04, 0.012, 0.015, 0.013, 0.037, 0.003),
    "ST": (0.76, 0.06, 0.145, 0.015, 0.01, 0.007, 0.003),
}
EDUCATION = config.EDUCATION
EDUCATION_P = (0.04, 0.03, 0.68, 0.23, 0.02)
THEORY = config.THEORY_LEVELS
THEORY_P_BASE = (0.40, 0.36, 0.21, 0.03)
THEORY_P_NEW = (0.88, 0.11, 0.01, 0.0)
RATING_P = {  # xuất sắc, tốt, hoàn thành, không hoàn thành (Sóc Trăng close to Phụ lục 2: 98,21% / 0,28%)
    "CT": (0.14, 0.825, 0.030, 0.005),
    "HG": (0.13, 0.830, 0.035, 0.005),
    "ST": (0.15, 0.8321, 0.0151, 0.0028),
}
ORG_RATING_P = (0.22, 0.72, 0.055, 0.005)
VIOLATIONS = config.VIOLATIONS
VIOLATION_P = (0.34, 0.2, 0.12, 0.12, 0.22)
DECIDING_BODY = {
    "Khiển trách": (("Chi bộ", "Đảng ủy cơ sở"), (0.6, 0.4)),
    "Cảnh cáo": (("Đảng ủy cơ sở", "Ủy ban Kiểm tra Đảng ủy cấp trên"), (0.5, 0.5)),
    "Khai trừ": (("Ban Thường vụ Đảng ủy cấp trên", "Ủy ban Kiểm tra Đảng ủy cấp trên"), (0.5, 0.5)),
}
LEAVE_REASONS = ("Chuyển sinh hoạt đảng đi nơi khác", "Từ trần", "Xin ra khỏi Đảng")
LEAVE_REASON_P = (0.9, 0.07, 0.03)
RETIRE_REASON = "Nghỉ hưu, chuyển sinh hoạt về nơi cư trú"
EXPELLED_REASON = "Khai trừ"
CANDIDATE_STAGES = config.CANDIDATE_OPEN_STAGES
CANDIDATE_STAGE_P = (0.35, 0.3, 0.2, 0.15)
STAGE_ADMITTED = config.STAGE_ADMITTED
STAGE_DROPPED = config.STAGE_DROPPED

EPOCH = np.datetime64("1970-01-01", "D")


def _d(x: date) -> np.datetime64:
    return np.datetime64(x, "D")


@dataclass
class Structure:
    org_units: pd.DataFrame
    cells: pd.DataFrame        # unit_id, predecessor_id, grassroots_id of every cell
    members_at_merger: dict    # predecessor -> demo members on 01/7/2025


def load_structure(src: Path = config.SOURCES_DIR) -> dict:
    with open(src / "demo_structure.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_structure(spec: dict, scale: float) -> Structure:
    """The committee, the three predecessor units (published), and the demo organisations below."""
    reps = max(1, round(scale))
    rows = [(config.COMMITTEE, None, "committee", "dang_bo", config.COMMITTEE_NAME, None, None, False)]
    for p in config.PREDECESSORS:
        rows.append((p.id, config.COMMITTEE, "predecessor", "dang_bo_tien_than", p.name, p.id, None, False))
    cells = []
    for g in spec["grassroots"]:
        demo = not g.get("real", False)
        rows.append((g["id"], config.COMMITTEE, "grassroots", g["kind"], g["name"], None, g["id"], demo))
        partial_of = {}
        for pt in g["partials"]:
            rows.append((pt["id"], g["id"], "partial", "dang_bo_bo_phan", pt["name"], pt["predecessor"], g["id"], True))
            partial_of[pt["predecessor"]] = pt["id"]
        n = 0
        for pid in config.PREDECESSOR_IDS:
            for _ in range(g["cells"].get(pid, 0)):
                n += 1
                for r in range(reps):
                    suffix = f"-{r:05d}" if r else ""
                    uid = f"{g['id']}-{n:02d}{suffix}"
                    if g["kind"] == "chi_bo_co_so":
                        name = g["name"]
                    else:
                        name = f"Chi bộ {n} - {g['name'].removeprefix('Đảng bộ ')}"
                    if r:
                        name += f" (bản nhân {r})"
                    rows.append((uid, partial_of.get(pid, g["id"]), "cell", "chi_bo", name, pid, g["id"], True))
                    cells.append((uid, pid, g["id"]))
    org = pd.DataFrame(rows, columns=["unit_id", "parent_id", "level", "kind", "name", "predecessor_id",
                                      "grassroots_id", "is_demo"])
    cells_df = pd.DataFrame(cells, columns=["unit_id", "predecessor_id", "grassroots_id"])
    per_pred = cells_df.groupby("predecessor_id").size()
    at_merger = {p: round(per_pred[p] / reps * spec["members_per_cell"][p] * scale) for p in config.PREDECESSOR_IDS}
    return Structure(org, cells_df, at_merger)


class Gen:
    """Small helpers over one seeded numpy Generator."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def pick(self, values, p, n):
        return np.asarray(values, dtype=object)[self.rng.choice(len(values), size=n, p=np.asarray(p) / np.sum(p))]

    def dates(self, start: date, end: date, n: int) -> np.ndarray:
        """n dates uniform in [start, end], as datetime64[D]."""
        lo, hi = _d(start), _d(end)
        return lo + self.rng.integers(0, int((hi - lo).astype(int)) + 1, size=n).astype("timedelta64[D]")

    def times(self, n: int) -> np.ndarray:
        return self.rng.integers(0, 365, size=n).astype("timedelta64[D]")


def _year_start(years: np.ndarray) -> np.ndarray:
    return (years.astype(int) - 1970).astype("datetime64[Y]").astype("datetime64[D]")


def _members_for_pred(g: Gen, pid: str, cells: np.ndarray, grassroots: np.ndarray, target_at_merger: int,
                      n_term1: int, n_term2: int, as_of: date) -> dict:
    """Members of one predecessor unit: a calibrated pool of earlier members plus the admissions."""
    merger = _d(config.MERGED_ON)
    # Admissions of both terms first: their counts are fixed.
    adm1 = np.sort(g.dates(TERM1.starts_on, TERM1.ends_on, n_term1))
    adm2 = np.sort(g.dates(TERM2.starts_on, as_of, n_term2)) if n_term2 else np.array([], "datetime64[D]")
    admitted_new = np.concatenate([adm1, adm2])
    age_new = np.clip(np.round(g.rng.normal(28, 4, admitted_new.size)), 19, 42).astype(int)
    birth_new = admitted_new.astype("datetime64[Y]").astype(int) + 1970 - age_new
    # Earlier members: draw a generous pool, then keep just enough for the target on 01/7/2025.
    pool = int(target_at_merger * 1.35) + 50
    age2020 = np.clip(np.round(g.rng.normal(42, 8.5, pool)), 24, 59).astype(int)
    birth_old = 2020 - age2020
    # Admitted in 2019 at the latest (a day in the admission year), so no date piles up at the term start.
    adm_age = np.minimum(age2020 - 1, np.clip(np.round(g.rng.normal(29, 5, pool)), 20, 45)).astype(int)
    admitted_old = _year_start(birth_old + adm_age) + g.times(pool)
    birth = np.concatenate([birth_old, birth_new])
    admitted = np.concatenate([admitted_old, admitted_new])
    n = birth.size
    # Leaving: retirement at 60-61, otherwise a small yearly hazard.
    retire = _year_start(birth + 60) + g.rng.integers(0, 540, n).astype("timedelta64[D]")
    start = np.maximum(admitted, _d(TERM1.starts_on))
    other = start + np.round(g.rng.exponential(365.25 / 0.012, n)).astype("timedelta64[D]")
    left = np.minimum(retire, other)
    reason = np.where(retire <= other, RETIRE_REASON, g.pick(LEAVE_REASONS, LEAVE_REASON_P, n))
    gone = left <= _d(as_of)
    left = np.where(gone, left, np.datetime64("NaT"))
    reason = np.where(gone, reason, None)
    left_before_term = gone & (left < _d(TERM1.starts_on))
    active_at_merger = (admitted < merger) & ~(gone & (left <= merger))
    # Keep the first k pool members such that the active count on 01/7/2025 hits the target.
    new_active = int(active_at_merger[pool:].sum())
    need = target_at_merger - new_active
    csum = np.cumsum(active_at_merger[:pool] & ~left_before_term[:pool])
    k = int(np.searchsorted(csum, need) + 1)
    if k > pool or csum[k - 1] != need:
        raise RuntimeError("demo pool too small for the membership target")
    keep = np.concatenate([np.arange(k)[~left_before_term[:k]], np.arange(pool, n)])
    m = keep.size
    official = admitted[keep] + np.timedelta64(365, "D") + g.rng.integers(0, 45, m).astype("timedelta64[D]")
    # Members admitted before 2020 became official long ago; probation of newer ones may still run.
    ci = g.rng.integers(0, cells.size, m)
    is_new = keep >= pool
    youth = np.where(is_new, g.rng.random(m) < np.where(age_new[np.clip(keep - pool, 0, None)] <= 30, 0.82, 0.1), False)
    return {
        "predecessor_id": np.full(m, pid, dtype=object),
        "cell_id": cells[ci], "grassroots_id": grassroots[ci],
        "gender": np.where(g.rng.random(m) < FEMALE_SHARE[pid], "Nữ", "Nam").astype(object),
        "birth_year": birth[keep].astype("int16"),
        "ethnicity": g.pick(ETHNICITIES, ETHNICITY_P[pid], m),
        "religion": g.pick(RELIGIONS, RELIGION_P[pid], m),
        "education": g.pick(EDUCATION, EDUCATION_P, m),
        "theory_level": np.where(is_new, g.pick(THEORY, THEORY_P_NEW, m), g.pick(THEORY, THEORY_P_BASE, m)),
        "admitted_on": admitted[keep], "official_on": official,
        "left_on": left[keep], "left_reason": reason[keep],
        "youth_union_at_admission": youth,
    }


def _members(g: Gen, st: Structure, scale: float, as_of: date) -> pd.DataFrame:
    parts = []
    for pid in config.PREDECESSOR_IDS:
        c = st.cells[st.cells.predecessor_id == pid]
        parts.append(_members_for_pred(
            g, pid, c.unit_id.to_numpy(object), c.grassroots_id.to_numpy(object), st.members_at_merger[pid],
            round(ADMISSIONS_TERM1[pid] * scale), round(ADMISSIONS_TERM2[pid] * scale), as_of))
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    df = pd.DataFrame(cols)
    df.insert(0, "member_no", np.arange(1, len(df) + 1, dtype="int32"))
    df.insert(1, "member_id", "DEMO-" + pd.Series(df["member_no"]).astype(str).str.zfill(8))
    for c in ("admitted_on", "official_on", "left_on"):
        df[c] = df[c].astype("datetime64[s]")
    return df


def _pick_subjects(g: Gen, members: pd.DataFrame, pid: str, decided: np.ndarray, need_official: np.ndarray,
                   taken: set) -> np.ndarray:
    """For each case, a member of `pid` active on its date (official where required), not yet used."""
    pool = members.index[members.predecessor_id.to_numpy() == pid].to_numpy()
    adm = members.admitted_on.to_numpy("datetime64[D]")
    off = members.official_on.to_numpy("datetime64[D]")
    left = members.left_on.to_numpy("datetime64[D]")
    out = np.full(decided.size, -1)
    todo = np.arange(decided.size)
    for _ in range(200):
        if todo.size == 0:
            return out
        cand = pool[g.rng.integers(0, pool.size, todo.size)]
        d = decided[todo]
        ok = (adm[cand] < d) & (np.isnat(left[cand]) | (left[cand] > d))
        ok &= ~need_official[todo] | (off[cand] <= d)
        ok &= ~np.isin(cand, np.fromiter(taken, dtype=np.int64, count=len(taken)))
        # one case per member within a batch
        _, first = np.unique(cand, return_index=True)
        uniq = np.zeros(cand.size, bool)
        uniq[first] = True
        ok &= uniq
        out[todo[ok]] = cand[ok]
        taken.update(cand[ok].tolist())
        todo = todo[~ok]
    raise RuntimeError("could not find eligible members for discipline cases")


def _discipline(g: Gen, members: pd.DataFrame, scale: float) -> pd.DataFrame:
    specs = []  # (pid, form, dates)
    for pid, forms in DISCIPLINE_TERM1.items():
        for form, n in forms.items():
            specs.append((pid, form, g.dates(TERM1.starts_on, TERM1.ends_on, round(n * scale)), TERM1.id))
    for pid, form, when in DISCIPLINE_TERM2:
        k = max(1, round(scale))
        specs.append((pid, form, np.full(k, _d(when)) + g.rng.integers(0, 20, k).astype("timedelta64[D]"), TERM2.id))
    taken: set = set()
    frames = []
    for pid, form, when, term in specs:
        need_off = np.full(when.size, form == "Khai trừ") | (g.rng.random(when.size) < 0.85)
        idx = _pick_subjects(g, members, pid, when, need_off, taken)
        sub = members.loc[idx]
        status = np.where(sub.official_on.to_numpy("datetime64[D]") <= when, "Chính thức", "Dự bị")
        bodies, bp = DECIDING_BODY[form]
        frames.append(pd.DataFrame({
            "member_no": sub.member_no.to_numpy(), "member_id": sub.member_id.to_numpy(),
            "cell_id": sub.cell_id.to_numpy(), "predecessor_id": pid, "grassroots_id": sub.grassroots_id.to_numpy(),
            "member_status": status, "form": form,
            "violation": g.pick(VIOLATIONS, VIOLATION_P, when.size),
            "decided_on": when.astype("datetime64[s]"),
            "deciding_body": g.pick(bodies, bp, when.size), "term_id": term,
        }))
    df = pd.concat(frames, ignore_index=True).sort_values("decided_on", kind="stable").reset_index(drop=True)
    df.insert(0, "case_id", [f"DEMO-KL-{i + 1:06d}" for i in range(len(df))])
    df.insert(1, "subject_type", "Đảng viên")
    df["is_demo"] = True
    return df


def _expel(members: pd.DataFrame, cases: pd.DataFrame) -> None:
    """An expelled member leaves the party on the day of the decision."""
    ex = cases[cases.form == "Khai trừ"]
    idx = members.index[members.member_no.isin(ex.member_no)]
    when = ex.set_index("member_no").decided_on
    members.loc[idx, "left_on"] = members.loc[idx, "member_no"].map(when).to_numpy()
    members.loc[idx, "left_reason"] = EXPELLED_REASON


def _status(members: pd.DataFrame, as_of: date) -> np.ndarray:
    t = np.datetime64(as_of, "s")
    left = members.left_on.to_numpy()
    out = np.where(members.official_on.to_numpy() <= t, "Chính thức", "Dự bị").astype(object)
    out[~np.isnat(left) & (left <= t)] = "Đã ra khỏi Đảng bộ"
    return out


def _member_ratings(g: Gen, members: pd.DataFrame, cases: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Yearly rating of every member who was in the committee through the year's rating in December."""
    adm = members.admitted_on.to_numpy("datetime64[D]")
    left = members.left_on.to_numpy("datetime64[D]")
    pred = members.predecessor_id.to_numpy()
    frames = []
    for year in range(TERM1.starts_on.year, last_year + 1):
        dec1, end = np.datetime64(f"{year}-12-01"), np.datetime64(f"{year}-12-31")
        mask = (adm < dec1) & (np.isnat(left) | (left > end))
        idx = np.flatnonzero(mask)
        rating = np.empty(idx.size, dtype=object)
        for pid in config.PREDECESSOR_IDS:
            sel = pred[idx] == pid
            rating[sel] = g.pick(config.RATINGS, RATING_P[pid], int(sel.sum()))
        # A member disciplined during the year is rated "Không hoàn thành nhiệm vụ".
        hit = cases.loc[cases.decided_on.dt.year == year, "member_no"].to_numpy()
        rating[np.isin(members.member_no.to_numpy()[idx], hit)] = config.RATINGS[3]
        frames.append(pd.DataFrame({
            "member_no": members.member_no.to_numpy()[idx], "year": np.int16(year),
            "predecessor_id": pred[idx], "grassroots_id": members.grassroots_id.to_numpy()[idx],
            "rating": rating,
        }))
    df = pd.concat(frames, ignore_index=True)
    df["is_demo"] = True
    return df


def _org_ratings(g: Gen, st: Structure, last_year: int) -> pd.DataFrame:
    """Cells every year; grassroots organisations from the merger year on (they did not exist before)."""
    frames = []
    cells = st.cells
    for year in range(TERM1.starts_on.year, last_year + 1):
        frames.append(pd.DataFrame({
            "unit_id": cells.unit_id, "level": "cell", "year": np.int16(year),
            "predecessor_id": cells.predecessor_id, "grassroots_id": cells.grassroots_id,
            "rating": g.pick(config.RATINGS, ORG_RATING_P, len(cells)),
        }))
    gr = st.org_units[st.org_units.level == "grassroots"]
    for year in range(config.MERGED_ON.year, last_year + 1):
        frames.append(pd.DataFrame({
            "unit_id": gr.unit_id.to_numpy(), "level": "grassroots", "year": np.int16(year),
            "predecessor_id": None, "grassroots_id": gr.unit_id.to_numpy(),
            "rating": g.pick(config.RATINGS, (0.25, 0.67, 0.08, 0.0), len(gr)),
        }))
    df = pd.concat(frames, ignore_index=True)
    df["is_demo"] = True
    return df


def _candidates(g: Gen, members: pd.DataFrame, st: Structure, scale: float, as_of: date) -> pd.DataFrame:
    """Every member admitted since 2020-07 came through the pipeline; some candidates stopped; some are open."""
    new = members[members.admitted_on >= pd.Timestamp(TERM1.starts_on)]
    adm = new.admitted_on.to_numpy("datetime64[D]")
    ident = adm - g.rng.integers(200, 540, len(new)).astype("timedelta64[D]")
    frames = [pd.DataFrame({
        "predecessor_id": new.predecessor_id.to_numpy(), "cell_id": new.cell_id.to_numpy(),
        "grassroots_id": new.grassroots_id.to_numpy(), "gender": new.gender.to_numpy(),
        "birth_year": new.birth_year.to_numpy(), "ethnicity": new.ethnicity.to_numpy(),
        "religion": new.religion.to_numpy(), "youth_union": new.youth_union_at_admission.to_numpy(),
        "identified_on": ident, "class_completed_on": ident + g.rng.integers(30, 150, len(new)).astype("timedelta64[D]"),
        "stage": STAGE_ADMITTED, "stage_on": adm, "admitted_member_id": new.member_id.to_numpy(),
    })]
    for pid in config.PREDECESSOR_IDS:
        c = st.cells[st.cells.predecessor_id == pid]
        n_drop = max(1, round(len(new[new.predecessor_id == pid]) * 0.2))
        n_open = round(OPEN_CANDIDATES[pid] * scale)
        for kind, n in (("drop", n_drop), ("open", n_open)):
            ci = g.rng.integers(0, len(c), n)
            if kind == "drop":
                ident = g.dates(TERM1.starts_on, as_of - timedelta(days=200), n)
                stage = np.full(n, STAGE_DROPPED, dtype=object)
                stage_on = ident + g.rng.integers(60, 200, n).astype("timedelta64[D]")
                cls = np.where(g.rng.random(n) < 0.5, ident + np.timedelta64(45, "D"), np.datetime64("NaT"))
            else:
                ident = g.dates(as_of - timedelta(days=420), as_of - timedelta(days=10), n)
                stage = g.pick(CANDIDATE_STAGES, CANDIDATE_STAGE_P, n)
                cls = np.where(stage != CANDIDATE_STAGES[0], ident + np.timedelta64(40, "D"), np.datetime64("NaT"))
                cls = np.minimum(cls, _d(as_of))
                stage_on = np.where(np.isnat(cls), ident, cls)
            age = np.clip(np.round(g.rng.normal(27, 4, n)), 19, 40).astype(int)
            frames.append(pd.DataFrame({
                "predecessor_id": pid, "cell_id": c.unit_id.to_numpy()[ci], "grassroots_id": c.grassroots_id.to_numpy()[ci],
                "gender": np.where(g.rng.random(n) < FEMALE_SHARE[pid], "Nữ", "Nam"),
                "birth_year": (as_of.year - age).astype("int16"),
                "ethnicity": g.pick(ETHNICITIES, ETHNICITY_P[pid], n), "religion": g.pick(RELIGIONS, RELIGION_P[pid], n),
                "youth_union": g.rng.random(n) < 0.8, "identified_on": ident, "class_completed_on": cls,
                "stage": stage, "stage_on": stage_on, "admitted_member_id": None,
            }))
    df = pd.concat(frames, ignore_index=True)
    for c in ("identified_on", "class_completed_on", "stage_on"):
        df[c] = df[c].astype("datetime64[s]")
    df = df.sort_values(["identified_on"], kind="stable").reset_index(drop=True)
    df.insert(0, "candidate_id", "DEMO-QC-" + pd.Series(np.arange(1, len(df) + 1)).astype(str).str.zfill(7))
    df["is_demo"] = True
    return df


def _letters(g: Gen, st: Structure, scale: float, as_of: date) -> pd.DataFrame:
    rows = []
    specs = [(TERM1, s, round(s[5] * scale)) for s in LETTERS_TERM1]
    specs += [(TERM2, s, max(1, round(s[5] * scale))) for s in LETTERS_TERM2]
    for term, (pid, handling, group, anon, imp, _), n in specs:
        grs = st.cells[st.cells.predecessor_id == pid].grassroots_id.unique()
        end = min(term.ends_on, as_of)
        for when in np.sort(g.dates(term.starts_on, end, n)):
            rows.append({"predecessor_id": pid, "grassroots_id": grs[g.rng.integers(0, grs.size)],
                         "received_on": when, "kind": "Tố cáo" if g.rng.random() < 0.6 else "Phản ánh",
                         "is_anonymous": anon, "is_impersonated": imp, "handling": handling,
                         "handling_group": group, "term_id": term.id})
    df = pd.DataFrame(rows)
    # Outcomes of the examined letters: in 2020-2025, 01 discipline and 08 lessons drawn (section I.2.5),
    # per scale unit; the one discipline outcome is given to a Hậu Giang letter (demo choice).
    df["outcome"] = None
    ex = df.handling_group == G_EXAMINED
    df.loc[ex, "outcome"] = "Kiểm điểm rút kinh nghiệm"
    hg1 = df.index[ex & (df.predecessor_id == "HG") & (df.term_id == TERM1.id)]
    df.loc[hg1[: max(1, round(scale))], "outcome"] = "Kỷ luật"
    df["received_on"] = df["received_on"].astype("datetime64[s]")
    df = df.sort_values("received_on", kind="stable").reset_index(drop=True)
    df.insert(0, "letter_id", [f"DEMO-DT-{i + 1:06d}" for i in range(len(df))])
    df["is_demo"] = True
    return df


def _inspections(g: Gen, st: Structure, as_of: date) -> pd.DataFrame:
    gr = st.org_units[st.org_units.level == "grassroots"].unit_id.to_numpy()
    rows = []
    used: dict = {}
    for year, body, kind, n, month in INSPECTIONS:
        if date(year, month, 1) > as_of:
            continue
        free = np.setdiff1d(gr, used.setdefault((year, body), []))
        for unit in g.rng.choice(free, size=n, replace=False):
            used[(year, body)].append(unit)
            rows.append({"year": np.int16(year), "body": body, "kind": kind, "grassroots_id": unit,
                         "started_on": np.datetime64(date(year, month, int(g.rng.integers(1, 28)))),
                         "topic": "Thực hiện nghị quyết, quy chế làm việc và trách nhiệm nêu gương" if kind == "Kiểm tra"
                         else "Lãnh đạo học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"})
    df = pd.DataFrame(rows)
    df["started_on"] = df["started_on"].astype("datetime64[s]")
    df.insert(0, "inspection_id", [f"DEMO-KT-{i + 1:04d}" for i in range(len(df))])
    df["is_demo"] = True
    return df


def reported_values(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    """Demo values of the 2025-2030 targets that are reported rather than computed from records."""
    from .seed import values_frame
    df = pd.read_csv(src / "demo_reported.csv", dtype={"value_text": "string"})
    rows = [{
        "indicator_id": r.indicator_id, "period": str(r.period), "value": r.value if pd.notna(r.value) else None,
        "value_qualifier": None, "value_text": r.value_text if pd.notna(r.value_text) else None,
        "published_pct": None, "result_text": None, "assessment_published": None, "assessment_norm": None,
        "qualitative_met": bool(r.qualitative_met) if pd.notna(r.qualitative_met) else None, "flags": "",
        "source_kind": "reported", "doc_id": None, "source": "Số liệu báo cáo mẫu (demo)", "is_demo": True,
    } for r in df.itertuples()]
    return values_frame(rows)


def generate(scale: float = 1.0, seed: int = DEFAULT_SEED, as_of: date = DEFAULT_AS_OF) -> dict[str, pd.DataFrame]:
    """All demo tables. `scale` multiplies members and every published count (1 = the real committee's size)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    g = Gen(seed)
    st = build_structure(load_structure(), scale)
    members = _members(g, st, scale, as_of)
    cases = _discipline(g, members, scale)
    _expel(members, cases)
    members["status"] = _status(members, as_of)
    # A record holds what has happened by its as-of date: a probationary member has no official date yet
    # (the import checks refuse a future one), and no one leaves before being admitted (a few expulsions
    # drawn at large scales fell before a member's admission; they leave the day after it instead).
    members.loc[members.official_on > pd.Timestamp(as_of), "official_on"] = pd.NaT
    early = members.left_on.notna() & (members.left_on <= members.admitted_on)
    members.loc[early, "left_on"] = members.loc[early, "admitted_on"] + pd.Timedelta(days=1)
    members["is_demo"] = True
    last_rated = as_of.year if as_of >= date(as_of.year, 12, 31) else as_of.year - 1
    return {
        "org_units": st.org_units,
        "members": members,
        "candidates": _candidates(g, members, st, scale, as_of),
        "member_ratings": _member_ratings(g, members, cases, last_rated),
        "org_ratings": _org_ratings(g, st, last_rated),
        "discipline_cases": cases,
        "letters": _letters(g, st, scale, as_of),
        "inspections": _inspections(g, st, as_of),
    }
