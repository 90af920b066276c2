"""The coded replies as a partitioned Parquet dataset: one CSV is useless at 50 million rows.

Written beside replies_coded.csv when the Dask engine ran (pyarrow is then installed):
`replies_coded.parquet/part-000000.parquet` ... of at most PART_ROWS replies each,
readable by pandas, pyarrow, Dask, Spark and DuckDB as one table.
"""

from pathlib import Path

import pandas as pd

DATASET_NAME = "replies_coded.parquet"
PART_ROWS = 1_000_000


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
