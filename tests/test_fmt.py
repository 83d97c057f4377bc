from datetime import date

import pytest

from dangbo import fmt


@pytest.mark.parametrize("value, out", [(1346, "1.346"), (33109, "33.109"), (5600000, "5.600.000"), (0, "0"),
                                        (None, "–"), (float("nan"), "–"), (-1200, "-1.200")])
def test_number(value, out):
    assert fmt.number(value) == out


def test_percent_and_decimals():
    assert fmt.number(1234.5, 1) == "1.234,5"


def test_day():
    assert fmt.day(date(2025, 7, 1)) == "01/07/2025"
    assert fmt.day("2026-11-20") == "20/11/2026"
