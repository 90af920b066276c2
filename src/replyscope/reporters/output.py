"""Writing a whole report folder, all or nothing.

Every file is first written into a temporary folder beside the destination and
moved into place only when all of them are complete, so a failed run leaves no
half report. A folder replyscope did not make is refused unless --force, and an
input file is never written over.
"""

import errno
import json
import os
import re
import shutil
import signal
import tempfile
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable

import pandas as pd

from ..analyses.abuse import ABUSE_MEASURED, ABUSE_METHOD
from ..analyses.hashtags import HashtagAnalysis
from ..analyses.tone import TONE_AGREEMENT
from ..analysis import Analysis
from ..codebook import UNCATEGORISED
from ..languages import UNDETERMINED
from ..languages import name as language_name
from ..errors import ReplyscopeError
from ..importers.base import LoadReport
from ..settings import DEFAULTS
from ..shared_queue import SharedQueue
from ..side_process import Beside, can_fork
from .dataset import CSV_PARTS, coded_outputs, coded_replies_name
from .explore import embedded_replies, script_json
from .footers import analysis_footers, hashtag_footer
from .headlines import MIN_RATIO_BASE, hashtag_headlines, headlines, question, row_accounting
from .html import data_uri, render_report
from .tables import join_csv, write_csv, write_csv_rows, write_xlsx
from .workbook import workbook_sheets

MANIFEST = ".replyscope.json"


def report_context(analysis: Analysis, title: str, inputs: list[str], extra_figures: dict | None = None,
                   asked: str | None = None, pseudonymised: bool = False) -> dict:
    """Arrange an Analysis into what the report template shows (no new numbers, only layout).

    `asked` is the question the replies answer when the input holds no root post (--question).
    """
    coded = analysis.replies
    load = analysis.load_report
    labels = analysis.codebook.labels()
    colours = theme_colours(analysis)
    subsets = list(dict.fromkeys(analysis.theme_likes["subset"]))
    theme_likes = [(s, ratios_shown(records(analysis.theme_likes[analysis.theme_likes["subset"] == s])),
                    THEME_LIKES_FIGURES[i] if i < len(THEME_LIKES_FIGURES) else None) for i, s in enumerate(subsets)]
    explore = embedded_replies(analysis, analysis.settings.max_embedded_replies)
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
        "question": question(analysis, asked, title), "headlines": headlines(analysis),
        "accounting": row_accounting(analysis), "min_ratio_base": MIN_RATIO_BASE,
        "explore": explore, "explore_json": script_json(explore), "pseudonymised": pseudonymised,
        "words": records(analysis.words), "word_note": next((n for n in analysis.notes if n.startswith("Only")), None),
        "phrases": records(analysis.phrases.head(40)),
        "theme_likes": theme_likes, "themes": records(analysis.themes), "top_replies": top,
        "labels": labels, "colours": colours,
        "codebook_source": analysis.codebook.source, "language": analysis.language,
        "reposts_excluded": analysis.excluded_reposts,
        "analysis_notes": [n for n in analysis.notes if not n.startswith("Only")],
        "engine": analysis.engine, "replies_file": coded_replies_name(analysis),
        "files": load.files if load else [], "load_notes": load.notes if load else [],
        "quality": {
            "likes_unknown": int(likes.isna().sum()), "dates_unknown": int(coded["created_at"].isna().sum()),
            "uncategorised": int((coded["primary_theme"] == UNCATEGORISED).sum()),
            "uncategorised_share": float((coded["primary_theme"] == UNCATEGORISED).mean()) if len(coded) else 0.0,
        },
        "figures": extra_figures or {},
        "hashtags": analysis.hashtags, "references": analysis.references, "links": analysis.links,
        "accounts": analysis.accounts, "proposed": analysis.proposed_themes,
        "validity": analysis.validity, "review_command": f"replyscope review {' '.join(inputs)} --out review.xlsx",
        **word_views_context(analysis, extra_figures or {}),
        **tone_and_copies_context(analysis),
    }


