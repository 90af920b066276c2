"""Cited ideas, people, organisations and publications: what the replies point to.

A reply can point to a codebook entity in four forms, and every form is counted:
  name     its name or title in the text, whole words, any case ("Kate Raworth's",
           "doughnut economics"); links, @mentions and hashtags are taken out of the
           text first, so "#DoughnutEconomics" is a hashtag and not also a name
  @mention one of its accounts in the `mentions` column
  hashtag  one of its hashtags in the `hashtags` column, any case
  link     a link (`urls` column) to one of its sites or a host under it
An entity's `mentions` are its occurrences in all forms: a reply naming "Kate Raworth"
twice and linking kateraworth.com counts 3 mentions and 1 citing reply. Where names
overlap ("kate raworth" contains "raworth") the longest match wins and counts once.
Citing replies written by the entity's own accounts are counted, and also shown apart
(`own_replies`), so self-promotion can be discounted. Things the codebook does not
know yet are listed as candidates for review.
"""

import re
from collections import Counter
from functools import lru_cache
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Protocol

import numpy as np
import pandas as pd

from ..extract import HASHTAG_RE, LEADING_MENTIONS_RE, MENTION_RE, without_links
from .joined_texts import JoinedTexts
from .citations import Citations, ReplyColumns, merge_citations, reply_example, tally
from .links import HostRules, LinkKinds, host_of, split_host

FORMS = ("name", "@mention", "hashtag", "link")

# Words of names and titles: letters and digits (an apostrophe or hyphen splits words, so
# "Raworth's" holds the word "raworth"), and '&' as in "Wilkinson & Pickett".
_WORD = re.compile(r"[^\W_]+|&")
# Capitalised runs of two or more words on one line, joined by at most a few small words:
# "New Economics Foundation", "Centre for Local Economic Strategies".
_CAPITALISED = re.compile(  # the capital first, then the lookbehind: the scan jumps from capital to capital
    r"[A-ZÀ-Þ](?<![\w'’][A-ZÀ-Þ])[\w'’-]*(?:[ \t]+(?:(?:of|for|and|&|the|on|in|de|von|van)[ \t]+)*[A-ZÀ-Þ][\w'’-]*)+")
_NAME_JOINS = re.compile(r"[ \t]+(?:and|&)[ \t]+")
_CONNECTORS = {"of", "for", "and", "&", "the", "on", "in", "de", "von", "van"}
# Words that start sentences rather than names: dropped from the front of a capitalised run.
_SENTENCE_STARTERS = {
    "a", "an", "the", "i", "we", "you", "they", "he", "she", "it", "this", "that", "these", "those", "my", "our",
    "your", "their", "his", "her", "and", "but", "or", "so", "if", "also", "please", "thanks", "thank", "yes",
    "no", "read", "see", "listen", "ask", "check", "look", "try", "follow", "talk", "speak", "what", "why",
    "how", "when", "where", "who", "have", "has", "do", "does", "great", "good", "definitely", "absolutely",
    "perhaps", "maybe", "surely", "just", "all", "both", "not", "is", "are", "can", "should", "would", "could",
    "hi", "hello", "dear", "ps", "re",
}
# Quoted titles: "…", “…” or ‘…’ (a closing ’ followed by a letter is an apostrophe, not a quote).
_QUOTED = re.compile(r'"([^"\n]{3,100})"|“([^”\n]{3,100})”|‘([^’\n]{3,100})’(?!\w)')
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_TITLE_WORDS = 12


class CitedEntity(Protocol):
    """What references need of a codebook entity (replyscope.codebook.Entity has it)."""

    key: str
    label: str
    kind: str
    names: tuple[str, ...]
    mentions: tuple[str, ...]
    hashtags: tuple[str, ...]
    domains: tuple[str, ...]


def name_words(text: str) -> tuple[str, ...]:
    """The words names are compared by: 'Citizens’ Assembly' -> ('citizens', 'assembly')."""
    return tuple(map(str.casefold, _WORD.findall(text)))


def text_without_entities(text: str) -> str:
    """The reply's text with links, @mentions and hashtags blanked, so each is counted once, in its own form."""
    text = without_links(text or "")
    if "@" in text:  # a substring test is far cheaper than scanning with the pattern
        text = MENTION_RE.sub(" ", text)
    if "#" in text or "＃" in text:
        text = HASHTAG_RE.sub(" ", text)
    return text


