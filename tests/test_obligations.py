"""Obligations: modality and trigger of real sentences, false triggers, actors, offsets."""

from __future__ import annotations

import pytest
from dept_task_helpers import synthetic_context

from pipeline.extractors import departments, obligations
from pipeline.extractors.obligations import classify, find_triggers
from pipeline.models import MODALITIES, Region

CASES = [
    # Qingyang
    (
        "支持环县职专、宁县职专实施新校区建设,镇原职专实施宿舍楼建设,正宁职专、环县职专实施校园信息化建设,"
        "鼓励县(区)不断挖潜扩容,加强实训基地建设、特色专业建设。",
        ("encourage", "支持"),
    ),
    (
        "严格按照职普比确定高中阶段招生计划,把中职招生纳入高中阶段招生平台,划定普通高中分数线,"
        "杜绝计划外招生和借读,引导初中毕业生合理分流。",
        ("must", "严格"),  # the governing trigger; 杜绝 is one clause among five
    ),
    (
        "按照《中等职业学校设置标准》,建立权责清单,靠实工作责任,抓实问题整改,全面改善中职学校办学条件,"
        "力争70%以上学校达到国家标准。",
        ("must", "建立"),  # the opening imperative after the 按照… frame governs; 力争 closes the sentence
    ),
    ("力争70%以上学校达到国家标准。", ("aim", "力争")),
    ("各地要严禁借机乱收费。", ("prohibit", "严禁")),  # a prohibition in the governing clause wins
    ("各地要加强监管,不得擅自提高收费标准。", ("must", "要")),
    ("加强中职学校专业建设", ("must", "加强")),
    (
        "市内所有企业需设置学生实习、学徒培养岗位,原则上每年按企业职工总数的2%接纳职业院校学生实习。",
        ("must", "需"),
    ),
    ("各成员单位要加强协同配合,做好相关政策配套衔接。", ("must", "要")),
    ("鼓励金融机构依法依规对校企合作项目提供信贷和融资支持。", ("encourage", "鼓励")),
    ("剩余部分可作为职业院校绩效工资经费来源,动态核定绩效工资水平和总量。", ("permit", "可")),
    ("允许职业院校教师在完成本单位工作任务前提下,经所在单位同意后,兼职从事技术创新。", ("permit", "允许")),
    ("1.加强职业院校党的建设。", ("must", "加强")),
    ("(七)加强组织领导。", ("must", "加强")),
    ("按照职业院校教师资格标准和专业标准,建立职业院校高层次人才引进机制。", ("must", "建立")),
    ("逐步实现高中阶段教育职普比大体相当。", ("aim", "逐步")),
    ("确保区域内高中阶段招生职普比不低于4:6。", ("must", "确保")),
    # central corpus
    ("项目负责人不得牵头申报项目（课题）。", ("prohibit", "不得")),
    ("支持人工智能企业加强专利布局，牵头或参与国际标准制定。", ("encourage", "支持")),
    ("行政监管部门要牵头抓总，统筹推进“两库”建设、系统落地，确保取得实际应用成效。", ("must", "要")),
    ("项目牵头申报单位、课题申报单位须签署诚信承诺书。", ("must", "须")),
    ("申报单位应与所有参与单位签署联合申报协议。", ("must", "应")),
]

NOT_DIRECTIVES = [
    "一、指导思想",
    "三、主要任务",
    "智慧林业是智慧地球的重要组成部分，是未来林业创新发展的必由之路。",
    "促进林业可持续发展的重要支撑和保障。"[2:],  # 林业可持续发展的重要支撑和保障。
    "形成适应发展需求、产教深度融合的现代职业教育体系。"[2:],
    "通过探究学习、自主学习、合作学习,突出学生在课堂中的主体地位。",
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_classify(sentence, expected):
    got = classify(sentence)
    assert got is not None and got[:2] == expected
    assert sentence[got[2] : got[2] + len(got[1])] == got[1]


@pytest.mark.parametrize("sentence", NOT_DIRECTIVES)
def test_not_directive(sentence):
    assert classify(sentence) is None


FALSE_TRIGGERS = [
    ("职业教育的重要地位和主要任务", []),
    ("按照国家要求", []),
    ("满足可持续发展需求", []),
    ("适应相应岗位的对应供应", []),
    ("提供信贷和融资支持", []),
    ("不可或缺的认可", []),
    ("需要加大支持力度", []),
    ("应当严格执行", ["应当", "严格"]),
    ("必须不得", ["必须", "不得"]),
]


@pytest.mark.parametrize(("text", "words"), FALSE_TRIGGERS)
def test_false_triggers(text, words):
    assert [w for _p, w, _m in find_triggers(text)] == words


def test_actors_and_offsets(qingyang_text):
    ctx = synthetic_context(qingyang_text, Region("甘肃省", "庆阳市"), "2021-03-02")
    departments.run(ctx)
    obligations.run(ctx)
    assert len(ctx.obligations) > 60
    by_text = {o.text: o for o in ctx.obligations}
    o = by_text[
        "鼓励县(区)人民政府按照规定在土地供应计划中给予合作校企优先支持,鼓励金融机构依法依规对校企合作项目提供信贷和融资支持。"
    ]
    assert (o.modality, o.trigger) == ("encourage", "鼓励")
    assert o.actors == ("县(区)人民政府", "金融机构")
    o = by_text["各县(区)也要成立相应的领导小组,完善部门联席会议制度。"]
    assert (o.modality, o.trigger, o.actors) == ("must", "要", ("各县(区)",))
    for o in ctx.obligations:
        assert qingyang_text[o.start : o.end] == o.text
        assert o.modality in MODALITIES
        assert o.trigger in o.text


@pytest.mark.shared
def test_central_texts_no_crash(central_texts):
    total = 0
    for stem, text in central_texts.items():
        ctx = synthetic_context(text)
        departments.run(ctx)
        obligations.run(ctx)
        total += len(ctx.obligations)
        for o in ctx.obligations:
            assert text[o.start : o.end] == o.text, stem
    assert total > 1000
