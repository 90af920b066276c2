"""The bundled sample, samples/replies.xlsx: rebuilt byte for byte by its generator, open about
being synthetic, shaped like a volunteers' scrape, and worded so the documented findings can be
recovered from it.

The counts here are deliberately crude and written out in this file (pandas + regular
expressions over the Replies sheet), independent of replyscope's own analyses: they check
the sample against the brief, not the tool against itself.
"""

import html
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import replyscope

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
GENERATOR = SAMPLES / "make_sample.py"
SAMPLE = SAMPLES / "replies.xlsx"
ASKER = "AlexMorrowCS"
HEADER = ["Reply ID", "Date", "Handle", "Display name", "Reply text", "Likes", "Retweets", "Replies", "Link"]

# NLTK's English stopword list (corpora/stopwords/english), copied so this test needs no data download.
STOPWORDS = set("""
i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his
himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this
that that'll these those am is are was were be been being have has had having do does did doing a an the and but
if or because as until while of at by for with about against between into through during before after above
below to from up down in out on off over under again further then once here there when where why how all any both
each few more most other some such no nor not only own same so than too very s t can will just don don't should
should've now d ll m o re ve y ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't
haven haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
weren weren't won won't wouldn wouldn't
""".split())
# The word forms counted together, as the documented word cloud grouped them.
WORD_FORMS = {
    "listen": {"listen", "listens", "listening", "listened"},
    "ask": {"ask", "asks", "asking", "asked"},
    "community": {"community", "communities"},
}
LEADING_MENTIONS = re.compile(r"^(?:\s*@\w+)+\s*")
LINK = re.compile(r"https?://\S+|www\.\S+")
MENTION = re.compile(r"@\w+")
HASHTAG = re.compile(r"#\w+")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")

# Theme keywords for the likes comparison, matched case-insensitively anywhere in a reply.
SUSTAINABILITY = re.compile(r"\b(?:sustainab\w*|well-?being|green\w*|climate|doughnut|raworth|planet\w*|nature|"
                            r"net zero|environment\w*|biodiversity|carbon|retrofit)", re.IGNORECASE)
LISTENING = re.compile(r"\b(?:listen\w*|ask\w*|consult\w*|involv\w*|citizens'? ?assembl\w*|lived experience|"
                       r"frontline|front line)", re.IGNORECASE)
OTHER_THEMES = {
    "economic reform": r"\bUBI\b|basic income|inequality|new economy|four day week",
    "local and community": r"\blocal\b|\bcommunit(?:y|ies)\b|mutual aid|councils",
    "lobbying": r"we have published|our (?:new )?report|our webinar|our members",
    "political point-scoring": r"\btor(?:y|ies)\b|labour|#ToriesOut|austerity",
    "abuse": r"rubbish|clueless|idiots|pathetic|useless",
    "research and reading": r"\bread\b|reading|research|paper|Cottam|Mazzucato|Cormac Russell",
    "asking for or offering help": r"happy to help|ask for help|love to help|can I help|count me in",
}
# Other ideas, people and organisations a reply might cite (name, @account, hashtag or site),
# to check that the Doughnut leads them all clearly.
OTHER_CITED = {
    "basic income": r"\bUBI\b|basic income",
    "citizens' assemblies": r"citizens'? ?assembl\w*|climate assembly",
    "wellbeing economy": r"wellbeing economy|wellbeing budget",
    "Wellbeing Economy Alliance": r"@WEAllAlliance|weall\.org",
    "New Economics Foundation": r"New Economics Foundation|@neweconomics|neweconomics\.org",
    "community wealth building": r"community wealth building|@CLESthinkdo|cles\.org\.uk",
    "Marmot": r"Marmot",
    "Mariana Mazzucato": r"Mazzucato",
    "Nesta": r"\bNesta\b|@Nesta_UK|nesta\.org\.uk",
    "Joseph Rowntree Foundation": r"@jrf_uk|jrf\.org\.uk|Joseph Rowntree",
    "Involve": r"@InvolveUK|involve\.org\.uk",
    "Carnegie UK Trust": r"@CarnegieUKTrust|carnegieuktrust\.org\.uk",
    "RSA": r"@RSAMatters|thersa\.org",
    "Local Trust": r"@LocalTrust|localtrust\.org\.uk",
    "#BuildBackBetter": r"#BuildBackBetter",
}


def run_generator(out: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)


def cell_values(path: Path) -> dict[str, list[tuple]]:
    workbook = load_workbook(path, read_only=True)
    values = {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}
    workbook.close()
    return values


