"""The command line: parse options, call the library, print what it returns.

No analysis lives here; every command is a few calls a notebook user could make.
A ReplyscopeError becomes one line on stderr and exit code 1; anything else is a
bug, reported in one line (or with its traceback under --debug) and exit code 3.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli_coding
from .cli_engines import engine_options
from .cli_options import load_options, options_from
from .errors import ReplyscopeError
from .settings import DEFAULTS

# The library is imported inside each command, so `--help`, `formats` and `inspect` load only what they use.
if TYPE_CHECKING:
    import pandas as pd

    from .importers.base import LoadOptions

EXIT_USER_ERROR = 1
EXIT_BUG = 3
EXIT_BROKEN_PIPE = 141  # as a shell reports a command killed by SIGPIPE
EXIT_TERMINATED = 143  # as a shell reports a command killed by SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a killed job, a closed terminal), raised so every cleanup (`finally`) still runs."""


def _raise_terminated(signum, frame):
    raise Terminated


class ReplyscopeGroup(click.Group):
    """A click group that turns user errors into one line instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReplyscopeError as error:
            click.echo(f"replyscope: error: {error}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt as stop:
            click.echo("replyscope: interrupted; nothing was written.", err=True)
            ctx.exit(EXIT_TERMINATED if isinstance(stop, Terminated) else 130)
        except BrokenPipeError:  # the reader stopped early (`replyscope inspect ... | head`): not an error to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as error:  # a bug: say so plainly, traceback only on request
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"replyscope: unexpected error ({type(error).__name__}: {error}); "
                           "this is a bug in replyscope: rerun with --debug and report the traceback.", err=True)
            ctx.exit(EXIT_BUG)


@click.group(cls=ReplyscopeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of unexpected errors.")
@click.version_option(package_name="replyscope")
@click.pass_context
def cli(ctx, debug):
    """Turn social-media replies into key words, themes by likes, cited ideas and hashtags."""
    ctx.ensure_object(dict)["debug"] = debug


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@load_options
def inspect(files, **kwargs):
    """Show what replyscope detects in FILES (format, sheet, header, columns, rows), without analysing."""
    from . import importers
    from .terminal import describe_load

    table, report = importers.load_replies(files, options_from(kwargs))
    click.echo(describe_load(report))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the report  [default: outputs/<first input's name>/]")
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), help="Codebook TOML (see 'replyscope codebook init').  [default: the bundled one]")
@click.option("--min-likes", type=click.IntRange(min=0), default=DEFAULTS.min_likes, show_default=True, help="Theme the replies with more than this many likes.")
@click.option("--min-mentions", type=click.IntRange(min=0), default=DEFAULTS.min_mentions, show_default=True, help="Key words need more than this many mentions.")
@click.option("--corrections", type=click.Path(dir_okay=False), help="CSV/XLSX with columns id and theme that overrides the coding of those replies.")
@click.option("--reviewed", "reviewed_paths", multiple=True, type=click.Path(dir_okay=False), help="A filled review workbook ('replyscope review'), or a CSV with columns id and themes; repeatable. Trains the coder and measures its accuracy.")
@click.option("--track", metavar="TAG", help="Suggest tags and words that travel with this hashtag ('#PCC').")
@click.option("--title", help="Report title.  [default: the inputs' names]")
@click.option("--question", help="The question the replies answer, when the export has no root post: shown first, its words flagged as echoes.")
@click.option("--pseudonymise", is_flag=True, help="Replace individuals' handles and names by stable pseudonyms in every output.")
@click.option("--pseudonym-key", type=click.Path(dir_okay=False), help="Keep the pseudonym key (to re-identify) in this CSV, apart from the outputs; reused when it exists.")
@click.option("--force", is_flag=True, help="Write into an --out folder that holds other files (only replyscope's own files are replaced).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--stopwords", "stopwords_file", type=click.Path(dir_okay=False), help="A text file of more stopwords, one word per line.")
@click.option("--drop-question-words", is_flag=True, help="Leave the question's words out of the key words, phrases and clouds.")
@click.option("--no-language-detection", is_flag=True, help="Read every reply in the codebook's language (faster on very large files).")
@click.option("--no-tone", is_flag=True, help="Do not score each reply's tone (VADER).")
@click.option("--no-abuse-model", is_flag=True, help="Flag abuse by the codebook's word list only, not the bundled model.")
@click.option("--count-campaigns-once", is_flag=True, help="Count each copy-paste campaign once in theme shares.")
@engine_options
@load_options
def analyse(files, out_dir, codebook_path, min_likes, min_mentions, corrections, reviewed_paths, track, title, force,
            quiet, question, pseudonymise, pseudonym_key, stopwords_file, drop_question_words, no_language_detection,
            no_tone, no_abuse_model, count_campaigns_once, engine, scheduler, workers, worker_memory, work_dir,
            **kwargs):
    """Analyse FILES (with --engine dask, also folders and globs) and write the HTML report, CSV and XLSX summaries and pictures."""
    from . import importers
    from .analyses.themes import check_corrections
    from .analysis import analyse as run_analysis
    from .codebook import load_codebook
    from .coding.reviewed import read_review
    from .languages import read_stopword_file
    from .privacy import pseudonymise_replies, read_key, write_key
    from .reporters.headlines import default_title
    from .reporters.output import prepare_writing, write_outputs
    from .side_process import while_waiting
    from .terminal import accuracy_line, summary_table

    options = options_from(kwargs)
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    codebook = load_codebook(codebook_path)
    extra_stopwords = read_stopword_file(stopwords_file) if stopwords_file else ()
    review = read_review(reviewed_paths, codebook) if reviewed_paths else None
    if engine == "dask" or scheduler:
        overrides = dict(min_likes=min_likes, min_mentions=min_mentions, keep_reposts=options.keep_reposts,
                         track_hashtag=track, stopwords=extra_stopwords, question=question,
                         drop_question_words=drop_question_words,
                         detect_languages=False if no_language_detection else None, tone=not no_tone,
                         abuse_model=not no_abuse_model, count_campaigns_once=count_campaigns_once)
        corrections_table = read_corrections(Path(corrections)) if corrections else None
        from .cli_engines import analyse_on_dask
        return analyse_on_dask(files, options, codebook, corrections_table, review, overrides,
                               Path(out_dir) if out_dir else None, title, force, quiet, scheduler, workers,
                               worker_memory, work_dir, pseudonymise)
    detector = None if no_language_detection else start_loading_language_detector()
    table, report = importers.load_replies(files, options)
    if detector is not None:
        detector.join()  # before the analysis may fork: a child is forked only from a single-threaded process
    table.attrs["load_report"] = report
    say(report.summary())
    for warning in report.warnings:
        say(f"warning: {warning}")
    if pseudonym_key and not pseudonymise:
        raise ReplyscopeError("--pseudonym-key: add --pseudonymise too; the key is only made when names are replaced.")
    key = None
    if pseudonymise:
        key_path = Path(pseudonym_key) if pseudonym_key else None
        table, key = pseudonymise_replies(table, codebook, read_key(key_path) if key_path and key_path.exists() else None)
    corrections_table = read_corrections(Path(corrections)) if corrections else None
    progress = None if quiet or not sys.stderr.isatty() else show_progress
    while_waiting(prepare_writing)  # while the analysis waits for the themes a second process proposes
    analysis = run_analysis(table, codebook=codebook, corrections=corrections_table, progress=progress,
                            min_likes=min_likes, min_mentions=min_mentions, keep_reposts=options.keep_reposts,
                            track_hashtag=track, reviewed=review, stopwords=extra_stopwords, question=question,
                            drop_question_words=drop_question_words,
                            detect_languages=False if no_language_detection else None, tone=not no_tone,
                            abuse_model=not no_abuse_model, count_campaigns_once=count_campaigns_once)
    for problem in analysis.validity.warnings:
        say(f"warning: {problem}")
    if progress:
        click.echo("", err=True)
    if analysis.languages is not None and analysis.languages.warning():
        say(f"warning: {analysis.languages.warning()}")
    if corrections_table is not None:
        for problem in check_corrections(analysis.replies, corrections_table, analysis.codebook, corrections):
            say(f"warning: {problem}")
    inputs = [Path(f) for f in files]
    out = Path(out_dir) if out_dir else Path("outputs") / inputs[0].name.split(".")[0]
    if key is not None and pseudonym_key:
        write_key(key, Path(pseudonym_key), out)
    written = write_outputs(analysis, out, inputs, title or default_title([p.name for p in inputs]), force=force,
                            question=question, pseudonymised=pseudonymise)
    if not quiet:
        click.echo(summary_table(analysis))
        click.echo(accuracy_line(analysis.validity, files))
        click.echo(f"Report: {out / 'report.html'}")
        click.echo(f"Also written in {out}: " + ", ".join(p.name for p in written if p.name != "report.html"))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the report  [default: outputs/<first input's name>_hashtags/]")
@click.option("--track", metavar="TAG", help="Suggest tags and words that travel with this hashtag ('#PCC').")
@click.option("--top", "top_n", type=click.IntRange(min=1), default=DEFAULTS.top_hashtags, show_default=True, help="Tags in the top table and on the timeline.")
@click.option("--min-pair-count", type=click.IntRange(min=1), default=DEFAULTS.min_pair_count, show_default=True, help="Posts two tags need together to be scored as a pair.")
@click.option("--title", help="Report title.  [default: the inputs' names]")
@click.option("--question", help="The question the posts answer, shown first when the input holds no root post.")
@click.option("--force", is_flag=True, help="Write into an --out folder that holds other files (only replyscope's own files are replaced).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@load_options
def hashtags(files, out_dir, track, top_n, min_pair_count, title, force, quiet, question, **kwargs):
    """Analyse the hashtags of FILES: top tags, pairs, variants and takeovers, timeline, lifecycle."""
    from . import importers
    from .analyses.hashtags import analyse_hashtags
    from .reporters.headlines import default_title
    from .reporters.output import write_hashtag_report
    from .terminal import hashtag_summary

    options = options_from(kwargs)
    table, report = importers.load_replies(files, options)
    if not quiet:
        click.echo(report.summary(), err=True)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
    result = analyse_hashtags(table, top_n=top_n, min_pair_count=min_pair_count, track=track,
                              keep_reposts=options.keep_reposts)
    inputs = [Path(f) for f in files]
    out = Path(out_dir) if out_dir else Path("outputs") / f"{inputs[0].name.split('.')[0]}_hashtags"
    written = write_hashtag_report(result, report, out, inputs,
                                   title or f"Hashtags in {default_title([p.name for p in inputs])}", force=force,
                                   question=question, min_pair_count=min_pair_count)
    if not quiet:
        click.echo(hashtag_summary(result))
        click.echo(f"Report: {out / 'report.html'}")
        click.echo(f"Also written in {out}: " + ", ".join(p.name for p in written if p.name != "report.html"))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--split", "split_at", metavar="DATE", help="Compare the replies before DATE with those from DATE on (one thread).")
@click.option("--names", metavar="A,B", help="Names for the two sides.  [default: the files' names, or before/from DATE]")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the report  [default: outputs/<A>_vs_<B>/ or outputs/<FILE>_split_<DATE>/]")
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), help="Codebook TOML.  [default: the bundled one]")
@click.option("--title", help="Report title.  [default: 'A and B compared']")
@click.option("--force", is_flag=True, help="Write into an --out folder that holds other files (only replyscope's own files are replaced).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@click.option("--no-tone", is_flag=True, help="Do not score tone.")
@load_options
def compare(files, split_at, names, out_dir, codebook_path, title, force, quiet, no_tone, **kwargs):
    """Compare two threads (A B) or two periods of one (FILE --split DATE): words, themes, ideas, hashtags, tone."""
    from . import importers
    from .analyses.compare import compare as run_comparison, split_by_date
    from .codebook import load_codebook
    from .reporters.compare_output import write_comparison
    from .terminal import comparison_summary

    options = options_from(kwargs)
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    codebook = load_codebook(codebook_path)
    inputs = [Path(f) for f in files]
    if split_at:
        table, report = importers.load_replies(files, options)
        table.attrs["load_report"] = report
        say(report.summary())
        side_a, side_b = split_by_date(table, split_at)
        default_names = (f"before {split_at}", f"from {split_at}")
    elif len(files) == 2:
        side_a, side_b = [load_side(f, options, say) for f in files]
        default_names = tuple(p.name.split(".")[0] for p in inputs)
    else:
        raise ReplyscopeError(f"compare takes two files (A B), or one thread and --split DATE; got {len(files)} file{'' if len(files) == 1 else 's'}.")
    side_names = tuple(n.strip() for n in names.split(",")) if names else default_names
    if len(side_names) != 2 or not all(side_names):
        raise ReplyscopeError(f"--names {names}: give two names separated by a comma, e.g. --names April,May.")
    comparison = run_comparison(side_a, side_b, side_names, codebook, tone=not no_tone, keep_reposts=options.keep_reposts)
    if split_at:
        comparison.dropped_dates = int(table["created_at"].isna().sum())
    stems = [p.name.split(".")[0] for p in inputs]
    default_out = f"{stems[0]}_split_{''.join(c if c.isalnum() or c == '-' else '_' for c in split_at)}" if split_at \
        else f"{stems[0]}_vs_{stems[-1]}"
    out = Path(out_dir) if out_dir else Path("outputs") / default_out
    written = write_comparison(comparison, out, inputs, title or f"{side_names[0]} and {side_names[1]} compared", force=force)
    if not quiet:
        click.echo(comparison_summary(comparison))
        click.echo(f"Report: {out / 'report.html'}")
        click.echo(f"Also written in {out}: " + ", ".join(p.name for p in written if p.name != "report.html"))


def load_side(path: str, options: LoadOptions, say) -> pd.DataFrame:
    """One side of a comparison, read with the shared load options."""
    from . import importers

    table, report = importers.load_replies([path], options)
    table.attrs["load_report"] = report
    say(report.summary())
    return table


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), help="Propose themes for the replies this codebook leaves uncategorised.  [default: the bundled one]")
@click.option("--no-codebook", is_flag=True, help="Propose themes for all replies (a new thread, no codebook yet).")
@click.option("--n", "n_themes", default="auto", show_default=True, metavar="auto|K", help="Number of themes, or 'auto' for the most stable.")
@click.option("--seed", type=int, default=DEFAULTS.random_state, show_default=True, help="Seed for sampling; the same seed gives the same themes.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Folder for the draft codebook and tables  [default: outputs/<first input's name>_themes/]")
@click.option("--title", help="Page title.  [default: 'Themes in <input>']")
@click.option("--force", is_flag=True, help="Write into an --out folder that holds other files (only replyscope's own files are replaced).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@load_options
def themes(files, codebook_path, no_codebook, n_themes, seed, out_dir, title, force, quiet, **kwargs):
    """Propose themes for FILES' uncategorised replies (or all, with --no-codebook) and write a draft codebook."""
    from . import importers
    from .codebook import load_codebook
    from .discover import discover_themes
    from .reporters.themes_output import DRAFT_CODEBOOK, write_proposed_themes
    from .terminal import proposed_summary

    if codebook_path and no_codebook:
        raise ReplyscopeError("--codebook and --no-codebook contradict each other; give one of them.")
    n = n_themes if n_themes == "auto" else parse_theme_count(n_themes)
    options = options_from(kwargs)
    codebook_choice = None if no_codebook else (codebook_path or "default")
    if codebook_path:
        load_codebook(codebook_path)  # a broken codebook fails before the replies are read
    table, report = importers.load_replies(files, options)
    if not quiet:
        click.echo(report.summary(), err=True)
    proposed = discover_themes(table, codebook=codebook_choice, n=n, seed=seed,
                               settings=DEFAULTS.with_overrides(keep_reposts=options.keep_reposts))
    if not proposed:
        raise ReplyscopeError(" ".join(proposed.notes) or "no themes could be proposed for these replies.")
    inputs = [Path(f) for f in files]
    out = Path(out_dir) if out_dir else Path("outputs") / f"{inputs[0].name.split('.')[0]}_themes"
    written = write_proposed_themes(proposed, out, inputs, title or f"Themes in {inputs[0].name}", force=force,
                                    root_post=report.root_post)
    if not quiet:
        click.echo(proposed_summary(proposed))
        click.echo(f"Draft codebook: {out / DRAFT_CODEBOOK} (edit it, then: replyscope analyse "
                   f"{' '.join(files)} --codebook {out / DRAFT_CODEBOOK})")
        click.echo(f"Also written in {out}: " + ", ".join(p.name for p in written if p.name != DRAFT_CODEBOOK))


