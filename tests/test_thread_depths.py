"""Thread depths for all posts at once (numpy) agree with walking each chain post by post."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from replyscope.threads import _depths, _depths_post_by_post

IDS = st.sampled_from([None, "1", "2", "3", "4", "5", "6", "7", "8"])


@st.composite
def reply_tables(draw):
    """Small tables of unique ids whose parents and conversations point at each other, loops and gaps included."""
    size = draw(st.integers(1, 8))
    ids = draw(st.lists(st.sampled_from([str(n) for n in range(1, 10)]), min_size=size, max_size=size, unique=True))
    ids = [None if draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()) else i for i in ids]
    return pd.DataFrame({
        "id": pd.array(ids, dtype="string"),
        "in_reply_to": pd.array(draw(st.lists(IDS, min_size=size, max_size=size)), dtype="string"),
        "conversation_id": pd.array(draw(st.lists(IDS, min_size=size, max_size=size)), dtype="string"),
        "depth": pd.array(draw(st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=size, max_size=size)),
                          dtype="Int64"),
        "is_repost": pd.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype="boolean"),
    })


def as_list(depths: pd.Series) -> list:
    return [None if pd.isna(depth) else int(depth) for depth in depths]


@settings(max_examples=150, deadline=None)
@given(reply_tables(), IDS, st.booleans())
def test_depths_for_all_posts_at_once_match_walking_each_chain(table, root, root_from_user):
    user_root = root if root_from_user else None
    assert as_list(_depths(table, root, user_root)) == as_list(_depths_post_by_post(table, root, user_root))


def test_a_chain_that_crosses_into_another_conversation_is_measured_against_its_own():
    table = pd.DataFrame({"id": pd.array(["a", "b", "c", "d"], dtype="string"),
                          "in_reply_to": pd.array([None, "a", "b", "c"], dtype="string"),
                          "conversation_id": pd.array(["a", "a", "x", "a"], dtype="string"),
                          "depth": pd.array([None] * 4, dtype="Int64"),
                          "is_repost": pd.array([False] * 4, dtype="boolean")})
    assert as_list(_depths(table, None, None)) == [0, 1, None, 3]
    assert as_list(_depths_post_by_post(table, None, None)) == [0, 1, None, 3]
