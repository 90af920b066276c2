"""replyscope: turn a pile of social-media replies into evidence a policy team can act on.

    import replyscope
    replies = replyscope.load("replies.xlsx")          # the normalised reply table
    analysis = replyscope.analyse(replies)              # words, themes, likes by theme ...
    analysis.theme_likes                                # a DataFrame
    replyscope.write_report(analysis, "outputs/replies", inputs=["replies.xlsx"], title="Replies")

Each public name is imported from its module the first time it is used, so `import replyscope`
(and `replyscope --help`) costs milliseconds, not the seconds pandas, networkx and openpyxl take.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.1.0"  # reporters stamp it on every report

# Public name -> (module, name in that module), imported on first use (PEP 562).
_EXPORTS = {
    "Comparison": (".analyses.compare", "Comparison"), "compare": (".analyses.compare", "compare"),
    "split_by_date": (".analyses.compare", "split_by_date"),
    "HashtagAnalysis": (".analyses.hashtags", "HashtagAnalysis"),
    "analyse_hashtags": (".analyses.hashtags", "analyse_hashtags"),
    "Analysis": (".analysis", "Analysis"), "analyse": (".analysis", "analyse"),
    "Codebook": (".codebook", "Codebook"), "load_codebook": (".codebook", "load_codebook"),
    "discover_themes": (".discover", "discover_themes"),
    "analyse_files": (".engines", "analyse_files"),
    "Evaluation": (".coding.evaluate", "Evaluation"), "evaluate": (".coding.evaluate", "evaluate"),
    "review": (".coding.review", "review"),
    "Review": (".coding.reviewed", "Review"), "read_review": (".coding.reviewed", "read_review"),
    "Validity": (".coding.validity", "Validity"),
    "ReplyscopeError": (".errors", "ReplyscopeError"),
    "formats": (".importers", "formats"), "load_replies": (".importers", "load_replies"),
    "LoadOptions": (".importers.base", "LoadOptions"), "LoadReport": (".importers.base", "LoadReport"),
    "detect_language": (".languages", "detect_language"), "detect_languages": (".languages", "detect_languages"),
    "read_stopword_file": (".languages", "read_stopword_file"),
    "write_comparison": (".reporters.compare_output", "write_comparison"),
    "PseudonymKey": (".privacy", "PseudonymKey"), "pseudonymise_replies": (".privacy", "pseudonymise_replies"),
    "Headline": (".reporters.headlines", "Headline"), "headlines": (".reporters.headlines", "headlines"),
    "write_hashtag_report": (".reporters.output", "write_hashtag_report"),
    "write_report": (".reporters.output", "write_outputs"),
    "write_proposed_themes": (".reporters.themes_output", "write_proposed_themes"),
    "write_review_workbook": (".reporters.review_workbook", "write_review_workbook"),
    "DEFAULTS": (".settings", "DEFAULTS"), "Settings": (".settings", "Settings"),
}


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'replyscope' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(module, __name__), attribute)
    globals()[name] = value  # imported once; later look-ups do not come back here
    return value


def __dir__():
    return sorted({*globals(), *_EXPORTS})


def load(paths, **options) -> "pd.DataFrame":
    """Return the normalised reply table read from one or more files.

    Options are those of LoadOptions (format, sheet, text_col, likes_col, author_col,
    date_col, id_col, strict, root, keep_reposts). What was detected and left out is
    in `table.attrs["load_report"]` (a LoadReport); `load_replies` returns it directly.
    """
    from .importers import load_replies
    from .importers.base import LoadOptions

    table, report = load_replies(paths, LoadOptions(**options))
    table.attrs["load_report"] = report
    return table


__all__ = ["load", "load_replies", "analyse", "Analysis", "analyse_hashtags", "HashtagAnalysis", "write_report",
           "write_hashtag_report", "Codebook", "load_codebook", "formats", "LoadOptions", "LoadReport",
           "ReplyscopeError", "Settings", "DEFAULTS", "detect_language", "detect_languages", "read_stopword_file",
           "compare", "Comparison", "split_by_date", "write_comparison", "discover_themes", "write_proposed_themes",
           "headlines", "Headline", "pseudonymise_replies", "PseudonymKey",
           "review", "write_review_workbook", "read_review", "Review",
           "evaluate", "Evaluation", "Validity", "analyse_files"]
