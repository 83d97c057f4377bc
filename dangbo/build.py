"""Build a snapshot from the reviewed sources and the demo generator, and publish it.

    python -m dangbo.build                      # seed figures + demo records at scale 1, published
    python -m dangbo.build --scale 2285.7 --data-dir /tmp/national --label quocgia
    python -m dangbo.build --if-missing         # only when nothing is published yet (run script)
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from . import config, store
from .sources import aggregates, demo, programme, seed

DEMO_TABLES = {"org_units", "members", "candidates", "member_ratings", "member_ratings_by_org", "org_ratings",
               "discipline_cases", "letters", "inspections", "programme_items", "target_quotas",
               "programme_demo_reports"}


def _sources_digest(src: Path) -> dict:
    return {str(p.relative_to(src)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(src.rglob("*")) if p.is_file()}


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=config.ROOT, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def build(scale: float = 1.0, seed_value: int = demo.DEFAULT_SEED, as_of: date = demo.DEFAULT_AS_OF,
          root: Path | None = None, label: str = "", publish: bool = True,
          with_demo: bool = True) -> tuple[store.Snapshot, dict]:
    """A snapshot of the published figures and the demo records (`with_demo=False`: the record tables
    are empty, with their columns, ready for imports; the org structure stays, as the published facts
    and the demo names of the organisations below the People's Council party committee)."""
    t0 = time.perf_counter()
    tables = seed.published_tables()
    records = demo.generate(scale=scale, seed=seed_value, as_of=as_of)
    if not with_demo:
        records = {name: (df if name == "org_units" else df.head(0)) for name, df in records.items()}
    tables.update(records)
    tables.update(programme.tables(as_of, with_demo))
    demo_values = demo.reported_values() if with_demo else demo.reported_values().head(0)
    tables["indicator_values"] = seed.values_frame(
        tables["indicator_values"].to_dict("records") + demo_values.to_dict("records"))
    tables.update(aggregates.derive(tables))
    t_gen = time.perf_counter() - t0
    snap = store.write_snapshot(
        tables, as_of=as_of.isoformat(), demo_tables=DEMO_TABLES if with_demo else {"org_units"}, root=root,
        label=label,
        made_from={"sources": _sources_digest(config.SOURCES_DIR), "generator": "dangbo.sources.demo",
                   "demo_records": with_demo,
                   "scale": scale, "seed": seed_value, "code_commit": _git_commit()})
    t_write = time.perf_counter() - t0 - t_gen
    if publish:
        store.publish(snap.id, root=root)
    size = sum(e["bytes"] for e in snap.tables.values())
    stats = {"snapshot": snap.id, "members": snap.tables["members"]["rows"],
             "rows": sum(e["rows"] for e in snap.tables.values()), "bytes": size,
             "generate_s": round(t_gen, 2), "write_s": round(t_write, 2),
             "total_s": round(time.perf_counter() - t0, 2)}
    return snap, stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="members multiplier (1 = about 2.450 members)")
    ap.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    ap.add_argument("--as-of", type=date.fromisoformat, default=demo.DEFAULT_AS_OF)
    ap.add_argument("--data-dir", type=Path, default=None, help="default: data/ (or $DANGBO_DATA_DIR)")
    ap.add_argument("--label", default="")
    ap.add_argument("--no-publish", action="store_true")
    ap.add_argument("--no-demo", action="store_true", help="record tables empty, ready for real imports")
    ap.add_argument("--if-missing", action="store_true", help="do nothing when a valid snapshot is published")
    a = ap.parse_args(argv)
    if a.if_missing:
        try:
            snap = store.verify(store.open_snapshot(root=a.data_dir))
            print(f"Đã có bản dữ liệu được công bố: {snap.id}")
            return 0
        except store.SnapshotError as e:
            print(f"{e} Tạo bản dữ liệu mới...")
    snap, stats = build(a.scale, a.seed, a.as_of, a.data_dir, a.label, not a.no_publish, with_demo=not a.no_demo)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    print(("Đã công bố: " if not a.no_publish else "Đã ghi (chưa công bố): ") + snap.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
