"""What the report says about the engine that ran (no Dask import: the report reads it)."""

from dataclasses import dataclass, field
from pathlib import Path

ENGINES = ("local", "dask")


@dataclass
class EngineRun:
    """Which engine ran, on how many workers and partitions, and what it did differently from the default."""

    engine: str = "local"
    workers: int = 1
    partitions: int = 1
    scheduler: str | None = None
    dashboard: str | None = None
    method: list[str] = field(default_factory=list)   # sentences for the report's method section
    coded_parts: Path | None = None  # where the workers wrote the coded replies (too many to gather), if they did
