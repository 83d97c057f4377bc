"""What a briefing says, computed from the same queries and target evaluation the pages use: the
headline figures against the same date last year and the previous briefing, the alerts, every
2025-2030 target, data quality and freshness, in the report's own phrasing. No Streamlit here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import config, fmt, vocab
from .. import schedule as plan
from ..office import due as office_due
from ..programme import tracking as programme
from ..query.scope import Scope
from ..targets import rules, tracking

ALERT_STATUSES = (vocab.CHUA_DAT, vocab.CHUA_DAT_TIEN_DO)
HEADLINES = (("grassroots", "Tổ chức cơ sở đảng"), ("partials", "Đảng bộ bộ phận"), ("cells", "Chi bộ"),
             ("members", "Đảng viên"), ("admissions", "Kết nạp từ đầu năm"),
             ("discipline_cases", "Đảng viên bị kỷ luật từ đầu năm"), ("letters", "Đơn thư tiếp nhận từ đầu năm"))


@dataclass(frozen=True)
class Headline:
    code: str
    label: str
    now: int
    last_year: int
    previous: int | None          # at the previous briefing of the same scope, if any


@dataclass
class Briefing:
    scope: Scope
    as_of: date
    subject: str                  # "toàn Đảng bộ", or the organisation's name
    description: str              # filters and viewer, as on the pages
    snapshot_id: str
    headlines: list[Headline]
    targets: list[rules.TargetResult]
    alerts: list[str]
    changes: list[str]            # statuses changed since the previous briefing
    quality: list[str]
    sentences: list[str] = field(default_factory=list)
    previous_at: str | None = None
    programme: programme.Followed | None = None      # the action programme's items in scope, on the day
    programme_alerts: list[str] = field(default_factory=list)   # late items, organisations behind their quotas
    due_line: str = ""                  # the office's due lists in one sentence
    events: list = field(default_factory=list)      # dated events of the scope within its period (timeline)

    def record(self) -> dict:
        """What the next briefing compares with (kept beside the files in the outbox)."""
        items = self.programme.items if self.programme is not None else None
        return {"headlines": {h.code: h.now for h in self.headlines},
                "statuses": {t.item_id: t.status_words for t in self.targets},
                "part_statuses": {p.indicator_id: p.status_words for t in self.targets for p in t.parts},
                "items": {} if items is None else dict(zip(items.item_id, items.status, strict=True))}


def _year_ago(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:                     # 29 February
        return d.replace(year=d.year - 1, day=28)


def _summary(run: Callable, scope: Scope, as_of: date) -> dict:
    s = run("snapshot_summary", scope.within(date(as_of.year, 1, 1), as_of)).iloc[0]
    return {code: int(s[code]) for code, _ in HEADLINES}


def _change(now: int, then: int | None) -> str:
    if then is None:
        return ""
    d = now - then
    return "không đổi" if d == 0 else (f"tăng {fmt.number(d)}" if d > 0 else f"giảm {fmt.number(-d)}")


def subject_words(scope: Scope, all_orgs: tuple[str, ...], org_names: dict) -> str:
    if set(all_orgs) <= set(scope.orgs) and set(scope.units) == set(config.PREDECESSOR_IDS):
        return "toàn Đảng bộ"
    if len(scope.orgs) == 1:
        return org_names.get(scope.orgs[0], scope.orgs[0])
    units = ", ".join(config.PREDECESSOR_BY_ID[u].short for u in scope.units)
    return f"các tổ chức cơ sở đảng trong phạm vi ({len(scope.orgs)} tổ chức; đảng bộ tiền thân: {units})"


def programme_alerts(f: programme.Followed, q: programme.Quotas) -> list[str]:
    """The items past their deadline and the organisations behind their quotas, one sentence each."""
    out = []
    for r in f.late().itertuples(index=False):
        when = "" if not r.period else f", kỳ {r.period}"
        out.append(f"Công việc {r.item_id} “{fmt.clip(r.title, 120)}” ({r.lead_name}{when}): quá hạn từ "
                   f"{fmt.day(r.due_on)}, tiến độ báo cáo {r.percent}%" + (" (demo)." if r.is_demo else "."))
    labels = dict(zip(q.targets.indicator_id, q.targets.label, strict=True))
    for r in q.behind().itertuples(index=False):
        org = q.names.get(r.grassroots_id, r.grassroots_id)
        if r.due_so_far is not None and not pd.isna(r.due_so_far):
            out.append(f"{org} chậm so với chỉ tiêu giao {r.indicator_id} ({labels.get(r.indicator_id, '')}): đạt "
                       f"{fmt.smart(r.result)}, phải đạt đến nay {fmt.smart(r.due_so_far)} (cả nhiệm kỳ "
                       f"{fmt.smart(r.quota)}).")
        else:
            out.append(f"{org} chưa đạt chỉ tiêu giao {r.indicator_id} ({labels.get(r.indicator_id, '')}) năm "
                       f"{int(r.year)}: {fmt.smart(r.result)}%, chỉ tiêu giao {fmt.smart(r.quota)}%.")
    return out


def due_sentence(d: office_due.DueLists) -> str:
    """The office's due lists in one sentence (the lists themselves: page Việc đến hạn)."""
    c = d.counts()
    return (f"Việc đến hạn (tính đến ngày {fmt.day(d.on)}): {fmt.number(c[office_due.PROBATION_OVERDUE])} đảng viên "
            f"dự bị đã hết 12 tháng chưa xét công nhận chính thức, {fmt.number(c[office_due.PROBATION_30])} hết 12 "
            f"tháng trong 30 ngày tới; {fmt.number(c[office_due.CANDIDATE_WAITING])} quần chúng học xong lớp nhận "
            f"thức về Đảng quá {office_due.class_wait_months()} tháng chưa được xem xét; "
            f"{fmt.number(c[office_due.MEMBER_UNRATED])} đảng viên và {fmt.number(c[office_due.ORG_UNRATED])} tổ "
            f"chức đảng chưa có xếp loại năm {d.rated_year}; {fmt.number(c[office_due.ORG_OLD_DATA])} tổ chức cơ sở "
            f"đảng quá {office_due.old_data_days()} ngày chưa cập nhật số liệu.")


