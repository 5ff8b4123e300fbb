"""The batch store: an embedded DuckDB database (``policy.duckdb``) and the files derived from it.

:class:`~pipeline.store.duck.Store` writes one document per transaction and resolves citations and
duplicate ids over the whole store; :func:`~pipeline.batch.exports.write_exports` regenerates the
Parquet, CSV, JSON, xlsx and graph files from it; :mod:`pipeline.store.read` reads the records of a
batch output folder back (``compare``, ``report``, ``tasks``). Table layout: :mod:`pipeline.store.schema`.
"""

from __future__ import annotations

from pipeline.store.duck import DB_NAME, Store

__all__ = ["DB_NAME", "Store"]
