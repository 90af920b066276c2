"""Pictures for the report and for slides: the key-word cloud and the likes-by-theme chart.

Both are deterministic (fixed layout seed, fixed sizes), so the same data draws the
same picture. Words in the cloud take the colour of the theme they most belong to,
with a legend, so the cloud says more than "these words are frequent".
"""

import io
import re
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import pandas as pd  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from wordcloud import WordCloud  # noqa: E402
from wordcloud.wordcloud import FONT_PATH  # noqa: E402

NEUTRAL_COLOUR = "#607d8b"
CLOUD_SIZE = (1200, 600)
LEGEND_ROW_HEIGHT = 34
FOOTER_HEIGHT = 30
FOOTER_COLOUR = "#5f6368"


def _cloud(words: pd.DataFrame, colours: dict[str, str], random_state: int) -> WordCloud:
    frequencies = dict(zip(words["word"], words["mentions"]))
    theme_of = dict(zip(words["word"], words["theme"]))

    def colour(word, **_):
        return colours.get(theme_of.get(word), NEUTRAL_COLOUR)

    cloud = WordCloud(width=CLOUD_SIZE[0], height=CLOUD_SIZE[1], background_color="white",
                      random_state=random_state, prefer_horizontal=0.9, max_words=len(frequencies) or 1,
                      relative_scaling=0.5, min_font_size=10, margin=4, color_func=colour)
    return cloud.generate_from_frequencies(frequencies or {"(no words)": 1})


def _legend_items(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str]) -> list[tuple[str, str]]:
    used = [t for t in dict.fromkeys(words["theme"].dropna()) if t in colours]
    items = [(labels.get(t, t), colours[t]) for t in used]
    if words["theme"].isna().any():
        items.append(("No clear theme", NEUTRAL_COLOUR))
    return items


def wordcloud_png(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str], random_state: int,
                  footer: str = "") -> bytes:
    """The word cloud as PNG bytes, with a colour legend of themes and the footer (source, n, dates) underneath."""
    cloud = _cloud(words, colours, random_state).to_image()
    items = _legend_items(words, colours, labels)
    per_row = 3
    rows = (len(items) + per_row - 1) // per_row
    footer_height = FOOTER_HEIGHT if footer else 0
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
    if footer:
        small = ImageFont.truetype(FONT_PATH, 15)
        draw.text((20, canvas.height - footer_height + 6), footer, fill=FOOTER_COLOUR, font=small)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def wordcloud_svg(words: pd.DataFrame, colours: dict[str, str], labels: dict[str, str], random_state: int) -> str:
    """The same word cloud as SVG text (scalable for print), legend included."""
    svg = _cloud(words, colours, random_state).to_svg(embed_font=False)
    items = _legend_items(words, colours, labels)
    height = CLOUD_SIZE[1] + ((len(items) + 2) // 3) * LEGEND_ROW_HEIGHT + 16
    svg = re.sub(r'height="\d+"', f'height="{height}"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg viewBox="0 0 {CLOUD_SIZE[0]} {height}" ', 1)
    legend = ['<g font-family="sans-serif" font-size="20">']
    for index, (label, colour) in enumerate(items):
        x = 20 + (index % 3) * (CLOUD_SIZE[0] // 3)
        y = CLOUD_SIZE[1] + 8 + (index // 3) * LEGEND_ROW_HEIGHT
        legend.append(f'<rect x="{x}" y="{y + 4}" width="20" height="20" fill="{colour}"/>'
                      f'<text x="{x + 30}" y="{y + 21}" fill="#212121">{escape(label)}</text>')
    legend.append("</g>")
    return svg.replace("</svg>", "".join(legend) + "</svg>")


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
    figure, axes = plt.subplots(figsize=(8, 0.45 * max(len(rows), 2) + 1.5), dpi=120)
    bar_colours = [colours.get(t, NEUTRAL_COLOUR) for t in rows["theme"]]
    axes.barh(rows["label"].astype(str)[::-1], values[::-1], color=bar_colours[::-1])
    axes.set_xlabel("total likes" if measure == "likes" else "replies")
    axes.set_title(f"{'Likes' if measure == 'likes' else 'Replies'} by primary theme: {subset}")
    for position, value in enumerate(values[::-1]):
        axes.text(value, position, f" {int(value):,}", va="center", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    return figure_png(figure, footer)


def figure_png(figure, footer: str = "") -> bytes:
    """A matplotlib figure as PNG bytes, the footer in small grey type along the bottom, then closed."""
    import textwrap
    lines = textwrap.wrap(footer, width=int(figure.get_figwidth() * 17)) if footer else []
    bottom = (0.12 + 0.16 * len(lines)) / figure.get_figheight() if lines else 0
    figure.tight_layout(rect=(0, bottom, 1, 1))
    if lines:
        figure.text(0.01, 0.02 / figure.get_figheight(), "\n".join(lines), fontsize=7, color=FOOTER_COLOUR,
                    va="bottom", ha="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
