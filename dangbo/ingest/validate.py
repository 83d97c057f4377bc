"""Checking an import whole before anything changes. Each cell is parsed by its column's kind
(dates as dd/mm/yyyy, ISO or Excel serial numbers); then pandera (lazy, so every failure is
collected with its row and column) checks codes, required values, uniqueness, ranges and the rules
between columns (the Party Charter's, the order of dates, age at admission); references between
sheets last. Every problem says sheet, row, column, the value and what is expected, in Vietnamese."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .. import config
from .reader import Problem, Table, read
from .spec import SHEET_BY_KIND, SHEET_BY_TITLE, Catalog, Col, Sheet

EXCEL_EPOCH = date(1899, 12, 30)
_ROW = "_row"


def parse_date(v) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool):
        if 1 <= v <= 80_000:
            return EXCEL_EPOCH + timedelta(days=int(v))
        raise ValueError
    text = str(v).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


class AsOfRefused(ValueError):
    """The date an import's records are said to be true to cannot be; the message is Vietnamese."""


def import_as_of(value=None, today: date | None = None) -> date:
    """The day an import's records are true to (số liệu đến ngày): `value` (a date, or dd/mm/yyyy or
    yyyy-mm-dd) or, when none is given, today. Not after today, not before the 2020-2025 term."""
    today = today or date.today()
    if value is None or value == "":
        return today
    try:
        day = parse_date(value)
    except ValueError:
        raise AsOfRefused(f"Ngày số liệu {value!r} không đọc được; viết dạng dd/mm/yyyy, ví dụ "
                          f"{today:%d/%m/%Y}.") from None
    if day > today:
        raise AsOfRefused(f"Ngày số liệu {day:%d/%m/%Y} ở sau hôm nay ({today:%d/%m/%Y}): hồ sơ chỉ có thể đúng "
                          "đến hôm nay.")
    if day < config.PREVIOUS_TERM.starts_on:
        raise AsOfRefused(f"Ngày số liệu {day:%d/%m/%Y} ở trước nhiệm kỳ 2020 - 2025 "
                          f"({config.PREVIOUS_TERM.starts_on:%d/%m/%Y}).")
    return day


def parse_number(v) -> float:
    """A number as a person types it: 98,5 or 98.5 or 98,5%; 1.234,5 (dots group thousands when a comma is there)."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        f = float(v)
    else:
        text = str(v).strip().removesuffix("%").strip().replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        f = float(text)
    if not math.isfinite(f):
        raise ValueError
    return f


def parse_year(v) -> int:
    f = float(str(v).strip())
    if not f.is_integer():
        raise ValueError
    return int(f)


# Each kind read from a cell, and what a cell that cannot be read should be.
_PARSERS = {"date": (parse_date, "một ngày dạng dd/mm/yyyy"), "year": (parse_year, "một năm (4 chữ số)"),
            "number": (parse_number, "một số (dấu phẩy thập phân, ví dụ 98,5)")}


@lru_cache(maxsize=1 << 16)
def _parse(col: Col, v):
    """The cell as its kind, or raise ValueError with what is expected. Cached: a national list repeats
    its dates, years and codes millions of times."""
    if col.kind in _PARSERS:
        parse, expected = _PARSERS[col.kind]
        try:
            return parse(v)
        except (ValueError, OverflowError):
            raise ValueError(expected) from None
    if col.kind == "bool":
        if isinstance(v, bool | np.bool_):      # a Parquet file's own booleans
            return bool(v)
        text = str(v).strip()
        if text not in ("Có", "Không"):
            raise ValueError("“Có” hoặc “Không”")
        return text == "Có"
    return str(v).strip() if not isinstance(v, float) or not v.is_integer() else str(int(v))


def _frame(sheet: Sheet, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """A sheet's rows (as read from a workbook or CSV) as a frame of parsed values."""
    raw = pd.DataFrame([values for _, values in table.rows], dtype=object) if table.rows else pd.DataFrame()
    return frame_of(sheet, table.headers, raw, np.array([n for n, _ in table.rows], dtype=np.int64))


