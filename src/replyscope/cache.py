"""The folder where replyscope keeps what it can always make again, to not make it on every run.

$REPLYSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/replyscope, else ~/.cache/replyscope. It holds the
unpacked language model (langid_cache) and the compiled report templates (reporters/html); nothing
from the replies. Deleting it is always safe. Where it cannot be written, the work is done each run.
"""

import os
from pathlib import Path


def cache_folder() -> Path:
    """Where replyscope keeps files it can always make again."""
    if os.environ.get("REPLYSCOPE_CACHE_DIR"):
        return Path(os.environ["REPLYSCOPE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "replyscope"
