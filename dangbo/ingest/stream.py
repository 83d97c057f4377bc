"""Checking a national-size file in chunks: one kind of record as CSV (UTF-8, with or without BOM,
or UTF-16) or Parquet, millions of rows. Each chunk goes through the same cleaning, parsing and
pandera checks as a workbook (`validate`); keys unique across chunks and the members other records
name are checked by DuckDB over the parsed rows, which are written to one Parquet file that the
merge (`publish`) reads. Memory is bounded by the chunk, not by the file.

Rows are numbered as in a spreadsheet (the header is row 1); in a Parquet file row N is record N-1.
"""
from __future__ import annotations

import codecs
import csv
import functools
import operator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa_schema
import pyarrow as pa
import pyarrow.parquet as pq

from .. import store
from . import validate
from .publish import arrow_schema
from .reader import FileRefused, Problem, clean_frame, sheet_for
from .spec import Catalog, Sheet

CHUNK = 100_000
MAX_PROBLEMS = 1000          # listed in full; beyond that only counted


@dataclass
class Checked:
    sheet: Sheet
    parsed: Path             # the parsed rows (with their row numbers), for the merge
    rows: int
    problems: list[Problem]
    more: int                # problems found beyond MAX_PROBLEMS
    sha256: str

    @property
    def frames(self) -> dict:
        return {} if self.problems else {self.sheet.kind: self.parsed}


def _csv_chunks(path: Path):
    """The sheet, its headers, then (raw cells by position, row numbers, problems) a chunk at a time."""
    with open(path, "rb") as f:
        head = f.read(4)
    if not head:
        raise FileRefused("Tệp rỗng (0 byte).")
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        with open(path, newline="", encoding=encoding) as f:
            headers = [h.strip() for h in next(csv.reader(f), [])]
        sheet = sheet_for(headers)
        yield sheet, headers
        first = 2
        for raw in pd.read_csv(path, header=None, skiprows=1, dtype=str, keep_default_na=False, chunksize=CHUNK,
                               encoding=encoding, skip_blank_lines=False):
            if any(raw[j].str.contains("\x00", regex=False).any() for j in raw.columns):
                raise FileRefused(f"Tệp có ký tự nhị phân (trong dòng {first} đến {first + len(raw) - 1}): "
                                  "không phải tệp CSV.")
            numbers = np.arange(first, first + len(raw))
            first += len(raw)
            yield clean_frame(sheet.title, headers, raw, numbers)
    except UnicodeDecodeError:
        raise FileRefused("Tệp CSV không phải UTF-8 (hãy lưu dạng “CSV UTF-8”).") from None
    except pd.errors.ParserError as e:
        raise FileRefused(f"Tệp CSV hỏng: {str(e)[:200]}") from None


def _parquet_chunks(path: Path):
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise FileRefused(f"Tệp Parquet bị hỏng, không mở được ({type(e).__name__}).") from None
    names = pf.schema_arrow.names
    coded = _by_code(names)
    sheet = coded or sheet_for(names)
    headers = [sheet.col(n).header for n in names] if coded else names
    yield sheet, headers
    first = 2
    for batch in pf.iter_batches(batch_size=CHUNK):
        raw = batch.to_pandas()
        raw.columns = range(len(raw.columns))
        numbers = np.arange(first, first + len(raw))
        first += len(raw)
        yield raw, numbers, []


def _by_code(names: list[str]) -> Sheet | None:
    """A Parquet file may name its columns by code (member_id, ...) instead of the Vietnamese headers."""
    from .spec import SHEETS
    return next((s for s in SHEETS if set(names) == {c.code for c in s.columns}), None)


def check_file(path: Path, cat: Catalog, work: Path, as_of: date | None = None) -> Checked:
    """Every problem of a large file whose records are true as of `as_of` (default: today), and its
    parsed rows in `work`/parsed.parquet."""
    as_of = as_of or date.today()
    path = Path(path)
    with open(path, "rb") as f:
        magic = f.read(4)
    chunks = _parquet_chunks(path) if magic == b"PAR1" else _csv_chunks(path)
    sheet, headers = next(chunks)
    schema = validate._schema(sheet, cat, as_of)
    out = work / "parsed.parquet"
    arrow = arrow_schema(sheet).append(pa.field(validate._ROW, pa.int64()))
    problems: list[Problem] = []
    more = rows = 0

    def add(found):
        nonlocal more
        room = MAX_PROBLEMS - len(problems)
        problems.extend(found[:max(room, 0)])
        more += max(len(found) - max(room, 0), 0)

    with pq.ParquetWriter(out, arrow, compression="zstd") as writer:
        for raw, numbers, found in chunks:
            add(found)
            df, found = validate.frame_of(sheet, headers, raw, numbers)
            add(found)
            if df.empty:
                continue
            try:
                schema.validate(df, lazy=True)
            except pa_schema.errors.SchemaErrors as e:
                add(validate._problems(sheet, df, e))
            rows += len(df)
            frame = df[[*[c.code for c in sheet.columns], validate._ROW]].copy()
            frame.attrs = {}
            writer.write_table(pa.Table.from_pandas(frame, schema=arrow, preserve_index=False))
    add(_across_chunks(sheet, out, cat))
    if rows == 0 and not problems:
        problems.append(Problem(sheet.title, 2, "", "", "tệp không có dòng dữ liệu nào"))
    problems = sorted(dict.fromkeys(problems), key=lambda p: (p.row or 0, p.column))
    return Checked(sheet, out, rows, problems, more, store.file_sha256(path))


def _across_chunks(sheet: Sheet, parsed: Path, cat: Catalog) -> list[Problem]:
    """Keys repeated anywhere in the file, and members named that the snapshot does not have. Columns
    are named through DuckDB's relation API, never through SQL text."""
    col = duckdb.ColumnExpression
    con = duckdb.connect()
    out = []
    try:
        rows = con.read_parquet(str(parsed)).set_alias("parsed")
        last = sheet.col(sheet.key[-1])
        # As the chunk checks say it: a single key marks every repeated row, a key of several columns
        # every row after the first.
        keyed = rows.filter(functools.reduce(operator.and_, (col(k).isnotnull() for k in sheet.key)))
        counts = keyed.aggregate([*(col(k) for k in sheet.key), duckdb.FunctionExpression("count", duckdb.StarExpression())
                                  .alias("n"), duckdb.FunctionExpression("min", col("_row")).alias("first_row")])
        joined = keyed.join(counts.set_alias("counts"), list(sheet.key))
        repeated = col("n") > 1 if len(sheet.key) == 1 else col("_row") > col("first_row")
        dup = joined.filter(repeated).sort(col("_row")).select(
            col("_row"), col(last.code).cast(duckdb.sqltype("VARCHAR"))).limit(MAX_PROBLEMS).fetchall()
        words = validate.duplicate_words(sheet)
        out += [Problem(sheet.title, int(r), last.header, v or "", words) for r, v in dup]
        for kind, column in validate.REFERENCES:
            if kind != sheet.kind:
                continue
            named = {m for (m,) in rows.filter(col(column).isnotnull()).select(col(column)).distinct().fetchall()}
            missing = named - cat.known_members(named)
            if missing:
                found = rows.filter(col(column).isin(*(duckdb.ConstantExpression(m) for m in sorted(missing)))) \
                    .sort(col("_row")).select(col("_row"), col(column)).limit(MAX_PROBLEMS).fetchall()
                out += [Problem(sheet.title, int(r), sheet.col(column).header, m,
                                "không có trong dữ liệu đã công bố") for r, m in found]
    finally:
        con.close()
    return out