class EntityMatcher:
    """Finds the codebook entities a reply points to, in each of the four forms."""

    def __init__(self, entities: Iterable[CitedEntity]):
        self.names: dict[tuple[str, ...], str] = {}
        self.handles: dict[str, str] = {}
        self.hashtags: dict[str, str] = {}
        domains: list[tuple[str, str]] = []
        self.short_links = LinkKinds()
        for entity in entities:
            for name in entity.names:
                words = name_words(name)
                if words:
                    self.names.setdefault(words, entity.key)
            for handle in entity.mentions:
                self.handles.setdefault(handle.lstrip("@").casefold(), entity.key)
            for tag in entity.hashtags:
                self.hashtags.setdefault(tag.lstrip("#").casefold(), entity.key)
            domains += [(host_of(domain), entity.key) for domain in entity.domains if host_of(domain)]
        self.domains = HostRules(domains)
        self.first_words = {words[0] for words in self.names}
        self.longest = max((len(words) for words in self.names), default=0)
        lengths: dict[str, set[int]] = {}
        for words in self.names:
            lengths.setdefault(words[0], set()).add(len(words))
        self.lengths = {word: sorted(found, reverse=True) for word, found in lengths.items()}  # longest first
        self.single_words = {words[0] for words in self.names if len(words) == 1}
        self.name_pairs = sorted({words[:2] for words in self.names if len(words) > 1})  # the first two words
        self._covered: dict[str, bool] = {}  # candidate name -> covers_name: the same names recur in many replies

    def names_in(self, words: tuple[str, ...]) -> list[str]:
        """Entity keys named in the words, one per occurrence; overlapping names: the longest wins."""
        if self.first_words.isdisjoint(words):  # most replies name nothing the codebook knows
            return []
        found = [match for start, word in enumerate(words) if word in self.first_words
                 for match in self.name_at(words, start, len(words))]
        return longest_first(found)

    def name_at(self, words: list | tuple, start: int, end: int) -> list[tuple[int, int, str]]:
        """[(length, start, key)] for the longest name starting at words[start] and ending by `end`, or []."""
        for length in self.lengths[words[start]]:
            if start + length <= end:
                key = self.names.get(tuple(words[start:start + length]))
                if key is not None:
                    return [(length, start, key)]
        return []

    def handle(self, handle: str) -> str | None:
        return self.handles.get(handle.casefold())

    def hashtag(self, tag: str) -> str | None:
        return self.hashtags.get(tag.casefold())

    def domain(self, host: str) -> str | None:
        return self.domains.find(host)

    def covers_name(self, text: str) -> bool:
        """Whether a candidate name or title contains a name the codebook already has."""
        covered = self._covered.get(text)
        if covered is None:
            covered = self._covered[text] = bool(self.names_in(name_words(text)))
        return covered


def longest_first(found: list[tuple[int, int, str]]) -> list[str]:
    """The keys of names found as (length, start, key), longest first; a name overlapping a longer one is dropped."""
    if len(found) < 2:
        return [key for _, _, key in found]
    taken: set[int] = set()
    keys = []
    for length, start, key in sorted(found, key=lambda match: (-match[0], match[1])):
        span = set(range(start, start + length))
        if not span & taken:
            taken |= span
            keys.append(key)
    return keys


@dataclass
class ReferenceCounts:
    """Mergeable counts of cited entities and of candidates over some replies."""

    entities: dict[str, Citations] = field(default_factory=dict)           # key -> citations by form
    candidates: dict[tuple[str, str], Citations] = field(default_factory=dict)  # (form, folded) -> by written form
    addressed: Counter = field(default_factory=Counter)   # handle -> replies opening with it (reply prefix)
    own_replies: Counter = field(default_factory=Counter)  # key -> citing replies by the entity's own accounts
    replies: int = 0
    examples: int = 3

    def merge(self, other: "ReferenceCounts") -> "ReferenceCounts":
        """Add another chunk's counts to these (in place) and return self."""
        merge_citations(self.entities, other.entities, self.examples)
        merge_citations(self.candidates, other.candidates, 1)
        self.addressed.update(other.addressed)
        self.own_replies.update(other.own_replies)
        self.replies += other.replies
        return self


