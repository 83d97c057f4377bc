"""Publishing a checked import: the rows of the file replace, table by table, the rows of the
grassroots organisations the file covers (nothing else changes), in a new immutable snapshot whose
manifest records where it came from; then the pointer is switched. One import at a time.

Coverage: a sheet covers the organisations of its rows (members through their cell, discipline
cases through the member, letters by their organisation code). Importing members of an
organisation also removes that organisation's demo rows that point at its demo members (their
ratings, their discipline cases): they would point at nobody. The same file on the same base gives
the same content, hence the same snapshot id.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import config, store

IMPORT_LOCK = ".import.lock"


class ImportBusy(Exception):
    """Another import is under way; the message is Vietnamese."""


@dataclass(frozen=True)
class Result:
    snapshot_id: str
    base_id: str
    coverage: dict[str, list[str]]       # table -> grassroots organisations replaced
    rows: dict[str, int]                 # table -> rows imported
    unchanged: bool                      # the same content was already published


def _term(d) -> str:
    d = pd.Timestamp(d).date()
    return next((t.id for t in config.TERMS if t.starts_on <= d <= t.ends_on), config.CURRENT_TERM.id)


def _members(df: pd.DataFrame, base: pd.DataFrame, cells: pd.DataFrame, as_of: date) -> pd.DataFrame:
    known = dict(zip(base.member_id, base.member_no, strict=True))
    next_no = int(base.member_no.max()) + 1 if len(base) else 1
    nos = []
    for mid in df.member_id:
        if mid in known:
            nos.append(known[mid])
        else:
            nos.append(next_no)
            known[mid] = next_no
            next_no += 1
    cell = cells.set_index("unit_id")
    ts = pd.Timestamp(as_of)
    out = pd.DataFrame({
        "member_no": nos, "member_id": df.member_id,
        "predecessor_id": df.cell_id.map(cell.predecessor_id), "cell_id": df.cell_id,
        "grassroots_id": df.cell_id.map(cell.grassroots_id), "gender": df.gender, "birth_year": df.birth_year,
        "ethnicity": df.ethnicity, "religion": df.religion, "education": df.education,
        "theory_level": df.theory_level, "admitted_on": pd.to_datetime(df.admitted_on),
        "official_on": pd.to_datetime(df.official_on), "left_on": pd.to_datetime(df.left_on),
        "left_reason": df.left_reason, "youth_union_at_admission": df.youth_union_at_admission.astype(bool),
    })
    out["status"] = ["Đã ra khỏi Đảng bộ" if pd.notna(lo) and lo <= ts else
                     ("Chính thức" if pd.notna(oo) and oo <= ts else "Dự bị")
                     for lo, oo in zip(out.left_on, out.official_on, strict=True)]
    out["is_demo"] = False
    return out


def _cases(df: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    m = members.drop_duplicates("member_id").set_index("member_id")
    return pd.DataFrame({
        "case_id": df.case_id, "subject_type": "Đảng viên", "member_no": df.member_id.map(m.member_no),
        "member_id": df.member_id, "cell_id": df.member_id.map(m.cell_id),
        "predecessor_id": df.member_id.map(m.predecessor_id), "grassroots_id": df.member_id.map(m.grassroots_id),
        "member_status": df.member_status, "form": df.form, "violation": df.violation,
        "decided_on": pd.to_datetime(df.decided_on), "deciding_body": df.deciding_body,
        "term_id": df.decided_on.map(_term), "is_demo": False})


def _letters(df: pd.DataFrame, base: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    # A letter concerns an organisation; its predecessor unit is the one most of the organisation's cells have.
    main_unit = cells.groupby("grassroots_id").predecessor_id.agg(lambda s: s.value_counts().idxmax())
    groups = dict(config.LETTER_HANDLING) | dict(zip(base.handling, base.handling_group, strict=True))
    return pd.DataFrame({
        "letter_id": df.letter_id, "predecessor_id": df.grassroots_id.map(main_unit),
        "grassroots_id": df.grassroots_id, "received_on": pd.to_datetime(df.received_on), "kind": df.kind,
        "is_anonymous": df.is_anonymous.astype(bool), "is_impersonated": df.is_impersonated.astype(bool),
        "handling": df.handling, "handling_group": df.handling.map(groups),
        "term_id": df.received_on.map(_term), "outcome": df.outcome, "is_demo": False})


def _replace(base: pd.DataFrame, new: pd.DataFrame, orgs: set[str]) -> pd.DataFrame:
    kept = base[~base.grassroots_id.isin(orgs)]
    return pd.concat([kept, new], ignore_index=True)


def _locked(fn, root, **kw):
    lock = os.open(os.path.join(root, IMPORT_LOCK), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy("Đang có một lần nhập dữ liệu khác; hãy thử lại khi lần đó xong.") from None
        return fn(root=root, **kw)
    finally:
        os.close(lock)


def stage(frames: dict[str, pd.DataFrame], *, file_name: str, data: bytes, by: str, root=None) -> Result:
    """Write the snapshot an import would publish (immutable, not published yet), for a preview."""
    return _locked(_stage, root or config.data_dir(), frames=frames, file_name=file_name, data=data, by=by)


def publish(frames: dict[str, pd.DataFrame], *, file_name: str, data: bytes, by: str, root=None) -> Result:
    """Apply checked frames (dangbo.ingest.validate.check) to the published snapshot and publish."""
    return _locked(_publish, root or config.data_dir(), frames=frames, file_name=file_name, data=data, by=by)


def publish_staged(result: Result, *, by: str, file_name: str, root=None) -> None:
    """Publish a staged import, unless the published snapshot moved on since it was staged."""
    root = root or config.data_dir()

    def go(root):
        if store.published_id(root) != result.base_id:
            raise ImportBusy("Dữ liệu đã được công bố lại sau khi xem trước; hãy kiểm tra và xem trước lại tệp.")
        store.publish(result.snapshot_id, root=root, by=by, reason=f"nhập tệp {file_name}")
    _locked(go, root)


def _publish(frames, *, file_name, data, by, root) -> Result:
    result = _stage(frames, file_name=file_name, data=data, by=by, root=root)
    if not result.unchanged:
        store.publish(result.snapshot_id, root=root, by=by, reason=f"nhập tệp {file_name}")
    return result


def _stage(frames, *, file_name, data, by, root) -> Result:
    base = store.verify(store.open_snapshot(root=root))
    read = {name: pq.read_table(base.file(name)) for name in base.tables}
    tables = {name: t.to_pandas() for name, t in read.items()
              if name in ("members", "discipline_cases", "letters", "member_ratings", "org_units")}
    cells = tables["org_units"][tables["org_units"].level == "cell"]
    coverage, counts = {}, {}
    members = tables["members"]
    if "dang_vien" in frames:
        new = _members(frames["dang_vien"], members, cells, date.fromisoformat(base.as_of))
        orgs = set(new.grassroots_id)
        gone = set(members[members.grassroots_id.isin(orgs)].member_no) - set(new.member_no)
        members = _replace(members, new, orgs)
        tables["members"] = members
        for name in ("member_ratings", "discipline_cases"):
            t = tables[name]
            tables[name] = t[~(t.member_no.isin(gone) & t.is_demo)]
        coverage["members"], counts["members"] = sorted(orgs), len(new)
    if "ky_luat" in frames:
        new = _cases(frames["ky_luat"], members)
        orgs = set(new.grassroots_id.dropna())
        tables["discipline_cases"] = _replace(tables["discipline_cases"], new, orgs)
        coverage["discipline_cases"], counts["discipline_cases"] = sorted(orgs), len(new)
    if "don_thu" in frames:
        new = _letters(frames["don_thu"], tables["letters"], cells)
        orgs = set(new.grassroots_id)
        tables["letters"] = _replace(tables["letters"], new, orgs)
        coverage["letters"], counts["letters"] = sorted(orgs), len(new)
    out = dict(read)
    for name in ("members", "discipline_cases", "letters", "member_ratings"):
        df = tables[name].reset_index(drop=True)
        out[name] = pa.Table.from_pandas(df, schema=read[name].schema, preserve_index=False)
    demo = {name for name, t in out.items() if "is_demo" in t.column_names and
            pc.any(t.column("is_demo")).as_py()}
    made_from = {"base": base.id, "import": {
        "file": file_name, "sha256": hashlib.sha256(data).hexdigest(), "by": by,
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "coverage": coverage, "rows": counts}}
    snap = store.write_snapshot(out, as_of=base.as_of, made_from=made_from, demo_tables=demo, root=root,
                                label="nhap")
    return Result(snap.id, base.id, coverage, counts, snap.id == base.id)
