"""Parent links a researcher controls: a CSV of (child, parent), and links proposed by text reuse.

``read_links(path, ids)``: a UTF-8 CSV with a header naming the columns ``child`` and ``parent`` (doc_ids;
other columns ignored); a row naming a document not compared is an error naming the file and row.

``proposed_links(summary, records)``: a pair of documents whose aligned text covers at least
:data:`PROPOSE_SHARE` of one of them (the ``reuse_summary`` shares) is a restatement; the one that
restates (the larger share) is proposed as the child, the other as its parent; when both shares pass,
the document of the higher government level (central > provincial > ...) or else the earlier date is
the parent. Proposed links are listed in the ``links`` table (source ``proposed``, with the share) and
used for cascades only when asked (``compare(..., use_proposed=True)``, ``--use-proposed``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.models import LEVELS, PolicyRecord

PROPOSE_SHARE = 0.5
COLUMNS = ["doc_id", "parent_id", "source", "share"]
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}  # national first


def read_links(path: str | Path, ids: Sequence[str]) -> dict[str, list[str]]:
    """child doc_id -> parent doc_ids from the CSV ``path`` (columns ``child``, ``parent``)."""
    path = Path(path)
    known = set(ids)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"child", "parent"} <= {f.strip() for f in reader.fieldnames}:
                raise IngestError(path, "a links file needs a header with the columns child,parent")
            out: dict[str, list[str]] = {}
            for n, row in enumerate(reader, start=2):
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                child, parent = row.get("child", ""), row.get("parent", "")
                if not child and not parent:
                    continue
                for name, value in (("child", child), ("parent", parent)):
                    if value not in known:
                        raise IngestError(
                            path, f"row {n}: {name} {value!r} is not among the documents compared"
                        )
                if child == parent:
                    raise IngestError(path, f"row {n}: {child!r} cannot implement itself")
                if parent not in out.setdefault(child, []):
                    out[child].append(parent)
    except UnicodeDecodeError:
        raise IngestError(path, "a links file must be UTF-8 text") from None
    except OSError as exc:
        raise IngestError(path, exc.strerror or "cannot be read") from None
    return out


def _rank(r: PolicyRecord) -> tuple[int, str]:
    return _LEVEL_RANK.get((r.document.level or "").lower(), 9), r.document.date or "9999"


def proposed_links(summary: Any, records: Sequence[PolicyRecord], share: float = PROPOSE_SHARE) -> dict:
    """child doc_id -> [(parent doc_id, share)] of the restatements found by text reuse."""
    by_id = {r.document.doc_id: r for r in records}
    out: dict[str, list[tuple[str, float]]] = {}
    for row in summary.itertuples():
        a, b = row.doc_a, row.doc_b
        if a == b or a not in by_id or b not in by_id or max(row.share_a, row.share_b) < share:
            continue
        if min(row.share_a, row.share_b) >= share:  # both restate each other: level, then date
            child, parent = (b, a) if _rank(by_id[a]) <= _rank(by_id[b]) else (a, b)
        else:
            child, parent = (a, b) if row.share_a >= row.share_b else (b, a)
        s = float(row.share_a if child == a else row.share_b)
        out.setdefault(child, []).append((parent, round(s, 3)))
    return out


def links_table(
    given: Mapping[str, Sequence[str]], proposed: Mapping[str, Sequence[tuple[str, float]]], source: str
) -> Any:
    """``links``: one row per (child, parent) link: ``source`` is ``file``, ``parent`` (--parent),
    ``implements`` (the graph) or ``proposed`` (text reuse, ``share`` of the child's text aligned)."""
    import pandas as pd

    rows = [
        {"doc_id": c, "parent_id": p, "source": source, "share": None} for c, ps in given.items() for p in ps
    ]
    have = {(r["doc_id"], r["parent_id"]) for r in rows}
    for child, found in proposed.items():
        for parent, s in found:
            if (child, parent) not in have:
                rows.append({"doc_id": child, "parent_id": parent, "source": "proposed", "share": s})
    return pd.DataFrame(rows, columns=COLUMNS)
