"""Where extraction runs: in this process, in a local process pool, or on a Dask cluster.

Documents (:class:`~pipeline.models.SourceDocument`) go to the workers; each worker builds the spaCy
pipeline once (the pool's initializer, or a Dask worker plugin) and sends back the record as a plain
dict (:func:`extract_payload`), or, for a run into the store, as ready table rows (:func:`extract_rows`)
so the main process only inserts them. :func:`imap_unordered` keeps a bounded number of documents in flight,
so memory does not grow with the size of the batch.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from pipeline import api
from pipeline.errors import PipelineError
from pipeline.models import SourceDocument

logger = logging.getLogger(__name__)
J = TypeVar("J")
Outcome = tuple[str, Any]  # ("ok", record payload) or ("error", (error type, message))


def die_with_parent() -> None:
    """On Linux, have the kernel send SIGTERM to this process when its parent dies (a killed run leaves
    no worker holding memory and pipes); elsewhere nothing."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            logger.debug("prctl(PR_SET_PDEATHSIG) is not available")


def init_worker(segmenter: str | None = None) -> None:
    """Build the pipeline once in this worker process."""
    # spaCy: loaded by the worker's first build, not by `import pipeline`
    from pipeline.nlp import get_nlp

    get_nlp(segmenter)


class DocumentTimeout(BaseException):
    """One document took longer than its budget (``doc_timeout``, ``--doc-timeout`` on the command line).

    A ``BaseException``, so that no reader's or rule's ``except Exception`` turns it into an error of its
    own (``has an unreadable page (DocumentTimeout …)``): it reaches the budget's owner.
    """


_budget = threading.local()  # .active: a budget is running in this thread (an inner one is a no-op)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this block after ``seconds``; ``None``: no limit.

    In a process's main thread, a real-time alarm (SIGALRM) interrupts the work; in another thread (a Dask
    worker runs tasks in threads) a timer raises the exception in the working thread between two Python
    steps (``PyThreadState_SetAsyncExc``: a long call inside C, one regular expression, ends first). A
    budget opened inside another (reading, then extracting) adds nothing: the outer one holds.
    """
    if seconds is None or getattr(_budget, "active", False):
        yield
        return
    message = f"took longer than the budget of {seconds:g} s (doc_timeout)"
    _budget.active = True
    try:
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            with _alarm(seconds, message):
                yield
        else:
            with _thread_timer(seconds, message):
                yield
    finally:
        _budget.active = False


@contextmanager
def _alarm(seconds: float, message: str) -> Iterator[None]:
    def expire(_signum: int, _frame: Any) -> None:
        raise DocumentTimeout(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_timer(seconds: float, message: str) -> Iterator[None]:
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    lock, state = threading.Lock(), {"done": False}
    # raised asynchronously, the exception is made from its class alone: the class carries the message
    expired = type("DocumentTimeout", (DocumentTimeout,), {"__str__": lambda self: message})

    def expire() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()


def init_pool_worker(segmenter: str | None = None) -> None:
    """A pool process: dies with its parent, then builds the pipeline once."""
    die_with_parent()
    init_worker(segmenter)


def extract_payload(
    document: SourceDocument, segmenter: str | None = None, *, timeout: float | None = None
) -> Outcome:
    """Extract one document; the record as ``to_dict(include_text=True)``, or the error. Never raises.

    ``timeout``: seconds the document may take; over it, the outcome is a ``DocumentTimeout`` error
    and the worker goes on with the next document.
    """
    try:
        with time_budget(timeout):
            record = api.extract_document(document, segmenter=segmenter)
        return "ok", record.to_dict(include_text=True)
    except DocumentTimeout as exc:
        return "error", ("DocumentTimeout", str(exc))
    except PipelineError as exc:
        return "error", (type(exc).__name__, str(exc))
    except Exception as exc:  # a bug: recorded with its type, the batch goes on
        logger.exception("unexpected error on %s", document.source)
        return "error", ("InternalError", f"internal error ({type(exc).__name__}: {exc})")


def extract_rows(
    document: SourceDocument, segmenter: str | None = None, *, timeout: float | None = None
) -> Outcome:
    """Extract one document; its store rows (:func:`~pipeline.store.schema.payload_rows`), or the error."""
    # start-up: `import pipeline` (and --help) loads this module but not the store
    from pipeline.store.schema import payload_rows

    status, value = extract_payload(document, segmenter, timeout=timeout)
    return (status, payload_rows(value)) if status == "ok" else (status, value)


Task = Callable[[SourceDocument, "str | None"], Outcome]


class Engine(Protocol):
    """Submits documents and waits for any of the submitted ones."""

    slots: int  # documents kept in flight

    def submit(self, document: SourceDocument) -> Any: ...

    def wait_any(self, futures: set[Any]) -> set[Any]: ...

    def close(self) -> None: ...


class InlineEngine:
    """One worker: extraction in this process, no pool."""

    slots = 1

    def __init__(self, segmenter: str | None, task: Task = extract_payload) -> None:
        self.segmenter, self.task = segmenter, task
        init_worker(segmenter)

    def submit(self, document: SourceDocument) -> Future:
        future: Future = Future()
        future.set_result(self.task(document, self.segmenter))
        return future

    def wait_any(self, futures: set[Any]) -> set[Any]:
        return set(futures)

    def close(self) -> None:
        return None


def pool_context() -> Any:
    """The start method of worker processes: a fork server that has imported the pipeline once."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["pipeline.api", "pipeline.nlp", "pipeline.components", "pipeline.batch.orphans"]
    )
    return context


