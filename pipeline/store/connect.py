"""The one way the project opens a DuckDB file: extensions never installed or loaded on their own, and a
file that is not a DuckDB store refused before DuckDB reads it.

DuckDB would otherwise download an extension over HTTP to read a file it does not recognise (an SQLite
file named ``policy.duckdb`` makes it fetch ``sqlite_scanner``); no code may download anything at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# A DuckDB database file: an 8-byte checksum, then the magic bytes.
_MAGIC, _MAGIC_AT = b"DUCK", 8
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


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
    """A DuckDB connection to ``path`` with extension auto-install and auto-load off.

    Raises:
        ValueError: ``path`` exists but is not a DuckDB file (the message says why).
        duckdb.Error: DuckDB refused it (locked by another process ...).
    """
    import duckdb

    if str(path) != ":memory:" and (reason := not_a_store(Path(path))):
        raise ValueError(reason)
    return duckdb.connect(str(path), read_only=read_only, config=dict(CONFIG))
