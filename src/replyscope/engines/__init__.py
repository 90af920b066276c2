"""Engines: where the analysis runs. Both give the same tables.

    local  one process, the whole reply table in memory (replyscope.analyse)
    dask   partitions on a Dask cluster, local or remote (dask.py): the per-reply work and the
           mergeable counts run on the workers (plan.py), the steps that need the whole thread
           once the partitions are merged

`analyse_files` reads files, folders or globs and runs either.
"""

from .partitions import expand_inputs
from .run import ENGINES, EngineRun

__all__ = ["ENGINES", "EngineRun", "analyse_files", "expand_inputs"]


def analyse_files(inputs, engine: str = "local", *, options=None, **arguments):
    """Analyse export files, folders or globs with the chosen engine ("local" or "dask"); returns an Analysis.

    Other arguments are those of `replyscope.analyse` (codebook, settings, corrections,
    reviewed, progress, setting overrides) and, for "dask", those of
    `engines.dask.analyse_files` (scheduler, workers, memory_limit, block_lines ...).
    """
    from ..analysis import analyse
    from ..errors import ReplyscopeError
    from ..importers import load_replies

    if engine == "dask":
        from .dask import analyse_files as analyse_on_dask

        return analyse_on_dask(inputs, options=options, **arguments)
    if engine != "local":
        raise ReplyscopeError(f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}.")
    table, report = load_replies(expand_inputs(inputs), options)
    table.attrs["load_report"] = report
    return analyse(table, **arguments)
