"""Proposing themes the codebook does not have yet, from the replies themselves.

The replies a codebook leaves uncategorised (or all replies, for a thread started from
nothing) become TF-IDF vectors of their content words and two-word phrases, from the
same tokens, stopwords and lemmas as the key words. Non-negative matrix factorisation
(scikit-learn's NMF with the Kullback-Leibler loss, which suits the sparse counts of short
texts, from an NNDSVD start, so a fit depends on the data alone; written out in analyses.nmf
so that proposing themes does not load scikit-learn) splits them into themes;
each reply joins the theme it loads on most. The number of themes, when not
given, is the one whose themes stay the same when a fifth of the replies is left out
(Greene, O'Callaghan and Cunningham 2014, "How many topics? Stability analysis for topic
models"). Each theme is then described as BERTopic does: class-based TF-IDF over all of
a theme's replies picks the terms that set it apart, and the top ones make its label.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..text import TokenisedReplies
from . import nmf

# Fewer replies with words in common than this, and no themes are proposed.
MIN_REPLIES = 40
# A proposed theme needs at least this many replies (and 1% of those placed); smaller ones are merged away.
MIN_THEME_REPLIES = 5
# Candidate numbers of themes start here ("auto"): fewer are rarely worth a codebook, and an analyst
# merges two proposed themes more easily than splits one. The cap is a setting.
FEWEST_THEMES = 5
# Replies the number of themes is chosen on, at most (a random sample of them beyond that).
STABILITY_SAMPLE = 4_000
# Top terms per theme compared between fits when choosing the number of themes.
STABILITY_TERMS = 10
# Fits on a fifth-left-out subsample per candidate number of themes.
STABILITY_RUNS = 2


@dataclass
class ProposedThemes:
    """Themes proposed for some replies, with their terms and typical replies, as DataFrames."""

    themes: pd.DataFrame       # one row per proposed theme: key, label, replies, shares, likes, terms
    terms: pd.DataFrame        # each theme's distinctive terms with their scores and reach
    typical: pd.DataFrame      # each theme's most typical replies
    assignment: pd.Series      # per reply of the table (same index): proposed theme key, or <NA>
    scope: str                 # what was searched: "uncategorised replies", or "replies" (all of them)
    searched: int              # replies themes were looked for in
    thread_replies: int        # replies in the whole table
    unplaced: int              # searched replies sharing no term with the others (too short, unique words)
    choice: pd.DataFrame       # number of themes tried -> stability; the chosen one marked
    seed: int
    notes: list[str] = field(default_factory=list)
    # TOML of the codebook the themes were proposed beside: the draft codebook keeps its themes
    base_codebook: str | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Output name -> table for CSV files and workbook sheets."""
        return {"proposed_themes": self.themes, "proposed_terms": self.terms, "proposed_typical": self.typical}

    def __bool__(self) -> bool:
        return len(self.themes) > 0


