"""The one id policy: how a document's ``doc_id`` is bounded, made unique and turned into a file name.

* :func:`bounded_id` -- an id longer than :data:`MAX_ID_BYTES` (UTF-8) keeps its first characters and
  gains ``~`` and a 10-hex-digit hash of the whole id, so ids stay distinct and fit a file name.
* :func:`unique_ids` -- an id used twice becomes ``id#2``, ``id#3`` in input order (the store's
  ``finalise`` numbers its documents the same way), so the store, compare, report and tasks agree.
* :func:`file_stem` -- the file name of an id (``records/<stem>.json``, report pages): characters no
  common filesystem accepts become ``_``, and the result is bounded like an id.
* :func:`input_key` -- the key of an input file: its normalised absolute path relative to the current
  working directory (the documented root) when it lies under it, else the absolute path; so ``in/good``,
  ``./in/good`` and ``/abs/path/in/good`` are one document, and a path given relative keeps its key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MAX_ID_BYTES = 200  # + ".json" and a "_" or two stays far below the 255-byte limit of a file name
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')


def bounded_id(doc_id: str, limit: int = MAX_ID_BYTES) -> str:
    """``doc_id`` itself when it fits ``limit`` UTF-8 bytes, else its head, ``~`` and a hash of it all."""
    if len(doc_id.encode("utf-8")) <= limit:
        return doc_id
    tail = "~" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:10]
    head = doc_id.encode("utf-8")[: limit - len(tail)].decode("utf-8", errors="ignore")
    return head + tail


def file_stem(name: str) -> str:
    """A file name for ``name`` valid on every common filesystem (CJK kept), at most MAX_ID_BYTES."""
    return bounded_id(_UNSAFE.sub("_", name).strip("._") or "document")


def unique_ids(records: Iterable[Any]) -> list[Any]:
    """The records with duplicate ``doc_id`` s made unique (``id#2``, ``id#3`` in input order)."""
    seen: dict[str, int] = {}
    out = []
    for record in records:
        doc_id = record.document.doc_id
        seen[doc_id] = seen.get(doc_id, 0) + 1
        if seen[doc_id] > 1:
            new_id = f"{doc_id}#{seen[doc_id]}"
            logger.info("%s: doc_id %r already used; using %r", record.document.source, doc_id, new_id)
            record = dataclasses.replace(record, document=dataclasses.replace(record.document, doc_id=new_id))
        out.append(record)
    return out


def input_key(path: str | Path) -> Path:
    """The key of an input path (see the module docstring): the same file spelt differently, one key."""
    absolute = Path(os.path.normpath(os.path.abspath(path)))
    try:
        return absolute.relative_to(Path(os.path.abspath(os.getcwd())))
    except ValueError:
        return absolute