def word_views_context(analysis: Analysis, report_figures: dict) -> dict:
    """The language mix, key words per language, the question's echoes and the theme clouds, for the template."""
    table = analysis.language_table
    known = table[table["language"] != UNDETERMINED] if table is not None else None
    by_language = analysis.words_by_language
    labels = analysis.codebook.labels()
    return {
        "language_mix": records(table) if table is not None else [],
        "main_language": records(known.head(1))[0] if known is not None and len(known) else None,
        "language_warning": analysis.languages.warning() if analysis.languages else None,
        "words_by_language": [(language_name(code), records(rows.drop(columns="language")))
                              for code, rows in by_language.groupby("language", sort=False)]
        if by_language is not None and len(by_language) else [],
        "echo_question": analysis.question,
        "question_echoes": records(analysis.question_echoes) if analysis.question_echoes is not None else [],
        "drop_question_words": analysis.settings.drop_question_words,
        "theme_clouds": [{"theme": key, "label": labels.get(key, key), "figure": report_figures[f"wordcloud_{key}"]}
                         for key in theme_cloud_names(analysis) if f"wordcloud_{key}" in report_figures],
    }


def theme_cloud_names(analysis: Analysis) -> dict[str, str]:
    """Theme key -> the file name of its own word cloud (wordcloud_<key>.png), codebook order, uncategorised last."""
    present = set(analysis.theme_words["theme"]) if analysis.theme_words is not None else set()
    return {key: f"wordcloud_{re.sub(r'[^A-Za-z0-9_-]', '_', key)}.png"
            for key in analysis.codebook.labels() if key in present}


def tone_and_copies_context(analysis: Analysis, shown: int = 30) -> dict:
    """What the tone, abuse and copy-paste sections show: the biggest groups of each kind, and the method figures."""
    context = {"tone": analysis.tone, "abuse": analysis.abuse, "campaigns": analysis.campaigns,
               "tone_agreement": TONE_AGREEMENT, "abuse_method": ABUSE_METHOD, "abuse_measured": ABUSE_MEASURED}
    if analysis.campaigns is not None:
        groups = analysis.campaigns.groups
        campaigns, copies = groups[groups["kind"] == "campaign"], groups[groups["kind"] != "campaign"]
        context.update(campaign_count=len(campaigns), campaign_rows=records(campaigns.head(shown)),
                       copy_rows=records(copies.head(shown)),
                       hidden=max(len(campaigns) - shown, 0) + max(len(copies) - shown, 0))
    return context


# The picture drawn for each theme_likes subset, in the order analyses.themes.theme_likes lists them.
THEME_LIKES_FIGURES = ("theme_likes", "theme_likes_all")


def ratios_shown(rows: list[dict]) -> list[dict]:
    """Each row with `ratio_shown`: its ratio to the next theme, only where that theme has MIN_RATIO_BASE replies."""
    for row, following in zip(rows, rows[1:] + [None]):
        row["ratio_shown"] = (row["ratio_to_next"] if following is not None and following["replies"] >= MIN_RATIO_BASE
                              else None)
    return rows


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
    """The themes-by-likes answer of the first screen, with its accuracy caveat ('3.0× the likes of ...')."""
    return next((item.text for item in headlines(analysis) if item.key == "themes"), None)


def prepare_writing() -> None:
    """Load what writing a report needs (the clouds, the compiled templates, the workbook and briefing writers)
    ahead of time; the children that write the workbook and the briefing pack beside this process (see _write_all)
    inherit it, rather than each spending their first few tenths of a second on imports."""
    import docx  # noqa: F401
    import pptx  # noqa: F401
    import xlsxwriter  # noqa: F401

    from . import figures  # noqa: F401
    from .html import compile_templates
    compile_templates()


def write_outputs(analysis: Analysis, out_dir: Path, inputs: list[Path], title: str, force: bool = False,
                  generated_at: datetime | None = None, question: str | None = None, pseudonymised: bool = False,
                  briefing: bool = True) -> list[Path]:
    """Write report.html, the CSV summaries, summary.xlsx, the pictures and the briefing pack into `out_dir`, atomically.

    `question` is shown when the input holds no root post; `pseudonymised` says in every output that
    the analysis ran on pseudonymised replies (see replyscope.privacy). Returns the paths written.
    """
    return write_folder(out_dir, inputs, force,
                        lambda folder: _write_all(analysis, folder, [Path(p).name for p in inputs], title, generated_at,
                                                  question, pseudonymised, briefing))


