"""Copy groups from candidates sent without their text (engines.copies) equal find_copies over every reply."""

import random

import numpy as np
import pandas as pd
import pytest

from replyscope.analyses.campaigns import find_copies
from replyscope.engines import copies
from replyscope.schema import conform
from test_campaigns import campaign_variant, ordinary_reply

START = pd.Timestamp("2024-03-01", tz="UTC")


def _thread(seed: int) -> pd.DataFrame:
    """Ordinary replies, near copies, and exact copies whose texts differ (case, links, mentions, trailing tags),
    some undated, without author, id or likes, several posted at the same minute."""
    rng = random.Random(seed)
    pasted = "The minister must resign over the housing failure now"
    texts = [ordinary_reply(rng) for _ in range(150)] + [campaign_variant(rng, n) for n in range(30)]
    texts += [rng.choice([pasted, pasted.upper() + "!!", f"@mp{n} {pasted} https://t.co/x{n}", f"{pasted} #housing"])
              for n in range(40)]
    texts += ["Agreed!", "agreed", "Clueless. #COVID19", "clueless", "🙄", "", "yes"] * 3
    rng.shuffle(texts)
    rows = [{"id": None if i % 17 == 0 else str(9000 + i), "text": text,
             "author": None if i % 13 == 0 else f"user{i % 41}",
             "likes": None if i % 7 == 0 else i % 5,
             "created_at": None if i % 9 == 0 else START + pd.Timedelta(minutes=(i * 11) % 40),
             "primary_theme": rng.choice(["local", "economy", "economy"])} for i, text in enumerate(texts)]
    return conform(pd.DataFrame(rows)).assign(primary_theme=[r["primary_theme"] for r in rows])


def _split(coded: pd.DataFrame, cuts: list[int]) -> list[pd.DataFrame]:
    bounds = [0, *cuts, len(coded)]
    return [coded.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


@pytest.mark.parametrize("seed", [1, 2])
def test_groups_from_textless_candidates_equal_find_copies_over_every_reply(seed):
    coded = _thread(seed)
    parts = _split(coded, [0, 60, 61, 200])  # an empty partition and one of a single reply among them
    candidates = copies.candidate_rows(parts)
    assert "text" not in candidates.members and "clean_text" not in candidates.members
    assert len(candidates.words) < len(candidates) < len(coded)
    for similarity in (0.5, 0.8):
        whole = find_copies(coded, similarity, 3, 6)
        picked = copies.copies_among(candidates, similarity, 3, 6)
        pd.testing.assert_frame_equal(picked.groups, whole.groups)
        pd.testing.assert_frame_equal(picked.members, whole.members)
    shown = whole.groups.set_index("group")["text"]
    assert shown.str.contains("https://t.co/|#housing|@mp|!!").any()  # a group shows a reply's own text


def test_a_copy_group_shows_its_earliest_reply_text_read_from_its_partition():
    """The first reply by date is in the last partition: its text, not the first partition's, is shown."""
    texts = ["Stop the new bypass today", "stop the new bypass today!", "STOP the new bypass today #roads"]
    coded = conform(pd.DataFrame({"id": ["1", "2", "3"], "text": texts, "author": ["a", "b", "c"],
                                  "created_at": [START + pd.Timedelta(hours=h) for h in (2, 3, 1)]}))
    asked = []

    candidates = copies.candidate_rows(_split(coded, [1, 2]))
    read = candidates.shown_texts
    candidates.shown_texts = lambda positions: asked.append(positions.tolist()) or read(positions)
    picked = copies.copies_among(candidates, 0.8, 3, 6)
    assert candidates.words == ["stop the new bypass today"]
    assert picked.groups["text"].tolist() == [texts[2]] and asked == [[2]]
    pd.testing.assert_frame_equal(picked.groups, find_copies(coded, 0.8, 3, 6).groups)


def test_without_text_the_clean_text_is_compared_and_shown():
    coded = _thread(3).drop(columns="clean_text").rename(columns={"text": "clean_text"})
    candidates = copies.candidate_rows(_split(coded, [90]))
    picked = copies.copies_among(candidates, 0.8, 3, 6)
    whole = find_copies(coded, 0.8, 3, 6)
    assert len(whole.groups)
    pd.testing.assert_frame_equal(picked.groups, whole.groups)
    assert np.array_equal(picked.members["position"], whole.members["position"])
