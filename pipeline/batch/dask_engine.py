"""The Dask engine: extraction on dask.distributed, an existing cluster or a LocalCluster.

Needs the ``dask`` extra (``pip install 'policy-pipeline[dask]'``) here and policy-pipeline installed
on every worker of a real cluster. A worker plugin builds the pipeline once per worker.
"""

from __future__ import annotations

from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin
from distributed import wait as dask_wait

from pipeline.batch.engines import Task, extract_payload, init_worker
from pipeline.models import SourceDocument


class PipelinePlugin(WorkerPlugin):
    """Builds the spaCy pipeline when a worker starts (and on workers that join later)."""

    name = "policy-pipeline"

    def __init__(self, segmenter: str | None) -> None:
        self.segmenter = segmenter

    def setup(self, worker: Any) -> None:
        init_worker(self.segmenter)


class DaskEngine:
    """Submits documents to a dask.distributed cluster."""

    def __init__(
        self, workers: int, segmenter: str | None, scheduler: Any = None, task: Task = extract_payload
    ) -> None:
        self.segmenter, self.task = segmenter, task
        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            scheduler = self.cluster
        self.client = Client(scheduler)
        self.client.register_plugin(PipelinePlugin(segmenter))
        n = len(self.client.scheduler_info().get("workers", {})) or workers
        self.slots = 2 * n + 1

    def submit(self, document: SourceDocument) -> Any:
        return self.client.submit(self.task, document, self.segmenter, pure=False)

    def wait_any(self, futures: set[Any]) -> set[Any]:
        return set(dask_wait(list(futures), return_when="FIRST_COMPLETED").done)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
