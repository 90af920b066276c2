"""What the command line prints: the inspect listing and each command's short summary.

Plain text from results the library already computed; cli.py calls these after each command.
"""

import pandas as pd

from .importers.base import LoadReport


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
            lines.append(f"  left out:    {reason}: {count:,}")
        for note in file.notes:
            lines.append(f"  note:        {note}")
    lines.append(f"total: {report.rows:,} replies from {len(report.files)} source(s)")
    for reason, count in report.dropped.most_common():
        lines.append(f"  left out: {reason}: {count:,}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def hashtag_summary(result) -> str:
    """The short terminal summary: top tags and any takeover between variants."""
    if not result.tagged_posts:
        return f"None of the {result.posts:,} posts uses a hashtag."
    lines = [f"{result.tagged_posts:,} of {result.posts:,} posts use hashtags. Top tags: "
             + ", ".join(f"#{tag} ({posts:,})" for tag, posts in zip(result.hashtags["tag"].head(8), result.hashtags["posts"].head(8)))]
    for row in result.takeovers.head(5).itertuples():
        lines.append(f"#{row.challenger} overtook #{row.incumbent} from {row.crossover:%d %b %Y}")
    return "\n".join(lines)


def proposed_summary(proposed) -> str:
    """The terminal summary of proposed themes: one line each, with its size and top terms."""
    searched = (f"all {proposed.searched:,} replies" if proposed.scope == "replies" else
                f"the {proposed.searched:,} {proposed.scope} (of {proposed.thread_replies:,} replies)")
    lines = [f"{len(proposed.themes)} themes proposed for {searched}:"]
    for row in proposed.themes.itertuples(index=False):
        likes = "-" if pd.isna(row.likes) else f"{int(row.likes):,}"
        lines.append(f"  {row.theme:<22} {row.replies:>6,} replies {100 * row.share:5.1f}% {likes:>8} likes  {row.top_terms}")
    lines += [f"note: {note}" for note in proposed.notes]
    return "\n".join(lines)


def comparison_summary(comparison) -> str:
    """The short terminal summary: sizes and the most distinctive words of each side."""
    a, b = comparison.names
    sizes = f"{a}: {len(comparison.sides[0].replies):,} replies; {b}: {len(comparison.sides[1].replies):,} replies."
    lines = [sizes]
    for side, name in (("A", a), ("B", b)):
        words = comparison.keyness[comparison.keyness["side"] == side]["word"].head(8).tolist()
        lines.append(f"More in {name}: " + (", ".join(words) if words else "no distinctive word"))
    return "\n".join(lines)


def summary_table(analysis) -> str:
    """The short terminal summary: top themes by likes, top words."""
    lines = []
    likes = analysis.theme_likes
    first = likes[likes["subset"] == likes["subset"].iloc[0]] if len(likes) else likes
    if len(first):
        lines.append(f"Themes, {first['subset'].iloc[0]}:")
        for row in first.head(6).itertuples():
            total = "-" if pd.isna(row.total_likes) else f"{int(row.total_likes):,}"
            share = "" if pd.isna(row.share_of_likes) else f"{100 * row.share_of_likes:5.1f}%"
            lines.append(f"  {row.label:<30} {row.replies:>6,} replies {total:>9} likes {share}")
    if len(analysis.words):
        lines.append("Top words: " + ", ".join(f"{w} ({n:,})" for w, n in zip(analysis.words["word"].head(10), analysis.words["mentions"].head(10))))
    lines += tone_and_copies_summary(analysis)
    return "\n".join(lines)


def tone_and_copies_summary(analysis) -> list[str]:
    """One line each: replies set aside as abuse, and copy-paste campaigns."""
    lines = []
    if analysis.abuse:
        lines.append(f"Set aside as abuse: {analysis.abuse['set_aside']:,} replies"
                     + (f" ({analysis.abuse['by_model']:,} found by the abuse model only)" if analysis.abuse["model_used"] else ""))
    if analysis.campaigns is not None and len(analysis.campaigns.groups):
        campaigns = analysis.campaigns.campaigns
        lines.append(f"Copy-paste: {len(campaigns):,} campaigns and {len(analysis.campaigns.groups) - len(campaigns):,} "
                     "shorter copies from different accounts (copy_groups.csv)")
    return lines


def accuracy_line(validity, files) -> str:
    """One line on how accurate the coding is, or how to measure it."""
    if not validity.measured:
        return ("Accuracy: unmeasured. Review about 200 replies to measure and improve it: "
                f"replyscope review {' '.join(files)} --out review.xlsx")
    return (f"Accuracy on {validity.reviewed:,} reviewed replies (cross-validated): macro-F1 {validity.macro_f1:.2f}, "
            f"kappa with reviewers {validity.kappa:.2f}")
