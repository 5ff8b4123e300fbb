"""Batch runs: many files in, a queryable store out, every failure recorded, none fatal.

``run_batch(["corpora/"], "outputs", workers=2)`` reads every supported file (a table file holds many
documents), extracts the documents that changed since the last run on a process pool (or Dask), streams
each record into ``outputs/policy.duckdb`` in its own transaction, and regenerates the Parquet, CSV,
JSON, xlsx and graph files from the store. See README "Outputs of a batch".
"""

from __future__ import annotations

from pipeline.batch.inputs import SKIPPED_NAMES, collect_inputs, scan_inputs
from pipeline.batch.results import BatchResult, Failure
from pipeline.batch.runner import run_batch

__all__ = ["SKIPPED_NAMES", "BatchResult", "Failure", "collect_inputs", "run_batch", "scan_inputs"]
