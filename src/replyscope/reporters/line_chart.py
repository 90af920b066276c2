"""Charts drawn straight onto an image with Pillow: lines over dates, and a picture of a network.

The hashtag charts were drawn with matplotlib; importing it (pyplot, its text and image modules)
cost more CPU than the rest of the report's pictures together. These draw the same numbers with
the same look (DejaVu Sans as matplotlib ships it, matplotlib's default colours, its sizes at
the figure's dots per inch) in milliseconds, and need nothing beyond Pillow. Everything is drawn
at twice the size and scaled down, so lines and circles come out smooth.
"""

import io
import math
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .bar_chart import _font_path, _ticks

# matplotlib's default colour cycle ("tab10"), so each line keeps the colour it had.
LINE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
                "#17becf")
TEXT = "#000000"
FOOTER_COLOUR = "#5f6368"
# Type sizes in points, as matplotlib's defaults: tick labels and axis label 10, title 12, legend 8, footer 7.
LABEL_POINTS, TITLE_POINTS, LEGEND_POINTS, FOOTER_POINTS = 10, 12, 8, 7
# Footer lines are wrapped at this many characters an inch of width.
FOOTER_CHARACTERS_PER_INCH = 17
# Drawn this many times larger, then scaled down: Pillow draws lines and circles without smoothing.
SUPERSAMPLE = 2
# At most this many date ticks along the bottom, as matplotlib's AutoDateLocator(maxticks=8) allowed.
MAX_DATE_TICKS = 8


@dataclass
class Line:
    """One line of a chart: its points (datetime, value) in time order and its legend label."""
    label: str
    points: list[tuple[datetime, float]]
    width_points: float = 1.6
    markers: bool = False


@dataclass
class Canvas:
    """An image drawn at SUPERSAMPLE times its size; sizes are given in points, as on a matplotlib figure."""
    size: tuple[int, int]
    dpi: int
    image: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)

    def __post_init__(self):
        self.image = Image.new("RGB", (self.size[0] * SUPERSAMPLE, self.size[1] * SUPERSAMPLE), "white")
        self.draw = ImageDraw.Draw(self.image)

    def px(self, points: float) -> float:
        """Points (1/72 inch) as pixels of the drawing."""
        return points * self.dpi / 72 * SUPERSAMPLE

    def font(self, points: float) -> ImageFont.FreeTypeFont:
        return _font(round(self.px(points)))

    def png(self, footer: str, width_inches: float) -> bytes:
        """The picture scaled to its size, the footer in small grey type along the bottom, as PNG bytes."""
        lines = _footer_lines(footer, width_inches)
        font = self.font(FOOTER_POINTS)
        height = _line_height(font)
        y = self.image.height - self.px(2) - height * len(lines)
        for line in lines:
            self.draw.text((0.01 * self.image.width, y), line, fill=FOOTER_COLOUR, font=font)
            y += height
        image = self.image.resize(self.size, Image.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=6)
        return buffer.getvalue()

    def footer_height(self, footer: str, width_inches: float) -> float:
        lines = _footer_lines(footer, width_inches)
        return (_line_height(self.font(FOOTER_POINTS)) * len(lines) + self.px(8)) if lines else 0

    def title(self, text: str, centre_x: float) -> float:
        """Draw the title's lines centred at the top; return where the space under it starts."""
        font = self.font(TITLE_POINTS)
        y = self.px(6)
        for line in text.split("\n"):
            self.draw.text((centre_x, y), line, fill=TEXT, font=font, anchor="ma")
            y += _line_height(font)
        return y + self.px(6)


