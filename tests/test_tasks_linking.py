"""Annex-to-body linking through the bigram index gives exactly what scoring all pairs gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from pipeline.extractors import tasks
from pipeline.extractors.similarity import BigramIndex

GOLDEN = Path(__file__).parent / "fixtures" / "qingyang_task_clause_ids.json"
PIECE = re.compile(r"[^。；;！？!?\s]{" + str(tasks.MIN_LINK_CHARS) + ",}")


def link_all_pairs(annex, ctx):
    """The reference: every annex piece against every body sentence (the pre-index implementation)."""
    body = tasks._body_sentences(ctx)
    links = {}
    for task in annex:
        best: dict[str, float] = {}
        for piece in tasks.SUB_SENTENCE.findall(tasks.rx.WHITESPACE.sub("", task.text)):
            if len(piece) < tasks.MIN_LINK_CHARS:
                continue
            for clause_id, norm, _text in body:
                score = fuzz.partial_ratio(piece, norm)
                if score >= tasks.LINK_THRESHOLD and score > best.get(clause_id, 0.0):
                    best[clause_id] = score
        links[task.task_id] = sorted(best.items(), key=lambda kv: -kv[1])
    return links


def test_qingyang_task_clause_ids_are_golden(qingyang_record):
    """Golden file written by the all-pairs implementation before the index replaced it (annex rows;
    the body tasks it also listed are no longer added when an annex row restates them)."""
    golden = {k: v for k, v in json.loads(GOLDEN.read_text(encoding="utf-8")).items() if k.startswith("A")}
    golden["A2"] = [
        *golden["A2"],
        "c25",
    ]  # item 8 建设庆阳职教园区, abbreviated in row 2 (tasks.heading_links)
    assert {t.task_id: list(t.clause_ids) for t in qingyang_record.tasks if t.source == "annex"} == golden
    assert sum(len(v) > 1 for k, v in golden.items() if k.startswith("A")) >= 17  # links do exist


def test_links_equal_all_pairs_on_a_repeated_text(qingyang_text):
    import pipeline

    text = "\n\n".join([qingyang_text] * 3)
    record = pipeline.extract(text)
    ctx = record.doc._.policy
    annex = tasks.annex_tasks(ctx)
    assert len(annex) == 60
    indexed = tasks.link(annex, ctx)
    assert indexed == link_all_pairs(annex, ctx)
    assert len(indexed["A1"]) == 3 * len(
        tasks.link(annex[:1], pipeline.extract(qingyang_text).doc._.policy)["A1"]
    )


@pytest.mark.shared
def test_index_equals_all_pairs_across_the_shared_corpora(shared_dir, qingyang_record):
    """Queries: Qingyang's annex rows; sentences: every sentence of the 217 shared texts (40k+)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared_dir / "corpora").rglob("*.txt"))]
    sentences = [m.group() for t in texts for m in PIECE.finditer(re.sub(r"[ \t]", "", t))]
    queries = [
        p
        for t in qingyang_record.tasks
        if t.source == "annex"
        for p in tasks.SUB_SENTENCE.findall(re.sub(r"\s", "", t.text))
        if len(p) >= tasks.MIN_LINK_CHARS
    ]
    assert len(sentences) > 20_000 and len(queries) > 20
    threshold = tasks.LINK_THRESHOLD
    matrix = process.cdist(queries, sentences, scorer=fuzz.partial_ratio, score_cutoff=threshold)
    index = BigramIndex(sentences)
    n_pairs = 0
    for q, row in zip(queries, matrix, strict=True):
        expected = [(pos, round(float(s), 3)) for pos, s in enumerate(row) if s >= threshold]
        assert [(pos, round(s, 3)) for pos, s in index.matches(q, threshold)] == expected, q
        n_pairs += len(expected)
    assert n_pairs > 40