def count_references(replies: pd.DataFrame, entities: Iterable[CitedEntity],
                     ignore_accounts: Iterable[str] = (), examples: int = 3) -> ReferenceCounts:
    """Count every form of citation of each entity, and the candidates, in some replies.

    Reads: text, mentions, hashtags, urls, likes, id, url, author. `ignore_accounts`
    are handles never counted as cited (the thread's own author, say). `examples` is
    how many example replies to keep per entity (the most liked). Each form is found
    for the whole chunk at once (hits: reply, key, form) and the hits are tallied in
    bulk, so the cost follows the hits rather than a Python step per reply and key.
    """
    matcher = EntityMatcher(entities)
    ignored = {handle.lstrip("@").casefold() for handle in ignore_accounts}
    counts = ReferenceCounts(replies=len(replies), examples=examples)
    if not len(replies):
        return counts
    texts = [text if isinstance(text, str) else "" for text in replies["text"].astype(object)]
    mentions, hashtags, urls = (_lists(replies[name]) for name in ("mentions", "hashtags", "urls"))
    if ignored:
        mentions = [[m for m in listed if m.casefold() not in ignored] if listed else listed for listed in mentions]
    cited, candidates, runs = _Hits(), _Hits(), {}
    for first in range(0, len(texts), TEXT_CHUNK):  # links first, one by one: few texts have any (may_hold_link)
        _scan_texts(JoinedTexts.of([without_links(text) for text in texts[first:first + TEXT_CHUNK]]), first,
                    matcher, cited, candidates, runs)
    hosts: dict[str, str] = {}
    for phase, (form, listed) in enumerate((("@mention", mentions), ("hashtag", hashtags), ("link", urls)), start=1):
        rows, indices, values = _flat(listed)
        if form == "@mention":
            keys = [matcher.handles.get(value.casefold()) for value in values]
            unknown = [at for at, key in enumerate(keys) if key is None]
            written = ["@" + values[at] for at in unknown]
            candidates.extend([rows[at] for at in unknown], 1, [indices[at] for at in unknown],
                              [("@mention", shown.casefold()) for shown in written], written)
        elif form == "hashtag":
            keys = [matcher.hashtags.get(value.casefold()) for value in values]
        else:
            found = [hosts.get(value) or hosts.setdefault(value, host_of(value)) for value in values]
            keys = [matcher.domain(host) for host in found]
            for row, index, host, key in zip(rows, indices, found, keys):
                if host and key is None and not matcher.short_links.is_short(host):
                    written = split_host(host)[0]
                    candidates.add(row, 2, index, ("domain", written.casefold()), written)
        known = [at for at, key in enumerate(keys) if key is not None]
        cited.extend([rows[at] for at in known], phase, [indices[at] for at in known], [keys[at] for at in known],
                     [form] * len(known))
    reply_columns = ReplyColumns.of(replies)
    row_ids, post_urls, authors = (replies[name].astype(object).tolist() for name in ("id", "url", "author"))

    def example(row: int) -> dict:
        return reply_example(row_ids[row], post_urls[row], authors[row], texts[row], reply_columns.likes_of(row))

    cited_keys, cited_rows, cited_forms = cited.in_order()
    forms_of: dict[tuple[str, int], set[str]] = {}
    for key, row, form in zip(cited_keys, cited_rows.tolist(), cited_forms):
        forms_of.setdefault((key, row), set()).add(form)
    counts.entities = tally(cited_keys, cited_rows, cited_forms, reply_columns, examples, lambda key, row: dict(
        example(row), forms=", ".join(f for f in FORMS if f in forms_of[(key, row)])))
    counts.candidates = tally(*candidates.in_order(), reply_columns, 1, lambda key, row: example(row))
    for row in sorted({row for _, row in forms_of}):
        own_key = matcher.handle(authors[row]) if isinstance(authors[row], str) else None
        if (own_key, row) in forms_of:
            counts.own_replies[own_key] += 1
    counts.addressed.update(handle.casefold() for text in texts if "@" in text
                            for handle in set(MENTION_RE.findall(_reply_prefix(text))))
    return counts


