"""Publishing a checked import: the rows of the file replace, table by table, the slice of the
published snapshot the file covers (nothing else changes), in a new immutable snapshot whose
manifest records where it came from; then the pointer is switched. One import at a time.

Coverage (docs/import.md): a sheet covers the grassroots organisations of its rows (members and
candidates through their cell, cases and member ratings through the member, organisation ratings
through the unit, letters and inspections by their organisation code) and, for dated records, the
years from its earliest to its latest row; reported target values cover the (target, year) pairs
they list. Importing members of an organisation also removes that organisation's demo rows that point
at its demo members (their ratings, their discipline cases): they would point at nobody.

The work is DuckDB SQL over the Parquet files with a memory limit (spilling to disk), so a national
member list (millions of rows, checked in chunks into a Parquet file) merges in bounded memory. Rows
are written in key order: the same file on the same base gives the same bytes, hence the same id.
"""
from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from .. import config, fmt, store
from ..sources import aggregates, seed
from ..store import dates
from .spec import SHEET_BY_KIND, SHEETS, Sheet

IMPORT_LOCK = ".import.lock"
MEMORY_LIMIT = os.environ.get("DANGBO_IMPORT_MEMORY", "1GB")   # DuckDB's own limit; it spills beyond


class ImportBusy(Exception):
    """Another import is under way; the message is Vietnamese."""


@dataclass(frozen=True)
class Result:
    snapshot_id: str
    base_id: str
    coverage: dict[str, list[str]]       # table -> grassroots organisations (or targets) replaced
    rows: dict[str, int]                 # table -> rows imported
    unchanged: bool                      # the same content was already published
    years: dict[str, list[int]] = field(default_factory=dict)   # table -> [first, last] year replaced

    def lines(self) -> list[str]:
        """What was replaced, one Vietnamese line a table."""
        words = {s.table: s.title for s in SHEETS}
        out = []
        for table, keys in self.coverage.items():
            span = self.years.get(table)
            when = f", năm {span[0]}" + (f"-{span[1]}" if span[1] != span[0] else "") if span else ""
            out.append(f"{words.get(table, table)}: thay dữ liệu của {', '.join(keys)}{when} "
                       f"({self.rows[table]} dòng)")
        return out


def _arrow_type(kind: str) -> pa.DataType:
    return {"date": pa.date32(), "year": pa.int32(), "bool": pa.bool_(), "number": pa.float64()}.get(kind, pa.string())


def arrow_schema(sheet: Sheet) -> pa.Schema:
    """The parsed values of a sheet as Arrow columns (what the checks produce, what the merge reads)."""
    return pa.schema([(c.code, _arrow_type(c.kind)) for c in sheet.columns])


def to_arrow(sheet: Sheet, df: pd.DataFrame) -> pa.Table:
    frame = df[[c.code for c in sheet.columns]].copy()
    frame.attrs = {}
    return pa.Table.from_pandas(frame, schema=arrow_schema(sheet), preserve_index=False)


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


def stage(frames: dict, *, file_name: str, sha256: str, by: str, as_of: date, root=None) -> Result:
    """Write the snapshot an import would publish (immutable, not published yet), for a preview.
    `frames`: sheet kind -> checked DataFrame, or the Parquet file a chunked check wrote; `as_of`: the
    day its records are true to (checked against it), which its organisations' data then stands at."""
    return _locked(_stage, Path(root or config.data_dir()), frames=frames, file_name=file_name, sha256=sha256, by=by,
                   as_of=as_of)


def publish(frames: dict, *, file_name: str, sha256: str, by: str, as_of: date, root=None) -> Result:
    """Apply checked frames (dangbo.ingest.validate.check) to the published snapshot and publish."""
    return _locked(_publish, Path(root or config.data_dir()), frames=frames, file_name=file_name, sha256=sha256,
                   by=by, as_of=as_of)


def publish_staged(result: Result, *, by: str, file_name: str, root=None) -> None:
    """Publish a staged import, unless the published snapshot moved on since it was staged."""
    root = root or config.data_dir()

    def go(root):
        if store.published_id(root) != result.base_id:
            raise ImportBusy("Dữ liệu đã được công bố lại sau khi xem trước; hãy kiểm tra và xem trước lại tệp.")
        store.publish(result.snapshot_id, root=root, by=by, reason=f"nhập tệp {file_name}")
    _locked(go, root)


