"""The snapshot store: immutable Parquet snapshots with a validated manifest, and the pointer that
names the published one. `manifest` holds the schema and the id rules; `snapshots` the files."""
from .manifest import SCHEMA_VERSION, SnapshotError
from .snapshots import (
                        POINTER,
                        SNAPSHOTS,
                        STORED_ORDER,
                        Snapshot,
                        file_sha256,
                        history,
                        open_snapshot,
                        prune,
                        publish,
                        published_id,
                        retained,
                        scratch,
                        snapshots,
                        tidy,
                        verify,
                        write_snapshot,
)

__all__ = ["POINTER", "SCHEMA_VERSION", "SNAPSHOTS", "STORED_ORDER", "Snapshot", "SnapshotError", "file_sha256", "history", "open_snapshot",
           "prune", "publish", "published_id", "retained", "scratch", "snapshots", "tidy", "verify", "write_snapshot"]
