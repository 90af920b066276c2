"""Thread structure: which post is the root, how deep each reply sits, --root filtering.

Reply links (in_reply_to, conversation_id) come from the platform exports; sheets
usually have none, and then nothing here changes the table. Chains are followed
with loops, never recursion, so a ten-thousand-reply chain is as safe as a short one.
A reply with depth 1 answers the root post itself; deeper ones answer other replies.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import ReplyscopeError

if TYPE_CHECKING:  # importers use this module, so it must not import them back
    from .importers.base import LoadOptions, LoadReport

# A conversation holding more than this share of the posts is taken as "the thread".
DOMINANT_THREAD_SHARE = 0.5
# The key under which an importer names the root its file's shape implies (a getPostThread post, a Reddit submission).
THREAD_ROOT_DETAIL = "thread_root"


def link_threads(table: pd.DataFrame, options: LoadOptions, report: LoadReport) -> pd.DataFrame:
    """Return the replies with `depth` filled, the root post moved into the report, and --root applied.

    The root is --root when given, else the one root the input files declare, else a
    conversation holding most of the posts whose root post is present.
    """
    root_id = options.root or _declared_root(report) or _dominant_root(table)
    if options.root and not ((table["id"] == root_id).any() or (table["conversation_id"] == root_id).any()
                             or (table["in_reply_to"] == root_id).any()):
        raise ReplyscopeError(f"--root {root_id}: no post with that id, and no replies to it, in the input.")
    table = table.copy()
    table["depth"] = _depths(table, root_id, options.root)
    if options.root:
        under_root = table["depth"].notna() | _equals(table["conversation_id"], root_id)
        left_out = int((~under_root & ~_equals(table["id"], root_id)).sum())
        if left_out:
            report.dropped[f"not in the thread under --root {root_id}"] += left_out
        table = table[under_root | _equals(table["id"], root_id)]
    if root_id is not None:
        is_root = _equals(table["id"], root_id)
        if is_root.any():
            root = table[is_root].iloc[0]
            report.root_post = {k: (None if pd.isna(v) else v) for k, v in root.items() if not isinstance(v, list)}
            report.notes.append(f"the thread's root post ({root_id}) is shown in the header and kept out of the reply analysis")
            table = table[~is_root]
        _note_reply_levels(table, report)
    reposts = int(table["is_repost"].fillna(False).sum())
    if reposts and not options.keep_reposts:
        report.notes.append(f"{reposts:,} reposts/retweets kept in the table but excluded from text analysis (--keep-reposts to include them)")
    return table.reset_index(drop=True)


def conversation_roots(parent_of: dict[Hashable, Hashable | None]) -> dict[Hashable, Hashable | None]:
    """Return post id -> the id at the top of its reply chain, for importers whose API gives no thread id.

    `parent_of` maps each post to the post it answers (None for a post that answers
    nothing). A chain that leaves the posts given, or loops, has no known root (None).
    """
    roots: dict = {}
    for start in parent_of:
        path, on_path, node = [], set(), start
        while node not in roots:
            if node not in parent_of or node in on_path:
                found = None
                break
            path.append(node)
            on_path.add(node)
            if parent_of[node] is None:
                found = node
                break
            node = parent_of[node]
        else:
            found = roots[node]
        for visited in path:
            roots[visited] = found
    return roots


def _equals(column: pd.Series, value: str) -> pd.Series:
    """column == value as plain booleans: a missing id or conversation is simply not equal."""
    return (column == value).fillna(False).astype(bool)


def _declared_root(report: LoadReport) -> str | None:
    declared = {root for f in report.files if isinstance(root := f.detail.get(THREAD_ROOT_DETAIL), str)}
    return declared.pop() if len(declared) == 1 else None


def _dominant_root(table: pd.DataFrame) -> str | None:
    conversations = table["conversation_id"].dropna()
    if conversations.empty:
        return None
    counts = conversations.value_counts()
    top, count = counts.index[0], counts.iloc[0]
    if count > 1 and count > DOMINANT_THREAD_SHARE * len(table) and (table["id"] == top).any():  # a root and replies
        return top
    return None


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def _depths(table: pd.DataFrame, root_id: str | None, user_root: str | None) -> pd.Series:
    """Replies between each post and the root, following in_reply_to through the posts present.

    Against the thread's root where there is one, else against each post's own
    conversation root. Where the chain breaks (a deleted or missing parent) the
    importer's depth is kept, unless the user chose a --root it was not measured from.
    Reposts get none: they sit in no reply tree.
    Chains are followed for all posts at once (numpy, pointer jumping) when every id is
    unique; a file with repeated ids is walked post by post, as each copy answers its own parent.
    """
    codes, _ = pd.factorize(pd.concat([table["id"].astype(object), table["in_reply_to"].astype(object),
                                       table["conversation_id"].astype(object),
                                       pd.Series([root_id], dtype=object)], ignore_index=True))
    count = len(table)
    post, parent, conversation = codes[:count], codes[count:2 * count], codes[2 * count:3 * count]
    if count and np.bincount(post[post >= 0], minlength=1).max(initial=0) > 1:
        return _depths_post_by_post(table, root_id, user_root)
    root = codes[-1]  # -1 when there is no root
    reposts = table["is_repost"].fillna(False).to_numpy(dtype=bool)
    # The row of each parent among the posts present, -1 where it is absent (or missing).
    row_of = np.full(max(int(codes.max()) + 1, 1), -1, dtype=np.int64)
    present = post >= 0
    row_of[post[present]] = np.flatnonzero(present)
    parent_row = np.where(parent >= 0, row_of[np.maximum(parent, 0)], -1)
    depths = np.full(count, -1, dtype=np.int64)
    if root >= 0:
        depths = _chain_lengths(post, parent, parent_row, np.full(count, root))
    unmeasured = (depths < 0) & (conversation >= 0) & (conversation != root)
    if user_root is None and unmeasured.any():
        by_conversation = _chain_lengths(post, parent, parent_row, conversation,
                                         keep_target=True, rows=unmeasured)
        depths = np.where(unmeasured, by_conversation, depths)
    depths[reposts] = -1
    falls_back = ~reposts if user_root is None else ~reposts & _equals(table["conversation_id"], user_root).to_numpy()
    use_given = (depths < 0) & falls_back
    given = pd.array(table["depth"], dtype="Int64")
    values = np.where(use_given, given.to_numpy(dtype=np.int64, na_value=0), np.maximum(depths, 0))
    unknown = np.where(use_given, given.isna(), depths < 0)
    return pd.Series(pd.arrays.IntegerArray(values, unknown), index=table.index)


def _chain_lengths(post: np.ndarray, parent: np.ndarray, parent_row: np.ndarray, target: np.ndarray,
                   keep_target: bool = False, rows: np.ndarray | None = None) -> np.ndarray:
    """Steps from each post up its in_reply_to chain to its `target` id code, -1 where the chain never gets there.

    Ids are integer codes. A chain stops at a post answering its target, or whose parent is absent.
    Pointer jumping (each round doubles how far every post has looked) takes log2(posts) rounds;
    a post still not at a stop after them sits in a loop. With per-post targets (`keep_target`)
    a chain that passes into a post measured against another target is walked by the loop below.
    """
    count = len(post)
    hits = (parent == target) & (target >= 0)
    stop = hits | (parent_row < 0)
    if keep_target:
        stop |= ~stop & (target[np.maximum(parent_row, 0)] != target)
    jump = np.where(stop, np.arange(count), parent_row)
    steps = np.where(stop, 0, 1).astype(np.int64)
    for _ in range(max(count, 2).bit_length() + 1):
        if stop[jump].all():
            break
        steps = steps + steps[jump]
        jump = jump[jump]
    lengths = np.where(stop[jump] & hits[jump], steps + 1, -1)
    lengths[(post == target) & (post >= 0)] = 0
    if keep_target:  # rare: a chain crossing from one conversation into another
        selected = np.ones(count, dtype=bool) if rows is None else rows
        crossing = np.flatnonzero(selected & (post != target) & stop[jump] & ~hits[jump] & (parent_row[jump] >= 0))
        for row in crossing:
            lengths[row] = _walk(int(row), int(target[row]), parent, parent_row)
    return lengths


def _walk(row: int, target: int, parent: np.ndarray, parent_row: np.ndarray) -> int:
    """Steps from `row` up to the id code `target`, one post at a time; -1 when the chain breaks or loops."""
    seen, steps = set(), 1
    while True:
        if parent[row] == target:
            return steps
        if parent_row[row] < 0 or row in seen:
            return -1
        seen.add(row)
        row = int(parent_row[row])
        steps += 1


def _depths_post_by_post(table: pd.DataFrame, root_id: str | None, user_root: str | None) -> pd.Series:
    """_depths for a table with repeated ids: chains walked one post at a time, results cached."""
    ids = [v if _present(v) else None for v in table["id"].astype(object)]
    parents = [v if _present(v) else None for v in table["in_reply_to"].astype(object)]
    conversations = [v if _present(v) else None for v in table["conversation_id"].astype(object)]
    given = [int(v) if _present(v) else None for v in table["depth"].astype(object)]
    reposts = table["is_repost"].fillna(False).astype(bool).tolist()
    parent_of = {post: parent for post, parent in zip(ids, parents) if post is not None}
    cache: dict[tuple, int | None] = {}
    depths = []
    for post, parent, conversation, importer_depth, repost in zip(ids, parents, conversations, given, reposts):
        targets = [] if repost else [t for t in dict.fromkeys((root_id, None if user_root else conversation)) if t]
        depth = next((d for d in (_chain_depth(post, parent, t, parent_of, cache) for t in targets) if d is not None),
                     None)
        if depth is None and not repost and (user_root is None or conversation == user_root):
            depth = importer_depth
        depths.append(depth)
    return pd.Series(pd.array(depths, dtype="Int64"), index=table.index)


def _chain_depth(post, parent, target, parent_of: dict, cache: dict) -> int | None:
    """Steps from `post` up to `target` (0 for the target itself), or None when the chain does not reach it."""
    if post == target:
        return 0
    if post is not None and (post, target) in cache:
        return cache[(post, target)]
    path = [post] if post is not None else []
    on_path = set(path)
    node, base = parent, None
    while node is not None:
        if node == target:
            base = 0
            break
        if (node, target) in cache:
            base = cache[(node, target)]
            break
        if node not in parent_of or node in on_path:
            break
        path.append(node)
        on_path.add(node)
        node = parent_of[node]
    steps = len(path) if post is not None else len(path) + 1
    result = None if base is None else base + steps
    for offset, visited in enumerate(path):
        cache[(visited, target)] = None if base is None else base + len(path) - offset
    return result


def _note_reply_levels(table: pd.DataFrame, report: LoadReport) -> None:
    direct = int((table["depth"] == 1).sum())
    deeper = int((table["depth"] > 1).sum())
    if direct or deeper:
        report.notes.append(f"direct replies to the root post: {direct:,}; replies to other replies: {deeper:,}")
