"""An import moves the data's date: records are true as of the day they were reported, per
organisation. The People's Council party committee reports its 4 members on 02/12/2026, one admitted
on 25/11/2026, over a snapshot whose data stands at 20/11/2026: the member counts at once, for the
organisation and for the committee; the committee's date is the oldest organisation's, and its pages
name the organisations still on the old date."""
from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from apptest import signed_app
from browser import app_server, goto_page, sign_in
from conftest import PASSWORDS
from test_imports import _xlsx

from dangbo import config, store
from dangbo.ingest.publish import publish
from dangbo.ingest.spec import catalog
from dangbo.ingest.validate import AsOfRefused, check, import_as_of
from dangbo.query.runner import Database
from dangbo.query.scope import Scope
from dangbo.store import dates

BASE, REPORT, ADMITTED = date(2026, 11, 20), date(2026, 12, 2), date(2026, 11, 25)
HDND = "HDND"


def _hdnd_rows(db: Database, admitted: date = ADMITTED) -> list[list]:
    cells = [c for (c,) in db.cursor().execute(
        "select unit_id from org_units where level = 'cell' and grassroots_id = ? order by 1", [HDND]).fetchall()]
    edu, theory = "Đại học", "Cao cấp"
    return [["HD-0001", cells[0], "Nữ", 1980, "Kinh", "Không", edu, theory, "10/05/2008", "10/05/2009", None, None, "Có"],
            ["HD-0002", cells[1], "Nam", 1975, "Kinh", "Không", edu, theory, "02/09/2001", "02/09/2002", None, None,
             "Không"],
            ["HD-0003", cells[2], "Nam", 1990, "Khmer", "Phật giáo", edu, theory, "19/05/2015", "19/05/2016", None,
             None, "Có"],
            ["HD-0004", cells[0], "Nữ", 1998, "Kinh", "Không", edu, theory, admitted.strftime("%d/%m/%Y"), None, None,
             None, "Có"]]


def _publish(root, admitted: date = ADMITTED, as_of: date = REPORT):
    db = Database(store.open_snapshot(root=root))
    cat = catalog(db)
    data = _xlsx(cat, rows={"Đảng viên": _hdnd_rows(db, admitted)})
    frames, problems = check(data, "hdnd-dang-vien.xlsx", cat, as_of)
    assert problems == [], [p.line() for p in problems]
    return publish(frames, file_name="hdnd-dang-vien.xlsx", sha256=hashlib.sha256(data).hexdigest(), by="vanphong",
                   as_of=as_of, root=root)


@pytest.fixture()
def imported(scratch_root, monkeypatch):
    monkeypatch.setenv("DANGBO_DATA_DIR", str(scratch_root))
    assert store.open_snapshot(root=scratch_root).as_of == BASE.isoformat()
    _publish(scratch_root)
    return scratch_root


def _all_orgs(snap) -> tuple[str, ...]:
    db = Database(snap)
    return tuple(o for (o,) in db.cursor().execute(
        "select unit_id from org_units where level = 'grassroots' order by 1").fetchall())


def test_the_import_sets_its_organisations_date_and_the_committee_keeps_the_oldest(imported):
    snap = store.open_snapshot(root=imported)
    assert snap.as_of == REPORT.isoformat() and snap.id.startswith("2026-12-02-nhap-")      # not the base's date
    assert snap.manifest["made_from"]["import"]["as_of"] == "2026-12-02"
    entry = snap.manifest[dates.RECORDS_AS_OF]
    assert entry["default"] == BASE.isoformat()
    assert entry["orgs"][HDND]["members"]["as_of"] == "2026-12-02"
    assert entry["orgs"][HDND]["members"]["file"] == "hdnd-dang-vien.xlsx"
    assert set(entry["orgs"]) == {HDND}                                  # only what the file covered
    everyone = _all_orgs(snap)
    committee = snap.dates(everyone)
    assert (committee.oldest, committee.newest) == (BASE, REPORT)
    assert set(committee.behind(7)) == set(everyone) - {HDND}           # named as still on the old date
    assert committee.behind(30) == {}
    own = snap.dates([HDND])
    assert (own.oldest, own.newest) == (REPORT, REPORT)


def test_a_member_admitted_after_the_base_date_counts_at_once(imported):
    snap = store.open_snapshot(root=imported)
    db, everyone = Database(snap), _all_orgs(snap)
    year = Scope(config.PREDECESSOR_IDS, everyone, date(2026, 1, 1), REPORT)
    hdnd = db.run("snapshot_summary", year.only_orgs((HDND,))).iloc[0]
    assert (hdnd.members, hdnd.admissions, hdnd.probationary) == (4, 1, 1)
    # The pages count up to the scope's newest date: the organisation's page and the committee's.
    at = signed_app("hdnd", ky="2026")
    at.run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Đảng viên cuối kỳ"] == "4" and shown["Kết nạp trong kỳ"] == "1"
    assert any("số liệu đến ngày 02/12/2026" in c.value for c in at.caption)
    at = signed_app("lanhdao", ky="2026")
    at.run()
    assert not at.exception
    whole = db.run("snapshot_summary", year).iloc[0]
    before = db.run("snapshot_summary", year.within(year.date_from, BASE)).iloc[0]
    assert whole.admissions == before.admissions + 1                    # the admission of 25/11/2026
    shown = {m.label: m.value for m in at.metric}
    assert shown["Kết nạp trong kỳ"] == f"{whole.admissions:,}".replace(",", ".")
    caption = next(c.value for c in at.caption if "Đang xem" in c.value)
    assert "số liệu đến ngày 20/11/2026" in caption and "một số tổ chức đến ngày 02/12/2026" in caption
    notice = next(i.value for i in at.info if "cũ hơn ngày mới nhất" in i.value)
    assert "12 tổ chức" in notice and "đến 20/11/2026:" in notice and "Hội đồng nhân dân" not in notice


