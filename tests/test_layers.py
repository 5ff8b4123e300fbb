"""Issue 15: the package's rooms import one way. Every import of the project's own modules -- at the top
of a module or inside a function -- goes from a higher room to a lower (or the same) one, so the house
drawn from the imports has no circle. A new room must be placed in LAYERS before it can be imported."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Lowest first; a room may import rooms of its own layer or of a lower one.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "models", "ids"),  # shared records and the id policy
    ("resources",),  # the vocabulary files
    ("text",),  # character classes, numerals, dates
    ("ingest", "context", "segmenters"),  # bytes -> documents; the per-document state
    ("structure",),
    ("extractors",),
    ("components", "nlp"),  # the spaCy pipeline over the stages
    ("link",),  # registry, resolution, graph
    ("api", "summary", "evaluate"),  # the single-document verbs
    ("store",),  # persists and reads records: a leaf of the application half
    ("export",),  # writers of derived files (task lists, CSV safety)
    ("batch",),  # the one orchestrator: extract -> store -> derived files
    ("loader",),  # one way in for every command
    ("compare",),
    ("report",),
    ("cli", "__init__"),
)
RANK = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}
# Known exceptions, each with its reason (remove the entry when the reason is gone).
EXCEPTIONS = {
    # an input loader among the task-list writers; issue 17 is rewriting export/tasks_*.py
    ("export/tasks_inputs.py", "batch"),
    ("export/tasks_inputs.py", "loader"),
    # the one atomic writer (export/batch_outputs.py, a utility importing only ids) used by the graph
    # exports since issue 19; it belongs in a lower room
    ("link/graph_export.py", "export"),
}


def _room(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports() -> list[tuple[str, str, str, int]]:
    """``(file, from room, to room, line)`` of every import of a pipeline module by another room."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        src = _room(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "pipeline":  # from pipeline import X: X is a room, or a name of __init__
                    targets = [f"pipeline.{a.name}" for a in node.names if a.name != "__version__"]
                else:
                    targets = [node.module]
            else:
                continue
            for name in targets:
                parts = name.split(".")
                if parts[0] != "pipeline" or len(parts) < 2:
                    continue
                room = (
                    parts[1]
                    if (PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").is_file()
                    else "__init__"
                )
                if room != src:
                    out.append((path.relative_to(PACKAGE).as_posix(), src, room, node.lineno))
    return out


def test_every_room_has_a_layer():
    rooms = {_room(p) for p in PACKAGE.rglob("*.py")}
    assert rooms <= set(RANK), f"place these in LAYERS: {sorted(rooms - set(RANK))}"


def test_no_lower_room_imports_a_higher_one():
    wrong = [
        f"{file}:{line}: {src} imports {dst}"
        for file, src, dst, line in _imports()
        if RANK[dst] > RANK[src] and (file, dst) not in EXCEPTIONS
    ]
    assert not wrong, "\n".join(wrong)


def test_the_rooms_import_each_other_without_a_circle():
    graph: dict[str, set[str]] = defaultdict(set)
    for file, src, dst, _ in _imports():
        if (file, dst) not in EXCEPTIONS:
            graph[src].add(dst)
    state: dict[str, int] = {}

    def visit(room: str, trail: list[str]) -> None:
        if state.get(room) == 1:
            pytest.fail("circle: " + " -> ".join([*trail[trail.index(room) :], room]))
        if state.get(room) == 2:
            return
        state[room] = 1
        for nxt in sorted(graph[room]):
            visit(nxt, [*trail, room])
        state[room] = 2

    for room in sorted(graph):
        visit(room, [])


def test_the_store_is_a_leaf_of_the_application_half():
    """store/ persists and reads; it imports no batch, export, link, compare or report module."""
    above = {"batch", "export", "link", "compare", "report", "loader", "cli"}
    assert not [i for i in _imports() if i[1] == "store" and i[2] in above]


def test_stages_declare_needs_and_fills_checked_when_the_pipeline_is_built():
    """A partial pipeline without the structure stage would have run on a fallback sentence splitter
    production never uses; it is now refused when built, naming the stage to add."""
    from pipeline.errors import OptionError, PipelineError
    from pipeline.nlp import build_nlp

    with pytest.raises(
        PipelineError, match="policy_obligations needs clauses, sentences, table_rows: add policy_structure"
    ):
        build_nlp(stages=("policy_obligations",))
    with pytest.raises(OptionError):
        build_nlp(stages=("policy_structure", "policy_nonsense"))
    assert build_nlp(stages=("policy_structure", "policy_obligations")).pipe_names[-1] == "policy_obligations"


def test_a_partial_pipeline_without_spacy_is_checked_the_same_way():
    """``run_stages`` (what tests and notebooks use for one stage) refuses a stage without its needs; the
    fallback sentence splitter is gone, so deadlines are found only in the structure's sentences."""
    from pipeline.components import run_stages
    from pipeline.context import new_context
    from pipeline.errors import PipelineError

    with pytest.raises(PipelineError, match=r"policy_deadlines needs .*: add policy_structure"):
        run_stages(new_context("到2025年，建成5个工作室。"), ("policy_deadlines",))
    ctx = run_stages(new_context("到2025年，建成5个工作室。"), ("policy_structure", "policy_deadlines"))
    assert [d.text for d in ctx.deadlines] == ["到2025年"]
    from pipeline.extractors import deadlines

    assert not hasattr(deadlines, "windows") and not hasattr(deadlines, "_fallback")
