"""Coding replies with the codebook's themes, and comparing themes by the likes they drew.

Every reply gets zero or more themes, a primary theme and the evidence: which codebook
terms matched which words. A reply that matches nothing is "uncategorised", never
forced into a theme. The likes table uses primary themes, so its shares add up to 100%.
"""

from collections import Counter

import numpy as np
import pandas as pd

from ..codebook import UNCATEGORISED, Codebook, Match, Matcher
from ..schema import shallow_copy
from ..text import TokenisedReplies


def code_replies(table: pd.DataFrame, tokens: TokenisedReplies, codebook: Codebook) -> pd.DataFrame:
    """Return the reply table with theme columns added.

    Reads: clean_text (and `tokens`, of the same rows). Adds: themes (list of theme
    keys, in codebook order), primary_theme (key or "uncategorised"), evidence (readable
    "theme: 'words' ← term" list), matched_words (words to highlight), excluded (themes
    an exclude term ruled out, with the term).
    """
    texts = table["clean_text"].fillna("").astype(object).tolist()
    found = Matcher(codebook).match_replies(tokens, texts)
    order = {theme.key: index for index, theme in enumerate(codebook.themes)}
    rank = {theme.key: (theme.priority, -order[theme.key]) for theme in codebook.themes}
    # Many replies match the same terms the same way: each distinct coding is worked out once.
    # The last coding is the one of replies nothing matched.
    codings: dict[tuple[Match, ...], int] = {}
    described: dict[Match, str] = {}
    chosen = [codings.setdefault(matches, len(codings)) for matches in found.values()]
    coding_of = np.full(len(texts), len(codings), dtype=np.int64)
    coding_of[list(found)] = chosen
    decided = [_coding(matches, order, rank, described) for matches in codings] + [([], UNCATEGORISED, "", [], "")]
    themes, primary, evidence, words, excluded = zip(*decided)
    rows = coding_of.tolist()
    coded = shallow_copy(table)
    coded["themes"] = [list(themes[i]) for i in rows]
    coded["primary_theme"] = pd.array(np.array(primary, dtype=object)[coding_of], dtype="string")
    coded["evidence"] = pd.array(np.array(evidence, dtype=object)[coding_of], dtype="string")
    coded["matched_words"] = [list(words[i]) for i in rows]
    coded["excluded"] = pd.array(np.array(excluded, dtype=object)[coding_of], dtype="string")
    return coded


def _coding(matches: tuple[Match, ...], order: dict[str, int], rank: dict[str, tuple], described: dict) -> tuple:
    """Themes, primary theme, evidence, matched words and ruled-out themes of one reply's matches.

    Evidence reads "sustainability: 'sustainable' ← sustainab*, 'net zero'; listening: ...":
    themes in codebook order, each theme's matches in reading order. `described` caches
    each match's text across replies.
    """
    ruled_out = {m.theme: m for m in matches if m.excluded}
    by_theme: dict[str, list[str]] = {}
    matched_words = set()
    for match in matches:
        theme, term, matched, excluded = match
        if excluded or theme in ruled_out:
            continue
        item = described.get(match)
        if item is None:
            item = described[match] = f"'{matched}'" if matched.lower() == term.lower() else f"'{matched}' ← {term}"
        if theme in by_theme:
            by_theme[theme].append(item)
        else:
            by_theme[theme] = [item]
        matched_words.add(matched)
    themes = sorted(by_theme, key=order.__getitem__)
    primary = max(themes, key=lambda t: (rank[t][0], len(by_theme[t]), rank[t][1])) if len(themes) > 1 else (
        themes[0] if themes else UNCATEGORISED)
    evidence = "; ".join([f"{theme}: {', '.join(by_theme[theme])}" for theme in themes])
    excluded_text = "; ".join([f"{t}: '{m.matched}' ← {m.term}" for t, m in ruled_out.items()]) if ruled_out else ""
    return themes, primary, evidence, sorted(matched_words), excluded_text


