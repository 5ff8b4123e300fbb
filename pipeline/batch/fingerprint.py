"""What decides whether a stored document is current: its text and metadata, the segmenter, and the
pipeline that extracted it -- the digest of the package's own code (every ``pipeline/**/*.py``) beside
the resource files in effect, so that any change to a stage or a lexicon re-extracts."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from pipeline.models import SourceDocument

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
    from pipeline import __version__
    from pipeline.resources import vocabulary_digest

    return f"{__version__}+{code_digest()}+{vocabulary_digest()}"


def fingerprint(document: SourceDocument, version: str, segmenter: str) -> str:
    """The fingerprint of ``document`` extracted by pipeline ``version`` (:func:`pipeline_digest`)."""
    from pipeline.context import sha256_of

    key = [sha256_of(document.text), document.meta, version, segmenter]
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode("utf-8")).hexdigest()
