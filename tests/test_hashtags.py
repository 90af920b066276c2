"""Hashtag analysis: real exports in, tables, network files, pictures and HTML out.

The #MyPCC -> #PCC story from the case is written as a real CSV export and loaded
through replyscope.load, so the importer's own hashtag extraction is used.
"""

import csv
import math
from pathlib import Path
from collections import Counter
from datetime import datetime, timedelta, timezone

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from markupsafe import escape

import replyscope
from replyscope import schema
from replyscope.cli import cli
from replyscope.analyses.hashtag_time import lifecycle_stage
from replyscope.analyses.hashtag_variants import variant_root
from replyscope.analyses.hashtags import analyse_hashtags, count_hashtags, tabulate_hashtags
from replyscope.errors import ReplyscopeError
from replyscope.settings import Settings
from replyscope.text import language
from replyscope.reporters.graphs import write_hashtag_graph
from replyscope.reporters.hashtag_figures import hashtag_figures, network_png, timeline_png, variant_group_png
from replyscope.reporters.html import data_uri, environment

START = datetime(2012, 10, 1, tzinfo=timezone.utc)


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "author", "created_at", "likes", "retweets"])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def pcc_export(tmp_path):
    """30 days of replies: #MyPCC 5 a day and #PCC 1 a day for days 1-10, the reverse for days 11-30.

    #MyPCC is used first each day (12:00), #PCC an hour later. Every post also has #police.
    """
    rows = []
    for day in range(1, 31):
        per_day = {"MyPCC": 5, "PCC": 1} if day <= 10 else {"MyPCC": 1, "PCC": 5}
        for hour, (tag, posts) in enumerate(per_day.items(), start=12):
            for minute in range(posts):
                number = len(rows) + 1
                when = START + timedelta(days=day - 1, hours=hour, minutes=minute)
                rows.append({"id": number, "text": f"Who will be our police commissioner? #{tag} #police",
                             "author": f"voter{number % 17}", "created_at": when.strftime("%Y-%m-%d %H:%M"),
                             "likes": number % 4, "retweets": ""})
    return write_csv(tmp_path / "pcc_replies.csv", rows)


@pytest.fixture
def pcc_analysis(pcc_export):
    return analyse_hashtags(replyscope.load(pcc_export), track="#PCC")


def test_pcc_overtakes_mypcc_on_the_day_the_rule_names(pcc_analysis):
    variants = pcc_analysis.variants
    pcc_group = variants[variants["group"] == "PCC"]
    assert set(pcc_group["tag"]) == {"MyPCC", "PCC"}
    assert "same root 'pcc'" in pcc_group.set_index("tag").at["MyPCC", "linked_by"]
    # Trailing 7-day posts on day d of the reversal (d = 11..16): #PCC 5(d-10) + (17-d), #MyPCC 5(17-d) + (d-10).
    # #PCC leads once 8d > 108, so first on day 14 (19 v 23 on day 13, 23 v 19 on day 14), and leads to the end;
    # a naive "more posts that day" rule would have said day 11.
    takeover = pcc_analysis.takeovers.set_index("group").loc["PCC"]
    assert (takeover["incumbent"], takeover["challenger"]) == ("MyPCC", "PCC")
    assert takeover["crossover"] == pd.Timestamp("2012-10-14", tz="UTC")
    assert pcc_group.set_index("tag").at["PCC", "overtook_on"] == pd.Timestamp("2012-10-14", tz="UTC")
    assert "trailing 7 days" in pcc_analysis.rules["takeover"]


def test_top_tags_from_the_export(pcc_analysis):
    top = pcc_analysis.hashtags.set_index("tag")
    assert list(top.index) == ["police", "PCC", "MyPCC"]
    assert top.at["police", "posts"] == 180 and top.at["police", "share_of_posts"] == 1.0
    assert top.at["PCC", "posts"] == 10 * 1 + 20 * 5
    assert top.at["MyPCC", "first_seen"] == pd.Timestamp("2012-10-01 12:00", tz="UTC")
    assert top.at["PCC", "last_seen"] == pd.Timestamp("2012-10-30 13:04", tz="UTC")
    assert top.at["PCC", "authors"] == 17
    # retweets were blank in the export: unknown, not zero
    assert top["reposts_known"].eq(0).all() and top["reposts_total"].isna().all()
    assert pcc_analysis.granularity == "day"
    timeline = pcc_analysis.timeline
    assert timeline[timeline["tag"] == "MyPCC"]["posts"].tolist() == [5] * 10 + [1] * 20


