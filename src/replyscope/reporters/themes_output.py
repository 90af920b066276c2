"""Writing what `replyscope themes` proposes: the draft codebook, the tables and a short page, atomically."""

from datetime import datetime
from pathlib import Path

from ..analyses.discovery import ProposedThemes
from .draft_codebook import draft_codebook_text
from .html import render_report
from .output import write_folder
from .tables import write_csv

DRAFT_CODEBOOK = "draft_codebook.toml"


def write_proposed_themes(proposed: ProposedThemes, out_dir: Path, inputs: list[Path], title: str,
                          force: bool = False, generated_at: datetime | None = None,
                          root_post: dict | None = None) -> list[Path]:
    """Write draft_codebook.toml, proposed_*.csv, theme_choice.csv and report.html into `out_dir`.

    Returns the paths written.
    """
    def fill(folder: Path) -> list[str]:
        (folder / DRAFT_CODEBOOK).write_text(draft_codebook_text(proposed), encoding="utf-8")
        tables = {**proposed.tables(), "theme_choice": proposed.choice}
        for name, table in tables.items():
            write_csv(table, folder / f"{name}.csv")
        context = {"title": title, "inputs": [Path(p).name for p in inputs], "proposed": proposed,
                   "proposed_heading": "Proposed themes", "draft_name": DRAFT_CODEBOOK, "root_post": root_post}
        (folder / "report.html").write_text(render_report(context, generated_at, "themes_report.html.j2"),
                                            encoding="utf-8")
        return ["report.html", DRAFT_CODEBOOK, *[f"{name}.csv" for name in tables]]
    return write_folder(out_dir, inputs, force, fill)
