"""Imported by the pool's fork server only (its preload list, :func:`pipeline.batch.engines.pool_context`):
the fork server asks the kernel for SIGTERM when the run that started it dies, even by ``kill -9``, so
it and the workers it forked (each dies with the fork server, see ``init_pool_worker``) never outlive
the run, holding its memory, pipes and store."""

from pipeline.batch.engines import die_with_parent

die_with_parent()
