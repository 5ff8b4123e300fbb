"""Dump the records of the shared corpora to one JSON file, to compare two versions of the rules.

    python benchmarks/records_dump.py OUT.json            # write
    python benchmarks/records_dump.py OUT.json --compare BEFORE.json   # write and report differences

Reads ../shared/corpora/{central,shandong,qingyang}/*.txt and the web pages' text; every record's
``to_dict()`` goes into one JSON object keyed by ``corpus/file``. Prints how many records differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")


def dump() -> dict[str, object]:
    import pipeline

    out: dict[str, object] = {}
    for corpus in ("central", "shandong", "qingyang"):
        for path in sorted((SHARED / "corpora" / corpus).glob("*.txt")):
            record = pipeline.extract_file(path)
            data = record.to_dict()
            data["document"]["source"] = f"{corpus}/{path.name}"  # the same wherever ../shared lives
            out[f"{corpus}/{path.name}"] = data
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--compare")
    args = parser.parse_args()
    records = dump()
    Path(args.out).write_text(json.dumps(records, ensure_ascii=False, sort_keys=True, default=str))
    print(f"{len(records)} records written to {args.out}")
    if args.compare:
        before = json.loads(Path(args.compare).read_text())
        for key, data in before.items():  # a dump of an earlier version of this script kept the path
            data["document"]["source"] = key
        after = json.loads(json.dumps(records, ensure_ascii=False, sort_keys=True, default=str))
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        print(f"{len(differ)} of {len(before)} records differ: {differ[:20]}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