# Replies whose texts are joined and scanned together: bounds the joined text and the words held at once.
TEXT_CHUNK = 20_000
# A candidate's place among a reply's candidates: quoted titles first, then capitalised names, each in text order.
_NAMES_AFTER_TITLES = 1 << 40


def _scan_texts(joined: JoinedTexts, first: int, matcher: EntityMatcher, cited: "_Hits", candidates: "_Hits",
                runs: dict[str, list]) -> None:
    """Hit the names and candidates in some replies' texts without links (the `first`-th reply on), one scan
    per pattern for all the texts.

    Each text is read as `text_without_entities` leaves it; in it, the codebook's names (as `names_in` finds them),
    then quoted titles and capitalised names the codebook lacks (`_quoted_title`, `_run_names`, kept in `runs`:
    the same runs recur), in order.
    """
    plain = joined.sub(MENTION_RE, " ").sub(joined.at_text_ends(HASHTAG_RE), " ")
    words = re.findall(_WORD.pattern + "|" + re.escape(plain.mark), plain.text)
    words.append(plain.mark)  # every reply's words end at a mark
    for reply, found in _named_replies(words, plain.mark, matcher):
        for index, key in enumerate(longest_first(found)):
            cited.add(first + reply, 0, index, key, "name")
    quoted = [(match.start(), title) for match in plain.finditer(_QUOTED) for title in [_quoted_title(match, matcher)]
              if title]
    unquoted = plain.sub(_QUOTED, " ")
    named = [(match.start(), parts) for match in unquoted.finditer(_CAPITALISED)
             for run in [match.group(0)]
             for parts in [runs[run] if run in runs else runs.setdefault(run, _run_names(run, matcher))] if parts]
    sequence = 0
    for rows, kind, found_texts in ((plain.rows_of([at for at, _ in quoted]), 0, [[("title", t)] for _, t in quoted]),
                                    (unquoted.rows_of([at for at, _ in named]), 1, [parts for _, parts in named])):
        for reply, written_forms in zip(rows.tolist(), found_texts):
            for form, written in written_forms:
                folded = _folded_name(written)
                if folded:
                    candidates.add(first + reply, 0, kind * _NAMES_AFTER_TITLES + sequence, (form, folded), written)
                sequence += 1


@lru_cache(maxsize=65_536)
def _folded_name(written: str) -> str:
    """A candidate name or title as compared: its name_words joined by spaces (names recur: cached)."""
    return " ".join(name_words(written))


def _named_replies(words: list[str], mark: str, matcher: EntityMatcher) -> Iterator[tuple[int, list]]:
    """(reply, [(length, start, key)] as name_at finds them) for each reply naming a codebook entity.

    `words` are the replies' words as written, each reply's followed by `mark`. Whole numbers stand for
    the words (each distinct word is casefolded once), so finding the words that are one-word names, or
    that start a name together with the word after them, is a few array operations; only those are
    looked at in Python.
    """
    written_codes, written = pd.factorize(np.array(words, dtype=object), sort=False)
    folded_codes, distinct = pd.factorize(np.array([word.casefold() for word in written], dtype=object), sort=False)
    codes = folded_codes[written_codes]
    known = pd.Index(distinct)
    size = len(known)
    singles = known.get_indexer(sorted(matcher.single_words))
    firsts = known.get_indexer([first for first, _ in matcher.name_pairs])
    seconds = known.get_indexer([second for _, second in matcher.name_pairs])
    present = (firsts >= 0) & (seconds >= 0)
    following = np.append(codes[1:], codes[-1])  # words end with a mark: the last word is one
    starts = np.flatnonzero(np.isin(codes, singles[singles >= 0])
                            | np.isin(codes * size + following, firsts[present] * size + seconds[present]))
    marks = np.flatnonzero(codes == known.get_loc(mark))
    row, found = -1, []
    for at, reply in zip(starts.tolist(), np.searchsorted(marks, starts).tolist()):
        if reply != row:
            if found:
                yield row, found
            row, found = reply, []
        window = [distinct[code] for code in codes[at:min(at + matcher.longest, int(marks[reply]))].tolist()]
        found += [(length, at, key) for length, _, key in matcher.name_at(window, 0, len(window))]
    if found:
        yield row, found


