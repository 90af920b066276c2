"""References scan many replies' texts joined into one string: they find exactly what a scan of each text finds.

Tricky texts in (unicode, links with parentheses, @mentions with punctuation, a retweet's cut
hashtag, newlines, empty texts, the separator's own characters, names and capitalised runs
split over two replies), through a real CSV import; compared with the reply-by-reply counter
(tests/counting_before.py), whole and in chunks of a few replies.
"""

import re

import pandas as pd
import pytest

import counting_before as before
import replyscope
from conftest import SAMPLES
from replyscope.analyses import references
from replyscope.analyses.accounts import account_table, count_accounts, lobbying_summary
from replyscope.analyses.joined_texts import _MARKS, JoinedTexts
from replyscope.analyses.references import count_references, reference_tables
from replyscope.codebook import load_codebook
from replyscope.schema import conform

TRICKY = [
    "Read Kate Raworth's Doughnut Economics (https://en.wikipedia.org/wiki/Doughnut_(economic_model)) today",
    "Ask @NEF_uk, @jrf_uk: and @carnegieuk. They know about Doughnut",
    "Economics is not named here: it starts a new reply",
    "So says the New",
    "Economics Foundation, split over two replies",
    "@someone @other: \"The Spirit Level\" by Wilkinson & Pickett, and ‘Limits to Growth’ too",
    "RT @a: Mariana Mazzucato on the Entrepreneurial State #Mission…",
    "Mariana Mazzucato #Mission… and more after the cut",
    "line one #Mission…\n\nline two with Kate Raworth\n",
    "",
    "   ",
    "İstanbul Büyükşehir Belediyesi and Straße der Pariser Kommune, ΣΊΣΥΦΟΣ Ελλάδα",
    "Citizens’ Assembly, Citizens' Assemblies and a citizens assembly #CitizensAssembly",
    "null \x00 mark \x01 and Joseph Rowntree Foundation \x00",
    "www.kateraworth.com and https://neweconomics.org/2020/(report) and bit.ly/x1 and mail me@example.org",
    "#DoughnutEconomics #doughnuteconomics ＃Doughnut @KateRaworth@mastodon.social",
    "\"Unclosed quote with New Economics Foundation\n\"Closed On Next Line\"",
    "Emoji 🍩 Doughnut Economics 🍩, Universal Basic Income & the Green New Deal; UBI, GND, MMT.",
    ".@KateRaworth, @ MissingHandle and a@b.c address",
    "The Royal Society of Arts (RSA) and the RSA: same? Institute for Public Policy Research",
]


@pytest.fixture
def tricky_table(tmp_path):
    path = tmp_path / "tricky.csv"
    pd.DataFrame({"id": [str(1000 + i) for i in range(len(TRICKY))], "text": TRICKY,
                  "author": [f"user{i % 5}" for i in range(len(TRICKY))],
                  "likes": [i % 4 for i in range(len(TRICKY))]}).to_csv(path, index=False)
    return replyscope.load(path, keep_reposts=True)


def assert_same(table: pd.DataFrame, ignore=()) -> None:
    entities = load_codebook().entities
    new, old = count_references(table, entities, ignore), before.count_references(table, entities, ignore)
    assert new.entities == old.entities
    assert new.candidates == old.candidates
    assert list(new.candidates) == list(old.candidates)
    assert [list(c.by_form) for c in new.candidates.values()] == [list(c.by_form) for c in old.candidates.values()]
    assert new.own_replies == old.own_replies and new.addressed == old.addressed
    new_tables, old_tables = reference_tables(new, entities, 10_000, 1), reference_tables(old, entities, 10_000, 1)
    for name in ("table", "examples", "candidates"):
        pd.testing.assert_frame_equal(getattr(new_tables, name), getattr(old_tables, name))


def test_joined_scans_find_what_each_text_finds(tricky_table):
    assert tricky_table["text"].str.contains("Kate Raworth", regex=False).sum() >= 2
    assert_same(tricky_table)
    counts = count_references(tricky_table, load_codebook().entities)
    names = {key: c.by_form["name"] for key, c in counts.entities.items() if c.by_form["name"]}
    assert names["doughnut_economics"] >= 3 and names["new_economics_foundation"] >= 1
    # a name split over two replies is never joined into one
    for first, second in (("Ask @NEF_uk", "Economics is"), ("So says the New", "Economics Foundation")):
        split = tricky_table[tricky_table["text"].str.startswith((first, second))]
        split_counts = count_references(split, load_codebook().entities)
        assert len(split) == 2 and not any(c.by_form["name"] for c in split_counts.entities.values())


@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_joined_scans_in_small_chunks(tricky_table, monkeypatch, chunk):
    monkeypatch.setattr(references, "TEXT_CHUNK", chunk)
    assert_same(tricky_table, ignore=["user1"])


def test_joined_scans_on_the_sample_in_chunks(monkeypatch):
    monkeypatch.setattr(references, "TEXT_CHUNK", 97)
    assert_same(replyscope.load(SAMPLES / "replies.xlsx"))


def test_joined_texts_separate_every_text():
    texts = ["a\x00b", "", "c\nd", "\x01", "éé"]
    joined = JoinedTexts.of(texts)
    assert joined.mark not in "".join(texts)
    assert joined.text.split(joined.separator) == texts
    assert joined.rows_of([joined.text.index("c"), joined.text.index("é"), 0]).tolist() == [2, 4, 0]
    blanked = joined.sub(re.compile(r"[a-d]"), "")
    assert blanked.text.split(blanked.separator) == ["\x00", "", "\n", "\x01", "éé"]
    assert blanked.rows_of([blanked.text.index("é")]).tolist() == [4]
    assert JoinedTexts.of([]).text == "" and JoinedTexts.of(["x"]).starts.tolist() == [0]


def test_texts_holding_every_mark_character_are_still_scanned():
    """A crafted reply holding every candidate mark cannot stop the count: the last mark is read as a space."""
    every_mark = "".join(_MARKS)
    texts = ["Kate Raworth's Doughnut Economics " + every_mark, "and Doughnut Economics again"]
    joined = JoinedTexts.of(texts)
    assert joined.text.count(joined.mark) == 1 and len(joined.starts) == 2

    def names_cited(texts):
        table = conform(pd.DataFrame({"id": ["1", "2"], "text": texts, "author": ["a", "b"], "likes": [1, 2]}))
        return count_references(table, load_codebook().entities).entities["doughnut_economics"].by_form["name"]

    assert names_cited(texts) == names_cited([text.replace(every_mark, "") for text in texts]) >= 2


def test_lobbying_groups_as_reply_by_reply(tricky_table):
    table = replyscope.load(SAMPLES / "replies.xlsx")
    table.loc[table.index[::9], "author"] = None
    table.loc[table.index[1::9], "author"] = "  "
    table.loc[table.index[2::9], "author"] = "@" + table["author"].iloc[3].upper()
    coded = replyscope.analyse(table).replies
    accounts = account_table(count_accounts(coded))[0]
    for replies in (coded, coded.drop(columns="themes"), coded.iloc[:0]):
        pd.testing.assert_frame_equal(lobbying_summary(replies, accounts), before.lobbying_summary(replies, accounts))
