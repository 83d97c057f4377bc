"""The snapshot manifest: its declared schema, its id, and the Vietnamese messages for what is wrong.

A manifest is read, never trusted: it is checked against `SCHEMA` (JSON Schema, validated by the
well-kept `jsonschema` library), then for what a schema cannot say (a real calendar date, an id
whose digest agrees with the checksums it lists). Every failure is one `SnapshotError` whose message
names the snapshot, the file and the key.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

import jsonschema

from .. import fmt
from .dates import RECORDS_AS_OF, newest

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
MAX_ID = 120                        # longest snapshot id accepted (a label is at most 40 characters)
DIGEST_LEN = 10
LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
ID = re.compile(rf"(\d{{4}}-\d{{2}}-\d{{2}})(?:-({LABEL.pattern}))?-([0-9a-f]{{{DIGEST_LEN}}})")
# A table's file: a plain name inside the snapshot folder (no separator, no "..", no hidden file).
FILE_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}\.parquet$"
TABLE_NAME = r"^[a-z][a-z0-9_]{0,62}$"


class SnapshotError(Exception):
    """A snapshot cannot be read as published; the message is Vietnamese and names the file and key."""


_COUNT = {"type": "integer", "minimum": 0}
_ORG_LIST = {"type": "array", "items": {"type": "string", "maxLength": 100}, "maxItems": 100000}
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ORG_TABLE_DATE = {                      # one organisation's table, as an import reported it (store.dates)
    "type": "object", "required": ["as_of"], "additionalProperties": False,
    "properties": {"as_of": _DAY, "file": {"type": "string", "maxLength": 300},
                   "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                   "by": {"type": "string", "maxLength": 100}, "at": {"type": "string", "maxLength": 40}},
}
SCHEMA = {
    "type": "object",
    "required": ["schema_version", "snapshot_id", "as_of", "created_at", "made_from", "tables"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "snapshot_id": {"type": "string", "maxLength": MAX_ID},
        "as_of": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "created_at": {"type": "string", "maxLength": 40},
        "made_from": {"type": "object"},
        "records_as_of": {
            "type": "object", "required": ["default", "orgs"], "additionalProperties": False,
            "properties": {
                "default": _DAY,
                "orgs": {"type": "object", "maxProperties": 100000,
                         "propertyNames": {"maxLength": 100},
                         "additionalProperties": {"type": "object", "propertyNames": {"pattern": TABLE_NAME},
                                                  "additionalProperties": _ORG_TABLE_DATE}},
            },
        },
        "tables": {
            "type": "object", "minProperties": 1,
            "propertyNames": {"pattern": TABLE_NAME},
            "additionalProperties": {
                "type": "object",
                "required": ["file", "rows", "bytes", "sha256", "demo", "columns"],
                "additionalProperties": False,
                "properties": {
                    "file": {"type": "string", "pattern": FILE_NAME},
                    "rows": _COUNT, "bytes": _COUNT,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "demo": {"type": "boolean"},
                    "demo_orgs": _ORG_LIST,
                    "demo_units": _ORG_LIST,      # the same list, as snapshots before 02/12/2026 name it
                    "columns": {"type": "array", "items": {"type": "string", "maxLength": 200}, "maxItems": 500},
                },
            },
        },
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

_PATTERN_WORDS = {"file": "một tên tệp .parquet đơn giản nằm trong thư mục bản dữ liệu",
                  "sha256": "một mã SHA-256 (64 ký tự 0-9, a-f)", "as_of": "một ngày dạng YYYY-MM-DD",
                  "default": "một ngày dạng YYYY-MM-DD"}
# What each kind of schema failure means, in words.
_EXPECTED = {
    "type": lambda e: {"integer": "một số nguyên", "string": "một chuỗi ký tự", "object": "một đối tượng JSON",
                       "boolean": "true hoặc false", "array": "một danh sách"}.get(str(e.validator_value),
                                                                                   str(e.validator_value)),
    "minimum": lambda e: f"một số không âm (từ {e.validator_value} trở lên)",
    "const": lambda e: f"đúng giá trị {e.validator_value!r}",
    "pattern": lambda e: _PATTERN_WORDS.get(e.path[-1] if e.path else "", "đúng dạng quy định"),
    "maxLength": lambda e: f"không quá {e.validator_value} ký tự",
    "minProperties": lambda _e: "ít nhất một bảng",
    "maxItems": lambda e: f"không quá {e.validator_value} phần tử",
    "maxProperties": lambda e: f"không quá {e.validator_value} khóa",
}


def _clip(value, limit: int = 60) -> str:
    return fmt.code(repr(value), limit)


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "(gốc)"


def schema_problem(snap_id: str, manifest) -> str | None:
    """The first way `manifest` breaks SCHEMA, in Vietnamese, or None."""
    err = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(manifest))
    if err is None:
        return None
    head = f"Tệp {MANIFEST} của bản dữ liệu '{snap_id}' không hợp lệ"
    if err.validator == "required":
        missing = [k for k in err.validator_value if isinstance(err.instance, dict) and k not in err.instance]
        return f"{head}: thiếu khóa '{missing[0] if missing else '?'}' ở {_where(err.absolute_path)}."
    if err.validator == "additionalProperties":
        return f"{head}: có khóa không được khai báo ở {_where(err.absolute_path)}."
    if err.validator == "propertyNames":
        return f"{head}: tên bảng {_clip(err.instance)} không hợp lệ."
    expected = _EXPECTED.get(err.validator, lambda _e: "giá trị đúng lược đồ")(err)
    return (f"{head}: khóa '{_where(err.absolute_path)}' phải là {expected} "
            f"(đang là {_clip(err.instance)}).")


def _check_dates(head: str, manifest: dict) -> None:
    """Every date per organisation a real day; the manifest's as_of the newest of them (store.dates)."""
    entry = manifest.get(RECORDS_AS_OF)
    if not entry:
        return
    days = [("records_as_of.default", entry["default"])] + [
        (f"records_as_of.orgs.{o}.{t}.as_of", v["as_of"]) for o, tables in entry["orgs"].items()
        for t, v in tables.items()]
    for where, value in days:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise SnapshotError(f"{head}: khóa {fmt.code(where, 200)} phải là một ngày có thật "
                                f"(đang là {_clip(value)}).") from None
    if newest(manifest).isoformat() != manifest["as_of"]:
        raise SnapshotError(f"{head}: khóa 'as_of' ({manifest['as_of']}) phải là ngày số liệu mới nhất của các tổ "
                            f"chức ({newest(manifest).isoformat()}).")


