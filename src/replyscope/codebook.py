"""The codebook: a TOML file of themes, cited entities, link kinds and account corrections.

Analysts edit it to say what counts as each theme; replyscope shows, for every reply,
which terms matched, so a coding can be checked and corrected. Terms are words,
phrases, prefixes ("sustainab*"), hashtags ("#BuildBackBetter", which also matches
"build back better") or regular expressions, compared after the same tokenising and
lemmatising as the word counts, so "communities" matches "community".
"""

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain, compress
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import ReplyscopeError
from .text import TokenisedReplies, lemma, reply_tokens, split_hashtag

THEME_KEYS = {"label", "description", "include", "exclude", "regex", "exclude_regex", "priority", "colour"}
ENTITY_KEYS = {"label", "kind", "names", "mentions", "hashtags", "domains"}
ENTITY_KINDS = {"idea", "person", "organisation", "publication"}
TOP_KEYS = {"version", "themes", "entities", "link_kinds", "accounts"}
UNCATEGORISED = "uncategorised"


@dataclass(frozen=True)
class Term:
    """One include or exclude entry, compiled for matching."""

    text: str
    # words to match in a row; an entry ending in '*' is a prefix
    parts: tuple[str, ...] = ()
    # a hashtag term matches the tag itself too, case-insensitively
    hashtag: str | None = None
    pattern: re.Pattern | None = None


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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReplyscopeError(f"{path}: codebook not found; create one with 'replyscope codebook init {path}'.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReplyscopeError(f"{path}: cannot read the codebook ({error}); save it as UTF-8 text.") from None
    return parse_codebook(text, str(path))


def parse_codebook(text: str, source: str) -> Codebook:
    """Parse and validate codebook TOML; `source` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReplyscopeError(f"{source}: not valid TOML ({error}); fix that line and run 'replyscope codebook check'.") from None
    _no_unknown_keys(data, TOP_KEYS, source, "the top level")
    themes_data = data.get("themes")
    if not isinstance(themes_data, dict) or not themes_data:
        raise ReplyscopeError(f"{source}: no [themes.<key>] tables; a codebook needs at least one theme.")
    themes = tuple(_parse_theme(key, value, source) for key, value in themes_data.items())
    entities = tuple(_parse_entity(key, value, source) for key, value in (data.get("entities") or {}).items())
    link_kinds = {kind: tuple(_string_list(patterns, source, f"link_kinds.{kind}"))
                  for kind, patterns in (data.get("link_kinds") or {}).items()}
    accounts = data.get("accounts") or {}
    _no_unknown_keys(accounts, {"organisations", "individuals"}, source, "[accounts]")
    organisations = tuple(h.lstrip("@") for h in _string_list(accounts.get("organisations", []), source, "accounts.organisations"))
    individuals = tuple(h.lstrip("@") for h in _string_list(accounts.get("individuals", []), source, "accounts.individuals"))
    return Codebook(themes, entities, link_kinds, organisations, individuals, source, tuple(_duplicate_terms(themes)))


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


def _parse_theme(key: str, value, source: str) -> Theme:
    where = f"[themes.{key}]"
    if not isinstance(value, dict):
        raise ReplyscopeError(f"{source}: {where} must be a table of label, include, exclude ...")
    _no_unknown_keys(value, THEME_KEYS, source, where)
    include = [compile_term(t) for t in _string_list(value.get("include", []), source, f"{where} include")]
    include += [_regex_term(r, source, where) for r in _string_list(value.get("regex", []), source, f"{where} regex")]
    exclude = [compile_term(t) for t in _string_list(value.get("exclude", []), source, f"{where} exclude")]
    exclude += [_regex_term(r, source, where) for r in _string_list(value.get("exclude_regex", []), source, f"{where} exclude_regex")]
    if not include:
        raise ReplyscopeError(f"{source}: {where} has no include terms or regex; give it some or remove the theme.")
    priority = value.get("priority", 0)
    if not isinstance(priority, int):
        raise ReplyscopeError(f"{source}: {where} priority must be a whole number.")
    return Theme(key=key, label=str(value.get("label", key)), description=str(value.get("description", "")),
                 include=tuple(include), exclude=tuple(exclude), priority=priority, colour=value.get("colour"))


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
    try:
        return Term(text=f"/{expression}/", pattern=re.compile(expression, re.IGNORECASE))
    except re.error as error:
        raise ReplyscopeError(f"{source}: {where} regex '{expression}' is invalid ({error}).") from None


def compile_term(text: str) -> Term:
    """Compile a codebook term: 'sustainab*', 'citizens assembly', '#BuildBackBetter', 'listen'."""
    stripped = text.strip()
    if stripped.startswith(("#", "＃")):
        tag = stripped.lstrip("#＃")
        words = split_hashtag(tag) or [tag.lower()]
        return Term(text=stripped, parts=tuple(lemma(w) for w in words), hashtag=tag.casefold())
    parts: list[str] = []
    for piece in stripped.lower().split():
        if piece.endswith("*") and len(piece) > 1:
            parts.append(piece)
            continue
        words = [w for w in reply_tokens(piece).words if w is not None]
        parts.extend(lemma(w) for w in words)
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


class Match(NamedTuple):
    """A term that matched a reply: the theme, the codebook term and the words it matched."""

    theme: str
    term: str
    matched: str
    excluded: bool = False
    # word position where a word or phrase term matched (None for hashtags and regexes)
    position: int | None = None


class Matcher:
    """Matches codebook themes against tokenised replies.

    Fast because work is done per distinct word, not per reply: each word's set of
    matching term parts, and the terms it can start, are worked out once; then only the
    words that start a term are visited, found over the whole word array at once.
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
        self._prefix_parts: list[tuple[str, int]] = []
        for part, index in part_id.items():
            if part.endswith("*"):
                self._prefix_parts.append((part[:-1], index))
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

    def _info(self, word: str, word_lemma: str) -> tuple[frozenset, tuple, tuple]:
        """The term parts this word satisfies, the one-word terms it matches and the phrase terms it can start."""
        satisfied = {*self._exact_parts.get(word, ()), *self._exact_parts.get(word_lemma, ())}
        satisfied.update(index for text, index in self._prefix_parts
                         if word.startswith(text) or word_lemma.startswith(text))
        singles, phrases = [], []
        for index in sorted(chain.from_iterable(self._terms_by_first.get(part, ()) for part in satisfied)):
            theme, term, excluded = self._entries[index]
            rest = self._term_parts[index][1:]
            if rest:
                phrases.append((rest, theme, term.text, excluded))
            else:
                singles.append((theme, term.text, excluded))
        return frozenset(satisfied), tuple(singles), tuple(phrases)

    def match_replies(self, tokens: TokenisedReplies, texts: list[str]) -> dict[int, list[Match]]:
        """Return, for each reply some term matches, every include and exclude term matching it, in reading order.

        `texts` are the replies' clean texts, which regular-expression terms search.
        """
        infos = [self._info(word, word_lemma) for word, word_lemma in zip(tokens.words, tokens.lemmas)]
        satisfied = [info[0] for info in infos] + [frozenset()]  # the last entry serves clause breaks (-1)
        starts = np.array([bool(info[1] or info[2]) for info in infos] + [False], dtype=bool)
        positions = np.flatnonzero(starts[tokens.word_ids])
        replies = np.searchsorted(tokens.offsets, positions, side="right") - 1
        ends = tokens.offsets[replies + 1]
        firsts = tokens.offsets[replies]
        ids = tokens.word_ids.tolist()
        words = tokens.words
        found: dict[int, list[Match]] = {}
        for position, reply, end, first in zip(positions.tolist(), replies.tolist(), ends.tolist(), firsts.tolist()):
            word_id = ids[position]
            _, singles, phrases = infos[word_id]
            word = words[word_id]
            matches = found.get(reply)
            if matches is None:
                matches = found[reply] = []
            for theme, term_text, excluded in singles:
                matches.append(Match(theme, term_text, word, excluded, position - first))
            if not phrases or position + 1 == end:
                continue
            following = satisfied[ids[position + 1]]
            for rest, theme, term_text, excluded in phrases:
                if rest[0] not in following:  # most phrases fail on their second word
                    continue
                stop = position + 1 + len(rest)
                if stop > end or any(part not in satisfied[ids[at]] for part, at in zip(rest[1:], range(position + 2, stop))):
                    continue
                matched = " ".join(words[i] for i in ids[position:stop])
                matches.append(Match(theme, term_text, matched, excluded, position - first))
        for reply, matches in found.items():
            if matches:
                found[reply] = _one_term_per_span(matches)
        if self._hashtag_terms:
            for reply, tags in tokens.tags.items():
                self._add_hashtag_matches(tags, found, reply)
        if self._any_regex is not None:
            for reply in compress(range(len(texts)), map(self._any_regex.search, texts)):
                self._add_regex_matches(texts[reply], found, reply)
        return {reply: matches for reply, matches in found.items() if matches}

    def _add_hashtag_matches(self, tags: list[str], found: dict[int, list[Match]], reply: int) -> None:
        for tag in tags:
            for index in self._hashtag_terms.get(tag.lstrip("#＃").casefold(), ()):
                theme, term, excluded = self._entries[index]
                matches = found.setdefault(reply, [])
                if not any(m.term == term.text for m in matches):
                    matches.append(Match(theme, term.text, tag, excluded))

    def _add_regex_matches(self, text: str, found: dict[int, list[Match]], reply: int) -> None:
        for index, term in self._regex_terms:
            hit = term.pattern.search(text)
            if hit:
                theme, _, excluded = self._entries[index]
                matches = found.setdefault(reply, [])
                already = any(m.theme == theme and m.matched.lower() == hit.group(0).lower() for m in matches)
                if not already:
                    matches.append(Match(theme, term.text, hit.group(0), excluded))


def _combined(patterns) -> re.Pattern | None:
    """One pattern that finds whether any of the regex terms could match, so most replies need one search."""
    sources = [p.pattern for p in patterns]
    if not sources:
        return None
    try:
        return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)
    except re.error:  # e.g. inline global flags in a user's term: just try them one by one
        return re.compile("")


def _one_term_per_span(matches: list[Match]) -> list[Match]:
    """Keep one match per theme and stretch of words: 'reading' and 'read' are one piece of evidence."""
    kept: dict[tuple, Match] = {}
    for match in matches:
        key = (match.theme, match.excluded, match.position, match.matched)
        kept.setdefault(key, match)
    return list(kept.values())
