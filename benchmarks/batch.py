"""Batch throughput: docs/s and chars/s with 1 and 2 workers, speed-up, peak RSS, unchanged re-run.

Usage::

    .venv/bin/python benchmarks/batch.py [DIR ...] [--replicate 10] [--workers 1 2]

DIR defaults to ../shared/corpora/central and ../shared/corpora/shandong (217 texts). Each run is a
fresh ``policy-pipeline run`` into a new folder, in its own process, so start-up (building the pipeline
in each worker) is included. Peak RSS is sampled over the whole process tree (main process, pool
workers, the fork server, the export's second process), and per process: the largest of each kind
(main, worker, exporter, helper: the fork server and the resource tracker) and the main process's
peak while extracting and while exporting (from the creation of ``parquet/`` or of the second
process's snapshot on). The corpus is also copied ``--replicate`` times to show that memory stays flat
as the batch grows. Goals (issue 7, 18): 2-worker speed-up >= 1.7, peak RSS at 10x <= 1.2x the 1x, an unchanged
re-run <= 10% of the first run.
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


def _proc_table() -> tuple[dict[int, list[int]], dict[int, int]]:
    """``({ppid: [pid ...]}, {pid: VmRSS KiB})`` of every process (Linux /proc)."""
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
    return children, rss


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def _tree(root: int) -> dict[int, tuple[int, int]]:
    """``{pid: (VmRSS KiB, parent pid)}`` of ``root`` and all its descendants."""
    children, rss = _proc_table()
    tree, stack = {root: (rss.get(root, 0), 0)}, [root]
    while stack:
        pid = stack.pop()
        for child in children.get(pid, ()):
            tree[child] = (rss.get(child, 0), pid)
            stack.append(child)
    return tree


def _tree_rss_kib(root: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of ``root`` and all its descendants (Linux /proc), in KiB.

    ``cpu`` is updated with the CPU seconds (user + system) seen so far of each process of the tree.
    """
    tree = _tree(root)
    if cpu is not None:
        for pid in tree:
            if (seconds := _cpu_seconds(pid)) is not None:
                cpu[pid] = max(cpu.get(pid, 0.0), seconds)
    return sum(rss for rss, _ in tree.values())


def _exporting(out: Path) -> bool:
    """Whether the run is in its export phase: the snapshot of the second process or parquet/ exists."""
    return (out / "parquet").exists() or any(out.glob(".graph-input.tmp-*"))


def _role(pid: int, parent: int, root: int, out: Path, seen: dict[int, str]) -> str:
    """What a process of the run is, decided when it is first seen: ``main``, ``helper`` (the fork
    server and the resource tracker, started by the main process), ``worker`` (an extraction process)
    or ``exporter`` (the task-list and graph process, started in the export phase)."""
    if pid not in seen:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmdline = fh.read().decode("utf-8", "replace")
        except OSError:
            cmdline = ""
        if pid == root:
            seen[pid] = "main"
        elif parent == root and ("forkserver" in cmdline or "resource_tracker" in cmdline):
            seen[pid] = "helper"
        else:
            seen[pid] = "exporter" if _exporting(out) else "worker"
    return seen[pid]


class Sampler:
    """Peak RSS of the process tree of a run and of each kind of process in it, sampled every 0.2 s;
    the main process's peak also split between extraction and exports."""

    def __init__(self, root: int, out: Path) -> None:
        self.root, self.out = root, out
        self.peak = 0
        self.roles: dict[int, str] = {}
        self.by_pid: dict[int, int] = {}
        self.main = {"extract": 0, "export": 0}
        self.cpu: dict[int, float] = {}

    def sample(self) -> None:
        tree = _tree(self.root)
        self.peak = max(self.peak, sum(rss for rss, _ in tree.values()))
        for pid, (rss, parent) in tree.items():
            _role(pid, parent, self.root, self.out, self.roles)
            self.by_pid[pid] = max(self.by_pid.get(pid, 0), rss)
            if (seconds := _cpu_seconds(pid)) is not None:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), seconds)
        phase = "export" if _exporting(self.out) else "extract"
        self.main[phase] = max(self.main[phase], tree.get(self.root, (0, 0))[0])

    def by_role(self) -> dict[str, int]:
        """The largest peak (KiB) of one process of each role."""
        peaks: dict[str, int] = {}
        for pid, rss in self.by_pid.items():
            role = self.roles[pid]
            peaks[role] = max(peaks.get(role, 0), rss)
        return peaks


def run(inputs: list[Path], out: Path, workers: int) -> dict:
    """One CLI run; its summary plus wall time and peak RSS of the process tree and per process (MiB)."""
    cmd = [str(CLI), "run", *map(str, inputs), "--out", str(out), "--workers", str(workers), "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = Sampler(proc.pid, out)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            sampler.sample()
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    thread.join()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    main_cpu = sampler.cpu.get(proc.pid, 0.0)
    summary.update(
        wall=wall,
        peak_rss_mib=sampler.peak / 1024,
        peaks_mib={role: kib / 1024 for role, kib in sampler.by_role().items()},
        main_mib={phase: kib / 1024 for phase, kib in sampler.main.items()},
        exit=code,
        main_cpu=main_cpu,
        other_cpu=sum(sampler.cpu.values()) - main_cpu,
    )
    return summary


def replicate(inputs: list[Path], times: int, folder: Path) -> list[Path]:
    """``times`` copies of every input folder under ``folder``."""
    for i in range(times):
        for src in inputs:
            shutil.copytree(src, folder / f"copy{i}" / src.name)
    return [folder]


def line(label: str, s: dict, base: float | None = None) -> str:
    if s.get("status") != "complete":  # a run that stopped (DuckDB out of memory ...): why, and its peaks
        return f"{label:<22} {s.get('status')}: {s.get('error')}  exit {s['exit']}\n{'':<22} {_peaks(s)}"
    docs_s = s["extracted"] / s["wall"] if s["wall"] else 0
    speed = f"  speed-up {base / s['wall']:.2f}x" if base else ""
    return (
        f"{label:<22} {s['extracted']:>5} docs  {s['characters']:>10,} chars  {s['wall']:7.1f} s  "
        f"{docs_s:6.1f} docs/s  {s['characters'] / s['wall']:>9,.0f} chars/s  peak RSS {s['peak_rss_mib']:6.0f} MiB"
        f"{speed}  exit {s['exit']}\n{'':<22} CPU s: main process {s['main_cpu']:.1f}, workers and helpers "
        f"{s['other_cpu']:.1f}; phases (s): {s.get('timings')}; load now {os.getloadavg()[0]:.1f}\n"
        f"{'':<22} {_peaks(s)}"
    )


def _peaks(s: dict) -> str:
    """Peak RSS per kind of process (the largest one of each) and of the main process per phase."""
    roles = ", ".join(f"{role} {mib:.0f}" for role, mib in sorted(s["peaks_mib"].items()))
    main = s["main_mib"]
    return f"peak RSS MiB per process: {roles}; main while extracting {main['extract']:.0f}, exporting {main['export']:.0f}"


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
                if s.get("status") != "complete":
                    continue
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
