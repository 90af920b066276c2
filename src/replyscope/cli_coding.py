"""The commands about coding: write or check a codebook, choose replies to review, evaluate a coding against hand labels.

Registered on the `replyscope` group in cli.py; like every command, each imports the library when it runs.
"""

from pathlib import Path

import click

from .cli_options import load_options, options_from
from .errors import ReplyscopeError
from .settings import DEFAULTS


@click.command("review")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), help="Codebook TOML.  [default: the bundled one]")
@click.option("--size", type=click.IntRange(min=1), default=DEFAULTS.review_size, show_default=True, help="Replies to review in this round.")
@click.option("--round", "round_number", type=click.IntRange(min=1), default=1, show_default=True, help="Review round; 2 or more chooses what would teach the coder most and needs --reviewed.")
@click.option("--reviewed", "reviewed_paths", multiple=True, type=click.Path(dir_okay=False), help="Reviews so far (workbook or CSV of id and themes); repeatable.")
@click.option("--seed", type=int, default=DEFAULTS.random_state, show_default=True, help="Seed of the random choice (the same seed chooses the same replies).")
@click.option("--out", "out_path", default="review.xlsx", show_default=True, type=click.Path(dir_okay=False), help="The review workbook to write.")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
@load_options
def review_command(files, codebook_path, size, round_number, reviewed_paths, seed, out_path, force, **kwargs):
    """Choose replies of FILES for a person to review and write them to a workbook to fill in."""
    from . import importers
    from .codebook import load_codebook
    from .coding.review import review as choose
    from .coding.reviewed import read_review
    from .reporters.review_workbook import write_review_workbook

    options = options_from(kwargs)
    codebook = load_codebook(codebook_path)
    table, report = importers.load_replies(files, options)
    click.echo(report.summary(), err=True)
    previous = read_review(reviewed_paths, codebook) if reviewed_paths else None
    sample = choose(table, codebook, size=size, round_number=round_number, reviewed=previous, seed=seed,
                    keep_reposts=options.keep_reposts)
    for problem in (previous.warnings if previous else []):
        click.echo(f"warning: {problem}", err=True)
    command = "replyscope review " + " ".join([*files, "--size", str(size), "--round", str(round_number),
                                              "--seed", str(seed)])
    path = write_review_workbook(sample, codebook, Path(out_path), command=command, force=force, inputs=files)
    strata = sample["stratum"].value_counts()
    click.echo(f"Wrote {len(sample):,} replies to review (round {round_number}) to {path}: "
               + ", ".join(f"{name} {count}" for name, count in strata.items()))
    click.echo(f"Fill it in (x under each theme that applies), then: replyscope analyse {' '.join(files)} --reviewed {path}")


@click.command("evaluate")
@click.argument("coded", type=click.Path(dir_okay=False))
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--coded-col", metavar="COLUMN", help="Theme column of CODED.  [default: themes, theme, primary_theme, label ...]")
@click.option("--gold-col", metavar="COLUMN", help="Theme column of GOLD.  [default: as for CODED]")
def evaluate_command(coded, gold, coded_col, gold_col):
    """Compare coded replies (CODED: replies_coded.csv or any coding) with a hand-labelled file (GOLD), by id or text."""
    import pandas as pd

    from .coding.evaluate import evaluate

    result = evaluate(coded, gold, coded_column=coded_col, gold_column=gold_col)
    click.echo(f"{result.matched:,} replies matched by {result.matched_by}"
               + (f"; {result.unmatched:,} labelled replies not in {coded}" if result.unmatched else ""))
    click.echo(f"{'theme':<28} {'labelled':>8} {'coded':>6} {'precision':>9} {'recall':>6} {'F1':>5} {'kappa':>6}")
    fmt = lambda v: "    -" if pd.isna(v) else f"{v:5.2f}"  # noqa: E731
    for row in result.per_theme.itertuples():
        click.echo(f"{row.theme[:28]:<28} {row.labelled:>8,} {row.coded:>6,} {fmt(row.precision):>9} "
                   f"{fmt(row.recall):>6} {fmt(row.f1):>5} {fmt(row.kappa):>6}")
    click.echo(f"macro-F1 {fmt(result.macro_f1).strip()}; kappa on the first theme {fmt(result.kappa).strip()}")


@click.group()
def codebook():
    """Write or check a codebook (the themes and terms replies are coded with)."""


@codebook.command("init")
@click.argument("path", default="codebook.toml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def codebook_init(path, force):
    """Write the default codebook to PATH for editing."""
    from .codebook import default_codebook_text

    target = Path(path)
    if target.exists() and not force:
        raise ReplyscopeError(f"{target}: already exists; choose another name or add --force to overwrite it.")
    text = default_codebook_text()
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    click.echo(f"Wrote the default codebook to {target}; edit it, then run 'replyscope codebook check {target}'.")


@codebook.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
def codebook_check(path):
    """Validate the codebook at PATH and list its themes."""
    from .codebook import load_codebook

    book = load_codebook(path)
    for warning in book.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{path}: OK, {len(book.themes)} themes, {len(book.entities)} cited entities")
    for theme in book.themes:
        if theme.include:
            click.echo(f"  {theme.key:<16} {theme.label} ({len(theme.include)} terms, {len(theme.exclude)} exclusions)")
        else:
            click.echo(f"  {theme.key:<16} {theme.label} (no terms: valid; learned from reviewed examples, "
                       "see 'replyscope review')")