def _column(col: Col, s: pd.Series) -> tuple[np.ndarray, dict[int, str], np.ndarray]:
    """Parse a column value by distinct value (a national list repeats its dates and codes millions of
    times): the parsed values, what each unreadable value should be, and each cell's value code."""
    if col.kind in ("text", "code") and s.dropna().map(type).eq(str).all():   # a CSV's text: vectorised
        values = s.str.strip().where(lambda x: x.notna() & (x != ""), None).to_numpy(dtype=object)
        return values, {}, np.full(len(s), -1)
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    parsed, errors = [], {}
    for i, v in enumerate(uniq):
        if isinstance(v, str) and not v.strip():
            parsed.append(None)
            continue
        try:
            parsed.append(_parse(col, v))
        except ValueError as e:
            parsed.append(None)
            errors[i] = str(e)
    table = np.empty(len(parsed) + 1, dtype=object)
    table[:-1] = parsed
    table[-1] = None                       # code -1: an empty cell
    return table[codes], errors, codes


def frame_of(sheet: Sheet, headers: list[str], raw: pd.DataFrame, numbers: np.ndarray):
    """Parsed values of a sheet's cells (`raw`: columns by position), with a problem for every cell
    that cannot be read as its kind."""
    problems = []
    missing = [c.header for c in sheet.columns if c.header not in headers]
    extra = [h for h in headers if h and h not in {c.header for c in sheet.columns}]
    if missing or extra:
        problems.append(Problem(sheet.title, 1, ", ".join(missing + extra), "",
                                f"tiêu đề cột khác mẫu (thiếu: {', '.join(missing) or 'không'}; thừa: "
                                f"{', '.join(extra) or 'không'})"))
        return pd.DataFrame(), problems
    where = {h: i for i, h in enumerate(headers)}
    out, unreadable = {_ROW: numbers}, set()
    empty = pd.Series([None] * len(numbers), dtype=object)
    for c in sheet.columns:
        s = raw[where[c.header]] if where[c.header] in raw.columns else empty
        values, errors, codes = _column(c, s.reset_index(drop=True))
        for code, expected in errors.items():
            for i in np.flatnonzero(codes == code):
                problems.append(Problem(sheet.title, int(numbers[i]), c.header, str(s.iat[i])[:60], f"phải là {expected}"))
                unreadable.add((int(numbers[i]), c.code))
        out[c.code] = values
    df = pd.DataFrame(out, columns=[_ROW, *[c.code for c in sheet.columns]])
    df.attrs["unreadable"] = unreadable           # cells already reported: not "missing" as well
    return df, problems


def _schema(sheet: Sheet, cat: Catalog, as_of: date) -> pa.DataFrameSchema:
    """The checks of a sheet whose records are true as of `as_of` (no date or year after it)."""
    cols = {}
    for c in sheet.columns:
        checks = []
        choices = cat.choices(c) if c.kind == "code" else ()
        if choices:
            shown = ", ".join(choices[:8]) + (" …" if len(choices) > 8 else "")
            # A hash lookup held in the check's closure: a national catalogue has 230.000 cells, which
            # pandera's isin would convert to scalars (and deep-copy) on every chunk.
            allowed = pd.Index(list(choices), dtype=object)
            checks.append(pa.Check(lambda s, allowed=allowed: s.isna() | s.astype(object).isin(allowed),
                                   error=f"một giá trị trong danh mục ({shown})"))
        if c.kind == "year" and not c.future:
            checks.append(pa.Check.in_range(1900, as_of.year, error=f"một năm từ 1900 đến {as_of.year}"))
        if c.kind == "date" and not c.future:
            checks.append(pa.Check(lambda s: s.isna() | (s <= as_of), element_wise=False,
                                   error=f"một ngày không sau ngày số liệu {as_of:%d/%m/%Y}"))
        cols[c.code] = pa.Column(None, checks, nullable=not c.required, unique=(c.code,) == sheet.key,
                                 required=True)
    rules = list(RULES.get(sheet.kind, []))
    if len(sheet.key) > 1:
        rules.append(_unique_together(sheet))
    rules += [rule for make in CATALOG_RULES.get(sheet.kind, []) for rule in make(cat)]
    return pa.DataFrameSchema(cols, checks=rules, coerce=False)


RULE_COLUMN: dict[str, str] = {}      # a rule's words -> the column its failures are reported on


def _rule(fn, column: str, words: str) -> pa.Check:
    """A rule between columns (a dataframe-wide check): its failures are reported on `column`. The words
    name the rule, so two rules reported on different columns must not share them."""
    if RULE_COLUMN.setdefault(words, column) != column:
        raise ValueError(f"two rules on different columns share the words {words!r}")
    return pa.Check(lambda df: fn(df).fillna(True).astype(bool), error=words)


def _after(later, earlier) -> pd.Series:
    """True where `later` is after `earlier`, or either is missing (a missing date is its own problem)."""
    return later.isna() | earlier.isna() | (pd.to_datetime(later) > pd.to_datetime(earlier))


