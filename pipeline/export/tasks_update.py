"""Regenerate a task-list workbook without losing the office's work (``tasks … --update EXISTING.xlsx``).

The existing workbook's 全部任务 sheet is read by header: its 任务编号 (task key, :mod:`.tasks_keys`), the
columns we write (工作任务, 牵头单位, 配合单位, 完成时限 …) and the office's columns: 进度, 完成情况, 备注 and any
column we do not write (the office added it). Each new task takes the office's values of the old task it
joins: same key, else same fingerprint (a revised document without 文号 has a new content hash), else
none. The 变更 sheet lists tasks added, removed (with their office values, so no note is lost), and those
whose deadline or units changed. Before anything is written over, the old file is copied to a backup
(``NAME.bak-YYYYmmdd-HHMMSS.xlsx``); without ``--update`` or ``--force`` an existing file is refused.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.errors import ParameterError, PipelineError
from pipeline.export.tasks_table import TaskRow, labels
from pipeline.export.tasks_xlsx import COLUMNS, header

# Columns compared for the 变更 sheet: (change kind, column keys).
COMPARED = (("deadline", ("deadline",)), ("units", ("lead", "co")))


@dataclass
class Existing:
    """What an existing workbook holds: per key, the row's values by header; office headers added."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: tuple[str, ...] = ()


def read_existing(path: Path) -> Existing:
    """The 全部任务 sheet of ``path`` by header; a clear error when it is not a task-list workbook."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise PipelineError(f"{path}: cannot read the workbook to update ({exc})") from None
    sheet = labels()["sheet_all"]
    if sheet not in wb.sheetnames:
        raise PipelineError(f"{path}: no sheet {sheet!r}; is it a task list written by policy-pipeline?")
    rows = wb[sheet].iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    key_header = header("key")
    if key_header not in headers:
        raise PipelineError(f"{path}: sheet {sheet!r} has no {key_header!r} column to join tasks on")
    ours = {header(k) for k, _w in COLUMNS}
    extra = tuple(h for h in headers if h and h not in ours)
    out = Existing(extra=extra)
    for values in rows:
        row = {h: v for h, v in zip(headers, values, strict=False) if h}
        key = row.get(key_header)
        if key:
            out.rows[str(key)] = row
    wb.close()
    return out


def _fingerprint(key: str) -> str:
    return key.split(":", 1)[-1]


def join(rows: list[TaskRow], old: Existing) -> dict[str, str]:
    """New key -> the old key it continues (same key, else the same fingerprint when unambiguous)."""
    out: dict[str, str] = {}
    free = set(old.rows)
    for row in rows:
        if row.key in free:
            out[row.key] = row.key
            free.discard(row.key)
    by_fp: dict[str, list[str]] = {}
    for key in free:
        by_fp.setdefault(_fingerprint(key), []).append(key)
    for row in rows:
        if row.key in out:
            continue
        found = by_fp.get(_fingerprint(row.key), [])
        if len(found) == 1 and found[0] in free:
            out[row.key] = found[0]
            free.discard(found[0])
    return out


def _new_values(row: TaskRow) -> dict[str, str]:
    return {"deadline": row.deadline_text or "", "lead": row.lead or "", "co": "、".join(row.co)}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def plan_update(
    rows: list[TaskRow], old: Existing
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, ...]]]:
    """``(kept, changes)``: the office values per new key, and the rows of the 变更 sheet."""
    words = labels()["change_kinds"]
    office = [header(k) for k in labels()["office_columns"]] + list(old.extra)
    joined = join(rows, old)
    kept: dict[str, dict[str, Any]] = {}
    changes: list[tuple[str, ...]] = []
    for row in rows:
        old_key = joined.get(row.key)
        if old_key is None:
            changes.append((words["added"], row.key, row.text, "", _new_values(row)["deadline"]))
            continue
        before = old.rows[old_key]
        kept[row.key] = {h: before.get(h) for h in office if before.get(h) not in (None, "")}
        now = _new_values(row)
        for kind, keys in COMPARED:
            was = "；".join(_text(before.get(header(k))) for k in keys)
            new = "；".join(now[k] for k in keys)
            if was != new:
                changes.append((words[kind], row.key, row.text, was, new))
    for old_key, before in old.rows.items():
        if old_key in joined.values():
            continue
        notes = "；".join(f"{h}：{before[h]}" for h in office if before.get(h) not in (None, ""))
        changes.append((words["removed"], old_key, _text(before.get(header("task"))), notes, ""))
    return kept, changes


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``NAME.bak-YYYYmmdd-HHMMSS.SUFFIX`` beside it; returns the copy."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.bak-{stamp}-{n}{path.suffix}")
    shutil.copy2(path, target)
    return target


def check_target(target: Path, *, update: Path | None, force: bool) -> None:
    """Refuse to write over an existing file unless it is the one updated or ``force`` is set."""
    if target.exists() and not force and (update is None or target.resolve() != update.resolve()):
        raise ParameterError(
            f"{target} exists; use {{update}} {target} to keep its 进度/备注 columns, or {{force}} to replace it",
            "update",
            "force",
        )
