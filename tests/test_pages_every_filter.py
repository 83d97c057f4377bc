"""Every page opens for every period offered and every unit choice (and one grassroots
organisation): no exception, no "None" or "nan" anywhere on the page."""
from __future__ import annotations

import re

import pytest
from apptest import signed_app

from dangbo.query import filters
from dangbo.ui.registry import DASHBOARD

UNITS = [None, "CT", "HG", "ST", "CT,ST"]
BAD = re.compile(r"\b(None|nan|NaN|NaT)\b")


def _texts(at) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        out += [str(v) for v in frame.astype(str).to_numpy().ravel()] + [str(c) for c in frame.columns]
    return out


def _periods(snapshot):
    from datetime import date
    return list(filters.periods(date.fromisoformat(snapshot.as_of)))


def _check(at, where: str) -> None:
    assert not at.exception, f"{where}: {at.exception}"
    bad = [t for t in _texts(at) if BAD.search(t)]
    assert not bad, f"{where}: {bad[:3]}"


def _walk(params: dict, label: str) -> None:
    """Open the app with `params`, then every page in turn, checking each."""
    at = signed_app(**params)
    at.run()
    for spec in DASHBOARD:
        if spec is not DASHBOARD[0]:
            at.switch_page(spec.file)
            at.run()
        _check(at, f"{spec.url} {label}")
        assert all("không hợp lệ" not in w.value for w in at.warning)


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: u or "all")
def test_every_page_every_period(data_root, snapshot, unit):
    for period in _periods(snapshot):
        _walk({"ky": period, **({"dv": unit} if unit else {})}, f"ky={period} dv={unit}")


@pytest.mark.parametrize("org", ["HDND", "VPTU"])
def test_every_page_for_one_grassroots_organisation(data_root, snapshot, org):
    for period in _periods(snapshot)[:4]:
        _walk({"tc": org, "ky": period}, f"ky={period} tc={org}")
