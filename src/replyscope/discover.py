"""`discover_themes(table)`: themes the codebook may be missing, proposed from the replies.

The notebook and CLI entry point: it tokenises and codes the replies as `analyse` does,
then hands the replies the codebook leaves uncategorised (or all of them, with no
codebook) to analyses.discovery.
"""

from pathlib import Path

import pandas as pd

from .analyses.discovery import ProposedThemes, propose_themes
from .analyses.themes import code_replies
from .codebook import UNCATEGORISED, Codebook, default_codebook_text, load_codebook
from .errors import ReplyscopeError
from .settings import DEFAULTS, Settings
from .text import TokenisedReplies, tokenise_replies


def discover_themes(table: pd.DataFrame, codebook: Codebook | str | Path | None = None, n: int | str = "auto",
                    seed: int | None = None, settings: Settings | None = None) -> ProposedThemes:
    """Return themes proposed for the replies `codebook` leaves uncategorised.

    `codebook` is a Codebook, a path to one, "default" for the bundled one, or None to
    propose themes for every reply (a thread started from nothing). `n` is a number of
    themes or "auto". The same table and seed (default: settings.random_state) give the
    same themes. Reposts are left out unless settings.keep_reposts.
    """
    settings = settings or DEFAULTS
    if n != "auto" and (not isinstance(n, int) or n < 2):
        raise ReplyscopeError(f"number of themes '{n}' must be 'auto' or a whole number of 2 or more.")
    base_text = None
    if codebook == "default":
        codebook, base_text = load_codebook(None), default_codebook_text()
    elif codebook is not None and not isinstance(codebook, Codebook):
        path = Path(codebook)
        codebook = load_codebook(path)
        base_text = path.read_text(encoding="utf-8-sig")
    elif isinstance(codebook, Codebook):
        base_text = _codebook_text(codebook)
    reposts = table["is_repost"].fillna(False).astype(bool)
    replies = table if settings.keep_reposts else table[~reposts].reset_index(drop=True)
    tokens = tokenise_replies(replies["clean_text"].fillna("").astype(object).tolist())
    searched = None
    if codebook is not None:
        replies = code_replies(replies, tokens, codebook)
        searched = (replies["primary_theme"] == UNCATEGORISED).to_numpy(dtype=bool)
    result = propose_themes(replies, tokens, searched, n=n, seed=settings.random_state if seed is None else seed,
                            max_themes=settings.max_proposed_themes, fit_replies=settings.discovery_fit_replies,
                            reserved_keys=[t.key for t in codebook.themes] if codebook else ())
    result.base_codebook = base_text
    if codebook is not None and base_text is None:
        result.notes.append(f"The codebook {codebook.source} could not be read back as text: the draft codebook "
                            "holds the proposed themes only; copy them into yours.")
    if searched is not None and not searched.any():
        result.notes.append("The codebook gives every reply a theme: there is nothing left to propose themes for "
                            "(use --no-codebook to look at all replies).")
    return result


def _codebook_text(codebook: Codebook) -> str | None:
    """The TOML a loaded codebook came from, when it can be found again."""
    if codebook.source in ("default", "default codebook"):
        return default_codebook_text()
    path = Path(codebook.source)
    return path.read_text(encoding="utf-8-sig") if path.is_file() else None


def missing_themes(coded: pd.DataFrame, tokens: TokenisedReplies, codebook: Codebook,
                   settings: Settings) -> ProposedThemes | None:
    """Themes proposed for the uncategorised replies of an analysis, when more than settings.missing_themes_share are."""
    if not proposes_missing_themes(coded, settings):
        return None
    uncategorised = (coded["primary_theme"] == UNCATEGORISED).to_numpy(dtype=bool)
    return propose_themes(coded, tokens, uncategorised, seed=settings.random_state,
                          max_themes=settings.max_proposed_themes, fit_replies=settings.discovery_fit_replies,
                          reserved_keys=[t.key for t in codebook.themes])


def proposes_missing_themes(coded: pd.DataFrame, settings: Settings) -> bool:
    """Whether missing_themes looks for themes: more than settings.missing_themes_share of the replies are uncategorised."""
    return bool(len(coded)) and (coded["primary_theme"] == UNCATEGORISED).mean() > settings.missing_themes_share
