"""replyscope: turn a pile of social-media replies into evidence a policy team can act on.

    import replyscope
    replies = replyscope.load("replies.xlsx")          # the normalised reply table
    analysis = replyscope.analyse(replies)              # words, themes, likes by theme ...
    analysis.theme_likes                                # a DataFrame
    replyscope.write_report(analysis, "outputs/replies", inputs=["replies.xlsx"], title="Replies")
"""

__version__ = "0.1.0"  # before the imports: reporters stamp it on every report

import pandas as pd  # noqa: E402

from .analyses.compare import Comparison, compare, split_by_date
from .analyses.hashtags import HashtagAnalysis, analyse_hashtags
from .analysis import Analysis, analyse
from .codebook import Codebook, load_codebook
from .discover import discover_themes
from .engines import analyse_files
from .coding.evaluate import Evaluation, evaluate
from .coding.review import review
from .coding.reviewed import Review, read_review
from .coding.validity import Validity
from .errors import ReplyscopeError
from .importers import formats, load_replies
from .importers.base import LoadOptions, LoadReport
from .languages import detect_language, detect_languages, read_stopword_file
from .reporters.compare_output import write_comparison
from .privacy import PseudonymKey, pseudonymise_replies
from .reporters.headlines import Headline, headlines
from .reporters.output import write_hashtag_report, write_outputs as write_report
from .reporters.themes_output import write_proposed_themes
from .reporters.review_workbook import write_review_workbook
from .settings import DEFAULTS, Settings


def load(paths, **options) -> pd.DataFrame:
    """Return the normalised reply table read from one or more files.

    Options are those of LoadOptions (format, sheet, text_col, likes_col, author_col,
    date_col, id_col, strict, root, keep_reposts). What was detected and left out is
    in `table.attrs["load_report"]` (a LoadReport); `load_replies` returns it directly.
    """
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
