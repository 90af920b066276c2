"""Who is speaking: accounts by replies and likes, repeat repliers, organisations and lobbying.

Whether an account is an organisation is judged from evidence a reader can check,
and every flag carries it:
  +2  its display name or handle has an organisation word (Trust, Foundation, CIC ...)
  +2  its bio speaks as an organisation ("registered charity", "we are", "our mission")
  +1  its bio names an organisation word (staff often do: "Director, X Trust")
  +1  its replies speak in an organisation's voice ("our report", "we've published")
  +1  it links to its own site (a domain resembling its handle or name)
  -2  its bio or name speaks as a person ("views my own", "she/her", "Dr", "Cllr")
A score of 2 or more flags an organisation. The user's corrections (codebook
[accounts]) override the score and say so in the evidence.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from .citations import Citations, ReplyColumns
from .links import LinkKinds, host_of, split_host
from .references import name_words

ORGANISATION_SCORE = 2
CORRECTED = "corrected by user"
AUTOMATIC = "automatic"

ORGANISATION_WORDS = frozenset({
    "trust", "foundation", "cic", "ltd", "limited", "network", "council", "party", "association", "charity",
    "institute", "institution", "campaign", "campaigns", "group", "alliance", "society", "centre", "center",
    "forum", "coalition", "partnership", "federation", "union", "collective", "commission", "agency",
    "committee", "university", "college", "cooperative", "movement", "initiative", "fund", "board",
    "department", "ministry", "lab", "labs", "hub", "project", "org", "magazine", "news", "press", "media",
    "journal", "podcast", "inc", "llp", "plc", "company", "consortium", "cooperatives",
})
# words compared -> the phrase as shown in the evidence
BIO_ORGANISATION_PHRASES = {name_words(p): p for p in (
    "registered charity", "charity no", "charity number", "company number", "community interest company",
    "not-for-profit", "non-profit", "nonprofit", "social enterprise", "think tank", "we are",
    "we're", "we work", "we help", "we support", "we campaign", "we bring", "we believe", "our mission",
    "our vision", "official account", "official twitter", "membership organisation", "membership body",
    "umbrella body",
)}
# words compared -> the phrase as shown in the evidence
BIO_PERSON_PHRASES = {name_words(p): p for p in (
    "views my own", "views are my own", "views mine", "my views", "my own views", "own views",
    "personal account", "personal views", "opinions my own", "opinions are my own", "he/him", "she/her",
    "they/them", "mum", "dad", "mother of", "father of", "wife", "husband", "i am", "i'm",
)}
PERSON_TITLES = frozenset({"dr", "prof", "professor", "cllr", "councillor", "sir", "dame", "mp", "msp", "ms",
                           "mr", "mrs", "rev", "baroness"})
# An organisation speaking of its own work; "we" alone is not enough (people say "we need to listen").
# The lookahead names the letters the phrases start with: it matches nothing more, and lets the
# scan skip other positions at once (about 2.5x faster).
ORGANISATION_VOICE = re.compile(
    r"\b(?=[ojsrcw])(?:our (?:new |latest |recent )?(?:work|reports?|research|members|membership|team|campaigns?|projects?|"
    r"network|organisation|organization|charity|manifesto|papers?|proposals|briefings?|blog|website|toolkit|"
    r"podcast|programmes?|partners|survey|findings|framework|events?|webinar|petition|recommendations|"
    r"submission|stud(?:y|ies)|series)|we(?:['’]ve| have) (?:been|published|written|launched|developed|"
    r"set out|worked|run|called|produced|proposed|created|built)|we(?:['’]re| are) (?:a|an|the) "
    r"(?:charity|network|think|organisation|organization|group|campaign|alliance|coalition|foundation)|"
    r"we work|we campaign|join us|sign our|read our|see our|check out our)\b", re.IGNORECASE)
_HANDLE_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def handle_words(handle: str) -> tuple[str, ...]:
    """The words of a handle: 'CarnegieUKTrust' -> ('carnegie', 'uk', 'trust')."""
    return tuple(word.casefold() for word in _HANDLE_WORD.findall(handle))


def _fold(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text.casefold())


def resembles(site: str, handle: str, name: str) -> bool:
    """Whether a site name (the 'neweconomics' of neweconomics.org) looks like the account's own.

    Equal to the folded handle or name, or one starts with the other (3+ letters:
    'jrf' and 'JRF_UK'), or one contains the other (5+ letters: 'neweconomics' in
    'New Economics Foundation').
    """
    site = _fold(site)
    if len(site) < 3:
        return False
    for own in (_fold(handle), _fold(name)):
        shorter, longer = sorted((site, own), key=len)
        if len(shorter) < 3:
            continue
        if shorter == longer or longer.startswith(shorter) or (len(shorter) >= 5 and shorter in longer):
            return True
    return False


@dataclass
class Speaker:
    """Mergeable counts for one account."""

    handle: str
    name: str = ""
    bio: str = ""
    replies: Citations = field(default_factory=Citations)
    voice_replies: int = 0
    voice: Counter = field(default_factory=Counter)       # organisational phrases used -> replies
    own_sites: Counter = field(default_factory=Counter)   # own domains linked -> links

    def merge(self, other: "Speaker") -> "Speaker":
        self.name = self.name or other.name
        self.bio = self.bio or other.bio
        self.replies.merge(other.replies, keep_examples=0)
        self.voice_replies += other.voice_replies
        self.voice.update(other.voice)
        self.own_sites.update(other.own_sites)
        return self


@dataclass
class AccountCounts:
    """Mergeable account counts over some replies."""

    speakers: dict[str, Speaker] = field(default_factory=dict)   # folded handle -> speaker
    unknown: Citations = field(default_factory=Citations)         # replies with no author
    replies: int = 0

    def merge(self, other: "AccountCounts") -> "AccountCounts":
        """Add another chunk's counts to these (in place) and return self."""
        for key, speaker in other.speakers.items():
            if key in self.speakers:
                self.speakers[key].merge(speaker)
            else:
                self.speakers[key] = speaker
        self.unknown.merge(other.unknown, keep_examples=0)
        self.replies += other.replies
        return self


