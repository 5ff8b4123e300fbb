"""Body assignments: real sentences of the shandong corpora (input -> lead, co-units, deadline)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.export.tasks_keys import fingerprint, normalise
from tests.conftest import QINGYANG


def _tasks(text: str):
    return [t for t in pipeline.extract(text).tasks if t.source == "body"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # shandong/055: labels, two leads
            "1.提升算力资源统筹供给能力。支持重点地区开展智算中心集约化建设。"
            "（牵头单位：省大数据局、省工业和信息化厅，责任单位：省发展改革委、省科技厅、省通信管理局）",
            [("省大数据局", ("省大数据局", "省工业和信息化厅", "省发展改革委", "省科技厅", "省通信管理局"))],
        ),
        (  # shandong/006: 牵头 / 配合 words, a group recipient, a collective word left out
            "1.推动政务服务数字化转型。初步形成全省统一的政务服务支撑体系（省大数据局、省政府办公厅牵头，"
            "各有关部门、各市政府配合）。",
            [("省大数据局", ("省大数据局", "省政府办公厅", "各市政府"))],
        ),
        (  # shandong/006: no unit written as 牵头: the first listed leads
            "2.推进工业互联网建设。实施标识解析体系建设（省工业和信息化厅、省农业农村厅、省海洋局分工负责）。",
            [("省工业和信息化厅", ("省工业和信息化厅", "省农业农村厅", "省海洋局"))],
        ),
        (  # shandong/027: 责任单位 alone
            "（五）支持企业研发。对企业研发投入给予补助。（责任单位：市科技局、市发展改革委）",
            [("市科技局", ("市科技局", "市发展改革委"))],
        ),
        (  # shandong/055: an item with two groups is two tasks
            "1.实施大模型创新扶持计划。打造全链路自研大模型技术体系。（牵头单位：省发展改革委、省科技厅，"
            "责任单位：省工业和信息化厅）支持优势创新主体参与大模型相关标准制订。（牵头单位：省市场监管局，"
            "责任单位：省科技厅、省工业和信息化厅）",
            [
                ("省发展改革委", ("省发展改革委", "省科技厅", "省工业和信息化厅")),
                ("省市场监管局", ("省市场监管局", "省科技厅", "省工业和信息化厅")),
            ],
        ),
        (  # the example: a deadline written in the group
            "3.推进审批服务标准化。（6月底完成，牵头考核单位：市审批服务局）",
            [("市审批服务局", ("市审批服务局",))],
        ),
        (  # shandong/019: another co label (参加单位), and a list that goes on after a comma
            "（一）建设文化大数据体系。0400年底前启动文化大数据公共平台建设。（牵头单位：省文化和旅游厅，"
            "参加单位：济南市政府，省大数据局）",
            [("省文化和旅游厅", ("省文化和旅游厅", "济南市政府", "省大数据局"))],
        ),
        ("6.加强宣传引导。办好职业教育活动周。", []),  # no unit written: no assignment
        ("（1个省级政务云平台，N个市级政务云节点）", []),  # a parenthesis that assigns nothing
    ],
)
def test_groups_give_tasks_with_lead_and_units(text, expected):
    tasks = _tasks(text)
    assert [(t.lead_department, t.departments) for t in tasks if t.departments] == expected
    for t in tasks:
        assert text[t.start : t.end] == t.text


def test_group_deadline_in_the_documents_year():
    text = "一、重点任务\n3.推进审批服务标准化。（6月底完成，牵头考核单位：市审批服务局）\n某市人民政府办公室\n2023年3月15日\n"
    [task] = [t for t in _tasks(text) if t.departments]
    assert (task.deadline_text, task.deadline_kind, task.due_date) == ("6月底完成", "date", "2023-06-30")


def test_two_groups_have_disjoint_spans_and_the_second_starts_after_the_first():
    text = "1.甲项工作。（牵头单位：省科技厅）乙项工作。（牵头单位：省教育厅）"
    first, second = _tasks(text)
    assert first.end <= second.start and second.text.startswith("乙项工作")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1.完成校园安全隐患专项整治，2023年9月底前完成。", "完成校园安全隐患专项整治，2023年12月底前完成。"),
        (
            "推进审批服务标准化（市审批服务局牵头）。",
            "推进审批服务标准化（市政务服务中心牵头，市财政局配合）。",
        ),
    ],
)
def test_fingerprint_ignores_labels_deadlines_and_units(a, b):
    assert normalise(a) == normalise(b) and fingerprint(a) == fingerprint(b)


def test_fingerprint_tells_different_tasks_apart():
    assert fingerprint("开展安全生产大检查。") != fingerprint("组织召开安全生产形势分析会。")


@pytest.mark.parametrize(
    ("heading", "row", "found"),
    [
        (
            "建设庆阳职教园区",
            "建设庆阳市职业教育园区,打造陇东南专业集群示范区",
            True,
        ),  # Qingyang item 8 / row 2
        ("严格执行招生政策", "严格执行中等职业学校招生政策,确保职普比大体相当", True),
        ("推进课堂教学改革", "建设庆阳市职业教育园区,打造陇东南专业集群示范区", False),
        (
            "建设庆阳职教园区",
            "建设庆阳市的职业学校，推进教育发展和园区建设",
            False,
        ),  # spread out: too far apart
    ],
)
def test_an_annex_row_abbreviating_an_item_heading(heading, row, found):
    from pipeline.extractors.tasks import in_window

    assert in_window(heading, row, 2 * len(heading)) is found


def _in_window_by_every_start(short: str, text: str, window: int) -> bool:
    """The definition, slowly: some window of ``text`` holds ``short`` as a subsequence."""
    for start in range(len(text)):
        if text[start] != short[0]:
            continue
        k = 0
        for ch in text[start : start + window]:
            k += k < len(short) and ch == short[k]
        if k == len(short):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="建设庆阳职教园区市业育", min_size=1, max_size=6),
    st.text(alphabet="建设庆阳职教园区市业育，", max_size=40),
    st.integers(min_value=1, max_value=14),
)
def test_in_window_is_its_definition(short: str, text: str, window: int) -> None:
    from pipeline.extractors.tasks import in_window

    assert in_window(short, text, window) == _in_window_by_every_start(short, text, window)


def test_heading_links_grow_with_the_links_not_items_times_rows():
    """The Qingyang opinion repeated: each heading links to the rows of every copy, as before."""
    from pipeline.extractors import tasks

    text = QINGYANG.read_text(encoding="utf-8")
    once = pipeline.extract(text).doc._.policy
    twice = pipeline.extract(text + "\n" + text).doc._.policy
    links_once = tasks.heading_links(once, tasks.annex_tasks(once))
    links_twice = tasks.heading_links(twice, tasks.annex_tasks(twice))
    assert links_once  # item 8's heading is abbreviated in annex row 2
    assert sum(map(len, links_twice.values())) == 4 * sum(map(len, links_once.values()))
