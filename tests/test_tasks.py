"""Tasks on Qingyang: the 20 rows of 附件2 exactly, 附件1 gives none, body tasks and their links."""

from __future__ import annotations

import pytest
from dept_task_helpers import synthetic_context

from pipeline.extractors import departments, tasks
from pipeline.models import Region

E, C = "市教育局", "各县(区)政府"
# (number, departments in order, deadline text, due date)
ANNEX2 = [
    ("1", (E, C, "庆阳职业技术学院"), "2021年4月", "2021-04-30"),
    ("2", ("市发展改革委", "市自然资源局", "市委编办", "市财政局", E, "西峰区政府"), "2025年", "2025-12-31"),
    ("3", (E, C), "2025年", "2025-12-31"),
    ("4", (E, C, "庆阳职业技术学院"), "2023年", "2023-12-31"),
    ("5", (E, C), "2021年", "2021-12-31"),
    ("6", (E, C), "2023年", "2023-12-31"),
    ("7", (E, "市财政局", "市发展改革委", "市工信局", C), "2023年", "2023-12-31"),
    ("8", ("市委组织部", C), "长期坚持", None),
    ("9", ("市委组织部", "市委编办", "市人社局", E, C), "2025年", "2025-12-31"),
    ("10", ("市委组织部", C), "长期坚持", None),
    ("11", (E, C), "2023年", "2023-12-31"),
    ("12", ("市工信局", "市发展改革委", E, C), "长期坚持", None),
    ("13", ("市委组织部", "市人社局", "市财政局", C), "长期坚持", None),
    ("14", (E, "市发展改革委", "市工信局", C), "长期坚持", None),
    ("15", ("市财政局", "市发展改革委", "市自然资源局", "市工信局", E, C), "长期坚持", None),
    ("16", (E, "市农业农村局", C), "2023年", "2023-12-31"),
    (
        "17",
        ("市人社局", "市扶贫办", "市农业农村局", "市退役军人事务局", "市科技局", E, C),
        "2023年",
        "2023-12-31",
    ),
    ("18", ("市文体广电旅游局", "市人社局", "市农业农村局", E, C), "2023年", "2023-12-31"),
    ("19", ("市财政局", "市发展改革委", E, C), "2021年", "2021-12-31"),
    ("20", ("市委宣传部", E, C), "长期坚持", None),
]


@pytest.fixture(scope="module")
def qingyang_ctx(qingyang_text):
    ctx = synthetic_context(qingyang_text, Region("甘肃省", "庆阳市"), "2021-03-02")
    departments.run(ctx)
    tasks.run(ctx)
    return ctx


def test_annex_tasks_exact(qingyang_ctx):
    annex = [t for t in qingyang_ctx.tasks if t.source == "annex"]
    assert [(t.number, t.departments, t.lead_department, t.deadline_text) for t in annex] == [
        (n, d, d[0], dl) for n, d, dl, _due in ANNEX2
    ]
    assert annex[0].text.startswith("各县(区)制定“一县一案”实施方案") and annex[0].text.endswith("备案。")


def test_annex_due_dates(qingyang_ctx):
    pytest.importorskip("pipeline.extractors.deadlines").parse_deadline_expression  # noqa: B018
    annex = [t for t in qingyang_ctx.tasks if t.source == "annex"]
    assert [t.due_date for t in annex] == [due for *_x, due in ANNEX2]
    assert annex[7].deadline_kind == "ongoing"
    assert annex[0].deadline_kind == "date"


def test_policy_list_is_not_a_task_table(qingyang_ctx):
    assert not any(cid.startswith("t1.") for t in qingyang_ctx.tasks for cid in t.clause_ids)


def test_offsets(qingyang_ctx, qingyang_text):
    for t in qingyang_ctx.tasks:
        assert qingyang_text[t.start : t.end] == t.text


def test_body_tasks_restated_by_the_annex_are_not_added_again(qingyang_record):
    """One 台账: items 1 (双带头人), 4 (招生职普比) and 8 (职教园区) are restated by annex tasks 8, 11, 2, so they are
    attached to those rows (their clause ids) and not listed again; items no annex row covers stay,
    and so do the two rhythm obligations of 四、组织实施 (每年至少召开两次会议, 每年考核一次)."""
    body = [t for t in qingyang_record.tasks if t.source == "body"]
    assert [t.number for t in body] == ["2", "6", "7", "10", "15", "17", "18", "七", "十一"]
    by_number = {t.number: t for t in qingyang_record.tasks if t.source == "annex"}
    items = {
        c.label.rstrip("."): c.clause_id for c in qingyang_record.clauses if c.kind == "item" and c.label
    }
    assert items["4"] in by_number["11"].clause_ids and items["1"] in by_number["8"].clause_ids
    assert items["8"] in by_number["2"].clause_ids  # 建设庆阳职教园区 = row 2 建设庆阳市职业教育园区
    assert all(t.lead_department is None for t in body[:7])  # no unit is written with them
    meeting, review = body[7], body[8]
    assert meeting.text.startswith("每年至少召开两次会议") and meeting.lead_department == "市教育局"
    assert (meeting.deadline_kind, review.deadline_kind) == ("recurring", "recurring")
    assert "每年考核一次" in review.text


def test_no_tables_no_tasks():
    ctx = synthetic_context("一、主要任务\n1.加强组织领导。\n")
    tasks.run(ctx)
    assert [(t.source, t.number, t.departments) for t in ctx.tasks] == [("body", "1", ())]
