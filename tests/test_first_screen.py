"""The sample report's first screen answers the question; every row is accounted for; the explorer,
chart footers, the hand-off columns and the briefing pack hold what the report promises."""

import csv
import json
import re
from html import unescape

import pytest
import regex

import replyscope
from replyscope.reporters.explore import embedded_replies
from replyscope.reporters.footers import analysis_footers
from replyscope.reporters.headlines import headlines, row_accounting

from browser import chromium_path, probe, screenshot
from conftest import SAMPLES

HEADLINE_KEYS = ["words", "themes", "cited", "lobbying", "abuse", "takeover"]


@pytest.fixture(scope="module")
def sample():
    """The sample analysed once, its whole report written once (into a folder of its own)."""
    return replyscope.analyse(replyscope.load(SAMPLES / "replies.xlsx"))


@pytest.fixture(scope="module")
def sample_report(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "report"
    replyscope.write_report(sample, out, inputs=[SAMPLES / "replies.xlsx"], title="Renewal replies",
                            question="Who should we be listening to about the UK's renewal after coronavirus?")
    return out


def test_headlines_answer_each_question_of_the_brief(sample):
    items = {item.key: item for item in headlines(sample)}
    assert list(items) == HEADLINE_KEYS
    assert "“people” (384 mentions), “listen” (258), “ask” (187)" in items["words"].text
    assert items["themes"].text.startswith("Among replies with more than 20 likes, Sustainability & wellbeing drew "
                                           "3.0× the likes of the next theme, Listening to people (3,644 vs 1,227")
    assert items["themes"].number == 3.0
    assert "Doughnut Economics (Kate Raworth): 34 mentions in 25 replies" in items["cited"].text
    assert "5.0% of the replies (76 of 1,515, from 12 accounts)" in items["lobbying"].text
    assert items["abuse"].text.startswith("42 replies (2.8%) read as abuse")
    assert items["takeover"].text.startswith("No spelling of a hashtag overtook another; the most used is #COVID19")
    assert {item.target for item in items.values()} <= {"words", "themes", "references", "accounts", "hashtags"}


def test_overview_accounts_for_every_row_read_on_the_sample(sample):
    lines = dict(row_accounting(sample))
    assert lines == {"replies analysed": 1515, "blank row": 5, "duplicate id": 2}
    assert sum(lines.values()) == sample.load_report.rows_read == 1522


def test_overview_accounts_for_every_row_read_on_brexit(shared_data):
    analysis = replyscope.analyse(replyscope.load(shared_data / "twarc-csv" / "brexit.jsonl"))
    lines = dict(row_accounting(analysis))
    assert lines["replies analysed"] == 33
    assert lines["reposts/retweets left out of the text analysis"] == 67
    assert sum(lines.values()) == analysis.load_report.rows_read == 100


def test_first_screen_html_names_the_question_and_every_answer_with_its_link(sample_report):
    html = (sample_report / "report.html").read_text(encoding="utf-8")
    first_screen = html.split('<section id="overview">')[0]
    assert "Who should we be listening to about the UK&#39;s renewal after coronavirus?" in first_screen
    keys = re.findall(r'<li data-headline="(\w+)"><a class="to" href="#(\w+)">', first_screen)
    assert [k for k, _ in keys] == HEADLINE_KEYS
    assert all(f'id="{target}"' in html for _, target in keys)
    assert "position: sticky" in html.split("nav {")[1].split("}")[0]
    accounting = html.split('class="accounting"')[1].split("</table>")[0]
    assert "<td>blank row</td><td class=\"num\">5</td>" in accounting and ">1,522<" in accounting


def test_explorer_carries_every_reply_and_patterns_that_find_every_form(sample, sample_report):
    html = (sample_report / "report.html").read_text(encoding="utf-8")
    data = json.loads(html.split('<script type="application/json" id="explore-data">')[1].split("</script>")[0])
    assert data["total"] == data["embedded"] == len(data["rows"]) == 1515 and not data["most_liked"]
    community = regex.compile(data["patterns"]["w:communities"], regex.IGNORECASE | regex.V1)
    assert community.search("ask your Community first") and community.search("local communities")
    assert not community.search("communitybuilding")
    doughnut = regex.compile(data["patterns"]["c:doughnut_economics"], regex.IGNORECASE | regex.V1)
    assert doughnut.search("read Kate   Raworth now") and doughnut.search("see #DoughnutEconomics")
    for key in ("w:people", "p:mutual aid", "h:COVID19", "t:abuse"):
        assert f'data-x="{key}"' in html
    assert '<time datetime="2020-04-21T16:35:31+00:00">' in html  # dates sort as dates


def test_explorer_embeds_the_most_liked_above_the_limit(sample):
    data = embedded_replies(sample, limit=100)
    likes = [row[4] for row in data["rows"]]
    assert data["most_liked"] and data["embedded"] == 100 and data["total"] == 1515
    assert likes == sorted(likes, reverse=True) and likes[-1] >= sample.replies["likes"].nlargest(100).min()


def test_every_chart_is_saved_under_a_fixed_name_with_its_footer(sample, sample_report):
    footers = analysis_footers(sample, ["replies.xlsx"])
    assert footers["theme_likes"] == ("Source: replies.xlsx · n = 59 of 1,515 replies · 21 Apr 2020 – 22 Apr 2020 · "
                                      "replies with more than 20 likes, by primary theme · no hand corrections")
    assert "n = 1,515 replies" in footers["theme_replies"]
    names = {p.name for p in sample_report.iterdir()}
    assert {"theme_likes.png", "theme_likes_all.png", "theme_replies.png", "wordcloud.png",
            "hashtag_timeline.png", "hashtag_network.png"} <= names


def test_the_word_cloud_footer_stays_inside_the_picture(sample_report):
    """The footer wraps: nothing is drawn in the 15-pixel margin on the right of its lines (it ran off the edge)."""
    import numpy as np
    from PIL import Image

    picture = np.asarray(Image.open(sample_report / "wordcloud.png").convert("L"))
    footer = picture[-50:]
    inked = np.flatnonzero((footer < 200).any(axis=0))
    assert inked.size and inked.max() < picture.shape[1] - 15
    assert (footer[:, :400] < 200).any(axis=1).sum() >= 2 * 8  # two lines of text, each several pixels high


def test_reply_texts_start_with_what_the_person_wrote(sample_report):
    rows = list(csv.DictReader((sample_report / "replies_coded.csv").open(encoding="utf-8-sig")))
    assert rows[0]["reply_to_mentions"] == "AlexMorrowCS"
    assert rows[0]["text"].startswith("people. listen to people.")
    guarded = sum(row["text"].startswith("'") for row in rows)
    assert guarded < 0.02 * len(rows)  # was 1,397 of 1,515: every reply opened with "@"


def test_briefing_reads_back_with_python_pptx(sample_report):
    from pptx import Presentation

    deck = Presentation(sample_report / "briefing.pptx")
    texts = ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame) for slide in deck.slides]
    assert texts[0].startswith("Renewal replies") and "Who should we be listening to" in texts[0]
    assert texts[1].startswith("The answers") and "3.0× the likes of the next theme" in texts[1]
    pictures = [slide for slide in deck.slides if any(shape.shape_type == 13 for shape in slide.shapes)]
    charts = [p for p in sample_report.iterdir() if p.suffix == ".png" and not p.name.startswith("wordcloud_")]
    assert len(pictures) == len(charts) == 6  # each theme's own cloud stays in the report, not on a slide
    assert all("Source: replies.xlsx · n = " in text for text in texts[2:2 + len(charts)])
    reading = next(text for text in texts if text.startswith("Reading list"))
    assert "1. Doughnut Economics (Kate Raworth): cited by 25 replies (34 mentions, 1,724 likes) https://" in reading
    links = [run.hyperlink.address for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address]
    assert links and all(link.startswith("https://") for link in links)
    assert "Accuracy of the coding: unmeasured" in texts[-1]


