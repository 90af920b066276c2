"""The bulk counters (references, accounts, links) count exactly what the reply-by-reply loops they replaced counted.

Real threads in: the sample, the platform fixtures and, beside the checkout, twarc's test
exports and CrisisLexT26 tweets. Compared: every count object (Citations with their examples
and forms, in the order first found) and the tables built from them, whole and in chunks.
"""

import pandas as pd
import pytest

import counting_before as before
import replyscope
from conftest import FIXTURES, SAMPLES
from replyscope.analyses.accounts import account_table, count_accounts
from replyscope.analyses.links import count_links, link_tables
from replyscope.analyses.references import count_references, reference_tables
from replyscope.codebook import load_codebook

THREADS = [SAMPLES / "replies.xlsx", FIXTURES / "twitter" / "twarc2_flat.jsonl",
           FIXTURES / "twitter" / "twarc2_brexit_page.jsonl", FIXTURES / "twitter" / "twitter_v1_search.json",
           FIXTURES / "platforms" / "mastodon_context.json", FIXTURES / "platforms" / "reddit_comments.jsonl"]
SHARED_THREADS = ["twarc-csv/kpop.jsonl", "twarc-csv/brexit.jsonl", "twarc-csv/many_urls.jsonl",
                  "twarc-csv/mentions_tweet.jsonl", "twarc-csv/entities_test.jsonl", "twarc-csv/2sets.jsonl"]


def assert_same_references(table: pd.DataFrame, ignore=()) -> None:
    entities = load_codebook().entities
    new, old = count_references(table, entities, ignore), before.count_references(table, entities, ignore)
    assert new == old
    assert list(new.candidates) == list(old.candidates)  # first found first: ties in the table keep that order
    assert [list(c.by_form) for c in new.candidates.values()] == [list(c.by_form) for c in old.candidates.values()]
    new_tables, old_tables = reference_tables(new, entities, 10_000, 1), reference_tables(old, entities, 10_000, 1)
    for name in ("table", "examples", "candidates"):
        pd.testing.assert_frame_equal(getattr(new_tables, name), getattr(old_tables, name))


def assert_same_links(table: pd.DataFrame) -> None:
    kinds = load_codebook().link_kinds or None
    new, old = count_links(table, kinds), before.count_links(table, kinds)
    assert new == old
    for name in ("urls", "domains", "kinds"):
        assert list(getattr(new, name)) == list(getattr(old, name))
    assert [list(c.by_form) for c in new.domains.values()] == [list(c.by_form) for c in old.domains.values()]
    new_tables, old_tables = link_tables(new), link_tables(old)
    for name in ("links", "domains", "kinds"):
        pd.testing.assert_frame_equal(getattr(new_tables, name), getattr(old_tables, name))


def assert_same_accounts(table: pd.DataFrame) -> None:
    new, old = count_accounts(table), before.count_accounts(table)
    assert new == old
    assert list(new.speakers) == list(old.speakers)
    assert [list(s.own_sites) for s in new.speakers.values()] == [list(s.own_sites) for s in old.speakers.values()]
    pd.testing.assert_frame_equal(account_table(new)[0], account_table(old)[0])


@pytest.mark.parametrize("path", THREADS, ids=lambda path: path.name)
def test_bulk_counts_equal_the_reply_by_reply_counts(path):
    table = replyscope.load(path, keep_reposts=True)
    assert_same_references(table)
    assert_same_accounts(table)
    assert_same_links(table)


def test_bulk_counts_equal_on_real_exports(shared_data):
    table = replyscope.load([shared_data / name for name in SHARED_THREADS], keep_reposts=True)
    assert len(table) > 500
    assert_same_references(table, ignore=[table["author"].dropna().iloc[0]])
    assert_same_accounts(table)
    assert_same_links(table)


def test_bulk_counts_equal_on_crisis_tweets(shared_data):
    folder = shared_data / "labelled" / "crisislex_t26"
    events = sorted(path for path in folder.iterdir() if path.is_dir())[:6]
    table = replyscope.load([event / f"{event.name}-tweets_labeled.csv" for event in events])
    assert len(table) > 5000
    assert_same_references(table)
    assert_same_accounts(table)
    assert_same_links(table)


def test_bulk_counts_equal_in_any_row_order_and_with_gaps():
    """Example replies are ranked by index label, as the loop ranked them, whatever the rows' order;
    unknown likes and authors, a name shown only in a later reply, and chunks merged."""
    table = replyscope.load(SAMPLES / "replies.xlsx")
    table.loc[table.index[::7], "likes"] = pd.NA
    table.loc[table.index[::11], "author"] = pd.NA
    table.loc[table.index[::5], "author_name"] = pd.NA
    shuffled = table.sample(frac=1.0, random_state=3)
    assert_same_references(shuffled)
    assert_same_accounts(shuffled)
    assert_same_links(shuffled)
    entities = load_codebook().entities
    half = len(shuffled) // 2
    merged = count_references(shuffled.iloc[:half], entities).merge(count_references(shuffled.iloc[half:], entities))
    assert merged == before.count_references(shuffled, entities)
    merged = count_accounts(shuffled.iloc[:half]).merge(count_accounts(shuffled.iloc[half:]))
    pd.testing.assert_frame_equal(account_table(merged)[0], account_table(before.count_accounts(shuffled))[0])


def test_copy_detection_reads_texts_as_before():
    """normalise's substring tests skip only scans that could not match; MinHash in blocks equals MinHash at once."""
    from real_texts import sample_replies, shared_texts, vader_evaluation_texts
    from replyscope.analyses.campaigns import minhash_signatures, normalise, shingle_hashes
    texts = sample_replies() + vader_evaluation_texts() + shared_texts() + [
        "www.x.org/a @b_c #tag", "Clueless. #COVID19 🙄", "&amp; @x #y #z!!", "http://a.b/c#d", None, ""]
    assert [normalise(t) for t in texts] == [before.normalise(t) for t in texts]
    distinct = sorted({normalise(t) for t in texts} - {""})
    owner, value = shingle_hashes(distinct)
    blocks = minhash_signatures(owner, value, len(distinct), block_texts=97)
    assert (blocks == minhash_signatures(owner, value, len(distinct), block_texts=len(distinct) + 1)).all()
