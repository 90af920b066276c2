"""Writing a whole report folder, all or nothing.

Every file is first written into a temporary folder beside the destination and
moved into place only when all of them are complete, so a failed run leaves no
half report. A folder replyscope did not make is refused unless --force, and an
input file is never written over.
"""

import json
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable

import pandas as pd

from ..analyses.hashtags import HashtagAnalysis
from ..analysis import Analysis
from ..codebook import UNCATEGORISED
from ..errors import ReplyscopeError
from ..importers.base import LoadReport
from . import figures
from .graphs import write_hashtag_graph
from .hashtag_figures import hashtag_figures
from .html import data_uri, render_report
from .accuracy import ratio_caveat
from .tables import write_csv, write_xlsx

MANIFEST = ".replyscope.json"


def report_context(analysis: Analysis, title: str, inputs: list[str], extra_figures: dict | None = None) -> dict:
    """Arrange an Analysis into what the report template shows (no new numbers, only layout)."""
    coded = analysis.replies
    load = analysis.load_report
    labels = analysis.codebook.labels()
    colours = theme_colours(analysis)
    subsets = list(dict.fromkeys(analysis.theme_likes["subset"]))
    theme_likes = [(s, records(analysis.theme_likes[analysis.theme_likes["subset"] == s])) for s in subsets]
    top = []
    for theme in [*labels]:
        rows = analysis.top_replies[analysis.top_replies["primary_theme"] == theme]
        if len(rows):
            top.append({"theme": theme, "label": labels[theme], "replies": records(rows)})
    likes = coded["likes"]
    dropped = load.dropped.most_common() if load else []
    return {
        "title": title, "inputs": inputs, "settings": analysis.settings,
        "root_post": load.root_post if load else None,
        "overview": {
            "replies": len(coded), "rows_read": load.rows_read if load else len(coded),
            "left_out": sum(n for _, n in dropped), "dropped": dropped,
            "total_likes": likes.sum(min_count=1), "most_liked": int((likes.fillna(0) > analysis.settings.min_likes).sum()),
            "first": coded["created_at"].min(), "last": coded["created_at"].max(),
            "authors": coded["author"].nunique(),
        },
        "headline": headline(analysis),
        "words": records(analysis.words), "word_note": next((n for n in analysis.notes if n.startswith("Only")), None),
        "phrases": records(analysis.phrases.head(40)),
        "theme_likes": theme_likes, "themes": records(analysis.themes), "top_replies": top,
        "labels": labels, "colours": colours,
        "codebook_source": analysis.codebook.source, "language": analysis.language,
        "reposts_excluded": analysis.excluded_reposts,
        "analysis_notes": [n for n in analysis.notes if not n.startswith("Only")],
        "files": load.files if load else [], "load_notes": load.notes if load else [],
        "quality": {
            "likes_unknown": int(likes.isna().sum()), "dates_unknown": int(coded["created_at"].isna().sum()),
            "uncategorised": int((coded["primary_theme"] == UNCATEGORISED).sum()),
            "uncategorised_share": float((coded["primary_theme"] == UNCATEGORISED).mean()) if len(coded) else 0.0,
        },
        "figures": extra_figures or {},
        "hashtags": analysis.hashtags, "references": analysis.references, "links": analysis.links,
        "accounts": analysis.accounts,
        "validity": analysis.validity, "review_command": f"replyscope review {' '.join(inputs)} --out review.xlsx",
    }


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts with every missing value as None, so templates can test them plainly."""
    return [{k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
            for row in table.to_dict("records")]


def theme_colours(analysis: Analysis) -> dict[str, str]:
    """Theme key -> colour: the codebook's, else a fixed palette in codebook order."""
    palette = ["#2e7d32", "#1565c0", "#ef6c00", "#6a1b9a", "#8d6e63", "#c62828", "#424242", "#00838f", "#f9a825", "#ad1457"]
    colours = {t.key: t.colour or palette[i % len(palette)] for i, t in enumerate(analysis.codebook.themes)}
    colours[UNCATEGORISED] = "#b0bec5"
    return colours


def headline(analysis: Analysis) -> str | None:
    """'Among replies with more than 20 likes, X drew 3.1× the likes of Y (1,234 vs 398).'"""
    table = analysis.theme_likes
    subset = table[(table["subset"] == table["subset"].iloc[0]) & (table["theme"] != UNCATEGORISED)] if len(table) else table
    subset = subset[subset["total_likes"].notna()]
    if len(subset) < 2 or not subset["total_likes"].iloc[1]:
        return None
    first, second = subset.iloc[0], subset.iloc[1]
    ratio = first["total_likes"] / second["total_likes"]
    return (f"Among {first['subset'].replace('more than', 'replies with more than')}, {first['label']} drew "
            f"{ratio:.1f}× the likes of the next theme, {second['label']} "
            f"({first['total_likes']:,} vs {second['total_likes']:,} likes)."
            + ratio_caveat(analysis.validity, first["theme"], second["theme"]))


def write_outputs(analysis: Analysis, out_dir: Path, inputs: list[Path], title: str, force: bool = False,
                  generated_at: datetime | None = None) -> list[Path]:
    """Write report.html, the CSV summaries, summary.xlsx and the pictures into `out_dir`, atomically.

    Returns the paths written.
    """
    return write_folder(out_dir, inputs, force,
                        lambda folder: _write_all(analysis, folder, [Path(p).name for p in inputs], title, generated_at))


