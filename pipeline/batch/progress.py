"""How a batch run reports: a rich progress bar on a terminal, plain lines otherwise, and the summary."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.batch.results import SUMMARY_KINDS, BatchResult

Progress = Callable[[int, int, str], None]
SHOWN_FAILURES = 20


@contextmanager
def progress_reporter(*, quiet: bool = False, stream=None) -> Iterator[Progress | None]:
    """A progress callback: none when ``quiet``, a bar when ``stream`` (stderr) is a terminal, else lines."""
    stream = stream or sys.stderr
    if quiet:
        yield None
        return
    if not stream.isatty():

        def line(done: int, total: int, source: str) -> None:
            print(f"[{done}/{total}] {source}", file=stream, flush=True)

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}", style="dim"),
        console=Console(file=stream),
        transient=True,
    )
    task = bar.add_task("", total=None)

    def update(done: int, total: int, source: str) -> None:
        bar.update(task, completed=done, total=total, description=Path(source).name[-40:])

    with bar:
        yield update


def summary_lines(result: BatchResult, out: Path | None) -> list[str]:
    """The final report: done / skipped unchanged / failed, records per kind, time and speed."""
    s = result.summary()
    speed = f", {s['chars_per_second']:,} chars/s" if s["extracted"] and s["chars_per_second"] else ""
    lines = [
        f"done: {s['extracted']} extracted, {s['skipped_unchanged']} skipped unchanged, "
        f"{s['failures']} failed"
        + (f", {s['pruned']} pruned" if s["pruned"] else "")
        + f"  (documents in the output: {s['documents']})",
        "records: " + "  ".join(f"{k}={s[k]}" for k in SUMMARY_KINDS),
        f"time: {s['seconds']}s{speed}",
    ]
    for failure in result.failures[:SHOWN_FAILURES]:
        lines.append(f"failed: {failure.source}: {failure.error}: {failure.reason}")
    if len(result.failures) > SHOWN_FAILURES:
        lines.append(f"failed: … {len(result.failures) - SHOWN_FAILURES} more, see {out}/failures.csv")
    if out is not None:
        lines.append(f"outputs in {out}/ (summary.json lists them)")
    return lines
