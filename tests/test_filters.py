"""The URL parser (dangbo.query.filters.from_query/to_query): whatever a hand-edited or hostile URL
holds in any parameter gives a valid filter state, or that and notices; never an exception. A state
written to the URL reads back as itself, without a notice."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo import config
from dangbo.query import filters

AS_OF = date(2026, 11, 20)
BY_UNIT = {"CT": {"VPTU", "HDND", "BTC"}, "HG": {"HDND", "BAO"}, "ST": {"VPTU", "BVSK"}}
VALID = {"dv": list(BY_UNIT) + ["XX"], "tc": ["VPTU", "HDND", "BTC", "BAO", "BVSK", "NOPE"],
         "ky": list(filters.periods(AS_OF)) + ["1999"]}
value = st.one_of(st.text(max_size=40), st.sampled_from([v for vs in VALID.values() for v in vs]),
                  st.lists(st.sampled_from([v for vs in VALID.values() for v in vs]), max_size=4).map(",".join))
params = st.dictionaries(st.sampled_from(["dv", "tc", "ky", "x", "tudong"]),
                         st.one_of(value, st.lists(value, max_size=4)), max_size=5)


@settings(max_examples=400, deadline=None)
@given(qp=params)
def test_any_url_gives_a_valid_state(qp):
    state, notices = filters.from_query(qp, BY_UNIT, AS_OF)
    assert set(state.units) <= set(BY_UNIT)
    allowed = set().union(*(BY_UNIT[u] for u in (state.units or BY_UNIT)))
    assert set(state.orgs) <= allowed
    assert state.period in filters.periods(AS_OF)
    assert all(isinstance(n, str) and n for n in notices)
    scope = filters.scope(state, BY_UNIT, AS_OF)                      # and it makes a scope
    assert scope.date_from <= scope.date_to <= AS_OF or state.period == config.PREVIOUS_TERM.id
    # what is written back is canonical: reading it again changes nothing and says nothing
    again, more = filters.from_query(filters.to_query(state), BY_UNIT, AS_OF)
    assert again == state and more == []


@settings(max_examples=200, deadline=None)
@given(units=st.lists(st.sampled_from(list(BY_UNIT)), unique=True),
       period=st.sampled_from(list(filters.periods(AS_OF))), data=st.data())
def test_a_state_round_trips_through_the_url(units, period, data):
    allowed = sorted(set().union(*(BY_UNIT[u] for u in (units or BY_UNIT))))
    orgs = data.draw(st.lists(st.sampled_from(allowed), unique=True))
    state = filters.FilterState(tuple(units), tuple(orgs), period)
    assert filters.from_query(filters.to_query(state), BY_UNIT, AS_OF) == (state, [])


def test_notices_say_what_was_wrong():
    state, notices = filters.from_query({"dv": ["ST", "XX"], "tc": "NOPE", "ky": ["2024", "2025"]}, BY_UNIT, AS_OF)
    assert state == filters.FilterState(("ST",), (), "2024")
    assert len(notices) == 3 and "`XX`" in notices[0] and "`NOPE`" in notices[1] and "2024, 2025" in notices[2]
    outside, said = filters.from_query({"dv": "CT"}, {"ST": {"BVSK"}}, AS_OF)
    assert outside.units == () and "nằm ngoài phạm vi" in said[0]


def test_scope_and_dates_end_at_the_newest_date_of_the_chosen_organisations():
    from dangbo.store.dates import of_scope
    manifest = {"as_of": "2026-12-02", "records_as_of": {"default": "2026-11-20", "orgs": {
        "HDND": {"members": {"as_of": "2026-12-02"}}}}}
    state = filters.FilterState((), ("BTC",), "2026")
    scope, dates = filters.scope_and_dates(state, BY_UNIT, date(2026, 12, 2), lambda orgs: of_scope(manifest, orgs))
    assert scope.date_to == date(2026, 11, 20) and dates.oldest == dates.newest == date(2026, 11, 20)
    scope, dates = filters.scope_and_dates(filters.FilterState(period="2020-2025"), BY_UNIT, date(2026, 12, 2),
                                           lambda orgs: of_scope(manifest, orgs))
    assert scope.date_to == date(2025, 6, 30)                         # a period that ends earlier anyway
    assert (dates.oldest, dates.newest) == (date(2026, 11, 20), date(2026, 12, 2))


def test_an_accounts_own_scope_is_said_not_all():
    from dangbo.query.scope import Grant
    names = {"HDND": "Đảng bộ Hội đồng nhân dân thành phố"}
    words = filters.describe(filters.FilterState(), names, AS_OF, grant=Grant(None, ("HDND",)))
    assert "Tổ chức cơ sở đảng: Đảng bộ Hội đồng nhân dân thành phố (phạm vi tài khoản)" in words
    assert "Đảng bộ tiền thân: tất cả" in words
    words = filters.describe(filters.FilterState(), names, AS_OF, grant=Grant(("ST",), None))
    assert "Đảng bộ tiền thân: Sóc Trăng (phạm vi tài khoản)" in words and "Tổ chức cơ sở đảng: tất cả" in words
    assert "tất cả · Tổ chức cơ sở đảng: tất cả" in filters.describe(filters.FilterState(), names, AS_OF)


def test_drill_and_breadcrumb():
    from dangbo.query.filters import ROOT_WORDS, FilterState, crumbs, drilled
    base = FilterState(("ST", "HG"), ("VPTU",), "2026")
    assert drilled(base, unit="ST") == FilterState(("ST",), (), "2026")         # organisations outside dropped
    assert drilled(base, org="HDND") == FilterState(("ST", "HG"), ("HDND",), "2026")
    assert drilled(base) == base
    names = {"HDND": "Đảng bộ Hội đồng nhân dân thành phố"}
    c = crumbs(FilterState(("ST",), ("HDND",), "2026"), names)
    assert [w for w, _ in c] == [ROOT_WORDS, "Sóc Trăng", "Đảng bộ Hội đồng nhân dân thành phố"]
    assert [s for _, s in c] == [FilterState((), (), "2026"), FilterState(("ST",), (), "2026"),
                                 FilterState(("ST",), ("HDND",), "2026")]
    assert [w for w, _ in crumbs(FilterState((), ("HDND",), "2026"), names)] == [ROOT_WORDS, names["HDND"]]


CELL_ORG = {"HDND-01": "HDND", "HDND-02": "HDND", "VPTU-01": "VPTU", "BAO-01": "BAO"}


@settings(max_examples=300, deadline=None)
@given(qp=st.dictionaries(st.sampled_from(["dv", "tc", "cb", "ky"]),
                          st.lists(st.sampled_from([*CELL_ORG, "NOPE", *VALID["tc"], *VALID["dv"]]), max_size=4)
                          .map(",".join), max_size=4))
def test_a_cell_in_the_url_stays_within_its_organisation(qp):
    state, notices = filters.from_query(qp, BY_UNIT, AS_OF, CELL_ORG)
    assert all(CELL_ORG[c] in state.orgs for c in state.cells)
    allowed = set().union(*(BY_UNIT[u] for u in (state.units or BY_UNIT)))
    assert set(state.orgs) <= allowed
    again, more = filters.from_query(filters.to_query(state), BY_UNIT, AS_OF, CELL_ORG)
    assert again == state and more == []
    assert filters.scope(state, BY_UNIT, AS_OF).cells == state.cells


def test_down_to_a_cell_and_back():
    from dangbo.query.filters import ROOT_WORDS, FilterState, crumbs, drilled
    state, notices = filters.from_query({"cb": "HDND-02"}, BY_UNIT, AS_OF, CELL_ORG)
    assert state == FilterState((), ("HDND",), filters.DEFAULT_PERIOD, ("HDND-02",)) and notices == []
    _, said = filters.from_query({"tc": "VPTU", "cb": "HDND-02"}, BY_UNIT, AS_OF, CELL_ORG)
    assert "Bỏ qua chi bộ" in said[0] and "HDND-02" in said[0]
    at_org = FilterState(("ST",), ("HDND",), "2026")
    at_cell = drilled(at_org, cell="HDND-02")
    assert at_cell == FilterState(("ST",), ("HDND",), "2026", ("HDND-02",))
    assert drilled(at_cell, org="VPTU").cells == () and drilled(at_cell, unit="HG").cells == ()
    names, cells = {"HDND": "Đảng bộ HĐND"}, {"HDND-02": "Chi bộ 2"}
    c = crumbs(at_cell, names, cells)
    assert [w for w, _ in c] == [ROOT_WORDS, "Sóc Trăng", "Đảng bộ HĐND", "Chi bộ 2"]
    assert c[2][1] == at_org and c[3][1] == at_cell
    assert "Chi bộ: Chi bộ 2" in filters.describe(at_cell, names, AS_OF, cell_names=cells)