def test_lifecycle_of_the_export_follows_the_rule(pcc_analysis):
    stages = pcc_analysis.lifecycle.set_index("tag")["stage"]
    # #MyPCC: 5 of 6 posts a day in the first quarter, 1 of 6 in the last: under half its peak.
    assert stages["MyPCC"] == "fading"
    assert stages["police"] == "peaking"
    assert stages["PCC"] == "peaking"


@pytest.mark.parametrize("shares, stage", [
    ((0.3, 0.2, 0.1, 0.0), "dormant"),
    ((0.0, 0.0, 0.05, 0.2), "emerging"),
    ((0.1, 0.2, 0.3, 0.6), "emerging"),      # exactly twice the best earlier quarter
    ((0.1, 0.2, 0.35, 0.6), "peaking"),      # its peak, but not twice the third quarter
    ((0.2, 0.2, 0.2, 0.2), "peaking"),
    ((0.1, 0.4, 0.3, 0.2), "peaking"),       # exactly half its peak
    ((0.1, 0.4, 0.3, 0.19), "fading"),
    ((0.5, 0.1, 0.05, 0.01), "fading"),
])
def test_lifecycle_stage_rule(shares, stage):
    assert lifecycle_stage(shares) == stage


def _table(posts):
    """A reply table from (text, hashtags, created_at, likes) tuples, through the schema."""
    frame = pd.DataFrame(posts, columns=["text", "hashtags", "created_at", "likes"])
    frame["id"] = [str(i) for i in range(len(frame))]
    frame["author"] = [f"a{i % 3}" for i in range(len(frame))]
    return schema.conform(frame, platform="test")


def test_lifecycle_stages_on_constructed_series():
    posts = []
    for day in range(40):
        when = START + timedelta(days=day, hours=9)
        tags = ["steady"]
        if day < 15:
            tags.append("gone")
        if day >= 33:
            tags.append("rising")
        if day < 10 or day % 5 == 0:
            tags.append("waning")
        posts.append(("post " + " ".join("#" + t for t in tags), None, when, 1))
        posts.append(("filler", None, when, 1))
    stages = analyse_hashtags(_table(posts)).lifecycle.set_index("tag")["stage"]
    assert stages.to_dict() == {"steady": "peaking", "gone": "dormant", "rising": "emerging", "waning": "fading"}


def test_pairs_match_a_hand_count():
    when = START
    table = _table([
        ("#A #b #B #c", None, when, 1),   # b repeated in another case: counts once
        ("#a #b", None, when, 2),
        ("#a #c", None, when, None),
        ("#b", None, when, 0),
        ("no tags here", None, when, 5),
    ])
    counts = count_hashtags(table)
    assert counts.pairs == Counter({("a", "b"): 2, ("a", "c"): 2, ("b", "c"): 1})
    analysis = tabulate_hashtags(counts, min_pair_count=2)
    pairs = analysis.pairs.set_index(["tag_a", "tag_b"])
    assert set(pairs.index) == {("a", "b"), ("a", "c")}
    # a: 3 posts, b: 3, c: 2; Jaccard a-b = 2 / (3 + 3 - 2), a-c = 2 / (3 + 2 - 2)
    assert pairs.at[("a", "b"), "jaccard"] == pytest.approx(0.5)
    assert pairs.at[("a", "c"), "jaccard"] == pytest.approx(2 / 3)
    assert pairs.at[("a", "c"), "npmi"] == pytest.approx(math.log((2 / 5) / (3 / 5 * 2 / 5)) / -math.log(2 / 5))
    assert list(analysis.pairs["tag_a"] + "-" + analysis.pairs["tag_b"]) == ["a-c", "a-b"]
    top = analysis.hashtags.set_index("tag")
    # likes: a's posts have 1, 2 and unknown -> total 3 over 2 known posts
    assert (top.at["a", "likes_total"], top.at["a", "likes_known"], top.at["a", "likes_mean"]) == (3, 2, 1.5)
    assert top.at["b", "spellings"] == "b (3), B (1)"  # posts using each spelling
    assert analysis.graph.edges["a", "c"]["posts"] == 2 and not analysis.graph.has_edge("b", "c")


