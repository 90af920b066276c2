"""The whole-thread steps of a thread too large to gather: a slim table on the client, the rest on the workers.

Above `GATHER_REPLIES` replies the Dask engine does not bring the coded replies to the
client. Each partition hands over instead:
  - its slim table (`slim_part`): the columns the whole-thread steps read (author, likes,
    date, platform, primary theme, themes, abuse model, tone), without text or tokens,
    its repeated strings and theme lists sent once per partition (categories);
  - its top replies per theme (`themes.top_replies` of the partition): the thread's top
    replies are the top of these, ranked the same way (likes, then id), so exactly those
    of the whole table;
  - for theme discovery, the text and tokens of the uncategorised replies the client
    picked (`discovery_positions`): all of them up to DISCOVERY_REPLIES, else a seeded
    random sample of that many, named in the report's method section.
With `coded_out`, the workers write the coded replies there as a Parquet dataset and CSV
parts, one per partition (`write_coded_part`). `join_slim` decodes the slim parts into one
frame whose strings and theme lists are shared objects (a pointer per reply). Nothing here imports Dask.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses import themes as theme_analysis
from ..analyses.discovery import propose_themes
from ..analysis import Analysis
from ..codebook import UNCATEGORISED
from ..discover import proposes_missing_themes
from ..reporters.dataset import CSV_PARTS, DATASET_NAME
from ..text import TokenisedReplies
from .copies import Candidates
from .plan import Merged, Plan, join_tokens, summarise

# Replies up to which the client gathers the coded replies whole (every table and output as the default engine).
GATHER_REPLIES = 500_000
# Uncategorised replies theme discovery reads at most on the client (a seeded random sample beyond that).
DISCOVERY_REPLIES = 200_000
# The coded columns the whole-thread steps read (summarise), when present.
SLIM_COLUMNS = ["platform", "created_at", "author", "likes", "primary_theme", "themes", "abuse_by", "tone",
                "tone_label"]
SLIM_METHOD = ("The coded replies stay on the workers: the steps that need the whole thread (theme shares with "
               "campaigns counted once, theme likes, tone by theme, lobbying, the abuse summary and the likes ratio) "
               "run on a slim table of them gathered from the workers (author, likes, date, platform, themes, abuse "
               "model and tone, without text), and the top replies per theme are the top of each partition's, merged: "
               "the tables are the same.")
_STRINGS = ("platform", "author", "primary_theme", "abuse_by", "tone_label")
_JOIN = "\x1f"  # between the theme keys of a reply, sent as one category


def summarise_slim(run_tasks, coded_parts: list[Path], offsets: list[int], merged: Merged, plan: Plan, report,
                   candidates: Candidates, coded_out: Path | None) -> tuple[Analysis, list[str]]:
    """plan.summarise over the staged coded parts' slim tables; returns the Analysis and the method's sentences.

    `run_tasks(function, *iterables, step=..., **arguments)` runs function over the parts on
    the workers and returns the results; `merged` holds the merged counts and languages. Only
    the top replies, the uncategorised replies theme discovery reads and, with `coded_out`,
    the replies the report and workbook show bring their text to this machine.
    """
    per_theme = plan.settings.top_replies_per_theme
    gathered = run_tasks(read_slim, coded_parts, per_theme=per_theme, step="gathering slim tables")
    dtypes = next((d for _, _, d in gathered if d is not None), gathered[0][2])
    merged.coded = join_slim([s for s, _, _ in gathered], dtypes)
    top = top_of_parts([t for _, t, _ in gathered], per_theme)
    del gathered
    notes = [SLIM_METHOD]

    def discover(coded: pd.DataFrame):
        positions = discovery_positions(coded, plan.settings)
        if positions is None:
            return None
        picked = by_part(positions, offsets)
        found = run_tasks(read_discovery_rows, coded_parts, picked, step="gathering uncategorised replies")
        tokens = join_tokens([(offset, rows, t) for offset, rows, (_, t) in zip(offsets, picked, found)], len(coded))
        rows = pd.concat([r for r, _ in found], ignore_index=True)
        notes.append(sample_method(positions, int((coded["primary_theme"] == UNCATEGORISED).sum())))
        return propose_from_sample(coded, positions, rows, tokens, plan.codebook, plan.settings)

    analysis = summarise(merged, plan, report, copy_candidates=candidates, top=top, discover=discover)
    merged.coded = None
    analysis.replies = analysis.replies.assign(text=None)  # the text stays in the coded parts on the workers
    if coded_out is not None:  # outputs will be written: the replies they show in full get their other columns
        shown = shown_positions(analysis.replies, plan.settings)
        rows = run_tasks(read_rows, coded_parts, by_part(shown, offsets), step="gathering shown replies")
        analysis.replies = fill_rows(analysis.replies, shown, pd.concat(rows, ignore_index=True))
        for name in (DATASET_NAME, CSV_PARTS):
            (coded_out / name).mkdir(parents=True)
        run_tasks(write_coded_part, coded_parts, offsets[:-1], range(len(coded_parts)), campaigns=analysis.campaigns,
                  folder=coded_out, step="writing coded replies")
    return analysis, [note for note in notes if note]


def by_part(positions: np.ndarray, offsets: list[int]) -> list[np.ndarray]:
    """Thread positions (increasing) split by partition, as positions in each."""
    return [positions[(positions >= a) & (positions < b)] - a for a, b in zip(offsets[:-1], offsets[1:])]


def read_slim(coded_part: Path, per_theme: int) -> tuple[pd.DataFrame, pd.DataFrame, dict | None]:
    """A staged coded part's slim table, top replies per theme and its columns' dtypes (None when it is empty)."""
    coded, _ = pd.read_pickle(coded_part)
    dtypes = coded.dtypes.to_dict() if len(coded) else None
    return slim_part(coded), theme_analysis.top_replies(coded, per_theme), dtypes


def slim_part(coded: pd.DataFrame) -> pd.DataFrame:
    """A partition's coded replies reduced to SLIM_COLUMNS, strings and theme lists as categories (index kept)."""
    slim = coded[[c for c in SLIM_COLUMNS if c in coded.columns]].copy()
    for column in _STRINGS:
        if column in slim:
            slim[column] = pd.Categorical(slim[column].astype(object))
    slim["themes"] = pd.Categorical([_JOIN.join(keys) if isinstance(keys, list) else None for keys in slim["themes"]])
    return slim


