"""Stable task keys and the units a task reaches (group recipients expanded to real divisions).

A **task key** is ``<document>:<fingerprint>``. The document part is its 文号 (spaces removed), else the
first 10 hex digits of the SHA-1 of its text; the fingerprint is the first 10 hex digits of the SHA-1 of
the task text normalised by :func:`normalise`: assignment notes （…牵头…）, list labels, digits and date
words removed, only Han characters and Latin letters kept. A moved deadline (6月底 -> 9月底) or a changed
unit keeps the key; a revised document that keeps its 文号 keeps every unchanged task's key, and one
without a 文号 still joins on the fingerprint (:mod:`pipeline.export.tasks_update`). Two tasks of one
document with the same fingerprint get ``~2``, ``~3`` … in text order.

**Units reached**: the lead, the co-units, and for a group recipient (各县(区)政府, 各市(州)) the government
of every division it stands for in the issuing place (``departments.members`` over the division data):
各县(区)政府 in a 庆阳市 document reaches 环县人民政府 and the seven others.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from pipeline.extractors import actor_patterns as rx
from pipeline.extractors.departments import members
from pipeline.models import PolicyRecord, Region
from pipeline.structure.divisions import by_code, named
from pipeline.text.pieces import HAN_CHARS

_NOTE = re.compile(r"[(（][^()（）]*[)）]")
_DATE_WORDS = re.compile(r"[0-9０-９〇零一二三四五六七八九十百]+(?:年|月|日|季度|周|天)|年底|月底|年内|前|底")
_KEEP = re.compile(f"[{HAN_CHARS}A-Za-z]+")
KEY_HEX = 10


def normalise(text: str) -> str:
    """The task text reduced to what identifies it (see the module docstring)."""
    text = rx.WHITESPACE.sub("", text or "")
    text = rx.LEADING_LABEL.sub("", text)
    text = _NOTE.sub("", text)
    text = _DATE_WORDS.sub("", text)
    return "".join(_KEEP.findall(text))


def fingerprint(text: str) -> str:
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:KEY_HEX]


def document_key(record: PolicyRecord) -> str:
    """The 文号 without spaces, else a content hash of the document text."""
    number = rx.WHITESPACE.sub("", record.document.doc_number or "")
    return number or hashlib.sha1((record.text or "").encode("utf-8")).hexdigest()[:KEY_HEX]


def task_keys(record: PolicyRecord) -> dict[str, str]:
    """``task_id -> key`` for every task of ``record`` (duplicates numbered in text order)."""
    doc = document_key(record)
    seen: dict[str, int] = {}
    out = {}
    for task in record.tasks:
        fp = fingerprint(task.text)
        seen[fp] = seen.get(fp, 0) + 1
        out[task.task_id] = f"{doc}:{fp}" + (f"~{seen[fp]}" if seen[fp] > 1 else "")
    return out


@cache
def division_units(name: str, region: Region | None) -> tuple[str, ...]:
    """The governments a group recipient stands for (各县(区)政府 -> 西峰区人民政府 …); () for one body."""
    codes = members(name, region)
    divisions = by_code()
    return tuple(f"{divisions[c].name}人民政府" for c in codes if c in divisions)


def county_of(unit: str, region: Region | None = None) -> str | None:
    """The county-level division a unit's name starts with (环县人民政府 -> 环县), else None."""
    within = (region.city or region.province) if region else None
    for k in range(min(len(unit), 8), 1, -1):
        d = named(unit[:k], "county", within)
        if d is not None and d.level == "county":
            return d.name
    return None


def horizon(record: PolicyRecord):
    """The plan's horizon: 31 December of the latest year among its dated deadlines and target years."""
    from datetime import date

    years = [int(d.due_date[:4]) for d in record.deadlines if d.due_date and d.kind == "date"]
    years += [t.year for t in record.targets if t.year]
    return date(max(years), 12, 31) if years else None