def test_spellings_group_case_and_show_the_most_common():
    table = _table([("#MyPCC", None, START, 1), ("#MyPCC", None, START, 1), ("#mypcc", None, START, 1)])
    top = analyse_hashtags(table).hashtags
    assert top["tag"].tolist() == ["MyPCC"]
    assert top["posts"].tolist() == [3]
    assert top["spellings"].tolist() == ["MyPCC (2), mypcc (1)"]


def test_long_tag_costs_a_fifth_of_a_140_character_tweet():
    text = "#transformingrehabilitation " + "x" * 112
    assert len(text) == 140
    top = analyse_hashtags(_table([(text, None, START, 1)])).hashtags.iloc[0]
    assert top["characters"] == 27
    assert top["length_share"] == pytest.approx(27 / 140)


def test_counts_of_chunks_merge_to_the_counts_of_the_whole(pcc_export):
    table = replyscope.load(pcc_export)
    whole = count_hashtags(table, track="PCC")
    merged = count_hashtags(table.iloc[:70], track="PCC").merge(count_hashtags(table.iloc[70:], track="PCC"))
    for name, value in vars(whole).items():
        if name == "length_share":  # float sums: equal up to rounding
            assert merged.length_share.keys() == value.keys()
            assert all(merged.length_share[k] == pytest.approx(v) for k, v in value.items())
        else:
            assert getattr(merged, name) == value, name
    assert tabulate_hashtags(merged).takeovers.equals(tabulate_hashtags(whole).takeovers)


@pytest.mark.parametrize("tag, root", [
    ("mypcc", "pcc"), ("pcc2016", "pcc"), ("thepccs", "pcc"), ("brexituk", "brexit"), ("ourboxes", "box"),
    ("pcc", "pcc"), ("ukip", "ukip"), ("covid19", "covid"), ("build_back_better", "buildbackbetter"),
])
def test_variant_roots(tag, root):
    assert variant_root(tag) == root


def test_camelcase_acronym_is_a_variant_only_when_used_together():
    together = [("#BuildBackBetter #BBB", None, START, 1)] * 3 + [("#buildbackbetter", None, START, 1)]
    apart = [("#BuildBackBetter", None, START, 1)] * 3 + [("#BBB", None, START, 1)] * 3
    grouped = analyse_hashtags(_table(together)).variants
    assert set(grouped["tag"]) == {"BuildBackBetter", "BBB"}
    assert "acronym of #BuildBackBetter" in grouped.set_index("tag").at["BBB", "linked_by"]
    assert analyse_hashtags(_table(apart)).variants.empty


def test_long_tags_one_typo_apart_are_variants_short_ones_are_not():
    table = _table([("#transformingrehabilitation #transformingrehabilitaion", None, START, 1),
                    ("#cats #bats #election2019 #election2017x", None, START, 1)])
    variants = analyse_hashtags(table).variants
    assert set(variants["tag"]) == {"transformingrehabilitation", "transformingrehabilitaion"}


