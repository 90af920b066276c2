"""Writing a comparison report folder: report.html and the side-by-side CSVs, all or nothing (see output.write_folder)."""

from datetime import datetime
from pathlib import Path

from ..analyses.compare import Comparison
from .html import render_report
from .output import records, write_folder
from .tables import write_csv, write_xlsx


def comparison_context(comparison: Comparison, title: str, inputs: list[str]) -> dict:
    """Arrange a Comparison for the template (no new numbers)."""
    a, b = comparison.names
    keyness = comparison.keyness
    top = comparison.sides[0].settings.compare_top
    return {"title": title, "inputs": inputs, "comparison": comparison, "a": a, "b": b,
            "settings": comparison.sides[0].settings, "overview": records(comparison.overview),
            "distinctive_a": records(keyness[keyness["side"] == "A"].head(top)),
            "distinctive_b": records(keyness[keyness["side"] == "B"].head(top))}


def write_comparison(comparison: Comparison, out_dir: Path, inputs: list[Path], title: str, force: bool = False,
                     generated_at: datetime | None = None) -> list[Path]:
    """Write report.html, one CSV per side-by-side table and summary.xlsx into `out_dir`, atomically."""
    def fill(folder: Path) -> list[str]:
        tables = comparison.tables()
        for name, table in tables.items():
            write_csv(table, folder / f"{name}.csv")
        write_xlsx(tables, folder / "summary.xlsx")
        context = comparison_context(comparison, title, [Path(p).name for p in inputs])
        (folder / "report.html").write_text(render_report(context, generated_at, "compare_report.html.j2"),
                                            encoding="utf-8")
        return ["report.html", "summary.xlsx", *[f"{n}.csv" for n in tables]]
    return write_folder(out_dir, inputs, force, fill)
