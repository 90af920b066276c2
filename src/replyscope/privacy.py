"""Pseudonymising the reply table: individuals' handles and names become stable pseudonyms before analysis.

UK public-sector teams must minimise the personal data they pass on. Replacing people in
the one reply table, before anything is counted, means every output (HTML, CSV, XLSX,
pictures, briefing) carries the pseudonyms and none can miss one. Organisations (as
analyses.accounts judges them, with the codebook's corrections), the account that asked
and the accounts of the ideas the codebook cites stay named: they speak in public roles.

The key (pseudonym -> handle, name) is returned, for a team that must be able to
re-identify; `write_key` keeps it in a file apart from the outputs, and reading an
existing key back first keeps every pseudonym the same from one run to the next.
"""

import csv
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .analyses.accounts import account_table, count_accounts
from .codebook import Codebook
from .errors import ReplyscopeError

PSEUDONYM_PREFIX = "person_"
# A display name is also replaced inside reply text when it has at least this many words:
# a one-word name ("Sam", "Hope") is too often an ordinary word to replace everywhere.
MIN_NAME_WORDS_IN_TEXT = 2
_HANDLE = r"[A-Za-z0-9_]+"


@dataclass
class PseudonymKey:
    """Handle (any case) -> pseudonym, and the names each pseudonym replaced."""

    pseudonyms: dict[str, str] = field(default_factory=dict)   # casefolded handle -> person_0001
    handles: dict[str, str] = field(default_factory=dict)      # person_0001 -> handle as first seen
    names: dict[str, str] = field(default_factory=dict)        # person_0001 -> display name

    def pseudonym(self, handle: str) -> str:
        """The handle's pseudonym, made on first sight: person_0001, person_0002 ..."""
        key = handle.casefold()
        if key not in self.pseudonyms:
            made = f"{PSEUDONYM_PREFIX}{len(self.handles) + 1:04d}"
            self.pseudonyms[key], self.handles[made] = made, handle
        return self.pseudonyms[key]

    def display_name(self, pseudonym: str) -> str:
        return pseudonym.replace("_", " ").capitalize()


def read_key(path: Path) -> PseudonymKey:
    """A key written by `write_key` (columns pseudonym, handle, name), so pseudonyms stay the same between runs."""
    key = PseudonymKey()
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                made, who = row["pseudonym"], row["handle"]
                key.pseudonyms[who.casefold()], key.handles[made] = made, who
                if row.get("name"):
                    key.names[made] = row["name"]
    except (OSError, KeyError, csv.Error) as error:
        raise ReplyscopeError(f"{path}: cannot read the pseudonym key ({error}); it needs columns pseudonym, handle, "
                              "name, as replyscope writes it, or choose a new file.") from None
    return key


def write_key(key: PseudonymKey, path: Path, out_dir: Path | None = None) -> None:
    """Write the key as CSV, atomically, refusing a place inside the report folder (it would travel with it)."""
    path = Path(path)
    if out_dir is not None and Path(out_dir).resolve() in path.resolve().parents:
        raise ReplyscopeError(f"{path}: the pseudonym key must be kept apart from the outputs; choose a file outside "
                              f"{out_dir}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pseudonym", "handle", "name"])
        for made, who in key.handles.items():
            writer.writerow([made, who, key.names.get(made, "")])
    os.chmod(partial, 0o600)  # the key re-identifies people: readable by its owner only
    partial.replace(path)


def named_accounts(table: pd.DataFrame, codebook: Codebook, root_author: str | None) -> set[str]:
    """Casefolded handles that stay named: organisations, the root account, the codebook's cited accounts."""
    accounts, _ = account_table(count_accounts(table), codebook.organisations, codebook.individuals)
    named = {str(h).casefold() for h in accounts.loc[accounts["organisation"], "author"]}
    named |= {m.lstrip("@").casefold() for entity in codebook.entities for m in entity.mentions}
    if root_author:
        named.add(root_author.lstrip("@").casefold())
    return named


