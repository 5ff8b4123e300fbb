"""The fixed exclusions found once per block of text read as a scan of each number's window read them.

``targets.FixedExclusions`` finds the matches of ``target_exclusions.json`` at every offset of a block in
one pass, and ``meets`` walks them as ``finditer`` over the window ``[start - 8, end + 8)`` of one number
did (the speed of flattened tables: issue 19). The reference below is that window scan; small blocks put
numbers and matches across block boundaries.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import number_patterns as np_
from pipeline.extractors.numbers import find_quantities
from pipeline.extractors.targets import FixedExclusions


def window_scan(text, q) -> bool:
    latin_unit = q.raw_unit[:1].isascii() and q.raw_unit[:1].isalpha()
    for m in np_.fixed_exclusion_re().finditer(text, max(0, q.start - 8), min(len(text), q.end + 8)):
        if latin_unit and m.start() >= q.start and m.end() <= q.end:
            continue
        if m.start() < q.end and q.start < m.end():
            return True
    return False


# pieces of real sentences: numbers, units, Latin codes, the words of the fixed exclusions
PIECES = [
    "1",
    "25",
    "7.12",
    "9.7766",
    "km",
    "km2",
    "dB",
    "5G",
    "m2",
    "%",
    "个",
    "所",
    "万元",
    "一",
    "三",
    "十",
    "第",
    "条",
    "图",
    "表",
    " ",
    "所示",
    "如",
    "部分",
    "百人计划",
    "一县一品",
    "式",
    "份",
    "，",
    "、",
    "。",
    "建成",
    "达到",
    "十四五",
    "A",
    "x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.sampled_from([3, 7, 16, 512]))
def test_one_scan_per_block_reads_as_a_scan_per_window(pieces, block) -> None:
    text = "".join(pieces)
    exclusions = FixedExclusions(text, block=block)
    for q in find_quantities(text):
        assert exclusions.meets(q) == window_scan(text, q), (text, q, block)


def test_real_cases() -> None:
    text = "矿区走向长\n7.12km，宽1.7km，面积为9.7766km2。建成5G基站10个，如图1所示，噪声70dB。"
    quantities = find_quantities(text)
    exclusions = FixedExclusions(text, block=5)
    read = {text[q.start : q.end]: exclusions.meets(q) for q in quantities}
    assert read == {text[q.start : q.end]: window_scan(text, q) for q in quantities}
    assert read["9.7766km"] is False  # the scan met 9.7766km first (a Latin unit) and went on after it
