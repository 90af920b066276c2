"""Pictures for the report and for slides: the key-word cloud and the likes-by-theme chart.

Both are deterministic (fixed layout seed, fixed sizes), so the same data draws the
same picture. Words in the cloud take the colour of the theme they most belong to,
with a legend, so the cloud says more than "these words are frequent".
"""

import io
import re
from contextlib import contextmanager
from html import escape, unescape
from types import SimpleNamespace

import pandas as pd
from PIL import Image, ImageDraw, ImageFont
import wordcloud.wordcloud as wordcloud_module
from wordcloud import WordCloud
from wordcloud.wordcloud import FONT_PATH

from .bar_chart import horizontal_bars_png

NEUTRAL_COLOUR = "#607d8b"
# Words that echo the question the replies answer: a neutral grey, so they do not read as a theme.
ECHO_COLOUR = "#9e9e9e"
ECHO_LABEL = "Echoes the question"
CLOUD_SIZE = (1200, 600)
THEME_CLOUD_SIZE = (600, 300)
# Words are laid out on a canvas this many times smaller and drawn at full size: wordcloud's
# documented way to make large clouds fast (about 4x less layout work for a slightly coarser fit).
CLOUD_LAYOUT_SCALE = 2
LEGEND_ROW_HEIGHT = 34
_SVG_TEXT_RE = re.compile(r'<text transform="([^"]*)" font-size="(\d+)" style="fill:([^"]*)">(.*?)</text>')
FOOTER_LINE_HEIGHT = 20
FOOTER_COLOUR = "#5f6368"


def _word_colours(words: pd.DataFrame, colours: dict[str, str]) -> dict[str, str]:
    """Written word -> its colour: grey for an echo of the question, else its theme's colour."""
    echo = words["question_echo"] if "question_echo" in words else pd.Series(False, index=words.index)
    return {word: ECHO_COLOUR if is_echo else colours.get(theme, NEUTRAL_COLOUR)
            for word, theme, is_echo in zip(words["word"], words["theme"], echo.fillna(False))}


def _cloud(frequencies: dict[str, int], word_colours: dict[str, str], random_state: int,
           size: tuple[int, int] = CLOUD_SIZE) -> WordCloud:
    def colour(word, **_):
        return word_colours.get(word, NEUTRAL_COLOUR)

    scale = CLOUD_LAYOUT_SCALE
    cloud = WordCloud(width=size[0] // scale, height=size[1] // scale, scale=scale, background_color="white",
                      random_state=random_state, prefer_horizontal=0.9, max_words=len(frequencies) or 1,
                      relative_scaling=0.5, min_font_size=10 // scale, margin=4 // scale, color_func=colour)
    with fonts_opened_once():
        return cloud.generate_from_frequencies(frequencies or {"(no words)": 1})


@contextmanager
def fonts_opened_once():
    """Inside the block wordcloud opens each font size once: it reopens the font file for every word and every size
    it tries (a sixth of a cloud's time). The same font objects, so the same pictures, byte for byte. Blocks nest:
    several clouds drawn in one block share the fonts (about 0.1 MB a size, freed when the block ends)."""
    if wordcloud_module.ImageFont is not ImageFont:  # an enclosing block already hands fonts out
        yield
        return
    opened: dict = {}

    def truetype(path, size, *args, **kwargs):
        key = (path, size, args, tuple(sorted(kwargs.items())))
        if key not in opened:
            opened[key] = ImageFont.truetype(path, size, *args, **kwargs)
        return opened[key]

    wordcloud_module.ImageFont = SimpleNamespace(truetype=truetype, TransposedFont=ImageFont.TransposedFont)
    try:
        yield
    finally:
        wordcloud_module.ImageFont = ImageFont


def _key_word_cloud(words: pd.DataFrame, colours: dict[str, str], random_state: int) -> WordCloud:
    """The laid-out key-word cloud; the PNG and the SVG of the same words share one layout (most of the cost)."""
    word_colours = _word_colours(words, colours)
    key = (tuple(words["word"]), tuple(words["mentions"]), tuple(sorted(word_colours.items())), random_state)
    if _last_cloud.get("key") != key:
        _last_cloud.clear()
        _last_cloud.update(key=key, cloud=_cloud(dict(zip(words["word"], words["mentions"])), word_colours, random_state))
    return _last_cloud["cloud"]


_last_cloud: dict = {}


def lay_out_key_word_cloud(words: pd.DataFrame, colours: dict[str, str], random_state: int) -> None:
    """Lay the key-word cloud out now: wordcloud_png and wordcloud_svg of the same words then draw it without
    laying it out again, in this process or in one forked from it."""
    _key_word_cloud(words, colours, random_state)


def _legend_items(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label, colour) of each theme a word is painted with, in codebook order, then the question's echoes."""
    echo = words["question_echo"].fillna(False) if "question_echo" in words else pd.Series(False, index=words.index)
    used = set(words.loc[~echo.astype(bool), "theme"].dropna())
    items = [(labels.get(t, t), colours[t]) for t in colours if t in used]
    if echo.any():
        items.append((ECHO_LABEL, ECHO_COLOUR))
    return items


def wordcloud_png(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str], random_state: int,
                  footer: str = "") -> bytes:
    """The word cloud as PNG bytes, with a colour legend of themes and the footer (source, n, dates) underneath."""
    with fonts_opened_once():
        cloud = _key_word_cloud(words, colours, random_state).to_image()
    items = _legend_items(words, colours, labels)
    per_row = 3
    rows = (len(items) + per_row - 1) // per_row
    small = ImageFont.truetype(FONT_PATH, 15)
    footer_lines = _wrapped(footer, small, cloud.width - 40) if footer else []
    footer_height = len(footer_lines) * FOOTER_LINE_HEIGHT + 10 if footer_lines else 0
    canvas = Image.new("RGB", (cloud.width, cloud.height + rows * LEGEND_ROW_HEIGHT + 16 + footer_height), "white")
    canvas.paste(cloud, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT_PATH, 20)
    column_width = cloud.width // per_row
    for index, (label, colour) in enumerate(items):
        x = 20 + (index % per_row) * column_width
        y = cloud.height + 8 + (index // per_row) * LEGEND_ROW_HEIGHT
        draw.rectangle([x, y + 4, x + 20, y + 24], fill=colour)
        draw.text((x + 30, y + 2), label, fill="#212121", font=font)
    for index, line in enumerate(footer_lines):
        draw.text((20, canvas.height - footer_height + 4 + index * FOOTER_LINE_HEIGHT), line, fill=FOOTER_COLOUR,
                  font=small)
    return _png_bytes(canvas)


def _wrapped(text: str, font, width: int) -> list[str]:
    """`text` in lines no wider than `width` pixels in `font`, broken between words (a longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def theme_cloud_png(theme_words: pd.DataFrame, colour: str, random_state: int) -> bytes:
    """One theme's own small word cloud (words sized by the theme's replies using them), in the theme's colour."""
    echo = theme_words["question_echo"] if "question_echo" in theme_words else pd.Series(False, index=theme_words.index)
    word_colours = {w: ECHO_COLOUR if e else colour for w, e in zip(theme_words["word"], echo.fillna(False))}
    cloud = _cloud(dict(zip(theme_words["word"], theme_words["replies"])), word_colours, random_state, THEME_CLOUD_SIZE)
    with fonts_opened_once():
        return _png_bytes(cloud.to_image())