def parse_theme_count(text: str) -> int:
    """--n: 'auto' or a whole number of at least 2."""
    if not text.isdigit() or int(text) < 2:
        raise ReplyscopeError(f"--n '{text}': give 'auto' or a whole number of themes, 2 or more.")
    return int(text)


def start_loading_language_detector() -> threading.Thread:
    """Load the language detector's model (half a second, mostly unpacking, which frees the interpreter)
    in a thread while the replies are read."""
    from .languages import detect_language

    thread = threading.Thread(target=detect_language, args=("Loading the language model while replies are read",),
                              daemon=True)
    thread.start()
    return thread


def show_progress(step: str, done: int, total: int) -> None:
    """One overwriting status line on stderr."""
    click.echo(f"\r{step}: {done:,}/{total:,} replies", err=True, nl=False)


def read_corrections(path: Path) -> pd.DataFrame:
    """Read a corrections file: columns id and theme (other columns, e.g. a whole replies_coded.csv, are ignored)."""
    import pandas as pd

    if not path.exists():
        raise ReplyscopeError(f"{path}: corrections file not found.")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
            table = pd.read_excel(path, dtype=str, engine="calamine")
        else:
            table = pd.read_csv(path, dtype=str, encoding="utf-8-sig", sep=None, engine="python")
    except Exception as error:  # pandas raises many types for unreadable files
        raise ReplyscopeError(f"{path}: cannot read the corrections ({error}); save it as CSV with columns id and theme.") from None
    columns = {c.strip().lower(): c for c in table.columns}
    theme_column = columns.get("corrected_theme") or columns.get("theme")
    if "id" not in columns or theme_column is None:
        raise ReplyscopeError(f"{path}: corrections need columns 'id' and 'theme'; found {', '.join(map(str, table.columns))}.")
    result = table[[columns["id"], theme_column]].dropna()
    result.columns = ["id", "theme"]
    result["id"] = result["id"].str.lstrip("'")
    return result


@cli.command("formats")
def list_formats():
    """List the export formats replyscope reads."""
    from . import importers

    for name, description in importers.formats():
        click.echo(f"{name:<18} {description}")


for command in (cli_coding.review_command, cli_coding.evaluate_command, cli_coding.codebook):
    cli.add_command(command)


def main(argv=None):
    """Entry point for the `replyscope` console script."""
    for name in ("SIGTERM", "SIGHUP"):  # stopped from outside: clean up (staging folders) as on Ctrl+C
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_terminated)
    cli.main(args=argv, prog_name="replyscope", obj={})


if __name__ == "__main__":
    main(sys.argv[1:])
