"""The normalised reply table: the one thing that crosses from importers to analyses.

Every importer returns a DataFrame with (a subset of) these columns; `conform` fills
the rest with nulls, fixes the dtypes and derives the list and clean-text columns;
`drop_unusable` removes blank rows and repeated posts and says how many and why.
Missing is not zero: counts are nullable Int64, so "likes unknown" stays null.
"""

import html
import re
from collections import Counter
from collections.abc import Collection

import pandas as pd

from . import extract
from .values import parse_counts, parse_datetimes

# name -> (dtype, meaning). The order here is the column order of the table.
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "the post's id on its platform (or the spreadsheet's id column)"),
    "text": ("string", "the post's text as exported (character references decoded once, as its format writes them)"),
    "author": ("string", "the author's handle, without '@'"),
    "author_name": ("string", "the author's display name"),
    "author_bio": ("string", "the author's profile description, where the export has it"),
    "created_at": ("datetime64[ns, UTC]", "when the post was made, in UTC"),
    "likes": ("Int64", "likes / favourites; null when unknown"),
    "retweets": ("Int64", "retweets / reposts / reblogs / boosts; null when unknown"),
    "replies": ("Int64", "replies the post received; null when unknown"),
    "quotes": ("Int64", "quote posts; null when unknown"),
    "url": ("string", "link to the post"),
    "in_reply_to": ("string", "id of the post this one answers"),
    "conversation_id": ("string", "id of the thread's root post"),
    "platform": ("string", "twitter, mastodon, bluesky, youtube, reddit, or spreadsheet"),
    "lang": ("string", "language code given by the platform"),
    "is_repost": ("boolean", "a retweet/boost/repost of someone else's post"),
    "depth": ("Int64", "replies between this post and the thread's root (1 = direct reply)"),
    "source_file": ("string", "the file the row came from"),
    "source_row": ("Int64", "row (spreadsheets, 1-based as the user sees it) or line/record number"),
    "hashtags": ("object", "list of hashtags without '#', as written"),
    "mentions": ("object", "list of @mentioned accounts without '@'"),
    "urls": ("object", "list of links, expanded where the export has the expansion"),
    "clean_text": ("string", "text without the leading reply @mentions and links"),
}

COUNT_COLUMNS = ("likes", "retweets", "replies", "quotes")

_MARKUP_ESCAPE_RE = re.compile(r"&(amp|lt|gt);")
_MARKUP_CHARACTERS = {"amp": "&", "lt": "<", "gt": ">"}
# How each format writes its text, by importers' TEXT_ENTITIES: decoded exactly once, here.
TEXT_ENTITIES = {
    # plain text, or HTML the importer already turned into text (Bluesky, Mastodon, YouTube)
    "none": None,
    # only &amp; &lt; &gt;, as the Twitter and Reddit APIs escape their plain text
    "markup": lambda text: _MARKUP_ESCAPE_RE.sub(lambda m: _MARKUP_CHARACTERS[m.group(1)], text),
    # any HTML entity: sheets scraped from web pages keep whatever the page had
    "html": html.unescape,
}


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, (tuple, set)):
        return list(value)
    return []


_LIST_TYPES = (list, tuple, set)