def _png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)  # optimize=True: 6x the time for 2.5% less
    return buffer.getvalue()


def wordcloud_svg(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str], random_state: int) -> str:
    """The same word cloud as SVG text (scalable for print), legend included.

    Every word is drawn as a path from the font wordcloud ships (reporters/glyph_paths, the outlines
    matplotlib's TextPath gave), so the SVG looks the same in every viewer, with or without that font installed.
    """
    cloud = _key_word_cloud(words, colours, random_state)
    with fonts_opened_once():
        svg = cloud.to_svg(embed_font=False)
    svg = _SVG_TEXT_RE.sub(lambda m: _text_path(unescape(m.group(4)), int(m.group(2)), m.group(1), m.group(3)), svg)
    svg = re.sub(r"<style>text\{[^<]*</style>\n?", "", svg)
    items = _legend_items(words, colours, labels)
    height = CLOUD_SIZE[1] + ((len(items) + 2) // 3) * LEGEND_ROW_HEIGHT + 16
    svg = re.sub(r'height="\d+"', f'height="{height}"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg viewBox="0 0 {CLOUD_SIZE[0]} {height}" ', 1)
    legend = ["<g>"]
    for index, (label, colour) in enumerate(items):
        x = 20 + (index % 3) * (CLOUD_SIZE[0] // 3)
        y = CLOUD_SIZE[1] + 8 + (index // 3) * LEGEND_ROW_HEIGHT
        legend.append(f'<rect x="{x}" y="{y + 4}" width="20" height="20" fill="{colour}"/>'
                      + _text_path(label, 20, f"translate({x + 30},{y + 21})", "#212121"))
    legend.append("</g>")
    return svg.replace("</svg>", "".join(legend) + "</svg>")


def _text_path(text: str, size: int, transform: str, fill: str) -> str:
    """`text` as an SVG path in wordcloud's font, its baseline at the origin of `transform` (as SVG text's is)."""
    from .bar_chart import _font_path
    from .glyph_paths import text_path_data
    outline = text_path_data(FONT_PATH, text, size, fallback=str(_font_path()))
    return (f'<path transform="{transform} scale(1,-1)" fill="{fill}" d="{outline}">'
            f"<title>{escape(text)}</title></path>")


def theme_likes_png(theme_likes: pd.DataFrame, subset: str, colours: dict[str, str], footer: str = "",
                    measure: str = "likes") -> bytes:
    """A horizontal bar chart by primary theme of total likes (`measure="likes"`) or of replies."""
    rows = theme_likes[theme_likes["subset"] == subset]
    if measure == "likes":
        rows = rows.sort_values(["total_likes", "replies"], ascending=False, na_position="last")
        values = rows["total_likes"].fillna(0).astype(float)
    else:
        rows = rows.sort_values(["replies", "theme"], ascending=[False, True])
        values = rows["replies"].astype(float)
    colours_shown = [colours.get(t, NEUTRAL_COLOUR) for t in rows["theme"]]
    title = f"{'Likes' if measure == 'likes' else 'Replies'} by primary theme: {subset}"
    return horizontal_bars_png(rows["label"].astype(str).tolist(), values.tolist(), colours_shown, title,
                               "total likes" if measure == "likes" else "replies", footer)