def write_hashtag_report(hashtags: HashtagAnalysis, load_report: LoadReport | None, out_dir: Path, inputs: list[Path],
                         title: str, force: bool = False, generated_at: datetime | None = None,
                         question: str | None = None, min_pair_count: int = DEFAULTS.min_pair_count) -> list[Path]:
    """Write the hashtag report (report.html with the hashtag section), its CSVs, charts and network, atomically."""
    def fill(folder: Path) -> list[str]:
        tables = hashtags.tables()
        for name, table in tables.items():
            write_csv(table, folder / f"{name}.csv")
        write_xlsx(tables, folder / "summary.xlsx")
        report_figures: dict = {}
        names = [Path(p).name for p in inputs]
        seen = pd.concat([hashtags.hashtags["first_seen"], hashtags.hashtags["last_seen"]]) if len(hashtags.hashtags) else pd.Series(dtype="datetime64[ns, UTC]")
        pictures = _write_hashtag_files(hashtags, folder, report_figures, hashtag_footer(hashtags, names, seen, min_pair_count))
        root = load_report.root_post if load_report else None
        asked = root["text"] if root and isinstance(root.get("text"), str) and root["text"].strip() else question
        context = {"title": title, "inputs": names, "hashtags": hashtags,
                   "question": (asked or "").strip() or title, "headlines": hashtag_headlines(hashtags),
                   "figures": report_figures, "root_post": load_report.root_post if load_report else None,
                   "files": load_report.files if load_report else [], "load_notes": load_report.notes if load_report else []}
        html = render_report(context, generated_at, "hashtags_report.html.j2")
        (folder / "report.html").write_text(html, encoding="utf-8")
        return ["report.html", "summary.xlsx", *[f"{n}.csv" for n in tables], *pictures]
    return write_folder(out_dir, inputs, force, fill)


def write_folder(out_dir: Path, inputs: list[Path], force: bool, fill: Callable[[Path], list[str]]) -> list[Path]:
    """Let `fill` write its files into a staging folder, then move them into `out_dir` all at once."""
    out_dir = Path(out_dir)
    with _writing_errors(out_dir):
        _check_destination(out_dir, inputs, force)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    umask = os.umask(0)
    os.umask(umask)
    try:
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the report folder should not be
        with _writing_errors(out_dir):
            written = fill(staging)
            (staging / MANIFEST).write_text(json.dumps({"tool": "replyscope", "files": written}, indent=2), encoding="utf-8")
            with _signals_held():  # a stop between retiring the old report and moving in the new would lose both
                _move_into_place(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in written]


@contextmanager
def _writing_errors(out_dir: Path):
    """Turn the operating system's refusals to write (no permission, disk full, a file in the way) into one line."""
    try:
        yield
    except OSError as error:
        reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
                  errno.EACCES: "no permission to write there", errno.EPERM: "no permission to write there",
                  errno.EROFS: "the disk is read-only", errno.ENOTDIR: "part of the path is a file, not a folder",
                  errno.EEXIST: "part of the path is a file, not a folder"}.get(error.errno, error.strerror or str(error))
        where = f" ({error.filename})" if error.filename and Path(error.filename) != out_dir else ""
        raise ReplyscopeError(f"{out_dir}: cannot write the report: {reason}{where}; "
                              "nothing was changed there. Free space or choose another --out folder.") from None


