"""Dated events drawn on every chart over time: the merger, conferences and congresses, and what else
the committee's office adds (a date, a short text, a scope).

Two kinds. Events of the published documents are fixed here with their source (`PUBLISHED`). Events
the office adds are kept where accounts are (the local SQLite store, or PostgreSQL shared by every
replica: `dangbo.access.database`), with who added them and when; an event is never edited or deleted
in place: removing one marks its row (who, when), so the history stays whole, and a correction is a
removal and a new event. Each change is audited by the page that makes it.

Which events a view shows (`visible`): the committee's always; a predecessor unit's when the view
includes that unit; a grassroots organisation's when the view is narrowed to organisations that include
it (the whole committee's charts would otherwise carry every organisation's meetings).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .. import config, fmt
from ..access import accounts as _accounts
from ..access import database, schema
from ..access.roles import DATA

MAX_TEXT = 60
MIN_TEXT = 3
EARLIEST = config.PREVIOUS_TERM.starts_on
LATEST = config.CURRENT_TERM.ends_on
COLUMNS = ["event_id", "on_date", "text", "unit_id", "grassroots_id", "source", "username", "at", "removed_at",
           "removed_by"]


class EventError(ValueError):
    """An event that cannot be kept or removed; the message is Vietnamese and says what is wrong."""


@dataclass(frozen=True)
class Event:
    event_id: str
    on_date: date
    text: str
    unit_id: str | None = None          # a predecessor unit (None: the whole committee)
    grassroots_id: str | None = None    # a grassroots organisation (None: no narrower scope)
    source: str = ""                    # a published document, or who added it

    @property
    def label(self) -> str:
        return f"{self.text} ({fmt.day(self.on_date)})"


PUBLISHED: tuple[Event, ...] = (
    Event("hop-nhat", config.MERGED_ON, "Hợp nhất ba Đảng bộ",
          source="Báo cáo chính trị trình Đại hội lần thứ I: Đảng bộ các cơ quan Đảng thành phố Cần Thơ hoạt động "
                 "từ ngày 01/7/2025"),
    Event("hoi-nghi-hdnd", date(2025, 8, 7), "Hội nghị Đảng bộ HĐND thành phố", grassroots_id=config.HDND,
          source="Nghị quyết Hội nghị Đảng bộ Hội đồng nhân dân thành phố: hội nghị diễn ra ngày 07/8/2025"),
)


def may_edit(account) -> bool:
    """The committee's office (the data capability: van-phong, quan-tri) adds and removes events."""
    return account is not None and not account.disabled and account.can(DATA)


def visible(events: list[Event], units: tuple[str, ...], orgs: tuple[str, ...], all_orgs: tuple[str, ...],
            date_from: date | None = None, date_to: date | None = None) -> list[Event]:
    """The events a view of `units` and `orgs` shows (the module's rule), within the dates if given,
    by date."""
    narrowed = set(orgs) != set(all_orgs)
    out = [e for e in events
           if (e.unit_id is None or e.unit_id in units)
           and (e.grassroots_id is None or (narrowed and e.grassroots_id in orgs))
           and (date_from is None or e.on_date >= date_from) and (date_to is None or e.on_date <= date_to)]
    return sorted(out, key=lambda e: (e.on_date, e.event_id))


class EventStore:
    def __init__(self, path: Path | str | None = None, url: str | None = None):
        """Beside the accounts: SQLite at `path` (default: the accounts' file) or PostgreSQL at `url`
        (default: $DANGBO_DATABASE_URL when no path is given)."""
        self.url = url or (database.url() if path is None else None)
        self.path = None if self.url else Path(path or _accounts.default_path())
        schema.ensure(path=self.path, url=self.url)

    def _db(self, serialised: bool = False):
        return database.store_transaction(self.path, self.url, serialised=serialised)

    def add(self, account, on_date: date, text: str, *, unit_id: str | None = None, grassroots_id: str | None = None,
            known_orgs: tuple[str, ...] = ()) -> Event:
        """Keep one event; returns it once committed. Raises EventError."""
        if not may_edit(account):
            raise EventError("Chỉ Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống thêm được sự kiện.")
        text = " ".join((text or "").split())
        if not MIN_TEXT <= len(text) <= MAX_TEXT:
            raise EventError(f"Nội dung sự kiện dài {len(text)} ký tự; cần từ {MIN_TEXT} đến {MAX_TEXT} ký tự "
                             "(ngắn gọn, để hiện trên biểu đồ).")
        if not isinstance(on_date, date) or not EARLIEST <= on_date <= LATEST:
            raise EventError(f"Ngày của sự kiện phải trong hai nhiệm kỳ, từ {fmt.day(EARLIEST)} đến {fmt.day(LATEST)}.")
        if unit_id is not None and unit_id not in config.PREDECESSOR_IDS:
            raise EventError(f"Đảng bộ tiền thân {fmt.code(unit_id)} không có; các mã là "
                             f"{', '.join(config.PREDECESSOR_IDS)}.")
        if grassroots_id is not None and grassroots_id not in known_orgs:
            raise EventError(f"Tổ chức cơ sở đảng {fmt.code(grassroots_id)} không có trong dữ liệu đang công bố.")
        if unit_id is not None and grassroots_id is not None:
            raise EventError("Một sự kiện thuộc toàn Đảng bộ, một đảng bộ tiền thân hoặc một tổ chức cơ sở đảng: "
                             "chọn một phạm vi.")
        event = Event(secrets.token_hex(6), on_date, text, unit_id, grassroots_id, source=account.username)
        with self._db() as db:
            db.execute("insert into chart_events (id, on_date, text, unit_id, grassroots_id, username, role, at) "
                       "values (?,?,?,?,?,?,?,?)", (event.event_id, on_date.isoformat(), text, unit_id, grassroots_id,
                                                    account.username, account.role, time.time()))
        return event

    def remove(self, account, event_id: str) -> None:
        """Mark an added event removed (the row stays, with who and when). Raises EventError."""
        if not may_edit(account):
            raise EventError("Chỉ Văn phòng Đảng ủy (vai trò van-phong) và quản trị hệ thống bỏ được sự kiện.")
        if any(e.event_id == event_id for e in PUBLISHED):
            raise EventError("Sự kiện này lấy từ văn bản đã công bố, không bỏ được.")
        with self._db(serialised=True) as db:
            done = db.execute("update chart_events set removed_at=?, removed_by=? where id=? and removed_at is null",
                              (time.time(), account.username, event_id)).rowcount
        if not done:
            raise EventError(f"Không có sự kiện {fmt.code(event_id)} đang hiển thị.")

    def history(self) -> pd.DataFrame:
        """Every added event, removed ones too, oldest first (COLUMNS)."""
        with self._db() as db:
            rows = db.execute("select id, on_date, text, unit_id, grassroots_id, username, at, removed_at, removed_by "
                              "from chart_events order by at, id").fetchall()
        df = pd.DataFrame([(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], "", r[5], r[6], r[7], r[8])
                           for r in rows], columns=COLUMNS)
        return df

    def events(self) -> list[Event]:
        """The published events and the added ones not removed."""
        h = self.history()
        live = h[h.removed_at.isna()]
        return [*PUBLISHED, *(Event(r.event_id, r.on_date, r.text, r.unit_id, r.grassroots_id, source=r.username)
                              for r in live.itertuples(index=False))]
