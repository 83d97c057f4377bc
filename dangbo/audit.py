"""The audit log from the command line.

    python -m dangbo.audit tail [-n N]      # the latest entries as JSON lines
"""
from __future__ import annotations

import argparse
import json
import sys

from .access.audit import AuditLog


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.audit", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tail", help="in các mục mới nhất (JSON lines)")
    t.add_argument("-n", type=int, default=20)
    a = ap.parse_args(argv)
    for entry in AuditLog().tail(a.n):
        print(json.dumps(entry, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
