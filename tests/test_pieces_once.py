"""Issue 15: the core's shared pieces are defined once, in pipeline/text/pieces.py. An alternation of
words is built only by ``pieces.alternation`` (longest first: correctness must not depend on the order
of a JSON file), a word list is sorted longest first only by ``pieces.longest_first``, and the CJK
ideograph range is written only there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline.text.pieces import alternation, longest_first

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
PIECES = PACKAGE / "text" / "pieces.py"
# ingest/regexes.py writes every CJK block (radicals, punctuation, extensions) for its mojibake check
HAN_ALLOWED = {PIECES, PACKAGE / "ingest" / "regexes.py"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_length_sort(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sorted"):
        return False
    key = {k.arg: k.value for k in node.keywords}.get("key")
    by_len = isinstance(key, ast.Name) and key.id == "len"
    by_neg_len = isinstance(key, ast.Lambda) and "len(" in ast.unparse(key)
    return by_len or by_neg_len


def _is_escaped_alternation(node: ast.AST) -> bool:
    """``"|".join(...)`` over ``re.escape``d or sorted words: a hand-built alternation."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and node.func.value.value == "|"
    ):
        return False
    inner = ast.unparse(node.args[0]) if node.args else ""
    return "re.escape" in inner or "sorted(" in inner


# a named group per word (which word matched), over words put longest first by longest_first
NAMED_GROUPS = {PACKAGE / "extractors" / "task_assignments.py"}


def test_no_alternation_or_length_sort_outside_pieces():
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)[:80]}"
        for path, tree in _modules()
        if path != PIECES
        for node in ast.walk(tree)
        if _is_length_sort(node) or _is_escaped_alternation(node)
        if not (path in NAMED_GROUPS and _is_escaped_alternation(node) and "(?P<" in ast.unparse(node))
    ]
    assert not found, "use pipeline.text.pieces.alternation / longest_first:\n" + "\n".join(found)


def test_the_cjk_range_is_written_once():
    found = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path, tree in _modules()
        if path not in HAN_ALLOWED
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ("\u4e00-\u9fff" in node.value or r"\u4e00-\u9fff" in node.value)  # decoded, or in a raw string
    ]
    assert not found, "use pipeline.text.pieces.HAN_CHARS / CJK: " + ", ".join(found)


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        # the shorter word first in a lexicon must not cut the longer one short
        (["市教育", "市教育局"], "由市教育局牵头", "市教育局"),
        (["公开", "依申请公开"], "公开属性：依申请公开", "公开"),  # leftmost still wins
        (["到", "截至", "截止到"], "截止到2025年底", "截止到"),
    ],
)
def test_the_alternation_prefers_the_longest_word(words, text, expected):
    assert re.search(alternation(words), text).group() == expected
    assert longest_first([*words, words[0]]) == tuple(sorted(words, key=len, reverse=True))
    assert alternation([]) == ""