@pytest.mark.skipif(chromium_path() is None,
                    reason="no Chromium on PATH: install it (Debian: apt-get install -y chromium) to run the browser check")
@pytest.mark.parametrize("width, height", [(1400, 900), (390, 844)])
def test_report_fits_the_window_and_shows_every_answer_first(sample_report, width, height, tmp_path):
    result = probe(sample_report / "report.html", width, height)
    assert result["innerWidth"] == width
    assert result["scrollWidth"] <= result["innerWidth"], f"the page is {result['scrollWidth']} px wide at {width} px"
    assert result["exploreRows"] == 100  # the explorer drew its first page from the embedded data
    if width == 1400:
        answers = {a["key"]: a["bottom"] for a in result["answers"]}
        assert list(answers) == HEADLINE_KEYS
        assert all(bottom <= height for bottom in answers.values()), answers
    screenshot(sample_report / "report.html", width, height, tmp_path / f"first_screen_{width}.png")
    assert (tmp_path / f"first_screen_{width}.png").stat().st_size > 10_000


def test_briefing_document_reads_back_with_python_docx(sample_report):
    from docx import Document

    document = Document(sample_report / "briefing.docx")
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Renewal replies" and paragraphs[1].startswith("The question: Who should we be listening to")
    assert any(p.startswith("Themes by likes: Among replies with more than 20 likes") for p in paragraphs)
    assert len(document.inline_shapes) == 6
    assert any(p.startswith("Doughnut Economics (Kate Raworth): cited by 25 replies") for p in paragraphs)
    assert any(p.startswith("Accuracy of the coding: unmeasured") for p in paragraphs)


def test_hashtag_report_of_merged_inputs_is_titled_by_all_and_answers_first(shared_data, tmp_path):
    from click.testing import CliRunner

    from replyscope.cli import cli

    files = [str(shared_data / "twarc-csv" / name) for name in ("brexit.jsonl", "kpop.jsonl")]
    out = tmp_path / "tags"
    result = CliRunner().invoke(cli, ["hashtags", *files, "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output + result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>Hashtags in brexit.jsonl + kpop.jsonl</h1>" in html
    first_screen = html.split('<section id="hashtags">')[0]
    assert re.findall(r'<li data-headline="(\w+)">', first_screen) == ["tagged", "top_tags", "takeover"]
    assert "No spelling of a hashtag overtook another; the most used is #Brexit (33 posts)." in first_screen
    # the posts span minutes: no chart over time, and the report says why
    assert not (out / "hashtag_timeline.png").exists() and "too few hours for a chart over time" in html