def _publish(frames, *, file_name, sha256, by, as_of, root) -> Result:
    result = _stage(frames, file_name=file_name, sha256=sha256, by=by, as_of=as_of, root=root)
    if not result.unchanged:
        store.publish(result.snapshot_id, root=root, by=by, reason=f"nhập tệp {file_name}")
    return result


def _term_sql(column: str) -> str:
    whens = " ".join(f"when cast({column} as date) between date '{t.starts_on}' and date '{t.ends_on}' "
                     f"then '{t.id}'" for t in config.TERMS)
    return f"case {whens} else '{config.CURRENT_TERM.id}' end"


def _handling_sql() -> str:
    pairs = ", ".join(f"('{h}', '{g}')" for h, g in config.LETTER_HANDLING.items())
    return f"(select * from (values {pairs}) v(handling, handling_group))"


# Each sheet's rows in its table's shape (`n` = the sheet's parsed rows). `cur_*` name the tables as
# they stand after the sheets before (members first), `base_*` the published ones.
SHAPES = {
    "dang_vien": """
        with numbered as (
            select n.*, k.member_no as known_no,
                   row_number() over (partition by k.member_no is null order by n.member_id) as rn
            from n left join base_members k using (member_id))
        select coalesce(known_no, (select coalesce(max(member_no), 0) from base_members) + rn) as member_no,
               n.member_id, c.predecessor_id, n.cell_id, c.grassroots_id, n.gender, n.birth_year, n.ethnicity,
               n.religion, n.education, n.theory_level, n.admitted_on, n.official_on, n.left_on, n.left_reason,
               n.youth_union_at_admission,
               case when n.left_on <= $as_of then 'Đã ra khỏi Đảng bộ'
                    when n.official_on <= $as_of then 'Chính thức' else 'Dự bị' end as status,
               false as is_demo
        from numbered n join base_org_units c on c.unit_id = n.cell_id and c.level = 'cell'""",
    "ky_luat": f"""
        select n.case_id, 'Đảng viên' as subject_type, m.member_no, n.member_id, m.cell_id, m.predecessor_id,
               m.grassroots_id, n.member_status, n.form, n.violation, n.decided_on, n.deciding_body,
               {_term_sql('n.decided_on')} as term_id, false as is_demo
        from n join cur_members m using (member_id)""",
    "don_thu": f"""
        with main_unit as (
            select grassroots_id, predecessor_id from (
                select grassroots_id, predecessor_id, count(*) as cells from base_org_units
                where level = 'cell' group by all)
            qualify row_number() over (partition by grassroots_id order by cells desc, predecessor_id) = 1),
        groups as (
            select * from {_handling_sql()}
            union select distinct handling, handling_group from base_letters where handling is not null)
        select n.letter_id, u.predecessor_id, n.grassroots_id, n.received_on, n.kind, n.is_anonymous,
               n.is_impersonated, n.handling,
               (select min(g.handling_group) from groups g where g.handling = n.handling) as handling_group,
               {_term_sql('n.received_on')} as term_id, n.outcome, false as is_demo
        from n left join main_unit u using (grassroots_id)""",
    "quan_chung": """
        select n.candidate_id, c.predecessor_id, n.cell_id, c.grassroots_id, n.gender, n.birth_year, n.ethnicity,
               n.religion, n.youth_union, n.identified_on, n.class_completed_on, n.stage, n.stage_on,
               n.admitted_member_id, false as is_demo
        from n join base_org_units c on c.unit_id = n.cell_id and c.level = 'cell'""",
    "xep_loai_dv": """
        select m.member_no, n.year, m.predecessor_id, m.grassroots_id, n.rating, false as is_demo
        from n join cur_members m using (member_id)""",
    "xep_loai_tc": """
        select n.unit_id, u.level, n.year, case when u.level = 'cell' then u.predecessor_id end as predecessor_id,
               case when u.level = 'cell' then u.grassroots_id else u.unit_id end as grassroots_id, n.rating,
               false as is_demo
        from n join base_org_units u on u.unit_id = n.unit_id and u.level in ('cell', 'grassroots')""",
    "kiem_tra": """
        select n.inspection_id, year(n.started_on) as year, n.body, n.kind, n.grassroots_id, n.started_on, n.topic,
               false as is_demo
        from n""",
    "chuong_trinh": """
        select n.item_id, n.parent_id, n.title, n.lead_id,
               array_to_string(list_sort(list_distinct(list_filter(
                   list_transform(string_split(replace(coalesce(n.support_ids, ''), ';', ','), ','),
                                  lambda x: upper(trim(x))), lambda x: x <> ''))), ', ') as support_ids,
               n.starts_on, n.due_on,
               case n.recurrence when 'Hằng quý' then 'quarterly' when 'Hằng năm' then 'yearly' else 'once' end
                   as recurrence,
               n.product, n.indicator_id, false as is_demo
        from n""",
    "giao_chi_tieu": """
        select n.indicator_id, n.grassroots_id, n.year, n.quota, n.reason, false as is_demo
        from n""",
    "chi_tieu": """
        select n.indicator_id, cast(n.period as varchar) as period, n.value, null as value_qualifier, n.value_text,
               null as published_pct, null as result_text, null as assessment_published, null as assessment_norm,
               n.qualitative_met, '' as flags, 'reported' as source_kind, null as doc_id, n.source, false as is_demo
        from n""",
}
# The year of a table's row, for the period slice.
YEAR_OF = {"discipline_cases": "year(decided_on)", "letters": "year(received_on)", "member_ratings": "year",
           "org_ratings": "year", "inspections": "year(started_on)"}
