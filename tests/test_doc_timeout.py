"""A per-document time budget in the batch (issue 19): a document over it is one failure row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import PipelineError
from tests.conftest import QINGYANG


def test_a_document_over_its_budget_is_one_failure_and_the_rest_is_extracted(tmp_path, monkeypatch) -> None:
    import pipeline.api

    real = pipeline.api.extract_document

    def stalls_on_one(document, **kw):  # a rule stuck on one input: the CPU never comes back
        while document.source.endswith("stuck.txt"):
            pass
        return real(document, **kw)

    monkeypatch.setattr(pipeline.api, "extract_document", stalls_on_one)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(QINGYANG, src / "good.txt")
    shutil.copy(QINGYANG, src / "stuck.txt")
    result = pipeline.run_batch([src], tmp_path / "out", workers=1, doc_timeout=2)
    assert result.extracted == 1
    assert [(Path(f.source).name, f.error) for f in result.failures] == [("stuck.txt", "DocumentTimeout")]
    assert "--doc-timeout" in result.failures[0].message
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
    with pytest.raises(PipelineError, match="--doc-timeout"):
        pipeline.run_batch([QINGYANG], workers=1, doc_timeout=bad)
