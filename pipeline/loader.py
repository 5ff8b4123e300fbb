"""One way in: :func:`load_records` turns a command's inputs into records, for every command and the library.

An input is, in this order of recognition:

* a batch output folder (``run --out``; it has ``summary.json`` beside ``policy.duckdb`` or ``records/``),
  a ``records`` folder, or a record ``.json`` file: the stored records are read (:mod:`pipeline.store.read`);
* a document, a table file, or a folder of them: extracted by :func:`pipeline.batch.run_batch` (a folder
  scan never reads the files of a batch output folder inside it as documents).

Document ids follow one policy (:mod:`pipeline.ids`): an id used twice becomes
``id#2``, ``id#3`` in input order, the same ids as the store gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.batch import run_batch
from pipeline.batch.inputs import DOC_TIMEOUT, check_inputs
from pipeline.ids import unique_ids
from pipeline.models import PolicyRecord
from pipeline.store.read import is_stored, read_stored

Progress = Callable[[int, int, str], None]


def load_records(
    inputs: Sequence[str | Path],
    *,
    read_options: Mapping[str, Any] | None = None,
    segmenter: str | None = None,
    registry: Any = None,
    metadata: Any = None,
    on_progress: Progress | None = None,
    workers: int | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
) -> tuple[list[PolicyRecord], list[Any]]:
    """``(records, failures)`` of ``inputs`` (see the module docstring), in input order.

    Args:
        inputs: paths (a list, never one bare string).
        read_options: table and decoding options, see :func:`pipeline.read_documents`.
        segmenter: the word segmentation engine of the documents extracted.
        registry: a registry CSV (or None) for the citations of the documents extracted.
        metadata: a ``--metadata`` table (:func:`pipeline.ingest.metadata.load_metadata`, or its path)
            for the documents extracted (the same as ``read_options["metadata"]``).
        on_progress: called as ``(done, total, source)`` while documents are extracted.
        workers: extraction processes (see :func:`pipeline.batch.run_batch`; 1 extracts in this process).
        doc_timeout: seconds one document may take (None: no limit), as in :func:`pipeline.batch.run_batch`.

    Returns:
        The records (ids unique) and the :class:`~pipeline.models.Failure` of every input that failed.
    """
    options = dict(read_options or {})
    if metadata is not None:
        options["metadata"] = metadata
    records: list[PolicyRecord] = []
    failures: list[Any] = []
    documents: list[Path] = []
    for path in check_inputs(inputs):
        if is_stored(path):
            stored, failed = read_stored(path)
            records.extend(stored)
            failures.extend(failed)
        else:
            documents.append(path)
    if documents:
        result = run_batch(
            documents,
            read_options=options,
            segmenter=segmenter,
            registry=registry,
            on_progress=on_progress,
            workers=workers,
            doc_timeout=doc_timeout,
        )
        records.extend(result.records)
        failures.extend(result.failures)
    return unique_ids(records), failures


def nothing_read(records: Sequence[Any], failures: Sequence[Any]) -> str | None:
    """The one "nothing could be read" rule: the error message when no record came out, else None."""
    if records:
        return None
    if not failures:
        return "no documents found"
    if len(failures) == 1:
        source, message = failures[0].source, failures[0].message
        return message if message.startswith(source) else f"{source}: {message}"
    return "no document could be read"
