"""How often each rule of ``resources/target_exclusions.json`` fires on real documents.

Usage::

    .venv/bin/python benchmarks/exclusion_rules.py [DIR] [--effect]

DIR defaults to ../shared/corpora (all its ``*.txt``, recursively). For every fixed expression and
fixed pattern it prints the number of documents in which it overlaps a quantity the number finder
reads (a rule earns its place by doing so in more than one document). With ``--effect`` it also
removes each entry of every list in turn (word lists included) and prints the number of documents
whose targets change, i.e. where the entry decides something no other rule decides (slow: a few
minutes for the 218 shared texts).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora"
LISTS = ("fixed_expressions", "fixed_patterns", "left_blockers", "cn_left_blockers", "mention_verbs")
LISTS += ("target_verbs", "descriptor_nouns")


def _rules(data: dict) -> list[tuple[str, str]]:
    """(name, regex) of every fixed expression and fixed pattern."""
    return [(x, re.escape(x)) for x in data["fixed_expressions"]] + [
        (p, p) for p, _ in data["fixed_patterns"]
    ]


def matches(texts: dict[str, str], data: dict) -> dict[str, set[str]]:
    """Rule -> documents where it overlaps a quantity (in the window the target stage looks at)."""
    from pipeline.extractors.numbers import find_quantities

    found: dict[str, set[str]] = {name: set() for name, _ in _rules(data)}
    compiled = [(name, re.compile(rx)) for name, rx in _rules(data)]
    for doc, text in texts.items():
        quantities = find_quantities(text)
        for name, rx in compiled:
            for q in quantities:
                window = rx.finditer(text, max(0, q.start - 8), min(len(text), q.end + 8))
                if any(m.start() < q.end and q.start < m.end() for m in window):
                    found[name].add(doc)
                    break
    return found


def effects(texts: dict[str, str], data: dict) -> dict[str, set[str]]:
    """``list: entry`` -> documents whose targets change when that one entry is removed."""
    from pipeline.context import new_context
    from pipeline.extractors import deadlines, targets
    from pipeline.extractors import number_patterns as np_
    from pipeline.structure import run as structure_run

    contexts = {}
    for doc, text in texts.items():
        ctx = new_context(text, source=doc)
        structure_run(ctx)
        deadlines.run(ctx)
        contexts[doc] = ctx

    def run_all() -> dict[str, list[tuple]]:
        out = {}
        for doc, ctx in contexts.items():
            ctx.memo.target_deadline_starts = None
            targets.run(ctx)
            out[doc] = [
                (t.start, t.end, t.value, t.unit, t.comparator, t.kind, t.indicator) for t in ctx.targets
            ]
        return out

    def load(name: str) -> dict:
        return variant if name == "target_exclusions.json" else original_load(name)

    base = run_all()
    original_load = targets.load_json
    found: dict[str, set[str]] = {}
    for key in LISTS:
        for i, entry in enumerate(data[key]):
            variant = copy.deepcopy(data)
            del variant[key][i]
            targets._lexicon.cache_clear()
            np_.fixed_exclusion_re.cache_clear()
            with mock.patch.object(targets, "load_json", load), mock.patch.object(np_, "load_json", load):
                changed = run_all()
            name = f"{key}: {entry[0] if isinstance(entry, list) else entry}"
            found[name] = {doc for doc in contexts if changed[doc] != base[doc]}
    targets._lexicon.cache_clear()
    np_.fixed_exclusion_re.cache_clear()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--effect", action="store_true", help="also measure each entry by removing it")
    args = parser.parse_args()
    files = sorted(args.folder.rglob("*.txt"))
    if not files:
        print(f"no .txt files under {args.folder}", file=sys.stderr)
        return 1
    texts = {str(f.relative_to(args.folder)): f.read_text(encoding="utf-8") for f in files}
    from pipeline.resources import load_json

    data = json.loads(json.dumps(load_json("target_exclusions.json")))
    print(f"{len(texts)} documents; documents where each rule overlaps a quantity:")
    for name, docs in matches(texts, data).items():
        print(f"{len(docs):4d}  {name}  {' '.join(sorted(docs)[:3])}")
    if args.effect:
        print("documents whose targets change when one entry is removed:")
        for name, docs in effects(texts, data).items():
            print(f"{len(docs):4d}  {name}  {' '.join(sorted(docs)[:3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
