"""The one numeral converter (pipeline.text.numerals): tables from real texts and property tests."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.numerals import to_int, to_number

# (numeral as written in a real document, value)
CASES = [
    ("二〇二一", 2021),  # 二〇二一年三月二日 (庆阳 signature)
    ("二○二一", 2021),  # ○ (U+25CB) typed for 〇
    ("二零二二", 2022),
    ("千", 1000),  # 千亩 -> 1000 亩
    ("万", 10000),
    ("十二", 12),  # 十二月
    ("两千五百", 2500),
    ("一千零五十", 1050),  # 零 inside a numeral
    ("三百零八", 308),
    ("1,200", 1200),  # thousands separator
    ("12,345.5", 12345.5),
    ("５０", 50),  # full-width digits
    ("１．５", 1.5),
    ("一点五", 1.5),
    ("百分之五十", 50),
]


@pytest.mark.parametrize(("written", "value"), CASES)
def test_to_number(written: str, value: float) -> None:
    assert to_number(written) == value


@pytest.mark.parametrize("bad", ["", "1,2", "1,2345", "5G", "万元", "三中全会", "12a"])
def test_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        to_number(bad)
    assert to_int(bad) is None


def test_to_int_is_none_for_fractions_and_missing() -> None:
    assert to_int("1.5") is None
    assert to_int(None) is None
    assert to_int("二〇二一") == 2021


@given(st.integers(0, 10**9))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert to_number(cn2an.an2cn(n, "low")) == n


@given(st.integers(0, 10**9))
def test_thousands_separators_and_full_width(n: int) -> None:
    assert to_number(f"{n:,}") == n
    assert to_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@given(st.integers(1000, 2999), st.sampled_from(["〇", "○", "零"]))
def test_years_digit_by_digit(year: int, zero: str) -> None:
    digits = zero + "一二三四五六七八九"
    assert to_int("".join(digits[int(c)] for c in str(year))) == year