def _not_before(later, earlier) -> pd.Series:
    return later.isna() | earlier.isna() | (pd.to_datetime(later) >= pd.to_datetime(earlier))


def _years(a, b):
    return pd.to_datetime(a, errors="coerce").dt.year - b


def duplicate_words(sheet: Sheet) -> str:
    """What a repeated key is told (the same words from a chunk's check and from the whole file's)."""
    if len(sheet.key) == 1:
        return f"{sheet.col(sheet.key[0]).header} bị trùng: mỗi dòng một giá trị khác nhau"
    whose = " và ".join(sheet.col(k).header for k in sheet.key)
    return f"trùng {whose} với một dòng trên: mỗi {whose.lower()} một dòng"


def _unique_together(sheet: Sheet) -> pa.Check:
    return _rule(lambda df: ~df.duplicated(subset=list(sheet.key), keep="first") | df[list(sheet.key)].isna().any(axis=1),
                 sheet.key[-1], duplicate_words(sheet))


def _from_year(column: str, year: int, what: str) -> pa.Check:
    return _rule(lambda df: df[column].isna() | (pd.to_numeric(df[column]) >= year), column, f"{what} từ {year}")


FIRST_YEAR = config.PREVIOUS_TERM.starts_on.year
LATER_STAGES = (*config.CANDIDATE_OPEN_STAGES[1:], config.STAGE_ADMITTED)


RULES = {
    "dang_vien": [
        _rule(lambda df: _after(df.official_on, df.admitted_on), "official_on",
              "ngày chính thức phải sau ngày kết nạp (hết thời gian dự bị)"),
        _rule(lambda df: _after(df.left_on, df.admitted_on), "left_on",
              "ngày ra khỏi Đảng bộ phải sau ngày kết nạp"),
        _rule(lambda df: df.left_on.isna() | df.left_reason.notna(), "left_reason",
              "cần ghi lý do khi có ngày ra khỏi Đảng bộ"),
        _rule(lambda df: df.admitted_on.isna() | df.birth_year.isna() |
              (_years(df.admitted_on, pd.to_numeric(df.birth_year)) >= 18), "birth_year",
              "đảng viên phải đủ 18 tuổi khi kết nạp"),
    ],
    "ky_luat": [
        _rule(lambda df: (df.member_status != "Dự bị") | df.form.isin(config.DISCIPLINE_FORMS["du_bi"]), "form",
              "đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo (Điều lệ Đảng)"),
        _rule(lambda df: df.decided_on.isna() | (pd.to_datetime(df.decided_on) >=
                                                 pd.Timestamp(config.PREVIOUS_TERM.starts_on)),
              "decided_on", f"quyết định từ ngày {config.PREVIOUS_TERM.starts_on:%d/%m/%Y} trở đi"),
    ],
    "quan_chung": [
        _rule(lambda df: _not_before(df.class_completed_on, df.identified_on), "class_completed_on",
              "ngày học xong lớp không được trước ngày được giới thiệu"),
        _rule(lambda df: _not_before(df.stage_on, df.identified_on), "stage_on",
              "ngày đến giai đoạn không được trước ngày được giới thiệu"),
        _rule(lambda df: ~df.stage.isin(LATER_STAGES) | df.class_completed_on.notna(), "class_completed_on",
              "cần ghi ngày học xong lớp nhận thức về Đảng từ giai đoạn “Đã học lớp” trở đi"),
        _rule(lambda df: df.stage.isna() | ((df.stage == config.STAGE_ADMITTED) == df.admitted_member_id.notna()),
              "admitted_member_id", "ghi mã đảng viên khi và chỉ khi giai đoạn là “Đã kết nạp”"),
        _rule(lambda df: (df.stage != config.STAGE_ADMITTED) | df.stage_on.isna() | df.birth_year.isna() |
              (_years(df.stage_on, pd.to_numeric(df.birth_year)) >= 18), "birth_year",
              "quần chúng phải đủ 18 tuổi khi kết nạp"),
    ],
    "xep_loai_dv": [_from_year("year", FIRST_YEAR, "năm đánh giá")],
    "xep_loai_tc": [_from_year("year", FIRST_YEAR, "năm đánh giá")],
    "kiem_tra": [
        _rule(lambda df: df.started_on.isna() | (pd.to_datetime(df.started_on) >= pd.Timestamp(config.MERGED_ON)),
              "started_on", f"từ ngày {config.MERGED_ON:%d/%m/%Y} (Đảng bộ hợp nhất) trở đi"),
    ],
    "chuong_trinh": [
        _rule(lambda df: _not_before(df.due_on, df.starts_on), "due_on", "thời hạn không được trước ngày bắt đầu"),
        _rule(lambda df: df.starts_on.isna() | (pd.to_datetime(df.starts_on) >= pd.Timestamp(config.MERGED_ON)),
              "starts_on", f"công việc bắt đầu từ ngày {config.MERGED_ON:%d/%m/%Y} (Đảng bộ hợp nhất) trở đi"),
        _rule(lambda df: df.due_on.isna() | (pd.to_datetime(df.due_on) <= pd.Timestamp(config.CURRENT_TERM.ends_on)),
              "due_on", f"không sau ngày {config.CURRENT_TERM.ends_on:%d/%m/%Y} (hết {config.CURRENT_TERM.label.lower()}); "
                        "việc định kỳ cũng chỉ đến hết nhiệm kỳ"),
        _rule(lambda df: df.support_ids.isna() | df.lead_id.isna() |
              ~pd.Series([lead in _codes(sup) for lead, sup in zip(df.lead_id, df.support_ids, strict=True)],
                         index=df.index, dtype=bool),
              "support_ids", "đơn vị chủ trì không đồng thời là đơn vị phối hợp"),
    ],
    "giao_chi_tieu": [
        _rule(lambda df: df.year.isna() | pd.to_numeric(df.year).between(config.CURRENT_TERM.starts_on.year,
                                                                         config.CURRENT_TERM.ends_on.year),
              "year", f"năm giao chỉ tiêu: một năm của nhiệm kỳ {config.CURRENT_TERM.id}"),
        _rule(lambda df: df.quota.isna() | (pd.to_numeric(df.quota) >= 0), "quota", "chỉ tiêu giao: một số không âm"),
    ],
    "chi_tieu": [
        _rule(lambda df: df.period.isna() | pd.to_numeric(df.period).between(config.CURRENT_TERM.starts_on.year,
                                                                             config.CURRENT_TERM.ends_on.year),
              "period", f"một năm của nhiệm kỳ {config.CURRENT_TERM.id}"),
    ],
}


