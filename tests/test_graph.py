"""The policy graph of the Qingyang opinion, its exports and queries."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

import pipeline
from pipeline.link.graph import build_graph
from pipeline.link.graph_export import write_graph
from pipeline.link.queries import department_task_load, implementation_chain, implementers

QY, GANSU, NATIONAL = "doc:庆政发〔2021〕13号", "doc:甘政发〔2020〕38号", "doc:国发〔2019〕4号"


@pytest.fixture(scope="module")
def record(qingyang_text):
    return pipeline.extract(qingyang_text, source="corpora/qingyang-2021-13.txt")


@pytest.fixture(scope="module")
def graph(record):
    return build_graph([record], registry=Path(__file__).resolve().parent.parent / "corpora" / "registry.csv")


# (source, target, relation)
EDGES = [
    (QY, NATIONAL, "implements"),
    (QY, GANSU, "implements"),
    (GANSU, NATIONAL, "implements"),  # from the registry's implements column
    (QY, "doc:教职成厅〔2019〕7号", "cites"),
    (QY, "doc:中等职业学校设置标准", "cites"),
    (QY, "dept:庆阳市人民政府", "issued_by"),
]


@pytest.mark.parametrize(("u", "v", "relation"), EDGES)
def test_qingyang_edges(graph, u, v, relation):
    assert graph.has_edge(u, v, key=relation)


# (node, expected attributes)
NODES = [
    (QY, {"kind": "document", "level": "municipal", "in_corpus": True, "in_registry": True}),
    (GANSU, {"level": "provincial", "region": "甘肃省", "in_corpus": False, "in_registry": True}),
    (NATIONAL, {"level": "national", "in_corpus": False, "date": "2019-01-24"}),
]


@pytest.mark.parametrize(("node", "attrs"), NODES)
def test_qingyang_nodes(graph, node, attrs):
    data = graph.nodes[node]
    assert {k: data.get(k) for k in attrs} == attrs


def test_tasks_and_targets(graph, record):
    kinds = [d["kind"] for _, d in graph.nodes(data=True)]
    assert kinds.count("task") == len(record.tasks)
    assert kinds.count("target") == len(record.targets)
    if record.tasks:  # every task hangs off its document
        assert all(
            graph.has_edge(QY, f"task:庆政发〔2021〕13号:{t.task_id}", key="has_task") for t in record.tasks
        )


def test_queries(graph, record):
    assert implementation_chain(graph, "庆政发〔2021〕13号") == [
        "庆政发〔2021〕13号",
        "甘政发〔2020〕38号",
        "国发〔2019〕4号",
    ]
    assert implementers(graph, "国发〔2019〕4号") == ["庆政发〔2021〕13号", "甘政发〔2020〕38号"]
    assert implementers(graph, "甘政发〔2020〕38号", transitive=True) == ["庆政发〔2021〕13号"]
    load = department_task_load(graph)
    assert list(load.columns) == ["department", "lead", "co", "total", "documents"]
    if any(t.lead_department for t in record.tasks):
        assert load["lead"].sum() == sum(1 for t in record.tasks if t.lead_department)
    with pytest.raises(KeyError):
        implementation_chain(graph, "no-such-doc")


def test_unresolved_citation_becomes_node():
    from pipeline.api import extract

    rec = extract("一、总体要求\n按照《某某从未登记的办法》（某发〔2020〕1号）执行。", meta={"id": "x"})
    g = build_graph([rec])
    node = "doc:某发〔2020〕1号"
    assert g.nodes[node]["in_corpus"] is False and g.nodes[node]["in_registry"] is False
    assert g.has_edge("doc:x", node, key="cites")


def test_exports_reread(graph, tmp_path):
    paths = write_graph(graph, tmp_path)
    assert set(paths) == {"graphml", "gexf", "json", "html"}
    for reread in (nx.read_graphml(paths["graphml"]), nx.read_gexf(paths["gexf"])):
        assert reread.number_of_nodes() == graph.number_of_nodes()
        assert reread.number_of_edges() == graph.number_of_edges()
    g2 = nx.read_graphml(paths["graphml"])
    assert g2.nodes[GANSU]["level"] == "provincial"
    assert g2.nodes[QY]["in_corpus"] in (True, "true", "True")
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert nx.node_link_graph(data, edges="edges").number_of_edges() == graph.number_of_edges()
    page = paths["html"].read_text(encoding="utf-8")
    assert '<canvas id="view">' in page and "legend" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "http://" not in page and "https://" not in page


def test_unknown_format(graph, tmp_path):
    from pipeline.errors import OptionError

    with pytest.raises(OptionError):
        write_graph(graph, tmp_path, formats=("pdf",))


def _page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert found, "the page embeds its data"
    return json.loads(found.group(1))


def test_html_view_of_thousands_of_nodes(record, tmp_path):
    """Beyond 500 nodes spring_layout needed scipy; the page now leaves the layout to the browser."""
    copies = [
        dataclasses.replace(record, document=dataclasses.replace(record.document, doc_id=f"copy-{i}"))
        for i in range(40)  # 30 copies had 2,700 nodes before body tasks an annex restates were dropped
    ]
    g = build_graph(copies)
    assert g.number_of_nodes() > 2500
    page = write_graph(g, tmp_path, formats=("html",))["html"].read_text(encoding="utf-8")
    data = _page_data(page)
    assert [n[0] for n in data["nodes"]] == list(g.nodes)
    assert len(data["edges"]) == g.number_of_edges()
    assert all(0 <= s < len(data["nodes"]) and 0 <= t < len(data["nodes"]) for s, t, _r in data["edges"])
    assert sum(n[1] == "document" for n in data["nodes"]) >= 40
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    if shutil.which("node"):  # the layout script itself, outside a browser
        view = Path(pipeline.__file__).parent / "link" / "graph_view.js"
        out = subprocess.run(
            ["node", str(Path(__file__).parent / "fixtures" / "layout_check.js"), str(view)],
            input=json.dumps(data),
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(out.stdout)
        assert result["nodes"] == g.number_of_nodes() and result["nonfinite"] == 0
        assert result["coincident"] == 0


def test_html_data_cannot_close_its_script(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("doc:x", kind="document", title="</script><script>alert(1)</script><!--")
    page = write_graph(g, tmp_path, formats=("html",))["html"].read_text(encoding="utf-8")
    assert "alert(1)</script>" not in page
    assert _page_data(page)["nodes"][0][4].endswith("title: </script><script>alert(1)</script><!--")
