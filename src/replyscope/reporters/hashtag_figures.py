"""Pictures of the hashtag analysis: the top tags over time, each variant group with its
crossover marked, and the co-occurrence network.

Rendering only (every number comes from a HashtagAnalysis). Fixed sizes and a fixed
layout seed, so the same analysis draws the same PNG bytes.
"""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402  (the backend must be chosen first)
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402

from ..analyses.hashtags import TAKEOVER_WINDOW, HashtagAnalysis  # noqa: E402
from .figures import figure_png  # noqa: E402

FIGURE_SIZE = (9, 4.2)
NETWORK_SIZE = (8, 6.5)
DPI = 110
LAYOUT_SEED = 42
MAX_TIMELINE_TAGS = 8
MAX_NETWORK_NODES = 30
MAX_VARIANT_FIGURES = 6
# Variant groups with fewer posts than this get a table in the report but no chart.
MIN_GROUP_POSTS_CHARTED = 10
CROSSOVER_COLOUR = "#c62828"
# A chart over time needs at least this many days (or hours) with posts; fewer say nothing a table does not.
MIN_TIMELINE_PERIODS = 3


def hashtag_figures(analysis: HashtagAnalysis, *, max_groups: int = MAX_VARIANT_FIGURES, footer: str = "") -> dict[str, bytes]:
    """Every hashtag picture worth drawing, by name: 'hashtag_timeline', 'hashtag_network', and
    'hashtag_variants:<group>' for groups with a takeover, then the biggest groups (the names the template looks up).

    No timeline is drawn for posts spanning fewer than MIN_TIMELINE_PERIODS periods (a 12-minute thread has one hour).
    """
    figures = {}
    if not analysis.timeline.empty and analysis.timeline["period"].nunique() >= MIN_TIMELINE_PERIODS:
        figures["hashtag_timeline"] = timeline_png(analysis, footer=footer)
    if analysis.graph.number_of_edges():
        figures["hashtag_network"] = network_png(analysis, footer=footer)
    dated = analysis.variant_timeline.groupby("group")["posts"].sum() if not analysis.variant_timeline.empty else {}
    charted = [g for g in analysis.groups() if g in dated and dated[g] >= MIN_GROUP_POSTS_CHARTED]
    taken_over = set(analysis.takeovers["group"])
    for group in sorted(charted, key=lambda g: g not in taken_over)[:max_groups]:
        figures[variant_figure_name(group)] = variant_group_png(analysis, group, footer=footer)
    return figures


def variant_figure_name(group: str) -> str:
    """The figures-dict name of a variant group's chart."""
    return f"hashtag_variants:{group}"


def timeline_png(analysis: HashtagAnalysis, *, max_tags: int = MAX_TIMELINE_TAGS, footer: str = "") -> bytes:
    """Posts per day (or hour) for the most used tags, one line each."""
    figure, axes = plt.subplots(figsize=FIGURE_SIZE, dpi=DPI)
    timeline = analysis.timeline
    shown = list(dict.fromkeys(timeline["tag"]))[:max_tags]
    for tag in shown:
        rows = timeline[timeline["tag"] == tag]
        axes.plot(_naive(rows["period"]), rows["posts"].to_numpy(), label=f"#{tag}", linewidth=1.6,
                  marker="o" if len(rows) < 30 else None, markersize=3)
    axes.set_ylabel(f"posts per {analysis.granularity}")
    axes.set_title(f"The {len(shown)} most used hashtags, {analysis.granularity} by {analysis.granularity}")
    _finish_time_axes(axes, _naive(timeline["period"]), analysis.granularity, legend=bool(shown))
    return _png(figure, footer)


