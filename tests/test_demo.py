"""The demo generator: deterministic, labelled, agreeing with the published aggregates, plausible."""
from __future__ import annotations

import pandas as pd
import pytest

from dangbo import config
from dangbo.sources import demo

DEMO_TABLES = ("members", "candidates", "member_ratings", "org_ratings", "discipline_cases", "letters", "inspections")


@pytest.fixture(scope="module")
def tables():
    return demo.generate()


def test_deterministic(tables):
    again = demo.generate()
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], again[name])
    other = demo.generate(seed=1)
    assert not other["members"].birth_year.equals(tables["members"].birth_year)


def test_every_record_is_labelled_demo(tables):
    for name in DEMO_TABLES:
        assert tables[name].is_demo.all(), name
    assert tables["members"].member_id.str.match(r"^DEMO-\d{8}$").all()
    org = tables["org_units"].set_index("unit_id")
    assert not org.loc[["DBCQD", "CT", "HG", "ST", "HDND"], "is_demo"].any()   # published names
    assert org[org.level.isin(["cell", "partial"])].is_demo.all()


def test_structure(tables):
    org = tables["org_units"]
    assert org.level.value_counts().to_dict() == {"cell": 103, "grassroots": 13, "partial": 5, "predecessor": 3, "committee": 1}
    assert "Đảng bộ Hội đồng nhân dân thành phố" in set(org.name)


def test_discipline_follows_the_charter(tables):
    cases = tables["discipline_cases"]
    for r in cases.itertuples():
        allowed = config.DISCIPLINE_FORMS["du_bi" if r.member_status == "Dự bị" else "chinh_thuc"]
        assert r.form in allowed
    m = tables["members"].set_index("member_no")
    expelled = cases[cases.form == "Khai trừ"]
    assert (m.loc[expelled.member_no, "left_reason"] == "Khai trừ").all()
    assert (m.loc[expelled.member_no, "left_on"].to_numpy() == expelled.decided_on.to_numpy()).all()
    # Every subject was a member on the day of the decision.
    sub = m.loc[cases.member_no]
    assert (sub.admitted_on.to_numpy() < cases.decided_on.to_numpy()).all()


def test_disciplined_members_rated_not_completed(tables):
    cases = tables["discipline_cases"]
    r = tables["member_ratings"]
    for c in cases.itertuples():
        got = r[(r.member_no == c.member_no) & (r.year == c.decided_on.year)].rating
        assert got.empty or got.iloc[0] == "Không hoàn thành nhiệm vụ"


def test_plausible_mixes(tables):
    m = tables["members"]
    khmer = m.groupby("predecessor_id").ethnicity.apply(lambda s: (s == "Khmer").mean())
    assert khmer["ST"] > 0.1 > khmer["CT"] and khmer["ST"] > khmer["HG"]
    age = 2025 - m.birth_year
    assert age.between(18, 75).all()
    assert ((m.official_on - m.admitted_on).dt.days.dropna() >= 365).all()
    assert (m.official_on.dropna() <= pd.Timestamp(demo.DEFAULT_AS_OF)).all()      # no date ahead of the records
    st = tables["member_ratings"].query("predecessor_id == 'ST'")
    good = st.rating.isin(config.RATINGS[:2]).mean() * 100
    assert 96.5 < good < 99.5          # Phụ lục 2 publishes 98,21% on average


def test_candidates_pipeline(tables):
    c = tables["candidates"]
    admitted = c[c.stage == "Đã kết nạp"]
    m = tables["members"]
    assert len(admitted) == (m.admitted_on >= pd.Timestamp("2020-07-01")).sum()
    assert set(admitted.admitted_member_id) <= set(m.member_id)
    assert (c[c.stage.isin(demo.CANDIDATE_STAGES)].identified_on <= pd.Timestamp(demo.DEFAULT_AS_OF)).all()


def test_scale_multiplies_published_counts():
    t = demo.generate(scale=3)
    m, cases, letters = t["members"], t["discipline_cases"], t["letters"]
    term1 = (m.admitted_on >= "2020-07-01") & (m.admitted_on <= "2025-06-30")
    assert m[term1].groupby("predecessor_id").size().to_dict() == {"CT": 132, "HG": 27, "ST": 138}
    assert (cases.term_id == "2020-2025").sum() == 57
    assert (letters.term_id == "2020-2025").sum() == 45
    assert (t["org_units"].level == "cell").sum() == 309
    assert m.member_id.is_unique


def test_bad_scale():
    with pytest.raises(ValueError):
        demo.generate(scale=0)