def count_accounts(replies: pd.DataFrame) -> AccountCounts:
    """Count each account's replies and likes, and gather the evidence of organisations.

    Reads: author, author_name, author_bio, likes, clean_text, urls. Handles are
    compared without case; the first name and bio seen are kept. Replies are counted per
    account in bulk (numpy); only replies with an organisation's voice or a link take a
    Python step, and a link is judged against the name the account had shown by then.
    """
    counts = AccountCounts(replies=len(replies))
    if not len(replies):
        return counts
    columns = ReplyColumns.of(replies)
    rows = np.arange(len(replies))
    author_codes, authors = pd.factorize(replies["author"].astype(object), sort=False)
    handles = [author.strip().lstrip("@") if isinstance(author, str) and author.strip() else None for author in authors]
    key_of_author, keys = pd.factorize(np.fromiter((h.casefold() if h is not None else None for h in handles),
                                                   dtype=object, count=len(handles)), sort=False)
    speaker_of = np.where(author_codes >= 0, key_of_author[np.maximum(author_codes, 0)] if len(keys) else -1, -1)
    known = speaker_of >= 0
    count = len(keys)
    first_row = _first_rows(speaker_of, known, count)
    name_rows = _first_rows(speaker_of, known & _filled_texts(replies["author_name"]), count)
    bio_rows = _first_rows(speaker_of, known & _filled_texts(replies["author_bio"]), count)
    names, bios = replies["author_name"].astype(object).tolist(), replies["author_bio"].astype(object).tolist()
    replied = np.bincount(speaker_of[known], minlength=count)
    with_likes = np.bincount(speaker_of[known], weights=columns.known[known], minlength=count).astype(np.int64)
    likes = np.zeros(count, dtype=np.int64)
    np.add.at(likes, speaker_of[known], columns.likes[known])
    speakers = []
    for key in range(count):
        speakers.append(Speaker(handles[author_codes[first_row[key]]],
                                names[name_rows[key]] if name_rows[key] < len(rows) else "",
                                bios[bio_rows[key]] if bio_rows[key] < len(rows) else "",
                                Citations(int(replied[key]), int(replied[key]), int(likes[key]), int(with_likes[key]),
                                          Counter({"reply": int(replied[key])}))))
    texts = [text if isinstance(text, str) else "" for text in replies["clean_text"].astype(object)]
    for row, phrases in _voice_phrases(texts).items():
        if known[row]:
            speaker = speakers[speaker_of[row]]
            speaker.voice_replies += 1
            speaker.voice.update(phrases)
    short_links = LinkKinds()
    sites: dict[str, tuple[str, str] | None] = {}  # link -> (domain, site name); None: unreadable or short
    for row, urls in enumerate(replies["urls"].tolist()):
        if not urls or not isinstance(urls, list) or not known[row]:
            continue
        key = speaker_of[row]
        speaker, name = speakers[key], (names[name_rows[key]] if name_rows[key] <= row else "")
        for url in urls:
            url = str(url)
            if url not in sites:
                host = host_of(url)
                sites[url] = split_host(host) if host and not short_links.is_short(host) else None
            if sites[url] is None:
                continue
            domain, site = sites[url]
            if resembles(site, speaker.handle, name):
                speaker.own_sites[domain] += 1
    unknown = int((~known).sum())
    counts.unknown = Citations(unknown, unknown, int(columns.likes[~known].sum()), int(columns.known[~known].sum()),
                               Counter({"reply": unknown}) if unknown else Counter())
    counts.speakers = {keys[key]: speakers[key] for key in np.argsort(first_row, kind="stable")}
    return counts


