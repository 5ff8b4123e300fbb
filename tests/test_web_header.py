"""Web-page headers (pipeline.structure.webpage and the header stage): metadata, share and print lines of
government sites are recognised, a labelled 文号 / 成文日期 gives the document's own, the title survives.

The blocks are short excerpts laid out as the sites print them (text copied from the page, or the
page's HTML converted by the project's HTML reader, where table cells become ``| a | b |`` rows).
"""

from __future__ import annotations

import pytest

import pipeline
from pipeline.structure.webpage import web_line

BODY = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n　　一、总体要求\n　　到2025年，建成一批示范项目。\n"

# (site, page text, (title, doc_number, date))
PAGES = [
    (
        "中国政府网 (State Council)",
        "索引号：000014349/2021-00056        主题分类：科技、教育\\教育\n"
        "发文机关：国务院办公厅        成文日期：2021年07月24日\n"
        "标　　题：国务院办公厅关于进一步加强职业教育的意见\n"
        "发文字号：国办发〔2021〕30号        发布日期：2021年07月28日\n"
        "国务院办公厅关于进一步加强职业教育的意见\n"
        "国办发〔2021〕30号\n" + BODY + "字号：大 中 小   打印本页   关闭窗口   分享到：\n",
        ("国务院办公厅关于进一步加强职业教育的意见", "国办发〔2021〕30号", "2021-07-24"),
    ),
    (
        "浙江省人民政府 (table layout)",
        "| 信息索引号 | 002482365/2021-00012 | 公开方式 | 主动公开 |\n"
        "| 发布机构 | 浙江省人民政府 | 成文日期 | 2021-03-01 |\n"
        "| 文号 | 浙政发〔2021〕5号 | 统一编号 | |\n"
        "浙江省人民政府关于加快推进数字经济发展的实施意见\n" + BODY,
        ("浙江省人民政府关于加快推进数字经济发展的实施意见", "浙政发〔2021〕5号", "2021-03-01"),
    ),
    (
        "商务部",
        "首页 > 政策发布 > 部令公告\n"
        "商务部关于印发《数字商务三年行动计划（2024—2026年）》的通知\n"
        "文号：商电函〔2024〕88号   发布日期：2024-04-18   来源：电子商务司\n"
        "【字体：大 中 小】 【打印本页】 【关闭窗口】\n" + BODY,
        ("商务部关于印发《数字商务三年行动计划（2024—2026年）》的通知", "商电函〔2024〕88号", None),
    ),
    (
        "广东省人民政府",
        "字号：大 中 小\n"
        "广东省人民政府办公厅关于印发广东省促进中小企业发展若干措施的通知\n"
        "粤府办〔2022〕12号\n"
        "分享到：微信 微博\n" + BODY,
        ("广东省人民政府办公厅关于印发广东省促进中小企业发展若干措施的通知", "粤府办〔2022〕12号", None),
    ),
    (
        "山东省人民政府 (labels only, no printed 文号 line)",
        "发布机构：山东省人民政府办公厅  发文字号：鲁政办字〔2023〕15号  成文日期：2023年02月10日\n"
        "标题：山东省人民政府办公厅关于加快数字经济高质量发展的意见\n" + BODY,
        ("山东省人民政府办公厅关于加快数字经济高质量发展的意见", "鲁政办字〔2023〕15号", "2023-02-10"),
    ),
]


@pytest.mark.parametrize(("site", "page", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_web_page_header(site: str, page: str, expected: tuple) -> None:
    record = pipeline.extract(page)
    d = record.document
    assert (d.title, d.doc_number, d.date) == expected, site
    assert d.recipients  # the head scan reached the recipient line past the web lines
    bodies = " ".join(c.text for c in record.clauses if c.kind not in ("header", "title", "closing"))
    for noise in ("索引号", "打印本页", "关闭窗口", "字号", "分享到", "发布日期"):
        assert noise not in bodies
    assert [x.text for x in record.deadlines] == ["到2025年"]


# (line, [(kind, value)] or None when not a web-page line)
LINES = [
    (
        "发文机关：国务院办公厅        成文日期：2021年07月24日",
        [("issuer", "国务院办公厅"), ("date", "2021年07月24日")],
    ),
    (
        "| 索引号： | 000014349/2021-00056 | 主题分类： | 教育 |",
        [("other", "000014349/2021-00056"), ("other", "教育")],
    ),
    ("字号：[ 大 中 小 ]", [("other", "大 中 小 ]")]),
    ("【打印本页】 【关闭窗口】", []),
    ("首页 > 信息公开 > 政策文件", []),
    ("各省、自治区、直辖市人民政府：", None),
    ("国务院关于印发新一代人工智能发展规划的通知", None),
    ("打印机采购项目", None),
    (
        "来源：中国政府网 发布时间：2021-07-28 浏览次数：1234",
        [("other", "中国政府网"), ("published", "2021-07-28"), ("other", "1234")],
    ),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_web_line(line: str, expected: list | None) -> None:
    fields = web_line(line, 0, len(line))
    assert (None if fields is None else [(f.kind, line[f.start : f.end]) for f in fields]) == expected


def test_html_page_with_a_metadata_table(tmp_path) -> None:
    page = """<html><head><meta charset="utf-8"><title>x</title></head><body><div class="content">
<table><tr><td>索引号：</td><td>11330000002482870P/2022-00031</td><td>公开方式：</td><td>主动公开</td></tr>
<tr><td>发布机构：</td><td>浙江省人民政府办公厅</td><td>成文日期：</td><td>2022-05-06</td></tr>
<tr><td>文号：</td><td>浙政办发〔2022〕28号</td><td>发布日期：</td><td>2022-05-10</td></tr></table>
<p>字号：[ 大 中 小 ]</p>
<h1>浙江省人民政府办公厅关于进一步加强校外培训治理的通知</h1>
<p>各市、县（市、区）人民政府，省政府直属各单位：</p>
<p>自2022年秋季学期起，全面实施课后服务。</p>
<p>【打印本页】 【关闭窗口】</p></div></body></html>"""
    path = tmp_path / "zj.html"
    path.write_text(page, encoding="utf-8")
    record = pipeline.extract_file(path)
    d = record.document
    assert (d.title, d.doc_number, d.date) == (
        "浙江省人民政府办公厅关于进一步加强校外培训治理的通知",
        "浙政办发〔2022〕28号",
        "2022-05-06",
    )
    assert [(x.text, x.due_date) for x in record.deadlines] == [("自2022年秋季学期起", "2022-09-01")]
