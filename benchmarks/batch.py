"""Batch throughput: docs/s and chars/s with 1 and 2 workers, speed-up, peak RSS, unchanged re-run.

Usage::

    .venv/bin/python benchmarks/batch.py [DIR ...] [--replicate 10] [--workers 1 2]

DIR defaults to ../shared/corpora/central and ../shared/corpora/shandong (217 texts). Each run is a
fresh ``policy-pipeline run`` into a new folder, in its own process, so start-up (building the pipeline
in each worker) is included. Peak RSS is sampled over the whole process tree (main process, pool
workers). The corpus is also copied ``--replicate`` times to show that memory stays flat as the batch
grows. Goals (issue 7): 2-worker speed-up >= 1.7, peak RSS flat from 1x to 10x, an unchanged re-run
<= 10% of the first run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
DEFAULT = [SHARED / "central", SHARED / "shandong"]
CLI = ROOT / ".venv" / "bin" / "policy-pipeline"


TICK = os.sysconf("SC_CLK_TCK")


def _tree_rss_kib(root: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of ``root`` and all its descendants (Linux /proc), in KiB.

    ``cpu`` is updated with the CPU seconds (user + system) seen so far of each process of the tree.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
        if cpu is not None:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                cpu[pid] = max(cpu.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / TICK)
            except (OSError, IndexError, ValueError):
                pass
    return total


def run(inputs: list[Path], out: Path, workers: int) -> dict:
    """One CLI run; its summary plus wall time and peak RSS of the process tree (MiB)."""
    cmd = [str(CLI), "run", *map(str, inputs), "--out", str(out), "--workers", str(workers), "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid, cpu))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    main_cpu = cpu.get(proc.pid, 0.0)
    summary.update(
        wall=wall,
        peak_rss_mib=peak / 1024,
        exit=code,
        main_cpu=main_cpu,
        other_cpu=sum(cpu.values()) - main_cpu,
    )
    return summary


def replicate(inputs: list[Path], times: int, folder: Path) -> list[Path]:
    """``times`` copies of every input folder under ``folder``."""
    for i in range(times):
        for src in inputs:
            shutil.copytree(src, folder / f"copy{i}" / src.name)
    return [folder]


def line(label: str, s: dict, base: float | None = None) -> str:
    docs_s = s["extracted"] / s["wall"] if s["wall"] else 0
    speed = f"  speed-up {base / s['wall']:.2f}x" if base else ""
    return (
        f"{label:<22} {s['extracted']:>5} docs  {s['characters']:>10,} chars  {s['wall']:7.1f} s  "
        f"{docs_s:6.1f} docs/s  {s['characters'] / s['wall']:>9,.0f} chars/s  peak RSS {s['peak_rss_mib']:6.0f} MiB"
        f"{speed}  exit {s['exit']}\n{'':<22} CPU s: main process {s['main_cpu']:.1f}, workers and helpers "
        f"{s['other_cpu']:.1f}; phases (s): {s.get('timings')}; load now {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--replicate", type=int, default=10)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--replicated-workers",
        type=int,
        nargs="+",
        default=None,
        help="worker counts for the copy (default: --workers)",
    )
    args = parser.parse_args()
    if not all(d.is_dir() for d in args.dirs):
        sys.exit(f"not found: {[str(d) for d in args.dirs if not d.is_dir()]}")
    load = os.getloadavg()[0]
    print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}  load average at start: {load:.1f}")
    with tempfile.TemporaryDirectory(prefix="pp-batch-") as tmp:
        tmp_path = Path(tmp)
        corpora = [("1x", args.dirs)]
        if args.replicate > 1:
            corpora.append((f"{args.replicate}x", replicate(args.dirs, args.replicate, tmp_path / "rep")))
        for name, inputs in corpora:
            base = None
            for w in args.workers if name == "1x" else (args.replicated_workers or args.workers):
                out = tmp_path / f"out-{name}-{w}"
                s = run(inputs, out, w)
                print(line(f"{name}, {w} worker(s)", s, base), flush=True)
                base = base or s["wall"]
                if name == "1x" and w == args.workers[-1]:
                    again = run(inputs, out, w)
                    print(
                        f"{name} unchanged re-run    {again['skipped_unchanged']} skipped, "
                        f"{again['wall']:.2f} s = {100 * again['wall'] / s['wall']:.1f}% of the first run",
                        flush=True,
                    )
                shutil.rmtree(out)


if __name__ == "__main__":
    main()
