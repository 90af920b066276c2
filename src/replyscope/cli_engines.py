"""`replyscope analyse --engine dask`: the options choosing where the analysis runs, and the run on Dask.

Kept apart from cli.py so the default command stays as it is: the analyse command hands
over to `analyse_on_dask` when --engine dask or --scheduler is given.
"""

import shutil
import sys
import tempfile
from pathlib import Path

import click

from .errors import ReplyscopeError


def engine_options(command):
    """The options choosing where the analysis runs: this process, or a Dask cluster."""
    decorators = [
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: one process, the whole table in memory. dask: in partitions on a Dask cluster, "
                          "for folders of exports too large for one process (pip install 'replyscope[cluster]')."),
        click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://host:8786); implies --engine dask.  [default: start a local cluster]"),
        click.option("--workers", type=click.IntRange(min=1), help="Workers of the local Dask cluster.  [default: one per core]"),
        click.option("--worker-memory", metavar="SIZE", help="Memory cap per local Dask worker ('2GB').  [default: the machine's memory shared out]"),
        click.option("--work-dir", type=click.Path(file_okay=False), help="Folder for the Dask engine's intermediate Parquet files; on a remote cluster, one every worker shares.  [default: a temporary folder]"),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def show_partition_progress(step: str, done: int, total: int, width: int = 30) -> None:
    """A progress bar over partitions, overwriting itself on stderr."""
    filled = width * done // max(total, 1)
    click.echo(f"\r{step:<22} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}", err=True, nl=False)


def analyse_on_dask(files, options, codebook, corrections, review, overrides: dict, out: Path | None, title,
                    force: bool, quiet: bool, scheduler, workers, worker_memory, work_dir, pseudonymise: bool) -> None:
    """Run `analyse` on Dask and write the same outputs, plus the coded replies as a Parquet dataset."""
    from .engines.dask import analyse_files
    from .engines.partitions import expand_inputs

    if pseudonymise:
        raise ReplyscopeError("--pseudonymise needs the whole table in one process; use the default engine for it.")
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    progress = None if quiet or not sys.stderr.isatty() else show_partition_progress

    def on_cluster(client):
        from .engines.dask import dashboard

        workers_up = len(client.scheduler_info().get("workers", {}))
        link = dashboard(client)
        say(f"Dask cluster: {workers_up} workers at {client.scheduler_info().get('address')}"
            + (f"; dashboard: {link}" if link else ""))

    inputs = expand_inputs(files)
    out = out or Path("outputs") / Path(files[0]).name.split(".")[0]
    # Where the workers write the coded replies of a thread too large to gather; moved into the report folder.
    parts_parent = Path(work_dir) if work_dir else out.parent
    parts_parent.mkdir(parents=True, exist_ok=True)
    coded_out = Path(tempfile.mkdtemp(prefix=f".{out.name}.coded.", dir=parts_parent))
    try:
        analysis = analyse_files(inputs, codebook=codebook, options=options, corrections=corrections, reviewed=review,
                                 scheduler=scheduler, workers=workers, memory_limit=worker_memory,
                                 work_dir=Path(work_dir) if work_dir else None, progress=progress,
                                 on_cluster=on_cluster, coded_out=coded_out, **overrides)
        _write_and_say(analysis, files, inputs, out, title, force, quiet, overrides, say, progress)
    finally:
        shutil.rmtree(coded_out, ignore_errors=True)


def _write_and_say(analysis, files, inputs, out: Path, title, force: bool, quiet: bool, overrides: dict, say,
                   progress) -> None:
    """Write the outputs of a Dask run and tell the user what they hold."""
    from .reporters.headlines import default_title
    from .reporters.output import write_outputs
    from .terminal import accuracy_line, summary_table

    if progress:
        click.echo("", err=True)
    say(analysis.load_report.summary())
    for warning in [*analysis.load_report.warnings, *analysis.validity.warnings]:
        say(f"warning: {warning}")
    if analysis.languages is not None and analysis.languages.warning():
        say(f"warning: {analysis.languages.warning()}")
    written = write_outputs(analysis, out, inputs, title or default_title([p.name for p in inputs]), force=force,
                            question=overrides.get("question"))
    if not quiet:
        click.echo(summary_table(analysis))
        click.echo(accuracy_line(analysis.validity, files))
        click.echo(f"Report: {out / 'report.html'}")
        click.echo(f"Also written in {out}: " + ", ".join(p.name for p in written if p.name != "report.html"))
