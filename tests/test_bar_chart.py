"""The theme charts are drawn with Pillow: each bar in its theme's colour, longest value widest, same bytes every time."""

import io

from PIL import Image

from replyscope.reporters.bar_chart import _ticks, horizontal_bars_png

LABELS = ["Sustainability & wellbeing", "Listening to people", "Uncategorised"]
COLOURS = ["#2e7d32", "#1565c0", "#b0bec5"]


def draw(values, labels=LABELS, footer="Source: replies.xlsx · n = 59 of 1,515 replies"):
    return horizontal_bars_png(labels, values, COLOURS[:len(labels)], "Likes by primary theme: all replies",
                               "total likes", footer)


def bar_runs(image: Image.Image, colour: str) -> list[tuple[int, int]]:
    """(first x, last x) of `colour` along each pixel row where it appears."""
    rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    pixels = image.load()
    runs = []
    for y in range(image.height):
        xs = [x for x in range(image.width) if pixels[x, y] == rgb]
        if xs:
            runs.append((xs[0], xs[-1]))
    return runs


def test_bars_are_in_their_theme_colours_top_to_bottom_and_as_long_as_their_values():
    image = Image.open(io.BytesIO(draw([3644, 1227, 143]))).convert("RGB")
    assert image.width == 960
    lengths, tops = [], []
    for colour in COLOURS:
        runs = bar_runs(image, colour)
        assert runs, colour
        lengths.append(runs[0][1] - runs[0][0])
        tops.append(next(y for y in range(image.height) if image.getpixel((runs[0][0] + 1, y)) != (255, 255, 255)))
    assert tops == sorted(tops)  # first label on top
    for length, value in zip(lengths, [3644, 1227, 143]):
        assert abs(length - lengths[0] * value / 3644) <= 1.5  # within a pixel's rounding


def test_the_same_numbers_draw_the_same_bytes_and_more_bars_a_taller_chart():
    assert draw([5, 3, 0]) == draw([5, 3, 0])
    two = Image.open(io.BytesIO(draw([5, 3], LABELS[:2])))
    three = Image.open(io.BytesIO(draw([5, 3, 0])))
    assert three.height > two.height and two.width == three.width


def test_ticks_are_whole_round_counts_past_the_longest_bar():
    assert _ticks(0) == [0, 1]
    assert _ticks(3) == [0, 1, 2, 3, 4]
    assert _ticks(3644) == [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]
    for largest in (1, 7, 59, 143, 999, 12345, 2.5):
        ticks = _ticks(largest)
        assert ticks[-1] >= largest and len(ticks) <= 9 and all(isinstance(t, int) for t in ticks)