def build(run: Callable, scope: Scope, as_of: date, snapshot, *, description: str, subject: str,
          previous: dict | None = None, org_names: dict | None = None, reports: pd.DataFrame | None = None,
          today: date | None = None, visible: tuple[str, ...] | None = None, events: list | None = None) -> Briefing:
    """The briefing of `scope` on `as_of`; `previous` is the record() of the last briefing of the
    same scope (with its "created_at"), or None. The action programme's items stand on `today` (by
    default the calendar's) with `reports` (the access store's); quotas are those of `visible` (the
    organisations the reader may see; default: the scope's). `events`: the dated events the scope
    shows within its period (dangbo.timeline.visible), listed and marked on the charts."""
    now, then = _summary(run, scope, as_of), _summary(run, scope, _year_ago(as_of))
    prev = (previous or {}).get("record", {}).get("headlines", {})
    headlines = [Headline(code, label, now[code], then[code], prev.get(code)) for code, label in HEADLINES]
    results = tracking.evaluate(run, scope, as_of, snapshot.id, with_hdnd=config.HDND in scope.orgs)
    results = [t for t in results if t.owner == config.COMMITTEE or config.HDND in scope.orgs]
    alerts = []
    for t in results:
        body = "Đảng bộ Hội đồng nhân dân thành phố, chỉ tiêu" if t.owner == config.HDND else "Chỉ tiêu"
        for p in t.parts:
            if p.status in ALERT_STATUSES:
                alerts.append(f"{body} ({t.stt}){' phần ' + p.part if p.part else ''}: {p.status_words}. "
                              f"{p.sentence}")
    changes = []
    prev_statuses = (previous or {}).get("record", {}).get("statuses", {})
    for t in results:
        before = prev_statuses.get(t.item_id)
        if before is not None and before != t.status_words:
            changes.append(f"Chỉ tiêu ({t.stt}){' của Đảng bộ Hội đồng nhân dân thành phố' if t.owner == config.HDND else ''}: "
                           f"từ “{before}” chuyển sang “{t.status_words}”.")
    demo = sorted(n for n in snapshot.tables if snapshot.is_demo(n))
    dates = snapshot.dates(scope.orgs)
    quality = [f"Số liệu đến ngày {fmt.day(dates.oldest)}"
               + (f" (một số tổ chức đến ngày {fmt.day(dates.newest)})" if dates.newest != dates.oldest else "")
               + f" (bản dữ liệu {snapshot.id}); báo cáo tính đến ngày {fmt.day(as_of)}."]
    behind = dates.behind(config.lag_days())
    if behind:
        quality.append(f"Số liệu của {len(behind)} tổ chức cơ sở đảng cũ hơn ngày mới nhất quá {config.lag_days()} ngày: "
                       + "; ".join(f"{(org_names or {}).get(o, o)} (đến {fmt.day(d)})" for o, d in behind.items()) + ".")
    if demo:
        quality.append("Các bảng sau là dữ liệu mẫu (demo), không phải số liệu thật: " + ", ".join(demo) + ".")
    for t in results:
        if t.partial_data:
            quality.append(f"Chỉ tiêu ({t.stt}): một phần chưa có số liệu; trạng thái tính trên các phần đã có.")
        for p in t.parts:
            if p.is_demo and not p.computed:
                quality.append(f"Chỉ tiêu ({t.stt}){' phần ' + p.part if p.part else ''}: giá trị báo cáo là số liệu "
                               "mẫu (demo).")
    on = today or date.today()
    stored = reports if reports is not None else pd.DataFrame(columns=["report_id", "item_id", "period", "reported_on",
                                                                         "percent", "at", "lead_id"])
    followed = programme.follow(run, scope, stored, on)
    quotas = programme.follow_quotas(run, scope, on, visible if visible is not None else scope.orgs)
    prev_items = (previous or {}).get("record", {}).get("items", {})
    for r in followed.items.itertuples(index=False):
        before = prev_items.get(r.item_id)
        if before is not None and before != r.status:
            changes.append(f"Công việc {r.item_id}: từ “{vocab.PROGRAMME_STATUS.get(before, before)}” chuyển sang "
                           f"“{vocab.PROGRAMME_STATUS[r.status]}”.")
    if followed.demo:
        quality.append("Chương trình hành động và báo cáo tiến độ là dữ liệu mẫu (demo).")
    dues = office_due.compute(run, scope, as_of, on, snapshot.dates(scope.orgs).by_org)
    b = Briefing(scope, as_of, subject, description, snapshot.id, headlines, results, alerts, changes, quality,
                 previous_at=(previous or {}).get("created_at"), programme=followed,
                 programme_alerts=programme_alerts(followed, quotas), due_line=due_sentence(dues),
                 events=list(events or []))
    b.sentences = sentences(b)
    return b