def test_track_suggests_what_travels_with_the_tag(tmp_path):
    def row(number, text, day):
        return {"id": number, "text": text, "author": "x", "created_at": f"2020-05-0{day} 10:00", "likes": 1,
                "retweets": 0}
    rows = [row(i, f"#PCC vote {i}: ask the commissioner #police", 1) for i in range(4)]
    rows += [row(10 + i, f"unrelated reply {i} #police", 2) for i in range(4)]
    rows += [row(20, "#MyPCC #PCC #PCC vote PCC", 3), row(21, "go and vote 1", 3), row(22, "go and vote 2", 3)]
    path = write_csv(tmp_path / "track.csv", rows)
    analysis = analyse_hashtags(replyscope.load(path), track="#pcc", min_pair_count=1)
    suggestions = analysis.suggestions.set_index("item")
    assert analysis.track == "PCC"
    assert "#PCC" not in suggestions.index and "pcc" not in suggestions.index
    # 11 posts, 5 with #PCC. 'commissioner': in 4 of the 5, and 4 of all 11 -> lift (4/5) / (4/11) = 2.2
    assert suggestions.at["commissioner", "together"] == 4
    assert suggestions.at["commissioner", "lift"] == pytest.approx(2.2)
    # 'vote' is in all 5 but also in 2 others: (5/5) / (7/11); '#police' is everywhere: (4/5) / (8/11)
    assert suggestions.at["vote", "lift"] == pytest.approx(11 / 7)
    assert suggestions.at["#police", "lift"] == pytest.approx(1.1)
    assert suggestions.at["#MyPCC", "variant_of_tracked"]
    # equal lifts (2.2) rank by posts together, then by name
    assert list(suggestions.index[:5]) == ["ask", "commissioner", "#MyPCC", "vote", "#police"]
    with pytest.raises(ReplyscopeError, match="no post uses that hashtag"):
        analyse_hashtags(replyscope.load(path), track="#nothere")


def test_reposts_are_left_out_unless_kept():
    table = _table([("#one", None, START, 1), ("RT @x: #two", None, START, 1)])
    table["is_repost"] = pd.array([False, True], dtype="boolean")
    assert analyse_hashtags(table).hashtags["tag"].tolist() == ["one"]
    assert "1 reposts/retweets left out" in analyse_hashtags(table).notes[0]
    assert analyse_hashtags(table, keep_reposts=True).hashtags["tag"].tolist() == ["one", "two"]


def test_hourly_timeline_when_the_data_spans_under_three_days():
    table = _table([(f"#tag{i % 2} post", None, START + timedelta(hours=5 * i), 1) for i in range(10)])
    analysis = analyse_hashtags(table)
    assert analysis.granularity == "hour"
    timeline = analysis.timeline[analysis.timeline["tag"] == "tag0"]
    assert len(timeline) == 46  # hours 0 to 45, every hour listed
    assert timeline["posts"].sum() == 5


def test_no_hashtags_at_all():
    analysis = analyse_hashtags(_table([("just words", None, START, 1), ("more words", None, None, None)]))
    assert analysis.tagged_posts == 0 and analysis.hashtags.empty and analysis.pairs.empty
    assert analysis.graph.number_of_nodes() == 0
    html = environment().get_template("section_hashtags.html.j2").render(hashtags=analysis, figures={})
    assert "None of the 2 posts analysed uses a hashtag" in html


def test_network_file_loads_back(pcc_analysis, tmp_path):
    gexf = write_hashtag_graph(pcc_analysis, tmp_path / "hashtags.gexf")
    graph = nx.read_gexf(gexf)
    assert graph.nodes["pcc"]["label"] == "PCC" and graph.nodes["pcc"]["posts"] == 110
    assert graph.edges["pcc", "police"]["posts"] == 110
    assert graph.edges["pcc", "police"]["jaccard"] == pytest.approx(110 / 180)
    graphml = nx.read_graphml(write_hashtag_graph(pcc_analysis, tmp_path / "hashtags.graphml"))
    assert set(graphml.nodes) == set(graph.nodes)
    with pytest.raises(ReplyscopeError, match=r"\.gexf \(Gephi\) or \.graphml"):
        write_hashtag_graph(pcc_analysis, tmp_path / "hashtags.png")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".csv") == ["hashtags.gexf", "hashtags.graphml"]


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_figures_are_fixed_size_and_reproducible(pcc_analysis):
    figures = hashtag_figures(pcc_analysis)
    assert set(figures) == {"hashtag_timeline", "hashtag_network", "hashtag_variants:PCC"}
    assert figures == hashtag_figures(pcc_analysis)
    assert _png_size(timeline_png(pcc_analysis)) == _png_size(variant_group_png(pcc_analysis, "PCC")) == (990, 462)
    assert _png_size(network_png(pcc_analysis)) == (880, 715)


