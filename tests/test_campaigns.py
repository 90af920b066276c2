"""Copy-paste replies: identical and near-identical replies from different accounts are grouped.

The sample's own duplicated abusive replies are checked in test_tone_abuse (one analyse run of the sample).
"""

import random

import pandas as pd

import replyscope
from replyscope.analyses.campaigns import count_campaigns_once, find_copies, normalise, similar_texts
from replyscope.schema import conform

CAMPAIGN = ("Stop the cuts to community buses now. Rural villages like ours depend on the 42 service to reach "
            "the hospital, the jobcentre and the shops. Sign the petition and keep our buses running.")
SUBJECTS = ["nurses", "carers", "teachers", "bus drivers", "farmers", "young people", "councils", "charities",
            "small businesses", "pharmacists", "disabled people", "parents", "scientists", "tenants", "volunteers"]
VERBS = ["listen to", "fund", "ask", "trust", "pay", "support", "involve", "learn from", "protect", "hear from"]
REASONS = ["they kept things going", "they know what works locally", "nobody asked them last time",
           "they saw the crisis first", "the evidence is on their side", "they were ignored for a decade",
           "their pay has fallen behind", "they carry the cost of every cut", "the recovery depends on them"]
PLACES = ["Leeds", "Cornwall", "Fife", "Belfast", "Swansea", "Hull", "Norwich", "Carlisle", "Luton", "Bristol"]
TOPICS = ["housing", "the high street", "social care", "broadband", "flood defences", "school meals", "libraries",
          "green jobs", "mental health", "apprenticeships", "the night buses", "energy bills"]


def campaign_variant(rng: random.Random, number: int) -> str:
    """The pasted text with the small edits real campaigns show: a greeting, a tag, an emoji, a word changed."""
    text = CAMPAIGN
    if number % 3 == 0:
        text = text.replace("villages like ours", "villages like mine")
    if number % 4 == 1:
        text = "Please read: " + text
    if number % 5 == 2:
        text = text.replace("the 42 service", "the number 42")
    return f"@MinisterForRoads {text}{rng.choice(['', ' #SaveOurBuses', ' 🚌', ' #SaveOurBuses #rural', '!!'])}"


def ordinary_reply(rng: random.Random) -> str:
    """A reply in the thread's own words: the same vocabulary, combined differently every time."""
    first, second = rng.sample(SUBJECTS, 2)
    topic, other = rng.sample(TOPICS, 2)
    return (f"{rng.choice(['Honestly,', 'For me,', 'Simple:', '', 'In short,', 'First,'])} {rng.choice(VERBS)} "
            f"{first} in {rng.choice(PLACES)} about {topic}, and {rng.choice(VERBS)} {second} about {other}, "
            f"because {rng.choice(REASONS)}. {rng.choice(['', 'Thanks for asking.', 'Worth a look.', 'Seriously.'])}"
            ).strip()


def campaign_thread(seed: int = 5) -> pd.DataFrame:
    rng = random.Random(seed)
    texts = [ordinary_reply(rng) for _ in range(470)] + [campaign_variant(rng, n) for n in range(30)]
    order = list(range(500))
    rng.shuffle(order)
    rows = [{"id": str(1000 + i), "text": texts[j], "author": f"user{j}", "likes": j % 7,
             "created_at": pd.Timestamp("2024-03-01", tz="UTC") + pd.Timedelta(minutes=i)} for i, j in enumerate(order)]
    return conform(pd.DataFrame(rows))


def test_one_pasted_campaign_among_500_is_found_and_nothing_else():
    replies = campaign_thread()
    assert replies["text"].map(normalise).nunique() == 470 + len({normalise(campaign_variant(random.Random(0), n))
                                                                  for n in range(30)})
    campaigns = find_copies(replies)
    assert len(campaigns.groups) == 1
    group = campaigns.groups.iloc[0]
    assert (group["kind"], group["replies"], group["accounts"], bool(group["exact"])) == ("campaign", 30, 30, False)
    members = replies.iloc[campaigns.members["position"]]
    assert members["text"].str.contains("community buses").all()
    assert group["first_at"] == members["created_at"].min() and group["last_at"] == members["created_at"].max()
    assert group["likes"] == members["likes"].sum()


def test_the_same_text_from_one_account_is_not_a_group():
    replies = conform(pd.DataFrame({"id": ["1", "2", "3"], "author": ["a", "a", "b"],
                                    "text": ["Fund the buses in Hull now please, all of them", "Fund the buses in Hull now please, all of them", "Other"]}))
    assert find_copies(replies).groups.empty


def test_near_identical_texts_group_and_different_ones_do_not():
    texts = [normalise(t) for t in ["Keep our buses running, sign the petition today!",
                                    "keep our buses running. Sign the petition today 🚌 #buses",
                                    "Keep our libraries open, sign the petition today",
                                    "Keep our buses running, sign the petition today please"]]
    assert texts[0] == texts[1] == "keep our buses running sign the petition today"
    assert similar_texts(texts, 0.8) == [[0, 1, 3]]