def test_a_record_after_the_import_date_is_refused_with_its_row_and_column(scratch_root):
    db = Database(store.open_snapshot(root=scratch_root))
    cat = catalog(db)
    data = _xlsx(cat, rows={"Đảng viên": _hdnd_rows(db, admitted=date(2026, 12, 3))})
    frames, problems = check(data, "hdnd.xlsx", cat, REPORT)
    assert frames == {}
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Đảng viên", 5, "Ngày kết nạp")]
    assert "không sau ngày số liệu 02/12/2026" in problems[0].expected
    # the same file with the next day as its date passes
    assert check(data, "hdnd.xlsx", cat, date(2026, 12, 3))[1] == []


def test_the_import_date_itself_is_checked():
    today = date(2026, 12, 2)
    assert import_as_of(None, today) == today and import_as_of("", today) == today
    assert import_as_of("25/11/2026", today) == ADMITTED and import_as_of("2026-11-25", today) == ADMITTED
    with pytest.raises(AsOfRefused, match="sau hôm nay"):
        import_as_of("03/12/2026", today)
    with pytest.raises(AsOfRefused, match="không đọc được"):
        import_as_of("31/02/2026", today)
    with pytest.raises(AsOfRefused, match="trước nhiệm kỳ"):
        import_as_of("31/12/2019", today)


def test_the_command_line_takes_the_date_and_the_history_lists_it(scratch_root, tmp_path):
    from test_import_publish import _cli
    db = Database(store.open_snapshot(root=scratch_root))
    f = tmp_path / "hdnd.xlsx"
    f.write_bytes(_xlsx(catalog(db), rows={"Đảng viên": _hdnd_rows(db)}))
    r = _cli(scratch_root, "dangbo.imports", "publish", str(f), "--by", "vanphong", "--as-of", "24/11/2026")
    assert r.returncode == 1 and "không sau ngày số liệu 24/11/2026" in r.stdout        # admitted 25/11
    r = _cli(scratch_root, "dangbo.imports", "publish", str(f), "--by", "vanphong", "--as-of", "01/12/2026")
    assert r.returncode == 0, r.stderr
    assert "số liệu đến ngày 01/12/2026" in r.stdout
    first = store.open_snapshot(root=scratch_root)
    r = _cli(scratch_root, "dangbo.imports", "publish", str(f), "--by", "vanphong", "--as-of", "02/12/2026")
    assert r.returncode == 0, r.stderr
    second = store.open_snapshot(root=scratch_root)
    # the same records reported a day later: a new snapshot, since the organisation's date moved
    assert second.id != first.id and second.tables["members"]["sha256"] == first.tables["members"]["sha256"]
    assert [s.manifest["made_from"].get("import", {}).get("as_of") for s in store.snapshots(scratch_root)][:2] == \
        ["2026-12-02", "2026-12-01"]
    r = _cli(scratch_root, "dangbo.imports", "check", str(f), "--as-of", "2099-01-01")
    assert r.returncode == 2 and "sau hôm nay" in r.stderr


def test_history_page_lists_each_imports_date(imported):
    at = signed_app("vanphong")
    at.switch_page("pages/lich_su_du_lieu.py")
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "02/12/2026" in set(table["Ngày số liệu của lần nhập"])


def test_an_old_snapshot_without_dates_per_organisation_still_opens(snapshot):
    assert dates.RECORDS_AS_OF not in snapshot.manifest                 # the seed build keeps one date
    d = snapshot.dates(["HDND", "VPTU"])
    assert d.oldest == d.newest == date.fromisoformat(snapshot.as_of) and d.behind(0) == {}
    assert snapshot.dates([]).oldest == date.fromisoformat(snapshot.as_of)


def test_dates_in_a_manifest_are_checked(imported):
    snap = store.open_snapshot(root=imported)
    folder = snap.path
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest[dates.RECORDS_AS_OF]["orgs"][HDND]["members"]["as_of"] = "2026-02-30"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(store.SnapshotError, match="records_as_of.orgs.HDND.members.as_of"):
        store.open_snapshot(snap.id, root=imported)
    manifest[dates.RECORDS_AS_OF]["orgs"][HDND]["members"]["as_of"] = "2026-12-01"      # a forged date
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(store.SnapshotError, match="ngày số liệu mới nhất|bị sửa đổi"):
        store.open_snapshot(snap.id, root=imported)


def _heading(pg) -> str:
    return pg.locator('[data-testid="stCaptionContainer"]').filter(has_text="Đang xem:").first.inner_text()


def test_in_chromium_the_organisation_says_its_date_and_the_committee_names_the_others(imported, chromium, tmp_path):
    with app_server(imported, tmp_path / "app.log") as url:
        pg = chromium.new_page()
        pg.goto(url + "/?ky=2026")
        sign_in(pg, "hdnd", PASSWORDS["hdnd"])
        head = _heading(pg)
        assert "số liệu đến ngày 02/12/2026" in head
        assert not pg.get_by_text("cũ hơn ngày mới nhất").count()
        leader = chromium.new_context().new_page()
        leader.goto(url + "/?ky=2026")
        sign_in(leader, "lanhdao", PASSWORDS["lanhdao"])
        head = _heading(leader)
        assert "số liệu đến ngày 20/11/2026" in head and "một số tổ chức đến ngày 02/12/2026" in head
        notice = leader.get_by_text("cũ hơn ngày mới nhất").first.inner_text()
        assert "Văn phòng Thành ủy" in notice or "12 tổ chức" in notice
        goto_page(leader, "Đảng viên")
        assert leader.get_by_text("cũ hơn ngày mới nhất").count()