def _org_rating_year(cat: Catalog) -> list[pa.Check]:
    grassroots = list(cat.lists.get("grassroots", ()))
    return [_rule(lambda df: ~df.unit_id.isin(grassroots) | df.year.isna() |
                 (pd.to_numeric(df.year) >= config.MERGED_ON.year), "year",
                  f"tổ chức cơ sở đảng được xếp loại từ năm {config.MERGED_ON.year} (có từ khi hợp nhất)")]


def _indicator_rules(cat: Catalog) -> list[pa.Check]:
    """What a reported value must be, by its target's kind: a share within 0-100, a rating, or Có/Không."""
    kinds = cat.indicators or {}
    comp = lambda df: df.indicator_id.map(lambda i: kinds.get(i, (None, None))[0])  # noqa: E731
    unit = lambda df: df.indicator_id.map(lambda i: kinds.get(i, (None, None))[1])  # noqa: E731
    numeric = ("<", "<=", ">", ">=")
    return [
        _rule(lambda df: ~comp(df).isin(numeric) | df.value.notna(), "value", "cần ghi giá trị (số) cho chỉ tiêu này"),
        _rule(lambda df: (unit(df) != "%") | df.value.isna() | pd.to_numeric(df.value).between(0, 100), "value",
              "tỷ lệ phần trăm từ 0 đến 100"),
        _rule(lambda df: df.value.isna() | (pd.to_numeric(df.value) >= 0), "value", "một số không âm"),
        _rule(lambda df: (comp(df) != "rating_at_least") | df.value_text.notna(), "value_text",
              "chỉ tiêu xếp loại: cần ghi xếp loại"),
        _rule(lambda df: (comp(df) != "qualitative") | df.qualitative_met.notna(), "qualitative_met",
              "chỉ tiêu không định lượng: ghi “Có” hoặc “Không”"),
        _rule(lambda df: comp(df).isin(numeric) | comp(df).isna() | df.value.isna(), "value",
              "để trống: chỉ tiêu này không đo bằng số"),
    ]


def _codes(text) -> list[str]:
    """The unit codes of a list cell ("BAO, TCT"), as typed (upper case, no blanks)."""
    return [c.strip().upper() for c in str(text or "").replace(";", ",").split(",") if c.strip()]


