"""The congress's work as published data: every task, breakthrough and solution of both documents,
equal to the documents (counts, order, text), in the snapshot and through its named query."""
from __future__ import annotations

import re

import pytest

from dangbo import config
from dangbo.sources import seed

DOCS = {"BCCT": "000_85846ca9224cc184.txt", "NQHDND": "001_6d28161bd988e4a6.txt"}
# Each section of the documents, between its heading and the next one (white space folded).
SECTIONS = {
    ("BCCT", "nhiem_vu"): ("IV- Nhiệm vụ trọng tâm", "V- Các khâu đột phá"),
    ("BCCT", "dot_pha"): ("V- Các khâu đột phá", "VI- Các giải pháp chủ yếu"),
    ("BCCT", "giai_phap"): ("VI- Các giải pháp chủ yếu", "* * * Đại hội"),
    ("NQHDND", "dot_pha"): ("3. Nhiệm vụ đột phá", "4. Nhiệm vụ, giải pháp chủ yếu"),
    ("NQHDND", "giai_phap"): ("4. Nhiệm vụ, giải pháp chủ yếu", "Điều 3. Tổ chức thực hiện"),
}


def _fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def items():
    return seed.resolution_items()


@pytest.fixture(scope="module")
def documents():
    return {d: _fold((config.SOURCES_DIR / "documents" / f).read_text(encoding="utf-8")) for d, f in DOCS.items()}


def test_counts_as_the_documents_give_them(items):
    counts = items.groupby(["doc_id", "kind"]).size().to_dict()
    assert counts == {("BCCT", "nhiem_vu"): 6, ("BCCT", "dot_pha"): 3, ("BCCT", "giai_phap"): 4,
                      ("NQHDND", "dot_pha"): 2, ("NQHDND", "giai_phap"): 10}
    hdnd = items[(items.doc_id == "NQHDND") & (items.kind == "giai_phap")]
    assert hdnd.groupby("grp").size().to_dict() == {"Công tác xây dựng Đảng": 6,
                                                    "Lãnh đạo thực hiện nhiệm vụ chính trị": 4}
    assert list(items[items.kind == "nhiem_vu"].label) == ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm",
                                                           "Thứ sáu"]


def test_every_text_stands_in_its_section_in_order(items, documents):
    for (doc, kind), (start, end) in SECTIONS.items():
        text = documents[doc]
        section = text[text.index(start) + len(start):text.index(end, text.index(start))]
        rows = items[(items.doc_id == doc) & (items.kind == kind)]
        at = 0
        for r in rows.itertuples():
            found = section.find(_fold(r.text), at)
            assert found >= 0, f"{r.item_id} is not in {doc}, {start} (or out of order)"
            assert _fold(r.title).rstrip(".").lower() in section.lower(), r.item_id          # published words too
            at = found + len(r.text)
        # nothing of the section is left out: besides the items there are only their markers, headings
        # and, in VI, the one sentence that introduces the four groups
        rest = section
        for piece in sorted([_fold(t) for t in rows.text] + [_fold(t) for t in rows.title if kind == "giai_phap"]
                            + [_fold(g) for g in rows.grp if g], key=len, reverse=True):
            rest = rest.replace(piece, " ")
        rest = " ".join(re.sub(r"(?:^|\s)(?:\d\.(?:\d\.)?|-)(?=\s|$)", " ", rest).split())
        assert rest in LEFT_BETWEEN.get((doc, kind), {""}), (doc, kind, rest)


# What stands between the items (their markers "1.", "-" taken out, so "2025 - 2030" reads "2025 2030").
LEFT_BETWEEN = {("BCCT", "giai_phap"): {
    "Để thực hiện thắng lợi mục tiêu tổng quát, các chỉ tiêu chủ yếu, nhiệm vụ trọng tâm và các khâu đột phá đã "
    "đề ra, Đại hội đại biểu Đảng bộ các cơ quan Đảng thành phố Cần Thơ lần thứ I, nhiệm kỳ 2025 2030 xác định 4 "
    "nhóm giải pháp trọng tâm cần tập trung thực hiện đồng bộ, hiệu quả, cụ thể như sau:"}}


def test_the_snapshot_and_its_query_hold_them(database, items):
    from dangbo.query.scope import Scope
    got = database.run("resolution_items", Scope(("ST",), (), config.CURRENT_TERM.starts_on,
                                                 config.CURRENT_TERM.starts_on))
    assert len(got) == len(items) == 25                              # not narrowed by the unit filter
    assert list(got[got.owner == "DBCQD"].item_id) == [f"NV{i}" for i in range(1, 7)] + \
        [f"DP{i}" for i in range(1, 4)] + [f"GP{i}" for i in range(1, 5)]
    assert set(got.source.str[:10]) <= {"Báo cáo ch", "Nghị quyết"}


def test_an_import_over_a_store_built_before_the_table_adds_it(scratch_root):
    """A live store built before resolution_items existed gets it, from the sources, on its next import."""
    import hashlib
    from datetime import date

    from test_imports import _good_rows, _xlsx

    from dangbo import store
    from dangbo.ingest.publish import publish
    from dangbo.ingest.spec import catalog
    from dangbo.ingest.validate import check
    from dangbo.query.runner import Database
    base = store.open_snapshot(root=scratch_root)
    tables = {n: base.file(n) for n in base.tables if n != "resolution_items"}
    old = store.write_snapshot(tables, as_of=base.as_of, made_from=base.manifest["made_from"], demo_tables=set(),
                               root=scratch_root, label="cu")
    store.publish(old.id, root=scratch_root)
    cat = catalog(Database(old))
    data = _xlsx(cat, rows={"Đơn thư": _good_rows(cat)["Đơn thư"]})
    frames, problems = check(data, "don-thu.xlsx", cat, date(2026, 11, 25))
    assert problems == []
    result = publish(frames, file_name="don-thu.xlsx", sha256=hashlib.sha256(data).hexdigest(), by="vanphong",
                     as_of=date(2026, 11, 25), root=scratch_root)
    snap = store.open_snapshot(result.snapshot_id, root=scratch_root)
    assert "resolution_items" in snap.tables and snap.tables["resolution_items"]["rows"] == 25


def test_a_snapshot_built_before_the_table_still_shows_it(scratch_root):
    from dangbo import store
    from dangbo.query.runner import Database
    from dangbo.query.scope import Scope
    base = store.open_snapshot(root=scratch_root)
    old = store.write_snapshot({n: base.file(n) for n in base.tables if n != "resolution_items"}, as_of=base.as_of,
                               made_from=base.manifest["made_from"], demo_tables=set(), root=scratch_root, label="cu")
    assert "resolution_items" not in old.tables
    got = Database(old).run("resolution_items", Scope(config.PREDECESSOR_IDS, (), config.CURRENT_TERM.starts_on,
                                                      config.CURRENT_TERM.starts_on))
    assert len(got) == 25 and got.item_id.iloc[0] == "NV1"
