"""Shared inputs of the task-list tests: the Qingyang opinion and a batch of four documents."""

from __future__ import annotations

from functools import cache

QINGYANG = "corpora/qingyang-2021-13.txt"
RECURRING = "tests/fixtures/tasklist/recurring_tasks.txt"
BATCH = (
    QINGYANG,
    "tests/fixtures/structure/docx_tasks.txt",
    RECURRING,
    "tests/fixtures/ingest/gov-page.html",
)


@cache
def qingyang():
    import pipeline

    return pipeline.extract_file(QINGYANG)


@cache
def batch_records() -> tuple:
    from pipeline.export.tasks_inputs import load_task_records

    result = load_task_records(BATCH)
    assert not result.failures, result.failures
    return tuple(result.records)
