"""Start the replica deployment on loopback for trying it or load-testing it: PostgreSQL (a fresh
cluster), N Streamlit replicas on one data folder, nginx with sticky sessions in front. Ctrl-C (or
SIGTERM) stops everything.

    python scripts/replicas.py --data-dir /tmp/bench-seed --replicas 2 --account lanhdao:MAT-KHAU
    # prints the proxy's URL and each replica's PID, then waits
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from browser import free_port, start_app  # noqa: E402
from services import nginx, postgres  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--account", action="append", default=[],
                    help="USER:PASSWORD[:UNITS], role lanh-dao, UNITS such as ST or CT,HG (repeatable)")
    a = ap.parse_args()

    def stop(*_):
        raise KeyboardInterrupt
    # Ctrl-C or a plain `kill` stops everything (a background job's SIGINT is ignored by default).
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with postgres(free_port()) as url:
        from dangbo.access.accounts import AccountStore
        store = AccountStore(url=url)
        for acc in a.account:
            user, password, *units = acc.split(":")
            store.add(user, "lanh-dao", password=password, units=tuple(units[0].split(",")) if units else None)
        procs, addrs = [], []
        for i in range(a.replicas):
            port = free_port()
            proc, _ = start_app(a.data_dir, Path(f"/tmp/dangbo-replica-{i + 1}.log"), port=port,
                                env={"DANGBO_DATABASE_URL": url})
            procs.append(proc)
            addrs.append(f"127.0.0.1:{port}")
        try:
            with nginx(addrs, f"127.0.0.1:{free_port()}") as proxy:
                print(f"proxy {proxy}  database {url}", flush=True)
                for p, addr in zip(procs, addrs, strict=True):
                    print(f"replica {addr} pid {p.pid}", flush=True)
                while True:
                    time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
