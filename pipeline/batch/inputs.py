"""A batch's inputs and options: the directory scan and every check made before extraction starts."""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import ingest
from pipeline.batch.engines import DocumentTimeout, time_budget
from pipeline.batch.results import Failure
from pipeline.errors import IngestError, OptionError, ParameterError, PipelineError
from pipeline.ids import input_key
from pipeline.ingest import SUPPORTED_SUFFIXES, _checked
from pipeline.segmenters import check_segmenter

logger = logging.getLogger(__name__)

# Files a directory scan leaves alone: documentation and the citation registry live beside the corpus.
SKIPPED_NAMES = re.compile(r"^(README.*|CHANGELOG.*|REGISTRY.*|registry\.csv|\..*)$", re.IGNORECASE)
ENGINES = ("local", "dask")
# Seconds one document may take (doc_timeout): a budget no real document meets (the slowest of the 218
# shared documents takes about a second), so a pathological input is one failure, not a stalled worker.
DOC_TIMEOUT = 300.0
# The options of pipeline.read_documents; metadata: a table of supplied metadata
# (pipeline.ingest.metadata), or its path
READ_OPTIONS = (
    "text_column",
    "encoding",
    *(f"{f}_column" for f in ("id", "title", "date", "issuer", "doc_number")),
    "metadata",
)


def check_inputs(inputs: Any) -> list[Path]:
    """``inputs`` as paths; a bare string or path is refused (it would be iterated character by character)."""
    if isinstance(inputs, str | Path):
        raise TypeError(f"inputs must be a list of paths, not a single {type(inputs).__name__} ({inputs!r})")
    return [Path(item) for item in inputs]


def is_batch_output(path: Path) -> bool:
    """True when ``path`` is a batch output folder (``run --out``): ``summary.json`` beside the store
    ``policy.duckdb`` or a ``records/`` folder. Its files are results, never documents."""
    return (
        path.is_dir()
        and (path / "summary.json").is_file()
        and ((path / "policy.duckdb").is_file() or (path / "records").is_dir())
    )


def scan_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Files to read, and a failure for each unsupported file a directory scan finds.

    Each file given is read as given (a missing or unsupported one fails when read); directories are
    scanned recursively (symbolic links followed, each folder once), skipping documentation, the
    registry and hidden files. A batch output folder (:func:`is_batch_output`) given as an input is one
    input, read from its store; one met by a scan is skipped whole (its files are results, never
    documents). A file reached twice is read once, under its :func:`pipeline.ids.input_key`. A folder
    that cannot be listed and a broken or looping link found by the scan are failures; the rest is
    processed.

    Raises:
        IngestError: an input that is a symbolic link loop.
    """
    files: list[Path] = []
    skipped: list[Failure] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(input_key(p))  # one key however the path is spelt (pipeline.ids)

    for item in inputs:
        path = Path(item)
        try:
            path.resolve(strict=False)
        except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop"
            raise IngestError(path, "is a symbolic link that loops (it points back to itself)") from None
        if not path.is_dir() or is_batch_output(path):
            add(path)
            continue
        for p, failure in _walk(path):
            if SKIPPED_NAMES.match(p.name) or any(part.startswith(".") for part in p.relative_to(path).parts):
                continue
            if failure is not None:
                skipped.append(failure)
            elif p.suffix.lower() in SUPPORTED_SUFFIXES:
                add(p)
            else:
                skipped.append(Failure(str(p), "UnsupportedFile", _unsupported_reason(p)))
    return files, skipped


def _walk(root: Path) -> Iterator[tuple[Path, Failure | None]]:
    """Every file under ``root`` in sorted order, or a failure for what cannot be scanned: a folder that
    cannot be listed (no read or execute permission), a broken link, a link loop."""
    folders: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    entries: list[tuple[Path, Failure | None]] = []
    for top, dirs, names in os.walk(root, onerror=errors.append, followlinks=True):
        try:
            st = os.stat(top)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in folders:  # a link back to a folder already scanned
            entries.append(
                (Path(top), Failure(top, "SymlinkLoop", "a symbolic link to a folder already scanned"))
            )
            dirs[:] = []
            continue
        folders.add((st.st_dev, st.st_ino))
        if top != str(root) and is_batch_output(Path(top)):  # `run corpora --out corpora/out`: skipped
            dirs[:] = []
            continue
        dirs.sort()
        for name in names:
            p = Path(top, name)
            if p.is_file():
                entries.append((p, None))
            elif p.is_symlink():
                why = "broken or looping symbolic link (its target cannot be reached)"
                entries.append((p, Failure(str(p), "BrokenLink", why)))
    for err in errors:
        where = str(err.filename or root)
        entries.append(
            (Path(where), Failure(where, "UnreadableFolder", f"cannot list the folder ({err.strerror})"))
        )
    return iter(sorted(entries, key=lambda e: e[0]))


def _unsupported_reason(path: Path) -> str:
    try:
        _checked(path)
    except IngestError as exc:
        return exc.reason
    return "unsupported file type"  # pragma: no cover - _checked rejects every unsupported suffix


def collect_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files to read: each file as given, each directory scanned recursively for supported files."""
    return scan_inputs(inputs)[0]


@dataclass(frozen=True)
class BatchOptions:
    """Checked options of a batch run."""

    out: Path | None
    workers: int
    engine: str
    scheduler: Any
    segmenter: str  # the engine every worker uses, part of each document's fingerprint
    read_options: Mapping[str, Any]
    registry: Any  # the loaded Registry
    doc_timeout: float | None = DOC_TIMEOUT  # seconds one document may take in a worker (None: no limit)
    records: bool = True  # write OUT/records/<id>.json
    csv: bool = True  # write OUT/tables/<table>.csv