def join_slim(parts: list[pd.DataFrame], dtypes: dict) -> pd.DataFrame:
    """The partitions' slim tables as one frame, in thread order: each string column back to `dtypes` (the coded
    replies' own), each reply's themes a list shared by every reply with the same themes."""
    from pandas.api.types import union_categoricals

    joined = {}
    for column in parts[0].columns:
        values = [part[column] for part in parts]
        if column == "themes" or column in _STRINGS:
            united = union_categoricals([v.array for v in values], ignore_order=True)
            categories = united.categories.to_numpy(dtype=object)
            if column == "themes":
                categories = np.array([[*c.split(_JOIN)] if c else [] for c in categories] + [None], dtype=object)
                joined[column] = pd.Series(categories[np.where(united.codes < 0, len(categories) - 1, united.codes)],
                                           dtype=object)
            else:
                joined[column] = pd.Series(united, copy=False).astype(dtypes[column])
        else:
            joined[column] = pd.concat(values, ignore_index=True)
    return pd.DataFrame(joined)


def top_of_parts(tops: list[pd.DataFrame], per_theme: int) -> pd.DataFrame:
    """The thread's top replies per theme from each partition's own (in partition order)."""
    return theme_analysis.top_replies(pd.concat(tops, ignore_index=True), per_theme)


def discovery_positions(slim: pd.DataFrame, settings, limit: int | None = None) -> np.ndarray | None:
    """The uncategorised replies theme discovery reads (thread positions, increasing), or None when it does not
    run: all of them, or a random sample of `limit` (default DISCOVERY_REPLIES) drawn with the analysis's seed."""
    if not proposes_missing_themes(slim, settings):
        return None
    limit = DISCOVERY_REPLIES if limit is None else limit
    positions = np.flatnonzero((slim["primary_theme"] == UNCATEGORISED).to_numpy(dtype=bool))
    if len(positions) <= limit:
        return positions
    return np.sort(np.random.default_rng(settings.random_state).choice(positions, limit, replace=False))


