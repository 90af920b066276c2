"""The options every command that reads exports shares (--format, --sheet, --text-col ...), and the LoadOptions they make."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .importers.base import LoadOptions


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
        click.option("--max-input-size", metavar="SIZE", help="Let a .gz or zipped input unpack to this size "
                     "('50GB'); by default one unpacking to over 50x its packed size is refused as a bomb."),
        click.option("--ignore-quotes", is_flag=True, help="Read quote marks in CSV/TSV as plain text "
                     "(when a quote left open swallows the rows after it)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def options_from(kwargs) -> LoadOptions:
    """Build LoadOptions from a command's keyword arguments (consuming them)."""
    from .importers.base import LoadOptions
    from .importers.source import parse_size

    return LoadOptions(
        format=kwargs.pop("format_"), sheet=kwargs.pop("sheet"), text_col=kwargs.pop("text_col"),
        likes_col=kwargs.pop("likes_col"), author_col=kwargs.pop("author_col"), date_col=kwargs.pop("date_col"),
        id_col=kwargs.pop("id_col"), root=kwargs.pop("root"), keep_reposts=kwargs.pop("keep_reposts"),
        strict=kwargs.pop("strict"),
        max_input_size=parse_size(size) if (size := kwargs.pop("max_input_size")) else None,
        ignore_quotes=kwargs.pop("ignore_quotes"))
