"""Word clouds drawn with each font size opened once are the same pictures, and wordcloud is left as it was."""

import contextlib

import pandas as pd
import pytest
import wordcloud.wordcloud as wordcloud_module
from PIL import ImageFont

from replyscope.reporters import figures

THEME_WORDS = pd.DataFrame({"word": ["people", "listen", "ask", "local", "economy", "communities", "government"],
                            "replies": [40, 31, 22, 15, 12, 9, 4]})


def clouds() -> list[bytes]:
    return [figures.theme_cloud_png(THEME_WORDS.head(n), "#2e7d32", random_state=42) for n in (7, 4)]


def test_clouds_sharing_their_fonts_are_the_same_bytes_as_clouds_opening_them_each_time(monkeypatch):
    with figures.fonts_opened_once():
        shared = clouds()
    monkeypatch.setattr(figures, "fonts_opened_once", contextlib.nullcontext)
    assert shared == clouds()


def test_wordcloud_gets_its_own_font_loader_back_even_after_an_error():
    with pytest.raises(RuntimeError):
        with figures.fonts_opened_once():
            with figures.fonts_opened_once():  # nested: the outer block's fonts are used
                assert wordcloud_module.ImageFont is not ImageFont
                raise RuntimeError("drawing failed")
    assert wordcloud_module.ImageFont is ImageFont