# The order an import writes a table in: the record tables by organisation first, as a build stores them.
KEY_ORDER = {"letters": "letter_id", "member_ratings": "year, member_no", "org_ratings": "year, unit_id",
             "inspections": "inspection_id", "indicator_values": "indicator_id, period, source_kind",
             "programme_items": "item_id", "target_quotas": "indicator_id, grassroots_id, year",
             **{t: ", ".join(keys) for t, keys in store.STORED_ORDER.items()}}
ORDER = ("dang_vien", "quan_chung", "ky_luat", "xep_loai_dv", "xep_loai_tc", "don_thu", "kiem_tra", "chi_tieu",
         "chuong_trinh", "giao_chi_tieu")
# Tables that are not any organisation's records (their coverage names targets or the programme, and
# they move no organisation's date).
NOT_RECORDS = ("indicator_values", "programme_items", "target_quotas")
WHOLE_PROGRAMME = "cả chương trình"


def _stage(frames, *, file_name, sha256, by, as_of, root) -> Result:
    base = store.verify(store.open_snapshot(root=root))
    with store.scratch(root) as work:
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(work / "spill"),
                                     "preserve_insertion_order": True})
        try:
            return _merge(con, base, frames, work, file_name=file_name, sha256=sha256, by=by, as_of=as_of, root=root)
        finally:
            con.close()