def apply_corrections(coded: pd.DataFrame, corrections: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return the coded replies with the user's corrections applied.

    `corrections` has columns id and theme (a theme key or "uncategorised"; several
    keys separated by ';' or ',' make the first primary). Corrected replies say so in
    their evidence. A row naming a theme the codebook lacks is not applied; unknown ids
    and themes are the caller's to report (see `check_corrections`).
    """
    coded = shallow_copy(coded, writing=("themes", "primary_theme", "evidence"))
    known = set(codebook.labels())
    by_id = {}
    for reply_id, theme in zip(corrections["id"], corrections["theme"]):
        keys = [k.strip() for k in str(theme).replace(",", ";").split(";") if k.strip()]
        if keys and all(k in known for k in keys):  # a misspelt theme is reported, never applied
            by_id[str(reply_id)] = [k for k in keys if k != UNCATEGORISED]
    positions = coded.index[coded["id"].astype(object).isin(list(by_id))]
    for position in positions:
        keys = by_id[str(coded.at[position, "id"])]
        coded.at[position, "themes"] = keys
        coded.at[position, "primary_theme"] = keys[0] if keys else UNCATEGORISED
        coded.at[position, "evidence"] = f"corrected by user (was: {coded.at[position, 'evidence'] or 'no match'})"
    return coded


def check_corrections(coded: pd.DataFrame, corrections: pd.DataFrame, codebook: Codebook, source: str) -> list[str]:
    """Return problems with a corrections table: unknown ids and theme keys, one sentence each."""
    known_themes = set(codebook.labels())
    problems = []
    ids = set(coded["id"].dropna().astype(str))
    for row_number, (reply_id, theme) in enumerate(zip(corrections["id"], corrections["theme"]), start=2):
        keys = [k.strip() for k in str(theme).replace(",", ";").split(";") if k.strip()]
        unknown = [k for k in keys if k not in known_themes]
        if unknown:
            problems.append(f"{source} row {row_number}: theme '{unknown[0]}' is not in the codebook, so the row "
                            f"was not applied (use one of: {', '.join(sorted(known_themes))})")
        if str(reply_id) not in ids:
            problems.append(f"{source} row {row_number}: no reply with id '{reply_id}'")
    return problems


def theme_summary(coded: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return one row per theme: replies having it (any), as primary, and the likes they drew.

    Reads themes, primary_theme, likes. Columns: theme, label, description,
    replies_any, replies_primary, share_of_replies (primary), likes_primary.
    """
    labels = codebook.labels()
    descriptions = {t.key: t.description for t in codebook.themes}
    any_counts = Counter(key for keys in coded["themes"] for key in keys)
    primary = coded["primary_theme"].value_counts()
    likes = coded.groupby("primary_theme")["likes"].sum(min_count=1)
    total = len(coded)
    rows = [{"theme": key, "label": label, "description": descriptions.get(key, "Replies no theme matched."),
             "replies_any": any_counts.get(key, int(primary.get(key, 0)) if key == UNCATEGORISED else 0),
             "replies_primary": int(primary.get(key, 0)),
             "share_of_replies": (primary.get(key, 0) / total) if total else 0.0,
             "likes_primary": likes.get(key, pd.NA)}
            for key, label in labels.items()]
    table = pd.DataFrame(rows)
    table["likes_primary"] = table["likes_primary"].astype("Int64")
    return table


def theme_likes(coded: pd.DataFrame, codebook: Codebook, min_likes: int) -> pd.DataFrame:
    """Return likes by primary theme for replies with more than `min_likes` likes, and for all replies.

    Reads primary_theme, likes. Columns: subset, theme, label, replies, total_likes,
    mean_likes, median_likes, share_of_likes, ratio_to_next (this theme's likes over the
    next theme's, in descending order). Replies whose likes are unknown are left out of
    the likes columns; when no reply has likes, likes are all null and replies are
    counted instead.
    """
    labels = codebook.labels()
    known = coded["likes"].notna()
    subsets = [(f"more than {min_likes} likes", coded[known & (coded["likes"].fillna(0) > min_likes)]),
               ("all replies", coded)]
    frames = []
    for subset_name, subset in subsets:
        grouped = subset.groupby("primary_theme", observed=True)
        frame = pd.DataFrame({
            "replies": grouped.size(),
            "total_likes": grouped["likes"].sum(min_count=1),
            "mean_likes": grouped["likes"].mean(),
            "median_likes": grouped["likes"].median(),
        }).reset_index().rename(columns={"primary_theme": "theme"})
        frame["total_likes"] = frame["total_likes"].astype("Int64")
        total = frame["total_likes"].sum(min_count=1)
        frame["share_of_likes"] = (frame["total_likes"].astype("Float64") / total) if pd.notna(total) and total else pd.NA
        sort_by = "total_likes" if frame["total_likes"].notna().any() else "replies"
        frame = frame.sort_values([sort_by, "replies", "theme"], ascending=[False, False, True], na_position="last")
        following = frame[sort_by].astype("Float64").shift(-1)
        frame["ratio_to_next"] = (frame[sort_by].astype("Float64") / following).where(following > 0).round(2)
        frame.insert(0, "subset", subset_name)
        frame.insert(2, "label", frame["theme"].map(labels))
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)
    for column in ("mean_likes", "median_likes"):
        result[column] = result[column].astype("Float64").round(1)
    result["share_of_likes"] = result["share_of_likes"].astype("Float64").round(4)
    return result


def top_replies(coded: pd.DataFrame, per_theme: int) -> pd.DataFrame:
    """Return each primary theme's most-liked replies (unknown likes last), with evidence and links."""
    ranked = coded.assign(_likes=coded["likes"].fillna(-1)).sort_values(["_likes", "id"], ascending=[False, True])
    columns = ["primary_theme", "id", "author", "text", "likes", "url", "themes", "evidence", "matched_words"]
    return ranked.groupby("primary_theme", sort=False).head(per_theme)[columns].reset_index(drop=True)