class PoolEngine:
    """A local process pool; each process builds the pipeline once."""

    def __init__(self, workers: int, segmenter: str | None, task: Task = extract_payload) -> None:
        context = pool_context()
        self.segmenter, self.task = segmenter, task
        self.slots = 2 * workers + 1
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=init_pool_worker, initargs=(segmenter,)
        )

    def submit(self, document: SourceDocument) -> Future:
        return self.pool.submit(self.task, document, self.segmenter)

    def wait_any(self, futures: set[Any]) -> set[Any]:
        return wait(futures, return_when=FIRST_COMPLETED).done

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_engine(
    name: str, workers: int, segmenter: str | None, scheduler: Any = None, task: Task = extract_payload
) -> Engine:
    """The engine for ``--engine`` and ``--workers``; ``task`` is what runs on each document."""
    if name == "dask":
        # optional dependency (dask extra); cycle: dask_engine imports this module
        from pipeline.batch.dask_engine import DaskEngine

        return DaskEngine(workers, segmenter, scheduler, task)
    if workers == 1:
        return InlineEngine(segmenter, task)
    return PoolEngine(workers, segmenter, task)


def imap_unordered(
    make: Callable[[], Engine], jobs: Iterable[tuple[J, SourceDocument]]
) -> Iterator[tuple[J, Outcome]]:
    """``(job, outcome)`` as documents finish, at most ``engine.slots`` of them in flight.

    The engine is made from ``make`` when the first document arrives (a run with nothing to extract
    starts no worker) and closed at the end.
    """
    pending: dict[Any, J] = {}
    it = iter(jobs)
    engine: Engine | None = None
    exhausted = False
    try:
        while True:
            while not exhausted and (engine is None or len(pending) < engine.slots):
                try:
                    job, document = next(it)
                except StopIteration:
                    exhausted = True
                    break
                engine = engine or make()
                pending[engine.submit(document)] = job
            if not pending or engine is None:
                return
            for future in engine.wait_any(set(pending)):
                job = pending.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # a worker died or the cluster failed this task
                    outcome = "error", ("WorkerError", f"{type(exc).__name__}: {exc}")
                yield job, outcome
    finally:
        if engine is not None:
            engine.close()
