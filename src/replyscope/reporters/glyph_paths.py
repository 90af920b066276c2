"""Text as SVG path data in a TrueType font, read with fontTools: the outlines matplotlib's TextPath gave.

matplotlib drew each word of the cloud's SVG as a path (so the SVG needs no font), through FreeType:
outlines unhinted at 100 pixels to the em, in 1/64 pixel, then scaled to the type size. This reads the
same glyph outlines with fontTools (which matplotlib itself depends on) and rounds and walks them as
FreeType does (FT_MulFix, FT_Outline_Decompose), so the paths match; importing matplotlib's text
machinery cost the side process most of a second. Glyphs are placed by their unhinted advance widths with
no kerning, as matplotlib placed them (the font wordcloud ships has no kerning table).
"""

from functools import lru_cache

# Outlines are taken at this many pixels to the em and scaled to the type size, as matplotlib's TextPath does.
OUTLINE_PPEM = 100


@lru_cache(maxsize=4)
def _font(path: str):
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    glyf = font["glyf"]
    scale = OUTLINE_PPEM * 64 / font["head"].unitsPerEm  # font units -> 1/64 pixel at OUTLINE_PPEM
    return font, glyf, font.getBestCmap(), font["hmtx"], font.getGlyphOrder(), scale


def _scaled(value: int, scale: float) -> int:
    """FreeType's FT_MulFix of a font-unit coordinate: rounded half away from zero."""
    magnitude = int(abs(value) * scale + 0.5)
    return magnitude if value >= 0 else -magnitude


def _scaled_points(glyf, name: str, scale: float) -> tuple[list, list, list]:
    """A glyph's points in 1/64 pixel, its contours' last points and on-curve flags. A composite's parts are
    scaled each on its own and moved by their scaled offsets, as FreeType loads them unhinted."""
    glyph = glyf[name]
    parts = glyph.components if glyph.isComposite() else None
    if parts is None or any(not hasattr(part, "x") for part in parts):  # simple, or parts placed by point numbers
        coordinates, ends, flags = glyph.getCoordinates(glyf)
        return [(_scaled(x, scale), _scaled(y, scale)) for x, y in coordinates], list(ends), [f & 1 for f in flags]
    points, ends, flags = [], [], []
    for part in parts:
        part_points, part_ends, part_flags = _scaled_points(glyf, part.glyphName, scale)
        if hasattr(part, "transform"):  # a scaled or turned part: FreeType turns the scaled points
            (xx, xy), (yx, yy) = part.transform
            part_points = [(round(x * xx + y * yx), round(x * xy + y * yy)) for x, y in part_points]
        dx, dy = _scaled(part.x, scale), _scaled(part.y, scale)
        ends += [len(points) + end for end in part_ends]
        points += [(x + dx, y + dy) for x, y in part_points]
        flags += part_flags
    return points, ends, flags


@lru_cache(maxsize=2048)
def _glyph_segments(path: str, glyph_name: str) -> tuple:
    """One glyph's outline as (code, points) in 1/64 pixel at OUTLINE_PPEM, the way FreeType decomposes it."""
    _, glyf, _, _, _, scale = _font(path)
    points, ends, on_curve = _scaled_points(glyf, glyph_name, scale)
    segments = []
    first = 0
    for last in ends:
        contour, on = points[first:last + 1], on_curve[first:last + 1]
        first = last + 1
        if not contour:
            continue
        if on[0]:
            start, rest = contour[0], list(zip(contour[1:], on[1:]))
        elif on[-1]:
            start, rest = contour[-1], list(zip(contour[:-1], on[:-1]))
        else:  # both ends off the curve: start between them (C integer division truncates)
            start = (_half(contour[0][0] + contour[-1][0]), _half(contour[0][1] + contour[-1][1]))
            rest = list(zip(contour, on))
        if segments:
            segments.append(("Z", ()))
        segments.append(("M", start))
        control = None
        for point, is_on in rest:
            if is_on:
                segments.append(("L", point) if control is None else ("Q", (*control, *point)))
                control = None
            elif control is None:
                control = point
            else:
                middle = (_half(control[0] + point[0]), _half(control[1] + point[1]))
                segments.append(("Q", (*control, *middle)))
                control = point
        segments.append(("L", start) if control is None else ("Q", (*control, *start)))
    if segments:
        segments.append(("Z", ()))
    return tuple(segments)


def _half(value: int) -> int:
    return int(value / 2)


def text_path_data(path: str, text: str, size: float, fallback: str | None = None) -> str:
    """SVG path data of `text` at `size` pixels, its baseline at y=0 and y pointing up (as TrueType's).

    A character the font lacks is taken from `fallback` when that font has it (as matplotlib fell back
    on DejaVu Sans), else drawn as the font's .notdef box.
    """
    scale = size / OUTLINE_PPEM
    steps, x = [], 0.0
    for character in text:
        source = path
        if ord(character) not in _font(path)[2] and fallback and ord(character) in _font(fallback)[2]:
            source = fallback
        _, _, cmap, metrics, order, unit_scale = _font(source)
        name = cmap.get(ord(character), order[0])
        for code, points in _glyph_segments(source, name):
            if code == "Z":
                steps.append("Z")
                continue
            values = [(points[i] / 64 + x) * scale if i % 2 == 0 else points[i] / 64 * scale
                      for i in range(len(points))]
            steps.append(code + " ".join(f"{v:.1f}" for v in values))
        x += _scaled(metrics[name][0], unit_scale) / 64  # the unhinted advance, in 1/64 pixel as FreeType rounds it
    return "".join(steps)