def _segmenter(name: str | None) -> str:
    """The engine ``segmenter`` names (None: the default), resolved here so that every worker, local
    or remote, uses the engine the fingerprints record."""
    try:
        return check_segmenter(name)
    except OptionError as exc:
        raise OptionError("segmenter", name, exc.valid) from None


def validate(
    *,
    out: str | Path | None,
    workers: int | None,
    engine: str,
    scheduler: Any,
    segmenter: str | None,
    read_options: Mapping[str, Any] | None,
    registry: str | Path | None,
    doc_timeout: float | None = DOC_TIMEOUT,
    records: bool = True,
    csv: bool = True,
) -> BatchOptions:
    """Every option checked (and the registry loaded) before any document is read.

    Raises:
        ParameterError: a message naming the parameter and what is wrong with it (the CLI names its flag).
    """
    workers = _check_engine(engine, scheduler, workers)
    if doc_timeout is not None and (
        isinstance(doc_timeout, bool) or not isinstance(doc_timeout, int | float) or not doc_timeout > 0
    ):
        raise ParameterError(
            f"{{doc_timeout}} must be a number of seconds > 0, not {doc_timeout!r}", "doc_timeout"
        )
    out_path = _check_out(out)
    options = _check_read_options(read_options)
    loaded = _load_registry(registry)
    return BatchOptions(
        out_path,
        workers,
        engine,
        scheduler,
        _segmenter(segmenter),
        options,
        loaded,
        doc_timeout,
        records=bool(records),
        csv=bool(csv),
    )


def _check_engine(engine: str, scheduler: Any, workers: int | None) -> int:
    """``engine``, ``scheduler`` and ``workers``; the number of workers (default: the cores)."""
    if engine not in ENGINES:
        raise OptionError("engine", engine, ENGINES)
    if scheduler is not None and engine != "dask":
        raise ParameterError("{scheduler} is only used with {engine} dask", "scheduler", "engine")
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"{{workers}} must be a whole number >= 1, not {workers!r}", "workers")
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ParameterError(
                "{engine} dask needs dask.distributed: pip install 'policy-pipeline[dask]'", "engine"
            ) from None
    return workers


def _check_out(out: str | Path | None) -> Path | None:
    """``out``: a folder (or a path that can become one) under a writable parent."""
    out_path = None if out is None else Path(out)
    if out_path is not None:
        if out_path.exists() and not out_path.is_dir():
            raise ParameterError(f"{{out}} {out_path}: exists and is not a folder", "out")
        parent = next((p for p in (out_path, *out_path.parents) if p.exists()), Path("."))
        if not os.access(parent, os.W_OK):
            raise ParameterError(f"{{out}} {out_path}: {parent} is not writable", "out")
    return out_path


def _check_read_options(read_options: Mapping[str, Any] | None) -> dict[str, Any]:
    """Known read options and a known ``encoding``."""
    options = dict(read_options or {})
    for key in options:
        if key not in READ_OPTIONS:
            raise OptionError("read option", key, READ_OPTIONS)
    if options.get("metadata") is not None:  # loaded once here, not by every worker
        # start-up: `import pipeline` does not load the metadata tables
        from pipeline.ingest.metadata import metadata_option

        options["metadata"] = metadata_option(options["metadata"])
    if options.get("encoding"):
        try:
            codecs.lookup(options["encoding"])
        except LookupError:
            raise ParameterError(
                f"{{encoding}} {options['encoding']!r}: unknown encoding", "encoding"
            ) from None
    return options


def _load_registry(registry: str | Path | None) -> Any:
    """``registry``: the loaded registry, or an error naming the parameter."""
    # start-up: `import pipeline` does not load the registry (nor the citation patterns it reads)
    from pipeline.link.registry import load_registry

    try:
        return load_registry(registry)
    except PipelineError as exc:
        raise ParameterError(f"{{registry}}: {exc}", "registry") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(
            f"{{registry}} {registry}: cannot be read as a UTF-8 CSV ({exc})", "registry"
        ) from None


@dataclass(frozen=True)
class FileInput:
    """A one-document file sent to a worker unread: it is read (parsed, OCR'd, converted) there."""

    path: str
    read_options: Mapping[str, Any]
    source: str = ""  # what a worker's log names

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", self.source or self.path)


def read_then(
    task: Any, item: Any, segmenter: str | None = None, *, timeout: float | None = None
) -> tuple[str, Any]:
    """``task(document, segmenter)`` on ``item``, a document or a :class:`FileInput` read here first; a
    file that cannot be read is the outcome ``("error", (error type, reason))``. Never raises.

    ``timeout`` (``--doc-timeout``) covers the reading and the task together: a PDF whose OCR or a
    file whose conversion runs over it is one ``DocumentTimeout`` outcome, as an extraction is.
    """
    try:
        with time_budget(timeout):
            if isinstance(item, FileInput):
                try:
                    (item,) = ingest.read_documents(item.path, **item.read_options)
                except PipelineError as exc:
                    return "error", (type(exc).__name__, getattr(exc, "reason", None) or str(exc))
                except Exception as exc:  # a reader bug: recorded, the batch goes on
                    logger.exception("unexpected error reading %s", item.path)
                    return "error", ("InternalError", f"{type(exc).__name__}: {exc}")
            return task(item, segmenter)
    except DocumentTimeout as exc:
        return "error", ("DocumentTimeout", str(exc))
