"""Hashtag variants: tags that are spellings of one another (#MyPCC ~ #PCC ~ #PCC2016), and their takeovers.

Variants are found by shared root, by typing edits and by acronym (hashtags.py states
the rule in the report); each group's members are then followed over time.
"""

import re

import numpy as np
import pandas as pd

from .hashtag_counts import HOUR_NS, HashtagCounts
from .hashtag_time import TAKEOVER_WINDOW, Periods, takeover

# Variant detection looks at this many of the most used tags (edit distance is pairwise).
VARIANT_VOCABULARY = 2000
# Affixes that make a variant of a tag: #MyPCC, #ThePCC, #OurNHS, #UKPCC, #BrexitUK.
VARIANT_PREFIXES = ("my", "the", "our", "uk")
VARIANT_SUFFIXES = ("uk",)
# A variant's root keeps at least this many characters (so #uk is not a root of #ukip).
MIN_ROOT_LENGTH = 3
# Tags this long or longer are variants when one or two typing edits apart.
EDIT_MIN_LENGTH = 8
EDIT_TWO_MIN_LENGTH = 12
# CamelCase tags of at least this many words have an acronym (#BuildBackBetter ~ #BBB).
ACRONYM_MIN_WORDS = 3
_DIGITS_RE = re.compile(r"\D")
_TRAILING_YEAR_RE = re.compile(r"(?<=\D)(?:(?:19|20)\d\d|\d\d)$")


def variant_root(key: str) -> str:
    """The root two variant tags share: affixes, a trailing year and a plural removed ('mypcc2016s' -> 'pcc')."""
    root = key.replace("_", "")
    for prefix in VARIANT_PREFIXES:
        if root.startswith(prefix) and len(root) - len(prefix) >= MIN_ROOT_LENGTH:
            root = root[len(prefix):]
            break
    without_year = _TRAILING_YEAR_RE.sub("", root)
    if len(without_year) >= MIN_ROOT_LENGTH:
        root = without_year
    for suffix in VARIANT_SUFFIXES:
        if root.endswith(suffix) and len(root) - len(suffix) >= MIN_ROOT_LENGTH:
            root = root[:-len(suffix)]
            break
    if root.endswith("es") and root[:-2].endswith(("s", "x", "z", "ch", "sh")) and len(root) - 2 >= MIN_ROOT_LENGTH:
        root = root[:-2]
    elif root.endswith("s") and not root.endswith("ss") and len(root) - 1 >= MIN_ROOT_LENGTH:
        root = root[:-1]
    return root


def camel_words(spelling: str) -> list[str]:
    """Split a tag at case changes, digits and underscores: 'BuildBackBetter2020' -> Build, Back, Better, 2020."""
    words: list[str] = []
    current = ""
    for index, char in enumerate(spelling):
        previous = current[-1] if current else ""
        following = spelling[index + 1] if index + 1 < len(spelling) else ""
        starts_word = bool(current) and (
            char == "_" or previous == "_"
            or (char.isupper() and previous.islower())
            or (char.isupper() and previous.isupper() and following.islower())
            or (char.isdigit() != previous.isdigit()))
        if starts_word:
            words.append(current)
            current = ""
        if char != "_":
            current += char
    if current:
        words.append(current)
    return words


def acronym(spelling: str) -> str | None:
    """The acronym of a CamelCase tag of three or more words ('BuildBackBetter' -> 'bbb'), else None."""
    lettered = [w for w in camel_words(spelling) if w[0].isalpha()]
    if len(lettered) < ACRONYM_MIN_WORDS:
        return None
    return "".join(w[0] for w in lettered).casefold()