def lines_over_dates_png(lines: list[Line], *, title: str, y_label: str, granularity: str, date_format: str,
                         size: tuple[int, int], dpi: int, footer: str = "",
                         marked: tuple[datetime, str, str] | None = None) -> bytes:
    """PNG bytes of one line per `lines` entry over a date axis padded one period each side, counts from zero up,
    the legend outside on the right; `marked` = (when, colour, label) draws a dashed vertical line there."""
    canvas = Canvas(size, dpi)
    width, height = canvas.image.size
    label_font, legend_font = canvas.font(LABEL_POINTS), canvas.font(LEGEND_POINTS)
    entries = [(line.label, LINE_COLOURS[i % len(LINE_COLOURS)], line.markers) for i, line in enumerate(lines)]
    if marked:
        entries.append((marked[2], marked[1], False))
    legend_width = (max(_width(legend_font, label) for label, _, _ in entries) + canvas.px(32)) if entries else 0
    values = [value for line in lines for _, value in line.points]
    ticks = _ticks(max(values) if values else 0)
    top = canvas.title(title, width / 2) if title else canvas.px(10)
    bottom = height - canvas.footer_height(footer, size[0] / dpi) - 2 * _line_height(label_font) - canvas.px(10)
    left = canvas.px(10) + _line_height(label_font) + max(_width(label_font, f"{t:,}") for t in ticks) + canvas.px(10)
    right = width - canvas.px(10) - legend_width
    step = timedelta(days=1) if granularity == "day" else timedelta(hours=1)
    times = [when for line in lines for when, _ in line.points] + ([marked[0]] if marked else [])
    start, end = (min(times) - step, max(times) + step) if times else (datetime(2000, 1, 1), datetime(2000, 1, 2))
    span = (end - start).total_seconds() or 1.0

    def x_of(when: datetime) -> float:
        return left + (when - start).total_seconds() / span * (right - left)

    def y_of(value: float) -> float:
        return bottom - value / ticks[-1] * (bottom - top)

    draw = canvas.draw
    for tick in ticks:
        y = y_of(tick)
        draw.line([left - canvas.px(3.5), y, left, y], fill=TEXT, width=round(canvas.px(0.8)))
        draw.text((left - canvas.px(5), y), f"{tick:,}", fill=TEXT, font=label_font, anchor="rm")
    for when in date_ticks(start, end, granularity):
        x = x_of(when)
        draw.line([x, bottom, x, bottom + canvas.px(3.5)], fill=TEXT, width=round(canvas.px(0.8)))
        draw.text((x, bottom + canvas.px(5)), when.strftime(date_format), fill=TEXT, font=label_font, anchor="ma")
    _vertical_text(canvas, y_label, canvas.px(8), (top + bottom) / 2, label_font)
    if marked:
        _dashed_vertical(canvas, x_of(marked[0]), top, bottom, marked[1], canvas.px(1.2))
    for line, (_, colour, _) in zip(lines, entries):
        points = [(x_of(when), y_of(value)) for when, value in line.points]
        if len(points) > 1:
            draw.line(points, fill=colour, width=round(canvas.px(line.width_points)), joint="curve")
        if line.markers:
            radius = canvas.px(1.5)
            for x, y in points:
                draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    draw.line([left, top, left, bottom], fill=TEXT, width=round(canvas.px(0.8)))
    draw.line([left, bottom, right, bottom], fill=TEXT, width=round(canvas.px(0.8)))
    _legend(canvas, entries, right + canvas.px(8), top, legend_font)
    return canvas.png(footer, size[0] / dpi)


def _legend(canvas: Canvas, entries: list[tuple[str, str, bool]], x: float, y: float, font) -> None:
    """Each entry as a short stretch of its line (with its marker) and its label, one under the other."""
    pitch = _line_height(font) * 1.45
    for label, colour, marker in entries:
        middle = y + pitch / 2
        canvas.draw.line([x, middle, x + canvas.px(20), middle], fill=colour, width=round(canvas.px(1.6)))
        if marker:
            radius = canvas.px(1.5)
            centre = x + canvas.px(10)
            canvas.draw.ellipse([centre - radius, middle - radius, centre + radius, middle + radius], fill=colour)
        canvas.draw.text((x + canvas.px(26), middle), label, fill=TEXT, font=font, anchor="lm")
        y += pitch


def _dashed_vertical(canvas: Canvas, x: float, top: float, bottom: float, colour: str, width: float) -> None:
    dash, gap = canvas.px(3.7) * width / canvas.px(1), canvas.px(1.6) * width / canvas.px(1)
    y = top
    while y < bottom:
        canvas.draw.line([x, y, x, min(y + dash, bottom)], fill=colour, width=round(width))
        y += dash + gap


def _vertical_text(canvas: Canvas, text: str, x: float, middle: float, font) -> None:
    """`text` turned a quarter to read upwards, its left edge at `x`, centred on `middle`."""
    box = Image.new("L", (math.ceil(_width(font, text)) + 4, _line_height(font) + 4), 0)
    ImageDraw.Draw(box).text((2, 2), text, fill=255, font=font)
    turned = box.rotate(90, expand=True)
    canvas.image.paste(Image.new("RGB", turned.size, TEXT), (round(x), round(middle - turned.height / 2)), turned)