def _first_rows(owner: np.ndarray, chosen: np.ndarray, count: int) -> np.ndarray:
    """Each owner's first chosen row; the number of rows where it has none."""
    first = np.full(count, len(owner), dtype=np.int64)
    np.minimum.at(first, owner[chosen], np.flatnonzero(chosen))
    return first


def _filled_texts(column: pd.Series) -> np.ndarray:
    """Cells holding text of at least one character (a name or bio the account has shown)."""
    return np.fromiter((isinstance(value, str) and value != "" for value in column.astype(object)), dtype=bool,
                       count=len(column))


def _voice_phrases(texts: list[str]) -> dict[int, set[str]]:
    """Row -> the organisation phrases its text uses (folded), for the rows that use any.

    One scan of the texts joined by newlines finds what a scan of each finds: the pattern
    neither spans a newline nor looks past one.
    """
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.cumsum(lengths + 1) - lengths - 1
    found: dict[int, set[str]] = {}
    matches = [(match.start(), match.group(0)) for match in ORGANISATION_VOICE.finditer("\n".join(texts))]
    if matches:
        owners = np.searchsorted(starts, [start for start, _ in matches], side="right") - 1
        for row, (_, phrase) in zip(owners.tolist(), matches):
            found.setdefault(row, set()).add(phrase.casefold())
    return found


def judge_account(speaker: Speaker) -> tuple[bool, int, str]:
    """Return (organisation?, score, evidence) for one account, by the rules in this module's docstring."""
    signs: list[tuple[str, int]] = []
    name_and_handle = set(name_words(speaker.name)) | set(handle_words(speaker.handle))
    found = sorted(name_and_handle & ORGANISATION_WORDS)
    if found:
        signs.append((f"name or handle has {_quoted(found)}", 2))
    titles = sorted(set(name_words(speaker.name)) & PERSON_TITLES)
    if titles:
        signs.append((f"name has the title {_quoted(titles)}", -2))
    bio = name_words(speaker.bio)
    in_bio = set(bio)  # a phrase can only be in the bio when its first word is
    org_phrases = [shown for words, shown in BIO_ORGANISATION_PHRASES.items()
                   if words[0] in in_bio and _contains(bio, words)]
    if org_phrases:
        signs.append((f"bio says {_quoted(org_phrases)}", 2))
    bio_words = sorted(set(bio) & ORGANISATION_WORDS)
    if bio_words:
        signs.append((f"bio has {_quoted(bio_words)}", 1))
    person_phrases = [shown for words, shown in BIO_PERSON_PHRASES.items()
                      if words[0] in in_bio and _contains(bio, words)]
    if person_phrases:
        signs.append((f"bio says {_quoted(person_phrases)}", -2))
    if speaker.voice_replies:
        phrases = _quoted(p for p, _ in _most_common(speaker.voice, 3))
        signs.append((f"organisation's voice in {speaker.voice_replies} of {speaker.replies.replies} "
                      f"replies: {phrases}", 1))
    if speaker.own_sites:
        signs.append((f"links to own site {', '.join(d for d, _ in _most_common(speaker.own_sites, 3))}", 1))
    score = sum(points for _, points in signs)
    if not signs:
        return False, 0, "no sign of an organisation in name, bio or replies"
    evidence = "; ".join(f"{text} ({points:+d})" for text, points in signs)
    return score >= ORGANISATION_SCORE, score, evidence


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return phrase[0] in words and any(words[i:i + len(phrase)] == phrase
                                      for i in range(len(words) - len(phrase) + 1))


