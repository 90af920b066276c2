"""The coded replies as a partitioned Parquet dataset: one CSV is useless at 50 million rows.

Written beside replies_coded.csv when the Dask engine ran (pyarrow is then installed):
`replies_coded.parquet/part-000000.parquet` ... of at most PART_ROWS replies each,
readable by pandas, pyarrow, Dask, Spark and DuckDB as one table.
"""

import shutil
from pathlib import Path

import pandas as pd

DATASET_NAME = "replies_coded.parquet"
PART_ROWS = 1_000_000
CSV_PARTS = "replies_coded"  # the folder of CSV parts the Dask engine's workers write, one per partition


def coded_replies_name(analysis) -> str:
    """Where every coded reply is written, as the report names it: replies_coded.csv, or, when the Dask engine's
    workers wrote the replies (a thread too large to gather), their folder of CSV parts and the Parquet dataset."""
    engine = getattr(analysis, "engine", None)
    if engine is not None and engine.coded_parts is not None:
        return f"{CSV_PARTS}/ (CSV parts) and {DATASET_NAME}/"
    return "replies_coded.csv"


def write_coded_dataset(coded: pd.DataFrame, folder: Path, part_rows: int = PART_ROWS) -> str:
    """Write the coded replies (as coded_for_export gives them) into folder/replies_coded.parquet/; returns its name."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dataset = folder / DATASET_NAME
    dataset.mkdir()
    for number, first in enumerate(range(0, max(len(coded), 1), part_rows)):
        part = coded.iloc[first:first + part_rows]
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False), dataset / f"part-{number:06d}.parquet")
    return DATASET_NAME


def coded_outputs(analysis, tables: dict[str, pd.DataFrame], folder: Path) -> list[str]:
    """The coded replies' Parquet dataset in `folder`: written from the table, or, when the Dask engine's workers
    wrote it with CSV parts (a thread too large to gather), both moved in. Returns their names."""
    parts = analysis.engine.coded_parts
    if parts is None:
        return [write_coded_dataset(tables["replies_coded"], folder)]
    for name in (DATASET_NAME, CSV_PARTS):
        shutil.move(Path(parts) / name, folder / name)
    return [DATASET_NAME, CSV_PARTS]
