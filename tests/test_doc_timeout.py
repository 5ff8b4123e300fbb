"""A per-document time budget in the batch (issue 19): a document over it is one failure row."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

import pipeline
from pipeline.batch.engines import DocumentTimeout, time_budget
from pipeline.errors import PipelineError
from tests.conftest import QINGYANG


def _good_and_stuck(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A run over good.txt and stuck.txt with a 2 s budget: one extracted, stuck.txt its one timeout."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(QINGYANG, src / "good.txt")
    shutil.copy(QINGYANG, src / "stuck.txt")
    result = pipeline.run_batch([src], tmp_path / "out", workers=1, doc_timeout=2)
    assert result.extracted == 1
    assert [(Path(f.source).name, f.error) for f in result.failures] == [("stuck.txt", "DocumentTimeout")]
    return result


def test_a_document_over_its_budget_is_one_failure_and_the_rest_is_extracted(tmp_path, monkeypatch) -> None:
    import pipeline.api

    real = pipeline.api.extract_document

    def stalls_on_one(document, **kw):  # a rule stuck on one input: the CPU never comes back
        while document.source.endswith("stuck.txt"):
            pass
        return real(document, **kw)

    monkeypatch.setattr(pipeline.api, "extract_document", stalls_on_one)
    result = _good_and_stuck(tmp_path)
    assert "(doc_timeout)" in result.failures[0].message
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "complete"


def test_the_process_pool_enforces_the_budget_and_its_workers_go_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(QINGYANG, src / name)
    over = pipeline.run_batch([src], workers=2, doc_timeout=1e-4)  # no document fits in 0.1 ms
    assert {f.error for f in over.failures} == {"DocumentTimeout"} and len(over.failures) == 3
    again = pipeline.run_batch([src], workers=2)  # the default budget: every document extracted
    assert again.failures == [] and again.extracted == 3


@pytest.mark.parametrize("bad", [0, -1, "10", True])
def test_an_invalid_budget_is_refused(bad) -> None:
    with pytest.raises(PipelineError, match=r"^doc_timeout must be"):
        pipeline.run_batch([QINGYANG], workers=1, doc_timeout=bad)


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_reading_a_file_counts_in_its_budget(tmp_path, monkeypatch) -> None:
    import pipeline.ingest

    real = pipeline.ingest.read_documents

    def slow_reader(path, **kw):  # an OCR or a converter that never ends on one file
        while Path(path).name == "stuck.txt":
            pass
        return real(path, **kw)

    monkeypatch.setattr(pipeline.ingest, "read_documents", slow_reader)
    _good_and_stuck(tmp_path)


def test_the_budget_holds_in_a_worker_thread() -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            with time_budget(0.2):
                _busy(30)
        except BaseException as exc:
            caught.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    assert time.monotonic() - started < 10
    assert len(caught) == 1 and isinstance(caught[0], DocumentTimeout)
    assert "0.2 s (doc_timeout)" in str(caught[0])


def test_no_except_exception_swallows_the_timeout_and_an_inner_budget_adds_nothing() -> None:
    started = time.monotonic()
    # the extraction's budget (100 s) inside the reading's (0.2 s)
    with pytest.raises(DocumentTimeout), time_budget(0.2), time_budget(100):
        try:
            _busy(30)
        except Exception:  # what a reader does with its library's errors
            pytest.fail("the timeout was taken for a reader error")
    assert time.monotonic() - started < 10


def test_a_finished_budget_fires_nothing_later_in_a_thread() -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            with time_budget(0.1):
                pass
            _busy(0.5)  # after the block: the timer was cancelled
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(20)
    assert caught == []


def test_dask_workers_enforce_the_budget(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(QINGYANG, src / name)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:  # tasks run in a worker thread of this process: no SIGALRM there
        options = {"engine": "dask", "scheduler": cluster.scheduler_address, "workers": 1}
        over = pipeline.run_batch([src], tmp_path / "over", doc_timeout=1e-4, **options)
        again = pipeline.run_batch([src], tmp_path / "again", **options)
    assert {f.error for f in over.failures} == {"DocumentTimeout"} and len(over.failures) == 2
    assert again.failures == [] and again.extracted == 2
