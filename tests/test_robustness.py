"""Bad input never breaks a run (issue 19): control characters, XML exports, a store that is not one."""

from __future__ import annotations

import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import pipeline
from pipeline.errors import PipelineError
from tests.conftest import QINGYANG

# the first lines of Qingyang 2021-13 with what pdftotext and pasted text put into titles and tasks
TITLE = "庆阳市人民政府关于推进全市职业教育发展\x0c打造“技能庆阳”的实施\x01意见"
BODY = (
    QINGYANG.read_text(encoding="utf-8")[200:800]
    + "\n一、总体要求\n到2025年，全市建成20个以上\x0b特色品牌专业。\n（一）市教育局负责\x1b落实。\n"
)


@pytest.mark.parametrize(
    ("raw", "mapped"),
    [
        ("第一页\x0c第二页", "第一页\n第二页"),  # pdftotext's page break ends a line
        ("实施\x01意见", "实施 意见"),
        ("特色\x0b专业", "特色\n专业"),
        ("负责\x1b\x7f落实", "负责  落实"),
        ("保持\t制表符\r\n和换行", "保持\t制表符\r\n和换行"),  # tab and CRLF are kept
    ],
)
def test_control_characters_are_mapped_at_ingest_one_for_one(tmp_path: Path, raw: str, mapped: str) -> None:
    path = tmp_path / "doc.txt"
    head = QINGYANG.read_text(encoding="utf-8")[:600]  # real text around the fault (not a binary file)
    path.write_bytes((head + raw + "\n").encode("utf-8"))
    document = pipeline.read_document(path)
    assert document.text == head + mapped + "\n"
    assert (raw == mapped) != any("control character" in w for w in document.warnings)


def test_a_table_cell_with_control_characters_is_mapped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("title,content\n" + f'"{TITLE}","{BODY}"\n', encoding="utf-8")
    (document,) = pipeline.read_documents(path)
    assert "\x0c" not in document.meta["title"] and "\x01" not in document.meta["title"]
    assert len(document.text) == len(BODY) and "\x0b" not in document.text


def test_graphml_and_gexf_accept_any_text_from_extract(tmp_path: Path) -> None:
    from pipeline.link import write_graph

    record = pipeline.extract(TITLE + "\n" + BODY, meta={"id": "qy\x01", "title": TITLE})
    written = write_graph(pipeline.build_graph([record]), tmp_path, formats=("graphml", "gexf"))
    for path in written.values():
        ET.parse(path)  # well-formed XML
    assert any(
        "技能庆阳" in str(d.get("title", "")) for _, d in nx.read_graphml(written["graphml"]).nodes(data=True)
    )


def test_a_failed_graph_write_leaves_the_existing_file(tmp_path: Path, monkeypatch) -> None:
    from pipeline.link import graph_export, write_graph

    record = pipeline.extract(BODY)
    path = write_graph(pipeline.build_graph([record]), tmp_path, formats=("graphml",))["graphml"]
    before = path.read_bytes()

    def broken(graph, target, **_kw):
        Path(target).write_text("<graphml")  # a partial file, then the error
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(graph_export.nx, "write_graphml", broken)
    with pytest.raises(ValueError):
        write_graph(pipeline.build_graph([record]), tmp_path, formats=("graphml",))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_batch_of_documents_with_control_characters_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "qy.txt").write_text(TITLE + "\n" + BODY, encoding="utf-8")
    result = pipeline.run_batch([src], tmp_path / "out", workers=1)
    assert result.failures == []
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete"
    ET.parse(tmp_path / "out" / "graph.graphml")


def test_the_store_never_installs_or_loads_extensions(tmp_path: Path) -> None:
    from pipeline.store.connect import connect

    con = connect(tmp_path / "x.duckdb")
    settings = con.execute(
        "SELECT current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')"
    ).fetchone()
    con.close()
    assert settings == (False, False)