def date_ticks(start: datetime, end: datetime, granularity: str) -> list[datetime]:
    """Round dates from `start` to `end`, at most MAX_DATE_TICKS: hours, days, months or years apart, as
    matplotlib's AutoDateLocator chose them (days of the month 1, 1+n, 1+2n ...; the first of a month)."""
    hours = (end - start).total_seconds() / 3600
    if granularity == "hour":
        for every in (1, 2, 3, 4, 6, 12):
            if hours / every <= MAX_DATE_TICKS:
                first = start.replace(minute=0, second=0, microsecond=0)
                ticks = [first + timedelta(hours=h) for h in range(int(hours) + 2)]
                return [t for t in ticks if start <= t <= end and t.hour % every == 0]
    for every in (1, 2, 3, 4, 7, 14):
        if hours / 24 / every <= MAX_DATE_TICKS:
            first = start.replace(hour=0, minute=0, second=0, microsecond=0)
            days = [first + timedelta(days=d) for d in range(int(hours / 24) + 2)]
            return [d for d in days if start <= d <= end and (d.day - 1) % every == 0]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    for every in (1, 2, 3, 4, 6, 12, 24, 60, 120):
        if months / every <= MAX_DATE_TICKS:
            ticks = []
            year, month = start.year, start.month
            while (year, month) <= (end.year, end.month):
                when = datetime(year, month, 1)
                if start <= when <= end and ((month - 1) % every == 0 if every < 12
                                             else month == 1 and year % (every // 12) == 0):
                    ticks.append(when)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return ticks
    return [start, end]


def blend(colour: str, alpha: float) -> tuple[int, int, int]:
    """`colour` at `alpha` over white, as one opaque colour."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(round(alpha * c + (1 - alpha) * 255) for c in (red, green, blue))


def _footer_lines(footer: str, width_inches: float) -> list[str]:
    return textwrap.wrap(footer, width=int(width_inches * FOOTER_CHARACTERS_PER_INCH)) if footer else []


@lru_cache(maxsize=None)
def _font(pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_path()), pixels)


def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent



def network_png(nodes: list[tuple[str, tuple[float, float], float]], edges: list[tuple[int, int, float]], *,
                title: str, size: tuple[int, int], dpi: int, footer: str = "", node_colour: str = "#4db6ac",
                edge_colour: str = "#90a4ae", margin: float = 0.12) -> bytes:
    """PNG bytes of a network: `nodes` (label, layout position, area in points squared) as circles labelled at
    their centre, `edges` (node number, node number, width in points) as lines under them; the layout is stretched to fill
    the picture with `margin` of its range left free on each side, as matplotlib's axes.margins does."""
    canvas = Canvas(size, dpi)
    width, height = canvas.image.size
    top = canvas.title(title, width / 2) if title else canvas.px(10)
    bottom = height - canvas.footer_height(footer, size[0] / dpi) - canvas.px(10)
    left, right = canvas.px(10), width - canvas.px(10)
    xs = [x for _, (x, _), _ in nodes] or [0.0]
    ys = [y for _, (_, y), _ in nodes] or [0.0]

    def scaled(value: float, low: float, high: float, start: float, end: float) -> float:
        reach = (high - low) or 1.0
        low, high = low - margin * reach, high + margin * reach
        return start + (value - low) / (high - low) * (end - start)

    where = [(scaled(x, min(xs), max(xs), left, right), scaled(y, min(ys), max(ys), bottom, top))
             for _, (x, y), _ in nodes]
    draw = canvas.draw
    edge_fill, node_fill = blend(edge_colour, 0.8), blend(node_colour, 0.9)
    for a, b, points in edges:
        draw.line([where[a], where[b]], fill=edge_fill, width=max(1, round(canvas.px(points))))
    font = canvas.font(LEGEND_POINTS)
    for (x, y), (_, _, area) in zip(where, nodes):
        radius = canvas.px(math.sqrt(area) / 2)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=node_fill)
    for centre, (label, _, _) in zip(where, nodes):
        draw.text(centre, label, fill=TEXT, font=font, anchor="mm")
    return canvas.png(footer, size[0] / dpi)
