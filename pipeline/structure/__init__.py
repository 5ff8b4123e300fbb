"""Document structure: header, clause tree, sentences and tables (the first stage of the pipeline).

:func:`run` fills ``ctx.meta`` (header), ``ctx.clauses``, ``ctx.sentences`` and ``ctx.table_rows``.
"""

from __future__ import annotations

import logging

from pipeline.context import DocContext
from pipeline.structure.clauses import build_clauses
from pipeline.structure.header import analyse_header
from pipeline.structure.lines import split_lines
from pipeline.structure.sentences import split_sentences
from pipeline.structure.tables import find_tables

__all__ = ["run"]

log = logging.getLogger(__name__)


def run(ctx: DocContext) -> None:
    """Structure stage: header -> clauses -> sentences -> tables, linear in the text size.

    Args:
        ctx: the document's context; ``ctx.text`` is read, never modified.
    """
    analyse_header(ctx)
    text = ctx.text
    lines = split_lines(text)
    tables = find_tables(text, lines)
    result = build_clauses(text, lines, tables, ctx.header_spans)
    ctx.clauses = result.clauses
    ctx.table_rows = result.table_rows
    ctx.sentences = split_sentences(text, result.segments)
    ctx.index()
    log.debug(
        "%d clauses, %d sentences, %d table rows", len(ctx.clauses), len(ctx.sentences), len(ctx.table_rows)
    )
