"""The command line: parse options, call the library, print what it returns.

No analysis lives here; every command is a few calls a notebook user could make.
A ReplyscopeError becomes one line on stderr and exit code 1; anything else is a
bug, reported in one line (or with its traceback under --debug) and exit code 3.
"""

import sys
import traceback

import click

from . import importers
from .errors import ReplyscopeError
from .importers.base import LoadOptions, LoadReport

EXIT_USER_ERROR = 1
EXIT_BUG = 3


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
        except KeyboardInterrupt:
            click.echo("replyscope: interrupted; nothing was written.", err=True)
            ctx.exit(130)
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


def load_options(command):
    """The options every command that reads exports shares."""
    decorators = [
        click.option("--format", "format_", metavar="NAME", help="Force the input format (see 'replyscope formats')."),
        click.option("--sheet", metavar="NAME", help="Workbook sheet holding the replies (default: detected)."),
        click.option("--text-col", metavar="COLUMN", help="Column holding the reply text."),
        click.option("--likes-col", metavar="COLUMN", help="Column holding the likes."),
        click.option("--author-col", metavar="COLUMN", help="Column holding the author's handle."),
        click.option("--date-col", metavar="COLUMN", help="Column holding the date."),
        click.option("--id-col", metavar="COLUMN", help="Column holding the reply id."),
        click.option("--root", metavar="ID", help="Keep only the replies under this post."),
        click.option("--keep-reposts", is_flag=True, help="Include reposts/retweets in the text analysis."),
        click.option("--strict", is_flag=True, help="Fail on the first malformed record instead of skipping it."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def options_from(kwargs) -> LoadOptions:
    """Build LoadOptions from a command's keyword arguments (consuming them)."""
    return LoadOptions(
        format=kwargs.pop("format_"), sheet=kwargs.pop("sheet"), text_col=kwargs.pop("text_col"),
        likes_col=kwargs.pop("likes_col"), author_col=kwargs.pop("author_col"), date_col=kwargs.pop("date_col"),
        id_col=kwargs.pop("id_col"), root=kwargs.pop("root"), keep_reposts=kwargs.pop("keep_reposts"),
        strict=kwargs.pop("strict"))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@load_options
def inspect(files, **kwargs):
    """Show what replyscope detects in FILES (format, sheet, header, columns, rows), without analysing."""
    table, report = importers.load_replies(files, options_from(kwargs))
    click.echo(describe_load(report))


def describe_load(report: LoadReport) -> str:
    """The inspect listing: one block per source, then the totals."""
    lines = []
    for file in report.files:
        lines.append(file.source)
        lines.append(f"  format:      {file.format}")
        detail = dict(file.detail)
        if "sheet" in detail:
            others = [s for s in detail.get("sheets", []) if s != detail["sheet"]]
            lines.append(f"  sheet:       {detail.pop('sheet')}" + (f" (also: {', '.join(others)})" if others else ""))
            detail.pop("sheets", None)
        if "header_row" in detail:
            lines.append(f"  header row:  {detail.pop('header_row')}")
        for key, value in detail.items():
            if key != "sheets":
                lines.append(f"  {key.replace('_', ' ') + ':':<12} {value}")
        lines.append("  columns:")
        for field_name, column in file.mapping.items():
            lines.append(f"    {field_name:<16} <- {column}")
        lines.append(f"  rows read:   {file.rows_read:,}; kept: {file.rows_kept:,}")
        for reason, count in file.dropped.most_common():
            lines.append(f"  left out:    {count:,} {reason}")
        for note in file.notes:
            lines.append(f"  note:        {note}")
    lines.append(f"total: {report.rows:,} replies from {len(report.files)} source(s)")
    for reason, count in report.dropped.most_common():
        lines.append(f"  left out: {count:,} {reason}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


@cli.command("formats")
def list_formats():
    """List the export formats replyscope reads."""
    for name, description in importers.formats():
        click.echo(f"{name:<18} {description}")


def main(argv=None):
    """Entry point for the `replyscope` console script."""
    cli.main(args=argv, prog_name="replyscope", obj={})


if __name__ == "__main__":
    main(sys.argv[1:])
