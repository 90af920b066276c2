"""Choosing the replies to review, by a recorded design the estimates can be weighted back with.

Round 1 is a stratified sample. The most-liked replies are taken for certain (they drive
the likes headline). The rest are split by the coder's suggested theme, uncategorised
included, and each theme gets a share of the round that grows with the square root of its
size, so a rare theme is still seen. Within a theme, the replies the coder is least sure
of form their own stratum, sampled twice as densely. Inside every stratum the sample is
systematic over replies ordered by topic cluster, so it spreads over what is said while
each reply keeps a known chance of being chosen (`inclusion_probability`; weight is its
inverse). Round 2 picks, among replies not yet reviewed, those the learned coder is least
sure of, one per topic cluster; they teach the model most but carry no design weight.
"""

import numpy as np
import pandas as pd

# Share of a round taken by the most-liked replies (with known likes), and by the unsure half of each theme.
MOST_LIKED_SHARE = 0.1
UNSURE_SHARE = 2 / 3
DESIGN_COLUMNS = ["position", "stratum", "stratum_size", "stratum_sample", "inclusion_probability", "weight", "round"]


def design_round_one(suggested: list[str], likes: pd.Series, uncertainty: np.ndarray | None, latent: np.ndarray,
                     size: int, seed: int = 0) -> pd.DataFrame:
    """Return the chosen replies (by position) with their stratum, inclusion probability and weight.

    `suggested` is each reply's primary theme, `likes` its likes (NA when unknown),
    `uncertainty` how unsure the coder is (higher = less sure; None, or NaN for a reply, when it
    cannot say: a stratum with such replies is not split),
    `latent` the replies' topic space (replies are clustered in it).
    """
    count = len(suggested)
    size = min(size, count)
    rng = np.random.default_rng(seed)
    clusters = topic_clusters(latent, max(2, min(size, count // 5)), seed)
    chosen: list[pd.DataFrame] = []
    known_likes = pd.to_numeric(likes, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    taken = np.zeros(count, dtype=bool)
    top_count = int(round(size * MOST_LIKED_SHARE)) if np.isfinite(known_likes).any() else 0
    if top_count:
        ranked = np.lexsort((np.arange(count), -np.nan_to_num(known_likes, nan=-np.inf)))
        top = ranked[:min(top_count, int(np.isfinite(known_likes).sum()))]
        taken[top] = True
        chosen.append(_stratum_rows(top, "most liked", len(top), 1))
    strata = _strata(np.asarray(suggested, dtype=object), uncertainty, ~taken)
    allocation = _allocate(size - int(taken.sum()), strata)
    for name, members in strata.items():
        picked = systematic_sample(members, allocation[name], clusters, rng)
        if len(picked):
            chosen.append(_stratum_rows(picked, name, len(members), 1))
    design = pd.concat(chosen, ignore_index=True) if chosen else pd.DataFrame(columns=DESIGN_COLUMNS)
    return design.sort_values("position", kind="stable").reset_index(drop=True)


def design_round_two(probabilities: np.ndarray, reviewed: np.ndarray, latent: np.ndarray, size: int,
                     seed: int = 0, round_number: int = 2) -> pd.DataFrame:
    """Return the unreviewed replies that would teach the coder most: the least sure, spread over clusters.

    Unsureness is how close a reply's probabilities are to the middle (0.5), summed over
    themes; among the most unsure replies (four per place in the round), one per topic
    cluster is taken. These replies have no inclusion probability: weight is left empty.
    """
    candidates = np.flatnonzero(~reviewed)
    size = min(size, len(candidates))
    if not size:
        return pd.DataFrame(columns=DESIGN_COLUMNS)
    unsure = np.nansum(1 - 2 * np.abs(np.nan_to_num(probabilities[candidates], nan=0.5) - 0.5), axis=1)
    pool = candidates[np.argsort(-unsure, kind="stable")[:min(len(candidates), 4 * size)]]
    clusters = topic_clusters(latent[pool], size, seed)
    pool_unsure = unsure[np.searchsorted(candidates, pool)]
    order = np.lexsort((-pool_unsure, clusters))
    first_of_cluster = np.concatenate([[True], clusters[order][1:] != clusters[order][:-1]])
    picked = pool[order[first_of_cluster]]
    if len(picked) < size:  # fewer clusters than places: fill with the next most unsure
        rest = [p for p in pool if p not in set(picked.tolist())]
        picked = np.concatenate([picked, np.asarray(rest[:size - len(picked)], dtype=int)])
    rows = _stratum_rows(np.sort(picked[:size]), f"round {round_number}: most informative", len(candidates), round_number)
    rows["inclusion_probability"] = np.nan
    rows["weight"] = np.nan
    return rows


def topic_clusters(latent: np.ndarray, clusters: int, seed: int) -> np.ndarray:
    """A cluster number per reply (k-means in the topic space); all zero when there is no space to cluster in."""
    count = latent.shape[0]
    if latent.shape[1] == 0 or count <= clusters or clusters < 2:
        return np.arange(count) if count <= clusters else np.zeros(count, dtype=int)
    from sklearn.cluster import MiniBatchKMeans

    model = MiniBatchKMeans(n_clusters=clusters, random_state=seed, n_init=1, batch_size=2048, max_iter=50)
    return model.fit_predict(latent)


def systematic_sample(members: np.ndarray, take: int, clusters: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Every k-th member after a random start, members ordered by cluster (random order within each).

    Each member's chance is exactly take / len(members); ordering by cluster spreads the
    sample over the clusters in proportion to their sizes.
    """
    if take <= 0 or not len(members):
        return np.array([], dtype=int)
    if take >= len(members):
        return np.sort(members)
    order = members[np.lexsort((rng.permutation(len(members)), clusters[members]))]
    step = len(members) / take
    picks = (rng.uniform(0, step) + step * np.arange(take)).astype(int)
    return np.sort(order[np.minimum(picks, len(members) - 1)])


def _strata(suggested: np.ndarray, uncertainty: np.ndarray | None, free: np.ndarray) -> dict[str, np.ndarray]:
    """Stratum name -> member positions: one per suggested theme, split into unsure and sure halves when known."""
    strata = {}
    for theme in sorted(set(suggested[free].tolist())):
        members = np.flatnonzero(free & (suggested == theme))
        if uncertainty is None or len(members) < 4 or np.isnan(uncertainty[members]).any():
            strata[theme] = members
            continue
        cut = np.median(uncertainty[members])
        unsure = members[uncertainty[members] > cut]
        sure = members[uncertainty[members] <= cut]
        if len(unsure) and len(sure):
            strata[f"{theme}: unsure"] = unsure
            strata[f"{theme}: sure"] = sure
        else:
            strata[theme] = members
    return strata


def _allocate(budget: int, strata: dict[str, np.ndarray]) -> dict[str, int]:
    """Places per stratum: proportional to the square root of each theme's size, unsure halves sampled densest.

    Each stratum with two or more replies gets at least two places (so its error can be
    estimated), never more than it holds; places left by small strata go to the others.
    """
    themes: dict[str, list[str]] = {}
    for name in strata:
        themes.setdefault(name.split(": ")[0], []).append(name)
    sizes = {t: sum(len(strata[n]) for n in names) for t, names in themes.items()}
    roots = {t: np.sqrt(n) for t, n in sizes.items()}
    total = sum(roots.values()) or 1.0
    allocation = {}
    for theme, names in themes.items():
        places = budget * roots[theme] / total
        if len(names) == 2:
            unsure, sure = names
            allocation[unsure] = places * UNSURE_SHARE
            allocation[sure] = places * (1 - UNSURE_SHARE)
        else:
            allocation[names[0]] = places
    return _round_within(allocation, {n: len(m) for n, m in strata.items()}, budget)


def _round_within(wanted: dict[str, float], capacity: dict[str, int], budget: int) -> dict[str, int]:
    """Whole places summing to the budget (or to everything there is), each within its stratum's size."""
    places = {n: min(capacity[n], max(min(2, capacity[n]), int(np.floor(w)))) for n, w in wanted.items()}
    budget = min(budget, sum(capacity.values()))
    while sum(places.values()) > budget:
        name = max(places, key=lambda n: (places[n] - wanted[n], places[n], n))
        places[name] -= 1
    while sum(places.values()) < budget:
        open_strata = [n for n in places if places[n] < capacity[n]]
        name = max(open_strata, key=lambda n: (wanted[n] - places[n], n))
        places[name] += 1
    return places


def _stratum_rows(positions: np.ndarray, stratum: str, stratum_size: int, round_number: int) -> pd.DataFrame:
    sample = len(positions)
    probability = sample / stratum_size if stratum_size else 1.0
    return pd.DataFrame({"position": positions.astype(int), "stratum": stratum, "stratum_size": stratum_size,
                         "stratum_sample": sample, "inclusion_probability": probability,
                         "weight": 1 / probability if probability else np.nan, "round": round_number})
