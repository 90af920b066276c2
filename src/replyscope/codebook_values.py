"""Checking what a codebook's author writes: regular expressions safe to run, colours that are colours.

Regex terms run on every reply, so one with nested repeats ("(a+)+$") could try
billions of ways to match a long reply and hang the analysis. They are compiled with
the `regex` package, which matches such simple cases without backtracking and takes a
timeout for the rest; `codebook check` warns about nested repeats before any run.
Colours reach matplotlib, the word cloud and the report's CSS, so only hex colours and
the CSS colour names are accepted, never markup.
"""

import re
import re._parser as sre_parse  # the standard library's own regex parser, to inspect a pattern's structure

import regex

from .errors import ReplyscopeError

# A regex term may spend this long on one reply before the analysis stops and names it.
REGEX_TIMEOUT_SECONDS = 0.5
_HEX_COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", sre_parse.MAX_REPEAT)}


def compile_regex(expression: str, source: str, where: str) -> "regex.Pattern":
    """The codebook regex compiled case-insensitively, or a ReplyscopeError naming it."""
    try:
        return regex.compile(expression, regex.IGNORECASE)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise ReplyscopeError(f"{source}: {where} regex '{expression}' is invalid ({error}).") from None


def catastrophic_repeat(expression: str) -> str | None:
    """The part of `expression` that repeats a repeat ('(a+)+'), which can backtrack for ever; None if none."""
    try:
        parsed = sre_parse.parse(expression)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None  # not a pattern Python's own engine reads; `regex` judged it already
    pending = [(list(parsed), False)]
    while pending:
        items, inside_repeat = pending.pop()
        for op, argument in items:
            if op in _REPEATS:
                low, high, body = argument
                unbounded = high == sre_parse.MAXREPEAT or high > 16
                if inside_repeat and unbounded:
                    return "a repeated group that itself repeats (like (a+)+ or (a*)*)"
                pending.append((list(body), inside_repeat or unbounded))
            elif op == sre_parse.SUBPATTERN:
                pending.append((list(argument[-1]), inside_repeat))
            elif op == sre_parse.BRANCH:
                # Python's parser factors a shared start out of the choice: (a|aa) is a(?:|a).
                firsts = [repr(branch[0]) if len(branch) else "" for branch in argument[1]]
                if inside_repeat and (len(set(firsts)) < len(firsts) or "" in firsts):
                    return "a repeated choice whose alternatives start alike (like (a|aa)+)"
                pending.extend((list(branch), inside_repeat) for branch in argument[1])
            elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
                pending.append((list(argument[1]), inside_repeat))
            elif op == getattr(sre_parse, "ATOMIC_GROUP", None):
                pending.append((list(argument), inside_repeat))
    return None


def search(pattern: "regex.Pattern", text: str):
    """pattern.search(text), stopped after REGEX_TIMEOUT_SECONDS with TimeoutError."""
    return pattern.search(text, timeout=REGEX_TIMEOUT_SECONDS)


def check_colour(value, source: str, where: str) -> str | None:
    """The theme colour as written, when it is a hex colour or a CSS colour name; else a ReplyscopeError."""
    if value is None:
        return None
    if isinstance(value, str) and _HEX_COLOUR_RE.fullmatch(value.strip()):
        return value.strip()
    if isinstance(value, str) and value.strip().lower() in _css_colour_names():
        return value.strip().lower()
    shown = repr(value) if not isinstance(value, str) else f"'{value[:40]}'"
    raise ReplyscopeError(f"{source}: {where} colour {shown} is not a colour; write a hex colour such as "
                          "'#2e7d32' or a CSS colour name such as 'teal'.")


def _css_colour_names() -> frozenset[str]:
    from matplotlib.colors import CSS4_COLORS  # only when a colour is written as a name
    return frozenset(CSS4_COLORS)
