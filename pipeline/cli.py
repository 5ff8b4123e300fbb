"""The ``policy-pipeline`` command: a thin layer over the library.

Each command parses options, calls one library function, and prints. The project's own errors
(:class:`pipeline.errors.PipelineError`) become one ``Error: ...`` line and exit code 1; heavy modules
(spaCy, pandas, networkx) are imported inside the commands so that ``--help`` answers at once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline import __version__
from pipeline.api import extract_file
from pipeline.batch import run_batch
from pipeline.batch.inputs import DOC_TIMEOUT
from pipeline.batch.inputs import ENGINES as BATCH_ENGINES
from pipeline.compare import compare as run_compare
from pipeline.errors import OptionError, ParameterError, PipelineError
from pipeline.export.tasklist import FORMATS as TASK_FORMATS
from pipeline.export.tasklist import task_warnings, write_task_outputs
from pipeline.export.tasks_table import check_date_filters, task_rows
from pipeline.report import build_report
from pipeline.segmenters import SEGMENTERS

app = typer.Typer(
    name="policy-pipeline",
    help="Turn Chinese government policy documents into structured, checkable data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TextColumn = Annotated[
    str | None, typer.Option(help="Table files: the column holding the document text (default: auto).")
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        metavar="FIELD=NAME",
        help="Table files: the column of a metadata field (id, title, date, issuer, doc_number); repeatable.",
    ),
]
EncodingOption = Annotated[
    str | None, typer.Option(help="Force the text encoding (e.g. gb18030) instead of detecting it.")
]
META_FIELDS = ("id", "title", "date", "issuer", "doc_number")
MetadataOption = Annotated[
    Path | None,
    typer.Option(
        help="CSV/xlsx of known metadata, one row per input (path or id; title, doc_number, issuer, "
        "level, region, date): supplied values win over the text's."
    ),
]
RegistryOption = Annotated[
    Path | None, typer.Option(help="CSV of known documents for citation resolution (default: none).")
]
DocumentInputs = Annotated[
    list[Path],
    typer.Argument(help="Documents, table files, folders, record JSON or batch output folders (run --out)."),
]


# The choices of the options come from the library's tuples (light modules, already imported by pipeline)
Segmenter = StrEnum("Segmenter", {name: name for name in SEGMENTERS})


SegmenterOption = Annotated[
    Segmenter | None,
    typer.Option(
        help="Word segmentation engine (default: $POLICY_PIPELINE_SEGMENTER, else rjieba if installed)."
    ),
]


TaskFormat = StrEnum("TaskFormat", {name: name for name in TASK_FORMATS})


def _flags() -> dict[str, str]:
    """The flag of each parameter name of the commands (``doc_timeout`` -> ``--doc-timeout``,
    ``fmt`` -> ``--format``), and of the read options the repeatable ``--column`` sets."""
    flags = {f"{field}_column": f"--column {field}=NAME" for field in META_FIELDS}
    for command in typer.main.get_command(app).commands.values():
        for param in command.params:
            long = [opt for opt in param.opts if opt.startswith("--")]
            if long and param.name:
                flags.setdefault(param.name, long[0])
    return flags


def _fail(exc: PipelineError | OSError) -> typer.Exit:
    """One ``Error: ...`` line on stderr and exit code 1 (an OSError is a bad output path). A library
    error names its parameters (``workers``); the line names the flags that set them (``--workers``)."""
    if isinstance(exc, ParameterError):
        message = exc.render(_flags())
    elif isinstance(exc, OSError) and exc.filename:
        message = f"{exc.filename}: {exc.strerror}"
    else:
        message = str(exc)
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=1)


@contextmanager
def _errors(resumable: bool = False) -> Iterator[None]:
    """The one error boundary: the project's errors and OS errors become ``Error: ...`` and exit 1;
    with ``resumable`` (``run``), Ctrl-C or SIGTERM is one ``Error:`` line and exit 130."""
    try:
        yield
    except (PipelineError, OSError) as exc:
        raise _fail(exc) from None
    except KeyboardInterrupt:
        if not resumable:
            raise
        # the workers are stopped, the store stays consistent
        typer.echo("Error: interrupted; run the same command again to finish the job", err=True)
        raise typer.Exit(code=130) from None


def _load(
    inputs: list[Path],
    options: dict[str, str],
    segmenter: Any,
    registry: Path | None,
    workers: int | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
) -> list:
    """The records of ``inputs`` through the one loader (:func:`pipeline.loader.load_records`): failures
    printed, and the one "nothing could be read" rule (an ``Error:`` line, exit 1)."""
    # start-up: --help does not load the loader (nor the store it reads)
    from pipeline.loader import load_records, nothing_read

    records, failures = load_records(
        inputs,
        read_options=options,
        segmenter=_engine(segmenter),
        registry=registry,
        workers=workers,
        doc_timeout=doc_timeout,
    )
    message = nothing_read(records, failures)
    for failure in failures if len(failures) > 1 or not message else ():  # one: the Error line says it
        typer.echo(f"failed: {failure.source}: {failure.message}", err=True)
    if message:
        raise PipelineError(message)
    return records


def _read_options(
    text_column: str | None,
    columns: list[str] | None = None,
    encoding: str | None = None,
    metadata: Path | None = None,
) -> dict[str, Any]:
    """Options for :func:`pipeline.read_documents` from the CLI flags (the --metadata table loaded once)."""
    options = {"text_column": text_column} if text_column else {}
    for item in columns or ():
        field, sep, name = item.partition("=")
        if not sep or field not in META_FIELDS or not name:
            raise OptionError("--column", item, [f"{f}=NAME" for f in META_FIELDS])
        options[f"{field}_column"] = name
    if encoding:
        options["encoding"] = encoding
    if metadata is not None:
        # start-up: --help does not load the metadata tables
        from pipeline.ingest.metadata import load_metadata

        options["metadata"] = load_metadata(metadata)
    return options


def _engine(segmenter: Segmenter | None) -> str | None:
    return segmenter.value if segmenter else None


@app.command()
def extract(
    file: Annotated[
        Path,
        typer.Argument(
            help="A policy document (.txt .md .docx .html ...), a table file, a record .json or a batch output folder."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON record contract.")] = False,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    segmenter: SegmenterOption = None,
    registry: RegistryOption = None,
) -> None:
    """Extract the structured record of a document and print it (a summary, or JSON with --json)."""
    # start-up: --help does not load the summary
    from pipeline.summary import format_summary

    with _errors():
        options = _read_options(text_column, column, encoding, metadata)
        # the one loader, in this process and without the batch's time budget (one document, as asked)
        records = _load([file], options, segmenter, registry, workers=1, doc_timeout=None)
    if as_json:
        payload = [r.to_dict() for r in records]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n\n".join(format_summary(r) for r in records))


@app.command()
def tasks(
    inputs: DocumentInputs,
    fmt: Annotated[TaskFormat, typer.Option("--format", help="Output format.")] = TaskFormat.xlsx,
    out: Annotated[
        Path | None, typer.Option(help="Output file (default: FILE stem + -tasks, or tasks.FORMAT).")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="Keep the tasks this department leads or shares (e.g. 市教育局).")
    ] = None,
    due_before: Annotated[
        str | None, typer.Option(help="Keep the tasks due on or before this date (YYYY-MM-DD).")
    ] = None,
    due_after: Annotated[
        str | None, typer.Option(help="Keep the tasks due on or after this date (YYYY-MM-DD).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of the Word table or calendar.")] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            help="Workbook to regenerate: keeps its 进度/备注/完成情况 and added columns by task key, adds 变更."
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace an existing output file (a backup is kept).")] = False,
    split_by: Annotated[
        str | None, typer.Option(help="unit or county: a sheet (xlsx) or a file per unit, co-units included.")
    ] = None,
    remind: Annotated[
        str | None, typer.Option(help="Calendar reminder before each deadline, e.g. 7d.")
    ] = None,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    segmenter: SegmenterOption = None,
    registry: RegistryOption = None,
) -> None:
    """Write the task list (责任分工表) of all inputs: workbook, Word table, calendar, CSV or Markdown."""
    # start-up: --help does not load the workbook modules (nor the extractors they read)
    from pipeline.export.tasks_update import check_target

    single = len(inputs) == 1 and inputs[0].is_file() and inputs[0].suffix.lower() != ".json"
    default = Path(f"{inputs[0].stem}-tasks.{fmt.value}" if single else f"tasks.{fmt.value}")
    target = out or update or default
    with _errors():
        options = _read_options(text_column, column, encoding, metadata)
        check_date_filters(due_before, due_after)  # a bad date fails before any extraction
        check_target(target, update=update, force=force)  # and so does an output we may not replace
        records = _load(inputs, options, segmenter, registry)
        rows = task_rows(records, department=department, due_before=due_before, due_after=due_after)
        written = write_task_outputs(
            rows, target, fmt.value, title=title, split_by=split_by, update=update, force=force, remind=remind
        )
    for warning in task_warnings(records, rows):
        typer.echo(warning, err=True)
    where = target if len(written.paths) == 1 else f"{len(written.paths)} files in {written.paths[0].parent}"
    typer.echo(f"wrote {len(rows)} tasks from {len(records)} documents to {where}")
    if written.backup is not None:
        typer.echo(f"backup of the previous file: {written.backup}")
    if written.changes is not None:
        typer.echo(f"变更: {len(written.changes)} changes listed on the 变更 sheet")
    if fmt is TaskFormat.ics:
        # start-up: --help does not load the calendar writer
        from pipeline.export.tasks_ics import calendar_summary

        typer.echo(calendar_summary(rows))


@app.command()
def evaluate(
    file: Annotated[Path, typer.Argument(help="The document the gold file annotates.")],
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSON, see tests/gold/README.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    segmenter: SegmenterOption = None,
    registry: RegistryOption = None,
) -> None:
    """Score extraction against a gold file: precision, recall and F1 per record kind, misses and FPs."""
    # start-up: --help does not load the evaluation
    from pipeline.evaluate import evaluate as run_evaluation
    from pipeline.evaluate import load_gold

    with _errors():
        record = extract_file(file, segmenter=_engine(segmenter), registry=registry)
        result = run_evaluation(record, load_gold(gold))
    typer.echo(
        json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if as_json else result.format_report()
    )


@app.command()
def graph(
    inputs: DocumentInputs,
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("outputs/graph"),
    registry: RegistryOption = None,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    segmenter: SegmenterOption = None,
) -> None:
    """Build the policy graph (documents, citations, departments, tasks) and export it in all formats."""
    # networkx: --help does not load the link layer
    from pipeline.link import build_graph, load_registry, write_graph

    with _errors():
        records = _load(inputs, _read_options(text_column, column, encoding, metadata), segmenter, registry)
        g = build_graph(records, registry=load_registry(registry))
        written = write_graph(g, out)
    typer.echo(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for fmt, path in written.items():
        typer.echo(f"  {fmt}: {path}")


Engine = StrEnum("Engine", {name: name for name in BATCH_ENGINES})


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM stops a run as Ctrl-C does (the workers are shut down, one message), not silently."""
    import signal

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
def run(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Documents, table files, folders, or batch output folders (read from the store)."
        ),
    ],
    out: Annotated[
        Path, typer.Option(help="Output folder (the store and every file derived from it).")
    ] = Path("outputs"),
    workers: Annotated[
        int | None, typer.Option(help="Extraction processes (default: the number of cores).", min=1)
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: a process pool; dask: dask.distributed.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: address of an existing scheduler (tcp://host:8786)."),
    ] = None,
    segmenter: SegmenterOption = None,
    force: Annotated[bool, typer.Option("--force", help="Extract every document again.")] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop stored documents not read in this run.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, only the summary.")] = False,
    registry: RegistryOption = None,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    doc_timeout: Annotated[
        float,
        typer.Option(
            help="Seconds one document may take; a document over it is one failure (0: no limit).", min=0
        ),
    ] = DOC_TIMEOUT,
    records: Annotated[
        bool,
        typer.Option("--records/--no-records", help="Write OUT/records/<id>.json (the store holds them)."),
    ] = True,
    csv: Annotated[
        bool, typer.Option("--csv/--no-csv", help="Write OUT/tables/*.csv (the Parquet files hold them).")
    ] = True,
) -> None:
    """Batch: extract every new or changed document into OUT/policy.duckdb and regenerate its files.

    Exit status 0 when every input was read and extracted, 1 when anything failed (see failures.csv).
    """
    # start-up: --help does not load the progress display
    from pipeline.batch.progress import progress_reporter, summary_lines

    with _errors(resumable=True):
        options = _read_options(text_column, column, encoding, metadata)
        with progress_reporter(quiet=quiet) as progress, _stop_on_sigterm():
            result = run_batch(
                inputs,
                out,
                workers=workers,
                engine=engine.value,
                scheduler=scheduler,
                segmenter=_engine(segmenter),
                read_options=options,
                registry=registry,
                force=force,
                prune=prune,
                on_progress=progress,
                doc_timeout=doc_timeout or None,
                records=records,
                csv=csv,
            )
    for line in summary_lines(result, out):
        typer.echo(line)
    if not result.ok:
        # start-up: --help does not load the loader (nor the store it reads)
        from pipeline.loader import nothing_read

        message = None if result.summary()["documents"] else nothing_read([], result.failures)
        if message:
            typer.echo(f"Error: {message}", err=True)
        raise typer.Exit(code=1)