def test_section_renders_the_story(pcc_analysis):
    figures = {name: data_uri(png) for name, png in hashtag_figures(pcc_analysis).items()}
    html = environment().get_template("section_hashtags.html.j2").render(hashtags=pcc_analysis, figures=figures)
    assert "#PCC overtook #MyPCC on 14 Oct 2012</b>" in html
    assert html.count('<table class="sortable">') == 5  # top tags, the PCC group, pairs, lifecycle, also-follow
    assert figures["hashtag_variants:PCC"] in html and figures["hashtag_network"] in html
    assert str(escape(pcc_analysis.rules["lifecycle"])) in html and str(escape(pcc_analysis.rules["takeover"])) in html
    assert "Also follow: what travels with #PCC" in html
    assert "<td><b>fading</b></td>" in html


def test_section_escapes_what_it_shows():
    table = _table([("x", ["<script>x"], START, 1)])
    html = environment().get_template("section_hashtags.html.j2").render(hashtags=analyse_hashtags(table), figures={})
    assert "<script>" not in html and "#&lt;script&gt;x" in html


def test_brexit_export(shared_data):
    analysis = analyse_hashtags(replyscope.load(shared_data / "twarc-csv" / "brexit.jsonl"), keep_reposts=True)
    top = analysis.hashtags.set_index("tag")
    assert top.index[0] == "Brexit"
    assert top.at["Brexit", "spellings"].startswith("Brexit (")  # 'brexit' is counted with it
    assert "BorisJohnson" in top.index[:5]
    assert analysis.granularity == "hour"
    assert analysis.graph.has_edge("brexit", "usa")
    # its variant groups (#COVID ~ #COVID19 ...) have a post or two each: tables, but no charts
    assert not analysis.variants.empty
    assert not [name for name in hashtag_figures(analysis) if name.startswith("hashtag_variants:")]


@pytest.mark.parametrize("name, expected_top", [("entities_test.jsonl", "Salvini"), ("kpop.jsonl", "KPOP")])
def test_other_real_exports(shared_data, tmp_path, name, expected_top):
    analysis = analyse_hashtags(replyscope.load(shared_data / "twarc-csv" / name), keep_reposts=True)
    assert expected_top in analysis.hashtags["tag"].head(3).tolist()
    assert analysis.hashtags["share_of_posts"].between(0, 1).all()
    assert analysis.pairs["posts_together"].ge(3).all()
    figures = hashtag_figures(analysis)
    # these exports span minutes: a chart over time is drawn only for three periods or more (issue 14)
    periods = analysis.timeline["period"].nunique()
    assert ("hashtag_timeline" in figures) == (periods >= 3)
    nx.read_gexf(write_hashtag_graph(analysis, tmp_path / "tags.gexf"))


def test_words_suggested_beside_a_tag_leave_out_function_words_of_every_language_in_the_thread(shared_data):
    """Italian politics, #Salvini carried by German reposts: no 'mit', 'wir', 'che' or 'the' among the words."""
    table = replyscope.load(shared_data / "twarc-csv" / "entities_test.jsonl")
    analysis = replyscope.analyse(table, settings=Settings(track_hashtag="Salvini", keep_reposts=True))
    words = analysis.hashtags.suggestions.query("kind == 'word'")["item"].tolist()
    function_words = language("it").stopwords | language("de").stopwords | language("en").stopwords
    assert "regierung" in words and "italien" in words
    assert not [word for word in words if word in function_words]