def _support_units(cat: Catalog) -> list[pa.Check]:
    units = set(cat.lists.get("programme_units", ()))
    shown = ", ".join(sorted(units)[:8]) + (" …" if len(units) > 8 else "")
    return [_rule(lambda df: df.support_ids.isna() | df.support_ids.map(lambda t: set(_codes(t)) <= units),
                  "support_ids", f"các mã đơn vị trong danh mục, cách nhau bằng dấu phẩy ({shown})")]


def _quota_rules(cat: Catalog) -> list[pa.Check]:
    """A quota of a share target is a share (0-100), one of a count target a whole number."""
    kinds = cat.indicators_all or {}
    unit = lambda df: df.indicator_id.map(lambda i: kinds.get(i, (None, None))[1])  # noqa: E731
    return [
        _rule(lambda df: (unit(df) != "%") | df.quota.isna() | pd.to_numeric(df.quota).between(0, 100), "quota",
              "chỉ tiêu giao là tỷ lệ: phần trăm từ 0 đến 100"),
        _rule(lambda df: (unit(df) == "%") | unit(df).isna() | df.quota.isna() |
              (pd.to_numeric(df.quota) % 1 == 0), "quota", "chỉ tiêu giao là số đảng viên: một số nguyên"),
    ]


CATALOG_RULES = {"xep_loai_tc": [_org_rating_year], "chi_tieu": [_indicator_rules],
                 "chuong_trinh": [_support_units], "giao_chi_tieu": [_quota_rules]}


def _problems(sheet: Sheet, df: pd.DataFrame, err: pa.errors.SchemaErrors) -> list[Problem]:
    out = []
    fc = err.failure_cases
    for r in fc.itertuples():
        column = RULE_COLUMN.get(r.check) or (r.column if isinstance(r.column, str) else None)
        if column not in {c.code for c in sheet.columns}:
            continue
        col = sheet.col(column)
        idx = r.index
        row_no = int(df.loc[idx, _ROW]) if idx is not None and idx in df.index else None
        value = df.loc[idx, column] if row_no else r.failure_case
        if r.check == "not_nullable" and (row_no, column) in df.attrs.get("unreadable", ()):
            continue
        if r.check == "not_nullable":
            expected = "bắt buộc, không được để trống"
        elif r.check == "field_uniqueness":
            expected = duplicate_words(sheet)
        else:
            expected = r.check
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else \
            (value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value))
        out.append(Problem(sheet.title, row_no, col.header, text[:60], expected))
    return list(dict.fromkeys(out))


REFERENCES = (("ky_luat", "member_id"), ("xep_loai_dv", "member_id"), ("quan_chung", "admitted_member_id"))


def _references(frames: dict[str, pd.DataFrame], cat: Catalog) -> list[Problem]:
    """Members named by other sheets are in the file's Đảng viên sheet or in the published data."""
    out = []
    listed = set(frames["dang_vien"].member_id) if "dang_vien" in frames else set()
    named = {m for kind, column in REFERENCES if kind in frames for m in frames[kind][column] if isinstance(m, str)}
    known = listed | cat.known_members(named - listed)
    for kind, column in REFERENCES:
        if kind not in frames:
            continue
        sheet, df = SHEET_BY_KIND[kind], frames[kind]
        for row_no, member in zip(df[_ROW], df[column], strict=True):
            if isinstance(member, str) and member not in known:
                out.append(Problem(sheet.title, int(row_no), sheet.col(column).header, member,
                                   "không có trong sheet Đảng viên hay trong dữ liệu đã công bố"))
    return out


def check(data: bytes, name: str, cat: Catalog, as_of: date | None = None) -> tuple[dict, list[Problem]]:
    """Every problem of a file whose records are true as of `as_of` (default: today), and its tables
    (kind -> frame of parsed values) when there are none."""
    as_of = as_of or date.today()
    tables, problems = read(data, name)
    frames = {}
    for t in tables:
        sheet = SHEET_BY_TITLE[t.sheet]
        df, found = _frame(sheet, t)
        problems += found
        if df.empty:
            continue
        try:
            _schema(sheet, cat, as_of).validate(df, lazy=True)
        except pa.errors.SchemaErrors as e:
            problems += _problems(sheet, df, e)
        frames[sheet.kind] = df
    problems += _references(frames, cat)
    if not tables:
        problems.append(Problem("", None, "", "", "tệp không có sheet nào của mẫu"))
    elif not any(t.rows for t in tables) and not problems:
        problems.append(Problem(tables[0].sheet, 2, "", "", "tệp không có dòng dữ liệu nào"))
    problems.sort(key=lambda p: (p.sheet, p.row or 0, p.column))
    return ({} if problems else frames), problems