def variant_group_png(analysis: HashtagAnalysis, group: str, footer: str = "") -> bytes:
    """A variant group's members over time (posts in the trailing window), the crossover marked."""
    figure, axes = plt.subplots(figsize=FIGURE_SIZE, dpi=DPI)
    rows = analysis.variant_timeline[analysis.variant_timeline["group"] == group]
    for tag in dict.fromkeys(rows["tag"]):
        member = rows[rows["tag"] == tag]
        axes.plot(_naive(member["period"]), member["trailing_posts"].to_numpy(), label=f"#{tag}", linewidth=1.8,
                  marker="o" if len(member) < 30 else None, markersize=3)
    title = f"#{group} and its variants"
    takeover = analysis.takeovers[analysis.takeovers["group"] == group]
    if not takeover.empty:
        row = takeover.iloc[0]
        when = row["crossover"].tz_convert("UTC").tz_localize(None)
        axes.axvline(when, color=CROSSOVER_COLOUR, linestyle="--", linewidth=1.2, label="crossover")
        label = when.strftime("%d %b %Y" if analysis.granularity == "day" else "%d %b %Y %H:00 UTC")
        title += f"\n#{row['challenger']} overtook #{row['incumbent']} on {label}"
    axes.set_ylabel(f"posts in the last {TAKEOVER_WINDOW} {analysis.granularity}s")
    axes.set_title(title)
    _finish_time_axes(axes, _naive(rows["period"]), analysis.granularity, legend=not rows.empty)
    return _png(figure, footer)


def _in_sorted_order(graph: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges inserted in sorted order: the spring layout depends on that order, and
    a graph built from sets would otherwise be drawn differently from one Python process to the next."""
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes(data=True), key=lambda node: node[0]))
    ordered.add_edges_from(sorted(((*sorted((a, b)), data) for a, b, data in graph.edges(data=True)),
                                  key=lambda edge: (edge[0], edge[1])))
    return ordered


def network_png(analysis: HashtagAnalysis, *, max_nodes: int = MAX_NETWORK_NODES, footer: str = "") -> bytes:
    """The tags used together: node area by posts, edge width by Jaccard, the most used tags only."""
    graph = analysis.graph
    linked = [n for n in graph.nodes if graph.degree(n)] or list(graph.nodes)
    keep = sorted(linked, key=lambda n: (-graph.nodes[n]["posts"], n))[:max_nodes]
    sub = _in_sorted_order(graph.subgraph(keep))
    figure, axes = plt.subplots(figsize=NETWORK_SIZE, dpi=DPI)
    if sub.number_of_nodes():
        positions = nx.spring_layout(sub, seed=LAYOUT_SEED, weight="jaccard", k=1.2 / np.sqrt(sub.number_of_nodes()))
        posts = np.array([sub.nodes[n]["posts"] for n in sub.nodes], dtype=float)
        sizes = 80 + 1400 * np.sqrt(posts / posts.max())
        widths = [0.6 + 5 * sub.edges[e]["jaccard"] for e in sub.edges]
        nx.draw_networkx_edges(sub, positions, ax=axes, width=widths, edge_color="#90a4ae", alpha=0.8)
        nx.draw_networkx_nodes(sub, positions, ax=axes, node_size=sizes, node_color="#4db6ac", alpha=0.9)
        nx.draw_networkx_labels(sub, positions, ax=axes, labels={n: "#" + sub.nodes[n]["label"] for n in sub.nodes},
                                font_size=8)
    axes.margins(0.12)
    axes.set_title(f"Hashtags used together (the {sub.number_of_nodes()} most used with a pair)")
    axes.axis("off")
    return _png(figure, footer)


def _naive(periods):
    """Period starts as naive UTC datetimes, which matplotlib's date axis takes as they are."""
    return periods.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()


def _finish_time_axes(axes, periods, granularity: str, legend: bool) -> None:
    """Dates along the bottom, padded by one period each side so one or two periods still read as a chart."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    # Plain labels that name the month of each tick: the concise formatter's corner label named the padded
    # axis end ("2020-May" on April data).
    axes.xaxis.set_major_formatter(mdates.DateFormatter(_date_label_format(periods, granularity)))
    if len(periods):
        step = np.timedelta64(1, "D" if granularity == "day" else "h")
        axes.set_xlim(min(periods) - step, max(periods) + step)
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    if legend:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)


def _date_label_format(periods, granularity: str) -> str:
    """Tick labels by the data's span: months and years over most of a year, days, or days and hours."""
    if not len(periods):
        return "%d %b %Y"
    span_days = (max(periods) - min(periods)) / np.timedelta64(1, "D")
    if span_days > 300:
        return "%b %Y"
    return "%d %b" if granularity == "day" else "%d %b %H:%M"


def _png(figure, footer: str = "") -> bytes:
    """The figure as PNG bytes with its footer; glyphs the bundled font lacks (CJK, emoji) are drawn as boxes, quietly."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        return figure_png(figure, footer)