def _merge(con, base, frames, work: Path, *, file_name, sha256, by, as_of: date, root) -> Result:
    # Tables and columns are handled through DuckDB's relation API (names of a validated manifest never
    # pass through SQL text); the SQL text here is only this module's constants (SHAPES, YEAR_OF,
    # KEY_ORDER, the keep conditions) with values bound ($as_of) or integers.
    for name in base.tables:
        con.read_parquet(str(base.file(name))).create_view(f"base_{name}")
        con.read_parquet(str(base.file(name))).create_view(f"cur_{name}")
    written: dict[str, Path] = {}
    coverage, counts, years = {}, {}, {}

    def write(table: str, rel) -> None:
        """The table's new content, in key order and the published column order and types."""
        out = work / f"{table}.parquet"
        tmp = work / f"{table}.next.parquet"
        rel.order(KEY_ORDER[table]).write_parquet(str(tmp), compression="zstd")
        os.replace(tmp, out)
        written[table] = out
        con.read_parquet(str(out)).create_view(f"cur_{table}", replace=True)

    def kept(table: str, condition: str):
        """The current rows of a table that the import leaves, in the published column order."""
        cur = con.view(f"cur_{table}")
        return cur.filter(condition).select(*[duckdb.ColumnExpression(c) for c in con.view(f"base_{table}").columns])

    for kind in [k for k in ORDER if k in frames]:
        sheet = SHEET_BY_KIND[kind]
        table, frame = sheet.table, frames[kind]
        if isinstance(frame, Path | str):
            con.read_parquet(str(frame)).create_view("n", replace=True)
        else:
            con.register("n_arrow", to_arrow(sheet, frame))
            con.execute("create or replace view n as select * from n_arrow")
        published = con.view(f"base_{table}")
        # The published column types (a column an empty store wrote as all-null keeps the new rows' type).
        shape = [duckdb.ColumnExpression(c) if str(t) == '"NULL"' else duckdb.ColumnExpression(c).cast(t).alias(c)
                 for c, t in zip(published.columns, published.types, strict=True)]
        con.execute("drop table if exists shaped")
        con.sql(SHAPES[kind], params={"as_of": as_of} if "$as_of" in SHAPES[kind] else None) \
            .select(*shape).create("shaped")
        shaped = con.table("shaped")
        counts[table] = shaped.aggregate("count(*)").fetchall()[0][0]
        if table == "indicator_values":
            keep = ("source_kind <> 'reported' or indicator_id || '|' || period not in "
                    "(select indicator_id || '|' || period from shaped)")
            coverage[table] = [i for (i,) in shaped.select("indicator_id").distinct().order("indicator_id").fetchall()]
        elif table == "programme_items":
            keep = "false"                    # the sheet is the whole programme: it replaces the one before
            coverage[table] = [WHOLE_PROGRAMME]
        elif table == "target_quotas":
            # the (target, organisation, year) quotas it lists; a real quota sheet ends the demo adjustments
            keep = ("not is_demo and indicator_id || '|' || grassroots_id || '|' || year not in "
                    "(select indicator_id || '|' || grassroots_id || '|' || year from shaped)")
            coverage[table] = [i for (i,) in shaped.select("indicator_id").distinct().order("indicator_id").fetchall()]
        else:
            coverage[table] = [o for (o,) in shaped.filter("grassroots_id is not null")
                               .select("grassroots_id").distinct().order("grassroots_id").fetchall()]
            keep = ("grassroots_id is null or grassroots_id not in "
                    "(select grassroots_id from shaped where grassroots_id is not null)")
            if table in YEAR_OF:
                y0, y1 = shaped.aggregate(f"min({YEAR_OF[table]}), max({YEAR_OF[table]})").fetchall()[0]
                if y0 is not None:
                    years[table] = [int(y0), int(y1)]
                    keep += f" or {YEAR_OF[table]} not between {int(y0)} and {int(y1)}"
        if table == "members":
            # Demo rows of other tables that point at this organisation's demo members, now replaced.
            con.execute("create or replace temp table gone as select member_no from cur_members "
                        "where grassroots_id in (select grassroots_id from shaped) "
                        "and member_no not in (select member_no from shaped)")
        write(table, kept(table, keep).union(shaped))
        if table == "members" and con.execute("select count(*) from gone").fetchall()[0][0]:
            for dep in ("member_ratings", "discipline_cases"):
                write(dep, kept(dep, "not (is_demo and member_no in (select member_no from gone))"))
        if not isinstance(frame, Path | str):
            con.unregister("n_arrow")
    tables = {name: written.get(name, base.file(name)) for name in base.tables}
    # A published table added after the base snapshot was built comes from the reviewed sources, as a
    # build would write it (the same list the query layer reads for an older snapshot).
    for name, make in seed.PUBLISHED_LATER.items():
        if name not in tables:
            tables[name] = work / f"{name}.parquet"
            con.from_df(make()).write_parquet(str(tables[name]), compression="zstd")
    if any(set(sources) & set(written) or name not in tables for name, (sources, _) in aggregates.AGGREGATES.items()):
        # the pre-aggregates follow the records they come from
        for name, df in aggregates.derive(tables).items():
            out = work / f"{name}.parquet"
            con.from_df(df).write_parquet(str(out), compression="zstd")
            tables[name] = out
    at = datetime.now(UTC).isoformat(timespec="seconds")
    made_from = {"base": base.id, "import": {
        "file": file_name, "sha256": sha256, "by": by, "at": at, "as_of": as_of.isoformat(), "coverage": coverage,
        "rows": counts, **({"years": years} if years else {})}}
    # Organisations' dates: the tables of records it replaced (reported target values belong to no
    # organisation, and keep their years instead).
    by_org = {t: orgs for t, orgs in coverage.items() if t not in NOT_RECORDS}
    records_as_of = dates.after_import(base.manifest, by_org, as_of,
                                       {"file": fmt.clip(file_name, 300), "sha256": sha256, "by": by, "at": at})
    snap = store.write_snapshot(tables, as_of=base.as_of, made_from=made_from, demo_tables=set(), root=root,
                                label="nhap", records_as_of=records_as_of)
    return Result(snap.id, base.id, coverage, counts, snap.id == base.id, years)
