"""Indicators after a value: the grant after 给予…的, and round brackets in the phrase (real sentences of the
shared corpora, source in each case)."""

from __future__ import annotations

import pytest

import pipeline

CASES = [
    # 给予最高X万元的Y: the grant after 的 is measured, not the verb or its recipient (shandong/013, 014, 007)
    (
        "对入选国家级人工智能应用场景的牵头企业给予最高300万元的资金补助。",
        "最高300万元",
        "资金补助",
    ),
    (
        "对新认定的国家级产业集聚区或示范基地 （园区），最高给予１０００万元的一次性奖励；",
        "１０００万元",
        "一次性奖励",
    ),
    # a remark in brackets cut by its own comma is not part of the phrase (shandong/035)
    (
        "对首次进入全国电子信息百强或互联网百强的企业，给予033万元的一次性奖励（同时获得全国电子信息百强、"
        "互联网百强企业的，给予最高033万元奖励）。",
        "033万元",
        "一次性奖励",
    ),
    # a list in brackets annotates the noun and closes the phrase (central/025, central/154)
    (
        "2022 年，我国31个省（自治区、直辖市）深入贯彻党中央、国务院关于加快数字中国建设的战略部署。",
        "31个",
        "省（自治区、直辖市）",
    ),
    ("平台建设完善，已覆盖16个省份836个县（市、区），累计办结群众投诉68.7万件。", "836个", "县（市、区）"),
    ("贯穿B关键技术标准的其它3个领域（BA、BB、BC），打通物理世界和信息世界。", "3个", "领域（BA、BB、BC）"),
    # one word in brackets is part of the noun (central/097, shandong/017)
    (
        "申请人（不含主要参与者）同年只能申请１项国际（地区）合作研究项目。",
        "１项",
        "国际（地区）合作研究项目",
    ),
    (
        "在全国率先建成一批运输无人化、开采透明化、100人以下无人（少人）智能化示范矿井。",
        "100人以下",
        "无人（少人）智能化示范矿井",
    ),
    # a bracket left open at the phrase's end is cut off (shandong/054)
    (
        "联合申报核心单位（高校）需集体推荐其中 1 所高校（一般应为“双高”建设高校）负责具体组织协调工作。",
        "1 所",
        "高校",
    ),
]


@pytest.mark.parametrize(("sentence", "value", "indicator"), CASES)
def test_the_indicator_read_after_the_value(sentence, value, indicator) -> None:
    record = pipeline.extract("关于支持产业发展的若干措施\n" + sentence + "\n")
    found = {t.text: t.indicator for t in record.targets}
    assert found.get(value) == indicator, found
