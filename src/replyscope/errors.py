"""The one exception type a user sees.

Every problem the user can fix (a missing file, an unknown column, a bad codebook)
is raised as ReplyscopeError with a message that names the file, the row or column,
and what to do. The CLI prints it as one line and exits non-zero; anything else is
a bug and keeps its traceback.
"""

from pathlib import Path


class ReplyscopeError(Exception):
    """A problem with the user's input or options, explained in one actionable line."""


def read_user_text(path: str | Path, what: str, expected: str, missing: str, fix: str) -> str:
    """The UTF-8 text of a file the user names beside the replies (a codebook, a stopword list).

    A folder, FIFO or device is refused before opening (reading would fail or block for ever);
    a missing or unreadable file becomes one line: `expected`, `missing` and `fix` say what to do.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ReplyscopeError(f"{path}: is not a file; give {expected}.")
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReplyscopeError(f"{path}: {what} not found; {missing}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReplyscopeError(f"{path}: cannot read the {what} ({error}); {fix}.") from None