def _most_common(counter: Counter, n: int) -> list[tuple[str, int]]:
    """The n most common items, ties in alphabetical order, so every run writes the same evidence."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


@dataclass
class Accounts:
    """Who is speaking, which accounts are organisations (with evidence), and lobbying shares."""

    accounts: pd.DataFrame    # author, author_name, replies, likes, organisation, score, evidence, flag_source, ...
    lobbying: pd.DataFrame    # group, accounts, replies, share_of_replies, likes, share_of_likes
    replies: int              # replies counted
    replies_without_author: int
    min_repeat: int           # replies that make an account a repeat replier
    unmatched_corrections: tuple[str, ...] = ()   # corrected handles with no reply in the table

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written as CSV/XLSX: accounts and lobbying."""
        return {"accounts": self.accounts, "lobbying": self.lobbying}

    def by_replies(self, top: int = 20) -> pd.DataFrame:
        """The accounts that replied most."""
        return self.accounts.head(top)

    def by_likes(self, top: int = 20) -> pd.DataFrame:
        """The accounts whose replies drew the most likes (unknown likes last)."""
        return self.accounts.sort_values(["likes", "replies"], ascending=False, na_position="last",
                                         kind="stable").head(top)

    @property
    def repeat_repliers(self) -> pd.DataFrame:
        """Accounts with at least `min_repeat` replies."""
        return self.accounts[self.accounts["replies"] >= self.min_repeat]

    @property
    def organisations(self) -> pd.DataFrame:
        return self.accounts[self.accounts["organisation"]]


ACCOUNT_COLUMNS = ["author", "author_name", "replies", "likes", "organisation", "score", "evidence",
                   "flag_source", "own_sites", "author_bio"]