def sentences(b: Briefing) -> list[str]:
    """The headline paragraph in the report's phrasing, from the figures (never typed)."""
    h = {x.code: x for x in b.headlines}

    def vs(code: str) -> str:
        x = h[code]
        out = f"cùng kỳ năm trước: {fmt.number(x.last_year)}"
        if x.previous is not None:
            out += f"; {_change(x.now, x.previous)} so với lần báo cáo trước"
        return out

    out = [f"Tính đến ngày {fmt.day(b.as_of)}, {b.subject} có {fmt.number(h['grassroots'].now)} tổ chức cơ sở đảng, "
           f"{fmt.number(h['partials'].now)} đảng bộ bộ phận, {fmt.number(h['cells'].now)} chi bộ với "
           f"{fmt.number(h['members'].now)} đảng viên ({_change(h['members'].now, h['members'].last_year)} so với cùng "
           f"kỳ năm trước{'; ' + _change(h['members'].now, h['members'].previous) + ' so với lần báo cáo trước' if h['members'].previous is not None else ''})."]
    out.append(f"Từ đầu năm {b.as_of.year} đến nay kết nạp {fmt.number(h['admissions'].now)} đảng viên "
               f"({vs('admissions')}); {fmt.number(h['discipline_cases'].now)} đảng viên bị kỷ luật "
               f"({vs('discipline_cases')}); tiếp nhận {fmt.number(h['letters'].now)} đơn thư ({vs('letters')}).")
    pace = next((p for t in b.targets if t.owner == config.COMMITTEE for p in t.parts if p.pace is not None), None)
    if pace:
        pct = pace.pace.cumulative / pace.threshold * 100 if pace.threshold else 0
        text = (f"Trong nhiệm kỳ, {b.subject} kết nạp {fmt.number(pace.pace.cumulative)} đảng viên, đạt "
                f"{fmt.number(pct)}% chỉ tiêu nhiệm kỳ ({fmt.number(pace.threshold)} đảng viên)")
        if pace.pace.projection is not None:
            text += f"; theo nhịp hiện nay, cuối nhiệm kỳ ước đạt {fmt.number(pace.pace.projection)} đảng viên"
        out.append(text + ".")
    counts = rules.summary([t for t in b.targets if t.owner == config.COMMITTEE])
    parts = [f"{n} {vocab.STATUS_SHORT[s].lower()}" for s, n in counts.items() if n]
    out.append(f"Trong {sum(counts.values())} chỉ tiêu của Nghị quyết Đại hội I: " + ", ".join(parts) + ".")
    if b.programme is not None and len(b.programme.items):
        items = plan.counts(b.programme.items)
        out.append(f"Chương trình hành động thực hiện Nghị quyết: {len(b.programme.items)} công việc trong phạm vi, "
                   + ", ".join(f"{vocab.PROGRAMME_STATUS[s].lower()} {n}" for s, n in items.items() if n)
                   + f" (tính đến ngày {fmt.day(b.programme.on)}).")
    return out