def pseudonymise_replies(table: pd.DataFrame, codebook: Codebook, key: PseudonymKey | None = None
                         ) -> tuple[pd.DataFrame, PseudonymKey]:
    """Return a copy of the reply table with individuals pseudonymised everywhere, and the key.

    Replaced: author and author_name of individuals (their bios are blanked), every @mention
    of a handle not kept named (an account that only appears in a mention may be a person),
    the handles in post links, and individuals' display names of two words or more in the text.
    The load report's root post is treated alike, its author kept.
    """
    key = key or PseudonymKey()
    load = table.attrs.get("load_report")
    root = load.root_post if load is not None and load.root_post else None
    root_author = root.get("author") if root else None
    named = named_accounts(table, codebook, root_author)
    result = table.copy()

    def replace_handle(handle) -> str | None:
        if not isinstance(handle, str) or not handle.strip():
            return handle
        bare = handle.strip().lstrip("@")
        return bare if bare.casefold() in named else key.pseudonym(bare)

    individual = ~result["author"].astype(object).map(
        lambda h: not isinstance(h, str) or h.strip().lstrip("@").casefold() in named).astype(bool)
    for handle, name in zip(result.loc[individual, "author"], result.loc[individual, "author_name"]):
        made = replace_handle(handle)
        if isinstance(name, str) and name.strip():
            key.names.setdefault(made, name.strip())
    for mentions in result["mentions"]:
        for handle in mentions if isinstance(mentions, list) else []:
            replace_handle(handle)
    result["author"] = result["author"].astype(object).map(replace_handle).astype("string")
    result.loc[individual, "author_name"] = result.loc[individual, "author"].map(key.display_name)
    result.loc[individual, "author_bio"] = pd.NA
    result["mentions"] = [[replace_handle(h) for h in m] if isinstance(m, list) else m for m in result["mentions"]]
    rewrite = _text_rewriter(key, named)
    for column in ("text", "clean_text", "url"):
        result[column] = result[column].astype(object).map(lambda v: rewrite(v) if isinstance(v, str) else v).astype("string")
    result["urls"] = [[rewrite(u) for u in urls] if isinstance(urls, list) else urls for urls in result["urls"]]
    if root:
        load.root_post = {k: rewrite(v) if isinstance(v, str) and k != "author" else v for k, v in root.items()}
    result.attrs = dict(table.attrs)
    return result, key


def _text_rewriter(key: PseudonymKey, named: set[str]):
    """A function replacing @handles, /handle link paths and long display names of the people in `key`."""
    pattern = re.compile(r"((?<![\w@])[@＠]|/)(" + _HANDLE + r")(?!\w)")

    def handle_in_text(match: re.Match) -> str:
        handle = match.group(2)
        made = key.pseudonyms.get(handle.casefold())
        if made is None or handle.casefold() in named:
            return match.group(0)
        return match.group(1) + made

    names = sorted({_words(name): made for made, name in key.names.items()
                    if len(_words(name).split()) >= MIN_NAME_WORDS_IN_TEXT}.items(), key=lambda item: -len(item[0]))
    name_pattern = (re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n, _ in names) + r")(?!\w)", re.IGNORECASE)
                    if names else None)
    by_name = {n.casefold(): made for n, made in names}

    def rewrite(text: str) -> str:
        if "@" in text or "/" in text or "＠" in text:
            text = pattern.sub(handle_in_text, text)
        if name_pattern is not None:
            text = name_pattern.sub(lambda m: key.display_name(by_name[m.group(1).casefold()]), text)
        return text

    return rewrite


def _words(name: str) -> str:
    """A display name's words only, as it would be written in a reply: 'Rachel Holloway 🏴' -> 'Rachel Holloway'."""
    return " ".join(re.findall(r"[^\W\d_][\w'’.-]*", name))