def account_table(counts: AccountCounts, organisations: Iterable[str] = (),
                  individuals: Iterable[str] = ()) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One row per account, most replies first, with the organisation flag and its evidence.

    Returns the table and the corrected handles that matched no account.
    """
    as_organisation = {h.lstrip("@").casefold(): h for h in organisations}
    as_individual = {h.lstrip("@").casefold(): h for h in individuals}
    both = sorted(set(as_organisation) & set(as_individual))
    if both:
        raise ReplyscopeError(f"codebook [accounts]: {', '.join('@' + as_organisation[h] for h in both)} "
                              "listed as both an organisation and an individual; keep one.")
    rows = []
    for key, speaker in counts.speakers.items():
        organisation, score, evidence = judge_account(speaker)
        source = AUTOMATIC
        if key in as_organisation or key in as_individual:
            organisation, source = key in as_organisation, CORRECTED
            evidence = f"{CORRECTED} (automatic: {evidence})"
        rows.append({"author": speaker.handle, "author_name": speaker.name or None,
                     "replies": speaker.replies.replies, "likes": speaker.replies.known_likes,
                     "organisation": organisation, "score": score, "evidence": evidence, "flag_source": source,
                     "own_sites": ", ".join(speaker.own_sites), "author_bio": speaker.bio or None})
    table = pd.DataFrame(rows, columns=ACCOUNT_COLUMNS).astype(
        {"replies": "int64", "likes": "Int64", "organisation": "bool", "score": "int64"})
    table = table.sort_values(["replies", "likes", "author"], ascending=[False, False, True], na_position="last",
                              kind="stable").reset_index(drop=True)
    unmatched = tuple(handle for key, handle in {**as_organisation, **as_individual}.items()
                      if key not in counts.speakers)
    return table, unmatched


ORGANISATION_LOBBYING = "organisations promoting their own work (lobbying theme)"
ORGANISATION_OTHER = "organisations, other replies"
INDIVIDUAL_LOBBYING = "individuals with the lobbying theme"
INDIVIDUAL_OTHER = "individuals, other replies"
ALL_ORGANISATIONS = "all organisations"
ORGANISATIONS = "organisations"
INDIVIDUALS = "individuals"
AUTHOR_UNKNOWN = "author unknown"
WHOLE_THREAD = "all replies"
LOBBYING_THEME = "lobbying"
LOBBYING_COLUMNS = ["group", "accounts", "replies", "share_of_replies", "likes", "share_of_likes"]


def lobbying_summary(coded_replies: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """Replies and likes from organisations and individuals, split by the lobbying theme, with shares.

    Reads: author, likes and, when the replies are coded, themes (list of theme keys;
    "lobbying" is lobbying / self-promotion); from `accounts`: author, organisation.
    Without a themes column only the organisation/individual split is given. Shares
    of likes are of the likes known; a group's likes are null when none are known.
    """
    is_organisation = dict(zip(accounts["author"].astype(str).str.casefold(), accounts["organisation"]))
    coded = "themes" in coded_replies.columns
    # Each distinct author is judged once (an account writes many replies), then each reply takes its author's.
    author_codes, authors = pd.factorize(coded_replies["author"].astype(object), sort=False)
    unknown = np.fromiter((not isinstance(a, str) or not a.strip() for a in authors), dtype=bool, count=len(authors))
    organisation = np.fromiter((not missing and bool(is_organisation.get(a.strip().lstrip("@").casefold(), False))
                                for a, missing in zip(authors, unknown)), dtype=bool, count=len(authors))
    reply_unknown = np.where(author_codes >= 0, unknown[np.maximum(author_codes, 0)], True) if len(authors) else \
        np.ones(len(author_codes), dtype=bool)
    reply_organisation = ~reply_unknown & (organisation[np.maximum(author_codes, 0)] if len(authors) else False)
    if coded:
        lobbying = np.fromiter((LOBBYING_THEME in themes if isinstance(themes, (list, tuple)) else False
                                for themes in coded_replies["themes"]), dtype=bool, count=len(coded_replies))
        groups = np.where(lobbying, np.where(reply_organisation, ORGANISATION_LOBBYING, INDIVIDUAL_LOBBYING),
                          np.where(reply_organisation, ORGANISATION_OTHER, INDIVIDUAL_OTHER)).astype(object)
    else:
        groups = np.where(reply_organisation, ORGANISATIONS, INDIVIDUALS).astype(object)
    groups[reply_unknown] = AUTHOR_UNKNOWN
    groups = groups.tolist()
    frame = pd.DataFrame({"group": groups,
                          "author": coded_replies["author"].astype("string").str.strip().str.lstrip("@")
                          .str.casefold().reset_index(drop=True),
                          "likes": coded_replies["likes"].astype("Int64").reset_index(drop=True)})
    order = ([ORGANISATION_LOBBYING, ORGANISATION_OTHER, INDIVIDUAL_LOBBYING, INDIVIDUAL_OTHER] if coded
             else [ORGANISATIONS, INDIVIDUALS])
    if AUTHOR_UNKNOWN in groups:
        order.append(AUTHOR_UNKNOWN)
    selections = [(group, frame["group"] == group) for group in order]
    if coded:
        selections.append((ALL_ORGANISATIONS, frame["group"].isin([ORGANISATION_LOBBYING, ORGANISATION_OTHER])))
    selections.append((WHOLE_THREAD, pd.Series(True, index=frame.index)))
    total_likes = frame["likes"].sum()
    rows = []
    for group, chosen in selections:
        part = frame[chosen]
        known = part["likes"].dropna()
        likes = int(known.sum()) if len(known) or part.empty else pd.NA
        rows.append({"group": group, "accounts": part["author"].dropna().nunique(),
                     "replies": len(part), "share_of_replies": len(part) / len(frame) if len(frame) else pd.NA,
                     "likes": likes,
                     "share_of_likes": likes / total_likes if likes is not pd.NA and total_likes else pd.NA})
    return pd.DataFrame(rows, columns=LOBBYING_COLUMNS).astype(
        {"likes": "Int64", "share_of_replies": "Float64", "share_of_likes": "Float64"})


def analyse_accounts(replies: pd.DataFrame, organisations: Iterable[str] = (), individuals: Iterable[str] = (),
                     min_repeat: int = 3) -> Accounts:
    """Return who is speaking: accounts by replies and likes, organisation flags with evidence, lobbying.

    Reads: author, author_name, author_bio, likes, clean_text, urls, and themes when
    the replies are coded (then the lobbying table splits by the "lobbying" theme).
    `organisations` / `individuals` are the user's corrections, by handle.
    """
    counts = count_accounts(replies)
    table, unmatched = account_table(counts, organisations, individuals)
    return Accounts(accounts=table, lobbying=lobbying_summary(replies, table), replies=counts.replies,
                    replies_without_author=counts.unknown.replies, min_repeat=min_repeat,
                    unmatched_corrections=unmatched)