def propose_themes(replies: pd.DataFrame, tokens: TokenisedReplies, searched: np.ndarray | None = None,
                   n: int | str = "auto", seed: int = 0, max_themes: int = 12, fit_replies: int = 20_000,
                   reserved_keys=(), typical_per_theme: int = 5,
                   terms_per_theme: int = 15) -> ProposedThemes:
    """Return themes proposed for the `searched` replies (a boolean mask; None: all of them, scope "replies").

    Reads likes, id, author, text of `replies`, and `tokens` of the same rows. `n` is a
    number of themes or "auto" (the most stable from 5 to `max_themes`). Fitting uses at
    most `fit_replies` replies, a random sample drawn with `seed`; every searched reply is
    then placed in a theme, so time grows slowly with the thread. Theme keys avoid
    `reserved_keys` (the codebook's own). Deterministic for a seed.
    """
    from scipy import linalg  # noqa: F401  (loaded before the limit below, or the limit misses its BLAS)
    from threadpoolctl import threadpool_limits

    scope = "replies" if searched is None else "uncategorised replies"
    searched = np.ones(len(replies), dtype=bool) if searched is None else np.asarray(searched, dtype=bool)
    rows = np.flatnonzero(searched)
    empty = _empty_result(replies, scope, len(rows), seed)
    counts, names = term_matrix(tokens, rows, min_replies=max(2, int(np.ceil(0.001 * len(rows)))))
    placeable = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() > 0)
    if len(placeable) < MIN_REPLIES:
        empty.unplaced = len(rows)
        empty.notes.append(f"Only {len(placeable):,} of the {len(rows):,} {scope} share words with the others: too few to "
                           f"propose themes from (at least {MIN_REPLIES} are needed). Read them instead.")
        return empty
    vectors = nmf.tfidf(counts[placeable])
    rng = np.random.default_rng(seed)
    # One BLAS thread: far faster for these small dense steps on a busy machine, and the same sums everywhere.
    with threadpool_limits(1):
        fitted = vectors if len(placeable) <= fit_replies else vectors[np.sort(rng.choice(len(placeable), fit_replies, replace=False))]
        most = max(FEWEST_THEMES, min(max_themes, len(placeable) // (2 * MIN_THEME_REPLIES)))
        if n == "auto":
            sample = fitted if fitted.shape[0] <= STABILITY_SAMPLE else fitted[np.sort(rng.choice(fitted.shape[0], STABILITY_SAMPLE, replace=False))]
            choice = choose_theme_count(sample, list(range(FEWEST_THEMES, most + 1)), seed)
            k = int(choice.loc[choice["chosen"], "themes"].iloc[0])
        else:
            k = min(int(n), *fitted.shape)
            choice = pd.DataFrame({"themes": [k], "stability": [np.nan], "chosen": [True]})
        loadings, weights = nmf.fit(fitted, k, seed)
        if fitted is not vectors:
            loadings = nmf.transform(vectors, weights)
    theme_of = _assign(loadings, min_size=max(MIN_THEME_REPLIES, int(0.01 * len(placeable))))
    sizes = np.bincount(theme_of[theme_of >= 0], minlength=k)
    largest_first = [t for t in np.argsort(-sizes, kind="stable").tolist() if sizes[t] > 0]
    renumber = np.full(k + 1, -1)  # the extra last entry keeps unplaced replies (-1) at -1
    renumber[largest_first] = np.arange(len(largest_first))
    theme_of = renumber[theme_of]
    membership = np.full(len(rows), -1)
    membership[placeable] = theme_of
    return _describe(replies, rows, membership, counts, names, vectors, placeable, theme_of, choice, scope, seed,
                     reserved_keys, typical_per_theme, terms_per_theme)


def _assign(loadings: np.ndarray, min_size: int) -> np.ndarray:
    """Each reply's theme (its largest loading); themes smaller than `min_size` are dissolved into the rest."""
    loadings = loadings.copy()
    while True:
        theme_of = np.where(loadings.max(axis=1) > 0, loadings.argmax(axis=1), -1)
        sizes = np.bincount(theme_of[theme_of >= 0], minlength=loadings.shape[1])
        alive = sizes > 0
        small = np.flatnonzero(alive & (sizes < min_size))
        if not len(small) or alive.sum() <= 1:
            return theme_of
        loadings[:, small[np.argmin(sizes[small])]] = 0  # dissolve the smallest, then look again


def per_theme(matrix, theme_of: np.ndarray, k: int) -> np.ndarray:
    """Sums of `matrix` rows by theme (k x columns); rows in no theme (-1) are left out."""
    from scipy import sparse

    placed = theme_of >= 0
    themes = sparse.csr_matrix((np.ones(placed.sum()), (theme_of[placed], np.flatnonzero(placed))),
                               shape=(k, matrix.shape[0]))
    return np.asarray((themes @ matrix).todense())


def class_tfidf(counts, theme_of: np.ndarray, k: int) -> np.ndarray:
    """BERTopic's class-based TF-IDF: each theme's replies read as one document.

    tf is a term's share of the theme's words; idf is log(1 + average words per theme /
    the term's uses in all themes), so a term common everywhere scores low.
    """
    words = per_theme(counts, theme_of, k)
    tf = words / np.maximum(words.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + words.sum(axis=1).mean() / np.maximum(words.sum(axis=0), 1))
    return tf * idf


def term_matrix(tokens: TokenisedReplies, rows: np.ndarray, min_replies: int):
    """Counts of content words and two-word phrases in replies `rows`, with the term names.

    A phrase is two content words in a row inside one clause ("basic income"). Terms used
    by fewer than `min_replies` of the replies, or by more than half of them, are dropped:
    they cannot tell themes apart.
    """
    from scipy import sparse

    keys = tokens.word_keys[tokens.word_ids].astype(np.int64)
    lengths = np.diff(tokens.offsets)
    reply_of = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
    wanted = np.zeros(len(tokens), dtype=bool)
    wanted[rows] = True
    position = np.full(len(tokens), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    key_count = max(len(tokens.keys), 1)
    words = (keys >= 0) & wanted[reply_of]
    pairs = words[:-1] & words[1:] & (reply_of[:-1] == reply_of[1:])
    pair_codes = keys[:-1][pairs] * key_count + keys[1:][pairs]
    phrase_codes, phrase_of = np.unique(pair_codes, return_inverse=True)
    columns = np.concatenate([keys[words], key_count + phrase_of])
    doc = np.concatenate([position[reply_of[words]], position[reply_of[:-1][pairs]]])
    names = list(tokens.keys) + [f"{tokens.keys[c // key_count]} {tokens.keys[c % key_count]}"
                                 for c in phrase_codes.tolist()]
    counts = sparse.csr_matrix((np.ones(len(columns), dtype=np.float64), (doc, columns)),
                               shape=(len(rows), key_count + len(phrase_codes)))
    counts.sum_duplicates()
    replies_using = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((replies_using >= min_replies) & (replies_using <= max(len(rows) // 2, min_replies)))
    return counts[:, keep].tocsr(), [names[i] for i in keep.tolist()]


def _top_terms(components: np.ndarray, depth: int) -> list[list[int]]:
    return [np.argsort(-row, kind="stable")[:depth].tolist() for row in components]


def _agreement(reference: list[list[int]], other: list[list[int]]) -> float:
    """How alike two fits' themes are: their top-term lists matched one to one (average Jaccard)."""
    def average_jaccard(first: list[int], second: list[int]) -> float:
        return float(np.mean([len(set(first[:d]) & set(second[:d])) / len(set(first[:d]) | set(second[:d]))
                              for d in range(1, len(first) + 1)]))

    scores = np.array([[average_jaccard(a, b) for b in other] for a in reference])
    matched_columns = best_matching(scores)
    return float(scores[np.arange(len(scores)), matched_columns].mean())


def best_matching(scores: np.ndarray) -> np.ndarray:
    """For each row of a square matrix, its column in the one-to-one matching with the largest total.

    The Hungarian method with potentials (Kuhn 1955; the O(n^3) form), for the few themes compared
    here; scipy.optimize.linear_sum_assignment gives the same total, but importing scipy.optimize
    costs more than all the matchings.
    """
    n = len(scores)
    cost = (-np.asarray(scores, dtype=np.float64)).tolist()
    row_potential, column_potential = [0.0] * (n + 1), [0.0] * (n + 1)
    row_of = [0] * (n + 1)  # 1-based: row_of[column] is the row matched to it, 0 for none yet
    for row in range(1, n + 1):
        row_of[0], column = row, 0
        slack, previous, used = [float("inf")] * (n + 1), [0] * (n + 1), [False] * (n + 1)
        while row_of[column]:
            used[column] = True
            current, delta, next_column = row_of[column], float("inf"), 0
            for j in range(1, n + 1):
                if not used[j]:
                    reduced = cost[current - 1][j - 1] - row_potential[current] - column_potential[j]
                    if reduced < slack[j]:
                        slack[j], previous[j] = reduced, column
                    if slack[j] < delta:
                        delta, next_column = slack[j], j
            for j in range(n + 1):
                if used[j]:
                    row_potential[row_of[j]] += delta
                    column_potential[j] -= delta
                else:
                    slack[j] -= delta
            column = next_column
        while column:
            row_of[column] = row_of[previous[column]]
            column = previous[column]
    matched = np.empty(n, dtype=np.int64)
    for column in range(1, n + 1):
        matched[row_of[column] - 1] = column - 1
    return matched


def choose_theme_count(vectors, candidates: list[int], seed: int) -> pd.DataFrame:
    """Stability of each candidate number of themes; the most stable one is marked `chosen`.

    Each candidate is fitted on all rows and on STABILITY_RUNS subsamples of four fifths;
    stability is the mean agreement of their top terms. Ties go to more themes, which
    an analyst can merge more easily than split.
    """
    rng = np.random.default_rng(seed)
    subsamples = [np.sort(rng.choice(vectors.shape[0], size=int(0.8 * vectors.shape[0]), replace=False))
                  for _ in range(STABILITY_RUNS)]
    rows = []
    for k in candidates:
        reference = _top_terms(nmf.fit(vectors, k, seed)[1], STABILITY_TERMS)
        agreements = [_agreement(reference, _top_terms(nmf.fit(vectors[subsample], k, seed)[1], STABILITY_TERMS))
                      for subsample in subsamples]
        rows.append({"themes": k, "stability": round(float(np.mean(agreements)), 4)})
    table = pd.DataFrame(rows)
    best = table["stability"].max()
    table["chosen"] = False
    table.loc[table.index[table["stability"] >= best - 1e-9][-1], "chosen"] = True
    return table


def _describe(replies, rows, membership, counts, names, vectors, placeable, theme_of, choice, scope, seed,
              reserved_keys, typical_per_theme, terms_per_theme) -> ProposedThemes:
    """Turn theme memberships into the label, size, likes, terms and typical replies of each theme."""
    k = int(theme_of.max()) + 1 if (theme_of >= 0).any() else 0
    scores = class_tfidf(counts[placeable], theme_of, k)
    uses = (counts[placeable] > 0).astype(np.int64)
    replies_with = np.asarray(uses.sum(axis=0)).ravel()
    replies_in = per_theme(uses, theme_of, k).astype(np.int64)  # theme x term: replies using it
    likes = replies["likes"].astype("Int64").iloc[rows].reset_index(drop=True)
    searched_likes = likes.sum(min_count=1)
    theme_rows, term_rows, typical_rows = [], [], []
    keys_taken = set(reserved_keys)
    theme_vectors = nmf.unit_rows(scores)
    for theme in range(k):
        members = np.flatnonzero(theme_of == theme)
        in_theme = replies_in[theme]
        ranked = [i for i in np.argsort(-scores[theme], kind="stable")[:terms_per_theme].tolist() if scores[theme, i] > 0]
        terms = [{"rank": rank + 1, "term": names[i], "kind": "phrase" if " " in names[i] else "word",
                  "score": round(float(scores[theme, i]), 5), "replies_in_theme": int(in_theme[i]),
                  "share_of_theme": round(in_theme[i] / len(members), 4),
                  "replies_searched": int(replies_with[i]),
                  "precision": round(in_theme[i] / replies_with[i], 4) if replies_with[i] else 0.0}
                 for rank, i in enumerate(ranked)]
        label = suggest_label([t["term"] for t in terms])
        key = _unique_key(label, keys_taken)
        member_rows = rows[placeable[members]]
        theme_likes = likes.iloc[placeable[members]].sum(min_count=1)
        theme_rows.append({"theme": key, "label": label, "replies": len(members),
                           "share": round(len(members) / len(rows), 4),
                           "share_of_thread": round(len(members) / len(replies), 4),
                           "likes": theme_likes,
                           "share_of_likes": round(float(theme_likes / searched_likes), 4)
                           if pd.notna(theme_likes) and pd.notna(searched_likes) and searched_likes else pd.NA,
                           "top_terms": ", ".join(t["term"] for t in terms[:8])})
        term_rows += [{"theme": key, "label": label, **t} for t in terms]
        closeness = np.asarray(vectors[members] @ theme_vectors[theme]).ravel()
        picked, seen_words = 0, set()
        for position in np.argsort(-closeness, kind="stable").tolist():
            words = tuple(sorted(vectors[members[position]].indices.tolist()))
            if words in seen_words:
                continue  # the same words as a reply already shown (a copy, or a campaign's template)
            seen_words.add(words)
            record = replies.iloc[member_rows[position]]
            text = str(record.get("text") or "")
            typical_rows.append({"theme": key, "label": label, "rank": picked + 1, "id": _known(record.get("id")),
                                 "author": _known(record.get("author")), "text": text, "likes": record.get("likes"),
                                 "closeness": round(float(closeness[position]), 4)})
            picked += 1
            if picked == typical_per_theme:
                break
    keys = [row["theme"] for row in theme_rows]
    assignment = pd.Series(pd.NA, index=replies.index, dtype="string")
    placed_rows = np.flatnonzero(membership >= 0)
    assignment.iloc[rows[placed_rows]] = np.array(keys, dtype=object)[membership[placed_rows]]
    themes = pd.DataFrame(theme_rows, columns=["theme", "label", "replies", "share", "share_of_thread", "likes",
                                               "share_of_likes", "top_terms"])
    themes["likes"] = themes["likes"].astype("Int64")
    themes["share_of_likes"] = themes["share_of_likes"].astype("Float64")
    term_columns = ["theme", "label", "rank", "term", "kind", "score", "replies_in_theme", "share_of_theme",
                    "replies_searched", "precision"]
    typical_columns = ["theme", "label", "rank", "id", "author", "text", "likes", "closeness"]
    unplaced = int((membership < 0).sum())
    result = ProposedThemes(themes=themes, terms=pd.DataFrame(term_rows, columns=term_columns),
                            typical=pd.DataFrame(typical_rows, columns=typical_columns), assignment=assignment,
                            scope=scope, searched=len(rows), thread_replies=len(replies), unplaced=unplaced,
                            choice=choice, seed=seed)
    result.typical["likes"] = result.typical["likes"].astype("Int64")
    if unplaced:
        result.notes.append(f"{unplaced:,} of the {len(rows):,} {scope} share no word with the others "
                            "(very short, or only links and mentions) and are in no proposed theme.")
    return result


def suggest_label(terms: list[str], size: int = 3, among: int = 8) -> str:
    """A label from the most distinctive of the top `among` terms: `size` of them, phrases before their words.

    "mutual" and "aid" give way to "mutual aid" when the phrase is among the top terms too.
    """
    chosen: list[str] = []
    for term in terms[:among]:
        words = set(term.split())
        if any(words <= set(other.split()) for other in chosen):
            continue  # "income" adds nothing after "basic income"
        parts = [i for i, other in enumerate(chosen) if set(other.split()) <= words]
        if parts:  # "basic income" takes the place of "basic" and "income"
            chosen[parts[0]] = term
            chosen = [other for i, other in enumerate(chosen) if i not in parts[1:]]
        else:
            chosen.append(term)
    return ", ".join(chosen[:size]) if chosen else "(no distinctive words)"


def _unique_key(label: str, taken: set[str]) -> str:
    """A codebook key from a label ("basic income, tax" -> basic_income; "città" -> citta), unused so far."""
    first = unicodedata.normalize("NFKD", label.split(",")[0].casefold()).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "_", first).strip("_") or "theme"  # a TOML bare key: ASCII letters, digits, _
    base = words if re.match(r"^[a-z]", words) else f"theme_{words}"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    taken.add(key)
    return key


def _known(value):
    """The value, or None where it is missing (pd.NA cannot be tested for truth in a template)."""
    return None if value is None or pd.isna(value) else value


def _empty_result(replies: pd.DataFrame, scope: str, searched: int, seed: int) -> ProposedThemes:
    return ProposedThemes(
        themes=pd.DataFrame(columns=["theme", "label", "replies", "share", "share_of_thread", "likes",
                                     "share_of_likes", "top_terms"]),
        terms=pd.DataFrame(columns=["theme", "label", "rank", "term", "kind", "score", "replies_in_theme",
                                    "share_of_theme", "replies_searched", "precision"]),
        typical=pd.DataFrame(columns=["theme", "label", "rank", "id", "author", "text", "likes", "closeness"]),
        assignment=pd.Series(pd.NA, index=replies.index, dtype="string"), scope=scope, searched=searched,
        thread_replies=len(replies), unplaced=0, choice=pd.DataFrame(columns=["themes", "stability", "chosen"]),
        seed=seed)