def likes_number(value) -> int:
    """'1.2K' -> 1200, ' 7' -> 7, 12 -> 12: the like counts as the scrape typed them."""
    text = str(value).strip()
    return int(float(text[:-1]) * 1000) if text.upper().endswith("K") else int(float(text))


def reply_words(text: str) -> str:
    """The reply's own words: entities unescaped, reply prefix, links and @mentions removed."""
    return MENTION.sub(" ", LINK.sub(" ", LEADING_MENTIONS.sub("", html.unescape(text))))


def word_counts(texts) -> Counter:
    """Lowercase word occurrences without stopwords; listen/ask/community forms counted together."""
    group_of = {form: word for word, forms in WORD_FORMS.items() for form in forms}
    counts = Counter()
    for text in texts:
        counts.update(group_of.get(word, word) for word in WORD.findall(reply_words(text).lower())
                      if word not in STOPWORDS)
    return counts


def fold_inflections(counts: Counter) -> Counter:
    """Counts with -s/-ed/-ing forms folded into a stem that is itself a counted word (worked -> work)."""
    folded = Counter()
    for word, count in counts.items():
        stem = next((word[:-len(suffix)] for suffix in ("ing", "ed", "s")
                     if word.endswith(suffix) and word[:-len(suffix)] in counts), word)
        folded[stem] += count
    return folded


