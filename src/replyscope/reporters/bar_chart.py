"""A horizontal bar chart drawn straight onto an image with Pillow, for the theme charts.

Each bar carries its label on the left and its value at its end; a title, a value axis and the
footer (source, n, dates) complete it. Pillow draws this in milliseconds; matplotlib spent
about a third of a second per chart laying out its text twice (tight_layout, then savefig)
and seconds more to import. The look follows matplotlib's defaults (DejaVu Sans, which
matplotlib ships, at the sizes a 120-dpi figure gives 10-point text), so the report reads as
before.
"""

import importlib.util
import io
import math
import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# 120 dots per inch, as the matplotlib charts were drawn: 8 inches wide, 0.45 inch a bar.
DPI = 120
WIDTH = 8 * DPI
BAR_PITCH = 0.45 * DPI
TEXT = "#212121"
AXIS = "#000000"
FOOTER_COLOUR = "#5f6368"
# Type sizes in points, as in the matplotlib charts: labels 10, title 12, values 9, footer 7.
LABEL_POINTS, TITLE_POINTS, VALUE_POINTS, FOOTER_POINTS = 10, 12, 9, 7
# Footer lines are wrapped at this many characters an inch of width.
FOOTER_CHARACTERS_PER_INCH = 17


def horizontal_bars_png(labels: list[str], values: list[float], colours: list[str], title: str, value_label: str,
                        footer: str = "") -> bytes:
    """PNG bytes of one bar per label, top to bottom in the order given, each value written at its bar's end."""
    label_font, title_font = _font(LABEL_POINTS), _font(TITLE_POINTS)
    value_font, footer_font = _font(VALUE_POINTS), _font(FOOTER_POINTS)
    footer_lines = textwrap.wrap(footer, width=8 * FOOTER_CHARACTERS_PER_INCH) if footer else []
    pad = round(0.05 * DPI)
    line_height = _line_height(label_font)
    value_texts = [f" {int(value):,}" for value in values]
    top = pad * 2 + _line_height(title_font)
    left = 2 * pad + max([_width(label_font, label) for label in labels] or [0]) + 12
    right = WIDTH - pad - max([_width(value_font, text) for text in value_texts] or [0])
    plot_height = round(BAR_PITCH * max(len(labels), 2))
    bottom = top + plot_height
    footer_height = (len(footer_lines) * _line_height(footer_font) + 2 * pad) if footer_lines else 0
    height = bottom + 2 * line_height + 3 * pad + footer_height
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    largest = max([v for v in values if v == v] or [0])
    ticks = _ticks(largest)
    scale = (right - left) / (ticks[-1] if ticks[-1] > 0 else 1)
    band = plot_height / max(len(labels), 1)
    for index, (label, value, colour, text) in enumerate(zip(labels, values, colours, value_texts)):
        middle = top + band * (index + 0.5)
        end = left + max(value, 0) * scale
        draw.rectangle([left, round(middle - 0.4 * band), round(end), round(middle + 0.4 * band)], fill=colour)
        draw.text((left - 12, middle), label, fill=TEXT, font=label_font, anchor="rm")
        draw.text((end + 2, middle), text, fill=TEXT, font=value_font, anchor="lm")
    draw.line([left, top, left, bottom], fill=AXIS, width=1)
    draw.line([left, bottom, right, bottom], fill=AXIS, width=1)
    for tick in ticks:
        x = round(left + tick * scale)
        draw.line([x, bottom, x, bottom + 5], fill=AXIS, width=1)
        draw.text((x, bottom + 7), f"{tick:,}", fill=TEXT, font=label_font, anchor="ma")
    draw.text(((left + right) / 2, bottom + line_height + 2 * pad), value_label, fill=TEXT, font=label_font, anchor="ma")
    draw.text(((left + right) / 2, pad), title, fill=TEXT, font=title_font, anchor="ma")
    y = height - footer_height + pad
    for line in footer_lines:
        draw.text((2 * pad, y), line, fill=FOOTER_COLOUR, font=footer_font)
        y += _line_height(footer_font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _ticks(largest: float) -> list[float]:
    """Whole tick values from 0 past `largest` (1, 2 or 5 times a power of ten apart, at most 8 steps): counts."""
    if largest <= 0:
        return [0, 1]
    reach = largest * 1.05  # room after the longest bar, as matplotlib's margins leave
    magnitude = 10 ** max(0, math.floor(math.log10(reach / 8)))
    step = next(magnitude * m for m in (1, 2, 5, 10) if reach / (magnitude * m) <= 8)
    return [i * step for i in range(math.ceil(reach / step) + 1)]


@lru_cache(maxsize=None)
def _font(points: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_path()), round(points * DPI / 72))


@lru_cache(maxsize=1)
def _font_path() -> Path:
    """DejaVu Sans as matplotlib ships it (found without importing matplotlib), else wordcloud's font."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return path
    from wordcloud.wordcloud import FONT_PATH
    return Path(FONT_PATH)


def _width(font: ImageFont.FreeTypeFont, text: str) -> int:
    return math.ceil(font.getlength(text))


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent
