"""The bundled sample reproduces the documented analysis, read from the file itself.

The document: "people" had the most mentions, then "listen", then "ask"; "communities",
"economy" and "government" about level; "local" present; among replies with more than
20 likes, sustainability & wellbeing drew about three times the likes of "listening to
people". Checked with and without NLTK's data, since stopwords come from either.
"""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

import replyscope
from replyscope import text
from replyscope.cli import cli

from conftest import SAMPLES


@pytest.fixture(params=["without NLTK data", "with NLTK data"])
def analysis(request):
    request.getfixturevalue("no_nltk_data" if request.param.startswith("without") else "nltk_data")
    text.reset_language_cache()
    yield replyscope.analyse(replyscope.load(SAMPLES / "replies.xlsx"))
    text.reset_language_cache()


def test_people_then_listen_then_ask_lead_the_key_words(analysis):
    words = analysis.words.set_index("lemma")
    assert list(analysis.words["word"][:3]) == ["people", "listen", "ask"]
    assert (analysis.words["mentions"] > 20).all()
    level = words.loc[["community", "economy", "government"], "mentions"]
    assert level.max() / level.min() < 1.15
    assert words.loc["local", "mentions"] > 20


def test_sustainability_draws_about_three_times_the_likes_of_listening(analysis):
    liked = analysis.theme_likes[analysis.theme_likes["subset"] == "more than 20 likes"].reset_index(drop=True)
    assert list(liked["theme"][:2]) == ["sustainability", "listening"]
    ratio = liked.loc[0, "total_likes"] / liked.loc[1, "total_likes"]
    assert 2.5 <= ratio <= 3.5
    assert liked.loc[0, "ratio_to_next"] == pytest.approx(ratio, abs=0.01)


def test_lobbying_politics_and_abuse_are_recognised(analysis):
    themes = analysis.themes.set_index("theme")
    for key in ("lobbying", "political", "abuse"):
        assert themes.loc[key, "replies_primary"] >= 20


def test_analyse_command_on_the_sample(tmp_path):
    out = tmp_path / "sample"
    result = CliRunner().invoke(cli, ["analyse", str(SAMPLES / "replies.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Read 1,515 replies from replies.xlsx (spreadsheet, sheet 'Replies'); left out 7 rows (blank row: 5, duplicate id: 2)" in result.stderr
    assert "Top words: people (384), listen (258), ask (187)" in result.stdout
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Sustainability &amp; wellbeing drew 3.0× the likes of the next theme, Listening to people (3,644 vs 1,227 likes)" in html


def test_doughnut_economics_is_the_most_cited_idea_and_the_count_is_reproducible(analysis):
    from test_references import count_by_hand, doughnut

    cited = analysis.references.table.set_index("key")
    row = cited.iloc[0]
    by_hand = {reply.id: count_by_hand(reply.text, doughnut()) for reply in analysis.replies.itertuples()}
    citing = {reply_id for reply_id, forms in by_hand.items() if sum(forms.values())}
    assert row.name == "doughnut_economics"
    assert (row["mentions"], row["replies"]) == (34, 25)   # the document: "a total of 34 references"
    assert row["mentions"] == sum(sum(forms.values()) for forms in by_hand.values())
    assert row["replies"] == len(citing)
    for form, column in [("name", "by_name"), ("@mention", "by_mention"), ("hashtag", "by_hashtag"), ("link", "by_link")]:
        assert row[column] == sum(forms[form] for forms in by_hand.values()), form


def test_every_table_is_the_same_whatever_the_hash_seed():
    """Set order changes with PYTHONHASHSEED from run to run; no number or evidence may depend on it."""
    script = ("import sys, replyscope\n"
              "analysis = replyscope.analyse(replyscope.load(sys.argv[1]))\n"
              "for name, table in analysis.tables().items():\n"
              "    print(name, table.to_csv(index=False))\n")
    outputs = [subprocess.run([sys.executable, "-c", script, str(SAMPLES / "replies.xlsx")], capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")]
    assert outputs[0] == outputs[1]
