"""The analysis cut into partitions, counted apart and merged, gives the tables of one whole run (no Dask needed).

engines/plan.py is what the Dask engine runs on each partition and after the merge;
here it runs in this process over chunks of real tables, so any analysis added to
`analyse` without its partitioned twin shows up as a table that differs.
"""

import gzip
import json

import numpy as np
import pandas as pd
import pytest

import replyscope
from replyscope.codebook import load_codebook
from replyscope.engines.partitions import expand_inputs, find_duplicates, majority
from replyscope.engines.plan import Plan, analyse_chunks, join_tokens
from replyscope.errors import ReplyscopeError
from replyscope.settings import DEFAULTS
from replyscope.text import tokenise_replies


WORDS = "people listen ask communities economy government local wellbeing climate housing trust evidence".split()
OTHER_LANGUAGES = [
    "Il faut écouter les gens des quartiers et les associations avant de décider quoi que ce soit",
    "Hay que escuchar a los vecinos de los barrios antes de cambiar nada en la ciudad",
]
CAMPAIGN = "Sign the petition now to save our local library from closure this winter please share"


def sorted_table(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in a fixed order (order may differ between engines; the issue compares sorted tables)."""
    table = table.reset_index(drop=True)
    if table.empty:
        return table
    keys = [table[c].astype(object).map(str).to_numpy() for c in reversed(table.columns)]
    return table.iloc[np.lexsort(keys)].reset_index(drop=True)


def assert_same_tables(expected: dict, actual: dict) -> None:
    """Same table names, same rows, same values and dtypes."""
    assert list(actual) == list(expected)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(sorted_table(actual[name]), sorted_table(table), obj=name)


def flat_tweet(number: int, text: str = "", likes: int | None = 1, author: str = "ann", conversation: str = "100",
               when: str = "2020-04-25T10:00:00.000Z") -> dict:
    """A twarc2-flattened tweet, as `twarc2 flatten` writes one per line."""
    metrics = {"retweet_count": 0, "reply_count": 0, "quote_count": 0}
    if likes is not None:
        metrics["like_count"] = likes
    return {"id": str(number), "text": text or f"post number {number}", "created_at": when, "author_id": f"9{author}",
            "conversation_id": conversation, "lang": "en", "public_metrics": metrics,
            "author": {"id": f"9{author}", "username": author, "name": author.title(), "description": ""},
            "referenced_tweets": [{"type": "replied_to", "id": conversation}]}


def write_generated_exports(folder, files: int = 3, posts: int = 120) -> list:
    """Gzipped twarc2 JSON-lines files: a root post, replies with tags and links, replies in three other languages,
    one copy-paste campaign spread over every file, reposts, duplicates across files and within one, a malformed
    line, unknown likes."""
    paths = []
    number = 1000  # the root post is 100
    for index in range(files):
        lines = [json.dumps(flat_tweet(100, "Who should we listen to about the renewal?", 50, "team"))] if index == 0 else []
        for _ in range(posts):
            number += 1
            words = " ".join(WORDS[(number * k) % len(WORDS)] for k in (1, 3, 5, 7, 11))
            tag = ["#Renewal", "#renewal", "#BuildBackBetter", "#BBB", ""][number % 5]
            text = f"@team {words} {tag} https://www.gov.uk/page{number % 7}".strip()
            if number % 9 == 0:
                text = f"RT @bob: {words}"
            elif number % 3 == 0:
                text = f"{OTHER_LANGUAGES[number % 2]} {number % 50}"
            elif number % 17 == 0:
                text = CAMPAIGN + ("!" if number % 2 else "")
            lines.append(json.dumps(flat_tweet(number, text, None if number % 13 == 0 else number % 40,
                                               f"user{number % 23}", when=f"2020-04-{20 + number % 9}T1{number % 10}:00:00.000Z")))
        lines.append(lines[3])                                       # a duplicate within the file, in another block
        if index:
            lines.append(json.dumps(flat_tweet(number - posts - 2, "again", 3, "user1")))  # also in the file before
        lines.insert(5, "{broken")
        path = folder / f"export-{index}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        paths.append(path)
    return paths


def chunked(table: pd.DataFrame, cuts: list[int], **overrides):
    load_report = table.attrs["load_report"]
    plan = Plan(DEFAULTS.with_overrides(**overrides), load_codebook(), None,
                (load_report.root_post or {}).get("author"))
    return analyse_chunks([table.iloc[a:b] for a, b in zip(cuts, cuts[1:])], plan, load_report)


def test_mixed_languages_campaigns_and_discovery_survive_the_cut(tmp_path):
    table = replyscope.load(write_generated_exports(tmp_path))
    whole = replyscope.analyse(table, count_campaigns_once=True)
    parts = chunked(table, [0, 50, 51, 200, len(table)], count_campaigns_once=True)
    tables = parts.tables()
    assert {"words_by_language", "copy_groups", "proposed_themes"} <= set(tables)
    assert (tables["copy_groups"]["kind"] == "campaign").any()
    assert len(tables["languages"]) >= 3
    assert_same_tables(whole.tables(), tables)
    assert parts.notes == whole.notes


def test_tokens_joined_from_parts_number_lemmas_as_one_pass_does():
    texts = ["people listen", "ask the economy", "listen to communities", "economy and housing"]
    whole = tokenise_replies(texts)
    first, second = tokenise_replies(texts[:2]), tokenise_replies(texts[2:])
    joined = join_tokens([(0, np.array([1]), first.subset(np.array([1]))),
                          (2, np.array([0, 1]), second.subset(np.array([0, 1])))], total=4)
    assert joined.keys == whole.keys
    assert [joined.reply(i).keys for i in range(4)] == [[], *[whole.reply(i).keys for i in (1, 2, 3)]]


def test_duplicates_are_found_within_a_source_and_across_sources():
    keys = pd.DataFrame({"platform": ["twitter"] * 4, "id": ["1", "1", "1", "2"],
                         "_order": np.array([(2 << 32) + 5, (0 << 32) + 1, (0 << 32) + 9, 3], dtype=np.int64)})
    found = find_duplicates(keys, source_of_block=np.array([0, 0, 1]))
    assert found.set_index("_order")["within_source"].to_dict() == {9: True, (2 << 32) + 5: False}


def test_only_a_partition_majority_can_be_the_thread_root():
    assert majority(pd.Series(["r", "r", None, "x"])) == []
    assert majority(pd.Series(["r", "r", "r", None, "x"])) == ["r"]


def test_folders_and_globs_expand_to_their_export_files(tmp_path):
    paths = write_generated_exports(tmp_path, files=2, posts=5)
    (tmp_path / "notes.md").write_text("not an export")
    assert expand_inputs(tmp_path) == paths
    assert expand_inputs(str(tmp_path / "*.gz")) == paths
    with pytest.raises(ReplyscopeError, match="no file matches"):
        expand_inputs(str(tmp_path / "*.csv"))


def test_near_copies_from_partition_sketches_are_those_of_the_whole_thread():
    """Copy groups found among the candidates the merged sketches pick equal find_copies over every reply."""
    import random

    from replyscope.analyses.campaigns import copies_for_shares
    from replyscope.engines import copies
    from replyscope.schema import conform
    from test_campaigns import PLACES, campaign_variant, ordinary_reply

    rng = random.Random(3)
    texts = [ordinary_reply(rng) for _ in range(300)] + [campaign_variant(rng, n) for n in range(40)]
    texts += [campaign_variant(rng, n) + f" {rng.choice(PLACES)} {n}" for n in range(70)]  # a bucket > CROWDED
    texts += ["Agreed!", "agreed", "Clueless. #COVID19", "🙄", "", "yes"] * 4
    rng.shuffle(texts)
    rows = [{"id": str(5000 + i), "text": text, "author": f"user{i % 97}", "likes": i % 5 if i % 11 else None,
             "created_at": pd.Timestamp("2024-03-01", tz="UTC") + pd.Timedelta(minutes=(i * 7) % 300),
             "primary_theme": "local" if i % 3 else "economy"} for i, text in enumerate(texts)]
    coded = conform(pd.DataFrame(rows)).assign(primary_theme=[r["primary_theme"] for r in rows])
    parts = [coded.iloc[a:b] for a, b in [(0, 37), (37, 200), (200, 201), (201, len(coded))]]
    candidates = copies.candidate_rows(parts)
    assert 100 < len(candidates) < len(coded)
    assert "text" not in candidates.members and len(candidates.words) < len(candidates)
    groups = {}
    for similarity in (0.5, 0.8, 0.95):
        whole = copies_for_shares(coded, similarity, 3, 6, True)
        groups[similarity] = whole[1].groups
        picked = copies_for_shares(coded, similarity, 3, 6, True,
                                   campaigns=copies.copies_among(candidates, similarity, 3, 6))
        pd.testing.assert_frame_equal(picked[0], whole[0])
        pd.testing.assert_frame_equal(picked[1].groups, whole[1].groups)
        pd.testing.assert_frame_equal(picked[2], whole[2])
        assert picked[3] == whole[3]
        assert picked[3]
    assert (groups[0.5]["replies"] > 50).any() and (~groups[0.8]["exact"]).any() and groups[0.95]["exact"].any()
