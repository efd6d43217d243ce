"""`newsware`: the one command line for operators and analysts."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flows.settings import Settings

app = typer.Typer(
    help="newsware: raw news page dumps -> a validated, deduplicated DuckDB warehouse.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)

RawOpt = Annotated[
    str | None,
    typer.Option(
        "--raw", help="Landing folder or s3:// prefix [env NEWSWARE_RAW, default ./data/raw]"
    ),
]
WhOpt = Annotated[
    str | None,
    typer.Option(
        "--warehouse",
        help="Warehouse folder or s3:// prefix [env NEWSWARE_WAREHOUSE, default ./data/warehouse]",
    ),
]


def _settings(raw: str | None = None, warehouse: str | None = None) -> Settings:
    return Settings.from_env(raw=raw, warehouse=warehouse)


@contextmanager
def _exits() -> Iterator[None]:
    """The documented exit codes: 3 when another run holds the warehouse, 2 when a critical
    data-quality check stopped the run (nothing published)."""
    from flows.nightly import ValidationFailed
    from warehouse.lock import WarehouseLocked

    try:
        yield
    except WarehouseLocked as locked:
        err.print(f"[bold yellow]not started[/bold yellow]: {locked}")
        raise typer.Exit(3) from None
    except ValidationFailed as failure:
        err.print(f"[bold red]validation failed[/bold red]: {failure}")
        raise typer.Exit(2) from None


@app.command()
def run(
    raw: RawOpt = None,
    warehouse: WhOpt = None,
    batch_files: Annotated[int | None, typer.Option(help="Files per mapped task")] = None,
    sample_if_empty: Annotated[
        bool,
        typer.Option(help="Write the bundled sample corpus first if the landing folder is empty"),
    ] = False,
    workers: Annotated[
        int | None, typer.Option(help="Run tasks on a new local Dask cluster of N worker processes")
    ] = None,
    dask_address: Annotated[
        str | None, typer.Option(help="Run tasks on the Dask cluster at this scheduler address")
    ] = None,
) -> None:
    """Run the nightly flow once, now, and print a run summary."""
    s = _settings(raw, warehouse)
    if sample_if_empty and "://" not in s.raw and not any(Path(s.raw).glob("*")):
        from corpus.generate import write_corpus

        n = write_corpus(Path(s.raw), n=500, seed=0)
        console.print(f"[dim]wrote the bundled sample corpus: {n} dumps into {s.raw}[/dim]")
    from flows.engines import flow_for

    with _exits(), flow_for(workers, dask_address) as nightly:
        summary = nightly(raw=s.raw, warehouse=s.warehouse, batch_files=batch_files)
    _print_summary(summary)


EXAMPLE_QUERY = "select report_date, total, delta from loss_reports where category = 'personnel' order by report_date"


def _print_summary(summary: dict) -> None:
    t = Table(
        title=f"run {summary['run_id']}: {summary['status']}",
        show_header=False,
        title_justify="left",
    )
    t.add_row("files in landing", str(summary["files_seen"]))
    t.add_row("new files", str(summary["files_new"]))
    for status in ("published", "duplicate", "quarantined"):
        t.add_row(f"  {status}", str(summary["ledger"].get(status, 0)))
    counts = summary["counts"]
    t.add_row("documents decoded", str(counts.get("docs_decoded", 0)))
    t.add_row("new articles", str(counts.get("articles_new", 0)))
    t.add_row("later versions of articles", str(counts.get("articles_updated", 0)))
    for name in ("live_updates", "loss_reports", "quotes", "entities", "duplicates"):
        t.add_row(f"{name.replace('_', ' ')} rows", str(counts.get(name, 0)))
    console.print(t)
    if summary["quarantine_reasons"]:
        q = Table("quarantined because", "files", title="quarantine", title_justify="left")
        for reason, n in sorted(summary["quarantine_reasons"].items(), key=lambda kv: -kv[1]):
            q.add_row(reason, str(n))
        console.print(q)
    console.print(f"warehouse: [bold]{summary['warehouse']}[/bold]")
    if summary.get("report"):
        console.print(f"data-quality report: {summary['report']}")
    exe = sys.argv[0] if "/" in sys.argv[0] else "newsware"
    console.print(f'try: [cyan]{exe} sql "{EXAMPLE_QUERY}"[/cyan]', soft_wrap=True)


@app.command()
def sample(
    out: Annotated[Path, typer.Option(help="Folder to write the dumps into")] = Path("./data/raw"),
    n: Annotated[int, typer.Option("--n", help="Number of dumps")] = 500,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same bytes)")] = 0,
    manifest: Annotated[
        Path | None, typer.Option(help="Also write ground-truth labels as JSONL here")
    ] = None,
) -> None:
    """Write the bundled sample corpus of dumps."""
    from rich.progress import Progress

    from corpus.generate import write_corpus

    with Progress(console=err, transient=True) as bar:
        job = bar.add_task("writing dumps", total=n)
        written = write_corpus(
            out, n=n, seed=seed, manifest=manifest, progress=lambda k: bar.update(job, completed=k)
        )
    console.print(f"wrote {written} dumps to {out}")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the catalog")],
    warehouse: WhOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
) -> None:
    """Run a query against the warehouse catalog."""
    from warehouse import catalog
    from warehouse.storage import Store

    con = catalog.connect(Store.open(_settings(warehouse=warehouse).warehouse))
    try:
        cur = con.execute(query)
    except Exception as e:  # show DuckDB's message, not a traceback
        err.print(f"[red]{type(e).__name__}[/red]: {e}")
        raise typer.Exit(1) from None
    _print_result(cur, fmt)


def _print_result(cur, fmt: str) -> None:
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    if fmt == "json":
        sys.stdout.write(
            json.dumps([dict(zip(names, r, strict=True)) for r in rows], default=str, indent=1)
            + "\n"
        )
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(names)
        w.writerows(rows)
    else:
        t = Table(*names)
        for r in rows:
            t.add_row(*("" if v is None else str(v) for v in r))
        console.print(t)
        console.print(f"[dim]{len(rows)} rows[/dim]")


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="Saved query name (see warehouse/queries/)")],
    param: Annotated[list[str], typer.Option("--param", help="k=v, bound as $k")] = [],  # noqa: B006
    warehouse: WhOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
) -> None:
    """Run a saved query with bound parameters."""
    from warehouse import catalog, queries
    from warehouse.storage import Store

    try:
        text = queries.load(name)
    except KeyError:
        err.print(f"no saved query {name!r}; have: {', '.join(queries.names())}")
        raise typer.Exit(1) from None
    malformed = [p for p in param if "=" not in p]
    if malformed:
        err.print(f"--param takes k=v, got {', '.join(map(repr, malformed))}")
        raise typer.Exit(1)
    try:
        bound = queries.bind(text, dict(p.split("=", 1) for p in param))
    except KeyError as wrong:
        takes = ", ".join(queries.parameters(text)) or "no parameters"
        err.print(f"{name}: {wrong.args[0]}; it takes: {takes}")
        raise typer.Exit(1) from None
    con = catalog.connect(Store.open(_settings(warehouse=warehouse).warehouse))
    _print_result(con.execute(text, bound), fmt)


@app.command()
def report(warehouse: WhOpt = None) -> None:
    """Build the data-quality report and print where it is."""
    from flows.quality import build_report
    from warehouse.warehouse import Warehouse

    console.print(build_report(Warehouse.open(_settings(warehouse=warehouse).warehouse)))


@app.command()
def shell(warehouse: WhOpt = None) -> None:
    """Open the DuckDB shell on the catalog with full-text search loaded."""
    from warehouse import catalog
    from warehouse.storage import Store

    store = Store.open(_settings(warehouse=warehouse).warehouse)
    init = (
        Path(store.path(".duckdbrc-newsware"))
        if store.is_local
        else Path("/tmp/.duckdbrc-newsware")
    )
    init.write_text(
        f"SET autoinstall_known_extensions = false;\nLOAD '{catalog.extension_path('fts')}';\n"
    )
    exe = Path(sys.executable).with_name("duckdb")
    os.execv(str(exe), [str(exe), "-init", str(init), catalog.catalog_file(store)])


@app.command()
def backfill(
    since: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="First capture date to take")
    ],
    until: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last capture date [default: today]"),
    ] = None,
    raw: RawOpt = None,
    warehouse: WhOpt = None,
) -> None:
    """Take not-yet-seen dumps captured from --since to --until, one night per capture date, oldest first.

    Days without new files are skipped: the landing folder is dated once up front.

    A file is placed by the capture date of its first document (a dump's header, a WARC's or
    JSON Lines file's first record within its first MiB, an HTML page's date); one that cannot
    be dated so is counted in the log and left for `run`."""
    from flows.api import embedded_api
    from flows.nightly import backfill_days, nightly

    s = _settings(raw, warehouse)
    first, last = since.date(), (until.date() if until else date.today())
    days, undated = backfill_days(s.raw, s.warehouse, (first, last))
    console.print(
        f"{len(days)} of {(last - first).days + 1} days from {first} to {last} hold new files"
    )
    if undated:
        console.print(
            f"{undated} new files could not be dated from their first bytes: left for `run`"
        )
    if not days:
        return
    with embedded_api():
        for day in days:
            with _exits():
                summary = nightly(raw=s.raw, warehouse=s.warehouse, window=(day, day))
            console.print(
                f"{day}: {summary['files_new']} new files, {summary['counts'].get('articles', 0)} article rows"
            )


@app.command()
def rebuild(raw: RawOpt = None, warehouse: WhOpt = None) -> None:
    """Rebuild every table from the raw files (run history is kept)."""
    from flows.api import embedded_api
    from flows.nightly import nightly

    s = _settings(raw, warehouse)
    with _exits(), embedded_api():
        summary = nightly(raw=s.raw, warehouse=s.warehouse, from_scratch=True)
    _print_summary(summary)


@app.command()
def serve(
    raw: RawOpt = None,
    warehouse: WhOpt = None,
    cron: Annotated[
        str, typer.Option(help="Cron schedule, in this machine's local time")
    ] = "0 2 * * *",
) -> None:
    """Serve the nightly deployment on its cron schedule (starts a local Prefect server if none)."""
    from flows.deployments import serve as serve_deployment

    serve_deployment(_settings(raw, warehouse), cron)


@app.command()
def plot(
    what: Annotated[str, typer.Argument(help="losses | volume | tags")],
    out: Annotated[
        Path | None, typer.Option(help="PNG path [default: WAREHOUSE/reports/<what>.png]")
    ] = None,
    warehouse: WhOpt = None,
) -> None:
    """Draw a chart from the warehouse as PNG."""
    from reporting import plots
    from warehouse import catalog
    from warehouse.storage import Store

    store = Store.open(_settings(warehouse=warehouse).warehouse)
    if what not in plots.PLOTS:
        err.print(f"unknown plot {what!r}; choose one of {', '.join(plots.PLOTS)}")
        raise typer.Exit(1)
    out = out or Path(store.path("reports")) / f"{what}.png"
    con = catalog.connect(store)
    console.print(plots.PLOTS[what](con, out))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