class _Hits:
    """Hits gathered form by form, put back in the order a reply-by-reply loop finds them."""

    def __init__(self):
        self.rows, self.phases, self.indices, self.keys, self.forms = [], [], [], [], []

    def add(self, row: int, phase: int, index: int, key, form: str) -> None:
        self.rows.append(row)
        self.phases.append(phase)
        self.indices.append(index)
        self.keys.append(key)
        self.forms.append(form)

    def extend(self, rows: list[int], phase: int, indices: list[int], keys: list, forms: list[str]) -> None:
        self.rows += rows
        self.phases += [phase] * len(rows)
        self.indices += indices
        self.keys += keys
        self.forms += forms

    def in_order(self) -> tuple[np.ndarray, list, list]:
        """(keys, rows, forms) sorted by reply, then phase (text, @mentions, hashtags, links), then place."""
        order = np.lexsort((np.asarray(self.indices, dtype=np.int64), np.asarray(self.phases, dtype=np.int64),
                            np.asarray(self.rows, dtype=np.int64)))
        return ([self.keys[i] for i in order], np.asarray(self.rows, dtype=np.int64)[order],
                [self.forms[i] for i in order])


def _flat(lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row, place in the row's list, value) for every item of every row's list."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    rows = np.repeat(np.arange(len(lists)), lengths)
    starts = np.cumsum(lengths) - lengths
    return rows.tolist(), (np.arange(len(rows)) - starts[rows]).tolist(), list(chain.from_iterable(lists))


def _lists(column: pd.Series) -> list[list[str]]:
    """The column's lists of text; anything else in a cell (None, a number) as an empty list."""
    values = column.tolist()
    if all(type(value) is list for value in values) and all(type(item) is str for item in chain.from_iterable(values)):
        return values  # the schema's lists, checked in two passes rather than one call per reply
    return [_as_list(value) for value in values]


def _as_list(value) -> list[str]:
    if type(value) is list and all(type(item) is str for item in value):  # the schema's lists: no copy needed
        return value
    return [item for item in value if isinstance(item, str)] if isinstance(value, (list, tuple)) else []


def _reply_prefix(text: str) -> str:
    match = LEADING_MENTIONS_RE.match(text)
    return match.group(0) if match else ""


def _quoted_title(quoted: re.Match, matcher: EntityMatcher) -> str:
    """The title a _QUOTED match holds when it is a candidate (2 to 12 words, capitalised, unknown), else ''."""
    title = next(group for group in quoted.groups() if group is not None).strip(" .,;:!?")
    words = title.split()
    if 2 <= len(words) <= _MAX_TITLE_WORDS and title[0].isupper() and not matcher.covers_name(title):
        return title
    return ""


def _run_names(run: str, matcher: EntityMatcher) -> list[tuple[str, str]]:
    """("name", written) for the candidate names in a capitalised run."""
    name = _tidy_name(run)
    if name and matcher.covers_name(name):
        # "Kate Raworth and Mariana Mazzucato": the known name is counted; the other may be new.
        parts = (_tidy_name(part) for part in _NAME_JOINS.split(name))
        return [("name", p) for p in parts if p and not matcher.covers_name(p)]
    return [("name", name)] if name else []


@lru_cache(maxsize=65_536)
def _tidy_name(run: str) -> str:
    """Drop sentence-starting words, hanging small words and a possessive; '' if under two capitalised words."""
    words = run.split()
    while words and (words[0].casefold() in _SENTENCE_STARTERS or words[0].casefold() in _CONNECTORS):
        words.pop(0)
    while words and words[-1].casefold() in _CONNECTORS:
        words.pop()
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) < 2 or all(w.isupper() for w in capitalised):
        return ""
    return " ".join(words)


