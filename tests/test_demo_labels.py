"""The demo notice says what is demo in the view: every record, the organisations still demo, or only
the reported target values; none when nothing shown is demo (from the manifest's demo by organisation)."""
from __future__ import annotations

from pathlib import Path

from dangbo import store
from dangbo.ui import DEMO_NOTICE, demo_note


def _snap(tables: dict) -> store.Snapshot:
    entries = {name: {"demo": demo, **({"demo_orgs": units} if units is not None else {})}
               for name, (demo, units) in tables.items()}
    return store.Snapshot("x", Path("."), {"tables": entries})


NAMES = {"BAO": "Đảng bộ Báo", "VPTU": "Đảng bộ Văn phòng"}


def test_all_demo_and_unknown_by_unit():
    assert demo_note(_snap({"members": (True, None), "indicator_values": (True, None)}), {"BAO"}, NAMES) == \
        (True, DEMO_NOTICE)
    assert demo_note(_snap({"members": (True, ["BAO", "VPTU"])}), {"BAO", "VPTU"}, NAMES) == (True, DEMO_NOTICE)


def test_some_organisations_still_demo():
    demo, note = demo_note(_snap({"members": (True, ["VPTU"]), "letters": (False, []),
                                  "indicator_values": (True, None)}), {"BAO", "VPTU"}, NAMES)
    assert demo and "Đảng bộ Văn phòng" in note and "Đảng bộ Báo" not in note and "chỉ tiêu 2025 - 2030" in note


def test_only_reported_values_demo_and_nothing_demo():
    snap = _snap({"members": (True, ["VPTU"]), "indicator_values": (True, None)})
    demo, note = demo_note(snap, {"BAO"}, NAMES)
    assert demo and note.startswith("Hồ sơ của các tổ chức đang xem là hồ sơ thật")
    assert demo_note(_snap({"members": (True, ["VPTU"]), "indicator_values": (False, None)}), {"BAO"}, NAMES)[0] is False