@contextmanager
def _signals_held():
    """Hold SIGINT/SIGTERM/SIGHUP until the block ends (only the main thread can; elsewhere a no-op)."""
    held = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no POSIX signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_all(analysis: Analysis, folder: Path, input_names: list[str], title: str, generated_at,
               asked: str | None = None, pseudonymised: bool = False, briefing: bool = True) -> list[str]:
    tables = analysis.tables()
    datasets = coded_outputs(analysis, tables, folder) if analysis.engine is not None else []
    csv_tables = {n: t for n, t in tables.items() if not (n == "replies_coded" and CSV_PARTS in datasets)}
    colours, labels = theme_colours(analysis), analysis.codebook.labels()
    footers = analysis_footers(analysis, input_names)
    # A second process writes the workbook, the cloud's SVG and the hashtag charts where one can run (see
    # side_process), while this one draws the key-word cloud and the theme charts. The CSVs grow with the replies and
    # the rest hardly does, so the CSVs (in shares of CSV_SHARE_ROWS rows) and then the theme clouds go to whichever
    # process is free first (shared_queue): the two finish together from the sample to a million replies. The
    # key-word cloud is laid out first, for both.
    from . import figures
    figures.lay_out_key_word_cloud(analysis.words, colours, analysis.settings.random_state)
    cloud_names = theme_cloud_names(analysis)
    csv_shares = [(name, start) for name, table in csv_tables.items()
                  for start in range(0, max(len(table), 1), CSV_SHARE_ROWS)]
    side_work = partial(_write_workbook_svg_and_hashtag_files, analysis, tables, title, colours, labels, footers,
                        folder)
    with SharedQueue(csv_shares, shared=can_fork()) as shares, \
            SharedQueue(cloud_names.items(), shared=can_fork()) as clouds, \
            Beside(partial(_then_shared_work, side_work, analysis, colours, folder, csv_tables, shares, clouds)) as side:
        written_csv = _write_csv_shares(csv_tables, folder, shares)
        cloud_png = _write_key_word_cloud(analysis, colours, labels, footers["wordcloud"], folder)
        charts = theme_figures(analysis, colours, footers)
        theme_clouds = _write_theme_clouds(analysis, colours, folder, clouds)
        (hashtag_figures, hashtag_pictures), written_beside, drawn_beside = side.result()
        theme_clouds.update(drawn_beside)
    # a child that failed after taking shares gave none back: they are done here
    done = set(written_csv) | set(written_beside)
    _write_csv_shares(csv_tables, folder, [share for share in csv_shares if share not in done])
    for name, table in csv_tables.items():
        if len(table) > CSV_SHARE_ROWS:
            join_csv(table, folder / f"{name}.csv",
                     [_csv_part(folder, name, start) for start in range(0, len(table), CSV_SHARE_ROWS)])
    theme_clouds.update(_write_theme_clouds(analysis, colours, folder,
                                            [item for item in cloud_names.items() if item[1] not in theme_clouds]))
    report_figures = {"wordcloud": data_uri(cloud_png)}
    pictures = {"wordcloud": cloud_png}
    for key, name in cloud_names.items():
        pictures[name.removesuffix(".png")] = theme_clouds[name]
        report_figures[f"wordcloud_{key}"] = data_uri(theme_clouds[name])
    pictures.update(charts)
    for name, png in pictures.items():
        report_figures[name] = data_uri(png)
    report_figures.update(hashtag_figures)
    for name, png in charts.items():
        (folder / f"{name}.png").write_bytes(png)
    context = report_context(analysis, title, input_names, report_figures, asked, pseudonymised)
    written = ["report.html", "summary.xlsx", *datasets, *[f"{n}.csv" for n in csv_tables], "wordcloud.png", "wordcloud.svg",
               *[f"{n}.png" for n in pictures if n != "wordcloud"], *hashtag_pictures]
    # The briefing pack (python-pptx and python-docx load for it) is written beside the page, where a second CPU is free.
    briefing_work = partial(_write_briefing, analysis, context, written, footers, folder) if briefing else list
    with Beside(briefing_work, fork=briefing) as side:
        (folder / "report.html").write_text(render_report(context, generated_at), encoding="utf-8")
        return written + side.result()


def _write_briefing(analysis: Analysis, context: dict, written: list[str], footers: dict[str, str],
                    folder: Path) -> list[str]:
    """Write the briefing pack: a slide for each chart written (one for the cloud, not one a theme); return its files."""
    from .briefing import write_briefing
    charts = [(folder / name, footers.get(_footer_key(name), "")) for name in written
              if name.endswith(".png") and not name.startswith("wordcloud_")]
    return write_briefing(analysis, context, charts, folder)


def _write_key_word_cloud(analysis: Analysis, colours: dict[str, str], labels: dict[str, str], footer: str,
                          folder: Path) -> bytes:
    """Write wordcloud.png; return it."""
    from . import figures  # wordcloud loads only when there is something to draw
    png = figures.wordcloud_png(analysis.words, colours, labels, analysis.settings.random_state, footer)
    (folder / "wordcloud.png").write_bytes(png)
    return png


def _write_workbook_svg_and_hashtag_files(analysis: Analysis, tables: dict[str, pd.DataFrame], title: str,
                                          colours: dict[str, str], labels: dict[str, str], footers: dict[str, str],
                                          folder: Path) -> tuple[dict, list[str]]:
    """Write summary.xlsx, wordcloud.svg (the same layout as the PNG), the hashtag pictures and network; return the
    hashtag pictures for the report and their files."""
    from . import figures
    write_xlsx(workbook_sheets(analysis, tables, title), folder / "summary.xlsx")
    svg = figures.wordcloud_svg(analysis.words, colours, labels, analysis.settings.random_state)
    (folder / "wordcloud.svg").write_text(svg, encoding="utf-8")
    hashtag_figures: dict = {}
    if analysis.hashtags is None:
        return hashtag_figures, []
    return hashtag_figures, _write_hashtag_files(analysis.hashtags, folder, hashtag_figures, footers["hashtags"])


# Rows of a CSV written as one share (see _write_all): a few tenths of a second of work, so shares balance finely.
CSV_SHARE_ROWS = 10_000


