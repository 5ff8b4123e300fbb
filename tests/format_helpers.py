"""Shared pieces of the format tests: fixture paths, extraction of a file, target recall."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
QINGYANG_TXT = Path(__file__).resolve().parent.parent / "corpora" / "qingyang-2021-13.txt"
EXCERPT_TXT = FORMATS / "excerpt.txt"


def extract_file(path: Path):  # type: ignore[no-untyped-def]
    from pipeline.api import extract_document
    from pipeline.ingest import read_document

    return extract_document(read_document(path))


def extract_text_file(path: Path):  # type: ignore[no-untyped-def]
    import pipeline

    return pipeline.extract(path.read_text(encoding="utf-8"), source=str(path))


def target_keys(record) -> Counter:  # type: ignore[no-untyped-def]
    return Counter((t.value, t.unit) for t in record.targets)


def recall(found, expected) -> float:  # type: ignore[no-untyped-def]
    """The share of ``expected``'s targets (value, unit) that ``found`` has too."""
    want = target_keys(expected)
    got = target_keys(found)
    return sum((want & got).values()) / max(1, sum(want.values()))


def task_rows(record) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (t.source, t.number, t.text, t.lead_department, t.deadline_text, t.due_date)
        for t in record.tasks
        if t.source == "annex"
    ]