def conform(frame: pd.DataFrame, platform: str | None = None,
            source_file: str | None = None, problems: Counter | None = None,
            signed_counts: Collection[str] = (), text_entities: str = "html") -> pd.DataFrame:
    """Return `frame` with exactly the schema's columns, dtypes and derived columns.

    Counts and dates are parsed leniently; cells that cannot be read become null and
    are tallied in `problems` ("unreadable likes", ...). Lists an importer supplied
    (from the platform's own entities) are kept; missing ones are read from the text.
    Count columns named in `signed_counts` keep negative numbers (a Reddit score is one).
    `text_entities` says which character references the format writes into its text, to decode once
    (see TEXT_ENTITIES): a Bluesky post that says "&copy" means those five characters.
    """
    problems = problems if problems is not None else Counter()
    frame = frame.reset_index(drop=True)
    table = pd.DataFrame(index=frame.index)
    for name, (dtype, _) in COLUMNS.items():
        column = frame[name] if name in frame.columns else None
        if name in COUNT_COLUMNS:
            if column is None:
                table[name] = pd.array([pd.NA] * len(frame), dtype="Int64")
            else:
                table[name], bad = parse_counts(column, signed=name in signed_counts)
                if bad:
                    problems[f"unreadable {name} (left blank)"] += bad
        elif name == "created_at":
            if column is None:
                table[name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
            else:
                table[name], bad = parse_datetimes(column)
                if bad:
                    problems["unreadable dates (left blank)"] += bad
        elif dtype == "string":
            table[name] = _as_strings(column, len(frame))
        elif dtype == "boolean" and column is not None and pd.api.types.is_bool_dtype(column.dtype):
            table[name] = column.astype("boolean").array  # already flags (JSON importers): nothing to read
        elif dtype == "boolean":
            values = column.astype(object).tolist() if column is not None else [None] * len(frame)
            table[name] = pd.array([_as_flag(v) for v in values], dtype="boolean")
        elif dtype == "Int64":
            table[name] = pd.array([pd.NA] * len(frame), dtype="Int64") if column is None else parse_counts(column)[0]
        else:
            table[name] = column if column is not None else pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if platform is not None:
        table["platform"] = table["platform"].fillna(platform)
    if source_file is not None:
        table["source_file"] = table["source_file"].fillna(source_file)
    decode = TEXT_ENTITIES[text_entities]
    if decode is not None:  # only texts with an '&' can hold a reference: most have none
        with_references = table["text"].str.contains("&", regex=False).fillna(False).astype(bool)
        if with_references.any():
            table.loc[with_references, "text"] = [decode(t) for t in table.loc[with_references, "text"]]
    texts = table["text"].fillna("").astype(object)
    for name, extractor in (("hashtags", extract.extract_hashtags),
                            ("mentions", extract.extract_mentions),
                            ("urls", extract.extract_urls)):
        given = table[name].astype(object)
        # inline, an empty list (most rows' hashtags) skipping the item loop: a third faster than a helper per row
        table[name] = [([item for item in value if isinstance(item, str)] if value else [])
                       if isinstance(value, _LIST_TYPES) else extractor(text)
                       for value, text in zip(given, texts)]
    table["clean_text"] = pd.array([extract.clean_text(text) for text in texts], dtype="string")
    table["is_repost"] = table["is_repost"].fillna(False)
    return table


def in_column_order(problems: Counter) -> Counter:
    """conform's problem tallies in the order one conform of the whole table reports them (its columns' order).

    For tallies merged from chunks conformed one by one, where a later chunk may meet a problem first.
    """
    order = {f"unreadable {name} (left blank)": n for n, name in enumerate(COLUMNS)}
    order["unreadable dates (left blank)"] = list(COLUMNS).index("created_at")
    return Counter({reason: problems[reason] for reason in sorted(problems, key=lambda r: order.get(r, len(order)))})


def _as_flag(value):
    """True/False from booleans, 1/0 and the words exports write ("TRUE", "yes"); NA when unknown."""
    if isinstance(value, str):
        return _FLAG_WORDS.get(value.strip().lower(), pd.NA)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return pd.NA
    return bool(value)


_FLAG_WORDS = {"true": True, "yes": True, "y": True, "1": True, "t": True,
               "false": False, "no": False, "n": False, "0": False, "f": False}


def _as_strings(column: pd.Series | None, length: int) -> pd.Series:
    """Text cells stripped, blanks as NA; whole-number floats (ids read as numbers) keep their digits."""
    if column is None:
        return pd.Series(pd.array([pd.NA] * length, dtype="string"))
    if isinstance(column.dtype, pd.StringDtype):  # already text (JSON importers): converted whole, not cell by cell
        texts = column.astype("string").str.strip()
        return texts.mask(texts == "")
    objects = column.astype(object)
    if pd.api.types.infer_dtype(objects, skipna=True) in ("string", "empty"):
        texts = pd.Series(pd.array(objects.where(objects.notna(), None), dtype="string"), index=column.index).str.strip()
        return texts.mask(texts == "")

    def to_text(value):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return pd.NA
        if isinstance(value, (list, tuple, set, dict)):  # a structure where text belongs: unreadable, not text
            return pd.NA
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        return text if text else pd.NA

    return pd.Series(pd.array([to_text(v) for v in objects], dtype="string"), index=column.index)


def drop_unusable(table: pd.DataFrame, dropped: Counter) -> pd.DataFrame:
    """Return the rows worth analysing, tallying each dropped row under its reason.

    Reasons: "blank row" (nothing in any field), "no text" (a row with data but no
    reply text), "duplicate id" (the same platform and id seen before: the first is kept).
    """
    content = table[["id", "text", "author", "author_name", "url"]]
    blank = content.isna().all(axis=1) & table["created_at"].isna() & table["likes"].isna()
    dropped["blank row"] += int(blank.sum())
    table = table[~blank]
    no_text = table["text"].isna()
    dropped["no text"] += int(no_text.sum())
    table = table[~no_text]
    keyed = table["id"].notna()
    duplicate = keyed & table.duplicated(subset=["platform", "id"], keep="first")
    dropped["duplicate id"] += int(duplicate.sum())
    table = table[~duplicate]
    for reason in [r for r, n in dropped.items() if n == 0]:
        del dropped[reason]
    return table.reset_index(drop=True)


def shallow_copy(table: pd.DataFrame, writing: tuple[str, ...] = ()) -> pd.DataFrame:
    """A copy of the table for an analysis to add columns to, sharing the columns' data instead of copying it.

    A deep copy duplicated every text at each step (about 700 MB per copy at a million posts).
    Columns the caller writes cell by cell (`.at`, `.loc`) are copied, so the table it was given
    never changes, with or without pandas' copy-on-write; a column replaced whole needs no copy.
    """
    copy = table.copy(deep=False)
    for column in writing:
        if column in copy.columns:
            copy[column] = table[column].copy()
    return copy
