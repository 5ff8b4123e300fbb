"""``run_batch``: read, skip what is unchanged, extract in parallel, stream into the store, export."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import ingest
from pipeline.batch.engines import extract_payload, extract_rows, imap_unordered, make_engine
from pipeline.batch.fingerprint import REREAD, file_fingerprint, fingerprint, pipeline_digest
from pipeline.batch.inputs import (
    DOC_TIMEOUT,
    BatchOptions,
    FileInput,
    check_inputs,
    is_batch_output,
    read_then,
    scan_inputs,
    validate,
)
from pipeline.batch.results import FAILURE_COLUMNS, BatchResult, Failure
from pipeline.errors import PipelineError
from pipeline.export.batch_outputs import atomic_text, write_csv
from pipeline.ids import unique_ids
from pipeline.ingest import TABLE_SUFFIXES
from pipeline.models import PolicyRecord, SourceDocument

logger = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
# Records are committed in small groups: a killed run loses at most these and the documents in flight.
GROUP_SIZE = 64
GROUP_SECONDS = 2.0


@dataclass(frozen=True)
class Job:
    source: str
    ordinal: int
    fingerprint: str


class _Reader:
    """Walks the files, yielding documents (or unread files) to extract and recording the rest.

    A file whose bytes, read options and pipeline are those stored is skipped without being read. A
    one-document file to extract goes to the worker unread (:class:`~pipeline.batch.inputs.FileInput`)
    when ``in_worker``; a table file is read here (its rows are the documents) and each changed row
    goes to the workers.
    """

    def __init__(
        self,
        files: list[Path],
        opts: BatchOptions,
        known: dict[str, str],
        result: BatchResult,
        *,
        in_worker: bool = True,
    ) -> None:
        self.files, self.opts, self.known, self.result = files, opts, known, result
        self.in_worker = in_worker
        self.version = pipeline_digest()  # changed code or a changed lexicon re-extracts
        self.ordinals: dict[str, int] = {}
        self.stored: set[str] = set(known)  # sources in the store (the caller sets it under --force)
        self.unreadable: list[str] = []  # stored sources whose file or table row now fails to read
        self.refingerprinted: dict[str, str] = {}  # unchanged rows of a changed table: their new fingerprint
        self.total = len(files)  # grows as table files reveal their rows
        self.done = 0

    def jobs(self, progress: Progress | None) -> Iterator[tuple[Job, Any]]:
        for path in self.files:
            if is_batch_output(path):
                documents, row_errors = self._read(path)
                yield from self._documents(path, documents, row_errors, None, progress)
                continue
            table = path.suffix.lower() in TABLE_SUFFIXES
            try:
                file_fp = file_fingerprint(
                    path, self.version, self.opts.segmenter, self.opts.read_options, table=table
                )
            except OSError:  # missing or unreadable: the reader names the file and the reason
                file_fp = ""
            if table:
                yield from self._table(path, file_fp, progress)
                continue
            source = str(path)
            self.ordinals[source] = len(self.ordinals)
            if file_fp and self.known.get(source) == file_fp:  # unchanged: not read
                self.result.skipped += 1
                self.tick(progress, source)
                continue
            self.result.files_read += 1
            if self.in_worker:
                yield Job(source, self.ordinals[source], file_fp), FileInput(source, self.opts.read_options)
                continue
            del self.ordinals[source]
            documents, row_errors = self._read(path)
            yield from self._documents(path, documents, row_errors, file_fp, progress)

    def _table(self, path: Path, file_fp: str, progress: Progress | None) -> Iterator[tuple[Job, Any]]:
        """The changed rows of a table file; none read when the file is unchanged since it was stored."""
        rows = [s for s in self.known if s.startswith(f"{path}#")]  # in stored order
        if file_fp and rows and all(self.known[s].partition(":")[0] == file_fp for s in rows):
            self.total += len(rows) - 1
            for source in rows:
                self.ordinals[source] = len(self.ordinals)
                self.result.skipped += 1
                self.tick(progress, source)
            return
        self.result.files_read += 1
        documents, row_errors = self._read(path)
        yield from self._documents(path, documents, row_errors, file_fp or REREAD, progress)

    def _read(self, path: Path) -> tuple[list[SourceDocument], list[tuple[str, str]]]:
        """The documents of ``path`` and its failing rows; a file that fails is a failure on the result."""
        row_errors: list[tuple[str, str]] = []
        try:
            documents = (
                stored_documents(path, self.result, self.opts.out)
                if is_batch_output(path)
                else ingest.read_documents(path, **self.opts.read_options, row_errors=row_errors)
            )
        except PipelineError as exc:
            documents = []
            reason = getattr(exc, "reason", None) or str(exc)
            self.result.failures.append(Failure(str(path), type(exc).__name__, reason))
        except Exception as exc:  # a reader bug: recorded, the batch goes on
            logger.exception("unexpected error reading %s", path)
            documents = []
            self.result.failures.append(Failure(str(path), "InternalError", f"{type(exc).__name__}: {exc}"))
        return documents, row_errors

    def _documents(
        self,
        path: Path,
        documents: list[SourceDocument],
        row_errors: list[tuple[str, str]],
        file_fp: str | None,
        progress: Progress | None,
    ) -> Iterator[tuple[Job, SourceDocument]]:
        """Jobs for the documents read from ``path``, skipping those stored unchanged.

        ``file_fp``: the file's fingerprint (a table's rows are stored as ``file:row``), None for a
        batch output folder (its documents are fingerprinted by their text, as rows are).
        """
        if not documents and not row_errors:  # the whole file failed: none of its documents stay
            self.unreadable += [s for s in self.stored if s == str(path) or s.startswith(f"{path}#")]
        for source, reason in row_errors:
            row = source[len(str(path)) + 1 :] if source.startswith(f"{path}#") else None
            self.result.failures.append(Failure(source, "IngestError", reason, row=row))
            self.unreadable += [source] if source in self.stored else []
        if row_errors and file_fp:  # its failing rows are reported on every run: it is read again
            file_fp = REREAD
        units = len(documents) + len(row_errors)  # progress counts documents and failed rows
        self.total += max(units, 1) - 1
        self.done += len(row_errors) + (units == 0)
        single = file_fp is not None and len(documents) == 1 and documents[0].source == str(path)
        for document in documents:
            source = document.source or str(path)
            n = 2
            while source in self.ordinals:  # the same id twice in one table
                source = f"{document.source}~{n}"
                n += 1
            self.ordinals[source] = len(self.ordinals)
            if single:
                fp = str(file_fp)
                unchanged = self.known.get(source) == fp
            else:
                row_fp = fingerprint(document, self.version, self.opts.segmenter)
                fp = row_fp if file_fp is None else f"{file_fp}:{row_fp}"
                stored = self.known.get(source)
                unchanged = stored is not None and stored.rpartition(":")[2] == row_fp
                if unchanged and stored != fp:
                    self.refingerprinted[source] = fp
            if unchanged:
                self.result.skipped += 1
                self.tick(progress, source)
                continue
            yield Job(source, self.ordinals[source], fp), document

    def tick(self, progress: Progress | None, source: str) -> None:
        self.done += 1
        if progress:
            progress(self.done, self.total, source)


def stored_documents(path: Path, result: BatchResult, out: Path | None = None) -> list[SourceDocument]:
    """The documents of a batch output folder, read from its store (text, source and doc_id); the
    records that cannot be read are failures on ``result``."""
    # start-up: `import pipeline` (and --help) loads this module but not the store
    from pipeline.store.read import read_stored

    if out is not None and path.resolve() == out.resolve():
        raise PipelineError(f"{path}: is the output folder of this run (give its documents instead)")
    records, failures = read_stored(path)
    result.failures.extend(failures)
    return [
        SourceDocument(
            r.text,
            source=r.document.source or r.document.doc_id,
            meta={"id": r.document.doc_id},
            warnings=r.document.warnings,
        )
        for r in records
    ]


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: Any = None,
    segmenter: str | None = None,
    read_options: dict[str, Any] | None = None,
    registry: str | Path | None = None,
    force: bool = False,
    prune: bool = False,
    on_progress: Progress | None = None,
    out_dir: str | Path | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
    records: bool = True,
    csv: bool = True,
) -> BatchResult:
    """Extract every document under ``inputs`` into the store in ``out`` (see README "Outputs").

    Args:
        inputs: files and directories (directories are scanned recursively).
        out: the output folder; None keeps the records in memory (``result.records``) and writes nothing.
        workers: extraction processes (default: the number of cores); 1 extracts in this process.
        engine: ``"local"`` (a process pool) or ``"dask"`` (dask.distributed).
        scheduler: with ``engine="dask"``, the address of an existing scheduler (default: a LocalCluster).
        segmenter: the word segmentation engine (default: the pipeline's).
        read_options: options for table files and text decoding, see :func:`pipeline.read_documents`.
        registry: a registry CSV of known documents for citation resolution (default: none).
        force: extract every document again, even those stored unchanged.
        prune: delete stored documents that this run did not read.
        on_progress: called as ``(done, total, source)`` after each document.
        out_dir: the former name of ``out``.
        doc_timeout: seconds one document may take (None: no limit); a document over it is one
            ``DocumentTimeout`` failure and the worker goes on; the budget covers reading a file in
            the worker (OCR, conversion) and holds on Dask workers too (their task threads).
        records: write ``OUT/records/<id>.json`` (one JSON file per document; the store holds the same).
        csv: write ``OUT/tables/<table>.csv`` (the Parquet files hold the same). A file type turned off
            is removed from ``out`` when an earlier run wrote it, so that no stale copy stays.

    Returns:
        The :class:`BatchResult`; ``result.summary()`` is what ``summary.json`` holds.

    Raises:
        PipelineError: an invalid option, before anything is read.
        TypeError: ``inputs`` is one bare string or path (it would be read character by character).
    """
    inputs = check_inputs(inputs)
    opts = validate(
        out=out if out is not None else out_dir,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        segmenter=segmenter,
        read_options=read_options,
        registry=registry,
        doc_timeout=doc_timeout,
        records=records,
        csv=csv,
    )
    started = time.perf_counter()
    files, unsupported = scan_inputs(inputs)
    result = BatchResult(failures=list(unsupported))
    result.settings = {"workers": opts.workers, "engine": opts.engine, "segmenter": opts.segmenter}
    if opts.out is None:
        _run_in_memory(files, opts, result, on_progress)
    else:
        try:
            _run_into_store(files, opts, result, on_progress, force=force, prune=prune)
        except BaseException as exc:  # an error or Ctrl-C: summary.json says so, never "running"
            _write_failed(opts.out, result, exc)
            duckdb = sys.modules.get("duckdb")
            if duckdb is not None and isinstance(exc, duckdb.Error):  # disk full, read-only parquet/ ...
                reason = " ".join(str(exc).split())[:300]
                raise PipelineError(
                    f"{opts.out}: the store or its exports cannot be written ({reason})"
                ) from None
            raise
    result.seconds = time.perf_counter() - started
    if opts.out is not None:
        _write_run_files(opts.out, result)
    return result


def _extract(
    reader: _Reader, opts: BatchOptions, progress: Progress | None, *, rows: bool = False
) -> Iterator[tuple[Job, Any]]:
    """``(job, record payload)`` of every document extracted (with ``rows``, its store rows, built in
    the worker); failures recorded on the result."""

    def make() -> Any:
        extract = partial(extract_rows if rows else extract_payload, timeout=opts.doc_timeout)
        # a file sent unread is read in the worker, inside the document's budget
        task = partial(read_then, extract, timeout=opts.doc_timeout)
        return make_engine(opts.engine, opts.workers, opts.segmenter, opts.scheduler, task)

    for job, (status, value) in imap_unordered(make, reader.jobs(progress)):
        if status == "ok":
            reader.result.extracted += 1
            reader.result.n_chars += value.n_chars if rows else len(value.get("text", ""))
            yield job, value
        else:
            error, message = value
            reader.result.failures.append(Failure(job.source, error, message))
            yield job, None
        reader.tick(progress, job.source)


def _run_in_memory(
    files: list[Path], opts: BatchOptions, result: BatchResult, progress: Progress | None
) -> None:
    # start-up: `import pipeline` does not load the link layer
    from pipeline.link.resolve import resolve_citations

    reader = _Reader(files, opts, {}, result, in_worker=reads_in_worker(opts))
    done = [(job.ordinal, PolicyRecord.from_dict(p)) for job, p in _extract(reader, opts, progress) if p]
    records = unique_ids([r for _, r in sorted(done, key=lambda pair: pair[0])])
    result.records = resolve_citations(records, opts.registry) if records else []


def _run_into_store(
    files: list[Path],
    opts: BatchOptions,
    result: BatchResult,
    progress: Progress | None,
    *,
    force: bool,
    prune: bool,
) -> None:
    # cycle: pipeline/__init__ imports this module (through batch) before it sets __version__;
    # start-up: `import pipeline` does not load the exports or the store
    from pipeline import __version__
    from pipeline.batch.exports import (
        drop_unwanted_exports,
        existing_exports,
        expected_exports,
        write_exports,
    )
    from pipeline.store import DB_NAME, Store
    from pipeline.store.duck import Entry

    assert opts.out is not None
    opts.out.mkdir(parents=True, exist_ok=True)
    _write_summary(opts.out, {"status": "running"})
    started = time.perf_counter()
    with Store(opts.out / DB_NAME) as store:
        stored = store.fingerprints()
        reader = _Reader(files, opts, {} if force else stored, result, in_worker=reads_in_worker(opts))
        reader.stored = set(stored)
        info = {"pipeline_version": __version__, "segmenter": opts.segmenter}
        group: list[Entry] = []
        since = time.monotonic()
        for job, rows in _extract(reader, opts, progress, rows=True):
            if rows is None:
                store.remove(job.source)  # a changed document that now fails leaves no stale rows
            else:
                group.append(Entry(job.source, rows, job.fingerprint, job.ordinal))
            if group and (len(group) >= GROUP_SIZE or time.monotonic() - since > GROUP_SECONDS):
                store.put_many(group, **info)
                group, since = [], time.monotonic()
        if group:
            store.put_many(group, **info)
        store.set_fingerprints(reader.refingerprinted)
        for source in reader.unreadable:  # a stored document whose input now fails leaves no stale rows
            store.remove(source)
        t0 = time.perf_counter()
        resolver = citation_resolver(opts.registry)
        result.pruned = store.finalise(reader.ordinals, prune=prune, resolver=resolver)["pruned"]
        result.counts = store.counts()
        t1 = time.perf_counter()
        kinds = {"records": opts.records, "csv": opts.csv}
        drop_unwanted_exports(opts.out, **kinds)
        existing = existing_exports(opts.out, **kinds)
        complete = len(existing) == len(
            expected_exports(opts.out, has_documents=result.counts["documents"] > 0, **kinds)
        )
        fresh = complete and not store.exports_stale
        result.outputs = (
            existing
            if fresh
            else write_exports(
                store,
                opts.out,
                opts.registry,
                parallel=opts.engine == "local" and opts.workers > 1,
                failures=result.failures,
                **kinds,
            )
        )
        result.timings = {
            "extract_and_store": round(t0 - started, 3),
            "finalise": round(t1 - t0, 3),
            "exports": round(time.perf_counter() - t1, 3),
        }


def reads_in_worker(opts: BatchOptions) -> bool:
    """Whether one-document files are read by the workers: always, except on a Dask cluster given by
    ``--scheduler`` (its workers may not see this machine's files)."""
    return opts.engine == "local" or opts.scheduler is None


def citation_resolver(registry: Any) -> Any:
    """What the store resolves citations with: the link layer's rules over the batch and ``registry``."""
    from pipeline.link.resolve import BatchIndex, resolve_citation  # networkx-free, but not needed by --help

    def make(stubs: list[PolicyRecord]) -> Any:
        index = BatchIndex(stubs, registry)
        return lambda citation, doc_id: resolve_citation(index, citation, doc_id)

    return make


def _write_failed(out: Path, result: BatchResult, exc: BaseException) -> None:
    """``summary.json`` of a run that stopped: status ``failed`` (``interrupted`` after Ctrl-C) and why."""
    status = "interrupted" if isinstance(exc, KeyboardInterrupt | SystemExit) else "failed"
    reason = " ".join(str(exc).split())[:500] or type(exc).__name__
    try:
        _write_summary(out, {"status": status, "error": reason, "failures": len(result.failures)})
    except OSError:  # the disk is full or the folder read-only: the error already says what happened
        logger.warning("%s: could not record the run's status", out / "summary.json")


def _write_summary(out: Path, summary: dict[str, Any]) -> None:
    with atomic_text(out / "summary.json", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=2)


def _write_run_files(out: Path, result: BatchResult) -> None:
    """``failures.csv`` and ``summary.json`` (written last: its ``status`` says the run completed)."""
    path = out / "failures.csv"
    write_csv(path, FAILURE_COLUMNS, ([f.to_dict()[c] for c in FAILURE_COLUMNS] for f in result.failures))
    result.outputs["failures"] = str(path)
    result.outputs["summary"] = str(out / "summary.json")
    _write_summary(out, {"status": "complete", **result.summary(), "outputs": result.outputs})
