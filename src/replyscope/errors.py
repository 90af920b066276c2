"""The one exception type a user sees.

Every problem the user can fix (a missing file, an unknown column, a bad codebook)
is raised as ReplyscopeError with a message that names the file, the row or column,
and what to do. The CLI prints it as one line and exits non-zero; anything else is
a bug and keeps its traceback.
"""


class ReplyscopeError(Exception):
    """A problem with the user's input or options, explained in one actionable line."""
