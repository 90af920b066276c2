"""Coding replies with the codebook's themes, and comparing themes by the likes they drew.

Every reply gets zero or more themes, a primary theme and the evidence: which codebook
terms matched which words. A reply that matches nothing is "uncategorised", never
forced into a theme. The likes table uses primary themes, so its shares add up to 100%.
"""

from collections import Counter

import pandas as pd

from ..codebook import UNCATEGORISED, Codebook, Match, Matcher
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
    rows = len(texts)
    themes_col: list[list[str]] = [[] for _ in range(rows)]
    primary_col = [UNCATEGORISED] * rows
    evidence_col = [""] * rows
    words_col: list[list[str]] = [[] for _ in range(rows)]
    excluded_col = [""] * rows
    # Many replies match the same terms the same way: their coding is worked out once.
    decided: dict[tuple, tuple] = {}
    described: dict[tuple[str, str], str] = {}
    for reply, matches in found.items():
        coding = decided.get(matches)
        if coding is None:
            coding = decided[matches] = _coding(matches, order, rank, described)
        themes, primary_col[reply], evidence_col[reply], words, excluded_col[reply] = coding
        themes_col[reply] = list(themes)
        words_col[reply] = list(words)
    coded = table.copy()
    coded["themes"] = themes_col
    coded["primary_theme"] = pd.array(primary_col, dtype="string")
    coded["evidence"] = pd.array(evidence_col, dtype="string")
    coded["matched_words"] = words_col
    coded["excluded"] = pd.array(excluded_col, dtype="string")
    return coded


def _coding(matches: tuple[Match, ...], order: dict[str, int], rank: dict[str, tuple], described: dict) -> tuple:
    """Themes, primary theme, evidence, matched words and ruled-out themes of one reply's matches."""
    ruled_out = {m.theme: m for m in matches if m.excluded}
    kept = [m for m in matches if not m.excluded and m.theme not in ruled_out] if ruled_out else matches
    scores = Counter([m.theme for m in kept])
    themes = sorted(scores, key=order.__getitem__)
    primary = max(themes, key=lambda t: (rank[t][0], scores[t], rank[t][1])) if themes else UNCATEGORISED
    excluded = "; ".join(f"{t}: '{m.matched}' ← {m.term}" for t, m in ruled_out.items())
    return themes, primary, describe_evidence(kept, order, described), sorted({m.matched for m in kept}), excluded


def describe_evidence(matches: list[Match], order: dict[str, int], described: dict | None = None) -> str:
    """'sustainability: 'sustainable' ← sustainab*, 'net zero' ← net zero; listening: ...'.

    `described` caches each (matched words, term) item's text across replies.
    """
    described = {} if described is None else described
    by_theme: dict[str, list[str]] = {}
    for match in sorted(matches, key=lambda m: order.get(m.theme, 0)) if len(matches) > 1 else matches:
        item = described.get((match.matched, match.term))
        if item is None:
            item = (f"'{match.matched}'" if match.matched.lower() == match.term.lower()
                    else f"'{match.matched}' ← {match.term}")
            described[(match.matched, match.term)] = item
        by_theme.setdefault(match.theme, []).append(item)
    return "; ".join(f"{theme}: {', '.join(items)}" for theme, items in by_theme.items())


def apply_corrections(coded: pd.DataFrame, corrections: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Return the coded replies with the user's corrections applied.

    `corrections` has columns id and theme (a theme key or "uncategorised"; several
    keys separated by ';' or ',' make the first primary). Corrected replies say so in
    their evidence. A row naming a theme the codebook lacks is not applied; unknown ids
    and themes are the caller's to report (see `check_corrections`).
    """
    coded = coded.copy()
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
