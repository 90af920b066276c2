"""The hashtag charts are drawn with Pillow (reporters/line_chart.py): the sample's numbers, where they should be."""

import io
from datetime import datetime

import pytest
from PIL import Image

import replyscope
from conftest import SAMPLES
from replyscope.analyses.hashtags import analyse_hashtags
from replyscope.reporters.hashtag_figures import network_png, timeline_png
from replyscope.reporters.line_chart import LINE_COLOURS, Line, blend, date_ticks, lines_over_dates_png


@pytest.fixture(scope="module")
def sample_hashtags():
    return analyse_hashtags(replyscope.load(SAMPLES / "replies.xlsx"))


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _rows_with(image: Image.Image, colour, tolerance: int = 60) -> list[int]:
    """The pixel rows where `colour` (hex or RGB) appears, near enough (the lines are smoothed)."""
    rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) if isinstance(colour, str) else colour
    pixels = image.load()
    return [y for y in range(image.height)
            if any(sum(abs(a - b) for a, b in zip(pixels[x, y], rgb)) <= tolerance for x in range(image.width))]


def _axis_row(image: Image.Image) -> int:
    """The x axis: the row with the most dark pixels (a line across the plot; text rows have gaps)."""
    pixels = image.load()
    return max(range(image.height), key=lambda y: sum(sum(pixels[x, y]) < 300 for x in range(image.width)))


def test_the_timeline_draws_each_tag_as_high_as_its_busiest_day(sample_hashtags):
    timeline = sample_hashtags.timeline
    peaks = timeline.groupby("tag", sort=False)["posts"].max()
    first, second = peaks.index[:2]  # #COVID19 (63 posts on its busiest day), #MutualAid (15)
    image = _image(timeline_png(sample_hashtags, footer="Source: replies.xlsx"))
    assert image.size == (990, 462)
    axis = _axis_row(image)
    # only the plot's left part: the legend's samples of each line sit on the right
    plot = image.crop((0, 0, 760, image.height))
    heights = [axis - min(_rows_with(plot, colour)) for colour in LINE_COLOURS[:2]]
    assert heights[0] / heights[1] == pytest.approx(peaks[first] / peaks[second], rel=0.1)


def test_the_same_analysis_draws_the_same_bytes(sample_hashtags):
    assert timeline_png(sample_hashtags) == timeline_png(sample_hashtags)
    assert network_png(sample_hashtags) == network_png(sample_hashtags)


def test_the_network_draws_every_tag_of_a_pair_as_a_circle(sample_hashtags):
    image = _image(network_png(sample_hashtags, footer="Source: replies.xlsx"))
    assert image.size == (880, 715)
    nodes = blend("#4db6ac", 0.9)
    assert _rows_with(image, nodes, tolerance=6)
    # a picture of no pairs is still a picture, with its title only
    empty = _image(lines_over_dates_png([], title="nothing", y_label="posts", granularity="day",
                                        date_format="%d %b", size=(990, 462), dpi=110))
    assert empty.size == (990, 462) and not _rows_with(empty, nodes, tolerance=6)


def test_a_marked_moment_is_a_dashed_line_in_its_colour():
    days = [datetime(2020, 5, d) for d in range(1, 11)]
    lines = [Line("#a", [(d, i) for i, d in enumerate(days)], markers=True),
             Line("#b", [(d, 10 - i) for i, d in enumerate(days)], markers=True)]
    image = _image(lines_over_dates_png(lines, title="#a and its variants\n#a overtook #b on 06 May 2020",
                                        y_label="posts", granularity="day", date_format="%d %b",
                                        size=(990, 462), dpi=110, marked=(days[5], "#c62828", "crossover")))
    red = [x for x in range(image.width) for y in (200, 201, 202, 203, 204, 205, 206, 207)
           if sum(abs(a - b) for a, b in zip(image.getpixel((x, y)), (0xc6, 0x28, 0x28))) < 60]
    assert red and max(red) - min(red) < 6  # one upright line, not a curve


@pytest.mark.parametrize("start, end, granularity, expected", [
    # ten days padded by a day each side: every other day, as matplotlib marked the sample (21 Apr ... 01 May)
    (datetime(2020, 4, 20), datetime(2020, 5, 1), "day", ["21 Apr", "23 Apr", "25 Apr", "27 Apr", "29 Apr", "01 May"]),
    (datetime(2020, 4, 20, 9), datetime(2020, 4, 20, 21), "hour", ["10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]),
    (datetime(2019, 11, 30), datetime(2020, 12, 2), "day", ["Jan 2020", "Mar 2020", "May 2020", "Jul 2020", "Sep 2020",
                                                            "Nov 2020"]),
])
def test_date_ticks_fall_on_round_dates_and_are_few(start, end, granularity, expected):
    ticks = date_ticks(start, end, granularity)
    form = "%H:%M" if granularity == "hour" else "%d %b" if (end - start).days < 300 else "%b %Y"
    assert [t.strftime(form) for t in ticks] == expected
    assert all(start <= t <= end for t in ticks)