CompareInputs = DocumentInputs
ParentOption = Annotated[
    str | None,
    typer.Option(help="doc_id every other document implements (default: the graph's implements edges)."),
]

LinksOption = Annotated[
    Path | None,
    typer.Option(help="CSV with columns child,parent (doc_ids): which document implements which."),
]
ProposedOption = Annotated[
    bool, typer.Option("--use-proposed", help="Also use restatements found by text reuse for cascades.")
]


def _compared_records(
    inputs: list[Path],
    parent: str | None,
    segmenter: Segmenter | None,
    registry: Path | None,
    *flags: Any,
    links: Path | None = None,
) -> tuple[list, dict[str, list[str]] | None]:
    """``compare`` and ``report``: the records of ``inputs`` (failures printed) and the ``--parent`` map;
    ``flags`` are ``text_column, column, encoding, metadata`` as given."""
    with _errors():
        records = _load(inputs, _read_options(*flags), segmenter, registry)
        ids = [r.document.doc_id for r in records]
        if parent is not None and parent not in ids:
            raise PipelineError(f"--parent {parent!r} is not among the documents ({', '.join(ids[:10])})")
    parents = {d: [parent] for d in ids if d != parent} if parent else None
    if links is not None:
        # start-up: --help does not load the comparison's modules
        from pipeline.compare.links import read_links

        try:
            parents = {**(parents or {}), **read_links(links, ids)}
        except PipelineError as exc:
            raise _fail(exc) from None
    return records, parents


