"""The replies inside the report, as data the page draws on demand (search, theme filter, words in context).

The report carries the replies once, as JSON in a <script type="application/json">
block, and a small script draws only what is asked for; so a large thread does not
become a page of a million table cells. Above `max_embedded_replies` the most-liked
replies travel and the report says that replies_coded.csv has them all.

Every key word, phrase, hashtag and cited idea gets a search pattern (a JavaScript
regular expression source) that finds it as written: a key word counts every form of
its lemma, so "communities" is found under "community".
"""

import json
from collections import defaultdict

import pandas as pd
from markupsafe import Markup, escape

from ..analysis import Analysis

# Characters special in a JavaScript regular expression with the "u" flag; nothing else may be escaped there.
_JS_SPECIAL = set("\\^$.|?*+()[]{}/")
# A term starts and ends at a letter or digit boundary (the page's regular expressions use the u flag).
_BEFORE, _AFTER = r"(?<![\p{L}\p{N}_])", r"(?![\p{L}\p{N}_])"
_GAP = r"[^\p{L}\p{N}]+"
# Between the words of a phrase: up to three short words that were not counted (stopwords).
_PHRASE_GAP = r"(?:[^\p{L}\p{N}]+[\p{L}\p{N}'’]+){0,3}?[^\p{L}\p{N}]+"


def js_escape(text: str) -> str:
    """`text` as a literal inside a JavaScript regular expression (u flag)."""
    return "".join("\\" + c if c in _JS_SPECIAL else c for c in text)


def _alternatives(options) -> str:
    ordered = sorted({o for o in options if o}, key=lambda o: (-len(o), o))
    return "(?:" + "|".join(ordered) + ")"


def _literal_words(text: str) -> str:
    return _GAP.join(js_escape(part) for part in text.split())


def search_patterns(analysis: Analysis) -> dict[str, str]:
    """Link key -> the pattern finding it in reply text: 'w:<word>', 'p:<phrase>', 'h:<tag>', 'c:<entity key>'."""
    forms: dict[str, set[str]] = defaultdict(set)
    lemma_of: dict[str, str] = {}
    for (word_lemma, written), _ in analysis.word_counts.surfaces.items():
        forms[word_lemma].add(written)
        lemma_of.setdefault(written.casefold(), word_lemma)
    patterns = {}
    for word, word_lemma in zip(analysis.words["word"], analysis.words["lemma"]):
        written = forms.get(word_lemma) or {word}
        patterns[f"w:{word}"] = _BEFORE + _alternatives(js_escape(w) for w in written | {word}) + _AFTER
    for phrase in analysis.phrases["phrase"].head(100):
        parts = []
        for part in str(phrase).split():
            written = forms.get(lemma_of.get(part.casefold(), part), set()) | {part}
            parts.append(_alternatives(js_escape(w) for w in written))
        patterns[f"p:{phrase}"] = _BEFORE + _PHRASE_GAP.join(parts) + _AFTER
    if analysis.hashtags is not None:
        for tag in analysis.hashtags.hashtags["tag"]:
            patterns[f"h:{tag}"] = "[#＃]" + js_escape(str(tag)) + _AFTER
    for entity in analysis.codebook.entities:
        options = [_literal_words(n) for n in entity.names]
        options += ["@" + js_escape(m.lstrip("@")) for m in entity.mentions]
        options += ["[#＃]" + js_escape(t.lstrip("#")) for t in entity.hashtags]
        options += [js_escape(d) for d in entity.domains]
        if options:
            patterns[f"c:{entity.key}"] = _BEFORE + _alternatives(options) + _AFTER
    return patterns


def embedded_replies(analysis: Analysis, limit: int) -> dict:
    """The replies the page can show: all of them up to `limit`, else the `limit` most liked (ties: earliest)."""
    coded = analysis.replies
    chosen = coded
    if len(coded) > limit:
        order = coded.assign(_likes=coded["likes"].fillna(-1)).sort_values(["_likes", "created_at"],
                                                                         ascending=[False, True], kind="stable")
        chosen = order.head(limit)
    dates = chosen["created_at"]
    iso = dates.dt.strftime("%Y-%m-%dT%H:%MZ") if hasattr(dates, "dt") else pd.Series([None] * len(chosen))
    rows = []
    for reply_id, when, author, text, likes, primary, themes, url, matched in zip(
            chosen["id"].astype(object), iso.astype(object), chosen["author"].astype(object),
            chosen["text"].astype(object), chosen["likes"].astype(object), chosen["primary_theme"].astype(object),
            chosen["themes"], chosen["url"].astype(object), chosen["matched_words"]):
        rows.append([_plain(reply_id), _plain(when), _plain(author), _plain(text) or "",
                     None if _plain(likes) is None else int(likes), primary,
                     [t for t in themes if t != primary] if isinstance(themes, list) else [],
                     url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None,
                     sorted(set(matched)) if isinstance(matched, list) else []])
    return {"total": len(coded), "embedded": len(rows), "limit": limit, "most_liked": len(coded) > limit,
            "labels": analysis.codebook.labels(), "rows": rows, "patterns": search_patterns(analysis)}


def _plain(value):
    """A JSON-ready scalar: missing values (None, NaN, NA, NaT) become None."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, (str, int, float)) else str(value)


def script_json(data) -> Markup:
    """JSON safe to place inside a <script> element: '<', '>' and '&' are written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                  .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def explore_link(text, key: str, label: str | None = None) -> Markup:
    """A link that opens the explorer on the replies behind `text` ('w:people', 't:abuse', 'h:brexit', 'c:nef').

    `label` names what is searched for when `text` does not (a count, say).
    """
    named = f' data-label="{escape(label)}"' if label else ""
    return Markup(f'<a href="#explore" class="x" data-x="{escape(key)}"{named} '
                  f'title="Show the replies, with the word in context">{escape(text)}</a>')