def test_counting_campaigns_once_changes_shares_not_the_replies():
    replies = campaign_thread()
    once = replyscope.analyse(replies, count_campaigns_once=True, tone=False)
    every = replyscope.analyse(replies, tone=False)
    assert len(once.replies) == len(every.replies) == 500
    assert once.themes["replies_primary"].sum() == 500 - 29 == every.themes["replies_primary"].sum() - 29
    assert once.theme_likes[once.theme_likes["subset"] == "all replies"]["total_likes"].sum() == \
        every.theme_likes[every.theme_likes["subset"] == "all replies"]["total_likes"].sum()
    collapsed = count_campaigns_once(every.replies, every.campaigns)
    kept = collapsed[collapsed["text"].str.contains("community buses")]
    assert len(kept) == 1 and kept["created_at"].iloc[0] == every.campaigns.groups["first_at"].iloc[0]
    assert "Theme shares count each copy-paste campaign once (1 campaign; 29 repeated replies left out" in once.notes[-1]


def test_copies_without_authors_ids_or_dates():
    """A bare spreadsheet: a reply without an author counts as its own account; no ids or dates is no failure."""
    replies = conform(pd.DataFrame({"text": ["Fund the buses in Hull now please, all of them"] * 3 + ["Other"]}))
    groups = find_copies(replies).groups
    assert groups[["kind", "replies", "accounts", "ids"]].values.tolist() == [["campaign", 3, 3, ""]]
    assert pd.isna(groups["first_at"].iloc[0]) and pd.isna(groups["likes"].iloc[0])


def _groups_pair_by_pair(texts: list[str], similarity: float) -> list[list[int]]:
    """similar_texts as first written: every candidate pair of every band checked on Python sets, joined one by one."""
    from replyscope.analyses.campaigns import BANDS, CROWDED, ROWS, minhash_signatures, shingle_hashes

    owner, value = shingle_hashes(texts)
    signatures = minhash_signatures(owner, value, len(texts))
    shingles = [set(value[owner == i].tolist()) for i in range(len(texts))]
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i
    for band in range(BANDS):
        buckets: dict[tuple, list[int]] = {}
        for index, row in enumerate(signatures[:, band * ROWS:(band + 1) * ROWS].tolist()):
            buckets.setdefault(tuple(row), []).append(index)
        for members in buckets.values():
            pairs = ([(a, b) for i, a in enumerate(members) for b in members[i + 1:]] if len(members) <= CROWDED
                     else [(members[0], b) for b in members[1:]])
            for a, b in pairs:
                if len(shingles[a] & shingles[b]) / len(shingles[a] | shingles[b]) >= similarity:
                    parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for index in range(len(texts)):
        groups.setdefault(root(index), []).append(index)
    return [members for members in groups.values() if len(members) > 1]


def test_near_copy_groups_are_those_of_checking_every_candidate_pair():
    """The vectorised search finds exactly the groups the pair-by-pair check finds, crowded buckets included."""
    rng = random.Random(11)
    texts = [normalise(ordinary_reply(rng)) for _ in range(400)]
    texts += [normalise(campaign_variant(rng, n)) + f" {rng.choice(PLACES)} {n}" for n in range(80)]  # > CROWDED alike
    texts += ["yes", "no", "agreed", "agreed!", "clueless", "x"]
    texts = list(dict.fromkeys(texts))
    rng.shuffle(texts)
    for similarity in (0.5, 0.8, 0.95):
        found = similar_texts(texts, similarity)
        assert found == _groups_pair_by_pair(texts, similarity)
    assert any(len(group) > 50 for group in similar_texts(texts, 0.5))


def test_the_coarse_bin_bound_never_rules_out_a_pair_the_full_bins_keep():
    """_possible checks the bins summed in groups first: a bound that may only be looser, never tighter."""
    import numpy as np

    from replyscope.analyses.campaigns import COARSE_BINS, _within_bound, text_sketches

    rng = random.Random(3)
    texts = [normalise(ordinary_reply(rng)) for _ in range(300)] + [normalise(campaign_variant(rng, n)) for n in range(30)]
    texts = list(dict.fromkeys(texts))
    _, shingles, binned, unbounded = text_sketches(texts)
    coarse = binned.reshape(len(binned), COARSE_BINS, -1).sum(axis=2, dtype=np.uint16)
    first, second = np.triu_indices(len(texts), 1)
    for similarity in (0.5, 0.8):
        full = _within_bound(binned, first, second, shingles, unbounded, similarity)
        rough = _within_bound(coarse, first, second, shingles, unbounded, similarity)
        assert full.any() and not (full & ~rough).any()
    assert rough.sum() < len(first) // 10  # at 0.8 it rules out most pairs, which is what it is for


def test_linked_groups_are_the_connected_components_scipy_finds():
    """Copy groups are joined by numpy label propagation; scipy's csgraph (not imported by replyscope) agrees."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    from replyscope.analyses.campaigns import linked_groups

    rng = np.random.default_rng(7)
    for count, links in [(2, 0), (10, 3), (200, 150), (2000, 1900), (500, 2000)]:
        first, second = rng.integers(0, count, links), rng.integers(0, count, links)
        if count == 2000:  # a long chain: labels must travel its whole length
            first, second = np.arange(count - 1)[::-1], np.arange(1, count)[::-1]
        _, component = connected_components(csr_matrix((np.ones(len(first)), (first, second)), shape=(count, count)),
                                            directed=False)
        expected = sorted(members for members in
                          ([int(i) for i in np.flatnonzero(component == c)] for c in np.unique(component))
                          if len(members) > 1)
        assert linked_groups(first, second, count) == expected