@pytest.mark.parametrize("kind", ["sqlite", "truncated", "text"])
def test_a_file_that_is_not_a_store_is_refused_and_the_run_says_failed(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    db = out / "policy.duckdb"
    if kind == "sqlite":
        sqlite3.connect(db).execute("CREATE TABLE documents (doc_id TEXT)").connection.commit()
    elif kind == "truncated":
        db.write_bytes(b"\xda\x12v\xcf")
    else:
        db.write_text("not a database", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text(BODY, encoding="utf-8")
    with pytest.raises(PipelineError, match="SQLite" if kind == "sqlite" else "not a DuckDB store"):
        pipeline.run_batch([src], out, workers=1)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and "policy.duckdb" in summary["error"]


def test_the_cli_refuses_an_sqlite_store_with_one_error_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    out.mkdir()
    sqlite3.connect(out / "policy.duckdb").execute("CREATE TABLE t (a)").connection.commit()
    src = tmp_path / "in.txt"
    src.write_text(BODY, encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(out), "--workers", "1"])
    lines = [line for line in res.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert res.exit_code != 0 and len(errors) == 1 and "SQLite" in errors[0], res.output
    assert "Traceback" not in res.output


def test_one_nul_byte_in_one_csv_row_is_one_bad_row(tmp_path: Path) -> None:
    body = BODY.replace("\x0b", "").replace('"', "")
    path = tmp_path / "t.csv"
    path.write_text(
        f'id,content\n1,"{body}"\n2,"{body[:300]}\x00{body[300:]}"\n3,"{body}"\n', encoding="utf-8"
    )
    errors: list[tuple[str, str]] = []
    documents = pipeline.read_documents(path, row_errors=errors)
    assert [d.meta["id"] for d in documents] == ["1", "3"]
    assert errors == [(f"{path}#2", "row 2 contains a NUL byte (binary data), not text")]


def test_an_xlsx_formula_without_a_saved_value_is_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["id", "content"])
    workbook.active.append(["1", BODY.replace("\x0b", "").replace("\x1b", "")])
    workbook.active.append(["2", '=CONCATENATE(A2,"意见")'])  # openpyxl saves no computed value
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    errors: list[tuple[str, str]] = []
    assert len(pipeline.read_documents(path, row_errors=errors)) == 1
    ((source, reason),) = errors
    assert source.endswith("#2") and "formula" in reason and "empty text" not in reason


@pytest.mark.parametrize("fault", ["disk_full", "duckdb_io"])
def test_a_write_fault_during_export_is_one_error_line(tmp_path: Path, monkeypatch, fault: str) -> None:
    import errno

    import duckdb
    from typer.testing import CliRunner

    from pipeline.batch import exports
    from pipeline.cli import app

    def broken(*_a, **_kw):
        if fault == "disk_full":  # what a full disk does to a write (no tiny tmpfs here)
            raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "tasks.xlsx"))
        raise duckdb.IOException('Cannot open file "parquet/targets.parquet": Read-only file system')

    monkeypatch.setattr(exports, "write_tasks_and_graph", broken)
    src = tmp_path / "in.txt"
    src.write_text(BODY, encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "-q"])
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert res.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error:"), res.output
    assert ("No space left" if fault == "disk_full" else "Read-only") in lines[0]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "failed"


def test_a_store_truncated_mid_file_is_refused_with_its_name(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(BODY, encoding="utf-8")
    out = tmp_path / "out"
    assert pipeline.run_batch([src], out, workers=1).ok
    db = out / "policy.duckdb"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])  # a copy cut short, a disk that filled while it was written
    src.write_text(BODY + "\n二、新增一段。\n", encoding="utf-8")  # a change: the run must open the store
    with pytest.raises(PipelineError, match=re.escape("policy.duckdb")) as caught:
        pipeline.run_batch([src], out, workers=1)
    assert "Traceback" not in str(caught.value)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and "policy.duckdb" in summary["error"]


def _two_documents(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(BODY, encoding="utf-8")
    (src / "bad.txt").write_text(BODY.replace("特色品牌专业", "特色专业"), encoding="utf-8")
    return src


@pytest.mark.parametrize("output", ["tasks.xlsx", "graph.graphml"])
def test_a_document_an_export_cannot_write_is_one_failure_row(tmp_path: Path, monkeypatch, output) -> None:
    import pipeline.export.tasklist
    import pipeline.link

    module, name = (
        (pipeline.export.tasklist, "write_tasklist")
        if output == "tasks.xlsx"
        else (pipeline.link, "build_graph")
    )
    real = getattr(module, name)

    def refuses_bad(records, *args, **kwargs):  # a value of one document the writer cannot take
        if any(r.document.source.endswith("bad.txt") for r in records):
            raise ValueError("cannot convert 特色专业 to Excel")
        return real(records, *args, **kwargs)

    monkeypatch.setattr(module, name, refuses_bad)
    out = tmp_path / "out"
    result = pipeline.run_batch([_two_documents(tmp_path)], out, workers=1)
    assert [(Path(f.source).name, f.error) for f in result.failures] == [("bad.txt", "ExportError")]
    assert output in result.failures[0].message and "cannot convert" in result.failures[0].message
    assert (out / output).is_file() and (out / "tasks.xlsx").is_file() and (out / "graph.graphml").is_file()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete"
    assert "bad.txt" in (out / "failures.csv").read_text(encoding="utf-8-sig")
    if output == "graph.graphml":  # the good document is in the graph, the bad one is not
        graph = nx.read_graphml(out / "graph.graphml")
        ids = {d["doc_id"] for _, d in graph.nodes(data=True) if d.get("in_corpus")}
        (bad_id,) = re.findall(r"\(document (.+)\)$", result.failures[0].message)
        assert len(ids) == 1 and bad_id not in ids


def test_an_export_that_fails_on_every_document_is_the_runs_error(tmp_path: Path, monkeypatch) -> None:
    import pipeline.export.tasklist

    def broken(*_a, **_kw):
        raise ValueError("the task-list writer is broken")

    monkeypatch.setattr(pipeline.export.tasklist, "write_tasklist", broken)
    with pytest.raises(ValueError, match="is broken"):
        pipeline.run_batch([_two_documents(tmp_path)], tmp_path / "out", workers=1)