@app.command()
def compare(
    inputs: CompareInputs,
    out: Annotated[Path, typer.Option(help="Output directory for the CSV tables.")] = Path("outputs/compare"),
    parent: ParentOption = None,
    links: LinksOption = None,
    use_proposed: ProposedOption = False,
    no_reuse: Annotated[
        bool, typer.Option("--no-reuse", help="Skip text reuse (the slowest table).")
    ] = False,
    include_duplicates: Annotated[
        bool,
        typer.Option(
            "--include-duplicates",
            help="Count near-duplicate documents and repeated passages in the instrument shares.",
        ),
    ] = False,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    segmenter: SegmenterOption = None,
    registry: RegistryOption = None,
) -> None:
    """Compare documents: indicators, cascades, departments, instruments, text reuse, terms (CSV tables)."""
    # start-up: --help does not load the store readers
    from pipeline.compare.inputs import stores_of

    records, parents = _compared_records(
        inputs, parent, segmenter, registry, text_column, column, encoding, metadata, links=links
    )
    with _errors():
        source = "file" if links else "parent" if parent else None
        result = run_compare(
            records,
            parents=parents,
            reuse=not no_reuse,
            use_proposed=use_proposed,
            links_source=source,
            include_duplicates=include_duplicates,
        )
        written = result.write_csv(out)
        written.update(result.write_panel(out / "panel"))
        # start-up: --help does not load the comparison's writers (nor the store)
        from pipeline.compare.coding import coding_sheet
        from pipeline.compare.output import write_tables

        written.update(write_tables({"coding_sheet": coding_sheet(result.instruments)}, out))
        stores = stores_of(inputs)
        for db in stores:  # the input's store gets the same tables (compare_<name>)
            result.write_duckdb(db)
    typer.echo(result.summary())
    typer.echo(f"{len(written)} tables in {out}/")
    for db in stores:
        typer.echo(f"tables compare_* in {db}")