def read_discovery_rows(coded_part: Path, rows: np.ndarray) -> tuple[pd.DataFrame, TokenisedReplies]:
    """A staged coded part's id and text of its picked uncategorised `rows` (positions in the part), and tokens."""
    coded, (found, tokens) = pd.read_pickle(coded_part)
    return coded[["id", "text"]].iloc[rows].reset_index(drop=True), tokens.subset(np.searchsorted(found, rows))


def propose_from_sample(slim: pd.DataFrame, positions: np.ndarray, rows: pd.DataFrame, tokens: TokenisedReplies,
                        codebook, settings):
    """missing_themes on the picked uncategorised replies: their text and tokens, the others' likes and authors."""
    ids = np.full(len(slim), None, dtype=object)
    texts = np.full(len(slim), None, dtype=object)
    ids[positions] = rows["id"].to_numpy(dtype=object)
    texts[positions] = rows["text"].to_numpy(dtype=object)
    frame = pd.DataFrame({"likes": slim["likes"], "author": slim["author"], "id": ids, "text": texts})
    searched = np.zeros(len(slim), dtype=bool)
    searched[positions] = True
    return propose_themes(frame, tokens, searched, seed=settings.random_state,
                          max_themes=settings.max_proposed_themes, fit_replies=settings.discovery_fit_replies,
                          reserved_keys=[t.key for t in codebook.themes])


def shown_positions(replies: pd.DataFrame, settings) -> np.ndarray:
    """The replies the report and the workbook show in full (reporters.explore and reporters.workbook pick them so:
    the most liked, ties by date, and the most liked, ties in thread order), as thread positions."""
    likes = replies["likes"].fillna(-1).reset_index(drop=True)
    by_date = pd.DataFrame({"likes": likes, "created_at": replies["created_at"].reset_index(drop=True)}) \
        .sort_values(["likes", "created_at"], ascending=[False, True], kind="stable").index
    by_likes = likes.astype("Float64").sort_values(ascending=False, kind="stable").index
    return np.union1d(by_date[:settings.max_embedded_replies], by_likes[:settings.workbook_replies])


def read_rows(coded_part: Path, rows: np.ndarray) -> pd.DataFrame:
    """The columns a slim table lacks of some replies of a staged coded part (`rows`: positions in the part)."""
    coded, _ = pd.read_pickle(coded_part)
    return coded[[c for c in coded.columns if c not in SLIM_COLUMNS]].iloc[rows].reset_index(drop=True)


def fill_rows(replies: pd.DataFrame, positions: np.ndarray, rows: pd.DataFrame) -> pd.DataFrame:
    """The slim table with the other columns of the replies at `positions` filled in (None for every other reply)."""
    filled = {}
    for column in rows.columns:
        values = np.full(len(replies), None, dtype=object)
        values[positions] = rows[column].astype(object).to_numpy()
        filled[column] = values
    return replies.assign(**filled)


def write_coded_part(coded_part: Path, offset: int, number: int, campaigns, folder: Path) -> int:
    """Write a staged coded part's replies, as replies_coded.csv has them, into the thread's Parquet dataset and CSV
    parts under `folder` (`campaigns`: the thread's copy groups; `offset`: the part's first reply's place)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..analyses.campaigns import mark_copies
    from ..analysis import coded_for_export
    from ..reporters.tables import write_csv

    coded, _ = pd.read_pickle(coded_part)
    members = campaigns.members
    inside = members["position"].between(offset, offset + len(coded) - 1).to_numpy(dtype=bool)
    local = members[inside].assign(position=members["position"][inside] - offset)
    export = coded_for_export(mark_copies(coded.reset_index(drop=True), replace(campaigns, members=local)))
    name = f"part-{number:06d}"
    pq.write_table(pa.Table.from_pandas(export, preserve_index=False), folder / DATASET_NAME / f"{name}.parquet")
    write_csv(export, folder / CSV_PARTS / f"{name}.csv")
    return len(export)


def sample_method(positions: np.ndarray, uncategorised: int) -> str | None:
    """The method sentence when theme discovery read a sample, else None."""
    if positions is None or len(positions) == uncategorised:
        return None
    return (f"Theme discovery read a seeded random sample of {len(positions):,} of the {uncategorised:,} "
            "uncategorised replies (their text and words brought from the workers): the proposed themes and their "
            "reply counts are those of the sample.")
