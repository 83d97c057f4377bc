"""An upload checked in a worker process of its own, so that a check never holds the interpreter of
the server that answers everyone else's clicks, within stated limits of time and memory (the limits of
rows and unpacked size are the reader's, found before anything is parsed). The worker opens the
published snapshot itself (its code lists; a Catalog holds a database and cannot be sent) and sends
back the checked upload. The command lines check in their own process already and do not use this."""
from __future__ import annotations

import os
from datetime import date

from .. import config
from .reader import FileRefused
from .validate import AsOfRefused
from .workflow import Upload, check_upload


def seconds() -> float:
    """How long a check may take ($DANGBO_CHECK_SECONDS, default 180)."""
    return config.env_number("DANGBO_CHECK_SECONDS", 180, 0.1, float)


def memory_mb() -> int:
    """The worker's address space ($DANGBO_CHECK_MEMORY_MB, default 3072 MB)."""
    return config.env_number("DANGBO_CHECK_MEMORY_MB", 3072, 64)


class CheckStopped(Exception):
    """The check went past a limit and was stopped; the message is Vietnamese."""


def _work(argv: list[str]) -> int:
    """The worker: the file on stdin; root, name, as-of, today, memory limit and the answer's path as
    arguments; the answer pickled into that path."""
    import pickle
    import resource
    import sys
    root, name, as_of, today, limit_mb, out = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(limit_mb) << 20, int(limit_mb) << 20))
    data = sys.stdin.buffer.read()
    try:
        from .. import store
        from ..query.runner import Database
        from .spec import catalog
        # the published snapshot, verified by the server that reads it; the worker only reads its code lists
        cat = catalog(Database(store.open_snapshot(root=root), check=False))
        answer = ("ok", check_upload(data, name, cat, as_of or None, date.fromisoformat(today) if today else None))
    except (FileRefused, AsOfRefused) as e:
        answer = ("refused", type(e).__name__, str(e))
    except MemoryError:
        answer = ("memory", "", "")
    except Exception as e:  # noqa: BLE001 - whatever went wrong is said, never a traceback on the page
        answer = ("error", type(e).__name__, str(e)[:300])
    with open(out, "wb") as f:
        pickle.dump(answer, f)
    return 0


def check(data: bytes, name: str, as_of=None, today: date | None = None, *, root) -> Upload:
    """`workflow.check_upload` in a worker process (a new interpreter: `python -m dangbo.ingest.worker`).
    Raises FileRefused and AsOfRefused as it does, and CheckStopped when the worker passed its time or
    memory limit or failed."""
    import pickle
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="dangbo-check-") as tmp:
        out = Path(tmp) / "answer.pickle"
        day = as_of.isoformat() if isinstance(as_of, date) else (as_of or "")
        proc = subprocess.Popen([sys.executable, "-m", "dangbo.ingest.worker", str(root), name, day,
                                 today.isoformat() if today else "", str(memory_mb()), str(out)],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=config.ROOT, env={**os.environ, "PYTHONPATH": str(config.ROOT)})
        try:
            _, err = proc.communicate(data, timeout=seconds())
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise CheckStopped(f"Kiểm tra tệp quá {seconds():g} giây nên đã dừng (giới hạn DANGBO_CHECK_SECONDS). "
                               "Tệp lớn hãy lưu thành CSV và kiểm tra bằng dòng lệnh `python -m dangbo.imports check`."
                               ) from None
        if not out.exists():
            raise CheckStopped("Tiến trình kiểm tra tệp dừng giữa chừng (có thể do vượt giới hạn bộ nhớ "
                               f"{memory_mb()} MB): {err.decode('utf-8', 'replace').strip().splitlines()[-1:]}")
        answer = pickle.loads(out.read_bytes())      # written by our own worker, in our own folder
    kind = answer[0]
    if kind == "ok":
        return answer[1]
    if kind == "refused":
        raise (AsOfRefused if answer[1] == "AsOfRefused" else FileRefused)(answer[2])
    if kind == "memory":
        raise CheckStopped(f"Kiểm tra tệp vượt giới hạn bộ nhớ {memory_mb()} MB nên đã dừng (DANGBO_CHECK_MEMORY_MB).")
    raise CheckStopped(f"Không kiểm tra được tệp ({answer[1]}: {answer[2]}).")


if __name__ == "__main__":
    import sys
    raise SystemExit(_work(sys.argv[1:]))