def doughnut_references(text: str) -> tuple[int, int]:
    """Return (references to Kate Raworth's Doughnut Economics, of which her name in words).

    The counting rule, applied in this order so nothing is counted twice:
    1. each link to kateraworth.com or doughnuteconomics.org is one reference; then links are removed;
    2. each @KateRaworth is one reference; then @mentions are removed;
    3. each #DoughnutEconomics is one reference; then hashtags are removed;
    4. in the words left, "Kate Raworth" (or "Raworth" alone, possessive or not) is one reference,
       and each "doughnut" ("Doughnut Economics", "the doughnut", "doughnut model") is one.
    """
    text = html.unescape(text)
    links = LINK.findall(text)
    references = sum(1 for link in links if re.search(r"(?:kateraworth\.com|doughnuteconomics\.org)", link, re.I))
    text = LINK.sub(" ", text)
    references += sum(1 for mention in MENTION.findall(text) if mention.lower() == "@kateraworth")
    text = MENTION.sub(" ", text)
    references += sum(1 for tag in HASHTAG.findall(text) if tag.lower() == "#doughnuteconomics")
    text = HASHTAG.sub(" ", text)
    names = len(re.findall(r"\b(?:Kate\s+)?Raworth\b", text, re.IGNORECASE))
    titles = len(re.findall(r"\bdoughnut\b", text, re.IGNORECASE))
    return references + names + titles, names


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A workbook just written by the generator."""
    out = tmp_path_factory.mktemp("sample") / "replies.xlsx"
    run_generator(out)
    return out


@pytest.fixture(scope="module")
def sheet() -> pd.DataFrame:
    """The Replies sheet as scraped: blank rows and repeated rows included."""
    return pd.read_excel(SAMPLE, sheet_name="Replies", header=2, dtype=object, engine="openpyxl")


@pytest.fixture(scope="module")
def replies(sheet) -> pd.DataFrame:
    """One row per reply: blank rows and rows scraped twice dropped, likes as numbers."""
    table = sheet.dropna(how="all").drop_duplicates(subset=["Reply ID"]).reset_index(drop=True)
    return table.assign(likes=table["Likes"].map(likes_number), text=table["Reply text"].astype(str))


def test_generator_gives_the_same_workbook_every_run(tmp_path, fresh):
    again = tmp_path / "again.xlsx"
    run_generator(again)
    assert cell_values(again) == cell_values(fresh)
    assert again.read_bytes() == fresh.read_bytes()


def test_committed_sample_is_what_the_generator_writes(fresh):
    assert cell_values(SAMPLE) == cell_values(fresh)


def test_sample_says_it_is_synthetic_before_the_data():
    workbook = load_workbook(SAMPLE)
    assert workbook.sheetnames == ["About", "Replies"]
    about = " ".join(str(row[0]) for row in workbook["About"].iter_rows(values_only=True) if row[0])
    assert "SYNTHETIC" in about and "invented" in about and "fictional" in about
    data = workbook["Replies"]
    assert "SYNTHETIC SAMPLE" in data["A1"].value and "10 May 2020" in data["A1"].value
    assert [cell.value for cell in data[3]] == HEADER
    assert workbook.properties.created == workbook.properties.modified == datetime(2020, 5, 10, 9, 0)
    assert SAMPLE.stat().st_size < 500 * 1024


def test_sample_is_laid_out_like_a_scrape(sheet, replies):
    assert 1450 <= len(replies) <= 1550
    assert 3 <= sheet.isna().all(axis=1).sum() <= 10
    assert sheet["Reply ID"].dropna().duplicated().sum() == 2
    assert sheet.dropna(how="all").duplicated().sum() == 2  # scraped twice: the whole row repeats
    typed_as_text = [value for value in replies["Likes"] if isinstance(value, str)]
    assert "1.2K" in typed_as_text and len(typed_as_text) >= 3
    assert replies["Reply ID"].map(lambda value: isinstance(value, str) and value.isdigit() and len(value) == 19).all()
    expected_links = "https://twitter.com/" + replies["Handle"] + "/status/" + replies["Reply ID"]
    assert (replies["Link"] == expected_links).all()
    assert replies["text"].str.startswith(f"@{ASKER} ").mean() > 0.8
    assert replies["text"].str.contains("&amp;").sum() >= 5
    assert pd.to_datetime(replies["Date"]).between("2020-04-21", "2020-05-01").all()
    lengths = replies["text"].map(lambda text: len(LEADING_MENTIONS.sub("", html.unescape(text))))
    assert lengths.min() <= 15 and 250 <= lengths.max() <= 280


def test_engagement_is_a_long_tail(replies):
    likes = replies["likes"]
    assert (likes < 5).mean() > 0.6
    assert (likes > 20).sum() >= 40
    assert (likes >= 100).sum() >= 5


def test_key_words_rank_people_then_listen_then_ask(replies):
    counts = word_counts(replies["text"])
    people, listen, ask = counts.pop("people"), counts.pop("listen"), counts.pop("ask")
    runner_up, runner_up_count = counts.most_common(1)[0]
    assert people > 1.15 * listen and listen > 1.15 * ask, (people, listen, ask)
    assert ask > 1.2 * runner_up_count, (ask, runner_up, runner_up_count)
    folded = fold_inflections(counts)
    assert ask > 1.2 * folded.most_common(1)[0][1], folded.most_common(3)


def test_communities_economy_and_government_are_level_and_local_features(replies):
    counts = word_counts(replies["text"])
    level = [counts["community"], counts["economy"], counts["government"]]
    assert min(level) > 20 and max(level) <= 1.15 * min(level), level
    assert counts["local"] > 20


def test_doughnut_economics_is_cited_34_times_and_leads_the_ideas(replies):
    counted = replies["text"].map(doughnut_references)
    references, names = counted.str[0], counted.str[1]
    assert references.sum() == 34
    assert 25 <= (references > 0).sum() <= 30
    assert (names > 0).sum() > 20
    most_liked = replies.assign(references=references).nlargest(5, "likes")
    assert (most_liked["references"] > 0).any()
    for other, pattern in OTHER_CITED.items():
        cited = replies["text"].map(lambda text: len(re.findall(pattern, html.unescape(text), re.IGNORECASE))).sum()
        assert cited <= 0.8 * 34, (other, cited)


def test_sustainability_draws_about_three_times_the_likes_of_listening(replies):
    liked = replies[replies["likes"] > 20]
    texts = liked["text"].map(html.unescape)
    sustainability = liked["likes"][texts.map(lambda text: bool(SUSTAINABILITY.search(text)))].sum()
    listening = liked["likes"][texts.map(lambda text: bool(LISTENING.search(text)))].sum()
    assert 2.5 <= sustainability / listening <= 3.5, (sustainability, listening)


@pytest.mark.parametrize("theme", OTHER_THEMES)
def test_other_themes_are_present_among_the_liked_and_the_rest(replies, theme):
    matches = replies["text"].map(html.unescape).str.contains(OTHER_THEMES[theme], case=False, regex=True)
    assert matches.sum() >= 10
    assert (matches & (replies["likes"] > 20)).any()


def test_replyscope_reads_the_sample_as_users_first_run_it(sheet, replies):
    table, report = replyscope.load_replies(SAMPLE)
    assert report.files[0].detail["sheet"] == "Replies"
    assert report.files[0].detail["header_row"] == 3
    assert report.dropped == Counter({"blank row": int(sheet.isna().all(axis=1).sum()),
                                      "duplicate id": int(sheet["Reply ID"].dropna().duplicated().sum())})
    assert len(table) == len(replies)
    assert table["likes"].max() == 1200
    assert table["text"].str.contains("&amp;").sum() == 0
