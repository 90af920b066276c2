"""Words drawn as SVG paths with fontTools are the paths matplotlib's TextPath drew, to the tenth of a pixel."""

import warnings

import pytest
from wordcloud.wordcloud import FONT_PATH

from replyscope.reporters.bar_chart import _font_path
from replyscope.reporters.glyph_paths import text_path_data


def matplotlib_path_data(text: str, size: int) -> str:
    """What reporters/figures.py wrote before: matplotlib's TextPath, segment by segment."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs the font lacks
        path = TextPath((0, 0), text, size=size, prop=FontProperties(fname=FONT_PATH))
    letters = {Path.MOVETO: "M", Path.LINETO: "L", Path.CURVE3: "Q", Path.CURVE4: "C"}
    return "".join("Z" if code == Path.CLOSEPOLY else letters[code] + " ".join(f"{v:.1f}" for v in points.tolist())
                   for points, code in path.iter_segments(simplify=False, curves=True))


@pytest.mark.parametrize("text", ["people", "Listening to people", "café société", "Ärzte Öl Œuvre", "50% £3.20",
                                  "co-production"])
@pytest.mark.parametrize("size", [10, 23, 97, 300])
def test_paths_match_matplotlibs(text, size):
    assert text_path_data(FONT_PATH, text, size, fallback=str(_font_path())) == matplotlib_path_data(text, size)


def test_a_space_alone_draws_nothing():
    assert text_path_data(FONT_PATH, " ", 40) == ""


def test_a_character_the_font_lacks_comes_from_the_fallback_font():
    # matplotlib fell back on whatever fonts the machine has; here always DejaVu Sans, which matplotlib ships
    snowman = text_path_data(FONT_PATH, "\u2603", 40, fallback=str(_font_path()))
    assert snowman and snowman != text_path_data(FONT_PATH, "\u2603", 40)


def test_a_character_no_font_has_is_the_fonts_box():
    assert text_path_data(FONT_PATH, "\U0001F600", 40) == text_path_data(FONT_PATH, "\uffff", 40) != ""
