"""What ``policy-pipeline compare`` and ``report`` read: documents (extracted on the way) and stored records.

An input is a document or table file, a folder of documents, a record JSON file, or a batch output
folder (read from its ``policy.duckdb``, or from ``records/*.json`` when it has no store; see
:mod:`pipeline.store.read`). A record saved without text keeps an empty one when its source is gone
(reuse and terms then skip it). Ids that collide (``033`` in two corpora) become ``033#2`` in input
order, as in the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.loader import load_records
from pipeline.models import PolicyRecord
from pipeline.store.duck import DB_NAME
from pipeline.store.read import has_store, read_record_json

__all__ = ["load_inputs", "read_records", "stores_of"]

read_records = read_record_json  # the former name


def load_inputs(
    inputs: Sequence[str | Path],
    *,
    read_options: dict[str, Any] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    segmenter: str | None = None,
) -> tuple[list[PolicyRecord], list[Any]]:
    """``(records, failures)`` of ``inputs``: :func:`pipeline.loader.load_records` (one loader, one id
    policy: the ids are those of the store)."""
    return load_records(inputs, read_options=read_options, on_progress=on_progress, segmenter=segmenter)


def stores_of(inputs: Sequence[str | Path]) -> list[Path]:
    """The ``policy.duckdb`` of every input that is a batch output folder with a store."""
    return [Path(item) / DB_NAME for item in inputs if has_store(Path(item))]
