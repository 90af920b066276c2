"""The codebook: a TOML file of themes, cited entities, link kinds and account corrections.

Analysts edit it to say what counts as each theme; replyscope shows, for every reply,
which terms matched, so a coding can be checked and corrected. Terms are words,
phrases, prefixes ("sustainab*"), hashtags ("#BuildBackBetter", which also matches
"build back better") or regular expressions, compared after the same tokenising and
lemmatising as the word counts, so "communities" matches "community".
"""

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np
import regex

from . import codebook_values
from .errors import ReplyscopeError, read_user_text
from .languages import DEFAULT_LANGUAGE
from .text import TokenisedReplies, lemma, reply_tokens, split_hashtag

THEME_KEYS = {"label", "description", "include", "exclude", "regex", "exclude_regex", "priority", "colour"}
ENTITY_KEYS = {"label", "kind", "names", "mentions", "hashtags", "domains"}
ENTITY_KINDS = {"idea", "person", "organisation", "publication"}
TOP_KEYS = {"version", "themes", "entities", "link_kinds", "accounts", "language", "words"}
WORDS_KEYS = {"stop", "keep"}
UNCATEGORISED = "uncategorised"


@dataclass(frozen=True)
class Term:
    """One include or exclude entry, compiled for matching."""

    text: str
    # words to match in a row; an entry ending in '*' is a prefix
    parts: tuple[str, ...] = ()
    # a hashtag term matches the tag itself too, case-insensitively
    hashtag: str | None = None
    pattern: regex.Pattern | None = None


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    description: str = ""
    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    # a higher priority wins the primary theme whenever it matches (abuse over everything)
    priority: int = 0
    colour: str | None = None


@dataclass(frozen=True)
class Entity:
    """An idea, person, organisation or publication replies may cite, with every form it takes."""

    key: str
    label: str
    kind: str = "idea"
    names: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    themes: tuple[Theme, ...]
    entities: tuple[Entity, ...] = ()
    link_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    organisations: tuple[str, ...] = ()
    individuals: tuple[str, ...] = ()
    source: str = "default"
    warnings: tuple[str, ...] = ()
    # the language its terms are written in (ISO 639-1), and the [words] table's own stopwords and keep words
    language: str = DEFAULT_LANGUAGE
    stop_words: tuple[str, ...] = ()
    keep_words: tuple[str, ...] = ()

    def theme(self, key: str) -> Theme | None:
        return next((t for t in self.themes if t.key == key), None)

    def labels(self) -> dict[str, str]:
        """Theme key -> label, with the uncategorised bucket."""
        return {**{t.key: t.label for t in self.themes}, UNCATEGORISED: "Uncategorised"}


def default_codebook_text() -> str:
    """The bundled default codebook, as the TOML text `codebook init` writes."""
    return resources.files("replyscope.data").joinpath("codebook.toml").read_text(encoding="utf-8")


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Return the codebook at `path`, or the bundled default; invalid files raise ReplyscopeError."""
    if path is None:
        return parse_codebook(default_codebook_text(), "default codebook")
    text = read_user_text(path, "codebook", "the codebook's .toml file",
                          f"create one with 'replyscope codebook init {path}'", "save it as UTF-8 text")
    return parse_codebook(text, str(path))


def parse_codebook(text: str, source: str) -> Codebook:
    """Parse and validate codebook TOML; `source` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReplyscopeError(f"{source}: not valid TOML ({error}); fix that line and run 'replyscope codebook check'.") from None
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise ReplyscopeError(f"{source}: nests arrays or tables deeper than any codebook needs (Python's TOML reader "
                              "gives up near 1,000 levels); a codebook is themes of flat lists of terms.") from None
    _no_unknown_keys(data, TOP_KEYS, source, "the top level")
    themes_data = data.get("themes")
    if not isinstance(themes_data, dict) or not themes_data:
        raise ReplyscopeError(f"{source}: no [themes.<key>] tables; a codebook needs at least one theme.")
    code = data.get("language", DEFAULT_LANGUAGE)
    if not isinstance(code, str) or not code.isalpha() or len(code) not in (2, 3):
        raise ReplyscopeError(f"{source}: language must be a two-letter ISO 639-1 code in quotes, such as \"en\" or \"it\".")
    code = code.lower()
    themes = tuple(_parse_theme(key, value, source, code) for key, value in themes_data.items())
    entities = tuple(_parse_entity(key, value, source) for key, value in (data.get("entities") or {}).items())
    link_kinds = {kind: tuple(_string_list(patterns, source, f"link_kinds.{kind}"))
                  for kind, patterns in (data.get("link_kinds") or {}).items()}
    accounts = data.get("accounts") or {}
    _no_unknown_keys(accounts, {"organisations", "individuals"}, source, "[accounts]")
    organisations = tuple(h.lstrip("@") for h in _string_list(accounts.get("organisations", []), source, "accounts.organisations"))
    individuals = tuple(h.lstrip("@") for h in _string_list(accounts.get("individuals", []), source, "accounts.individuals"))
    words = data.get("words") or {}
    if not isinstance(words, dict):
        raise ReplyscopeError(f"{source}: [words] must be a table with stop = [...] and keep = [...].")
    _no_unknown_keys(words, WORDS_KEYS, source, "[words]")
    warnings = (*_duplicate_terms(themes), *_unmatchable_terms(themes), *_risky_regexes(themes))
    return Codebook(themes, entities, link_kinds, organisations, individuals, source, warnings, language=code,
                    stop_words=tuple(_string_list(words.get("stop", []), source, "words.stop")),
                    keep_words=tuple(_string_list(words.get("keep", []), source, "words.keep")))


