"""The draft codebook `replyscope themes` writes: the codebook given, plus one table per proposed theme.

The given codebook's text is kept as it was, comments and all, so the draft is that
codebook with new themes appended. Each proposed theme's include terms are its
distinctive terms that mostly occur in it; its typical replies are listed in comments
so the analyst can judge the theme while editing.
"""

import json

import pandas as pd

from ..analyses.discovery import ProposedThemes

# Include terms of a proposed theme: at most this many of its distinctive terms ...
MAX_DRAFT_TERMS = 12
# ... that at least this share of the searched replies using them are in the theme.
MIN_TERM_PRECISION = 0.5
NEW_CODEBOOK_HEADER = """# replyscope codebook: a draft proposed from the replies by `replyscope themes`.
#
# Each [themes.<key>] table is one theme. Replies matching any `include` term get the
# theme, unless an `exclude` term also matches. Terms are compared after the same
# tokenising and lemmatising as the word counts ("community" matches "communities");
# a "prefix*" matches every word starting so; a "two words" phrase matches them in a row.
# See `replyscope codebook init` for a full example with every kind of term.
#
# Check your edits with:  replyscope codebook check THIS_FILE
version = 1
"""


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML ones."""
    return json.dumps(str(text), ensure_ascii=False)


def draft_terms(proposed: ProposedThemes, theme: str) -> list[str]:
    """The include terms drafted for one proposed theme, most distinctive first."""
    terms = proposed.terms[proposed.terms["theme"] == theme]
    good = terms[(terms["precision"] >= MIN_TERM_PRECISION) & (terms["replies_in_theme"] >= 2)]
    chosen = good["term"].head(MAX_DRAFT_TERMS).tolist()
    return chosen or terms["term"].head(1).tolist()


def draft_codebook_text(proposed: ProposedThemes, typical_in_comments: int = 3) -> str:
    """The draft codebook TOML: the base codebook (if any) followed by the proposed themes."""
    base = (proposed.base_codebook or NEW_CODEBOOK_HEADER).rstrip("\n")
    lines = [base, "", "# " + "-" * 93,
             f"# Themes proposed by `replyscope themes` for the {proposed.searched:,} {proposed.scope} (seed {proposed.seed}).",
             "# Rename them, merge or delete them, and edit their terms; then run `replyscope codebook check`",
             "# and try the codebook with `replyscope analyse FILE --codebook THIS_FILE`.", ""]
    for row in proposed.themes.itertuples(index=False):
        likes = "" if pd.isna(row.likes) else f", {int(row.likes):,} likes"
        lines.append(f"# {row.replies:,} replies ({100 * row.share:.1f}% of the {proposed.scope}){likes}. "
                     f"Distinctive terms: {row.top_terms}.")
        typical = proposed.typical[proposed.typical["theme"] == row.theme]["text"].head(typical_in_comments)
        for text in typical:
            one_line = " ".join(str(text).split())
            lines.append(f"#   e.g. {one_line[:150]}{'…' if len(one_line) > 150 else ''}")
        lines.append(f"[themes.{row.theme}]")
        lines.append(f"label = {_toml_string(row.label[:1].upper() + row.label[1:])}")
        lines.append(f"description = {_toml_string(f'Proposed from {row.replies:,} {proposed.scope}: ' + row.top_terms + '.')}")
        terms = ", ".join(_toml_string(t) for t in draft_terms(proposed, row.theme))
        lines.append(f"include = [{terms}]")
        lines.append("")
    return "\n".join(lines)
