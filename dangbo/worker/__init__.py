"""Work done in a process of its own, so that it never holds the interpreter of the server that answers
everyone else's clicks (a server process runs every session's script on one interpreter lock): an upload's
check, a large file made for a download. `run("package.module:function", *args)` starts a new interpreter
(`python -m dangbo.worker`), sends it the function's name and its arguments pickled on stdin, limits its
address space and its time, and returns what the function returned or raises what it raised.

Only functions of this package are run (the name must start with "dangbo."), with arguments made by the
server itself; the answer comes back through a file in a private temporary folder."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import config


class Stopped(Exception):
    """The work went past its time or memory limit, or its process died; `reason` is "time", "memory" or
    "failed", `detail` what the process said."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def run(target: str, *args, seconds: float, memory_mb: int):
    """`target(*args)` ("dangbo.package.module:function") in a worker process within `seconds` and
    `memory_mb` of address space. Raises the function's own exception (re-created from its pickle) or
    Stopped."""
    if not target.startswith("dangbo.") or ":" not in target:
        raise ValueError(f"not a function of this package: {target!r}")
    with tempfile.TemporaryDirectory(prefix="dangbo-worker-") as tmp:
        out = Path(tmp) / "answer.pickle"
        proc = subprocess.Popen([sys.executable, "-m", "dangbo.worker", target, str(int(memory_mb)), str(out)],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=config.ROOT, env={**os.environ, "PYTHONPATH": str(config.ROOT)})
        try:
            _, err = proc.communicate(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL), timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise Stopped("time") from None
        if not out.exists():
            raise Stopped("failed", (err.decode("utf-8", "replace").strip().splitlines() or [""])[-1])
        kind, value = pickle.loads(out.read_bytes())      # written by our own worker, in our own folder
    if kind == "ok":
        return value
    if kind == "memory":
        raise Stopped("memory")
    if kind == "raised":
        raise value
    raise Stopped("failed", value)


def _work(argv: list[str]) -> int:
    """The worker: the target, the memory limit (MB) and the answer's path as arguments, the arguments
    pickled on stdin; ("ok", value), ("raised", exception), ("memory", "") or ("error", words) pickled
    into that path."""
    import importlib
    import resource
    target, limit_mb, out = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(limit_mb) << 20, int(limit_mb) << 20))
    try:
        module, name = target.split(":")
        fn = getattr(importlib.import_module(module), name)
        answer = ("ok", fn(*pickle.loads(sys.stdin.buffer.read())))
    except MemoryError:
        answer = ("memory", "")
    except Exception as e:  # noqa: BLE001 - the caller says what went wrong, never a traceback on the page
        try:
            pickle.dumps(e)
            answer = ("raised", e)
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its words do
            answer = ("error", f"{type(e).__name__}: {str(e)[:300]}")
    with open(out, "wb") as f:
        pickle.dump(answer, f, protocol=pickle.HIGHEST_PROTOCOL)
    return 0