def _then_shared_work(work: Callable, analysis: Analysis, colours: dict[str, str], folder: Path,
                      csv_tables: dict[str, pd.DataFrame], shares: SharedQueue, clouds: SharedQueue) -> tuple:
    """`work()`, then the CSV shares and theme clouds no process has taken yet: (what `work()` returns, the shares
    written, the clouds' PNGs by file name)."""
    return work(), _write_csv_shares(csv_tables, folder, shares), _write_theme_clouds(analysis, colours, folder, clouds)


def _write_csv_shares(csv_tables: dict[str, pd.DataFrame], folder: Path, shares) -> list[tuple[str, int]]:
    """Write the (table name, first row) shares handed out: a table that is one share whole, else its rows as a part
    for join_csv; return the shares written."""
    written = []
    for name, start in shares:
        table = csv_tables[name]
        if len(table) <= CSV_SHARE_ROWS:
            write_csv(table, folder / f"{name}.csv")
        else:
            write_csv_rows(table.iloc[start:start + CSV_SHARE_ROWS], _csv_part(folder, name, start))
        written.append((name, start))
    return written


def _csv_part(folder: Path, name: str, start: int) -> Path:
    return folder / f".{name}.csv.from-row-{start}"


def _write_theme_clouds(analysis: Analysis, colours: dict[str, str], folder: Path, clouds) -> dict[str, bytes]:
    """Write the theme clouds `clouds` hands out ((theme key, file name) pairs, as theme_cloud_names gives them);
    return their PNGs by file name."""
    from . import figures
    pngs = {}
    with figures.fonts_opened_once():  # the clouds share their font sizes
        for key, name in clouds:
            rows = analysis.theme_words[analysis.theme_words["theme"] == key]
            pngs[name] = figures.theme_cloud_png(rows, colours.get(key, figures.NEUTRAL_COLOUR),
                                                 analysis.settings.random_state)
            (folder / name).write_bytes(pngs[name])
    return pngs


def _footer_key(picture: str) -> str:
    stem = picture.removesuffix(".png")
    return "hashtags" if stem.startswith("hashtag_") else stem


def theme_figures(analysis: Analysis, colours: dict[str, str], footers: dict[str, str]) -> dict[str, bytes]:
    """The theme charts by file name, each name always meaning one chart.

    theme_likes: likes by primary theme among the most-liked replies (only when some have likes);
    theme_likes_all: likes by primary theme, all replies (only when likes are known);
    theme_replies: replies by primary theme, all replies (always).
    """
    from . import figures
    table = analysis.theme_likes
    subsets = list(dict.fromkeys(table["subset"]))
    charts = {}
    for name, subset in zip(THEME_LIKES_FIGURES, subsets):
        rows = table[table["subset"] == subset]
        if rows["total_likes"].notna().any():
            charts[name] = figures.theme_likes_png(table, subset, colours, footers[name])
    if subsets:
        charts["theme_replies"] = figures.theme_likes_png(table, subsets[-1], colours, footers["theme_replies"],
                                                          measure="replies")
    return charts


def _write_hashtag_files(hashtags: HashtagAnalysis, folder: Path, report_figures: dict, footer: str = "") -> list[str]:
    """The hashtag pictures (for the report and for slides) and the network for Gephi.

    A variant group's chart is saved when one of its spellings overtook another, as
    hashtag_takeover_<group>.png; the other groups' charts live in the report only.
    """
    from .graphs import write_hashtag_graph
    from .hashtag_figures import hashtag_figures
    names = []
    taken_over = set(hashtags.takeovers["group"]) if not hashtags.takeovers.empty else set()
    for name, png in hashtag_figures(hashtags, footer=footer).items():
        report_figures[name] = data_uri(png)
        group = name.partition(":")[2]
        file_name = (f"hashtag_takeover_{safe_file_part(group)}.png" if group in taken_over
                     else None if ":" in name else f"{name}.png")
        if file_name:
            (folder / file_name).write_bytes(png)
            names.append(file_name)
    if hashtags.graph.number_of_nodes():
        write_hashtag_graph(hashtags, folder / "hashtag_network.gexf")
        names.append("hashtag_network.gexf")
    return names


def safe_file_part(text: str) -> str:
    """Text usable inside a file name on every system: letters, digits, '_' and '-' only."""
    return re.sub(r"[^\w-]+", "_", text, flags=re.ASCII).strip("_")[:60] or "group"


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
