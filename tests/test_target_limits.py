"""Limits, time limits, 累计 goals and stage years (issue 16, item 1) on real sentences of the shared corpora."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.api import new_context
from pipeline.components import run_stages
from pipeline.resources import load_json

STAGES = ("policy_structure", "policy_deadlines", "policy_targets")


def _targets(text: str, date: str | None = "2021-03-02"):
    return run_stages(new_context(text, meta={"date": date} if date else None), STAGES).targets


# (real sentence, [(text, comparator, indicator, kind, year)]); the corpus file is named on each line
LIMITS = [
    # central/030, 015: 不得超过 is an upper bound; the modal word is not part of the indicator
    ("培育项目和重点支持项目的合作研究单位不得超过2个。", [("不得超过2个", "<=", "项目和重点支持项目的合作研究单位", "limit", None)]),
    # central/104, 130: 不得少于 is a lower bound (not 少于 -> <=)
    ("每年用于项目的工作时间不得少于6个月。", [("不得少于6个月", ">=", "用于项目的工作时间", "limit", None)]),
    # shandong/036: an upper bound of a unit of time is a time limit
    ("延期申请时长一次不得超过4个月。", [("不得超过4个月", "<=", "延期申请时长一次", "time_limit", None)]),
    # shandong/026
    ("募集期限自基金份额发售之日起不得超过3个月。", [("不得超过3个月", "<=", "募集期限自基金份额发售之日起", "time_limit", None)]),
    # central/070: X个工作日内
    ("省、市级政府相关主管部门应在2个工作日内上报工业和信息化部。", [("2个工作日内", "<=", "上报工业和信息化部", "time_limit", None)]),
    # central/070, 134: 原则上不超过
    ("测试时间原则上不超过30个月。", [("原则上不超过30个月", "<=", "测试时间", "time_limit", None)]),
    # shandong/023: 以下
    ("对上一年度营业收入在500 万元以下的企业", [("500 万元以下", "<=", "对上一年度营业收入在", "limit", None)]),
    # central (公共交通): 应不低于, the modal 应 kept out of the indicator
    ("其中城市公共汽电车车载智能服务终端的平均上线率应不低于95%。", [("应不低于95%", ">=", "城市公共汽电车车载智能服务终端的平均上线率", "limit", None)]),
    # a bound with a goal year stays a goal (central/139: 到2020年…假阴性率≤1%)
    ("到2020年，医学影像辅助诊断假阴性率≤1%。", [("≤1%", "<=", "医学影像辅助诊断假阴性率", "target", 2020)]),
    # central 智能制造标准: 累计 under a deadline is a goal, not a statistic
    ("到2018年，累计制修订150项以上智能制造标准，基本覆盖基础共性标准和关键技术标准。", [("150项以上", ">=", "智能制造标准", "target", 2018)]),
    # 最高 before an amount granted caps it (shandong/027, 014, 013, 044, 007); the noun after it is what is capped
    ("对新认定为市级孵化器的给予最高30万元扶持。", [("最高30万元", "<=", "扶持", "limit", None)]),
    # 最高 elsewhere names a thing (review of this rule): no comparator, and it stays in the subject
    ("到2025年，最高时速达到350公里。", [("350公里", "=", "最高时速", "target", 2025)]),
    ("最高人民法院发布案例10件。", [("10件", "=", "最高人民法院发布案例", "target", None)]),
    # 突破 (shandong/046) stays >=; 以上 stays >=
    ("到2025年，全省软件业务收入突破2.2万亿元。", [("突破2.2万亿元", ">=", "软件业务收入", "target", 2025)]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), LIMITS)
def test_limits_read_as_a_reader_reads_them(sentence, expected) -> None:
    got = [(t.text, t.comparator, t.indicator, t.kind, t.year) for t in _targets(sentence)]
    assert got == expected


def test_a_past_total_is_still_a_baseline() -> None:
    # without a deadline 累计 still reads as a total so far
    got = [(t.text, t.kind) for t in _targets("截至2020年底，全市累计建成5G基站2万个。")]
    assert got == [("2万个", "baseline")]


def test_stage_lead_gives_its_year_to_the_bullets_under_it() -> None:
    """central/147: 第一步，到2020年… followed by -- bullets without a year of their own."""
    text = (
        "（三）战略目标。\n分三步走：\n"
        "第一步，到2020年人工智能总体技术和应用与世界先进水平同步。\n"
        "--人工智能产业竞争力进入国际第一方阵。人工智能核心产业规模超过1500亿元。\n"
        "第二步，到2025年人工智能基础理论实现重大突破。\n"
        "--人工智能产业进入全球价值链高端。人工智能核心产业规模超过4000亿元。\n"
    )
    got = [(t.text, t.year) for t in _targets(text)]
    assert got == [("超过1500亿元", 2020), ("超过4000亿元", 2025)]


def _limit_words() -> dict[str, str]:
    comp = load_json("comparators.json")
    words = {w: c for w, c in comp["prefix"].items() if len(w) > 1 and c in ("<=", ">=")}
    return dict(sorted(words.items(), key=lambda kv: -len(kv[0])))


@pytest.mark.shared
def test_no_limit_is_read_with_the_wrong_comparator_in_the_shared_corpora(shared_dir) -> None:
    """Every number written right after a comparator word (不得超过2个, 不低于95%) in the 218 shared texts
    is read with that word's comparator: its longest match, so 不得少于 is >= although 少于 is <=."""
    words = _limit_words()
    word_re = re.compile("|".join(re.escape(w) for w in words) + r"(?=\s?[0-9０-９一二三四五六七八九十两])")
    sentence_re = re.compile(r"[^。；！？\n]+")
    checked, wrong = 0, []
    for path in sorted((shared_dir / "corpora").glob("*/*.txt")):
        for s in sentence_re.finditer(path.read_text(encoding="utf-8")):
            hits = list(word_re.finditer(s.group()))
            if not hits:
                continue
            found = _targets(s.group())
            for m in hits:
                t = next((t for t in found if m.start() <= t.start <= m.end() + 1), None)
                if t is None:
                    continue  # not a quantity (不少于一次 is an article, 不超过该标准 no number)
                checked += 1
                if t.comparator != words[m.group()]:
                    wrong.append((path.name, m.group(), t.text, t.comparator))
    print(f"comparator words checked: {checked}, wrong: {len(wrong)}")
    assert checked > 80, checked
    assert wrong == [], json.dumps(wrong[:10], ensure_ascii=False)
