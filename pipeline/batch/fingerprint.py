"""What decides whether a stored document is current: the bytes of its file (a table row: also its
text and metadata), the read options that shape it, the segmenter, and the pipeline that extracted it --
the digest of the package's own code (every ``pipeline/**/*.py``) beside the resource files in effect, so
that any change to a stage or a lexicon re-extracts.

A file's fingerprint (:func:`file_fingerprint`) is computed from its bytes before it is read, so an
unchanged file is skipped without being read (no PDF parsed, no page OCR'd). A table row's stored
fingerprint is ``"{file fingerprint}:{row fingerprint}"``: the file part gates the re-read of the whole
table, the row part (:func:`fingerprint`, its text and metadata) whether a row of a changed table is
extracted again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.context import sha256_of
from pipeline.models import SourceDocument
from pipeline.resources import vocabulary_digest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@cache
def code_digest(root: Path = PACKAGE_ROOT) -> str:
    """A short hash of every ``*.py`` file under ``root`` (path and bytes), computed once per process."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pipeline_digest() -> str:
    """The version, the code digest and the resource digest (the resources may change under
    ``$POLICY_PIPELINE_RESOURCES``, so they are hashed each time; the code is not)."""
    # cycle: pipeline/__init__ imports this module (through batch) before it sets __version__
    from pipeline import __version__

    return f"{__version__}+{code_digest()}+{vocabulary_digest()}"


def fingerprint(document: SourceDocument, version: str, segmenter: str) -> str:
    """The fingerprint of ``document`` extracted by pipeline ``version`` (:func:`pipeline_digest`)."""
    key = [sha256_of(document.text), document.meta, version, segmenter]
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode("utf-8")).hexdigest()


# The stored file part of a table row's fingerprint when the table had failing rows: never equal to a
# file fingerprint, so such a table is read again (and its failing rows reported again) on every run.
REREAD = "reread"


def file_digest(path: Path) -> str:
    """The sha256 of the file's bytes (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_fingerprint(
    path: Path, version: str, segmenter: str, read_options: Mapping[str, Any], *, table: bool
) -> str:
    """The fingerprint of the file ``path`` read with ``read_options`` and extracted by pipeline
    ``version``: its bytes and what else shapes its documents (``--encoding``; for a table its column
    options and the whole metadata table; for a document the metadata row that names it).

    Raises:
        OSError: the file cannot be read.
    """
    options = {k: v for k, v in read_options.items() if k != "metadata" and (table or k == "encoding")}
    metadata = read_options.get("metadata")
    if metadata is None:
        supplied: Any = None
    elif table:
        supplied = asdict(metadata)
    else:
        supplied = metadata.lookup(str(path))
    key = [file_digest(path), options, supplied, version, segmenter]
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode("utf-8")).hexdigest()