def edit_distance(a: str, b: str, limit: int) -> int:
    """Typing edits between a and b (insert, delete, substitute, swap neighbours), or limit + 1 if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _edits_allowed(key: str) -> int:
    if len(key) >= EDIT_TWO_MIN_LENGTH:
        return 2
    return 1 if len(key) >= EDIT_MIN_LENGTH else 0


def _deletions(key: str, depth: int) -> set[str]:
    found = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {s[:i] + s[i + 1:] for s in frontier for i in range(len(s))}
        found |= frontier
    return found


def variant_groups(counts: HashtagCounts, tags: pd.DataFrame, min_pair_count: int
                    ) -> tuple[list[list[str]], dict[str, list[str]]]:
    """Groups of variant keys (each biggest first; groups biggest first) and why each key joined."""
    vocabulary = list(tags.index[:VARIANT_VOCABULARY])
    parent = {key: key for key in vocabulary}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    reasons: dict[str, list[str]] = {key: [] for key in vocabulary}

    def link(a, b, why_a, why_b):
        reasons[a].append(why_a)
        reasons[b].append(why_b)
        parent[find(a)] = find(b)

    shown = tags["tag"]
    by_root: dict[str, list[str]] = {}
    for key in vocabulary:
        by_root.setdefault(variant_root(key), []).append(key)
    for root, keys in by_root.items():
        for other in keys[1:]:
            why = f"same root '{root}'"
            link(keys[0], other, f"{why} as #{shown[other]}", f"{why} as #{shown[keys[0]]}")

    by_deletion: dict[str, list[str]] = {}
    for key in vocabulary:
        if _edits_allowed(key):
            for deleted in _deletions(key, _edits_allowed(key)):
                by_deletion.setdefault(deleted, []).append(key)
    checked = set()
    for keys in by_deletion.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if (a, b) in checked or find(a) == find(b) or _DIGITS_RE.sub("", a) != _DIGITS_RE.sub("", b):
                    continue
                checked.add((a, b))
                allowed = min(_edits_allowed(a), _edits_allowed(b))
                edits = edit_distance(a, b, allowed)
                if edits <= allowed:
                    plural = "edit" if edits == 1 else "edits"
                    link(a, b, f"{edits} {plural} from #{shown[b]}", f"{edits} {plural} from #{shown[a]}")

    in_vocabulary = set(vocabulary)
    acronyms = {(key, acronym(spelling)) for key, spelling in counts.spellings if key in in_vocabulary}
    for key, short in sorted((key, short) for key, short in acronyms if short in in_vocabulary and short != key):
        together = counts.pairs.get(tuple(sorted((key, short))), 0)
        if together >= min_pair_count:
            link(short, key, f"acronym of #{shown[key]}, together in {together:,} posts",
                 f"#{shown[short]} is its acronym, together in {together:,} posts")

    members: dict[str, list[str]] = {}
    for key in vocabulary:
        members.setdefault(find(key), []).append(key)
    groups = [keys for keys in members.values() if len(keys) > 1]
    posts = tags["posts"]
    groups = [sorted(keys, key=lambda k: (-posts[k], k)) for keys in groups]
    groups.sort(key=lambda keys: (-int(posts[keys].sum()), keys[0]))
    return groups, reasons


def variant_tables(groups: list[list[str]], reasons: dict[str, list[str]], tags: pd.DataFrame,
                    periods: Periods, counts: HashtagCounts) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The variants table (one row per member), the takeovers and each group's timeline."""
    variant_rows, takeover_rows, timelines = [], [], []
    for keys in groups:
        group = str(tags.at[keys[0], "tag"])
        crossover = incumbent = challenger = None
        dated = [k for k in keys if k in counts.first_seen]
        if len(dated) > 1:
            first_period = min(counts.first_seen[k] for k in dated).value // (HOUR_NS * periods.divisor)
            group_span = periods.span[periods.span >= first_period]
            series = {k: periods.posts(k, group_span) for k in keys}
            incumbent, challenger, index, _ = takeover(series, counts.first_seen)
            starts = periods.starts(group_span)
            for key in keys:
                trailing = np.convolve(series[key], np.ones(TAKEOVER_WINDOW, dtype=np.int64))[:len(group_span)]
                timelines.append(pd.DataFrame({"period": starts, "group": group, "tag": tags.at[key, "tag"],
                                               "posts": series[key], "trailing_posts": trailing}))
            if challenger is not None:
                crossover = starts[index]
                after = group_span >= group_span[index]
                group_after = sum(int(series[k][after].sum()) for k in keys)
                takeover_rows.append({
                    "group": group, "incumbent": tags.at[incumbent, "tag"], "challenger": tags.at[challenger, "tag"],
                    "crossover": crossover,
                    "incumbent_posts": int(tags.at[incumbent, "posts"]),
                    "challenger_posts": int(tags.at[challenger, "posts"]),
                    "challenger_share_after": int(series[challenger][after].sum()) / group_after,
                })
        for key in keys:
            role = "challenger" if key == challenger else "incumbent" if key == incumbent else "variant"
            variant_rows.append({
                "group": group, "tag": tags.at[key, "tag"], "posts": int(tags.at[key, "posts"]),
                "authors": int(tags.at[key, "authors"]), "first_seen": counts.first_seen.get(key),
                "last_seen": counts.last_seen.get(key), "role": role,
                "overtook_on": crossover if key == challenger else None,
                "linked_by": "; ".join(dict.fromkeys(reasons[key])), "spellings": tags.at[key, "spellings"],
            })
    variant_columns = ["group", "tag", "posts", "authors", "first_seen", "last_seen", "role", "overtook_on",
                       "linked_by", "spellings"]
    takeover_columns = ["group", "incumbent", "challenger", "crossover", "incumbent_posts", "challenger_posts",
                        "challenger_share_after"]
    timeline_columns = ["period", "group", "tag", "posts", "trailing_posts"]
    variants = pd.DataFrame(variant_rows, columns=variant_columns)
    for column in ("first_seen", "last_seen", "overtook_on"):
        variants[column] = pd.to_datetime(variants[column], utc=True)
    takeovers = pd.DataFrame(takeover_rows, columns=takeover_columns)
    takeovers["crossover"] = pd.to_datetime(takeovers["crossover"], utc=True)
    variant_timeline = (pd.concat(timelines, ignore_index=True) if timelines
                        else pd.DataFrame({c: pd.Series(dtype=object) for c in timeline_columns}))
    return variants, takeovers, variant_timeline
