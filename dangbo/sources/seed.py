"""The published figures: read the reviewed source files in data/sources/ into snapshot tables.

Nothing here computes or corrects a figure; it only reshapes what the documents print.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import yaml

from .. import config
from ..vocab import normalize_assessment


def _read_yaml(path: Path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def documents(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    rows = _read_yaml(src / "documents.yaml")
    for r in rows:
        digest = hashlib.sha256((src / r["file"]).read_bytes()).hexdigest()
        if digest != r["sha256"]:
            raise ValueError(f"Tài liệu nguồn {r['file']} đã bị thay đổi (sha256 không khớp).")
    return pd.DataFrame(rows, columns=["doc_id", "title", "issuer", "issued", "file", "sha256"])


def terms() -> pd.DataFrame:
    return pd.DataFrame(
        [(t.id, t.label, t.starts_on, t.ends_on) for t in config.TERMS],
        columns=["term_id", "label", "starts_on", "ends_on"],
    )


INDICATOR_COLUMNS = [
    "indicator_id", "item_id", "part", "doc_id", "source", "owner", "term_id", "stt", "wording",
    "label", "comparator", "threshold", "threshold_rating", "unit", "periodicity", "measure", "n_parts",
]
VALUE_COLUMNS = [
    "indicator_id", "period", "value", "value_qualifier", "value_text", "published_pct",
    "result_text", "assessment_published", "assessment_norm", "qualitative_met", "flags",
    "source_kind", "doc_id", "source", "is_demo",
]


def indicators(src: Path = config.SOURCES_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Targets (one row a measurable part) and their published results (2020-2025 annexes)."""
    items = _read_yaml(src / "indicators.yaml")["items"]
    inds, vals = [], []
    for it in items:
        for p in it["parts"]:
            ind_id = it["item_id"] + (p["part"] or "")
            inds.append({
                "indicator_id": ind_id, "item_id": it["item_id"], "part": p["part"] or "",
                "doc_id": it["doc_id"], "source": it["source"], "owner": it["owner"],
                "term_id": it["term"], "stt": it["stt"], "wording": it["wording"],
                "label": p["label"], "comparator": p["comparator"], "threshold": p.get("threshold"),
                "threshold_rating": p.get("threshold_rating"), "unit": p.get("unit"),
                "periodicity": p["periodicity"], "measure": p.get("measure", "published"),
                "n_parts": len(it["parts"]),
            })
            if "result_text" not in it:
                continue  # a 2025-2030 target: its values come from records or reports
            vals.append({
                "indicator_id": ind_id, "period": it["term"], "value": p.get("value"),
                "value_qualifier": p.get("value_qualifier"), "value_text": p.get("value_text"),
                "published_pct": p.get("published_pct"), "result_text": it["result_text"],
                "assessment_published": it["assessment"] or None,
                "assessment_norm": normalize_assessment(it["assessment"]),
                "qualitative_met": p.get("qualitative_met"),
                "flags": ",".join(p.get("flags") or []),
                "source_kind": "published", "doc_id": it["doc_id"], "source": it["source"],
                "is_demo": False,
            })
    ind = pd.DataFrame(inds, columns=INDICATOR_COLUMNS)
    ind["threshold"] = ind["threshold"].astype("float64")
    if not ind["indicator_id"].is_unique:
        raise ValueError("Mã chỉ tiêu bị trùng trong indicators.yaml")
    return ind, values_frame(vals)


def values_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    for c in ("value", "published_pct"):
        df[c] = df[c].astype("float64")
    df["qualitative_met"] = df["qualitative_met"].astype("boolean")
    df["is_demo"] = df["is_demo"].astype(bool)
    return df


def published_figures(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    df = pd.read_csv(src / "figures.csv", dtype={"category": "string", "qualifier": "string", "note": "string"})
    df["value"] = df["value"].astype("float64")
    return df


def exemplary_models(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    df = pd.read_csv(src / "annex4_models.csv")
    for c in ("figure_1", "figure_2"):
        df[c] = df[c].astype("float64")
    df.insert(0, "doc_id", "BCCT")
    df["source"] = "Phụ lục 4, STT " + df["stt"].astype(str)
    return df


RESOLUTION_COLUMNS = ["item_id", "doc_id", "owner", "kind", "ord", "section", "label", "grp", "title", "text",
                      "source"]
RESOLUTION_KINDS = ("nhiem_vu", "dot_pha", "giai_phap")


def resolution_items(src: Path = config.SOURCES_DIR) -> pd.DataFrame:
    """The congress's tasks, breakthroughs and solutions (and HĐND's), as published (resolution.yaml)."""
    items = _read_yaml(src / "resolution.yaml")["items"]
    rows = [{"item_id": it["id"], "doc_id": it["doc_id"], "owner": it["owner"], "kind": it["kind"],
             "ord": int(it["order"]), "section": it["section"], "label": it["label"], "grp": it.get("group") or "",
             "title": it["title"], "text": it["text"],
             "source": ("Báo cáo chính trị" if it["doc_id"] == "BCCT" else "Nghị quyết Đảng bộ HĐND thành phố")
             + f", {it['section']}"} for it in items]
    df = pd.DataFrame(rows, columns=RESOLUTION_COLUMNS)
    if not df.item_id.is_unique or not df.kind.isin(RESOLUTION_KINDS).all():
        raise ValueError("resolution.yaml: mã trùng hoặc loại không hợp lệ (nhiem_vu, dot_pha, giai_phap).")
    return df


# Published tables added after snapshots already existed: a snapshot built before one of them reads it
# from the reviewed sources (dangbo.query.runner), and its next import writes it (dangbo.ingest.publish).
# The action programme's tables came later too: an older snapshot gets the demo programme (labelled demo),
# which the office's programme sheet replaces.
def _programme(name: str):
    def make() -> pd.DataFrame:
        from . import demo, programme
        return programme.tables(demo.DEFAULT_AS_OF)[name]
    return make


PUBLISHED_LATER = {"resolution_items": resolution_items,
                   **{name: _programme(name) for name in ("programme_items", "target_quotas", "programme_demo_reports")}}


def published_tables(src: Path = config.SOURCES_DIR) -> dict[str, pd.DataFrame]:
    ind, vals = indicators(src)
    return {
        "documents": documents(src),
        "terms": terms(),
        "indicators": ind,
        "indicator_values": vals,
        "published_figures": published_figures(src),
        "exemplary_models": exemplary_models(src),
        "resolution_items": resolution_items(src),
    }