@dataclass
class References:
    """What the replies cite: codebook entities counted in every form, and candidates to review."""

    table: pd.DataFrame       # one row per codebook entity, most-cited first
    examples: pd.DataFrame    # key, label, id, url, author, likes, forms, text: the most-liked citing replies
    candidates: pd.DataFrame  # candidate, form, replies, mentions, likes, example_id
    replies: int              # replies counted

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written as CSV/XLSX: references and reference_candidates."""
        return {"references": self.table, "reference_candidates": self.candidates}

    @property
    def cited(self) -> pd.DataFrame:
        """Only the entities cited at least once."""
        return self.table[self.table["mentions"] > 0]

    def examples_for(self, key: str) -> list[dict]:
        """The example replies of one entity, most liked first, as records."""
        return self.examples[self.examples["key"] == key].to_dict("records")


REFERENCE_COLUMNS = ["key", "label", "kind", "mentions", "replies", "likes", "by_name", "by_mention",
                     "by_hashtag", "by_link", "own_replies", "example_ids"]
EXAMPLE_COLUMNS = ["key", "label", "id", "url", "author", "likes", "forms", "text"]
CANDIDATE_COLUMNS = ["candidate", "form", "replies", "mentions", "likes", "example_id"]


def reference_tables(counts: ReferenceCounts, entities: Iterable[CitedEntity], max_candidates: int = 50,
                     min_candidate_replies: int = 2) -> References:
    """Arrange reference counts into tables: every entity (uncited ones with 0), then candidates.

    Candidates need at least `min_candidate_replies` replies; an account that opens at
    least half the replies (the one the thread answers) is not a candidate.
    """
    entities = tuple(entities)
    rows, examples = [], []
    for entity in entities:
        citations = counts.entities.get(entity.key, Citations())
        rows.append({"key": entity.key, "label": entity.label, "kind": entity.kind,
                     "mentions": citations.mentions, "replies": citations.replies, "likes": citations.known_likes,
                     "by_name": citations.by_form["name"], "by_mention": citations.by_form["@mention"],
                     "by_hashtag": citations.by_form["hashtag"], "by_link": citations.by_form["link"],
                     "own_replies": counts.own_replies[entity.key],
                     "example_ids": "; ".join(str(e["id"]) for _, e in citations.examples if e["id"])})
        examples += [{"key": entity.key, "label": entity.label, **example} for _, example in citations.examples]
    table = pd.DataFrame(rows, columns=REFERENCE_COLUMNS).astype({"likes": "Int64"})
    table = table.sort_values(["mentions", "replies", "likes", "label"], ascending=[False, False, False, True],
                              na_position="last", kind="stable").reset_index(drop=True)
    example_table = pd.DataFrame(examples, columns=EXAMPLE_COLUMNS).astype({"likes": "Int64"})
    return References(table=table, examples=example_table,
                      candidates=_candidate_table(counts, max_candidates, min_candidate_replies),
                      replies=counts.replies)


def _candidate_table(counts: ReferenceCounts, max_candidates: int, min_replies: int) -> pd.DataFrame:
    rows = []
    for (form, folded), citations in counts.candidates.items():
        if citations.replies < min_replies:
            continue
        if form == "@mention" and 2 * counts.addressed[folded.lstrip("@")] >= counts.replies:
            continue
        rows.append({"candidate": citations.by_form.most_common(1)[0][0], "form": form,
                     "replies": citations.replies, "mentions": citations.mentions, "likes": citations.known_likes,
                     "example_id": citations.examples[0][1]["id"] if citations.examples else None})
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS).astype({"likes": "Int64"})
    table = table.sort_values(["replies", "mentions", "likes", "candidate"], ascending=[False, False, False, True],
                              na_position="last", kind="stable")
    return table.head(max_candidates).reset_index(drop=True)


def analyse_references(replies: pd.DataFrame, entities: Iterable[CitedEntity], ignore_accounts: Iterable[str] = (),
                       examples: int = 3, max_candidates: int = 50, min_candidate_replies: int = 2) -> References:
    """Return how often each codebook entity is cited (names, @mentions, hashtags, links) and what else is.

    Reads: text, mentions, hashtags, urls, likes, id, url, author. Returns References:
    `table` (key, label, kind, mentions, replies, likes, by_name, by_mention, by_hashtag,
    by_link, own_replies: citing replies written by the entity's own accounts, example_ids),
    `examples` and `candidates` (candidate, form, replies, mentions, likes, example_id).
    Likes are summed over citing replies whose likes are known, and null when none are.
    """
    entities = tuple(entities)
    counts = count_references(replies, entities, ignore_accounts, examples)
    return reference_tables(counts, entities, max_candidates, min_candidate_replies)