@app.command("score-sheet")
def score_sheet_command(
    sheet: Annotated[
        Path, typer.Argument(help="A coding_sheet.csv of compare with coder_instrument filled.")
    ],
) -> None:
    """Score a coder's filled instrument coding sheet: agreement and Cohen's kappa, overall and per class."""
    # start-up: --help does not load the comparison's modules
    from pipeline.compare.coding import score_sheet

    try:
        scores = score_sheet(sheet)
    except PipelineError as exc:
        raise _fail(exc) from None
    if not scores["n"]:
        typer.echo(f"Error: {sheet}: no row has coder_instrument filled", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"rows coded: {scores['n']}  agreement: {scores['agreement']:.3f}  kappa: {scores['kappa']}")
    for k, v in scores["per_class"].items():
        typer.echo(
            f"  {k}: machine {v['n_machine']}  coder {v['n_coder']}  agreement {v['agreement']:.3f}  kappa {v['kappa']}"
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policy-pipeline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Turn Chinese government policy documents into structured, checkable data."""


@app.command()
def report(
    inputs: CompareInputs,
    out: Annotated[Path, typer.Option(help="Output directory (index.html and its pages).")] = Path(
        "outputs/report"
    ),
    parent: ParentOption = None,
    links: LinksOption = None,
    use_proposed: ProposedOption = False,
    title: Annotated[str, typer.Option(help="Title of the report.")] = "Policy report",
    no_reuse: Annotated[bool, typer.Option("--no-reuse", help="Skip text reuse (the slowest part).")] = False,
    text_column: TextColumn = None,
    column: ColumnOption = None,
    encoding: EncodingOption = None,
    metadata: MetadataOption = None,
    segmenter: SegmenterOption = None,
    registry: RegistryOption = None,
) -> None:
    """Offline HTML report: documents with highlighted records, tasks, comparison, reuse, graph, charts."""
    records, parents = _compared_records(
        inputs, parent, segmenter, registry, text_column, column, encoding, metadata, links=links
    )
    # start-up: --help does not load the store readers
    from pipeline.compare.inputs import stores_of
    from pipeline.compare.output import read_duckdb

    stores = stores_of(inputs)
    stored = None
    if len(stores) == 1 and parents is None and not use_proposed and not no_reuse:
        # the compare_* tables of the store, when they cover exactly these documents
        stored = read_duckdb(stores[0], [r.document.doc_id for r in records])
    with _errors():
        index = build_report(
            records,
            out,
            comparison=stored,
            title=title,
            reuse=not no_reuse,
            parents=parents,
            use_proposed=use_proposed,
        )
    if stored is not None:
        typer.echo(f"comparison read from the compare_* tables of {stores[0]}")
    typer.echo(f"{len(records)} documents; report in {index}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
