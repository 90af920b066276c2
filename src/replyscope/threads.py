"""Thread structure: which post is the root, how deep each reply sits, --root filtering.

Reply links (in_reply_to, conversation_id) come from the platform exports; sheets
usually have none, and then nothing here changes the table.
"""

import pandas as pd

from .errors import ReplyscopeError
from .importers.base import LoadOptions, LoadReport

# A conversation holding at least this share of the posts is taken as "the thread".
DOMINANT_THREAD_SHARE = 0.5


def link_threads(table: pd.DataFrame, options: LoadOptions, report: LoadReport) -> pd.DataFrame:
    """Return the replies with `depth` filled, the root post moved into the report, and --root applied."""
    root_id = options.root or _dominant_root(table)
    if options.root and not ((table["id"] == root_id).any() or (table["conversation_id"] == root_id).any()
                             or (table["in_reply_to"] == root_id).any()):
        raise ReplyscopeError(f"--root {root_id}: no post with that id, and no replies to it, in the input.")
    table = table.copy()
    table["depth"] = _depths(table, root_id)
    if options.root:
        under_root = table["depth"].notna() | (table["conversation_id"] == root_id)
        left_out = int((~under_root & (table["id"] != root_id)).sum())
        if left_out:
            report.dropped[f"not in the thread under --root {root_id}"] += left_out
        table = table[under_root | (table["id"] == root_id)]
    if root_id is not None:
        is_root = table["id"] == root_id
        if is_root.any():
            root = table[is_root].iloc[0]
            report.root_post = {k: (None if pd.isna(v) else v) for k, v in root.items() if not isinstance(v, list)}
            report.notes.append(f"the thread's root post ({root_id}) is shown in the header and kept out of the reply analysis")
            table = table[~is_root]
    reposts = int(table["is_repost"].fillna(False).sum())
    if reposts and not options.keep_reposts:
        report.notes.append(f"{reposts:,} reposts/retweets kept in the table but excluded from text analysis (--keep-reposts to include them)")
    return table.reset_index(drop=True)


def _dominant_root(table: pd.DataFrame) -> str | None:
    conversations = table["conversation_id"].dropna()
    if conversations.empty:
        return None
    top, count = conversations.value_counts().index[0], conversations.value_counts().iloc[0]
    if count >= DOMINANT_THREAD_SHARE * len(table) and (table["id"] == top).any():
        return top
    return None


def _depths(table: pd.DataFrame, root_id: str | None) -> pd.Series:
    """Replies between each post and the root: follow in_reply_to through the posts present."""
    parent_of = dict(zip(table["id"].astype(object), table["in_reply_to"].astype(object)))
    depths: dict = {}

    def depth_of(post_id, seen=()):
        if post_id in depths:
            return depths[post_id]
        parent = parent_of.get(post_id)
        if post_id == root_id:
            result = 0
        elif parent is None or parent is pd.NA:
            result = None
        elif parent == root_id:
            result = 1
        elif parent in parent_of and parent not in seen:
            above = depth_of(parent, seen + (post_id,))
            result = None if above is None else above + 1
        else:
            result = None
        depths[post_id] = result
        return result

    values = []
    for post_id, given in zip(table["id"].astype(object), table["depth"].astype(object)):
        if given is not pd.NA and given is not None:
            values.append(given)
        elif post_id is pd.NA or post_id is None:
            values.append(None)
        else:
            values.append(depth_of(post_id))
    return pd.Series(pd.array(values, dtype="Int64"), index=table.index)
