"""Instrument cues are words (issue 16, item 7): never inside an organ's name; topic words are not cues."""

from __future__ import annotations

import pytest

from pipeline.compare.instruments import classify


@pytest.mark.parametrize(
    ("sentence", "not_cue"),
    [
        # central/070 第三条: 信息化 is part of 工业和信息化部
        (
            "工业和信息化部、公安部和交通运输部建立联合工作机制，推动和促进智能网联汽车技术发展和应用",
            "信息化",
        ),
        # a provincial organ: 省工业和信息化厅
        ("省工业和信息化厅牵头制定实施方案", "信息化"),
        # topic words: what the policy is about
        ("推动大数据与实体经济深度融合", "大数据"),
        ("支持企业开展人工智能研发", "研发"),
    ],
)
def test_cue_is_not_an_organ_name_or_a_topic(sentence: str, not_cue: str) -> None:
    found = classify(sentence)
    assert found is None or sentence[found[2] : found[3]] != not_cue


def test_cue_inside_a_department_mention_is_skipped() -> None:
    text = "市财政局负责统筹"
    assert classify(text, skip=[(0, 4)]) is None or classify(text, skip=[(0, 4)])[2] >= 4


def test_a_word_of_its_own_still_counts() -> None:
    assert classify("加快推进企业信息化建设")[:2] == ("supply", "信息支持")