def _no_unknown_keys(table: dict, allowed: set[str], source: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ReplyscopeError(f"{source}: unknown key '{unknown[0]}' in {where}; allowed keys: {', '.join(sorted(allowed))}.")


def _string_list(value, source: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReplyscopeError(f"{source}: {where} must be a list of strings in quotes.")
    return [v.strip() for v in value if v.strip()]


def _parse_theme(key: str, value, source: str, code: str = DEFAULT_LANGUAGE) -> Theme:
    where = f"[themes.{key}]"
    if not isinstance(value, dict):
        raise ReplyscopeError(f"{source}: {where} must be a table of label, include, exclude ...")
    _no_unknown_keys(value, THEME_KEYS, source, where)
    include = [compile_term(t, code) for t in _string_list(value.get("include", []), source, f"{where} include")]
    include += [_regex_term(r, source, where) for r in _string_list(value.get("regex", []), source, f"{where} regex")]
    exclude = [compile_term(t, code) for t in _string_list(value.get("exclude", []), source, f"{where} exclude")]
    exclude += [_regex_term(r, source, where) for r in _string_list(value.get("exclude_regex", []), source, f"{where} exclude_regex")]
    if not include and not str(value.get("description", "")).strip():
        raise ReplyscopeError(f"{source}: {where} has no include terms and no description; give it terms, or a "
                              "description and reviewed examples (see 'replyscope review'), or remove the theme.")
    priority = value.get("priority", 0)
    if not isinstance(priority, int):
        raise ReplyscopeError(f"{source}: {where} priority must be a whole number.")
    colour = codebook_values.check_colour(value.get("colour"), source, where)
    return Theme(key=key, label=str(value.get("label", key)), description=str(value.get("description", "")),
                 include=tuple(include), exclude=tuple(exclude), priority=priority, colour=colour)


def _parse_entity(key: str, value, source: str) -> Entity:
    where = f"[entities.{key}]"
    if not isinstance(value, dict):
        raise ReplyscopeError(f"{source}: {where} must be a table of label, kind, names ...")
    _no_unknown_keys(value, ENTITY_KEYS, source, where)
    kind = value.get("kind", "idea")
    if kind not in ENTITY_KINDS:
        raise ReplyscopeError(f"{source}: {where} kind '{kind}' is not one of {', '.join(sorted(ENTITY_KINDS))}.")
    forms = {name: tuple(_string_list(value.get(name, []), source, f"{where} {name}"))
             for name in ("names", "mentions", "hashtags", "domains")}
    if not any(forms.values()):
        raise ReplyscopeError(f"{source}: {where} has no names, mentions, hashtags or domains to look for.")
    return Entity(key=key, label=str(value.get("label", key)), kind=kind,
                  names=forms["names"], mentions=tuple(m.lstrip("@") for m in forms["mentions"]),
                  hashtags=tuple(h.lstrip("#") for h in forms["hashtags"]), domains=forms["domains"])


def _regex_term(expression: str, source: str, where: str) -> Term:
    return Term(text=f"/{expression}/", pattern=codebook_values.compile_regex(expression, source, where))


def _risky_regexes(themes: tuple[Theme, ...]) -> list[str]:
    """A warning for each regex term whose repeated repeats can make matching take for ever."""
    warnings = []
    for theme in themes:
        for term in (*theme.include, *theme.exclude):
            risk = codebook_values.catastrophic_repeat(term.pattern.pattern) if term.pattern else None
            if risk:
                warnings.append(f"regex {term.text} in '{theme.key}' has {risk}, which can take for ever on a long "
                                f"reply (each reply gets {codebook_values.REGEX_TIMEOUT_SECONDS:g} s); rewrite it "
                                "without the outer repeat")
    return warnings


def compile_term(text: str, code: str = DEFAULT_LANGUAGE) -> Term:
    """Compile a codebook term: 'sustainab*', 'citizens assembly', '#BuildBackBetter', 'listen', 'covid19'.

    Words are lemmatised in the codebook's language `code`; letters and digits written
    together stay one word, so 'covid19', 'net0' and '5g' match as written.
    """
    stripped = text.strip()
    if stripped.startswith(("#", "＃")):
        tag = stripped.lstrip("#＃")
        words = split_hashtag(tag) or [tag.lower()]
        return Term(text=stripped, parts=tuple(lemma(w, code) for w in words), hashtag=tag.casefold())
    parts: list[str] = []
    for piece in stripped.lower().split():
        if piece.endswith("*") and len(piece) > 1:
            parts.append(piece)
            continue
        words = [w for w in reply_tokens(piece, code).words if w is not None]
        parts.extend(lemma(w, code) for w in words)
    return Term(text=stripped, parts=tuple(parts))


def _duplicate_terms(themes: tuple[Theme, ...]) -> list[str]:
    seen: dict[str, str] = {}
    warnings = []
    for theme in themes:
        for term in theme.include:
            key = term.pattern.pattern if term.pattern else " ".join(term.parts)
            if key in seen and seen[key] != theme.key:
                warnings.append(f"term '{term.text}' is in both '{seen[key]}' and '{theme.key}'; a reply using it gets both themes")
            seen.setdefault(key, theme.key)
    return warnings


def _unmatchable_terms(themes: tuple[Theme, ...]) -> list[str]:
    """Terms that leave no word to look for ('2020', '!!!'): they can never match a reply."""
    return [f"term '{term.text}' in '{theme.key}' can never match: it has no word replyscope reads "
            "(numbers alone and punctuation are not words); write it with letters, e.g. 'covid19', or as a regex"
            for theme in themes for term in (*theme.include, *theme.exclude)
            if not term.parts and not term.hashtag and not term.pattern]


class Match(NamedTuple):
    """A term that matched a reply: the theme, the codebook term and the words it matched."""

    theme: str
    term: str
    matched: str
    excluded: bool = False


class Matcher:
    """Matches codebook themes against tokenised replies.

    Fast because work is done per distinct word, not per reply: each word's set of
    matching term parts, its one-word matches and the phrases it can start are worked
    out once; then only the words that start a term are visited, found over the whole
    word array at once.
    """

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self._entries = [(theme.key, term, excluded)
                         for theme in codebook.themes
                         for excluded, terms in ((False, theme.include), (True, theme.exclude))
                         for term in terms]
        parts = sorted({part for _, term, _ in self._entries for part in term.parts})
        part_id = {part: index for index, part in enumerate(parts)}
        self._exact_parts: dict[str, list[int]] = {}
        self._prefix_parts: dict[str, list[tuple[str, int]]] = {}  # by first character
        for part, index in part_id.items():
            if part.endswith("*"):
                self._prefix_parts.setdefault(part[0], []).append((part[:-1], index))
            else:
                self._exact_parts.setdefault(part, []).append(index)
        # first part -> the terms it starts, in codebook order
        self._terms_by_first: dict[int, list[int]] = {}
        self._term_parts: list[tuple[int, ...]] = []
        for index, (_, term, _) in enumerate(self._entries):
            ids = tuple(part_id[p] for p in term.parts)
            self._term_parts.append(ids)
            if ids:
                self._terms_by_first.setdefault(ids[0], []).append(index)
        self._hashtag_terms: dict[str, list[int]] = {}
        for index, (_, term, _) in enumerate(self._entries):
            if term.hashtag:
                self._hashtag_terms.setdefault(term.hashtag, []).append(index)
        self._regex_terms = [(i, t) for i, (_, t, _) in enumerate(self._entries) if t.pattern]
        self._any_regex = _combined(t.pattern for _, t in self._regex_terms)

    def _info(self, word: str, word_lemma: str) -> tuple[frozenset, tuple[Match, ...], tuple]:
        """The term parts this word satisfies, its one-word matches and the phrase terms it can start.

        A theme takes one match per stretch of words: 'reading' matching both 'read' and
        'reading' is one piece of evidence (the first term in codebook order names it).
        """
        satisfied = {*self._exact_parts.get(word, ()), *self._exact_parts.get(word_lemma, ())}
        for first in {word[:1], word_lemma[:1]}:
            satisfied.update(index for text, index in self._prefix_parts.get(first, ())
                             if word.startswith(text) or word_lemma.startswith(text))
        singles: dict[tuple[str, bool], Match] = {}
        phrases = []
        for index in sorted(chain.from_iterable(self._terms_by_first.get(part, ()) for part in satisfied)):
            theme, term, excluded = self._entries[index]
            rest = self._term_parts[index][1:]
            if rest:
                phrases.append((rest, theme, term.text, excluded))
            else:
                singles.setdefault((theme, excluded), Match(theme, term.text, word, excluded))
        return frozenset(satisfied), tuple(singles.values()), tuple(phrases)

    def match_replies(self, tokens: TokenisedReplies, texts: list[str]) -> dict[int, tuple[Match, ...]]:
        """Return, for each reply some term matches, every include and exclude term matching it, in reading order.

        `texts` are the replies' clean texts, which regular-expression terms search.
        Each word that starts a term contributes its one-word matches (worked out once per
        distinct word); only a word followed by the second word of one of its phrases is
        looked at on its own.
        """
        infos = [self._info(word, word_lemma) for word, word_lemma in zip(tokens.words, tokens.lemmas)]
        satisfied = [info[0] for info in infos] + [frozenset()]  # the last entry serves clause breaks (-1)
        second_parts = [frozenset(rest[0] for rest, *_ in info[2]) for info in infos]
        starts = np.array([bool(info[1] or info[2]) for info in infos] + [False], dtype=bool)
        starts_phrase = np.array([bool(info[2]) for info in infos] + [False], dtype=bool)
        positions = np.flatnonzero(starts[tokens.word_ids])
        replies = np.searchsorted(tokens.offsets, positions, side="right") - 1
        word_ids = tokens.word_ids
        start_words = word_ids[positions].tolist()
        contributions = [infos[word][1] for word in start_words]
        # A phrase can only start where the next word of the same reply is one of its second parts:
        # that is checked once per distinct pair of words, then matched once per distinct run of words.
        candidates = np.flatnonzero(starts_phrase[word_ids[positions]] & (positions + 1 < tokens.offsets[replies + 1]))
        if len(candidates):
            at = positions[candidates]
            size = len(infos) + 1
            pairs, pair_of = np.unique(word_ids[at].astype(np.int64) * size + (word_ids[at + 1] + 1), return_inverse=True)
            possible = np.array([not second_parts[pair // size].isdisjoint(satisfied[pair % size - 1])
                                 for pair in pairs.tolist()], dtype=bool)
            candidates = candidates[possible[pair_of]]
            longest = max(len(term.parts) for _, term, _ in self._entries)
            ends = tokens.offsets[replies[candidates] + 1]
            ids = word_ids.tolist()
            runs: dict[tuple[int, ...], tuple[Match, ...]] = {}
            for index, position, end in zip(candidates.tolist(), positions[candidates].tolist(), ends.tolist()):
                run = tuple(ids[position:min(end, position + longest)])
                phrases = runs.get(run)
                if phrases is None:
                    phrases = runs[run] = self._phrases_in(run, infos[run[0]][2], satisfied, tokens.words)
                if phrases:
                    contributions[index] = infos[run[0]][1] + phrases
        found: dict[int, tuple[Match, ...]] = {}
        if len(positions):
            firsts = np.flatnonzero(np.concatenate([[True], replies[1:] != replies[:-1]]))
            bounds = np.append(firsts, len(positions)).tolist()
            for reply, first, last in zip(replies[firsts].tolist(), bounds, bounds[1:]):
                matches = tuple(chain.from_iterable(contributions[first:last]))
                if matches:
                    found[reply] = matches
        if self._hashtag_terms:
            hits = np.array([any(self._hashtag_key(tag) in self._hashtag_terms for tag in tags)
                             for tags in tokens.chunk_tags] + [False], dtype=bool)
            chosen = hits[tokens.tag_chunks]
            for reply, chunk in zip(tokens.tag_replies[chosen].tolist(), tokens.tag_chunks[chosen].tolist()):
                self._add_hashtag_matches(tokens.chunk_tags[chunk], found, reply)
        if self._any_regex is not None:
            for reply, text in enumerate(texts):
                if self._search(self._any_regex, text, reply):
                    self._add_regex_matches(text, found, reply)
        return found

    def _search(self, pattern, text: str, reply: int, term: Term | None = None):
        """pattern.search(text) within the regex time limit; past it, a ReplyscopeError naming the term."""
        try:
            return codebook_values.search(pattern, text)
        except TimeoutError:
            if term is None:  # the combined pattern: find the term that is slow on this reply
                for _, candidate in self._regex_terms:
                    self._search(candidate.pattern, text, reply, candidate)
                term = self._regex_terms[0][1]
            raise ReplyscopeError(
                f"{self.codebook.source}: regex {term.text} took over {codebook_values.REGEX_TIMEOUT_SECONDS:g} s "
                f"on reply {reply + 1:,} ({len(text):,} characters): it backtracks without end; rewrite it without "
                "nested repeats such as (a+)+ and run 'replyscope codebook check'.") from None

    @staticmethod
    def _phrases_in(run: tuple[int, ...], phrases: tuple, satisfied: list[frozenset], words: list[str]) -> tuple[Match, ...]:
        """The phrase terms matching at the start of `run` (word ids), one per theme and words."""
        found: dict[tuple, Match] = {}
        for rest, theme, term_text, excluded in phrases:
            if len(rest) >= len(run) or any(part not in satisfied[word] for part, word in zip(rest, run[1:])):
                continue
            matched = " ".join(words[word] for word in run[:len(rest) + 1])
            found.setdefault((theme, excluded, matched), Match(theme, term_text, matched, excluded))
        return tuple(found.values())

    @staticmethod
    def _hashtag_key(tag: str) -> str:
        return tag.lstrip("#＃").casefold()

    def _add_hashtag_matches(self, tags: tuple[str, ...], found: dict[int, tuple[Match, ...]], reply: int) -> None:
        for tag in tags:
            for index in self._hashtag_terms.get(self._hashtag_key(tag), ()):
                theme, term, excluded = self._entries[index]
                matches = found.get(reply, ())
                if not any(m.term == term.text for m in matches):
                    found[reply] = (*matches, Match(theme, term.text, tag, excluded))

    def _add_regex_matches(self, text: str, found: dict[int, tuple[Match, ...]], reply: int) -> None:
        for index, term in self._regex_terms:
            hit = self._search(term.pattern, text, reply, term)
            if hit:
                theme, _, excluded = self._entries[index]
                matches = found.get(reply, ())
                if not any(m.theme == theme and m.matched.lower() == hit.group(0).lower() for m in matches):
                    found[reply] = (*matches, Match(theme, term.text, hit.group(0), excluded))


def _combined(patterns) -> regex.Pattern | None:
    """One pattern that finds whether any of the regex terms could match, so most replies need one search."""
    sources = [p.pattern for p in patterns]
    if not sources:
        return None
    try:
        return regex.compile("|".join(f"(?:{s})" for s in sources), regex.IGNORECASE)
    except regex.error:  # e.g. inline global flags in a user's term: just try them one by one
        return regex.compile("")
