"""Pictures of the hashtag analysis: the top tags over time, each variant group with its
crossover marked, and the co-occurrence network.

Rendering only (every number comes from a HashtagAnalysis). Fixed sizes and a fixed
layout seed, so the same analysis draws the same PNG bytes. Drawn with Pillow (see
line_chart): matplotlib drew them before, and importing it cost more than all the drawing.
"""

import networkx as nx
import numpy as np

from ..analyses.hashtags import TAKEOVER_WINDOW, HashtagAnalysis
from .line_chart import Line, lines_over_dates_png
from .line_chart import network_png as network_picture_png

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
    timeline = analysis.timeline
    shown = list(dict.fromkeys(timeline["tag"]))[:max_tags]
    lines = []
    for tag in shown:
        rows = timeline[timeline["tag"] == tag]
        lines.append(Line(f"#{tag}", list(zip(_naive(rows["period"]), rows["posts"].tolist())), 1.6,
                          markers=len(rows) < 30))
    return lines_over_dates_png(
        lines, title=f"The {len(shown)} most used hashtags, {analysis.granularity} by {analysis.granularity}",
        y_label=f"posts per {analysis.granularity}", granularity=analysis.granularity,
        date_format=_date_label_format(_naive(timeline["period"]), analysis.granularity),
        size=_pixels(FIGURE_SIZE), dpi=DPI, footer=footer)


def variant_group_png(analysis: HashtagAnalysis, group: str, footer: str = "") -> bytes:
    """A variant group's members over time (posts in the trailing window), the crossover marked."""
    rows = analysis.variant_timeline[analysis.variant_timeline["group"] == group]
    lines = []
    for tag in dict.fromkeys(rows["tag"]):
        member = rows[rows["tag"] == tag]
        lines.append(Line(f"#{tag}", list(zip(_naive(member["period"]), member["trailing_posts"].tolist())), 1.8,
                          markers=len(member) < 30))
    title = f"#{group} and its variants"
    marked = None
    takeover = analysis.takeovers[analysis.takeovers["group"] == group]
    if not takeover.empty:
        row = takeover.iloc[0]
        when = row["crossover"].tz_convert("UTC").tz_localize(None).to_pydatetime()
        marked = (when, CROSSOVER_COLOUR, "crossover")
        label = when.strftime("%d %b %Y" if analysis.granularity == "day" else "%d %b %Y %H:00 UTC")
        title += f"\n#{row['challenger']} overtook #{row['incumbent']} on {label}"
    return lines_over_dates_png(
        lines, title=title, y_label=f"posts in the last {TAKEOVER_WINDOW} {analysis.granularity}s",
        granularity=analysis.granularity, date_format=_date_label_format(_naive(rows["period"]), analysis.granularity),
        size=_pixels(FIGURE_SIZE), dpi=DPI, footer=footer, marked=marked)


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
    nodes, edges = [], []
    if sub.number_of_nodes():
        positions = nx.spring_layout(sub, seed=LAYOUT_SEED, weight="jaccard", k=1.2 / np.sqrt(sub.number_of_nodes()))
        posts = np.array([sub.nodes[n]["posts"] for n in sub.nodes], dtype=float)
        areas = 80 + 1400 * np.sqrt(posts / posts.max())  # in points squared, as matplotlib's node_size
        number = {n: i for i, n in enumerate(sub.nodes)}
        nodes = [("#" + sub.nodes[n]["label"], (float(positions[n][0]), float(positions[n][1])), float(area))
                 for n, area in zip(sub.nodes, areas)]
        edges = [(number[a], number[b], 0.6 + 5 * sub.edges[a, b]["jaccard"]) for a, b in sub.edges]
    return network_picture_png(nodes, edges, size=_pixels(NETWORK_SIZE), dpi=DPI, footer=footer,
                               title=f"Hashtags used together (the {sub.number_of_nodes()} most used with a pair)")


def _pixels(inches: tuple[float, float]) -> tuple[int, int]:
    return round(inches[0] * DPI), round(inches[1] * DPI)


def _naive(periods) -> list:
    """Period starts as naive UTC datetimes."""
    return list(periods.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_pydatetime())


def _date_label_format(periods: list, granularity: str) -> str:
    """Tick labels by the data's span: months and years over most of a year, days, or days and hours."""
    if not len(periods):
        return "%d %b %Y"
    span_days = (max(periods) - min(periods)).total_seconds() / 86400
    if span_days > 300:
        return "%b %Y"
    return "%d %b" if granularity == "day" else "%d %b %H:%M"