def write_hashtag_report(hashtags: HashtagAnalysis, load_report: LoadReport | None, out_dir: Path, inputs: list[Path],
                         title: str, force: bool = False, generated_at: datetime | None = None) -> list[Path]:
    """Write the hashtag report (report.html with the hashtag section), its CSVs, charts and network, atomically."""
    def fill(folder: Path) -> list[str]:
        tables = hashtags.tables()
        for name, table in tables.items():
            write_csv(table, folder / f"{name}.csv")
        write_xlsx(tables, folder / "summary.xlsx")
        report_figures: dict = {}
        pictures = _write_hashtag_files(hashtags, folder, report_figures)
        context = {"title": title, "inputs": [Path(p).name for p in inputs], "hashtags": hashtags,
                   "figures": report_figures, "root_post": load_report.root_post if load_report else None,
                   "files": load_report.files if load_report else [], "load_notes": load_report.notes if load_report else []}
        html = render_report(context, generated_at, "hashtags_report.html.j2")
        (folder / "report.html").write_text(html, encoding="utf-8")
        return ["report.html", "summary.xlsx", *[f"{n}.csv" for n in tables], *pictures]
    return write_folder(out_dir, inputs, force, fill)


def write_folder(out_dir: Path, inputs: list[Path], force: bool, fill: Callable[[Path], list[str]]) -> list[Path]:
    """Let `fill` write its files into a staging folder, then move them into `out_dir` all at once."""
    out_dir = Path(out_dir)
    _check_destination(out_dir, inputs, force)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the report folder should not be
    try:
        written = fill(staging)
        (staging / MANIFEST).write_text(json.dumps({"tool": "replyscope", "files": written}, indent=2), encoding="utf-8")
        _move_into_place(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in written]


def _write_all(analysis: Analysis, folder: Path, input_names: list[str], title: str, generated_at) -> list[str]:
    tables = analysis.tables()
    for name, table in tables.items():
        write_csv(table, folder / f"{name}.csv")
    write_xlsx(tables, folder / "summary.xlsx")
    colours, labels = theme_colours(analysis), analysis.codebook.labels()
    cloud_png = figures.wordcloud_png(analysis.words, colours, labels, analysis.settings.random_state)
    (folder / "wordcloud.png").write_bytes(cloud_png)
    (folder / "wordcloud.svg").write_text(
        figures.wordcloud_svg(analysis.words, colours, labels, analysis.settings.random_state), encoding="utf-8")
    report_figures = {"wordcloud": data_uri(cloud_png)}
    chart_names = []
    for index, subset in enumerate(dict.fromkeys(analysis.theme_likes["subset"])):
        png = figures.theme_likes_png(analysis.theme_likes, subset, colours)
        name = "theme_likes.png" if index == 0 else "theme_likes_all.png"
        (folder / name).write_bytes(png)
        chart_names.append(name)
        report_figures[f"theme_likes_{index}"] = data_uri(png)
    if analysis.hashtags is not None:
        chart_names += _write_hashtag_files(analysis.hashtags, folder, report_figures)
    context = report_context(analysis, title, input_names, report_figures)
    (folder / "report.html").write_text(render_report(context, generated_at), encoding="utf-8")
    return (["report.html", "summary.xlsx", *[f"{n}.csv" for n in tables], "wordcloud.png", "wordcloud.svg",
             *chart_names])


def _write_hashtag_files(hashtags: HashtagAnalysis, folder: Path, report_figures: dict) -> list[str]:
    """The hashtag pictures (for the report and for slides) and the network for Gephi."""
    names = []
    for name, png in hashtag_figures(hashtags).items():
        report_figures[name] = data_uri(png)
        if ":" not in name:  # variant-group charts live in the report only
            (folder / f"{name}.png").write_bytes(png)
            names.append(f"{name}.png")
    if hashtags.graph.number_of_nodes():
        write_hashtag_graph(hashtags, folder / "hashtag_network.gexf")
        names.append("hashtag_network.gexf")
    return names


def _check_destination(out_dir: Path, inputs: list[Path], force: bool) -> None:
    resolved = out_dir.resolve()
    for path in inputs:
        if Path(path).resolve() == resolved or resolved in Path(path).resolve().parents:
            raise ReplyscopeError(f"{out_dir}: holds the input {path}; choose another --out folder so the input is never touched.")
    if out_dir.exists() and not out_dir.is_dir():
        raise ReplyscopeError(f"{out_dir}: exists and is not a folder; choose another --out.")
    if out_dir.is_dir():
        foreign = [p.name for p in out_dir.iterdir() if p.name not in _replyscope_files(out_dir)]
        if foreign and not force:
            raise ReplyscopeError(
                f"{out_dir}: already holds files replyscope did not write ({', '.join(sorted(foreign)[:5])}); "
                "choose another --out folder, or add --force to write beside them.")


def _replyscope_files(out_dir: Path) -> set[str]:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {MANIFEST, *manifest.get("files", [])} if manifest.get("tool") == "replyscope" else set()


def _move_into_place(staging: Path, out_dir: Path) -> None:
    """Swap the finished folder in; with foreign files present (--force), replace only our own files."""
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    ours = _replyscope_files(out_dir)
    if all(p.name in ours for p in out_dir.iterdir()):
        retired = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        os.replace(out_dir, retired)
        os.replace(staging, out_dir)
        shutil.rmtree(retired, ignore_errors=True)
        return
    for item in staging.iterdir():
        os.replace(item, out_dir / item.name)
