"""The one way the project opens a DuckDB file: extensions never installed or loaded on their own, and a
file that is not a DuckDB store refused before DuckDB reads it.

DuckDB would otherwise download an extension over HTTP to read a file it does not recognise (an SQLite
file named ``policy.duckdb`` makes it fetch ``sqlite_scanner``); no code may download anything at run time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

# A DuckDB database file: an 8-byte checksum, then the magic bytes.
_MAGIC, _MAGIC_AT = b"DUCK", 8
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# DuckDB's memory limit, set explicitly (its own default is 80% of the machine's memory): a store's
# queries and exports spill to disk beyond it, so a big corpus keeps the run's memory flat. A DuckDB
# size string; the environment variable overrides it.
MEMORY_ENV, MEMORY_LIMIT = "POLICY_PIPELINE_DUCKDB_MEMORY", "2GB"


_SIZE_RE = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B)?\s*", re.IGNORECASE)


def config() -> dict[str, Any]:
    """The settings every connection opens with.

    Raises:
        PipelineError: ``$POLICY_PIPELINE_DUCKDB_MEMORY`` is not a size (1GB, 512MB).
    """
    limit = os.environ.get(MEMORY_ENV) or MEMORY_LIMIT
    if not _SIZE_RE.fullmatch(limit):
        raise PipelineError(f"${MEMORY_ENV} must be a size such as 2GB or 512MB, not {limit!r}")
    return {**CONFIG, "memory_limit": limit.strip()}


def not_a_store(path: Path) -> str | None:
    """Why ``path`` (when it exists and is not empty) cannot be a DuckDB store, or None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    if not head:
        return None
    if head.startswith(b"SQLite format 3"):
        return "an SQLite file, not a DuckDB store"
    if head[_MAGIC_AT : _MAGIC_AT + len(_MAGIC)] != _MAGIC:
        return "not a DuckDB store (truncated or another kind of file)"
    return None


def connect(path: Path | str, *, read_only: bool = False) -> Any:
    """A DuckDB connection to ``path`` with extension auto-install and auto-load off and the memory
    limit of :func:`config`.

    Raises:
        ValueError: ``path`` exists but is not a DuckDB file (the message says why).
        duckdb.Error: DuckDB refused it (locked by another process ...).
    """
    import duckdb

    if str(path) != ":memory:" and (reason := not_a_store(Path(path))):
        raise ValueError(reason)
    return duckdb.connect(str(path), read_only=read_only, config=config())
