"""Flat memory in a batch's export phase (issue 18), checked by structure, not by timing or RSS.

``records/`` is written from the Parquet exports, one payload at a time (no list of every record, no
sort of every store table at once); the task list and graph read a snapshot sorted one table at a time,
without a sort of their own; the graph is flattened where it is, not copied. Each test fails when the
export goes back to materialising or sorting the whole corpus.
"""

from __future__ import annotations

import duckdb
import networkx as nx
import pytest
from store_helpers import small_corpus

import pipeline
import pipeline.batch.exports as exports
from pipeline.link.graph_export import flatten, write_graph
from pipeline.loader import load_records
from pipeline.store import DB_NAME, Store
from pipeline.store.read import iter_ordered_payloads, iter_payloads


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    """A batch of 12 small documents (shared 文号, a citation) into a store, with every export."""
    root = tmp_path_factory.mktemp("memory")
    out = root / "out"
    result = pipeline.run_batch([small_corpus(root / "in")], out, workers=1)
    assert result.ok and result.counts["documents"] == 12
    return out


def _parquet(out) -> dict[str, str]:
    return {f"parquet:{t}": str(out / "parquet" / f"{t}.parquet") for t in exports.TABLES}


def _no_sorting_reader(*_args, **_kwargs):
    raise AssertionError("iter_payloads sorts every table of the store at once")


@pytest.mark.parametrize("workers", [1, 2], ids=["sequential", "parallel"])
def test_records_are_written_one_by_one_as_the_payloads_stream(tmp_path, monkeypatch, workers):
    """Each payload is pulled only after the previous ones are on disk: nothing collects them all."""
    real = exports.iter_ordered_payloads
    written_before: list[int] = []
    out = tmp_path / "out"

    def spy(*args, **kwargs):
        for payload in real(*args, **kwargs):
            if "text" in payload:  # the records' scan (the task list and graph read no text)
                [fresh] = out.glob(".records.tmp-*")
                written_before.append(len(list(fresh.glob("*.json"))))
            yield payload

    monkeypatch.setattr(exports, "iter_ordered_payloads", spy)
    monkeypatch.setattr(exports, "iter_payloads", _no_sorting_reader)  # not in the main process
    result = pipeline.run_batch([small_corpus(tmp_path / "in", n=5)], out, workers=workers)
    assert result.ok, result.failures
    assert written_before == [0, 1, 2, 3, 4]
    assert len(list((out / "records").glob("*.json"))) == 5


def test_the_ordered_scan_gives_what_the_sorting_scan_gives(batch_out):
    con = duckdb.connect(str(batch_out / DB_NAME), read_only=True)
    try:
        relations = exports.parquet_relations(_parquet(batch_out))
        assert list(iter_ordered_payloads(con, relations)) == list(iter_payloads(con))
        graph = list(iter_ordered_payloads(con, relations, exports.GRAPH_KINDS, text=False))
        assert graph == list(iter_payloads(con, exports.GRAPH_KINDS, text=False))
        assert sum(len(p["citations"]) for p in graph) and sum(len(p["targets"]) for p in graph)
    finally:
        con.close()


def test_the_ordered_scan_sorts_when_duckdb_may_reorder(batch_out):
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        reversed_files = {  # files read back to front: only a sort puts them in order again
            t: f"(SELECT * FROM {rel} ORDER BY doc_id DESC)"
            for t, rel in exports.parquet_relations(_parquet(batch_out)).items()
        }
        ordered = list(iter_ordered_payloads(con, reversed_files, text=False))
        stored = duckdb.connect(str(batch_out / DB_NAME), read_only=True)
        try:
            assert ordered == list(iter_payloads(stored, text=False))
        finally:
            stored.close()
    finally:
        con.close()


def test_rows_out_of_the_documents_order_are_an_error_not_dropped(batch_out):
    con = duckdb.connect()
    try:
        relations = exports.parquet_relations(_parquet(batch_out))
        relations["targets"] = f"(SELECT * FROM {relations['targets']} ORDER BY doc_id DESC, seq)"
        with pytest.raises(ValueError, match="targets are not in the order of the documents"):
            list(iter_ordered_payloads(con, relations, ("targets",), text=False))
    finally:
        con.close()


def test_the_export_process_reads_its_sorted_snapshot_without_sorting(batch_out, tmp_path, monkeypatch):
    snapshot = tmp_path / "snapshot.duckdb"
    with Store(batch_out / DB_NAME) as store:
        exports._snapshot(store, snapshot)
    monkeypatch.setattr(exports, "iter_payloads", _no_sorting_reader)
    out = tmp_path / "exports"
    out.mkdir()
    written, failures = exports._tasks_and_graph_of(snapshot, out, None, True)
    assert not failures and set(written) == {"tasks", "graph:graphml"}
    assert (out / "graph.graphml").read_bytes() == (batch_out / "graph.graphml").read_bytes()


def _graph(batch_out) -> nx.MultiDiGraph:
    records, failures = load_records([batch_out])
    assert not failures
    return pipeline.build_graph(records)


def test_a_graph_flattened_in_place_writes_the_same_graphml(batch_out, tmp_path):
    graph = _graph(batch_out)
    assert any(v is None for _, d in graph.nodes(data=True) for v in d.values())  # something to drop
    copied = write_graph(graph, tmp_path / "copy", formats=("graphml",))["graphml"].read_bytes()
    assert any(v is None for _, d in graph.nodes(data=True) for v in d.values())  # left as it was
    in_place = write_graph(graph, tmp_path / "same", formats=("graphml",), in_place=True)
    assert in_place["graphml"].read_bytes() == copied
    assert not any(v is None for _, d in graph.nodes(data=True) for v in d.values())  # flattened itself


def test_in_place_keeps_the_graph_for_formats_that_read_it_as_built(batch_out, tmp_path):
    graph = _graph(batch_out)
    write_graph(graph, tmp_path, formats=("graphml", "json"), in_place=True)
    assert any(v is None for _, d in graph.nodes(data=True) for v in d.values())  # json keeps nulls


def test_a_node_id_xml_cannot_hold_is_flattened_on_a_copy(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("doc:a\x01b", kind="document", title=None)
    write_graph(graph, tmp_path, formats=("graphml",), in_place=True)
    assert list(graph.nodes) == ["doc:a\x01b"]  # the caller's graph keeps its ids
    assert list(flatten(graph).nodes) == ["doc:a b"]
    assert 'id="doc:a b"' in (tmp_path / "graph.graphml").read_text(encoding="utf-8")


def test_documents_out_of_doc_id_order_are_an_error_not_another_order(batch_out):
    """Relations consistently unsorted (as a snapshot not sorted would be) would merge without a stray row."""
    con = duckdb.connect()
    try:
        relations = {
            t: f"(SELECT * FROM {rel} ORDER BY doc_id DESC, {'doc_id' if t == 'documents' else 'seq'})"
            for t, rel in exports.parquet_relations(_parquet(batch_out)).items()
        }
        with pytest.raises(ValueError, match="documents are not in doc_id order"):
            list(iter_ordered_payloads(con, relations, exports.GRAPH_KINDS, text=False))
    finally:
        con.close()
