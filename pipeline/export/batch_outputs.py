"""Write a batch's results to a folder: per-document JSON, one CSV per record kind, tasks, graph."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.batch import BatchResult

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_filename(name: str) -> str:
    """A file name for ``name`` that is valid on every common filesystem (CJK kept)."""
    return _UNSAFE.sub("_", name).strip("._") or "document"


def write_outputs(
    result: BatchResult, out_dir: Path, *, registry: str | Path | None = None
) -> dict[str, str]:
    """Write everything a batch produced under ``out_dir``; returns ``{output name: path}``."""
    import pandas as pd

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}

    records_dir = out_dir / "records"
    records_dir.mkdir(exist_ok=True)
    used: set[str] = set()
    for record in result.records:
        name = safe_filename(record.document.doc_id)
        while name in used:
            name += "_"
        used.add(name)
        (records_dir / f"{name}.json").write_text(record.to_json(), encoding="utf-8")
    written["records"] = str(records_dir)

    tables_dir = out_dir / "tables"
    tables_dir.mkdir(exist_ok=True)
    per_key: dict[str, list[pd.DataFrame]] = {}
    for record in result.records:
        for key, frame in record.tables().items():
            per_key.setdefault(key, []).append(frame)
    for key, frames in per_key.items():
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        for column in frame.columns:  # lists and dicts as JSON, so the CSV stays one value per cell
            if frame[column].map(lambda v: isinstance(v, list | dict)).any():
                frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False))
        path = tables_dir / f"{key}.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig")  # BOM: Excel opens CJK CSV correctly
        written[f"table:{key}"] = str(path)

    failures_path = out_dir / "failures.csv"
    with failures_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["source", "error", "message"])
        writer.writeheader()
        writer.writerows(f.to_dict() for f in result.failures)
    written["failures"] = str(failures_path)

    if result.records:
        from pipeline.export.tasklist import write_tasklist

        tasks_path = out_dir / "tasks.xlsx"
        write_tasklist(result.records, tasks_path, fmt="xlsx")
        written["tasks"] = str(tasks_path)

        from pipeline.link import build_graph, load_registry, write_graph

        graph = build_graph(result.records, registry=load_registry(registry))
        for fmt, path in write_graph(graph, out_dir, formats=("graphml",)).items():
            written[f"graph:{fmt}"] = str(path)

    summary_path = out_dir / "summary.json"
    summary = {**result.summary(), "outputs": written}
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    written["summary"] = str(summary_path)
    return written
