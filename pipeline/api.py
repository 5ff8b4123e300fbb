"""The library's verbs for single documents: :func:`extract` and :func:`extract_file`."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

# new_context and make_doc_id live beside DocContext; imported here so ``pipeline.api`` keeps its names
from pipeline.context import META_KEYS as META_KEYS
from pipeline.context import make_doc_id as make_doc_id
from pipeline.context import new_context as new_context
from pipeline.errors import PipelineError
from pipeline.ingest import read_document, read_documents
from pipeline.models import PolicyRecord, SourceDocument, set_doc_builder


def _record_doc(record: PolicyRecord) -> Any:
    """The Doc of a record read back, with its span groups (``record.doc``)."""
    # imported when a Doc is asked for: spaCy and the pipeline are not loaded by ``import pipeline``
    from pipeline.components import build_doc
    from pipeline.nlp import get_nlp

    return build_doc(get_nlp(), record)


set_doc_builder(_record_doc)


def extract(
    text: str,
    *,
    source: str | None = None,
    meta: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    segmenter: str | None = None,
    registry: Any = None,
    pages: Sequence[tuple[int, int]] = (),
) -> PolicyRecord:
    """Extract a :class:`PolicyRecord` from one document's text.

    Args:
        text: the decoded document text; every offset in the result refers to it.
        source: where the text came from (a path), kept in ``document.source``.
        meta: known metadata (``id``, ``title``, ``date``, ``issuer``, ``doc_number`` ...) that
            overrides what is detected in the text.
        warnings: what ingestion repaired, kept in ``document.warnings``.
        pages: the page map of a paged file (``(start, end)`` in ``text`` per page), kept in
            ``document.pages``.
        segmenter: the word segmentation engine, ``"rjieba"`` or ``"jieba"`` (default:
            :func:`pipeline.nlp.default_segmenter`).
        registry: known documents the citation stage resolves against: a
            :class:`~pipeline.link.registry.Registry`, a registry CSV path, or None (no registry).
            The same call always gives the same citations: there is no process-wide registry.

    Returns:
        The record; ``record.doc`` is the spaCy ``Doc`` with span groups for displaCy, built the
        first time it is read (no stage needs it; tokenising is about 40% of an extraction).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the document text as str, not {type(text).__name__}")
    # spaCy: loaded by the first extraction, not by `import pipeline`
    from pipeline.nlp import get_nlp

    nlp = get_nlp(segmenter)
    if len(text) > nlp.max_length:
        where = f"{source}: " if source else ""
        raise PipelineError(
            f"{where}text of {len(text):,} characters exceeds the limit of {nlp.max_length:,}"
        )
    if registry is not None and not hasattr(registry, "lookup"):
        # start-up: `import pipeline` does not load the registry (nor the citation patterns it reads)
        from pipeline.link.registry import load_registry

        registry = load_registry(registry)
    ctx = new_context(text, source=source, meta=meta, warnings=warnings, registry=registry, pages=pages)
    from pipeline.components import StageComponent, build_doc, paused_gc  # with get_nlp: on first use

    doc = None  # the spaCy Doc: built when a component of the user's needs it, else on demand
    with paused_gc():  # speed only: see paused_gc
        for _name, component in nlp.pipeline:
            if doc is None and isinstance(component, StageComponent):
                component.run(ctx)  # a stage reads and fills the context, never the Doc
                continue
            if doc is None:
                doc = build_doc(nlp, ctx, ctx)  # the stages so far, mirrored into span groups
            doc = component(doc)
    ctx.meta = dataclasses.replace(ctx.meta, doc_id=make_doc_id(ctx.meta, ctx.meta_overrides))
    return ctx.to_record(doc if doc is not None else functools.partial(build_doc, nlp, ctx, ctx))


def extract_document(
    document: SourceDocument, *, segmenter: str | None = None, registry: Any = None
) -> PolicyRecord:
    """Extract a record from an ingested :class:`SourceDocument` (``registry`` as in :func:`extract`)."""
    return extract(
        document.text,
        source=document.source,
        meta=document.meta,
        warnings=document.warnings,
        segmenter=segmenter,
        registry=registry,
        pages=document.pages,
    )


def iter_file_records(
    path: str | Path, *, segmenter: str | None = None, registry: Any = None, **read_options: Any
) -> Iterator[PolicyRecord]:
    """One record per document in ``path`` (a table file holds many); see :func:`pipeline.read_documents`."""
    if registry is not None and not hasattr(registry, "lookup"):  # loaded once, not per document
        # start-up: `import pipeline` does not load the registry (nor the citation patterns it reads)
        from pipeline.link.registry import load_registry

        registry = load_registry(registry)
    for document in read_documents(path, **read_options):
        yield extract_document(document, segmenter=segmenter, registry=registry)


def extract_file(
    path: str | Path, *, segmenter: str | None = None, registry: Any = None, **read_options: Any
) -> PolicyRecord:
    """Read one document file (txt, md, docx, html) and extract its record.

    For table files holding many documents use :func:`iter_file_records`.
    """
    # start-up: `import pipeline` does not load the metadata tables
    from pipeline.ingest.metadata import apply_metadata, metadata_option

    table = metadata_option(read_options.pop("metadata", None))
    document = apply_metadata(read_document(path, **read_options), table)
    return extract_document(document, segmenter=segmenter, registry=registry)