def digest(tables: dict, records_as_of: dict | None = None) -> str:
    """The content digest in a snapshot's id: SHA-256 over the files' checksums in table order and,
    when the manifest keeps dates per organisation, those dates (not who imported them or when: the
    same file with the same date gives the same id)."""
    text = "".join(tables[n]["sha256"] for n in sorted(tables))
    if records_as_of:
        text += "|" + records_as_of["default"] + "".join(
            f"|{o}.{t}={v['as_of']}" for o in sorted(records_as_of["orgs"])
            for t, v in sorted(records_as_of["orgs"][o].items()))
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_LEN]


def make_id(as_of: str, label: str, tables: dict, records_as_of: dict | None = None) -> str:
    if label and not LABEL.fullmatch(label):
        raise ValueError(f"Nhãn bản dữ liệu {label!r} chỉ gồm chữ thường không dấu, số và '-', tối đa 40 ký tự.")
    return f"{as_of}{('-' + label) if label else ''}-{digest(tables, records_as_of)}"


def check_id(snap_id: str) -> None:
    """A snapshot id as found in the pointer or a folder name: short, of the form the writer makes."""
    if len(snap_id) > MAX_ID or not ID.fullmatch(snap_id):
        raise SnapshotError(f"Mã bản dữ liệu {_clip(snap_id)} không hợp lệ (dạng đúng: ngày-nhãn-mã kiểm tra, "
                            f"ví dụ 2026-11-20-45acda4b7a).")


def validate(snap_id: str, manifest) -> dict:
    """Check a parsed manifest whole; return it, or raise SnapshotError saying what and where."""
    problem = schema_problem(snap_id, manifest)
    if problem:
        raise SnapshotError(problem)
    head = f"Tệp {MANIFEST} của bản dữ liệu '{snap_id}' không hợp lệ"
    try:
        date.fromisoformat(manifest["as_of"])
    except ValueError:
        raise SnapshotError(f"{head}: khóa 'as_of' phải là một ngày có thật (đang là {_clip(manifest['as_of'])}).") \
            from None
    _check_dates(head, manifest)
    if manifest["snapshot_id"] != snap_id:
        raise SnapshotError(f"{head}: khóa 'snapshot_id' ghi {_clip(manifest['snapshot_id'])}, "
                            f"khác tên thư mục '{snap_id}'.")
    as_of, _label, given = ID.fullmatch(snap_id).groups()
    if as_of != manifest["as_of"]:
        raise SnapshotError(f"{head}: ngày trong mã bản dữ liệu ({as_of}) khác khóa 'as_of' ({manifest['as_of']}).")
    computed = digest(manifest["tables"], manifest.get("records_as_of"))
    if computed != given:
        raise SnapshotError(f"Bản dữ liệu '{snap_id}' bị sửa đổi: mã kiểm tra trong tên ({given}) không khớp "
                            f"mã tính lại từ các tệp và ngày số liệu ghi trong {MANIFEST} ({computed}).")
    files = [e["file"] for e in manifest["tables"].values()]
    if len(set(files)) != len(files):
        raise SnapshotError(f"{head}: hai bảng cùng trỏ tới một tệp.")
    return manifest
