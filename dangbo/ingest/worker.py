"""An upload checked in a worker process of its own, so that a check never holds the interpreter of
the server that answers everyone else's clicks, within stated limits of time and memory (the limits of
rows and unpacked size are the reader's, found before anything is parsed). The worker opens the
published snapshot itself (its code lists; a Catalog holds a database and cannot be sent) and sends
back the checked upload. The command lines check in their own process already and do not use this."""
from __future__ import annotations

from datetime import date

from .. import config, worker
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


def checked(data: bytes, name: str, root: str, as_of: str, today: str) -> Upload:
    """What the worker runs: the published snapshot's code lists (verified by the server that reads it; the
    worker only reads them) and the check."""
    from .. import store
    from ..query.runner import Database
    from .spec import catalog
    cat = catalog(Database(store.open_snapshot(root=root), check=False))
    return check_upload(data, name, cat, as_of or None, date.fromisoformat(today) if today else None)


def check(data: bytes, name: str, as_of=None, today: date | None = None, *, root) -> Upload:
    """`workflow.check_upload` in a worker process (dangbo.worker: a new interpreter). Raises FileRefused and
    AsOfRefused as it does, and CheckStopped when the worker passed its time or memory limit or failed."""
    day = as_of.isoformat() if isinstance(as_of, date) else (as_of or "")
    try:
        return worker.run("dangbo.ingest.worker:checked", data, name, str(root), day,
                          today.isoformat() if today else "", seconds=seconds(), memory_mb=memory_mb())
    except (FileRefused, AsOfRefused):
        raise
    except worker.Stopped as e:
        if e.reason == "time":
            raise CheckStopped(f"Kiểm tra tệp quá {seconds():g} giây nên đã dừng (giới hạn DANGBO_CHECK_SECONDS). "
                               "Tệp lớn hãy lưu thành CSV và kiểm tra bằng dòng lệnh `python -m dangbo.imports check`."
                               ) from None
        if e.reason == "memory":
            raise CheckStopped(f"Kiểm tra tệp vượt giới hạn bộ nhớ {memory_mb()} MB nên đã dừng "
                               "(DANGBO_CHECK_MEMORY_MB).") from None
        raise CheckStopped("Tiến trình kiểm tra tệp dừng giữa chừng (có thể do vượt giới hạn bộ nhớ "
                           f"{memory_mb()} MB): {e.detail}") from None
    except Exception as e:  # noqa: BLE001 - anything else the check raised is said, never a traceback
        raise CheckStopped(f"Không kiểm tra được tệp ({type(e).__name__}: {str(e)[:300]}).") from None
