"""The codebook classifier on hand-written replies: every default theme, and the hard cases."""

import pandas as pd
import pytest

import replyscope
from replyscope.analyses.themes import theme_likes
from replyscope.codebook import load_codebook
from replyscope.schema import conform


def code(*texts, likes=None):
    table = conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": list(texts),
                                  "likes": likes if likes is not None else [None] * len(texts)}))
    return replyscope.analyse(table, min_mentions=0).replies


@pytest.mark.parametrize("reply, primary, also", [
    ("We need a sustainable recovery that puts wellbeing first", "sustainability", []),
    ("Kate Raworth's Doughnut Economics: meet the needs of all within the means of the planet", "sustainability", []),
    ("#DoughnutEconomics", "sustainability", []),
    ("Listen to people with lived experience, not just the usual voices", "listening", []),
    ("Ask the people on the front line what they need", "listening", []),
    ("Run citizens' assemblies in every region", "listening", []),
    ("Universal basic income would end this insecurity", "economy", []),
    ("Trust local communities and their neighbourhoods", "local", []),
    ("Read our new report on renewal: we have published 10 recommendations", "lobbying", ["research"]),
    ("Join our webinar next week to hear our members", "lobbying", []),
    ("This Tory government has never cared about anyone", "political", []),
    ("What a load of rubbish, you clueless lot", "abuse", []),
    ("There's an excellent book on this and a good study by the IFS", "research", []),
    ("Happy to help if you need volunteers, get in touch", "help", []),
])
def test_each_default_theme_is_recognised(reply, primary, also):
    coded = code(reply)
    assert coded.loc[0, "primary_theme"] == primary
    assert set(also) <= set(coded.loc[0, "themes"])
    assert coded.loc[0, "evidence"].startswith(primary) or primary in coded.loc[0, "evidence"]


def test_not_listening_is_abuse_not_listening_to_people():
    coded = code("I'm not listening to this rubbish")
    assert coded.loc[0, "primary_theme"] == "abuse"
    assert "listening" not in coded.loc[0, "themes"]
    assert "not listening" in coded.loc[0, "excluded"]


def test_tories_never_listen_is_political_not_listening():
    coded = code("The Tories never listen to anyone")
    assert coded.loc[0, "themes"] == ["political"]


def test_hashtags_match_their_words_and_plurals_match_singulars():
    coded = code("#CitizensAssembly now!", "Build stronger COMMUNITIES", "#BuildBackBetter with #WellbeingEconomy")
    assert coded.loc[0, "primary_theme"] == "listening"
    assert coded.loc[1, "primary_theme"] == "local"
    assert coded.loc[2, "primary_theme"] == "sustainability"
    assert "wellbeing economy" in coded.loc[2, "evidence"].lower()


def test_phrases_match_across_apostrophes_but_not_across_full_stops():
    coded = code("citizens’ assemblies work", "We are citizens. Assembly halls are empty")
    assert "listening" in coded.loc[0, "themes"]
    assert "listening" not in coded.loc[1, "themes"]


def test_a_reply_matching_nothing_is_uncategorised_not_forced():
    coded = code("Fair point, thanks for asking in public 🙂 x")
    coded2 = code("Lovely weather today")
    assert coded2.loc[0, "primary_theme"] == "uncategorised"
    assert coded2.loc[0, "themes"] == []
    assert coded2.loc[0, "evidence"] == ""
    assert coded.loc[0, "primary_theme"] != ""


def test_evidence_names_the_term_and_the_words_it_matched():
    coded = code("Sustainability and consultation matter")
    evidence = coded.loc[0, "evidence"]
    assert "'sustainability' ← sustainab*" in evidence
    assert "'consultation' ← consult*" in evidence


def test_theme_likes_use_primary_themes_and_leave_unknown_likes_out():
    coded = code("A sustainable green future", "Sustainable wellbeing", "Listen to people", "Trust communities",
                 "Listen carefully", likes=[100, 50, 40, 10, None])
    table = theme_likes(coded, load_codebook(), min_likes=20)
    top = table[table["subset"] == "more than 20 likes"].set_index("theme")
    assert top.loc["sustainability", "total_likes"] == 150
    assert top.loc["listening", "total_likes"] == 40
    assert top.loc["sustainability", "ratio_to_next"] == pytest.approx(150 / 40, abs=0.01)
    everything = table[table["subset"] == "all replies"].set_index("theme")
    assert everything.loc["listening", "replies"] == 2  # "Listen carefully" (likes unknown) counts as a reply
    assert everything.loc["listening", "total_likes"] == 40
    assert everything["share_of_likes"].sum() == pytest.approx(1.0)


def test_without_any_likes_the_table_counts_replies():
    coded = code("Sustainable future", "Listen to people", "Listen to them")
    table = theme_likes(coded, load_codebook(), min_likes=20)
    everything = table[table["subset"] == "all replies"]
    assert everything["total_likes"].isna().all()
    assert everything.iloc[0]["theme"] == "listening"  # ranked by replies when likes are unknown


def test_corrections_override_the_coding_and_say_so():
    table = conform(pd.DataFrame({"id": ["a", "b"], "text": ["Lovely weather", "Listen to people"], "likes": [1, 2]}))
    corrections = pd.DataFrame({"id": ["a"], "theme": ["sustainability"]})
    coded = replyscope.analyse(table, corrections=corrections).replies.set_index("id")
    assert coded.loc["a", "primary_theme"] == "sustainability"
    assert coded.loc["a", "evidence"].startswith("corrected by user")
    assert coded.loc["b", "primary_theme"] == "listening"


def test_a_correction_naming_an_unknown_theme_is_not_applied():
    table = conform(pd.DataFrame({"id": ["a", "b"], "text": ["Lovely weather", "Listen to people"], "likes": [1, 2]}))
    corrections = pd.DataFrame({"id": ["a", "b"], "theme": ["sustainabilty", "abuse; nonsense"]})
    coded = replyscope.analyse(table, corrections=corrections).replies.set_index("id")
    assert coded.loc["a", "primary_theme"] == "uncategorised" and coded.loc["a", "evidence"] == ""
    assert coded.loc["b", "primary_theme"] == "listening"


def test_phrases_never_run_from_one_reply_into_the_next():
    # coded together, each reply still reads alone: "citizens" ends one, "assembly" starts the next
    coded = code("We need to hear from citizens", "assembly halls are empty", "citizens assembly")
    assert "listening" not in coded.loc[1, "themes"]
    assert "citizens assembly" not in coded.loc[0, "evidence"]
    assert coded.loc[2, "primary_theme"] == "listening"


def test_replies_matching_alike_get_the_same_coding_and_their_own_lists():
    coded = code("Listen to communities", "Listen to communities!", "listen to COMMUNITIES")
    assert coded["evidence"].nunique() == 1
    assert coded["primary_theme"].nunique() == 1
    coded.loc[0, "themes"].append("edited")  # a notebook user editing one row edits only that row
    assert "edited" not in coded.loc[1, "themes"]