def test_hashtags_command_writes_the_report_tables_and_network(pcc_export, tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["hashtags", str(pcc_export), "--out", str(out), "--track", "#PCC"])
    assert result.exit_code == 0, result.output
    assert "#PCC overtook #MyPCC from 14 Oct 2012" in result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "#PCC overtook #MyPCC on 14 Oct 2012</b>" in html
    assert "Also follow: what travels with #PCC" in html and "pcc_replies.csv" in html
    assert "src=\"http" not in html and "<link" not in html  # self-contained
    pairs = pd.read_csv(out / "hashtag_pairs.csv", encoding="utf-8-sig")
    together = {frozenset((row.tag_a, row.tag_b)): row.posts_together for row in pairs.itertuples()}
    # by hand: days 1-10 give #MyPCC 5 and #PCC 1 posts a day, days 11-30 the reverse; each post also has #police
    assert together == {frozenset(("MyPCC", "police")): 5 * 10 + 1 * 20, frozenset(("PCC", "police")): 1 * 10 + 5 * 20}
    assert set(nx.read_gexf(out / "hashtag_network.gexf").nodes) >= {"pcc", "mypcc", "police"}
    takeovers = pd.read_csv(out / "hashtag_takeovers.csv", encoding="utf-8-sig")
    assert takeovers[["incumbent", "challenger"]].values.tolist() == [["MyPCC", "PCC"]]
    assert (out / "hashtag_timeline.png").read_bytes().startswith(b"\x89PNG")
    assert (out / ".replyscope.json").exists()
    assert pcc_export.exists()


def test_hashtags_command_on_a_file_without_tags_says_so(tmp_path):
    export = write_csv(tmp_path / "plain.csv", [{"id": 1, "text": "no tags here", "author": "a",
                                                 "created_at": "2020-05-01 10:00", "likes": 1, "retweets": 0}])
    result = CliRunner().invoke(cli, ["hashtags", str(export), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "None of the 1 posts uses a hashtag." in result.output
    assert "uses a hashtag" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("relative, tag", [
    ("twitter/twarc2_brexit_page.jsonl", "Brexit"),
    ("twitter/twarc_csv_brexit.csv", "Brexit"),
    ("twitter/twitter_v1_search.json", None),
    ("twitter/snscrape_tweets.jsonl", None),
    ("twitter/archive/data/tweets.js", None),
    ("platforms/mastodon_context.json", None),
    ("platforms/bluesky_thread.json", None),
    ("platforms/youtube_comment_threads.json", None),
    ("platforms/reddit_post_comments.json", None),
    ("spreadsheets/renewal_replies.xlsx", None),
])
def test_every_format_feeds_the_hashtag_analysis(relative, tag):
    table = replyscope.load(FIXTURES / relative)
    analysis = analyse_hashtags(table, keep_reposts=True)
    expected = Counter(t.casefold() for tags in table["hashtags"] for t in tags)
    counted = dict(zip(analysis.hashtags["tag"].str.casefold(), analysis.hashtags["posts"]))
    assert {t: n for t, n in counted.items()} == {t: n for t, n in _posts_per_tag(table).items() if t in counted}
    assert set(counted) <= set(expected)
    if tag:
        assert tag in analysis.hashtags["tag"].tolist()


def _posts_per_tag(table) -> Counter:
    """Posts using each tag (casefolded), counted by hand from the table's hashtag lists."""
    return Counter(t for tags in table["hashtags"] for t in {x.casefold() for x in tags})


def test_the_network_picture_is_the_same_in_every_python_process(shared_data):
    """The spring layout follows the graph's insertion order, which must not depend on string hashing."""
    import hashlib
    import os
    import subprocess
    import sys

    script = ("import hashlib, sys, replyscope\n"
              "from replyscope.reporters.hashtag_figures import network_png\n"
              "analysis = replyscope.analyse_hashtags(replyscope.load(sys.argv[1]))\n"
              "print(hashlib.sha256(network_png(analysis)).hexdigest())\n")
    digests = {subprocess.run([sys.executable, "-c", script, str(shared_data / "twarc-csv" / "2sets.jsonl")],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
               for seed in ("1", "2", "3")}
    assert len(digests) == 1 and len(next(iter(digests))) == len(hashlib.sha256().hexdigest())
